//! `/interviews/candidates`: the candidates (hiring staff only: to everyone else the page
//! is 403), searchable and paged, each with the date their data is kept until; and a
//! form to add one, which goes on to scheduling their loop.

use super::room_nav;
use super::sfn::{AddCandidate, list_candidates};
use crate::components::by_id::refusal;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::pager::pager;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use domain::interviews::dto::CandidatePage;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CandidatesPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| (q.get("q").filter(|s| !s.is_empty()), q.get("page").and_then(|p| p.parse::<i64>().ok())))
    };
    let loaded = Resource::new(args, |(q, page)| list_candidates(q, page));
    view! {
        <Title text="Candidates" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => page(v, args().0.unwrap_or_default()),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn page(v: CandidatePage, q: String) -> AnyView {
    let pages = (v.total + v.per_page - 1) / v.per_page.max(1);
    let rows: Vec<AnyView> = v
        .items
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/interviews/candidates/{}", c.id)>{if c.anonymised { "(removed)".to_string() } else { c.name.clone() }}</a></th>
                    <td>{c.email.clone()}</td>
                    <td>{c.source.clone()}</td>
                    <td>{c.retain_until.map_or_else(|| "kept (hired)".to_string(), |d| d.format("%-d %b %Y").to_string())}</td>
                    <td>{(!c.anonymised).then(|| view! { <a href=format!("/interviews/loops/new?candidate={}", c.id)>"Schedule a loop"</a> })}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="page-head">
            <h1>"Candidates"</h1>
            <p class="lede">"People applying from outside. Their data is kept until the date shown, then removed (names, emails, notes, files); ratings stay for the statistics."</p>
        </div>
        {room_nav("/interviews/candidates")}
        <form method="get" class="filters" role="search">
            <label for="q">"Search by name or email"</label>
            <input id="q" name="q" type="search" value=q />
            <button type="submit" class="button secondary">"Search"</button>
        </form>
        <section class="card" aria-labelledby="list-title">
            <h2 id="list-title">{format!("{} candidate{}", v.total, if v.total == 1 { "" } else { "s" })}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">"No candidates match."</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Source"</th><th scope="col">"Kept until"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div> }.into_any()
            }}
            {(pages > 1).then(|| pager(v.page, pages, false, crate::components::pager::page_link))}
        </section>
        <section class="card" aria-labelledby="add-title">
            <h2 id="add-title">"Add a candidate"</h2>
            <EnhancedForm action=AddCandidate::url() class="stack-form">
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="200" value=kept_or("name", "") autocomplete="off" />
                <label for="email">"Email"</label>
                <FieldProblem field="email" />
                <input id="email" name="email" type="email" required maxlength="254" value=kept_or("email", "") autocomplete="off" />
                <label for="source">"Source (optional)"</label>
                <FieldProblem field="source" />
                <input id="source" name="source" maxlength="200" value=kept_or("source", "") placeholder="Referral, job board…" />
                <label for="notes">"Notes (optional)"</label>
                <FieldProblem field="notes" />
                <textarea id="notes" name="notes" rows="3" maxlength="8000">{raw_text(kept_or("notes", ""))}</textarea>
                <label class="check"><input type="checkbox" name="consent" value="on" />" The candidate agreed to their data being kept for this hiring process"</label>
                <button type="submit" class="button">"Add and schedule a loop"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}
