//! Editing one competency of a draft (HR): its name, description, area, and the anchor of
//! every level (a summary, what you would see, examples), with the neighbouring levels in
//! view so each anchor reads as a step up from the one before.

use crate::components::enhanced_form::EnhancedForm;
use crate::components::gate::Gate;
use crate::components::raw_text::raw_text;
use crate::rubric::sfn::{EditFrameworkDraft, get_framework_draft};
use domain::pages::Gated;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn CompetencyEditPage() -> AnyView {
    let params = use_params_map();
    let key =
        move || params.with(|p| (p.get("id").and_then(|s| s.parse::<Uuid>().ok()), p.get("slug").unwrap_or_default()));
    let draft = Resource::new(key, |(id, slug)| async move {
        let Some(id) = id else { return Ok(None) };
        let d = get_framework_draft(id).await?;
        // the competency travels with the draft, so rendering never looks it up again
        Ok(d.document.competency(&slug).cloned().map(|comp| (d, comp)))
    });
    view! {
        <Gate page=Gated::RubricEditing>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || draft.get().map(|r| crate::components::by_id::show_loaded(r, |(d, comp)| {
                    let slug = comp.slug.clone();
                    let doc = d.document.clone();
                    let area = doc.competencies().find(|(_, c)| c.slug == slug).map(|(a, _)| a.slug.clone()).unwrap_or_default();
                    let levels: Vec<domain::rubric::LevelDoc> = (1..=doc.level_count).map(|l| {
                        comp.levels.iter().find(|x| x.level == l).cloned().unwrap_or(domain::rubric::LevelDoc {
                            level: l, summary: String::new(), signals: vec![], examples: vec![],
                        })
                    }).collect();
                    view! {
                        <Title text=format!("Edit {}", comp.name) />
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href="/frameworks">"Frameworks"</a>" / "
                            <a href=format!("/frameworks/{}/draft", d.framework_id)>{format!("Draft: {}", doc.name)}</a>" / "{comp.name.clone()}
                        </nav>
                        <div class="page-head">
                            <h1>{comp.name.clone()}</h1>
                            <p class="lede">"Write each anchor as what you would observe someone doing at that level, not as a judgement. One signal or example per line."</p>
                        </div>
                        <EnhancedForm action=EditFrameworkDraft::url() class="form wide">
                            <input type="hidden" name="id" value=d.framework_id.to_string() />
                            <input type="hidden" name="version" value=d.version.to_string() />
                            <input type="hidden" name="change" value="competency" />
                            <input type="hidden" name="slug" value=slug.clone() />
                            <div class="field">
                                <label for="comp-name">"Name"</label>
                                <input id="comp-name" name="name" value=comp.name.clone() maxlength="200" required />
                            </div>
                            <div class="field">
                                <label for="comp-description">"Description"</label>
                                <textarea id="comp-description" name="description" rows="3">{raw_text(comp.description.clone())}</textarea>
                            </div>
                            <div class="field">
                                <label for="comp-area">"Area"</label>
                                <select id="comp-area" name="area">
                                    {doc.areas.iter().map(|a| view! {
                                        <option value=a.slug.clone() selected=a.slug == area>{a.name.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            {levels.into_iter().enumerate().map(|(i, l)| {
                                let label = doc.level_label(l.level);
                                view! {
                                    <fieldset class="field level-fieldset" id=format!("level-{}", l.level)>
                                        <legend>{format!("Level {label}")}</legend>
                                        <input type="hidden" name=format!("levels[{i}][level]") value=l.level.to_string() />
                                        <label for=format!("summary-{i}")>"Summary"</label>
                                        <textarea id=format!("summary-{i}") name=format!("levels[{i}][summary]") rows="2">{raw_text(l.summary.clone())}</textarea>
                                        <label for=format!("signals-{i}")>"What you would see (one per line)"</label>
                                        <textarea id=format!("signals-{i}") name=format!("levels[{i}][signals]") rows="4">{raw_text(l.signals.join("\n"))}</textarea>
                                        <label for=format!("examples-{i}")>"Examples (one per line)"</label>
                                        <textarea id=format!("examples-{i}") name=format!("levels[{i}][examples]") rows="3">{raw_text(l.examples.join("\n"))}</textarea>
                                    </fieldset>
                                }
                            }).collect_view()}
                            <button type="submit" class="button">"Save competency"</button>
                            " "<a href=format!("/frameworks/{}/draft", d.framework_id)>"Back to the draft"</a>
                        </EnhancedForm>
                    }.into_any()
                }))}
            </Transition>
        </Gate>
    }
    .into_any()
}
