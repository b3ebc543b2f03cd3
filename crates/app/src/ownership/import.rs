//! Importing ownership data from CSV: the component catalog, dependencies or the matrix.
//! Check the file first (every problem by line, nothing written), then import it in one
//! go. Each file can be downloaded in the same shape, edited and imported back.

use crate::components::errors::ErrorSummary;
use crate::components::signed_in::SignedIn;
use crate::error::UiError;
use crate::ownership::sfn::{ImportOwnership, OwnImportAnswer};
use domain::ownership::import::{ImportReport, OwnershipFile};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OwnershipImportPage() -> impl IntoView {
    view! {
        <Title text="Import ownership data" />
        <SignedIn>
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/ownership">"Ownership matrix"</a>" / Import"</nav>
            <div class="page-head">
                <h1>"Import ownership data"</h1>
                <p class="lede">"Bring in the component catalog, dependencies or matrix rows from a CSV file. Check it first: nothing is written until every line is right, and then everything is written together."</p>
            </div>
            <details class="card">
                <summary>"What the files look like"</summary>
                <ul>
                    {OwnershipFile::ALL.into_iter().map(|f| view! {
                        <li><strong>{f.as_str()}</strong>": "<code>{f.columns().join(",")}</code>" · "
                            <a href=format!("/api/v1/ownership/export?what={}", f.as_str()) download=f.file_name() rel="external">"download the current one"</a></li>
                    }).collect_view()}
                </ul>
                <p>"Components are matched by name. Dependencies are added or updated (removing one is done on the component's page). In the matrix file, one line per letter: every row the file names is replaced by the letters given and must keep the rules (one A, a person; at least one R). Admins import anything; someone accountable for a component may import its rows."</p>
            </details>
            // only admins import components and dependencies (policy::require_ownership_importer)
            <OwnershipImport admin=crate::components::admin_only::is_admin() />
        </SignedIn>
    }
}

/// The check and import forms with the report: an island, the part of the page that runs
/// in the browser.
#[island]
fn OwnershipImport(admin: bool) -> impl IntoView {
    let check = ServerAction::<ImportOwnership>::new();
    let import = ServerAction::<ImportOwnership>::new();
    let csv = RwSignal::new(String::new());
    let what = RwSignal::new("matrix".to_string());
    let gaps = RwSignal::new(false);
    // The (file kind, text, gaps allowed) the last clean check was run on: only that may
    // be imported.
    let checked = RwSignal::new(None::<(String, String, bool)>);
    Effect::new(move |_| {
        if let Some(Ok(OwnImportAnswer { report: Some(r), .. })) = check.value().get() {
            checked
                .set(r.problems.is_empty().then(|| (what.get_untracked(), csv.get_untracked(), gaps.get_untracked())));
        }
    });
    let answer = move || import.value().get().or_else(|| check.value().get());
    let error = Signal::derive(move || match answer() {
        Some(Ok(OwnImportAnswer { problem: Some(p), .. })) => Some(UiError(p)),
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let current = move || Some((what.get(), csv.get(), gaps.get()));
    view! {
        <ErrorSummary error />
        <ActionForm action=check attr:class="form wide" attr:novalidate=true>
            <input type="hidden" name="mode" value="check" />
            <div class="field">
                <label for="what">"File"</label>
                <select id="what" name="what" on:change=move |ev| what.set(event_target_value(&ev))>
                    <option value="matrix" selected=true>"Matrix (letters per row)"</option>
                    {admin.then(|| view! {
                        <option value="components">"Components"</option>
                        <option value="dependencies">"Dependencies"</option>
                    })}
                </select>
            </div>
            <div class="field">
                <label for="csv-file">"CSV file"</label>
                <input id="csv-file" type="file" accept=".csv,text/csv" on:change=move |ev| crate::components::file_text::read_into(ev, csv) />
            </div>
            <div class="field">
                <label for="csv">"CSV text"</label>
                <textarea id="csv" name="csv" rows="10" spellcheck="false" class="code"
                    prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field" hidden=move || what.get() != "matrix">
                <label class="check">
                    <input type="checkbox" name="allow_gaps" value="true" prop:checked=move || gaps.get()
                        on:change=move |ev| gaps.set(event_target_checked(&ev)) />
                    " Bring rows that break a rule over as gaps to fix"
                </label>
                <p class="hint">"For a matrix exported from another installation: such rows are imported and listed under Gaps, instead of stopping the import. Everyone the file names must already be here."</p>
            </div>
            <button type="submit" class="button" disabled=move || check.pending().get() || import.pending().get()>"Check the file"</button>
        </ActionForm>
        {move || match import.value().get() {
            Some(Ok(OwnImportAnswer { report: Some(r), .. })) => view! {
                <div class="notice notice-success" role="status">
                    <h2>"Imported"</h2>
                    <p>{summary(&r)}</p>
                    <p><a href="/ownership">"Back to the matrix"</a></p>
                </div>
            }.into_any(),
            _ => match check.value().get() {
                Some(Ok(OwnImportAnswer { report: Some(r), .. })) => view! {
                    {report(&r)}
                    <Show when=move || checked.get().is_some() && checked.get() == current()>
                        <ActionForm action=import attr:class="form">
                            <input type="hidden" name="mode" value="import" />
                            <input type="hidden" name="what" value=move || checked.get().map(|c| c.0).unwrap_or_default() />
                            <input type="hidden" name="csv" value=move || checked.get().map(|c| c.1).unwrap_or_default() />
                            {move || checked.get().is_some_and(|c| c.2).then(|| view! { <input type="hidden" name="allow_gaps" value="true" /> })}
                            <button type="submit" class="button" disabled=move || import.pending().get()>{format!("Import {} lines", r.lines)}</button>
                        </ActionForm>
                    </Show>
                }.into_any(),
                _ => ().into_any(),
            },
        }}
    }
}

fn summary(r: &ImportReport) -> String {
    format!("{} lines: {} new, {} updated, {} unchanged.", r.lines, r.created, r.updated, r.unchanged)
}

fn report(r: &ImportReport) -> AnyView {
    let list = |items: &[domain::ownership::import::ImportProblem]| {
        items.iter().map(|p| view! { <li><strong>{p.key()}</strong>": "{p.message.clone()}</li> }).collect_view()
    };
    view! {
        <section class="report" aria-labelledby="check-title">
            <h2 id="check-title">"Check result"</h2>
            {if r.problems.is_empty() {
                view! { <p class="notice notice-success" role="status">{format!("Ready to import. {}", summary(r))}</p> }.into_any()
            } else {
                view! {
                    <div class="notice notice-error" role="alert">
                        <p>{format!("{} problems; nothing has been written. Fix them in the file and check again.", r.problems.len())}</p>
                        <ul class="problems">{list(&r.problems)}</ul>
                    </div>
                }.into_any()
            }}
            {(!r.notes.is_empty()).then(|| view! {
                <div class="notice notice-warn"><p>"Rows that break a rule (the gaps report lists them, to fix after the import):"</p><ul class="problems">{list(&r.notes)}</ul></div>
            })}
        </section>
    }
    .into_any()
}
