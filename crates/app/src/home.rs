//! The home page: what needs the signed-in person, most pressing first (assessments to
//! write, reports to assess, RACI rows to confirm or mend; for HR the open cycles'
//! completion). A visitor is asked to sign in. The installation's status is an admin
//! page (status.rs).

use crate::error::UiError;
use domain::home::{Need, NeedKind, NeedsMe};
use leptos::prelude::*;
use leptos_meta::Title;

/// What needs the signed-in person (`None` for a visitor).
#[server(prefix = "/sfn")]
pub async fn what_needs_me() -> Result<Option<NeedsMe>, UiError> {
    let services = crate::session::services().await?;
    match crate::session::current_actor().await? {
        Some(actor) => Ok(Some(service::home::needs_me(&services, &actor).await?)),
        None => Ok(None),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let needs = Resource::new(|| (), |_| what_needs_me());
    let user = expect_context::<crate::components::layout::CurrentUser>();
    view! {
        <Title text="" />
        <Transition fallback=|| ()>
            {move || {
                let name = user.get().and_then(Result::ok).flatten().map(|me| me.name);
                needs.get().map(|r| match r {
                    Ok(Some(list)) => signed_in(name.unwrap_or_default(), list),
                    Ok(None) => visitor(),
                    Err(e) => crate::components::by_id::refusal(e),
                })
            }}
        </Transition>
    }
}

fn visitor() -> AnyView {
    view! {
        <div class="page-head">
            <h1>"Hatrack"</h1>
            <p class="lede">"Skills, interviews, ownership, coaching and succession for IT teams, on one versioned rubric."</p>
        </div>
        <section class="card">
            <h2>"Sign in"</h2>
            <p>"Sign in to see what needs you: assessments to write, rows to confirm."</p>
            <a class="button" href="/sign-in">"Sign in"</a>
        </section>
    }
    .into_any()
}

fn signed_in(name: String, list: NeedsMe) -> AnyView {
    let count = list.items.len();
    let lede = match count {
        0 => "Nothing needs you right now.".to_string(),
        1 => "One thing needs you.".to_string(),
        n => format!("{n} things need you, most pressing first."),
    };
    view! {
        <div class="page-head">
            <h1>{if name.is_empty() { "Welcome".to_string() } else { format!("Welcome, {name}") }}</h1>
            <p class="lede">{lede}</p>
        </div>
        <section aria-labelledby="needs-title">
            <h2 id="needs-title">"What needs you"</h2>
            {if list.items.is_empty() {
                view! {
                    <div class="empty">
                        <p>"You are all caught up: no assessment to write, no row to confirm or mend."</p>
                        <p><a href="/assessments">"Your assessments"</a>" · "<a href="/ownership">"The ownership matrix"</a></p>
                    </div>
                }.into_any()
            } else {
                view! { <ul class="needs">{list.items.into_iter().map(need).collect_view()}</ul> }.into_any()
            }}
        </section>
        {(!list.cycles.is_empty()).then(|| cycles(list.cycles))}
    }
    .into_any()
}

fn need(n: Need) -> impl IntoView {
    let what = match n.kind {
        NeedKind::WriteSelfAssessment | NeedKind::FinishSelfAssessment => "Self-assessment",
        NeedKind::AssessReport => "Manager assessment",
        NeedKind::ConfirmRow => "Confirm ownership",
        NeedKind::MendRow => "Ownership rule",
        NeedKind::ScoreInterview => "Interview to score",
    };
    let due = n.due.map(|d| {
        let when = d.format("%-d %B %Y").to_string();
        if n.overdue { format!("Overdue since {when}") } else { format!("Due {when}") }
    });
    view! {
        <li class=if n.overdue { "need card need-overdue" } else { "need card" }>
            <p class="need-kind muted small">{what}</p>
            <p class="need-title"><a href=n.href>{n.title}</a></p>
            <p class="need-detail">{n.detail}</p>
            {due.map(|d| view! { <p class=if n.overdue { "badge badge-danger" } else { "badge badge-muted" }>{d}</p> })}
        </li>
    }
}

fn cycles(list: Vec<domain::home::CycleProgress>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="cycles-title">
            <h2 id="cycles-title">"Open cycles"</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Cycle"</th>
                        <th scope="col">"Ends"</th>
                        <th scope="col" class="num">"People"</th>
                        <th scope="col" class="num">"Self-assessments in"</th>
                        <th scope="col" class="num">"Manager assessments in"</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|c| {
                            let pct = |n: i64| if c.people > 0 { format!("{n} ({}%)", n * 100 / c.people) } else { n.to_string() };
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/cycles/{}", c.cycle_id)>{c.name.clone()}</a></th>
                                    <td>{c.ends_on.format("%-d %B %Y").to_string()}</td>
                                    <td class="num">{c.people}</td>
                                    <td class="num">{pct(c.self_submitted)}</td>
                                    <td class="num">{pct(c.manager_submitted)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
