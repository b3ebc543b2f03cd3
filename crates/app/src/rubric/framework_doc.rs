//! A framework version, read-only: areas, their competencies, and each level's anchor
//! (summary always visible; signals and examples folded). Descriptions are Markdown.

use crate::components::markdown::Markdown;
use domain::rubric::{CompetencyDoc, FrameworkDoc, LevelDoc};
use leptos::prelude::*;

#[component]
pub fn FrameworkDocView(doc: FrameworkDoc) -> AnyView {
    // A new framework's first draft starts empty (the framework page shows it to HR).
    if doc.areas.is_empty() {
        return view! { <div class="empty"><p>"No areas or competencies yet."</p></div> }.into_any();
    }
    let names = doc.level_names.clone();
    let level_label = move |level: i32| match usize::try_from(level - 1).ok().and_then(|i| names.get(i)) {
        Some(n) if !n.is_empty() => format!("{level} · {n}"),
        _ => format!("Level {level}"),
    };
    view! {
        <nav class="toc" aria-label="Areas">
            <ul>
                {doc.areas.iter().map(|a| view! { <li><a href=format!("#area-{}", a.slug)>{a.name.clone()}</a></li> }).collect_view()}
            </ul>
        </nav>
        {doc.areas.into_iter().map(|area| {
            let level_label = level_label.clone();
            view! {
                <section class="rubric-area" id=format!("area-{}", area.slug) aria-labelledby=format!("area-{}-title", area.slug)>
                    <h2 id=format!("area-{}-title", area.slug)>{area.name}</h2>
                    {(!area.description.is_empty()).then(|| view! { <Markdown text=area.description first_heading=3 class="lede" /> })}
                    {area.competencies.into_iter().map(|c| view! { <CompetencyCard competency=c level_label=level_label.clone() /> }).collect_view()}
                </section>
            }
            .into_any()
        }).collect_view()}
    }
    .into_any()
}

#[component]
fn CompetencyCard(
    competency: CompetencyDoc,
    level_label: impl Fn(i32) -> String + Clone + Send + 'static,
) -> impl IntoView {
    view! {
        <article class="card competency" id=competency.slug.clone()>
            <h3>{competency.name}</h3>
            {(!competency.description.is_empty()).then(|| view! { <Markdown text=competency.description first_heading=4 /> })}
            <ol class="anchors">
                {competency.levels.into_iter().map(|l| anchor_item(l, &level_label)).collect_view()}
            </ol>
        </article>
    }
    .into_any()
}

/// One level's anchor. (Separate functions with erased types keep the view types shallow
/// enough for the compiler's layout computation of the hydrating build.)
fn anchor_item(l: LevelDoc, level_label: &impl Fn(i32) -> String) -> AnyView {
    let label = level_label(l.level);
    let summary = if l.summary.is_empty() { "(No anchor written yet)".to_string() } else { l.summary };
    let more = (!l.signals.is_empty() || !l.examples.is_empty()).then(|| anchor_details(l.signals, l.examples));
    view! {
        <li class="anchor" value=l.level.to_string()>
            <span class="anchor-level">{label}</span>
            <p class="anchor-summary">{summary}</p>
            {more}
        </li>
    }
    .into_any()
}

fn anchor_details(signals: Vec<String>, examples: Vec<String>) -> AnyView {
    let list = |items: Vec<String>| {
        view! { <ul>{items.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
    };
    let signals = (!signals.is_empty()).then(|| view! { <h4>"What you would see"</h4>{list(signals)} });
    let examples = (!examples.is_empty()).then(|| view! { <h4>"Examples"</h4>{list(examples)} });
    view! {
        <details>
            <summary>"Signals and examples"</summary>
            {signals}
            {examples}
        </details>
    }
    .into_any()
}
