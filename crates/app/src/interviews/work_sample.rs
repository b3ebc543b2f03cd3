//! The candidate's work-sample page (`/work-sample/{token}`): no account, no JavaScript
//! needed. It shows the stage's brief and a plain multipart form; the form posts back to
//! the same address, where the server (`server::work_sample_form`) reads the upload with
//! the API's reader and either sends the browser here again with `?sent=1` (the thanks)
//! or renders this page once more with the problem and the text as typed
//! ([`Attempt`]). A used, expired, withdrawn or unknown link gets a plain explanation
//! with its own status.

use crate::components::errors::ErrorSummary;
use crate::components::raw_text::raw_text;
use crate::error::UiError;
use domain::interviews::work_samples::{Brief, BriefExercise, PAGE_PATH};
use domain::{ApiErrorBody, ErrorCode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A refused post of the form, for the page rendered in answer to it: the problem and the
/// text as typed (files cannot be put back into a file input; the page says so). The
/// server puts it in the request's extensions; the page reads it from there.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub problem: ApiErrorBody,
    pub text: String,
}

/// The brief of a work-sample link (the candidate's page; no account: the token is the
/// credential, throttled per link and per address).
#[server(prefix = "/sfn")]
pub async fn read_work_sample_brief(token: String) -> Result<Brief, UiError> {
    let services = crate::session::services().await?;
    let req = crate::session::request().await?;
    let ip = crate::session::client(&req).ip;
    Ok(service::interviews::work_samples::brief(&services, &token, &ip).await?)
}

/// The refused post this page answers, if it answers one.
fn attempt() -> Option<Attempt> {
    #[cfg(feature = "ssr")]
    {
        use actix_web::HttpMessage;
        let req = use_context::<leptos_actix::Request>()?;
        req.extensions().get::<Attempt>().cloned()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

#[component]
pub fn WorkSamplePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let sent = query.with_untracked(|q| q.get("sent").is_some());
    let attempt = attempt();
    let brief = Resource::new(token, read_work_sample_brief);
    view! {
        <Transition fallback=|| ()>
            {move || {
                let attempt = attempt.clone();
                brief.get().map(|r| match r {
                    Ok(b) => form_page(&token(), b, attempt),
                    Err(e) => refused_page(e, sent),
                })
            }}
        </Transition>
    }
}

fn refused_page(e: UiError, sent: bool) -> AnyView {
    let code = e.0.error;
    let (title, heading, text): (&str, &str, String) = match code {
        // the candidate's own submission just went through: this is the thanks
        ErrorCode::Conflict if sent => (
            "Work sample received",
            "Thank you: your work sample was received",
            "The hiring team will read it and be in touch. You can close this page; the link has done its job.".into(),
        ),
        ErrorCode::Conflict => (
            "Link already used",
            "This link has already been used",
            "A work sample was sent through it, and each link takes one. If you need to send something else, \
             ask the person who sent you the link."
                .into(),
        ),
        ErrorCode::Gone => (
            "Link no longer valid",
            "This link is no longer valid",
            format!(
                "{} Ask the person who sent it to you for a new one.",
                if e.0.message.contains("expired") { "It has expired." } else { "It was withdrawn or replaced." }
            ),
        ),
        ErrorCode::NotFound | ErrorCode::Validation => (
            "Link not found",
            "This link does not work",
            "Check that you copied the whole address from your message: it ends in a long code of letters and \
             digits. If it still does not work, ask the person who sent it for a new one."
                .into(),
        ),
        ErrorCode::RateLimited => ("Try again shortly", "Too many requests", e.0.message.clone()),
        _ => return crate::components::by_id::refusal(e),
    };
    // a malformed code is, as far as the candidate can tell, a link that does not exist
    let status = if code == ErrorCode::Validation { ErrorCode::NotFound } else { code };
    if !(code == ErrorCode::Conflict && sent) {
        crate::error::page_status(status);
    }
    view! {
        <Title text=title />
        <div class="narrow">
            <div class="page-head">
                <h1>{heading}</h1>
                <p class="lede">{text}</p>
            </div>
        </div>
    }
    .into_any()
}

/// 100000 as "100,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text as paragraphs, split at blank lines (escaped by the view like any text).
fn paragraphs(text: &str) -> impl IntoView + use<> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| view! { <p>{p.to_string()}</p> }).collect_view()
}

