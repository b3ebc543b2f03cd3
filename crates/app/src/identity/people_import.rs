//! Admins import people and teams from a CSV file: check it first (every row's problems,
//! nothing written), then import it in one go. The CSV can be pasted or, with
//! JavaScript, read from a chosen file into the same box.

use crate::components::errors::ErrorSummary;
use crate::components::gate::Gate;
use crate::error::UiError;
use crate::identity::sfn::{ImportAnswer, ImportPeople};
use domain::pages::Gated;
use domain::people_import::{COLUMNS, ImportAction, PeopleImportReport};
use leptos::prelude::*;
use leptos_meta::Title;

const EXAMPLE: &str = "name,email,job_title,manager_email,teams,roles\n\
Ada Park,ada.park@example.org,Network Engineer,lead@example.org,Infrastructure,member\n";

#[component]
pub fn PeopleImportPage() -> impl IntoView {
    view! {
        <Gate page=Gated::PeopleAdmin>
            <Title text="Import people" />
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/people">"People"</a>" / Import"</nav>
            <div class="page-head">
                <h1>"Import people"</h1>
                <p class="lede">"Add or update people and teams from a CSV file. Check it first: nothing is written until every row is right, and then all rows are written together."</p>
            </div>
            <details class="card">
                <summary>"What the file looks like"</summary>
                <p>"The first row names the columns. "<code>"name"</code>" and "<code>"email"</code>" are required; the others are optional: "
                    {COLUMNS.iter().skip(2).map(|c| view! { <code>{*c}</code>" " }).collect_view()}</p>
                <ul>
                    <li>"People are matched by email. New people are invited (they set a password through their invitation); existing people get the values of the columns in the file. A column left out of the file changes nothing."</li>
                    <li>"Teams and roles are lists separated by "<code>";"</code>". A team that does not exist yet is created, unless its name is one slip from an existing team's (\"Infrastucture\"): the check then asks whether you meant that team. Roles: admin, hr, manager, member."</li>
                    <li>"The manager is given by email and may be someone earlier or later in the same file."</li>
                    <li>"Status: "<code>"deactivated"</code>" deactivates the person (or records someone who has left); "<code>"active"</code>" or "<code>"invited"</code>" lets a deactivated person sign in again. Whether someone has accepted their invitation is theirs to do, so "<code>"active"</code>" on someone invited changes nothing."</li>
                </ul>
                <p>"The "<a href="/api/v1/people/export.csv" download="people.csv" rel="external">"directory export"</a>" has these columns: edit it and import it back."</p>
                <pre class="code">{EXAMPLE}</pre>
            </details>
            <PeopleImport />
        </Gate>
    }
}

