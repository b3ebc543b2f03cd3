//! Importing a framework file (HR): our JSON or YAML export, Monzo-style Markdown with
//! YAML front matter, or snowflake-style tracks. Check it first: the preview shows what
//! would be created and every note on what could not be carried over as it was; then
//! import it as a new framework's first draft.

use crate::components::errors::ErrorSummary;
use crate::components::gate::Gate;
use crate::error::UiError;
use crate::rubric::sfn::{FrameworkImportAnswer, ImportFramework};
use domain::pages::Gated;
use domain::rubric::dto::ImportPreview;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FrameworkImportPage() -> AnyView {
    view! {
        <Gate page=Gated::RubricEditing>
            <Title text="Import a framework" />
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/frameworks">"Frameworks"</a>" / Import"</nav>
            <div class="page-head">
                <h1>"Import a framework"</h1>
                <p class="lede">"Bring in a framework kept in git or written for another tool. It becomes a draft you can review and finish before publishing."</p>
            </div>
            <details class="card">
                <summary>"Which files work"</summary>
                <ul>
                    <li><strong>"Hatrack JSON or YAML"</strong>": what a framework's Export link gives. Importing an export and exporting it again gives the same file."</li>
                    <li><strong>"Markdown ladders"</strong>" with YAML front matter: "<code>"title"</code>", "<code>"levels"</code>" and "<code>"topics"</code>", each topic with "<code>"content"</code>" per level listing "<code>"criteria"</code>" (the first is the level's summary) and optionally "<code>"exampleCriteria"</code>" (more criteria, each with its "<code>"examples"</code>"). Each topic becomes a competency. Levels numbered from 0, or more levels than "<code>"levels"</code>" says, are read with a note; a topic that starts above level 1 says \"Not expected at this level.\" below it. A topic without a title takes its title and criteria from the folder's shared "<code>"generic.md"</code>": choose both files (the API also takes the folder as a zip)."</li>
                    <li><strong>"Track files"</strong>": "<code>"tracks"</code>" with a "<code>"displayName"</code>", "<code>"category"</code>" and "<code>"milestones"</code>" (summary, signals, examples), as JSON, YAML, or the JavaScript file such ladders are published as (its "<code>"tracks"</code>" object is read as data; nothing in it is run). Categories become areas."</li>
                </ul>
                <p>"Anything the import cannot carry over as it is (an unknown key, a level a topic skips) is listed in the check result; nothing is dropped without a note. A file without a title asks you for a name."</p>
            </details>
            <FrameworkImport />
        </Gate>
    }
    .into_any()
}

