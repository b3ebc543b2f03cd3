//! `/interviews`: the loops the reader may see (interviewers: only their own), newest
//! first and paged, with each loop's progress and decision, and the way to schedule one.

use super::sfn::{LoopsView, list_loops};
use super::{room_nav, who};
use crate::components::by_id::refusal;
use crate::components::pager::{page_link, pager};
use crate::components::signed_in::SignedIn;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InterviewsPage() -> impl IntoView {
    let query = use_query_map();
    let loaded = Resource::new(move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok())), list_loops);
    view! {
        <Title text="Interviews" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => page(v),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn page(v: LoopsView) -> AnyView {
    let pages = (v.loops.total + v.loops.per_page - 1) / v.loops.per_page.max(1);
    let rows: Vec<AnyView> = v
        .loops
        .items
        .iter()
        .map(|l| {
            let decision = l.decision.map_or_else(|| "—".to_string(), |d| d.label().to_string());
            view! {
                <tr>
                    <th scope="row"><a href=format!("/interviews/loops/{}", l.id)>{who(&l.candidate, &l.code)}</a></th>
                    <td>{l.plan_name.clone()}</td>
                    <td>{l.hiring_manager.name.clone()}</td>
                    <td class="num">{format!("{} of {}", l.submitted, l.expected)}</td>
                    <td>{decision}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="page-head">
            <h1>"Interviews"</h1>
            <p class="lede">"Structured interview loops: every interviewer scores on their own against the rubric, then the panel meets at the debrief."</p>
            {v.hiring_staff.then(|| view! { <p class="page-action"><a class="button" href="/interviews/loops/new">"Schedule a loop"</a></p> })}
        </div>
        {room_nav("/interviews")}
        <section class="card" aria-labelledby="loops-title">
            <h2 id="loops-title">{if v.hiring_staff { "Loops" } else { "Your loops" }}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">{if v.hiring_staff {
                    "No loops yet. Build a plan from the exercise library, add a candidate, then schedule a loop."
                } else {
                    "You are not on any interview panel yet. When a hiring manager adds you to one, it shows here."
                }}</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr>
                        <th scope="col">"Candidate"</th><th scope="col">"Plan"</th><th scope="col">"Hiring manager"</th>
                        <th scope="col">"Scorecards in"</th><th scope="col">"Decision"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div> }.into_any()
            }}
            {(pages > 1).then(|| pager(v.loops.page, pages, false, page_link))}
        </section>
    }
    .into_any()
}
