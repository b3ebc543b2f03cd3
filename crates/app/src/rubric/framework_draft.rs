//! The draft editor (HR): the framework's name and levels, its areas and competencies
//! (add, move, remove), what is left before it can be published, and publishing.
//! Each change saves the whole draft with its version, so a stale page gets a conflict
//! message instead of overwriting someone else's change.

use crate::components::confirm::Confirm;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::gate::Gate;
use crate::components::raw_text::raw_text;
use crate::rubric::sfn::{
    DiscardFrameworkDraft, EditFrameworkDraft, PublishFrameworkDraft, get_framework, get_framework_draft,
    get_framework_version,
};
use domain::pages::Gated;
use domain::rubric::dto::VersionDetail;
use domain::rubric::{FrameworkDoc, check};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn FrameworkDraftPage() -> AnyView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
    // Every change reloads the page (or moves on to another), so the draft loads once.
    let draft = Resource::new(id, |id| async move {
        let Some(id) = id else { return Ok(None) };
        let framework = get_framework(id).await?;
        let draft = get_framework_draft(id).await?;
        // Publishing a draft that changes nothing would only add a version number.
        let unchanged = match framework.summary.published_number {
            Some(n) => get_framework_version(id, Some(n)).await?.document == draft.document,
            None => false,
        };
        Ok(Some((framework.summary.published_number, draft, unchanged)))
    });
    view! {
        <Gate page=Gated::RubricEditing>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || draft.get().map(|r| crate::components::by_id::show_loaded(r, |(published, d, unchanged)| view! {
                    <Title text=format!("Draft: {}", d.document.name) />
                    <nav class="breadcrumbs" aria-label="Breadcrumb">
                        <a href="/frameworks">"Frameworks"</a>" / "
                        <a href=format!("/frameworks/{}", d.framework_id)>{d.document.name.clone()}</a>" / Draft"
                    </nav>
                    <div class="page-head">
                        <h1>{format!("Draft: {} (version {})", d.document.name, d.number)}</h1>
                        <p class="lede">"Changes are saved as you make them. Nobody else sees this draft until it is published; published versions never change."</p>
                        {published.map(|p| view! {
                            <p><a href=format!("/frameworks/{}/diff?from={p}&to={}", d.framework_id, d.number)>{format!("What changed since version {p}")}</a></p>
                        })}
                    </div>
                    <Readiness d=d.clone() first=published.is_none() unchanged />
                    <FrameworkForm d=d.clone() />
                    <AreasEditor d=d.clone() />
                }.into_any()))}
            </Transition>
        </Gate>
    }
    .into_any()
}

/// Which draft, at which version: the hidden fields every change carries.
#[derive(Debug, Clone)]
struct DraftRef {
    id: String,
    version: String,
}

impl DraftRef {
    fn of(d: &VersionDetail) -> Self {
        Self { id: d.framework_id.to_string(), version: d.version.to_string() }
    }

    fn fields(&self) -> impl IntoView + use<> {
        view! {
            <input type="hidden" name="id" value=self.id.clone() />
            <input type="hidden" name="version" value=self.version.clone() />
        }
    }
}

/// A one-button form: move or remove an area or competency.
fn small_button(
    r: &DraftRef,
    change: &'static str,
    slug: &str,
    label: &'static str,
    text: &'static str,
) -> impl IntoView + use<> {
    let (r, slug) = (r.clone(), slug.to_string());
    view! {
        <EnhancedForm action=EditFrameworkDraft::url() class="inline-form" reload=true>
            {r.fields()}
            <input type="hidden" name="change" value=change />
            <input type="hidden" name="slug" value=slug.clone() />
            <button type="submit" class="button secondary small" aria-label=label title=label>{text}</button>
        </EnhancedForm>
    }
}

