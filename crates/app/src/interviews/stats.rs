//! `/interviews/stats`: how far interviewers agree, per competency across loops and per
//! plan (Krippendorff's alpha, ordinal), and each interviewer's leniency (their mean
//! offset from the rest of the panel) with its trend by quarter; every figure with the
//! number of ratings behind it, withheld below the minimum sample, and read in plain
//! words. HR and managers only.

use super::room_nav;
use super::sfn::get_interview_stats;
use crate::components::by_id::refusal;
use crate::components::signed_in::SignedIn;
use domain::interviews::dto::{Agreement, InterviewStats, PlanSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[component]
pub fn InterviewStatsPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("plan").and_then(|p| p.parse::<Uuid>().ok()),
                q.get("from").filter(|s| !s.is_empty()),
                q.get("to").filter(|s| !s.is_empty()),
            )
        })
    };
    let loaded = Resource::new(args, |(plan, from, to)| get_interview_stats(plan, None, from, to));
    view! {
        <Title text="Interview statistics" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok((s, plans)) => page(s, plans, args()),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn alpha(a: &Agreement) -> String {
    a.alpha.map_or_else(|| "withheld".to_string(), |x| format!("{x:.2}"))
}

fn agreement_table(title: &'static str, id: &'static str, unit: &'static str, rows: &[Agreement]) -> AnyView {
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">"No submitted scorecards match."</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">{unit}</th><th scope="col">"Alpha"</th><th scope="col">"Ratings"</th><th scope="col">"Reading"</th></tr></thead>
                    <tbody>{rows.iter().map(|a| view! {
                        <tr><th scope="row">{a.name.clone()}</th><td class="num">{alpha(a)}</td><td class="num">{a.ratings}</td><td>{a.sentence.clone()}</td></tr>
                    }).collect_view()}</tbody>
                </table></div> }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn page(
    s: InterviewStats,
    plans: Vec<PlanSummary>,
    (plan, from, to): (Option<Uuid>, Option<String>, Option<String>),
) -> AnyView {
    let signed = |x: f64| format!("{x:+.2}");
    view! {
        <div class="page-head">
            <h1>"Interview statistics"</h1>
            <p class="lede">{format!("How consistently interviewers rate, from {} ratings of submitted scorecards. A figure needs at least {} ratings to be shown.", s.ratings, s.min_ratings)}</p>
        </div>
        {room_nav("/interviews/stats")}
        <form method="get" class="filters">
            <label for="plan">"Plan"</label>
            <select id="plan" name="plan">
                <option value="">"All plans"</option>
                {plans.iter().map(|p| view! { <option value=p.id.to_string() selected=plan == Some(p.id)>{p.name.clone()}</option> }).collect_view()}
            </select>
            <label for="from">"From"</label>
            <input id="from" name="from" type="date" value=from.unwrap_or_default() />
            <label for="to">"To"</label>
            <input id="to" name="to" type="date" value=to.unwrap_or_default() />
            <button type="submit" class="button secondary">"Apply"</button>
        </form>
        {agreement_table("Agreement per competency", "by-competency", "Competency", &s.competencies)}
        {agreement_table("Agreement per plan", "by-plan", "Plan", &s.plans)}
        <section class="card" aria-labelledby="leniency-title">
            <h2 id="leniency-title">"Leniency per interviewer"</h2>
            <p class="muted small">"The mean difference between an interviewer's level and the rest of the panel's on the same candidate and competency: positive rates higher than colleagues, negative lower. Within ±0.5 is ordinary."</p>
            {if s.interviewers.is_empty() {
                view! { <p class="empty">"No interviewer has enough ratings beside others yet."</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Interviewer"</th><th scope="col">"Offset"</th><th scope="col">"Ratings"</th><th scope="col">"By quarter"</th></tr></thead>
                    <tbody>{s.interviewers.iter().map(|i| view! {
                        <tr>
                            <th scope="row">{i.interviewer.name.clone()}</th>
                            <td class="num">{signed(i.offset)}</td>
                            <td class="num">{i.ratings}</td>
                            <td>{i.by_quarter.iter().map(|q| format!("{}: {} ({})", q.quarter, signed(q.offset), q.ratings)).collect::<Vec<_>>().join(" · ")}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div> }.into_any()
            }}
        </section>
    }
    .into_any()
}
