//! One component: what it is, what it depends on and what depends on it, what a failure
//! would take down (with the owners to call), its place in the dependency graph, and its
//! rows of the ownership matrix.

use crate::components::by_id::route_page;
use crate::ownership::sfn::{ComponentView, get_component};
use domain::ownership::component::{Dependency, Reached};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ComponentPage() -> AnyView {
    route_page(get_component, page)
}

fn tier(t: i32) -> AnyView {
    view! { <span class=format!("tier tier-{t}")>{format!("T{t}")}</span> }.into_any()
}

fn page(v: ComponentView) -> AnyView {
    let c = v.component.clone();
    let d = v.dependencies.clone();
    let names: std::collections::HashMap<uuid::Uuid, String> =
        v.matrix.people.iter().chain(&v.matrix.teams).map(|h| (h.id, h.name.clone())).collect();
    let rows: Vec<AnyView> = v
        .matrix
        .rows
        .iter()
        .map(|r| {
            let activity = v.matrix.activities.iter().find(|a| a.id == r.activity_id).map(|a| a.name.clone()).unwrap_or_default();
            let letters = r
                .assignments
                .iter()
                .map(|a| format!("{} {}", a.letter.as_str(), a.person_id.or(a.team_id).and_then(|id| names.get(&id).cloned()).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <tr class:cell-broken=!r.breaks.is_empty() class:cell-stale=r.stale>
                    <th scope="row">{activity}</th>
                    <td>{letters}</td>
                    <td>{if r.breaks.is_empty() { "ok".to_string() } else { r.breaks.iter().map(|b| b.message.clone()).collect::<Vec<_>>().join(" ") }}</td>
                    <td>{if r.stale { "overdue".to_string() } else { r.due_at.format("%-d %b %Y").to_string() }}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <Title text=c.name.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/components">"Components"</a>" / "{c.name.clone()}</nav>
        <div class="page-head">
            <h1>{c.name.clone()}" "{tier(c.tier)}</h1>
            <p class="lede">{format!("{} · {}", c.kind.label(), c.lifecycle.as_str())}{(!c.description.is_empty()).then(|| format!(" · {}", c.description))}</p>
            <p class="links">
                {c.runbook_url.clone().map(|u| view! { <a href=u rel="noopener noreferrer">"Runbook"</a>" · " })}
                {c.dashboard_url.clone().map(|u| view! { <a href=u rel="noopener noreferrer">"Dashboard"</a>" · " })}
                <a href=format!("/ownership?component={}", c.id)>"Matrix"</a>
            </p>
            {d.in_cycle.then(|| view! { <p class="notice notice-warn">"This component is part of a dependency cycle: something it needs also needs it."</p> })}
        </div>
        <section class="card impact" aria-labelledby="impact-title">
            <h2 id="impact-title">{format!("If {} is down", c.name)}</h2>
            {if v.impact.affected.is_empty() {
                view! { <p class="muted">"Nothing depends on it."</p> }.into_any()
            } else {
                view! {
                    <p>{format!("{} components depend on it, {} of them tier 1 or 2.", v.impact.total_affected, v.impact.critical_count)}
                        {(v.impact.total_affected > v.impact.affected.len()).then(|| format!(" The {} nearest are listed.", v.impact.affected.len()))}</p>
                    <div class="table-wrap"><table class="table">
                        <thead><tr><th scope="col">"Affected"</th><th scope="col">"Hops"</th><th scope="col">"Accountable"</th><th scope="col">"Responders"</th></tr></thead>
                        <tbody>{v.impact.affected.iter().map(|a| view! {
                            <tr>
                                <td><a href=format!("/components/{}", a.component.id)>{a.component.name.clone()}</a>" "{tier(a.component.tier)}</td>
                                <td class="num">{a.depth}</td>
                                <td>{if a.accountable.is_empty() { "nobody".to_string() } else { a.accountable.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ") }}</td>
                                <td>{a.responders.join(", ")}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <div class="two-col">
            {neighbours("Depends on", "needs", &d.depends_on, &d.upstream)}
            {neighbours("Needed by", "needed-by", &d.depended_on_by, &d.downstream)}
        </div>
        <section class="card" aria-labelledby="rows-title">
            <h2 id="rows-title">"Ownership"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"No activity has anyone assigned yet."</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Activity"</th><th scope="col">"Letters"</th><th scope="col">"Rules"</th><th scope="col">"Confirm by"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div> }.into_any()
            }}
        </section>
        <section class="card graph" aria-labelledby="graph-title">
            <h2 id="graph-title">"Where it sits"</h2>
            <p class="muted small">"Highlighted: this component, what it needs (upstream) and what needs it (downstream). Arrows point to what a component depends on."</p>
            <div class="graph-wrap" inner_html=v.graph.clone()></div>
        </section>
    }
    .into_any()
}

fn neighbours(title: &'static str, id: &'static str, direct: &[Dependency], all: &[Reached]) -> AnyView {
    let indirect: Vec<&Reached> = all.iter().filter(|r| r.depth > 1).collect();
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {if direct.is_empty() {
                view! { <p class="muted">"Nothing."</p> }.into_any()
            } else {
                view! { <ul class="link-list">{direct.iter().map(|d| view! {
                    <li><a href=format!("/components/{}", d.component.id)>{d.component.name.clone()}</a>
                        {(!d.reason.is_empty()).then(|| view! { <span class="muted">{format!(": {}", d.reason)}</span> })}</li>
                }).collect_view()}</ul> }.into_any()
            }}
            {(!indirect.is_empty()).then(|| view! {
                <p class="muted small">{format!("And indirectly: {}", indirect.iter().map(|r| r.component.name.clone()).collect::<Vec<_>>().join(", "))}</p>
            })}
        </section>
    }
    .into_any()
}
