//! A framework version, read-only: areas, their competencies, and each level's anchor
//! (summary always visible; signals and examples folded).

use domain::rubric::{CompetencyDoc, FrameworkDoc};
use leptos::prelude::*;

#[component]
pub fn FrameworkDocView(doc: FrameworkDoc) -> AnyView {
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
                    {(!area.description.is_empty()).then(|| view! { <p class="lede">{area.description}</p> })}
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
            {(!competency.description.is_empty()).then(|| view! { <p>{competency.description}</p> })}
            <ol class="anchors">
                {competency.levels.into_iter().map(|l| {
                    let has_more = !l.signals.is_empty() || !l.examples.is_empty();
                    view! {
                        <li class="anchor" value=l.level.to_string()>
                            <span class="anchor-level">{level_label(l.level)}</span>
                            <p class="anchor-summary">{if l.summary.is_empty() { "(No anchor written yet)".to_string() } else { l.summary }}</p>
                            {has_more.then(|| view! {
                                <details>
                                    <summary>"Signals and examples"</summary>
                                    {(!l.signals.is_empty()).then(|| view! {
                                        <h4>"What you would see"</h4>
                                        <ul>{l.signals.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                    })}
                                    {(!l.examples.is_empty()).then(|| view! {
                                        <h4>"Examples"</h4>
                                        <ul>{l.examples.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                    })}
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
    }
    .into_any()
}