/// The check and import forms with the preview: an island, the part of the page that runs
/// in the browser.
#[island]
fn FrameworkImport() -> impl IntoView {
    let check = ServerAction::<ImportFramework>::new();
    let import = ServerAction::<ImportFramework>::new();
    let text = RwSignal::new(String::new());
    let format = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(String::new());
    // Only the exact text (and name, and shared file) of a clean check may be imported.
    let checked = RwSignal::new(None::<(String, String, String, String)>);
    Effect::new(move |_| {
        if let Some(Ok(FrameworkImportAnswer { preview: Some(p), .. })) = check.value().get() {
            checked.set(
                p.problems.is_empty().then(|| {
                    (text.get_untracked(), format.get_untracked(), name.get_untracked(), shared.get_untracked())
                }),
            );
        }
    });
    let answer = move || import.value().get().or_else(|| check.value().get());
    let error = Signal::derive(move || match answer() {
        Some(Ok(FrameworkImportAnswer { problem: Some(p), .. })) => Some(UiError(p)),
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let ready = move || {
        checked
            .get()
            .is_some_and(|(t, f, n, s)| t == text.get() && f == format.get() && n == name.get() && s == shared.get())
    };
    view! {
        <ErrorSummary error />
        <ActionForm action=check attr:class="form wide" attr:novalidate=true>
            <input type="hidden" name="mode" value="check" />
            <div class="field">
                <label for="fw-file">"File"</label>
                <p class="hint">"Choosing a file puts its text in the box below. For a Markdown ladder, choose it together with its folder's generic.md."</p>
                <input id="fw-file" type="file" multiple=true accept=".json,.yaml,.yml,.md,.markdown,.js,.ts,text/markdown,application/json,text/javascript"
                    on:change=move |ev| crate::components::file_text::read_files_into(ev, text, Some((domain::rubric::SHARED_LADDER_FILE, shared))) />
            </div>
            <div class="field" id="file">
                <label for="fw-text">"Text"</label>
                <textarea id="fw-text" name="text" rows="12" spellcheck="false" class="code"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field" id="format">
                <label for="fw-format">"Format"</label>
                <select id="fw-format" name="format" on:change=move |ev| format.set(event_target_value(&ev))>
                    <option value="">"Recognise it"</option>
                    <option value="json">"Hatrack JSON"</option>
                    <option value="yaml">"Hatrack YAML"</option>
                    <option value="monzo">"Markdown ladder"</option>
                    <option value="snowflake">"Track file"</option>
                </select>
            </div>
            <details class="field" id="shared" open=move || !shared.get().is_empty()>
                <summary>"Shared topics (generic.md), for a Markdown ladder"</summary>
                <p class="hint">"A topic without a title takes its title and criteria from the topic of the same name here."</p>
                <label for="fw-shared">"Contents of generic.md"</label>
                <textarea id="fw-shared" name="shared" rows="6" spellcheck="false" class="code"
                    prop:value=move || shared.get() on:input=move |ev| shared.set(event_target_value(&ev))></textarea>
            </details>
            <div class="field" id="name">
                <label for="fw-name">"Name (optional)"</label>
                <p class="hint">"Leave empty to keep the name in the file; the check says when a framework of that name exists, or when the file has no name."</p>
                <input id="fw-name" name="name" maxlength="120" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button" disabled=move || check.pending().get() || import.pending().get()>"Check the file"</button>
        </ActionForm>
        {move || match import.value().get() {
            Some(Ok(FrameworkImportAnswer { preview: Some(p), .. })) if !p.dry_run => view! {
                <div class="notice notice-success" role="status" id="import-done">
                    <h2>"Imported"</h2>
                    <p>{format!("\"{}\" is now a draft with {} competencies.", p.document.name, p.competencies)}</p>
                    <p><a href=format!("/frameworks/{}/draft", p.framework_id.unwrap_or_default())>"Open the draft"</a></p>
                </div>
            }.into_any(),
            _ => match check.value().get() {
                Some(Ok(FrameworkImportAnswer { preview: Some(p), .. })) => view! {
                    <PreviewView p=p />
                    <Show when=ready>
                        <ActionForm action=import attr:class="form">
                            <input type="hidden" name="mode" value="import" />
                            <input type="hidden" name="text" value=move || checked.get().map(|c| c.0).unwrap_or_default() />
                            <input type="hidden" name="format" value=move || checked.get().map(|c| c.1).unwrap_or_default() />
                            <input type="hidden" name="name" value=move || checked.get().map(|c| c.2).unwrap_or_default() />
                            <input type="hidden" name="shared" value=move || checked.get().map(|c| c.3).unwrap_or_default() />
                            <button type="submit" class="button" disabled=move || import.pending().get()>"Import as a draft"</button>
                        </ActionForm>
                    </Show>
                }.into_any(),
                _ => ().into_any(),
            },
        }}
    }
}

#[component]
fn PreviewView(p: ImportPreview) -> AnyView {
    let clean = p.problems.is_empty();
    view! {
        <section class="report" aria-labelledby="preview-title">
            <h2 id="preview-title">{format!("Preview: {}", p.document.name)}</h2>
            <p class=if clean { "notice notice-success" } else { "notice notice-error" } role="status">
                {format!(
                    "Read as {}: {}, {}, {} written{}.",
                    format_name(&p.format), plural(p.areas, "area"), plural(p.competencies, "competency"), plural(p.anchors, "anchor"),
                    if p.empty_anchors > 0 { format!(", {} to write before publishing", p.empty_anchors) } else { String::new() },
                )}
                {(!clean).then_some(" It has problems to fix first; nothing has been written.")}
            </p>
            {(!clean).then(|| view! {
                <h3>"Problems"</h3>
                <ul class="problems">{p.problems.iter().map(|(k, v)| view! { <li><code>{k.clone()}</code>": "{v.clone()}</li> }).collect_view()}</ul>
            })}
            {(!p.notes.is_empty()).then(|| view! {
                <h3>{format!("Notes ({})", p.notes.len())}</h3>
                <ul class="import-notes">{p.notes.iter().map(|n| view! { <li><strong>{n.place.clone()}</strong>": "{n.message.clone()}</li> }).collect_view()}</ul>
            })}
            <h3>"What it holds"</h3>
            <ul class="outline">
                {p.document.areas.iter().map(|a| view! {
                    <li>{a.name.clone()}
                        <ul>{a.competencies.iter().map(|c| {
                            let written = c.levels.iter().filter(|l| !l.is_empty()).count();
                            view! { <li>{c.name.clone()}<span class="muted">{format!(" · {written} of {} anchors", p.document.level_count)}</span></li> }
                        }).collect_view()}</ul>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

fn format_name(format: &str) -> &'static str {
    match format {
        "json" => "Hatrack JSON",
        "yaml" => "Hatrack YAML",
        "monzo" => "a Markdown ladder",
        "snowflake" => "a track file",
        _ => "an unknown format",
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}
