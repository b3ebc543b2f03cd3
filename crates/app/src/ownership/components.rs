//! The component catalog: every system the IT department keeps running, most critical
//! first, with who is accountable. Admins and managers add components here.

use crate::components::by_id::show_loaded;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::signed_in::SignedIn;
use crate::ownership::sfn::{AddComponent, list_components};
use domain::identity::Role;
use domain::ownership::component::{ComponentKind, ComponentPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn may_add() -> bool {
    use_context::<crate::components::layout::CurrentUser>()
        .and_then(|u| u.get_untracked())
        .and_then(Result::ok)
        .flatten()
        .is_some_and(|me| me.roles.iter().any(|r| matches!(r, Role::Admin | Role::Manager)))
}

#[component]
pub fn ComponentsPage() -> AnyView {
    let query = use_query_map();
    let searched = move || query.with(|q| q.get("q").unwrap_or_default());
    let filter = move || {
        query.with(|q| {
            (
                q.get("q").filter(|s| !s.is_empty()),
                q.get("tier").and_then(|t| t.parse::<i32>().ok()),
                q.get("page").and_then(|t| t.parse::<i64>().ok()),
            )
        })
    };
    let loaded = Resource::new(filter, |(q, tier, page)| async move { list_components(q, tier, page).await.map(Some) });
    view! {
        <SignedIn>
            <Title text="Components" />
            <div class="page-head">
                <h1>"Components"</h1>
                <p class="lede">"The systems, services and infrastructure we keep running, most critical first."</p>
                <p class="links"><a href="/ownership">"Ownership matrix"</a>" · "<a href="/ownership/gaps">"Gaps"</a>" · "<a href="/ownership/graph">"Dependency graph"</a></p>
            </div>
            <form class="inline-form filter" method="get">
                <label for="c-q">"Name"</label>
                <input id="c-q" name="q" type="search" value=searched />
                <label for="c-tier">"Tier"</label>
                <select id="c-tier" name="tier">
                    <option value="">"All"</option>
                    {(1..=4).map(|t| view! { <option value=t.to_string() selected=move || query.with(|q| q.get("tier")) == Some(t.to_string())>{format!("Tier {t}")}</option> }).collect_view()}
                </select>
                <button type="submit" class="button secondary">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, list))}
            </Transition>
            {may_add().then(add_form)}
        </SignedIn>
    }
    .into_any()
}

fn list(p: ComponentPage) -> AnyView {
    if p.items.is_empty() {
        return view! { <div class="empty"><p>"No components match."</p></div> }.into_any();
    }
    let pages = (p.total + p.per_page - 1) / p.per_page;
    let rows: Vec<AnyView> = p
        .items
        .into_iter()
        .map(|c| {
            let accountable = if c.accountable.is_empty() {
                view! { <span class="badge badge-warn">"nobody accountable"</span> }.into_any()
            } else {
                c.accountable.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ").into_any()
            };
            view! {
                <tr>
                    <td><a href=format!("/components/{}", c.id)>{c.name.clone()}</a></td>
                    <td><span class=format!("tier tier-{}", c.tier)>{format!("T{}", c.tier)}</span></td>
                    <td>{c.kind.label()}</td>
                    <td>{c.lifecycle.as_str()}</td>
                    <td>{accountable}</td>
                    <td class="num">{c.upstream_count}</td>
                    <td class="num">{c.downstream_count}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <p class="muted">{format!("{} components", domain::numbers::thousands(p.total))}</p>
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Tier"</th><th scope="col">"Kind"</th><th scope="col">"Lifecycle"</th>
                    <th scope="col">"Accountable"</th><th scope="col" class="num">"Needs"</th><th scope="col" class="num">"Needed by"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(pages > 1).then(|| crate::components::pager::pager(p.page, pages, false, crate::components::pager::page_link))}
    }
    .into_any()
}

fn add_form() -> AnyView {
    view! {
        <section class="card" aria-labelledby="add-title">
            <h2 id="add-title">"Add a component"</h2>
            <EnhancedForm action=AddComponent::url() class="stack-form">
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="120" />
                <label for="kind">"Kind"</label>
                <FieldProblem field="kind" />
                <select id="kind" name="kind">
                    {ComponentKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                </select>
                <label for="tier">"Criticality tier"</label>
                <FieldProblem field="tier" />
                <select id="tier" name="tier">
                    <option value="1">"1: stops the business"</option>
                    <option value="2" selected=true>"2: hurts many people"</option>
                    <option value="3">"3: hurts a few"</option>
                    <option value="4">"4: can wait"</option>
                </select>
                <label for="description">"Description"</label>
                <FieldProblem field="description" />
                <textarea id="description" name="description" rows="2" maxlength="4000"></textarea>
                <button type="submit" class="button">"Add component"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}
