//! Structured interviews: loops and their stages, the scorecard an interviewer writes,
//! the debrief and the decision, interview plans and their draft editor, the exercise
//! library, candidates and the reliability statistics. Pages, one module each, the pieces
//! only these pages use, and their server functions. Who sees what of a loop
//! (independent scoring, blind grading) is decided by the use cases, never here.

pub mod autosave;
pub mod candidate;
pub mod candidates;
pub mod debrief;
pub mod exercises;
pub mod hub;
pub mod loop_page;
pub mod new_loop;
pub mod plans;
pub mod scorecard;
pub mod sfn;
pub mod stats;
pub mod work_sample;

use domain::interviews::dto::CandidateRef;

/// Who a loop is about, as its reader may see it: the candidate, or the loop's code for a
/// blind grader who has not submitted.
pub fn who(candidate: &Option<CandidateRef>, code: &str) -> String {
    match candidate {
        Some(c) => c.name.clone(),
        None => format!("Candidate {code}"),
    }
}

/// "Tue 12 Jan 2027, 14:00 UTC", or "not scheduled".
pub fn when(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(|| "not scheduled".to_string(), |t| t.format("%a %-d %b %Y, %H:%M UTC").to_string())
}

/// The links every interview page carries, the current one marked.
pub fn room_nav(current: &'static str) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let links = [
        ("/interviews", "Loops"),
        ("/interviews/plans", "Plans"),
        ("/interviews/exercises", "Exercise library"),
        ("/interviews/candidates", "Candidates"),
        ("/interviews/stats", "Statistics"),
    ];
    view! {
        <nav class="room-nav" aria-label="Interviews">
            <ul>{links.into_iter().map(|(href, label)| view! {
                <li><a href=href aria-current=(href == current).then_some("page")>{label}</a></li>
            }).collect_view()}</ul>
        </nav>
    }
    .into_any()
}