#[component]
fn Readiness(d: VersionDetail, first: bool, unchanged: bool) -> AnyView {
    let r = DraftRef::of(&d);
    let problems = check::publishable(&d.document);
    let count = problems.0.len();
    let blocked = count > 0;
    let missing = missing_anchors(&d.document);
    let framework = d.framework_id;
    let number = d.number;
    view! {
        <section class="card" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            {if count == 0 {
                view! { <p class="notice notice-success" role="status">"Every anchor is written: this draft can be published."</p> }.into_any()
            } else {
                view! {
                    <p class="notice notice-error">{format!("{count} thing{} to finish before publishing:", if count == 1 { "" } else { "s" })}</p>
                    <ul class="problems">
                        {missing.into_iter().take(12).map(|(slug, text)| view! {
                            <li><a href=format!("/frameworks/{framework}/draft/{slug}")>{text}</a></li>
                        }).collect_view()}
                        {problems.0.into_iter().filter(|(k, _)| !k.contains(".levels")).take(12).map(|(_, m)| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {unchanged.then(|| view! { <p class="notice" role="status">"This draft does not change anything yet: edit a competency or an area, then publish."</p> })}
            {publish_form(&r, first, number, blocked || unchanged)}
            {(!first).then(|| discard_form(&r))}
        </section>
    }
    .into_any()
}

fn publish_form(r: &DraftRef, first: bool, number: i32, blocked: bool) -> impl IntoView + use<> {
    let r = r.clone();
    view! {
        <EnhancedForm action=PublishFrameworkDraft::url()>
            {r.fields()}
            <div class="field" id="change_note">
                <label for="change-note">"What changed in this version"</label>
                <p class="hint">{if first { "Optional for a first version." } else { "Shown in the version history." }}</p>
                <textarea id="change-note" name="change_note" rows="2" maxlength="2000"></textarea>
            </div>
            <button type="submit" class="button" disabled=blocked>
                {format!("Publish version {number}")}
            </button>
        </EnhancedForm>
    }
}

fn discard_form(r: &DraftRef) -> impl IntoView + use<> {
    let r = r.clone();
    view! {
        <Confirm label="Discard this draft…" question="Discard every change in this draft? The published version stays as it is; this cannot be undone.">
            <EnhancedForm action=DiscardFrameworkDraft::url() class="inline-form">
                {r.fields()}
                <button type="submit" class="button danger small">"Yes, discard the draft"</button>
            </EnhancedForm>
        </Confirm>
    }
}

/// Competencies with anchors still to write: (slug, "Name: level 2, 4").
fn missing_anchors(doc: &FrameworkDoc) -> Vec<(String, String)> {
    doc.competencies()
        .filter_map(|(_, c)| {
            let empty: Vec<String> = (1..=doc.level_count)
                .filter(|l| c.levels.iter().find(|x| x.level == *l).is_none_or(|x| x.is_empty()))
                .map(|l| l.to_string())
                .collect();
            (!empty.is_empty())
                .then(|| (c.slug.clone(), format!("{}: level {} anchor to write", c.name, empty.join(", "))))
        })
        .collect()
}

#[component]
fn FrameworkForm(d: VersionDetail) -> AnyView {
    let doc = d.document.clone();
    let r = DraftRef::of(&d);
    view! {
        <details class="card">
            <summary>"Name, description and level names"</summary>
            <EnhancedForm action=EditFrameworkDraft::url() reload=true>
                {r.fields()}
                <input type="hidden" name="change" value="framework" />
                <div class="field" id="name">
                    <label for="fw-name">"Name"</label>
                    <FieldProblem field="name" />
                    <input id="fw-name" name="name" value=doc.name.clone() maxlength="200" />
                </div>
                <div class="field">
                    <label for="fw-description">"Description"</label>
                    <textarea id="fw-description" name="description" rows="3">{raw_text(doc.description.clone())}</textarea>
                </div>
                <div class="field" id="level_names">
                    <label for="fw-levels">{format!("Level names (one per line, {} lines, or none)", doc.level_count)}</label>
                    <FieldProblem field="level_names" />
                    <textarea id="fw-levels" name="level_names" rows=doc.level_count.to_string()>{raw_text(doc.level_names.join("\n"))}</textarea>
                </div>
                <button type="submit" class="button">"Save"</button>
            </EnhancedForm>
        </details>
    }
    .into_any()
}

#[component]
fn AreasEditor(d: VersionDetail) -> AnyView {
    let id = d.framework_id;
    let level_count = d.document.level_count;
    let area_count = d.document.areas.len();
    let r = DraftRef::of(&d);
    let areas = d.document.areas;
    view! {
        <section aria-labelledby="areas-title">
            <h2 id="areas-title">"Areas and competencies"</h2>
            {(area_count == 0).then(|| view! { <div class="empty"><p>"No areas yet: add the first one below."</p></div> })}
            {let r = r.clone(); areas.into_iter().enumerate().map(move |(ai, area)| {
                let comp_count = area.competencies.len();
                view! {
                    <section class="card editor-area" id=area.slug.clone()>
                        <div class="card-head">
                            <h3>{area.name.clone()}</h3>
                            <div class="button-row">
                                {(ai > 0).then(|| small_button(&r, "area_up", &area.slug, "Move area up", "↑"))}
                                {(ai + 1 < area_count).then(|| small_button(&r, "area_down", &area.slug, "Move area down", "↓"))}
                                {(comp_count == 0).then(|| small_button(&r, "remove_area", &area.slug, "Remove area", "Remove"))}
                            </div>
                        </div>
                        {area_form(&r, &area.slug, &area.name, &area.description)}
                        <ul class="editor-list">
                            {area.competencies.iter().enumerate().map(|(ci, c)| {
                                let written = c.levels.iter().filter(|l| !l.is_empty()).count();
                                view! {
                                    <li id=c.slug.clone()>
                                        <a href=format!("/frameworks/{id}/draft/{}", c.slug)>{c.name.clone()}</a>
                                        <span class=if written as i32 == level_count { "muted" } else { "badge badge-danger" }>
                                            {format!(" {written} of {level_count} anchors")}
                                        </span>
                                        <span class="button-row">
                                            {(ci > 0).then(|| small_button(&r, "up", &c.slug, "Move up", "↑"))}
                                            {(ci + 1 < comp_count).then(|| small_button(&r, "down", &c.slug, "Move down", "↓"))}
                                            {small_button(&r, "remove_competency", &c.slug, "Remove competency", "Remove")}
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {add_form(&r, "add_competency", &area.slug, "New competency", "Add")}
                    </section>
                }
            }).collect_view()}
            {add_form(&r, "add_area", "", "New area", "Add area")}
        </section>
    }
    .into_any()
}

fn area_form(r: &DraftRef, slug: &str, name: &str, description: &str) -> impl IntoView + use<> {
    let (r, slug, name, description) = (r.clone(), slug.to_string(), name.to_string(), description.to_string());
    view! {
        <details>
            <summary>"Edit area"</summary>
            <EnhancedForm action=EditFrameworkDraft::url() reload=true>
                {r.fields()}
                <input type="hidden" name="change" value="area" />
                <input type="hidden" name="slug" value=slug.clone() />
                <div class="field">
                    <label for=format!("area-name-{slug}")>"Name"</label>
                    <input id=format!("area-name-{slug}") name="name" value=name.clone() />
                </div>
                <div class="field">
                    <label for=format!("area-desc-{slug}")>"Description"</label>
                    <textarea id=format!("area-desc-{slug}") name="description" rows="2">{raw_text(description.clone())}</textarea>
                </div>
                <button type="submit" class="button small">"Save area"</button>
            </EnhancedForm>
        </details>
    }
}

/// A one-field form that adds an area, or a competency to the area `area`.
fn add_form(
    r: &DraftRef,
    change: &'static str,
    area: &str,
    label: &'static str,
    button: &'static str,
) -> impl IntoView + use<> {
    let (r, area) = (r.clone(), area.to_string());
    let input_id = if area.is_empty() { "new-area".to_string() } else { format!("new-comp-{area}") };
    view! {
        <EnhancedForm action=EditFrameworkDraft::url() class="inline-form add-form" reload=true>
            {r.fields()}
            <input type="hidden" name="change" value=change />
            <input type="hidden" name="area" value=area.clone() />
            <label for=input_id.clone()>{label}</label>
            <input id=input_id.clone() name="name" required maxlength="200" />
            <button type="submit" class="button small">{button}</button>
        </EnhancedForm>
    }
}
