//! One assessment. Its author, while it is a draft, rates each competency with the level
//! anchors in view; every change is saved as it is made. Submitting asks for confirmation
//! first. Once submitted it is read-only; its author can start an amendment with a reason.

use crate::components::by_id::show_loaded;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::errors::ErrorSummary;
use crate::components::markdown::Markdown;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use crate::error::UiError;
use crate::error::form_problem;
use crate::rubric::sfn::{
    AmendAssessmentBecause, SaveAssessmentForm, SubmitAssessmentNow, get_assessment, save_rating,
};
use domain::ErrorCode;
use domain::rubric::CompetencyDoc;
use domain::rubric::assessment::{AssessmentDetail, AssessmentStatus, Beside, BesideRow, Rating};
use domain::rubric::dto::VersionDetail;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

use crate::components::signed_in::my_id;

#[component]
pub fn AssessmentPage() -> AnyView {
    // Submitting redirects to the same page with `?submitted=1`: that must load it anew.
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let loaded = Resource::new(
        move || {
            let id = params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
            (id, query.with(|q| q.get("submitted")))
        },
        |(id, _)| async move {
            match id {
                Some(id) => get_assessment(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Without JavaScript, "Save and submit…" comes back with `?confirm=submit`: the
    // confirmation is then open in the page as served.
    let confirm = move || query.with(|q| q.get("confirm").as_deref() == Some("submit"));
    view! {
        <SignedIn>
            <Transition fallback=|| ()>
                {move || {
                    let confirm = confirm();
                    loaded.get().map(|r| show_loaded(r, move |(a, v, beside)| page(a, v, beside, confirm)))
                }}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn page(a: AssessmentDetail, v: VersionDetail, beside: Beside, confirm: bool) -> AnyView {
    let s = &a.summary;
    let title = format!("{} of {}", s.kind.label(), s.person.name);
    let editable = s.status == AssessmentStatus::Draft && my_id() == Some(s.author.id);
    let status = match (s.status, s.submitted_at) {
        (AssessmentStatus::Submitted, Some(t)) => format!("Submitted {}", t.format("%-d %B %Y")),
        _ => "Draft".to_string(),
    };
    let by = if s.author.id == s.person.id { String::new() } else { format!(" · by {}", s.author.name) };
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/assessments">"Assessments"</a>" / "{s.cycle_name.clone()}</nav>
        <div class="page-head">
            <h1>{title}</h1>
            <p class="lede">
                <span class=if editable { "badge" } else { "badge badge-success" }>{status}</span>
                {format!(" {}{by} · rated against {} version {}", s.cycle_name, a.framework.framework_name, a.framework.number)}
            </p>
            {s.amend_reason.clone().map(|r| view! { <p class="notice">{format!("Amends an earlier assessment: {r}")}</p> })}
            {s.amended_by_id.map(|n| view! { <p class="notice">"This assessment was amended. "<a href=format!("/assessments/{n}")>"See the amendment"</a></p> })}
        </div>
        {if editable { editor(a, v, beside, confirm) } else { read_only(a, v) }}
    }
    .into_any()
}

/// A level's label: "3 · Practitioner" when the framework names its levels.
/// `names` are the framework's level names, possibly empty; the editor and the read-only
/// view both use it.
fn label(names: &[String], level: i32) -> String {
    match usize::try_from(level - 1).ok().and_then(|i| names.get(i)) {
        Some(n) if !n.is_empty() => format!("{level} · {n}"),
        _ => format!("Level {level}"),
    }
}

fn read_only(a: AssessmentDetail, v: VersionDetail) -> AnyView {
    let mine = my_id() == Some(a.summary.author.id);
    let can_amend = mine && a.summary.status == AssessmentStatus::Submitted && a.summary.amended_by_id.is_none();
    let id = a.summary.id;
    let rated = a.ratings.len();
    let total = a.competency_count;
    let rows: Vec<AnyView> = v
        .document
        .competencies()
        .filter_map(|(_, c)| a.ratings.iter().find(|r| r.competency == c.slug).map(|r| rated_item(c, r, &v)))
        .collect();
    view! {
        <p class="muted">{format!("{rated} of {total} competencies rated.")}</p>
        {if rows.is_empty() {
            view! { <div class="empty"><p>"Nothing rated yet."</p></div> }.into_any()
        } else {
            view! { <ol class="rated-list">{rows}</ol> }.into_any()
        }}
        {can_amend.then(|| amend_form(id))}
    }
    .into_any()
}

fn rated_item(c: &CompetencyDoc, r: &Rating, v: &VersionDetail) -> AnyView {
    let anchor = c.levels.iter().find(|l| l.level == r.level).map(|l| l.summary.clone()).unwrap_or_default();
    view! {
        <li class="card rated">
            <h2 class="rated-name">{c.name.clone()}</h2>
            <p><span class="level-pill">{label(&v.document.level_names, r.level)}</span>" "<span class="muted">{anchor}</span></p>
            <p class="evidence">{r.evidence.clone()}</p>
            {(!r.evidence_links.is_empty()).then(|| view! {
                <ul class="link-list">{r.evidence_links.iter().map(|l| view! { <li><a href=l.clone() rel="noopener noreferrer nofollow">{l.clone()}</a></li> }).collect_view()}</ul>
            })}
        </li>
    }
    .into_any()
}

fn amend_form(id: Uuid) -> AnyView {
    view! {
        <section class="card" aria-labelledby="amend-title">
            <h2 id="amend-title">"Amend this assessment"</h2>
            <p class="muted">"A submitted assessment never changes. An amendment starts from a copy of it and says why; once submitted it counts instead."</p>
            <EnhancedForm action=AmendAssessmentBecause::url() class="stack-form">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="reason">"Reason"</label>
                <FieldProblem field="reason" />
                <textarea id="reason" name="reason" rows="3" required maxlength="2000"></textarea>
                <button type="submit" class="button secondary">"Start an amendment"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

/// What the editor needs of the assessment and its framework version, and no more: it is
/// the island's props, sent as JSON in the page and read by the browser.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorData {
    id: Uuid,
    version: i32,
    total: i64,
    level_names: Vec<String>,
    areas: Vec<EditorArea>,
    /// The confirmation starts open (no-JavaScript "Save and submit…").
    confirm: bool,
    /// What a refused plain post of the form reported (form_flash).
    problem: Option<domain::ApiErrorBody>,
    /// Where the values beside each competency come from (a manager assessment).
    beside: Option<BesideSources>,
}

/// Where the values shown beside a manager's ratings come from, for their labels.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct BesideSources {
    person: String,
    cycle: String,
    submitted: bool,
    role_profile: Option<String>,
    previous_cycle: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorArea {
    slug: String,
    name: String,
    competencies: Vec<EditorCompetency>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorCompetency {
    slug: String,
    name: String,
    /// Markdown as written: the card renders it (HTML in the island's props would only
    /// be escaped once more on the way).
    description: String,
    /// (level, anchor summary)
    levels: Vec<(i32, String)>,
    current: Option<Rating>,
    /// The person's own rating, the expected level and the previous rating.
    beside: Option<BesideRow>,
}

impl EditorData {
    fn of(
        a: &AssessmentDetail,
        v: &VersionDetail,
        b: Beside,
        confirm: bool,
        problem: Option<domain::ApiErrorBody>,
    ) -> Self {
        let current = |slug: &str| a.ratings.iter().find(|r| r.competency == slug).cloned();
        let beside_of = |slug: &str| b.rows.iter().find(|r| r.competency == slug).cloned();
        let beside = (!b.rows.is_empty()).then(|| BesideSources {
            person: a.summary.person.name.clone(),
            cycle: b.cycle_name.clone(),
            submitted: b.self_assessment_id.is_some(),
            role_profile: b.role_profile.clone(),
            previous_cycle: b.previous_cycle.clone(),
        });
        EditorData {
            id: a.summary.id,
            version: a.summary.version,
            total: a.competency_count,
            confirm,
            problem,
            beside,
            level_names: v.document.level_names.clone(),
            areas: v
                .document
                .areas
                .iter()
                .map(|area| EditorArea {
                    slug: area.slug.clone(),
                    name: area.name.clone(),
                    competencies: area
                        .competencies
                        .iter()
                        .map(|c| EditorCompetency {
                            slug: c.slug.clone(),
                            name: c.name.clone(),
                            description: c.description.clone(),
                            levels: c.levels.iter().map(|l| (l.level, l.summary.clone())).collect(),
                            current: current(&c.slug),
                            beside: beside_of(&c.slug),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Shared by every competency card: the draft's version (each save moves it on) and how
/// many competencies carry a level.
#[derive(Clone, Copy)]
struct Draft {
    id: Uuid,
    version: RwSignal<i32>,
    rated: RwSignal<usize>,
    saving: RwSignal<usize>,
    last_error: RwSignal<Option<String>>,
    /// The "Submit with N of M rated?" confirmation is open.
    confirming: RwSignal<bool>,
}

fn editor(a: AssessmentDetail, v: VersionDetail, beside: Beside, confirm: bool) -> AnyView {
    #[cfg(feature = "ssr")]
    let problem = crate::components::form_flash::take(SaveAssessmentForm::url())
        .or_else(|| crate::components::form_flash::take(SubmitAssessmentNow::url()))
        .and_then(|f| f.problem);
    #[cfg(not(feature = "ssr"))]
    let problem = None;
    let data = EditorData::of(&a, &v, beside, confirm, problem);
    view! { <AssessmentEditor data /> }.into_any()
}

/// The draft editor: a card per competency that saves as it changes, the save bar and the
/// submit panel. An island: the only part of the page that runs in the browser.
#[island]
fn AssessmentEditor(data: EditorData) -> impl IntoView {
    let rated = data.areas.iter().flat_map(|a| &a.competencies).filter(|c| c.current.is_some()).count();
    let draft = Draft {
        id: data.id,
        version: RwSignal::new(data.version),
        rated: RwSignal::new(rated),
        saving: RwSignal::new(0),
        last_error: RwSignal::new(None),
        confirming: RwSignal::new(data.confirm),
    };
    let total = data.total;
    let names = data.level_names;
    let (id, version0) = (data.id, data.version);
    let form_problem = data.problem.clone().map(UiError);
    let sources = data.beside.clone();
    let field_problems = data.problem.map(|p| p.fields).unwrap_or_default();
    let toc: Vec<AnyView> = data
        .areas
        .iter()
        .map(|a| view! { <li><a href=format!("#area-{}", a.slug)>{a.name.clone()}</a></li> }.into_any())
        .collect();
    let areas: Vec<AnyView> = data
        .areas
        .into_iter()
        .map(|area| {
            let cards: Vec<AnyView> = area
                .competencies
                .into_iter()
                .map(|c| {
                    let prefix = format!("ratings.{}.", c.slug);
                    let said = field_problems.iter().find(|(f, _)| f.starts_with(&prefix)).map(|(_, m)| m.clone());
                    rating_card(draft, c, &names, said, sources.as_ref())
                })
                .collect();
            view! {
                <section class="rubric-area" aria-labelledby=format!("area-{}", area.slug)>
                    <h2 id=format!("area-{}", area.slug)>{area.name}</h2>
                    {cards}
                </section>
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="save-bar" role="status" aria-live="polite">
            <span>{move || format!("{} of {total} rated", draft.rated.get())}</span>
            <span class="muted">{move || match (draft.saving.get(), draft.last_error.get()) {
                (0, None) => "All changes saved".to_string(),
                (0, Some(e)) => format!("Not saved: {e}"),
                _ => "Saving…".to_string(),
            }}</span>
        </div>
        <p class="muted">"Pick the level whose description matches what you have seen, and write the evidence: at least one sentence saying what happened. Changes are saved as you go; nobody else sees the draft until you submit."</p>
        <nav class="toc" aria-label="Areas"><ul>{toc}</ul></nav>
        <ErrorSummary error=Signal::derive(move || form_problem.clone()) />
        // Without JavaScript the cards are one plain form: "Save ratings" posts them all.
        // With it each change is saved as it is made, and the buttons still work.
        <form method="post" action=SaveAssessmentForm::url() class="rating-form">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="version" value=version0.to_string() prop:value=move || draft.version.get().to_string() />
            {areas}
            <div class="actions">
                <button type="submit" class="button secondary">"Save ratings"</button>
                <button type="submit" class="button" name="intent" value="submit"
                    on:click=move |ev| { ev.prevent_default(); draft.confirming.set(true); }>"Submit…"</button>
            </div>
        </form>
        {submit_panel(draft, total)}
    }
}

/// Saves one rating, retrying once with the current version when another save moved it.
async fn save(draft: Draft, slug: String, level: String, evidence: String, links: String) -> Result<(), String> {
    let mut version = draft.version.get_untracked();
    for _ in 0..2 {
        match save_rating(draft.id, version, slug.clone(), level.clone(), evidence.clone(), links.clone()).await {
            Ok(s) => match (s.version, s.problem) {
                (Some(v), _) => {
                    draft.version.set(v);
                    return Ok(());
                }
                (None, Some(p)) if p.error == ErrorCode::Conflict && p.fields.contains_key("version") => {
                    version = p.fields["version"].parse().unwrap_or(version);
                }
                (None, Some(p)) => return Err(p.fields.values().next().cloned().unwrap_or(p.message)),
                (None, None) => return Err("no answer".into()),
            },
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("someone else is editing this draft; reload the page".into())
}

fn rating_card(
    draft: Draft,
    c: EditorCompetency,
    names: &[String],
    said: Option<String>,
    sources: Option<&BesideSources>,
) -> AnyView {
    let beside = sources.zip(c.beside.clone()).map(|(src, row)| beside_panel(src, row, names));
    let current = c.current.clone();
    let level = RwSignal::new(current.as_ref().map(|r| r.level.to_string()).unwrap_or_default());
    let evidence = RwSignal::new(current.as_ref().map(|r| r.evidence.clone()).unwrap_or_default());
    let links = RwSignal::new(current.as_ref().map(|r| r.evidence_links.join("\n")).unwrap_or_default());
    let problem = RwSignal::new(said);
    let slug = c.slug.clone();
    let persist = Action::new_local(move |_: &()| {
        let (slug, l, e, k) = (slug.clone(), level.get_untracked(), evidence.get_untracked(), links.get_untracked());
        async move {
            draft.saving.update(|n| *n += 1);
            let result = save(draft, slug, l, e, k).await;
            draft.saving.update(|n| *n -= 1);
            draft.last_error.set(result.clone().err());
            problem.set(result.err());
        }
    });
    let had_level = RwSignal::new(current.is_some());
    let on_level = move |value: String| {
        let now = !value.is_empty();
        if now != had_level.get_untracked() {
            draft.rated.update(|n| if now { *n += 1 } else { *n -= 1 });
            had_level.set(now);
        }
        level.set(value);
        persist.dispatch(());
    };
    // the names a plain form post carries (save_assessment_form)
    let base = format!("ratings[{}][level]", c.slug);
    let options: Vec<AnyView> = c.levels.iter().map(|l| level_option(&base, l, names, level, on_level)).collect();
    // the server writes the starting state too, so the page reads right before the wasm runs
    let (evidence0, links0) = (evidence.get_untracked(), links.get_untracked());
    let unrated0 = current.is_none();
    let ev_id = format!("ratings.{}.evidence", c.slug);
    let links_id = format!("{base}-links");
    view! {
        <article class="card rating-card" id=c.slug.clone()>
            <fieldset class="levels">
                <legend><h3>{c.name.clone()}</h3></legend>
                {(!c.description.is_empty()).then(|| view! { <Markdown text=c.description.clone() first_heading=4 class="muted" /> })}
                {beside}
                {options}
                <label class="level-option level-none">
                    <input type="radio" name=base.clone() value="" checked=unrated0 prop:checked=move || level.get().is_empty()
                        on:change=move |_| on_level(String::new()) />
                    <span>"Not rated"</span>
                </label>
            </fieldset>
            <label for=ev_id.clone()>"Evidence"</label>
            <textarea id=ev_id name=format!("ratings[{}][evidence]", c.slug) rows="3" maxlength="4000"
                prop:value=move || evidence.get()
                on:input=move |ev| evidence.set(event_target_value(&ev))
                on:change=move |_| { if !level.get_untracked().is_empty() { persist.dispatch(()); } }>{raw_text(evidence0)}</textarea>
            <details>
                <summary>"Links to evidence (optional)"</summary>
                <label for=links_id.clone()>"One web address per line"</label>
                <textarea id=links_id name=format!("ratings[{}][links]", c.slug) rows="2" prop:value=move || links.get()
                    on:input=move |ev| links.set(event_target_value(&ev))
                    on:change=move |_| { if !level.get_untracked().is_empty() { persist.dispatch(()); } }>{raw_text(links0)}</textarea>
            </details>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </article>
    }
    .into_any()
}

/// What the manager sees beside one competency, each value labelled with its source.
fn beside_panel(src: &BesideSources, row: BesideRow, names: &[String]) -> AnyView {
    let first = src.person.split_whitespace().next().unwrap_or(&src.person).to_string();
    let own = match (&row.own, src.submitted) {
        (Some(r), _) => view! {
            <dd><span class="level-pill">{label(names, r.level)}</span>
                {(!r.evidence.is_empty()).then(|| view! { <span class="evidence">{format!(" “{}”", r.evidence)}</span> })}</dd>
        }.into_any(),
        (None, true) => view! { <dd class="muted">"Not rated by them"</dd> }.into_any(),
        (None, false) => view! { <dd class="muted">"Their self-assessment is not submitted yet"</dd> }.into_any(),
    };
    let expected = row.expected.map_or_else(|| "No expectation set".to_string(), |l| label(names, l));
    let previous = row.previous.map_or_else(|| "Not rated".to_string(), |l| label(names, l));
    view! {
        <dl class="beside">
            <dt>{format!("{first}'s own view ({})", src.cycle)}</dt>
            {own}
            <dt>{match &src.role_profile { Some(p) => format!("Expected ({p})"), None => "Expected".to_string() }}</dt>
            <dd>{expected}</dd>
            {src.previous_cycle.clone().map(|c| view! { <dt>{format!("Your rating ({c})")}</dt><dd>{previous}</dd> })}
        </dl>
    }
    .into_any()
}

fn level_option(
    base: &str,
    (n, summary): &(i32, String),
    names: &[String],
    level: RwSignal<String>,
    on_level: impl Fn(String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let value = n.to_string();
    let heading = label(names, *n);
    let v2 = value.clone();
    let chosen = level.get_untracked() == value;
    view! {
        <label class="level-option">
            <input type="radio" name=base.to_string() value=value.clone() checked=chosen prop:checked=move || level.get() == v2
                on:change=move |_| on_level(value.clone()) />
            <span><strong>{heading}</strong>" "<span class="anchor-text">{summary.clone()}</span></span>
        </label>
    }
    .into_any()
}

fn submit_panel(draft: Draft, total: i64) -> AnyView {
    let submit = ServerAction::<SubmitAssessmentNow>::new();
    let error = Signal::derive(move || form_problem(submit.value().get()));
    let confirming = draft.confirming;
    view! {
        <section class="card submit-panel" aria-labelledby="submit-title">
            <h2 id="submit-title">"Submit"</h2>
            <ErrorSummary error />
            <p>"When you submit, the assessment becomes read-only and visible to the person, their managers and HR. A later change needs an amendment with a reason."</p>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text"><strong>{move || format!("Submit with {} of {total} competencies rated?", draft.rated.get())}</strong>" Unrated competencies stay blank."</p>
                    <ActionForm action=submit attr:class="inline-form">
                        <input type="hidden" name="id" value=draft.id.to_string() />
                        <input type="hidden" name="version" value=draft.version.get_untracked().to_string()
                            prop:value=move || draft.version.get().to_string() />
                        <button type="submit" class="button" disabled=move || submit.pending().get() || draft.saving.get() != 0>"Yes, submit"</button>
                        " "
                        <a class="button secondary" href=format!("/assessments/{}", draft.id)
                            on:click=move |ev| { ev.prevent_default(); confirming.set(false); }>"Keep editing"</a>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}