/// The check and import forms with their progress and report: an island, the part of the
/// page that runs in the browser.
#[island]
fn PeopleImport() -> impl IntoView {
    let check = ServerAction::<ImportPeople>::new();
    let import = ServerAction::<ImportPeople>::new();
    let csv = RwSignal::new(String::new());
    // The text the last clean check was run on: only that text may be imported.
    let checked = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(ImportAnswer { report: Some(r), .. })) = check.value().get() {
            let clean = r.rows_with_problems == 0;
            checked.set(clean.then(|| csv.get_untracked()));
        }
    });
    let answer = move || import.value().get().or_else(|| check.value().get());
    let error = Signal::derive(move || match answer() {
        Some(Ok(ImportAnswer { problem: Some(p), .. })) => Some(UiError(p)),
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let rows_in_box = move || csv.with(|t| t.lines().skip(1).filter(|l| !l.trim().is_empty()).count());
    view! {
        <ErrorSummary error />
        <ActionForm action=check attr:class="form wide" attr:novalidate=true>
            <input type="hidden" name="mode" value="check" />
            <div class="field">
                <label for="csv-file">"CSV file"</label>
                <p class="hint">"Choosing a file puts its text in the box below."</p>
                <input id="csv-file" type="file" accept=".csv,text/csv" on:change=move |ev| crate::components::file_text::read_into(ev, csv) />
            </div>
            <div class="field">
                <label for="csv">"CSV text"</label>
                <textarea id="csv" name="csv" rows="10" spellcheck="false" class="code"
                    prop:value=move || csv.get()
                    on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button" disabled=move || check.pending().get() || import.pending().get()>"Check the file"</button>
        </ActionForm>
        <Show when=move || check.pending().get() || import.pending().get()>
            <div class="progress" role="status">
                <progress></progress>
                <span>{move || if import.pending().get() {
                    format!("Importing {} rows in one transaction…", rows_in_box())
                } else {
                    format!("Checking {} rows…", rows_in_box())
                }}</span>
            </div>
        </Show>
        {move || match import.value().get() {
            Some(Ok(ImportAnswer { report: Some(r), .. })) if r.applied => view! {
                <div class="notice notice-success" role="status" id="import-done">
                    <h2>"Imported"</h2>
                    <p>{summary(&r)}</p>
                    <p><a href="/people">"Go to the directory"</a></p>
                </div>
            }.into_any(),
            _ => match check.value().get() {
                Some(Ok(ImportAnswer { report: Some(r), .. })) => { let n = r.rows.len(); view! {
                    <ReportView report=r />
                    <Show when=move || checked.get().is_some_and(|t| t == csv.get())>
                        <ActionForm action=import attr:class="form">
                            <input type="hidden" name="mode" value="import" />
                            <input type="hidden" name="csv" value=move || checked.get().unwrap_or_default() />
                            <button type="submit" class="button" disabled=move || import.pending().get()>
                                {format!("Import {n} rows")}
                            </button>
                        </ActionForm>
                    </Show>
                    <Show when=move || checked.get().is_some_and(|t| t != csv.get())>
                        <p class="hint">"The text changed since the check: check it again to import it."</p>
                    </Show>
                }.into_any() }
                _ => ().into_any(),
            },
        }}
    }
}

fn summary(r: &PeopleImportReport) -> String {
    let mut parts =
        vec![format!("{} new", r.created), format!("{} updated", r.updated), format!("{} unchanged", r.unchanged)];
    if !r.new_teams.is_empty() {
        parts.push(format!("new teams: {}", r.new_teams.join(", ")));
    }
    parts.join(" · ")
}

#[component]
fn ReportView(report: PeopleImportReport) -> impl IntoView {
    let problems = report.rows_with_problems;
    let lines: Vec<String> =
        report.rows.iter().filter(|r| !r.problems.is_empty()).take(20).map(|r| r.line.to_string()).collect();
    view! {
        <section aria-labelledby="report-title" class="report">
            <h2 id="report-title">"Check result"</h2>
            {if problems == 0 {
                view! { <p class="notice notice-success" role="status">{format!("Every row is ready. {}.", summary(&report))}</p> }.into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{format!(
                    "{problems} of {} rows have problems (lines {}{}). Fix them in the file and check again; nothing has been written.",
                    report.rows.len(), lines.join(", "), if problems > 20 { ", …" } else { "" })}</p> }.into_any()
            }}
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col" class="num">"Line"</th>
                        <th scope="col">"Person"</th>
                        <th scope="col">"Result"</th>
                        <th scope="col">"Details"</th>
                    </tr></thead>
                    <tbody>
                        {report.rows.into_iter().map(|r| {
                            let bad = !r.problems.is_empty();
                            let (label, class) = match r.action {
                                _ if bad => ("Problem", "badge badge-danger"),
                                Some(ImportAction::Create) => ("New", "badge"),
                                Some(ImportAction::Update) => ("Update", "badge"),
                                Some(ImportAction::Unchanged) | None => ("Unchanged", "badge badge-muted"),
                            };
                            view! {
                                <tr class:row-problem=bad>
                                    <td class="num">{r.line}</td>
                                    <th scope="row">{r.name}<div class="sub">{r.email}</div></th>
                                    <td><span class=class>{label}</span></td>
                                    <td>{if bad {
                                        view! { <ul class="problems">{r.problems.into_iter().map(|(col, p)| view! {
                                            <li><strong>{col}</strong>": "{p}</li>
                                        }).collect_view()}</ul> }.into_any()
                                    } else if !r.changes.is_empty() {
                                        view! { <span>{format!("Changes {}", r.changes.join(", "))}</span> }.into_any()
                                    } else {
                                        ().into_any()
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
