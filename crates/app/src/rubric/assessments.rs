//! Your assessments: in each open cycle, your self-assessment and, for managers, one for
//! each direct report; below, everything you have written or may read.

use crate::components::enhanced_form::EnhancedForm;
use crate::components::signed_in::SignedIn;
use crate::rubric::sfn::{BeginAssessment, my_assessments};
use domain::rubric::assessment::{AssessmentStatus, AssessmentSummary, CycleWork, ReportWork};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn AssessmentsPage() -> AnyView {
    let work = Resource::new(|| (), |_| my_assessments());
    view! {
        <Title text="Assessments" />
        <SignedIn>
            <div class="page-head">
                <h1>"Assessments"</h1>
                <p class="lede">"Rate yourself against the framework, and your reports if you manage people. Drafts are yours alone until you submit."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || work.get().map(|r| match r {
                    Ok(cycles) if cycles.is_empty() => view! {
                        <div class="empty"><p>"No assessment cycle is open right now. HR opens one when it is time to assess."</p>
                        <a href="/cycles">"See all cycles"</a></div>
                    }.into_any(),
                    Ok(cycles) => cycles.into_iter().map(cycle_card).collect_view().into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn status_text(a: &Option<AssessmentSummary>) -> (&'static str, String) {
    match a {
        None => ("badge", "Not started".into()),
        Some(a) if a.status == AssessmentStatus::Draft => ("badge", format!("Draft · {} rated", a.rating_count)),
        Some(a) => (
            "badge badge-success",
            format!("Submitted {}", a.submitted_at.map(|t| t.format("%-d %b").to_string()).unwrap_or_default()),
        ),
    }
}

/// Open the assessment, or a form that starts it.
fn open_or_start(
    a: &Option<AssessmentSummary>,
    cycle: Uuid,
    person: Uuid,
    kind: &'static str,
    label: String,
) -> AnyView {
    match a {
        Some(a) => {
            let text = if a.status == AssessmentStatus::Draft { "Continue" } else { "View" };
            view! { <a class="button secondary" href=format!("/assessments/{}", a.id) aria-label=format!("{text}: {label}")>{text}</a> }.into_any()
        }
        None => view! {
            <EnhancedForm action=BeginAssessment::url() class="inline-form">
                <input type="hidden" name="cycle_id" value=cycle.to_string() />
                <input type="hidden" name="person_id" value=person.to_string() />
                <input type="hidden" name="kind" value=kind />
                <button type="submit" class="button" aria-label=format!("Start: {label}")>"Start"</button>
            </EnhancedForm>
        }
        .into_any(),
    }
}

fn cycle_card(work: CycleWork) -> AnyView {
    let c = work.cycle.clone();
    let me = crate::components::signed_in::my_id().unwrap_or_default();
    let (class, text) = status_text(&work.mine);
    let mine = open_or_start(&work.mine, c.id, me, "self", "your self-assessment".into());
    let reports: Vec<AnyView> = work.reports.iter().map(|r| report_row(r, c.id)).collect();
    view! {
        <section class="card" aria-labelledby=format!("cycle-{}", c.id)>
            <h2 id=format!("cycle-{}", c.id)>{c.name.clone()}</h2>
            <p class="muted">{format!("{} to {} · {} version {}", c.starts_on.format("%-d %B"), c.ends_on.format("%-d %B %Y"), c.framework.framework_name, c.framework.number)}</p>
            <div class="work-row">
                <span class="work-name">"Your self-assessment"</span>
                <span class=class>{text}</span>
                {mine}
            </div>
            {(!reports.is_empty()).then(|| view! {
                <h3>"Your reports"</h3>
                <div class="work-list">{reports}</div>
            })}
        </section>
    }
    .into_any()
}

fn report_row(r: &ReportWork, cycle: Uuid) -> AnyView {
    let (class, text) = status_text(&r.assessment);
    let action =
        open_or_start(&r.assessment, cycle, r.person.id, "manager", format!("assessment of {}", r.person.name));
    view! {
        <div class="work-row">
            <span class="work-name"><a href=format!("/people/{}/competencies", r.person.id)>{r.person.name.clone()}</a></span>
            <span class="muted">{if r.self_submitted { "Self-assessment submitted" } else { "Self-assessment not submitted yet" }}</span>
            <span class=class>{text}</span>
            {action}
        </div>
    }
    .into_any()
}
