//! The ownership reports: gaps (rule breaks, orphans, overdue rows) for everyone, and
//! key-person risk for HR and admins. Every entry says why it is listed and links to the
//! place to fix it.

use crate::components::by_id::show_loaded;
use crate::components::signed_in::SignedIn;
use crate::ownership::sfn::{get_dependency_graph, get_key_person_risk, get_ownership_gaps};
use domain::ownership::report::{KeyPersonRisk, OwnershipGaps, RowRef};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

fn row_link(r: &RowRef) -> AnyView {
    view! {
        <a href=format!("/ownership?component={}", r.component.id)>{format!("{} · {}", r.component.name, r.activity)}</a>
        " "<span class=format!("tier tier-{}", r.component.tier)>{format!("T{}", r.component.tier)}</span>
    }
    .into_any()
}

/// Under a section cut to its first entries: how many more there are.
fn more(shown: usize, total: usize) -> Option<AnyView> {
    (total > shown).then(|| {
        view! { <p class="muted small">{format!("Showing the first {shown} of {total}, most critical first. Fix these, or narrow the matrix by team or tier to find the rest.")}</p> }
        .into_any()
    })
}

#[component]
pub fn OwnershipGapsPage() -> AnyView {
    let loaded = Resource::new(|| (), |_| async move { get_ownership_gaps().await.map(Some) });
    view! {
        <SignedIn>
            <Title text="Ownership gaps" />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, gaps))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn gaps(g: OwnershipGaps) -> AnyView {
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/ownership">"Ownership matrix"</a>" / Gaps"</nav>
        <div class="page-head">
            <h1>"Ownership gaps"</h1>
            <p class="lede">{format!("{} rows break a rule, {} components have nobody accountable, {} rows are overdue for confirmation (every {} days).",
                g.totals.broken, g.totals.orphans, g.totals.stale, g.verify_days)}</p>
        </div>
        <section class="card" aria-labelledby="broken-title">
            <h2 id="broken-title">"Rows breaking the rules"</h2>
            {if g.broken.is_empty() { view! { <p class="muted">"None: every row has one A and at least one R."</p> }.into_any() } else {
                view! { <ul class="report-list">{g.broken.iter().map(|b| view! {
                    <li>{row_link(&b.row)}<ul class="why">{b.breaks.iter().map(|x| view! { <li>{x.message.clone()}</li> }).collect_view()}</ul></li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(g.broken.len(), g.totals.broken)}
        </section>
        <section class="card" aria-labelledby="orphans-title">
            <h2 id="orphans-title">"Nobody accountable"</h2>
            {if g.orphans.is_empty() { view! { <p class="muted">"Every live component has someone accountable."</p> }.into_any() } else {
                view! { <ul class="report-list">{g.orphans.iter().map(|o| view! {
                    <li><a href=format!("/components/{}", o.component.id)>{o.component.name.clone()}</a>" "
                        <span class=format!("tier tier-{}", o.component.tier)>{format!("T{}", o.component.tier)}</span>
                        <p class="why">{o.why.clone()}</p></li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(g.orphans.len(), g.totals.orphans)}
        </section>
        <section class="card" aria-labelledby="stale-title">
            <h2 id="stale-title">"Overdue for confirmation"</h2>
            {if g.stale.is_empty() { view! { <p class="muted">"Every row was confirmed in time."</p> }.into_any() } else {
                view! { <ul class="report-list">{g.stale.iter().map(|s| view! {
                    <li>{row_link(&s.row)}<p class="why">{s.why.clone()}</p></li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(g.stale.len(), g.totals.stale)}
        </section>
    }
    .into_any()
}

#[component]
pub fn KeyPersonRiskPage() -> AnyView {
    let loaded = Resource::new(|| (), |_| async move { get_key_person_risk().await.map(Some) });
    view! {
        <SignedIn>
            <Title text="Key-person risk" />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, risk))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn risk(k: KeyPersonRisk) -> AnyView {
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/ownership">"Ownership matrix"</a>" / Key-person risk"</nav>
        <div class="page-head">
            <h1>"Key-person risk"</h1>
            <p class="lede">"Where the organization depends on one person: who carries critical rows alone, who is responsible without the skill the activity needs, and who has nobody ready to take over."</p>
        </div>
        <section class="card" aria-labelledby="single-title">
            <h2 id="single-title">{format!("Carrying {} or more tier 1–2 rows alone", k.threshold)}</h2>
            {if k.single_points.is_empty() { view! { <p class="muted">"Nobody."</p> }.into_any() } else {
                view! { <ul class="report-list">{k.single_points.iter().map(|p| view! {
                    <li><a href=format!("/people/{}", p.person.id)>{p.person.name.clone()}</a>" "<span class="badge badge-warn">{format!("{} rows", p.count)}</span>
                        <p class="why">{p.why.clone()}</p>
                        <details><summary>"The rows"</summary><ul>{p.rows.iter().map(|r| view! { <li>{row_link(&r.row)}" "<span class="muted">{r.letters.clone()}</span></li> }).collect_view()}</ul></details>
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(k.single_points.len(), k.totals.single_points)}
        </section>
        <section class="card" aria-labelledby="skill-title">
            <h2 id="skill-title">"Responsible without the level the activity needs"</h2>
            {if k.skill_shortfalls.is_empty() { view! { <p class="muted">"Everyone responsible meets the level their activity needs."</p> }.into_any() } else {
                view! { <ul class="report-list">{k.skill_shortfalls.iter().map(|s| view! {
                    <li>{row_link(&s.row)}" · "<a href=format!("/people/{}/competencies", s.person.id)>{s.person.name.clone()}</a><p class="why">{s.why.clone()}</p></li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(k.skill_shortfalls.len(), k.totals.skill_shortfalls)}
        </section>
        <section class="card" aria-labelledby="succ-title">
            <h2 id="succ-title">"Accountable with nobody to take over"</h2>
            {if k.no_successor.is_empty() { view! { <p class="muted">"Every accountable person has someone qualified beside them."</p> }.into_any() } else {
                view! { <ul class="report-list">{k.no_successor.iter().map(|s| view! {
                    <li>{row_link(&s.row)}" · "<a href=format!("/people/{}", s.accountable.id)>{s.accountable.name.clone()}</a><p class="why">{s.why.clone()}</p></li>
                }).collect_view()}</ul> }.into_any()
            }}
            {more(k.no_successor.len(), k.totals.no_successor)}
        </section>
    }
    .into_any()
}

#[component]
pub fn DependencyGraphPage() -> AnyView {
    let query = use_query_map();
    let selected = move || query.with(|q| q.get("selected").and_then(|s| s.parse::<Uuid>().ok()));
    let loaded = Resource::new(selected, |s| async move { get_dependency_graph(s).await.map(Some) });
    view! {
        <SignedIn>
            <Title text="Dependency graph" />
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/components">"Components"</a>" / Dependency graph"</nav>
            <div class="page-head">
                <h1>"Dependency graph"</h1>
                <p class="lede">"Arrows point from a component to what it depends on; what everything needs sits at the bottom. Open a component to see what its failure would affect."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, |svg: String| view! { <div class="graph-wrap card" inner_html=svg></div> }.into_any()))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}
