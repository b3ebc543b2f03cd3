//! One RACI row on a page of its own (`/ownership/row?component=…&activity=…`): the form
//! the matrix's "Edit" opens without JavaScript (with it, the editor opens in place). Its
//! letters, who holds each, the rules it breaks, and for its accountable person "Confirm
//! it still holds". A plain form: it posts and the matrix comes back.

use crate::components::by_id::show_loaded;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::signed_in::{SignedIn, my_id};
use crate::ownership::sfn::{MatrixView, SaveOwnershipRowForm, get_ownership_matrix};
use domain::ownership::matrix::HolderRef;
use domain::ownership::raci::{Holder, Letter};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// Empty lines offered below the row's letters (submit, and more appear).
const BLANK_LINES: usize = 3;

#[component]
pub fn OwnershipRowPage() -> AnyView {
    let query = use_query_map();
    let key = move || {
        query.with(|q| {
            (
                q.get("component").and_then(|t| t.parse::<Uuid>().ok()),
                q.get("activity").and_then(|t| t.parse::<Uuid>().ok()),
            )
        })
    };
    let loaded = Resource::new(key, |(component, activity)| async move {
        match (component, activity) {
            (Some(c), Some(a)) => {
                get_ownership_matrix(None, None, Some(a), Some(c), None, Some(true)).await.map(|v| Some((v, c, a)))
            }
            _ => Ok(None),
        }
    });
    view! {
        <SignedIn>
            <Transition fallback=|| ()>
                {move || loaded.get().map(|r| show_loaded(r, |(v, c, a)| page(v, c, a)))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn page(v: MatrixView, component: Uuid, activity: Uuid) -> AnyView {
    let Some(c) = v.matrix.components.iter().find(|c| c.id == component).cloned() else {
        return view! { <crate::not_found::NotFound /> }.into_any();
    };
    let Some(a) = v.matrix.activities.iter().find(|x| x.id == activity).cloned() else {
        return view! { <crate::not_found::NotFound /> }.into_any();
    };
    let row = v.matrix.rows.iter().find(|r| r.component_id == component && r.activity_id == activity).cloned();
    let editable = v.matrix.editable.contains(&component);
    let is_a = row.as_ref().is_some_and(|r| {
        r.assignments.iter().any(|x| x.letter == Letter::A && x.person_id.is_some() && x.person_id == my_id())
    });
    let name_of = |h: Holder| -> String {
        let (p, t) = h.ids();
        v.matrix
            .people
            .iter()
            .chain(&v.people)
            .find(|x| Some(x.id) == p)
            .or_else(|| v.matrix.teams.iter().chain(&v.teams).find(|x| Some(x.id) == t))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| "someone no longer listed".into())
    };
    let title = format!("{} · {}", c.name, a.name);
    let back = format!("/ownership?component={component}");
    let letters: Vec<&'static str> =
        Letter::ALL.iter().filter(|l| v.matrix.settings.rasci || **l != Letter::S).map(|l| l.as_str()).collect();
    let current: Vec<(String, String)> = row
        .as_ref()
        .map(|r| {
            r.assignments.iter().filter_map(|x| Some((x.letter.as_str().to_string(), x.holder()?.key()))).collect()
        })
        .unwrap_or_default();
    let read: Vec<(String, String)> = row
        .as_ref()
        .map(|r| {
            r.assignments.iter().filter_map(|x| Some((x.letter.as_str().to_string(), name_of(x.holder()?)))).collect()
        })
        .unwrap_or_default();
    let breaks: Vec<String> =
        row.as_ref().map(|r| r.breaks.iter().map(|b| b.message.clone()).collect()).unwrap_or_default();
    let due = row.as_ref().map(|r| (r.stale, r.due_at.format("%-d %B %Y").to_string()));
    let version = row.as_ref().map(|r| r.version.to_string()).unwrap_or_default();
    let (people, teams) = (v.people, v.teams);
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/ownership">"Ownership matrix"</a>" / "<a href=back.clone()>{c.name.clone()}</a>" / "{a.name.clone()}
        </nav>
        <div class="page-head">
            <h1>{title}</h1>
            <p class="lede">"Who does this activity for this component. A row in use needs exactly one A (a person) and at least one R."</p>
        </div>
        {due.map(|(stale, d)| view! {
            <p class=if stale { "notice notice-warn" } else { "muted" }>
                {format!("{} {d}.", if stale { "Overdue for confirmation since" } else { "Next confirmation due" })}
            </p>
        })}
        {(!breaks.is_empty()).then(|| view! {
            <div class="notice notice-warn"><p><strong>"This row breaks a rule:"</strong></p>
                <ul>{breaks.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul></div>
        })}
        {if editable {
            edit_form(component, activity, version, current, letters, people, teams, is_a).into_any()
        } else {
            view! {
                {if read.is_empty() {
                    view! { <p class="empty">"Nobody holds a letter on this row."</p> }.into_any()
                } else {
                    view! { <ul class="letter-lines">{read.into_iter().map(|(l, n)| view! {
                        <li><span class=format!("letter letter-{l}")>{l.clone()}</span>" "{n}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
                <p class="muted">"Only the component's accountable people and admins change its rows."</p>
            }.into_any()
        }}
        <p><a href=back>"Back to the matrix"</a></p>
    }
    .into_any()
}

#[allow(clippy::too_many_arguments)]
fn edit_form(
    component: Uuid,
    activity: Uuid,
    version: String,
    current: Vec<(String, String)>,
    letters: Vec<&'static str>,
    people: Vec<HolderRef>,
    teams: Vec<HolderRef>,
    is_a: bool,
) -> impl IntoView {
    let in_use = !version.is_empty();
    let lines: Vec<(String, String)> =
        current.into_iter().chain(std::iter::repeat_n(("R".to_string(), String::new()), BLANK_LINES)).collect();
    view! {
        <EnhancedForm action=SaveOwnershipRowForm::url() class="stack-form">
            <input type="hidden" name="component_id" value=component.to_string() />
            <input type="hidden" name="activity_id" value=activity.to_string() />
            <input type="hidden" name="version" value=version />
            <p class="muted">"Leave a line's person empty to drop it; clear every line to take the row out of use."</p>
            <ol class="letter-lines">
                {lines.into_iter().enumerate().map(|(i, (letter, holder))| view! {
                    <li class="letter-line">
                        <label class="sr-only" for=format!("letter-{i}")>{format!("Letter {}", i + 1)}</label>
                        <select id=format!("letter-{i}") name=format!("lines[{i}][letter]")>
                            {letters.iter().map(|l| view! { <option value=*l selected=letter == *l>{*l}</option> }).collect_view()}
                        </select>
                        <label class="sr-only" for=format!("holder-{i}")>{format!("Held by, line {}", i + 1)}</label>
                        <FieldProblem field=format!("holder-{i}") />
                        <select id=format!("holder-{i}") name=format!("lines[{i}][holder]")>
                            <option value="">"Nobody (drop this line)"</option>
                            {(!holder.is_empty() && !offered(&holder, &people, &teams)).then(|| view! {
                                <option value=holder.clone() selected=true>"(no longer offered: deactivated)"</option>
                            })}
                            <optgroup label="People">
                                {people.iter().map(|p| { let k = Holder::Person(p.id).key(); view! { <option value=k.clone() selected=holder == k>{p.name.clone()}</option> } }).collect_view()}
                            </optgroup>
                            <optgroup label="Teams">
                                {teams.iter().map(|t| { let k = Holder::Team(t.id).key(); view! { <option value=k.clone() selected=holder == k>{t.name.clone()}</option> } }).collect_view()}
                            </optgroup>
                        </select>
                    </li>
                }).collect_view()}
            </ol>
            {in_use.then(|| view! {
                <div class="field">
                    <FieldProblem field="confirm_remove" />
                    <label class="check"><input type="checkbox" id="confirm_remove" name="confirm_remove" />
                        " If every line is empty: yes, take this row out of use"</label>
                </div>
            })}
            <div class="actions">
                <button type="submit" class="button">"Save row"</button>
                {is_a.then(|| view! { <button type="submit" class="button secondary" name="intent" value="confirm">"Confirm it still holds"</button> })}
            </div>
        </EnhancedForm>
    }
}

/// Whether `key` is one of the holders offered (a deactivated holder is not, yet stays).
fn offered(key: &str, people: &[HolderRef], teams: &[HolderRef]) -> bool {
    people.iter().any(|p| Holder::Person(p.id).key() == key) || teams.iter().any(|t| Holder::Team(t.id).key() == key)
}
