//! One component: what it is, what it depends on and what depends on it, what a failure
//! would take down (with the owners to call), its place in the dependency graph, and its
//! rows of the ownership matrix.

use crate::components::by_id::route_page;
use crate::components::confirm::Confirm;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::ownership::sfn::{AddDependency, ComponentView, RemoveDependency, UpdateComponent, get_component};
use domain::ownership::component::{ComponentKind, ComponentSummary, Dependency, Lifecycle, Reached};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn ComponentPage() -> AnyView {
    route_page(get_component, page)
}

fn tier(t: i32) -> AnyView {
    view! { <span class=format!("tier tier-{t}")>{format!("T{t}")}</span> }.into_any()
}

fn page(v: ComponentView) -> AnyView {
    let c = v.component.clone();
    // its accountable people and admins change it (the server checks again on save)
    let editable = v.matrix.editable.contains(&c.id);
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
            {neighbours("Depends on", "needs", &d.depends_on, &d.upstream, editable.then_some(c.id))}
            {neighbours("Needed by", "needed-by", &d.depended_on_by, &d.downstream, None)}
        </div>
        {editable.then(|| edit_form(&c))}
        {editable.then(|| view! {
            <datalist id="component-names">{v.catalog.iter().map(|n| view! { <option value=n.clone()></option> }).collect_view()}</datalist>
        })}
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

/// The component's own fields, for whoever may change it.
fn edit_form(c: &ComponentSummary) -> AnyView {
    let kind = kept_or("kind", c.kind.as_str());
    let lifecycle = kept_or("lifecycle", c.lifecycle.as_str());
    // the form's fields render inside the form island's children: owned values only
    let c = c.clone();
    view! {
        <section class="card" aria-labelledby="edit-title">
            <details>
                <summary><h2 id="edit-title" class="inline-heading">"Edit this component"</h2></summary>
                <EnhancedForm action=UpdateComponent::url() class="stack-form">
                    <input type="hidden" name="id" value=c.id.to_string() />
                    <input type="hidden" name="version" value=c.version.to_string() />
                    <label for="name">"Name"</label>
                    <FieldProblem field="name" />
                    <input id="name" name="name" required maxlength="120" value=kept_or("name", c.name.clone()) />
                    <label for="kind">"Kind"</label>
                    <FieldProblem field="kind" />
                    <select id="kind" name="kind">
                        {ComponentKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                    <label for="tier">"Criticality tier"</label>
                    <FieldProblem field="tier" />
                    <select id="tier" name="tier">
                        {(1..=4).map(|t| view! { <option value=t.to_string() selected=c.tier == t>{format!("Tier {t}")}</option> }).collect_view()}
                    </select>
                    <label for="lifecycle">"Lifecycle"</label>
                    <FieldProblem field="lifecycle" />
                    <select id="lifecycle" name="lifecycle">
                        {Lifecycle::ALL.into_iter().map(|l| view! { <option value=l.as_str() selected=lifecycle == l.as_str()>{l.as_str()}</option> }).collect_view()}
                    </select>
                    <label for="description">"Description"</label>
                    <FieldProblem field="description" />
                    <textarea id="description" name="description" rows="3" maxlength="2000">{crate::components::raw_text::raw_text(kept_or("description", c.description.clone()))}</textarea>
                    <label for="runbook_url">"Runbook address (optional)"</label>
                    <FieldProblem field="runbook_url" />
                    <input id="runbook_url" name="runbook_url" type="url" value=kept_or("runbook_url", c.runbook_url.clone().unwrap_or_default()) />
                    <label for="dashboard_url">"Dashboard address (optional)"</label>
                    <FieldProblem field="dashboard_url" />
                    <input id="dashboard_url" name="dashboard_url" type="url" value=kept_or("dashboard_url", c.dashboard_url.clone().unwrap_or_default()) />
                    <button type="submit" class="button">"Save component"</button>
                </EnhancedForm>
            </details>
        </section>
    }
    .into_any()
}

/// Add what the component depends on (by name, with type-ahead from the catalog's
/// `datalist`), for whoever may change it.
fn add_dependency_form(id: Uuid) -> AnyView {
    view! {
        <EnhancedForm action=AddDependency::url() class="stack-form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="depends_on">"Add: depends on (a component's name)"</label>
            <FieldProblem field="depends_on" />
            <input id="depends_on" name="depends_on" list="component-names" autocomplete="off" required value=kept_or("depends_on", "") />
            <label for="reason">"Why (optional)"</label>
            <FieldProblem field="reason" />
            <input id="reason" name="reason" maxlength="500" value=kept_or("reason", "") />
            <button type="submit" class="button secondary">"Add dependency"</button>
        </EnhancedForm>
    }
    .into_any()
}

fn neighbours(
    title: &'static str,
    id: &'static str,
    direct: &[Dependency],
    all: &[Reached],
    editable: Option<Uuid>,
) -> AnyView {
    let indirect: Vec<&Reached> = all.iter().filter(|r| r.depth > 1).collect();
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {if direct.is_empty() {
                view! { <p class="muted">"Nothing."</p> }.into_any()
            } else {
                view! { <ul class="link-list">{direct.iter().map(|d| view! {
                    <li><a href=format!("/components/{}", d.component.id)>{d.component.name.clone()}</a>
                        {(!d.reason.is_empty()).then(|| view! { <span class="muted">{format!(": {}", d.reason)}</span> })}
                        {editable.map(|me| { let target = d.component.id; view! {
                            " "
                            <Confirm label="Remove…" question=format!("Remove the dependency on {}?", d.component.name)>
                                <EnhancedForm action=RemoveDependency::url() class="inline-form">
                                    <input type="hidden" name="id" value=me.to_string() />
                                    <input type="hidden" name="depends_on_id" value=target.to_string() />
                                    <button type="submit" class="button danger small">"Yes, remove it"</button>
                                </EnhancedForm>
                            </Confirm>
                        }})}</li>
                }).collect_view()}</ul> }.into_any()
            }}
            {editable.map(add_dependency_form)}
            {(!indirect.is_empty()).then(|| view! {
                <p class="muted small">{format!("And indirectly: {}", indirect.iter().map(|r| r.component.name.clone()).collect::<Vec<_>>().join(", "))}</p>
            })}
        </section>
    }
    .into_any()
}