fn exercise(e: BriefExercise) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{e.title}</h2>
            <p class="hint">{format!("Time box: about {} minutes", e.minutes)}</p>
            {paragraphs(&e.brief)}
            {(!e.materials.trim().is_empty()).then(|| view! {
                <h3>"Materials"</h3>
                {paragraphs(&e.materials)}
            })}
        </section>
    }
}

fn form_page(token: &str, b: Brief, attempt: Option<Attempt>) -> AnyView {
    if let Some(a) = &attempt {
        crate::error::page_status(a.problem.error);
    }
    let problem = attempt.as_ref().map(|a| UiError(a.problem.clone()));
    let field = |name: &str| problem.as_ref().and_then(|p| p.0.fields.get(name).cloned());
    let (text_problem, files_problem) = (field("text"), field("files"));
    // what was typed comes back as it was, less any character no field takes
    let kept: String = attempt
        .map(|a| a.text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect())
        .unwrap_or_default();
    let limits = b.limits.clone();
    let size = |bytes: usize| bytes / (1024 * 1024);
    let files_hint = format!(
        "Up to {} files, each at most {} MB ({} MB in all): {}. A file's name must end in its type (answer.pdf).",
        limits.max_files,
        size(limits.max_file_bytes),
        size(limits.max_total_bytes),
        limits.accepted
    );
    let text_hint = format!("Up to {} characters. You may send text, files or both.", thousands(limits.max_text_chars));
    let expires = b.expires_at.format("%-d %B %Y at %H:%M UTC").to_string();
    let action = format!("{PAGE_PATH}{token}");
    let exercises = b.exercises.into_iter().map(exercise).collect_view();
    view! {
        <Title text=b.stage.clone() />
        <div class="page-head">
            <h1>{b.stage.clone()}</h1>
            <p class="lede">
                {format!(
                    "Read the brief, then send your work below. Plan on about {} minutes. This link works until {} \
                     and takes one submission.",
                    b.minutes, expires
                )}
            </p>
        </div>
        {exercises}
        <section class="card">
            <h2>"Send your work sample"</h2>
            <ErrorSummary error=Signal::derive(move || problem.clone()) />
            {files_problem.is_some().then(|| view! {
                <p class="hint">"Files are not kept when a form is refused: choose them again before sending."</p>
            })}
            <form class="form" method="post" enctype="multipart/form-data" action=action>
                <div class="field">
                    <label for="text">"Your answer"</label>
                    <p class="hint" id="text-hint">{text_hint}</p>
                    {text_problem.clone().map(|m| view! { <p class="field-error" id="text-error">{m}</p> })}
                    <textarea id="text" name="text" rows="12"
                        aria-describedby=if text_problem.is_some() { "text-hint text-error" } else { "text-hint" }
                        aria-invalid=text_problem.is_some().then_some("true")>{raw_text(kept)}</textarea>
                </div>
                <div class="field">
                    <label for="files">"Files"</label>
                    <p class="hint" id="files-hint">{files_hint}</p>
                    {files_problem.clone().map(|m| view! { <p class="field-error" id="files-error">{m}</p> })}
                    <input id="files" name="files" type="file" multiple
                        accept=".pdf,.md,.markdown,.txt,.png,.jpg,.jpeg,.gif,.webp"
                        aria-describedby=if files_problem.is_some() { "files-hint files-error" } else { "files-hint" }
                        aria-invalid=files_problem.is_some().then_some("true") />
                </div>
                <p class="hint">"You can send once: check everything is attached before you send."</p>
                <button type="submit" class="button">"Send work sample"</button>
            </form>
        </section>
    }
    .into_any()
}
