//! What changed between two versions of a framework: each added, removed or changed
//! area, competency and anchor, with the old and new text side by side.

use crate::components::by_id::show_loaded;
use crate::components::signed_in::SignedIn;
use crate::rubric::sfn::compare_framework_versions;
use domain::rubric::diff::{Change, ChangeKind, ChangeScope};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_json::Value;
use uuid::Uuid;

#[component]
pub fn FrameworkDiffPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
        let n = |k: &str| query.with(|q| q.get(k).and_then(|s| s.parse::<i32>().ok()));
        (id, n("from"), n("to"))
    };
    let diff = Resource::new(key, |(id, from, to)| async move {
        match (id, from, to) {
            (Some(id), Some(from), Some(to)) => compare_framework_versions(id, from, to).await.map(Some),
            _ => Ok(None),
        }
    });
    view! {
        <Title text="Changes" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || diff.get().map(|r| show_loaded(r, |d| {
                    let id = key().0.unwrap_or_default();
                    let count = d.changes.len();
                    view! {
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href="/frameworks">"Frameworks"</a>" / "
                            <a href=format!("/frameworks/{id}?version={}", d.to)>"Framework"</a>" / Changes"
                        </nav>
                        <div class="page-head">
                            <h1>{format!("Changes from version {} to {}", d.from, d.to)}</h1>
                            <p class="lede">{match count {
                                0 => "The two versions are the same.".to_string(),
                                1 => "One change.".to_string(),
                                n => format!("{n} changes."),
                            }}</p>
                        </div>
                        <ul class="diff">
                            {d.changes.into_iter().map(|c| view! { <ChangeItem c=c /> }).collect_view()}
                        </ul>
                    }.into_any()
                }))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

#[component]
fn ChangeItem(c: Change) -> AnyView {
    let (badge, class) = match c.kind {
        ChangeKind::Added => ("Added", "badge badge-success"),
        ChangeKind::Removed => ("Removed", "badge badge-danger"),
        ChangeKind::Changed => ("Changed", "badge"),
    };
    let show_sides = c.before.is_some() || c.after.is_some();
    let anchor = c.scope == ChangeScope::Anchor;
    view! {
        <li class="diff-item">
            <p><span class=class>{badge}</span>" "<strong>{c.label}</strong></p>
            {show_sides.then(|| view! {
                <div class="diff-sides">
                    <div class="diff-before">
                        <h3>"Before"</h3>
                        {render(c.before.as_ref(), anchor)}
                    </div>
                    <div class="diff-after">
                        <h3>"After"</h3>
                        {render(c.after.as_ref(), anchor)}
                    </div>
                </div>
            })}
        </li>
    }
    .into_any()
}

fn render(value: Option<&Value>, anchor: bool) -> AnyView {
    let Some(value) = value else { return view! { <p class="muted">"(none)"</p> }.into_any() };
    let list = |v: &Value| -> Vec<String> {
        v.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
    };
    if anchor {
        let signals = list(&value["signals"]);
        let examples = list(&value["examples"]);
        return view! {
            <p>{value["summary"].as_str().unwrap_or_default().to_string()}</p>
            {(!signals.is_empty()).then(|| view! { <ul>{signals.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> })}
            {(!examples.is_empty()).then(|| view! {
                <p class="muted">"Examples:"</p>
                <ul>{examples.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            })}
        }
        .into_any();
    }
    match value {
        Value::String(s) if s.is_empty() => view! { <p class="muted">"(empty)"</p> }.into_any(),
        Value::String(s) => view! { <p>{s.clone()}</p> }.into_any(),
        Value::Array(_) => view! { <p>{list(value).join(", ")}</p> }.into_any(),
        other => view! { <p>{other.to_string()}</p> }.into_any(),
    }
}
