//! `/interviews/loops/new`: scheduling a loop — the candidate, the plan (its newest
//! published version is pinned), the hiring manager, and per stage when, where and up to
//! three interviewers. Without JavaScript the plan is chosen first (a GET form), then the
//! stages of that plan are filled in.

use super::room_nav;
use super::sfn::{NewLoopView, ScheduleLoop, new_loop_choices};
use crate::components::by_id::refusal;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::signed_in::SignedIn;
use domain::identity::PersonRef;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[component]
pub fn NewLoopPage() -> impl IntoView {
    let query = use_query_map();
    let plan = move || query.with(|q| q.get("plan").and_then(|p| p.parse::<Uuid>().ok()));
    let candidate = move || query.with(|q| q.get("candidate").unwrap_or_default());
    let loaded = Resource::new(
        move || (plan(), candidate().parse::<Uuid>().ok()),
        |(plan, candidate)| new_loop_choices(plan, candidate),
    );
    view! {
        <Title text="Schedule a loop" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => page(v, candidate()),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn people_select(id: String, name: String, people: &[PersonRef], chosen: &str, optional: bool) -> AnyView {
    view! {
        <select id=id name=name>
            {optional.then(|| view! { <option value="">"—"</option> })}
            {people.iter().map(|p| view! { <option value=p.id.to_string() selected=chosen == p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
        </select>
    }
    .into_any()
}

fn page(v: NewLoopView, candidate: String) -> AnyView {
    let chosen_plan = v.plan.as_ref().map(|p| p.plan_id);
    let candidate = kept_or("candidate_id", candidate);
    let plan_picker = view! {
        <form method="get" class="filters">
            {(!candidate.is_empty()).then(|| view! { <input type="hidden" name="candidate" value=candidate.clone() /> })}
            <label for="plan">"Plan"</label>
            <select id="plan" name="plan">
                {v.plans.iter().map(|p| view! {
                    <option value=p.id.to_string() selected=chosen_plan == Some(p.id)>{format!("{} (version {})", p.name, p.published_number.unwrap_or(0))}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button secondary">"Use this plan"</button>
        </form>
    };
    let more_candidates = v.candidates_total > v.candidates.len() as i64;
    let form = v.plan.as_ref().map(|plan| {
        let hm = kept_or("hiring_manager_id", v.me.to_string());
        let stages: Vec<AnyView> = plan
            .document
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let base = format!("stages[{i}]");
                let field = |f: &str| format!("{base}[{f}]");
                let id = |f: &str| format!("stages.{i}.{f}");
                view! {
                    <fieldset class="card" id=format!("stages.{i}")>
                        <legend><h2>{format!("{}. {}", i + 1, s.name)}</h2></legend>
                        <p class="muted small">{format!("{} · {} minutes", s.kind.label(), s.minutes)}</p>
                        <FieldProblem field=format!("stages.{i}") />
                        <label for=id("scheduled_at")>"When (UTC; optional)"</label>
                        <FieldProblem field=id("scheduled_at") />
                        <input id=id("scheduled_at") name=field("scheduled_at") type="datetime-local" value=kept_or(&field("scheduled_at"), "") />
                        <label for=id("location")>"Where (room or video link; optional)"</label>
                        <input id=id("location") name=field("location") maxlength="500" value=kept_or(&field("location"), "") />
                        <FieldProblem field=id("interviewers") />
                        {(1..=3).map(|n| {
                            let f = field(&format!("interviewer_{n}"));
                            let chosen = kept_or(&f, "");
                            view! {
                                <label for=id(&format!("interviewer_{n}"))>{if n == 1 { "Interviewer".to_string() } else { format!("Interviewer {n} (optional)") }}</label>
                                {people_select(id(&format!("interviewer_{n}")), f, &v.people, &chosen, true)}
                            }
                        }).collect_view()}
                    </fieldset>
                }
                .into_any()
            })
            .collect();
        // a form's fields are its island's children, a closure that must own what it shows
        let candidates: Vec<AnyView> = v
            .candidates
            .iter()
            .map(|c| view! { <option value=c.id.to_string() selected=candidate == c.id.to_string()>{format!("{} ({})", c.name, c.email)}</option> }.into_any())
            .collect();
        let hiring_manager = people_select("hiring_manager_id".into(), "hiring_manager_id".into(), &v.people, &hm, false);
        let plan_id = plan.plan_id;
        view! {
            <EnhancedForm action=ScheduleLoop::url() class="stack-form">
                <input type="hidden" name="plan_id" value=plan_id.to_string() />
                <div class="card">
                    <label for="candidate_id">"Candidate"</label>
                    <FieldProblem field="candidate_id" />
                    <select id="candidate_id" name="candidate_id">
                        <option value="">"— choose —"</option>
                        {candidates}
                    </select>
                    <p class="hint"><a href="/interviews/candidates#add-title">"Add a candidate first"</a>" if they are not listed."
                        {more_candidates.then_some(" Only the newest are listed: for someone added earlier, use \"Schedule a loop\" on their page in the candidate list.")}
                    </p>
                    <label for="hiring_manager_id">"Hiring manager"</label>
                    <FieldProblem field="hiring_manager_id" />
                    {hiring_manager}
                </div>
                {stages}
                <button type="submit" class="button">"Schedule the loop"</button>
            </EnhancedForm>
        }
    });
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/interviews">"Interviews"</a>" / Schedule a loop"</nav>
        <div class="page-head">
            <h1>"Schedule a loop"</h1>
            <p class="lede">"A loop runs the newest published version of a plan for one candidate. Each interviewer scores on their own; the debrief opens when all are in."</p>
        </div>
        {room_nav("")}
        {if v.plans.is_empty() {
            view! { <p class="empty">"No published plan yet: "<a href="/interviews/plans">"build one"</a>" first."</p> }.into_any()
        } else {
            view! { {plan_picker}{form} }.into_any()
        }}
    }
    .into_any()
}
