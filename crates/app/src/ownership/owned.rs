//! "What they own": the letters a person holds (by name or through a team), or a team's
//! ownership load, grouped by component. Shown on person and team pages.

use crate::error::UiError;
use domain::ownership::report::Ownership;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

/// What the page loaded for its person or team (see `owned_by_route_id`). The page creates
/// the resource next to its own, so both load at once and hydrate in the same order as
/// they rendered.
pub type Owned = Resource<Result<Option<Ownership>, UiError>>;

/// How many rows a person or team page lists unless asked for all (`?owned=all`): a team's
/// load can run into thousands of rows, and a page should cost the same whatever the size
/// of the organization.
const ROWS_ON_A_PAGE: usize = 25;

/// The row limit for a page's request: `None` (every row) when `all` was asked for.
pub fn shown(all: Option<bool>) -> Option<usize> {
    (all != Some(true)).then_some(ROWS_ON_A_PAGE)
}

/// The ownership of the page's person or team (`get_person_ownership` or
/// `get_team_ownership`), all of it when the address says `?owned=all`.
pub fn owned_by_route_id<F, Fut>(fetch: F) -> Owned
where
    F: Fn(Uuid, Option<bool>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Ownership, UiError>> + Send + 'static,
{
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
        (id, query.with(|q| q.get("owned").as_deref() == Some("all")))
    };
    Resource::new(key, move |(id, all)| async move {
        match id {
            Some(id) => fetch(id, all.then_some(true)).await.map(Some),
            None => Ok(None),
        }
    })
}

#[component]
pub fn OwnedSection(
    owned: Owned,
    /// A team's load names who holds each letter.
    #[prop(optional)]
    team: bool,
    /// A deactivated person may not hold R or A: their rows are listed to reassign.
    #[prop(optional)]
    deactivated: bool,
) -> impl IntoView {
    let title = if team { "Ownership load" } else { "What they own" };
    view! {
        <section class="card" aria-labelledby="owned-title">
            <h2 id="owned-title">{title}</h2>
            {move || owned.get().map(|r| match r {
                Ok(Some(o)) => view! { {deactivated.then(|| reassign(&o))}{table(o, team)} }.into_any(),
                Ok(None) => ().into_any(),
                Err(e) => view! { <p class="notice notice-error">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

/// The rows a deactivated person still carries, each linked to its place in the matrix.
fn reassign(o: &Ownership) -> Option<AnyView> {
    let rows: Vec<_> = o.rows.iter().filter(|r| r.via_team.is_none() && (r.letter == "A" || r.letter == "R")).collect();
    (!rows.is_empty()).then(|| {
        view! {
            <div class="notice notice-error" role="alert">
                <p><strong>{if o.total > o.rows.len() {
                    "Deactivated, but still responsible or accountable on these rows and maybe more (show all below): reassign them.".to_string()
                } else {
                    format!("Deactivated, but still responsible or accountable on {} row(s): reassign them.", rows.len())
                }}</strong></p>
                <ul>{rows.into_iter().map(|r| view! {
                    <li><a href=format!("/ownership?component={}", r.row.component.id)>{format!("{} · {} ({})", r.row.component.name, r.row.activity, r.letter)}</a></li>
                }).collect_view()}</ul>
            </div>
        }
        .into_any()
    })
}

fn table(o: Ownership, by_holder: bool) -> AnyView {
    if o.rows.is_empty() {
        return view! { <p class="muted">"No letters in the ownership matrix."</p> }.into_any();
    }
    let counts = o.counts.iter().map(|c| format!("{} {}", c.count, c.letter)).collect::<Vec<_>>().join(" · ");
    let (shown, total) = (o.rows.len(), o.total);
    let more = (total > shown).then(|| {
        view! {
            <p class="muted small">{format!("Showing the first {shown} of {} rows, tier 1 first. ", domain::numbers::thousands(total as i64))}
                <a href="?owned=all#owned-title">{format!("Show all {total}")}</a></p>
        }
    });
    view! {
        <p>{counts}<span class="muted">{format!(" across {} rows", domain::numbers::thousands(total as i64))}</span></p>
        <div class="table-wrap"><table class="table">
            <thead><tr><th scope="col">"Component"</th><th scope="col">"Activity"</th><th scope="col">"Letter"</th>
                {by_holder.then(|| view! { <th scope="col">"Held by"</th> })}<th scope="col">"Status"</th></tr></thead>
            <tbody>{o.rows.into_iter().map(|r| view! {
                <tr class:cell-stale=r.stale>
                    <td><a href=format!("/components/{}", r.row.component.id)>{r.row.component.name.clone()}</a>" "
                        <span class=format!("tier tier-{}", r.row.component.tier)>{format!("T{}", r.row.component.tier)}</span></td>
                    <td>{r.row.activity.clone()}</td>
                    <td><span class=format!("letter letter-{}", r.letter)>{r.letter.clone()}</span>
                        {(!by_holder).then(|| r.via_team.clone().map(|t| view! { <span class="muted small">{format!(" via {}", t.name)}</span> }))}</td>
                    {by_holder.then(|| view! { <td>{r.holder.clone()}</td> })}
                    <td>{if r.stale { "overdue" } else { "confirmed" }}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
        {more}
    }
    .into_any()
}
