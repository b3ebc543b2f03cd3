//! The people directory: search, filter by team and role, pages of 20. The filters are a
//! plain GET form, so the URL says what is shown and it works without JavaScript.

use crate::components::admin_only::AdminOnly;
use crate::components::signed_in::SignedIn;
use crate::identity::sfn::{list_people, list_teams};
use domain::identity::{PeopleQuery, Role};
use domain::numbers::thousands;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        params.with(|p| PeopleQuery {
            q: p.get("q").filter(|s| !s.is_empty()),
            team: p.get("team").and_then(|s| s.parse().ok()),
            role: p.get("role").and_then(|s| Role::parse(&s)),
            status: None,
            page: p.get("page").and_then(|s| s.parse().ok()),
            per_page: None,
        })
    };
    let people = Resource::new(query, list_people);
    let searched = move || query().q.unwrap_or_default();
    let teams = Resource::new(|| (), |_| list_teams());
    view! {
        <Title text="People" />
        <SignedIn>
            <div class="page-head">
                <AdminOnly><a class="button page-action" href="/people/import">"Import people"</a></AdminOnly>
                <h1>"People"</h1>
                <p class="lede">"Everyone in your organization: who they are, their team and who they report to."</p>
            </div>
            <Form method="GET" action="/people" attr:class="filters" attr:role="search">
                <div class="field">
                    <label for="q">"Search"</label>
                    <input id="q" name="q" type="search" placeholder="Name, email or job title" value=searched />
                </div>
                <div class="field">
                    <label for="team">"Team"</label>
                    <select id="team" name="team">
                        <option value="">"All teams"</option>
                        <Transition fallback=|| ()>
                            {move || teams.get().and_then(Result::ok).map(|ts| ts.into_iter().map(|t| {
                                let selected = query().team == Some(t.id);
                                view! { <option value=t.id.to_string() selected=selected>{t.name}</option> }
                            }).collect_view())}
                        </Transition>
                    </select>
                </div>
                <div class="field">
                    <label for="role">"Role"</label>
                    <select id="role" name="role">
                        <option value="">"Any role"</option>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || query().role == Some(r)>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">"Show"</button>
                <a class="button secondary" href="/api/v1/people/export.csv" download="people.csv" rel="external">"Download CSV"</a>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"Loading people…"</p> }>
                {move || people.get().map(|result| match result {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <div class="empty">
                            <p>"No one matches these filters."</p>
                            <a href="/people">"Clear the filters"</a>
                        </div>
                    }.into_any(),
                    Ok(page) => {
                        let pages = ((page.total + i64::from(page.per_page) - 1) / i64::from(page.per_page)).max(1);
                        let first = (i64::from(page.page) - 1) * i64::from(page.per_page) + 1;
                        let last = first + page.items.len() as i64 - 1;
                        let link = move |n: i64| {
                            let q = query();
                            let mut parts = vec![format!("page={n}")];
                            if let Some(s) = q.q { parts.push(format!("q={}", urlencode(&s))); }
                            if let Some(t) = q.team { parts.push(format!("team={t}")); }
                            if let Some(r) = q.role { parts.push(format!("role={}", r.as_str())); }
                            format!("/people?{}", parts.join("&"))
                        };
                        let current = i64::from(page.page);
                        view! {
                            <p class="muted" role="status">{if page.total_exact {
                                format!("{}–{} of {} people", thousands(first), thousands(last), thousands(page.total))
                            } else {
                                format!("{}–{} of more than {} people", thousands(first), thousands(last), thousands(page.total))
                            }}</p>
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Job title"</th>
                                        <th scope="col">"Teams"</th>
                                        <th scope="col">"Manager"</th>
                                        <th scope="col">"Roles"</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.into_iter().map(|p| view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/people/{}", p.id)>{p.name}</a>
                                                    <div class="sub">{p.email}</div></th>
                                                <td>{p.job_title}</td>
                                                <td>{p.teams.into_iter().map(|t| t.name).collect::<Vec<_>>().join(", ")}</td>
                                                <td>{p.manager.map(|m| view! { <a href=format!("/people/{}", m.id)>{m.name}</a> })}</td>
                                                <td>{p.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {crate::components::pager::pager(current, pages, !page.total_exact, link)}
                        }.into_any()
                    }
                })}
            </Transition>
        </SignedIn>
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
