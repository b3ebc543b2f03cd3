//! `/interviews/plans`: the interview plans, and a new one for a role profile.
//! `/interviews/plans/{id}`: a plan's published version (its stages, what each asks and
//! rates) and, for hiring staff, its draft, edited one plain form at a time: add a stage,
//! add an exercise from the library or a question, tick the competencies a stage rates,
//! publish. Loops pin the version they were scheduled on.

use super::room_nav;
use super::sfn::{
    AddPlanItem, AddPlanStage, ChangePlanStage, CreatePlan, PlanView, PlansView, PublishPlan, RemovePlanItem,
    SetStageCompetencies, SetStageNotes, StartPlanDraft, get_plan, list_plans,
};
use crate::components::by_id::{refusal, route_page};
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use domain::interviews::dto::PlanVersion;
use domain::interviews::plan::{StageDoc, StageKind};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn PlansPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| list_plans());
    view! {
        <Title text="Interview plans" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => plans(v),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn plans(v: PlansView) -> AnyView {
    let rows: Vec<AnyView> = v
        .plans
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/interviews/plans/{}", p.id)>{p.name.clone()}</a></th>
                    <td>{p.role_profile_name.clone()}</td>
                    <td>{p.published_number.map_or_else(|| "not published".to_string(), |n| format!("version {n}"))}
                        {p.draft_version_id.map(|_| " · draft in progress")}</td>
                    <td class="num">{p.loop_count}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    let chosen = kept_or("role_profile_id", "");
    view! {
        <div class="page-head">
            <h1>"Interview plans"</h1>
            <p class="lede">"A plan is the stages of a hiring process for one role: what each stage asks and which competencies it rates, with the rating guide taken from the role's framework."</p>
        </div>
        {room_nav("/interviews/plans")}
        <section class="card" aria-labelledby="plans-title">
            <h2 id="plans-title">"Plans"</h2>
            {if rows.is_empty() {
                view! { <p class="empty">"No plans yet."</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Plan"</th><th scope="col">"Role"</th><th scope="col">"Version"</th><th scope="col">"Loops"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div> }.into_any()
            }}
        </section>
        {v.hiring_staff.then(|| view! {
            <section class="card" aria-labelledby="new-plan-title">
                <h2 id="new-plan-title">"New plan"</h2>
                {if v.role_profiles.is_empty() {
                    view! { <p class="muted">"A plan hires for a role profile: add one under Role profiles first."</p> }.into_any()
                } else {
                    view! {
                        <EnhancedForm action=CreatePlan::url() class="stack-form">
                            <label for="name">"Name"</label>
                            <FieldProblem field="name" />
                            <input id="name" name="name" required maxlength="200" value=kept_or("name", "") />
                            <label for="role_profile_id">"Hires for"</label>
                            <FieldProblem field="role_profile_id" />
                            <select id="role_profile_id" name="role_profile_id">
                                {v.role_profiles.iter().map(|(id, name)| view! {
                                    <option value=id.to_string() selected=chosen == id.to_string()>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button">"Create plan"</button>
                        </EnhancedForm>
                    }.into_any()
                }}
            </section>
        })}
    }
    .into_any()
}

#[component]
pub fn PlanPage() -> AnyView {
    route_page(get_plan, plan)
}

fn plan(v: PlanView) -> AnyView {
    let p = v.plan.clone();
    let names = |slug: &str| {
        v.competencies.iter().find(|(s, _, _)| s == slug).map(|(_, n, _)| n.clone()).unwrap_or_else(|| slug.to_string())
    };
    let exercise =
        |id: Option<Uuid>| id.and_then(|id| v.exercises.iter().find(|e| e.id == id)).map(|e| e.input.title.clone());
    let published = v.published.as_ref().map(|pv| {
        let stages: Vec<AnyView> = pv
            .document
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| stage_summary(i, s, &names, &exercise))
            .collect();
        view! {
            <section class="card" aria-labelledby="published-title">
                <h2 id="published-title">{format!("Version {}", pv.number)}</h2>
                {pv.published_at.map(|t| view! { <p class="muted small">{format!("Published {}", t.format("%-d %b %Y"))}{(!pv.change_note.is_empty()).then(|| format!(": {}", pv.change_note))}</p> })}
                <ol class="plan-stages">{stages}</ol>
            </section>
        }
    });
    let draft = match (&v.draft, v.hiring_staff) {
        (Some(d), true) => editor(&v, d),
        (None, true) => view! {
            <section class="card" aria-labelledby="draft-title">
                <h2 id="draft-title">"Change this plan"</h2>
                <p class="muted">"Changes go into a new draft; loops already scheduled keep the version they run."</p>
                <EnhancedForm action=StartPlanDraft::url() class="inline-form">
                    <input type="hidden" name="plan_id" value=p.id.to_string() />
                    <button type="submit" class="button secondary">"Start a new draft"</button>
                </EnhancedForm>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <Title text=format!("Plan: {}", p.name) />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/interviews/plans">"Interview plans"</a>" / "{p.name.clone()}</nav>
        <div class="page-head">
            <h1>{p.name.clone()}</h1>
            <p class="lede">{format!("Hires for {} · {} loop{}", p.role_profile_name, p.loop_count, if p.loop_count == 1 { "" } else { "s" })}</p>
        </div>
        {published}
        {draft}
    }
    .into_any()
}

fn stage_summary(
    i: usize,
    s: &StageDoc,
    names: &impl Fn(&str) -> String,
    exercise: &impl Fn(Option<Uuid>) -> Option<String>,
) -> AnyView {
    let rates = s.competencies.iter().map(|c| names(&c.competency)).collect::<Vec<_>>().join(", ");
    view! {
        <li>
            <h3>{format!("{}. {}", i + 1, s.name)}" "<span class="badge badge-muted">{s.kind.label()}</span>
                {s.blind.then(|| view! { " "<span class="badge badge-warn">"blind"</span> })}</h3>
            <p class="muted small">{format!("{} minutes · rates {}", s.minutes, if rates.is_empty() { "nothing yet".to_string() } else { rates })}</p>
            <ul>{s.items.iter().map(|item| view! {
                <li>{exercise(item.exercise_id).map(|t| view! { <strong>{format!("Exercise: {t}")}</strong>" " })}{item.text.clone()}</li>
            }).collect_view()}</ul>
        </li>
    }
    .into_any()
}

fn hidden(plan_id: Uuid, version: i32) -> AnyView {
    view! {
        <input type="hidden" name="plan_id" value=plan_id.to_string() />
        <input type="hidden" name="version" value=version.to_string() />
    }
    .into_any()
}

fn editor(v: &PlanView, d: &PlanVersion) -> AnyView {
    let (plan_id, version) = (v.plan.id, d.version);
    let stages: Vec<AnyView> =
        d.document.stages.iter().enumerate().map(|(i, s)| stage_editor(plan_id, version, i, s, v)).collect();
    let kind = kept_or("kind", "panel");
    view! {
        <section class="card" aria-labelledby="draft-title">
            <h2 id="draft-title">{format!("Draft version {}", d.number)}</h2>
            <p class="muted">"Each change below is saved to the draft at once. Publish when every stage asks something and rates at least one competency."</p>
        </section>
        {stages}
        <section class="card" aria-labelledby="add-stage-title">
            <h2 id="add-stage-title">"Add a stage"</h2>
            <EnhancedForm action=AddPlanStage::url() class="stack-form">
                {hidden(plan_id, version)}
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="120" value=kept_or("name", "") placeholder="Outage panel" />
                <label for="kind">"Kind"</label>
                <FieldProblem field="kind" />
                <select id="kind" name="kind">
                    {StageKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option> }).collect_view()}
                </select>
                <label for="minutes">"Minutes"</label>
                <FieldProblem field="minutes" />
                <input id="minutes" name="minutes" type="number" min="5" max="480" required value=kept_or("minutes", "60") />
                <label class="check"><input type="checkbox" name="blind" value="on" />" Blind grading (work samples): graders see a code, not the candidate's name, until they submit"</label>
                <button type="submit" class="button secondary">"Add stage"</button>
            </EnhancedForm>
        </section>
        <section class="card" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            <EnhancedForm action=PublishPlan::url() class="stack-form">
                {hidden(plan_id, version)}
                <FieldProblem field="stages" />
                <label for="change_note">"What changed (optional)"</label>
                <FieldProblem field="change_note" />
                <input id="change_note" name="change_note" maxlength="2000" value=kept_or("change_note", "") />
                <button type="submit" class="button">"Publish this version"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

fn stage_editor(plan_id: Uuid, version: i32, i: usize, s: &StageDoc, v: &PlanView) -> AnyView {
    let title_id = format!("stage-{i}");
    let rated: Vec<&str> = s.competencies.iter().map(|c| c.competency.as_str()).collect();
    let items: Vec<AnyView> = s
        .items
        .iter()
        .enumerate()
        .map(|(j, item)| {
            let title =
                item.exercise_id.and_then(|id| v.exercises.iter().find(|e| e.id == id)).map(|e| e.input.title.clone());
            view! {
                <li>
                    {title.map(|t| view! { <strong>{format!("Exercise: {t}")}</strong>" " })}{item.text.clone()}" "
                    <EnhancedForm action=RemovePlanItem::url() class="inline-form">
                        {hidden(plan_id, version)}
                        <input type="hidden" name="stage" value=i.to_string() />
                        <input type="hidden" name="item" value=j.to_string() />
                        <button type="submit" class="button danger small">"Remove"</button>
                    </EnhancedForm>
                </li>
            }
            .into_any()
        })
        .collect();
    // a form's fields are its island's children, a closure that must own what it shows
    let exercise_options: Vec<AnyView> = v
        .exercises
        .iter()
        .map(|e| {
            view! { <option value=e.id.to_string()>{format!("{} ({} min)", e.input.title, e.input.minutes)}</option> }
                .into_any()
        })
        .collect();
    let boxes: Vec<AnyView> = v
        .competencies
        .iter()
        .map(|(slug, name, area)| view! {
            <label class="check"><input type="checkbox" name=format!("competencies[{slug}]") value="on" checked=rated.contains(&slug.as_str()) />
                {format!(" {name}")}<span class="muted small">{format!(" · {area}")}</span></label>
        }.into_any())
        .collect();
    // notes that add to the framework's anchors in the rating guide, per rated competency
    let notes: Vec<AnyView> = s
        .competencies
        .iter()
        .map(|c| {
            let name = v.competencies.iter().find(|(slug, _, _)| slug == &c.competency).map_or(c.competency.clone(), |x| x.1.clone());
            let id = format!("notes-{i}-{}", c.competency);
            view! {
                <label for=id.clone()>{name}</label>
                <textarea id=id name=format!("notes[{}]", c.competency) rows="2" maxlength="2000">{raw_text(c.notes.clone())}</textarea>
            }
            .into_any()
        })
        .collect();
    let has_notes = !notes.is_empty();
    view! {
        <section class="card stage-card" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{format!("{}. {}", i + 1, s.name)}" "<span class="badge badge-muted">{s.kind.label()}</span>
                {s.blind.then(|| view! { " "<span class="badge badge-warn">"blind"</span> })}</h2>
            <p class="muted small">{format!("{} minutes", s.minutes)}</p>
            <div class="actions">
                {(i > 0).then(|| view! {
                    <EnhancedForm action=ChangePlanStage::url() class="inline-form">
                        {hidden(plan_id, version)}
                        <input type="hidden" name="stage" value=i.to_string() />
                        <button type="submit" class="button secondary small" name="action" value="up">"Move up"</button>
                    </EnhancedForm>
                })}
                <EnhancedForm action=ChangePlanStage::url() class="inline-form">
                    {hidden(plan_id, version)}
                    <input type="hidden" name="stage" value=i.to_string() />
                    <button type="submit" class="button danger small" name="action" value="remove">"Remove stage"</button>
                </EnhancedForm>
            </div>
            <h3>"Asks"</h3>
            {if items.is_empty() { view! { <p class="muted">"Nothing yet: add an exercise or a question."</p> }.into_any() } else { view! { <ol>{items}</ol> }.into_any() }}
            <EnhancedForm action=AddPlanItem::url() class="stack-form">
                {hidden(plan_id, version)}
                <input type="hidden" name="stage" value=i.to_string() />
                <label for=format!("exercise-{i}")>"Exercise from the library"</label>
                <select id=format!("exercise-{i}") name="exercise_id">
                    <option value="">"— none: a question —"</option>
                    {exercise_options}
                </select>
                <label for=format!("text-{i}")>"Question, or what you say to introduce the exercise"</label>
                <FieldProblem field="text" />
                <input id=format!("text-{i}") name="text" maxlength="2000" />
                <button type="submit" class="button secondary">"Add"</button>
            </EnhancedForm>
            <h3>"Rates"</h3>
            <EnhancedForm action=SetStageCompetencies::url() class="stack-form">
                {hidden(plan_id, version)}
                <input type="hidden" name="stage" value=i.to_string() />
                <fieldset class="competency-picks">
                    <legend class="sr-only">{format!("Competencies stage {} rates", i + 1)}</legend>
                    <FieldProblem field="competencies" />
                    {boxes}
                </fieldset>
                <button type="submit" class="button secondary">"Save what this stage rates"</button>
            </EnhancedForm>
            {has_notes.then(|| view! {
                <h3>"Rating-guide notes"</h3>
                <p class="muted small">"What interviewers should listen for at this stage, shown in the kit and on the scorecard above the framework's level descriptions."</p>
                <EnhancedForm action=SetStageNotes::url() class="stack-form">
                    {hidden(plan_id, version)}
                    <input type="hidden" name="stage" value=i.to_string() />
                    <FieldProblem field="notes" />
                    {notes}
                    <button type="submit" class="button secondary">"Save the notes"</button>
                </EnhancedForm>
            })}
        </section>
    }
    .into_any()
}
