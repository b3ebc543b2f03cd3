//! One framework: a published version's content (the newest unless `?version=N`), its
//! version history with links to each version's changes, and HR's draft actions. Before
//! its first publish a framework opens on its draft (HR only), marked as not published.

use crate::components::admin_only::HrOnly;
use crate::components::by_id::show_loaded;
use crate::components::enhanced_form::EnhancedForm;
use crate::components::markdown::Markdown;
use crate::components::signed_in::SignedIn;
use crate::rubric::framework_doc::FrameworkDocView;
use crate::rubric::sfn::{StartFrameworkDraft, get_framework, get_framework_version};
use domain::rubric::dto::{FrameworkDetail, VersionStatus, VersionSummary};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn FrameworkPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
    let number = move || query.with(|q| q.get("version").and_then(|s| s.parse::<i32>().ok()));
    let loaded = Resource::new(
        move || (id(), number()),
        |(id, number)| async move {
            let Some(id) = id else { return Ok(None) };
            let framework = get_framework(id).await?;
            let version = get_framework_version(id, number).await?;
            Ok(Some((framework, version)))
        },
    );
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, |(framework, version)| {
                    let shown = framework.versions.iter().find(|v| v.number == version.number).cloned();
                    let fid = framework.summary.id;
                    let number = version.number;
                    let for_actions = framework.clone();
                    view! {
                        <Title text=framework.summary.name.clone() />
                        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/frameworks">"Frameworks"</a>" / "{framework.summary.name.clone()}</nav>
                        <div class="page-head">
                            <HrOnly><DraftActions framework=for_actions.clone() /></HrOnly>
                            <h1>{version.document.name.clone()}</h1>
                            <Markdown text=version.document.description.clone() first_heading=2 class="lede" />
                            {shown.filter(|v| v.status == VersionStatus::Published).map(|v| view! { <VersionLine v=v /> })}
                            {(version.status == VersionStatus::Draft).then(|| view! { <DraftLine framework=fid number=number /> })}
                        </div>
                        <div class="with-aside">
                            <div>
                                <FrameworkDocView doc=version.document.clone() />
                            </div>
                            <aside aria-labelledby="history-title" class="aside">
                                <h2 id="history-title">"Versions"</h2>
                                <History framework=framework.clone() shown=number />
                                <h2>"Export"</h2>
                                <p class="link-list">
                                    <a rel="external" download="" href=format!("/api/v1/frameworks/{fid}/export?format=json&version={number}")>"JSON"</a>
                                    " · "
                                    <a rel="external" download="" href=format!("/api/v1/frameworks/{fid}/export?format=yaml&version={number}")>"YAML"</a>
                                </p>
                            </aside>
                        </div>
                    }.into_any()
                }))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

#[component]
fn VersionLine(v: VersionSummary) -> AnyView {
    let when = v.published_at.map(|t| t.format("%-d %B %Y").to_string()).unwrap_or_default();
    let by = v.published_by.map(|p| format!(" by {}", p.name)).unwrap_or_default();
    view! {
        <p class="muted">
            <span class="badge">{format!("Version {}", v.number)}</span>
            {format!(" Published {when}{by}. ")}
            {(!v.change_note.is_empty()).then(|| view! { <span class="change-note">{v.change_note}</span> })}
        </p>
    }
    .into_any()
}

/// The state of a version nobody but HR sees yet, and the way to its editor.
#[component]
fn DraftLine(framework: Uuid, number: i32) -> AnyView {
    view! {
        <p class="notice notice-warn" role="status">
            <strong>"Not published yet."</strong>
            {format!(" You are looking at the draft of version {number}; only HR can see it until it is published. ")}
            <a href=format!("/frameworks/{framework}/draft")>"Edit the draft"</a>
        </p>
    }
    .into_any()
}

#[component]
fn DraftActions(framework: FrameworkDetail) -> AnyView {
    let id = framework.summary.id;
    view! {
        <div class="page-action">
            {match framework.summary.draft_number {
                Some(n) => view! { <a class="button" href=format!("/frameworks/{id}/draft")>{format!("Continue draft (version {n})")}</a> }.into_any(),
                None => view! {
                    <EnhancedForm action=StartFrameworkDraft::url() class="inline-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class="button">"Start a new draft"</button>
                    </EnhancedForm>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn History(framework: FrameworkDetail, shown: i32) -> AnyView {
    let id = framework.summary.id;
    let published: Vec<i32> =
        framework.versions.iter().filter(|v| v.status == VersionStatus::Published).map(|v| v.number).collect();
    view! {
        <ol class="history" reversed>
            {framework.versions.into_iter().map(|v| {
                let previous = published.iter().copied().filter(|n| *n < v.number).max();
                let draft = v.status == VersionStatus::Draft;
                let when = v.published_at.unwrap_or(v.created_at).format("%-d %b %Y").to_string();
                view! {
                    <li class:current=v.number == shown>
                        {if draft {
                            view! { <a href=format!("/frameworks/{id}/draft")>{format!("Version {} (draft)", v.number)}</a> }.into_any()
                        } else {
                            view! { <a href=format!("/frameworks/{id}?version={}", v.number)>{format!("Version {}", v.number)}</a> }.into_any()
                        }}
                        <span class="muted">{format!(" · {when}")}</span>
                        {(!v.change_note.is_empty()).then(|| view! { <p class="change-note">{v.change_note.clone()}</p> })}
                        {previous.map(|p| view! {
                            <a class="small-link" href=format!("/frameworks/{id}/diff?from={p}&to={}", v.number)>{format!("Changes since version {p}")}</a>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
