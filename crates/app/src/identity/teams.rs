//! Teams: the list, and one team's page with lead and members.

use crate::components::admin_only::AdminOnly;
use crate::components::by_id::{resource_by_route_id, show_loaded};
use crate::components::signed_in::SignedIn;
use crate::identity::sfn::{get_team, list_teams};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let teams = Resource::new(|| (), |_| list_teams());
    view! {
        <Title text="Teams" />
        <SignedIn>
            <div class="page-head">
                <AdminOnly><a class="button page-action" href="/teams/new">"New team"</a></AdminOnly>
                <h1>"Teams"</h1>
                <p class="lede">"Who works together, and who leads them."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || teams.get().map(|r| match r {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <div class="empty"><p>"No teams yet."</p></div> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">"Team"</th>
                                    <th scope="col">"Lead"</th>
                                    <th scope="col" class="num">"Members"</th>
                                    <th scope="col">"About"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|t| view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/teams/{}", t.id)>{t.name}</a></th>
                                            <td>{t.lead.map(|l| view! { <a href=format!("/people/{}", l.id)>{l.name}</a> })}</td>
                                            <td class="num">{t.member_count}</td>
                                            <td>{t.description}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let team = resource_by_route_id(get_team);
    let owned = crate::ownership::owned::owned_by_route_id(crate::ownership::sfn::get_team_ownership);
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || team.get().map(|r| show_loaded(r, |t| view! {
                        <Title text=t.name.clone() />
                        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/teams">"Teams"</a>" / "{t.name.clone()}</nav>
                        <div class="page-head">
                            {crate::components::admin_only::is_admin().then(|| view! { <a class="button secondary page-action" href=format!("/teams/{}/edit", t.id)>"Edit"</a> })}
                            <h1>{t.name.clone()}</h1>
                            <p class="lede">{if t.description.is_empty() { "No description yet.".to_string() } else { t.description.clone() }}</p>
                            <p><a href=format!("/teams/{}/skills", t.id)>"Skills matrix"</a><span class="muted">" (for the lead, their managers and HR)"</span></p>
                        </div>
                        <section class="card" aria-labelledby="members-title">
                            <h2 id="members-title">{format!("Members ({})", t.members.len())}</h2>
                            <p>"Lead: "{match t.lead.clone() {
                                Some(l) => view! { <a href=format!("/people/{}", l.id)>{l.name}</a> }.into_any(),
                                None => view! { <span class="muted">"no lead"</span> }.into_any(),
                            }}</p>
                            {if t.members.is_empty() {
                                view! { <p class="muted">"No members yet."</p> }.into_any()
                            } else {
                                view! { <ul class="link-list">
                                    {t.members.iter().map(|m| view! { <li><a href=format!("/people/{}", m.id)>{m.name.clone()}</a></li> }).collect_view()}
                                </ul> }.into_any()
                            }}
                        </section>
                        <crate::ownership::owned::OwnedSection owned team=true />
                    }.into_any()))}
            </Transition>
        </SignedIn>
    }
}
