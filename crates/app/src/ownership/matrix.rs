//! The RACI matrix: components × activities with the letters on each row. Rows that break
//! a rule or are overdue for confirmation stand out. Whoever may edit a component's rows
//! (its accountable people, admins) opens a row in the editor below the table; the rules
//! are checked as they change it (the same check the server runs on save), and the
//! server's answer is shown when it refuses.

use crate::components::by_id::show_loaded;
use crate::components::signed_in::{SignedIn, my_id};
use crate::ownership::sfn::{
    MatrixView, RowSaved, confirm_ownership_row, get_ownership_matrix, get_row_candidates, save_ownership_row,
};
use domain::numbers::thousands;
use domain::ownership::component::ComponentRef;
use domain::ownership::matrix::{AssignmentInput, HolderRef, MatrixRow, RowInput};
use domain::ownership::raci::{self, Holder, Holding, Letter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn OwnershipPage() -> AnyView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            (
                q.get("tier").and_then(|t| t.parse::<i32>().ok()),
                q.get("team").and_then(|t| t.parse::<Uuid>().ok()),
                q.get("activity").and_then(|t| t.parse::<Uuid>().ok()),
                q.get("component").and_then(|t| t.parse::<Uuid>().ok()),
                q.get("page").and_then(|t| t.parse::<i64>().ok()),
            )
        })
    };
    let loaded = Resource::new(filter, |(tier, team, activity, component, page)| async move {
        get_ownership_matrix(tier, team, activity, component, page, None).await.map(Some)
    });
    view! {
        <SignedIn>
            <Title text="Ownership matrix" />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, page))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

/// Names of everyone who may appear in a cell or be picked in the editor.
#[derive(Clone, Default)]
struct Names {
    people: HashMap<Uuid, HolderRef>,
    teams: HashMap<Uuid, HolderRef>,
}

impl Names {
    fn of(&self, person: Option<Uuid>, team: Option<Uuid>) -> (String, bool, bool) {
        match (person, team) {
            (Some(p), _) => {
                self.people.get(&p).map_or(("someone".into(), false, true), |h| (h.name.clone(), false, h.active))
            }
            (_, Some(t)) => self.teams.get(&t).map_or(("a team".into(), true, true), |h| (h.name.clone(), true, true)),
            _ => (String::new(), false, true),
        }
    }
}

/// A row of the matrix by (component, activity).
type Rows = HashMap<(Uuid, Uuid), MatrixRow>;

/// What the matrix island gets from the server page: the rows and every name it shows or
/// offers. Sent as JSON in the page, so only what the table and the editor use.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct MatrixData {
    rows: Vec<MatrixRow>,
    components: Vec<ComponentRef>,
    activities: Vec<(Uuid, String)>,
    /// Names of the people and teams the rows mention. Who else may be given a letter is
    /// fetched when an editor first opens (`get_row_candidates`): sent with the page it
    /// was most of a large organization's matrix page.
    named_people: Vec<HolderRef>,
    named_teams: Vec<HolderRef>,
    editable: Vec<Uuid>,
    rasci: bool,
    me: Option<Uuid>,
}

/// What the table and the editor share.
#[derive(Clone, Copy)]
struct Matrix {
    rows: RwSignal<Rows>,
    editing: RwSignal<Option<(Uuid, Uuid)>>,
    names: StoredValue<Names>,
    components: StoredValue<Vec<ComponentRef>>,
    activities: StoredValue<Vec<(Uuid, String)>>,
    editable: StoredValue<Vec<Uuid>>,
    /// Who may be given a letter, once fetched.
    candidates: RwSignal<Option<(Vec<HolderRef>, Vec<HolderRef>)>>,
    rasci: bool,
    me: Option<Uuid>,
}

fn page(v: MatrixView) -> AnyView {
    let total = v.matrix.total_components;
    let pages = (total as i64 + i64::from(v.matrix.per_page) - 1) / i64::from(v.matrix.per_page).max(1);
    let first = (i64::from(v.matrix.page) - 1) * i64::from(v.matrix.per_page) + 1;
    let last = first + v.matrix.components.len() as i64 - 1;
    let paged = pages > 1;
    let page = i64::from(v.matrix.page);
    let rasci = v.matrix.settings.rasci;
    let filters = filters(&v);
    let verify_days = v.matrix.settings.verify_days;
    let counts = counts(&v.matrix.rows);
    let data = MatrixData {
        activities: v.matrix.activities.iter().map(|a| (a.id, a.name.clone())).collect(),
        rows: v.matrix.rows,
        components: v.matrix.components,
        named_people: v.matrix.people,
        named_teams: v.matrix.teams,
        editable: v.matrix.editable,
        rasci,
        me: my_id(),
    };
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/components">"Components"</a>" / Ownership matrix"</nav>
        <div class="page-head">
            <h1>"Ownership matrix"</h1>
            <p class="lede">{format!(
                "Who does what for each component. Every row in use needs exactly one A (a person) and at least one R; its A confirms it every {verify_days} days."
            )}</p>
            <p class="links">
                <a href="/ownership/gaps">"Gaps"</a>
                <span class="muted" id="matrix-counts">{counts}</span>
                " · "<a href="/ownership/graph">"Dependency graph"</a>
                " · "<a href="/api/v1/ownership/export?what=matrix" download="ownership-matrix.csv" rel="external">"Download CSV"</a>
                " · "<a href="/ownership/import">"Import"</a>
                {(crate::components::admin_only::is_hr() || crate::components::admin_only::is_admin()).then(|| view! { " · "<a href="/ownership/risk">"Key-person risk"</a> })}
            </p>
        </div>
        {filters}
        {legend(rasci)}
        {(total > 0).then(|| view! { <p class="muted" role="status">{if paged { format!("Components {}–{} of {}, most critical first", thousands(first), thousands(last), thousands(total as i64)) } else { format!("{} components, most critical first", thousands(total as i64)) }}</p> })}
        <OwnershipMatrix data />
        {paged.then(|| crate::components::pager::pager(page, pages, false, crate::components::pager::page_link))}
    }
    .into_any()
}

/// " (2 rows here break a rule, 1 overdue)" for the page head.
fn counts<'a>(rows: impl IntoIterator<Item = &'a MatrixRow>) -> String {
    let (mut broken, mut stale) = (0, 0);
    for r in rows {
        broken += usize::from(!r.breaks.is_empty());
        stale += usize::from(r.stale);
    }
    format!(" ({broken} rows here break a rule, {stale} overdue)")
}

/// The table and the row editor: an island, the part of the page that runs in the
/// browser. After a save it also keeps the page head's counts current.
#[island]
fn OwnershipMatrix(data: MatrixData) -> impl IntoView {
    let mut names = Names::default();
    for h in &data.named_people {
        names.people.insert(h.id, h.clone());
    }
    for h in &data.named_teams {
        names.teams.insert(h.id, h.clone());
    }
    let m = Matrix {
        rows: RwSignal::new(data.rows.into_iter().map(|r| ((r.component_id, r.activity_id), r)).collect()),
        editing: RwSignal::new(None),
        names: StoredValue::new(names),
        components: StoredValue::new(data.components),
        activities: StoredValue::new(data.activities),
        editable: StoredValue::new(data.editable),
        candidates: RwSignal::new(None),
        rasci: data.rasci,
        me: data.me,
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let text = m.rows.with(|rows| counts(rows.values()));
        if let Some(el) = document().get_element_by_id("matrix-counts") {
            el.set_text_content(Some(&text));
        }
    });
    view! { {table(m)} }
}

fn filters(v: &MatrixView) -> AnyView {
    let teams = v.matrix.teams.clone();
    let activities = v.matrix.activities.clone();
    view! {
        <form class="inline-form filter" method="get">
            <label for="f-tier">"Tier"</label>
            <select id="f-tier" name="tier">
                <option value="">"All"</option>
                {(1..=4).map(|t| view! { <option value=t.to_string()>{format!("Tier {t}")}</option> }).collect_view()}
            </select>
            <label for="f-team">"Team"</label>
            <select id="f-team" name="team">
                <option value="">"Any"</option>
                {teams.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
            </select>
            <label for="f-activity">"Activity"</label>
            <select id="f-activity" name="activity">
                <option value="">"All"</option>
                {activities.into_iter().map(|a| view! { <option value=a.id.to_string()>{a.name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button secondary">"Show"</button>
            <a href="/ownership">"Clear"</a>
        </form>
    }
    .into_any()
}

fn legend(rasci: bool) -> AnyView {
    let letters: Vec<Letter> = Letter::ALL.into_iter().filter(|l| rasci || *l != Letter::S).collect();
    view! {
        <p class="legend muted small">
            {letters.into_iter().map(|l| view! { <span class="legend-item"><span class=format!("letter letter-{}", l.as_str())>{l.as_str()}</span>" "{l.meaning()}</span> }).collect_view()}
            <span class="legend-item"><span class="swatch swatch-broken"></span>" breaks a rule"</span>
            <span class="legend-item"><span class="swatch swatch-stale"></span>" overdue for confirmation"</span>
        </p>
    }
    .into_any()
}

fn table(m: Matrix) -> AnyView {
    let activities = m.activities.get_value();
    let heads: Vec<AnyView> =
        activities.iter().map(|(_, name)| view! { <th scope="col">{name.clone()}</th> }.into_any()).collect();
    let components = m.components.get_value();
    if components.is_empty() {
        return view! { <div class="empty"><p>"No components match. "<a href="/components">"Add components"</a>" to the catalog first."</p></div> }.into_any();
    }
    let span = activities.len() + 1;
    let rows: Vec<AnyView> = components
        .into_iter()
        .map(|c| {
            let cells: Vec<AnyView> = activities.iter().map(|(a, name)| cell(m, c.id, *a, c.name.clone(), name.clone())).collect();
            let id = c.id;
            view! {
                <tr>
                    <th scope="row"><a href=format!("/components/{}", c.id)>{c.name.clone()}</a>
                        " "<span class=format!("tier tier-{}", c.tier) title="criticality tier">{format!("T{}", c.tier)}</span></th>
                    {cells}
                </tr>
                // the editor opens right under the row of the cell that opened it
                {move || m.editing.get().filter(|(c, _)| *c == id).map(|(c, a)| view! {
                    <tr class="editor-row"><td colspan=span.to_string()>{editor(m, c, a)}</td></tr>
                })}
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="table-wrap raci-wrap grid-scroll" tabindex="0" role="region" aria-label="Ownership matrix, scrolls sideways">
            <table class="table raci grid-cards">
                <caption class="sr-only">"Components by activity, with the RACI letters of each row"</caption>
                <thead><tr><th scope="col">"Component"</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Short form of a name for a crowded cell: "Elena V.".
fn short(name: &str) -> String {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.last()) {
        (Some(first), Some(last)) => format!("{first} {}.", last.chars().next().unwrap_or(' ')),
        (Some(first), None) => first.to_string(),
        _ => String::new(),
    }
}

fn cell(m: Matrix, component: Uuid, activity: Uuid, cname: String, aname: String) -> AnyView {
    let key = (component, activity);
    // Each closure reads only what it shows; none copies the row or the name table.
    let flags = move || m.rows.with(|rows| rows.get(&key).map(|r| (!r.breaks.is_empty(), r.stale)));
    let in_use = move || m.rows.with(|rows| rows.contains_key(&key));
    let can_edit = m.editable.with_value(|e| e.contains(&component));
    let label = format!("{cname}, {aname}");
    view! {
        <td data-label=aname.clone() class=move || {
            let mut class = String::from("raci-cell");
            if let Some((broken, stale)) = flags() {
                if broken { class.push_str(" cell-broken"); }
                if stale { class.push_str(" cell-stale"); }
            }
            if m.editing.get() == Some(key) { class.push_str(" cell-editing"); }
            class
        }>
            {move || m.rows.with(|rows| rows.get(&key).map(|r| {
                let title = r.breaks.iter().map(|b| b.message.as_str()).collect::<Vec<_>>().join(" ");
                let letters: Vec<_> = m.names.with_value(|names| {
                    r.assignments.iter().map(|a| {
                        let (name, is_team, active) = names.of(a.person_id, a.team_id);
                        let shown = if is_team { name.clone() } else { short(&name) };
                        (a.letter.as_str(), name, shown, active)
                    }).collect()
                });
                view! {
                    <ul class="letters" title=title>
                        {letters.into_iter().map(|(letter, name, shown, active)| view! {
                            <li class:inactive=!active><span class=format!("letter letter-{letter}")>{letter}</span>" "<span title=name>{shown}</span></li>
                        }).collect_view()}
                    </ul>
                }
            }))}
            {can_edit.then(|| {
                let label = label.clone();
                // a link to the row's own page, which works without JavaScript; with it,
                // the editor opens in place instead
                view! {
                    <a class="cell-edit" aria-label=format!("Edit {label}")
                        href=format!("/ownership/row?component={component}&activity={activity}")
                        on:click=move |ev| { ev.prevent_default(); m.editing.set(Some(key)); }>
                        {move || if in_use() { "Edit" } else { "+" }}
                    </a>
                }
            })}
        </td>
    }
    .into_any()
}

/// One line of the editor: a letter and who holds it (None: not chosen yet).
#[derive(Clone, Debug, PartialEq)]
struct Line {
    letter: String,
    holder: Option<Holder>,
}

fn lines_of(row: Option<&MatrixRow>) -> Vec<Line> {
    row.map(|r| {
        r.assignments.iter().map(|a| Line { letter: a.letter.as_str().to_string(), holder: a.holder() }).collect()
    })
    .unwrap_or_default()
}

fn to_input(component: Uuid, activity: Uuid, version: Option<i32>, lines: &[Line]) -> RowInput {
    RowInput {
        component_id: component,
        activity_id: activity,
        version,
        assignments: lines
            .iter()
            .filter_map(|l| {
                let (person_id, team_id) = l.holder?.ids();
                Some(AssignmentInput { letter: l.letter.clone(), person_id, team_id })
            })
            .collect(),
    }
}

/// The rules as they stand for the lines being edited.
fn live_breaks(m: Matrix, lines: &[Line]) -> Vec<String> {
    let holdings: Vec<Holding> = lines
        .iter()
        .filter_map(|l| {
            let letter = Letter::parse(&l.letter)?;
            let (person_id, team_id) = l.holder?.ids();
            let (name, is_team, active) = m.names.with_value(|names| names.of(person_id, team_id));
            Some(Holding { letter, is_team, active, name })
        })
        .collect();
    raci::breaks(&holdings).into_iter().map(|b| b.message).collect()
}

fn editor(m: Matrix, component: Uuid, activity: Uuid) -> AnyView {
    let current = m.rows.with_untracked(|rows| rows.get(&(component, activity)).cloned());
    let cname =
        m.components.with_value(|cs| cs.iter().find(|c| c.id == component).map(|c| c.name.clone()).unwrap_or_default());
    let aname = m
        .activities
        .with_value(|a| a.iter().find(|(id, _)| *id == activity).map(|(_, n)| n.clone()).unwrap_or_default());
    let version = RwSignal::new(current.as_ref().map(|r| r.version));
    let lines = RwSignal::new(lines_of(current.as_ref()));
    let problem = RwSignal::new(None::<domain::ApiErrorBody>);
    let notice = RwSignal::new(None::<String>);
    let removing = RwSignal::new(false);
    let is_a = current.as_ref().is_some_and(|r| {
        r.assignments.iter().any(|a| a.letter == Letter::A && a.person_id.is_some() && a.person_id == m.me)
    });
    let stale = current.as_ref().is_some_and(|r| r.stale);
    let due = current.as_ref().map(|r| r.due_at.format("%-d %B %Y").to_string());
    let after_save = move |saved: RowSaved, what: &str| match (saved.row, saved.problem) {
        (_, Some(p)) => {
            problem.set(Some(p));
            notice.set(None);
        }
        (row, None) => {
            problem.set(None);
            version.set(row.as_ref().map(|r| r.version));
            lines.set(lines_of(row.as_ref()));
            m.rows.update(|rows| match row {
                Some(r) => {
                    rows.insert((component, activity), r);
                }
                None => {
                    rows.remove(&(component, activity));
                }
            });
            notice.set(Some(what.to_string()));
        }
    };
    let save = Action::new_local(move |_: &()| {
        let input = to_input(component, activity, version.get_untracked(), &lines.get_untracked());
        async move {
            match save_ownership_row(input).await {
                Ok(saved) => after_save(saved, "Saved."),
                Err(e) => problem.set(Some(e.0)),
            }
        }
    });
    let confirm = Action::new_local(move |_: &()| async move {
        match confirm_ownership_row(component, activity).await {
            Ok(saved) => after_save(saved, "Confirmed: the row is good for another period."),
            Err(e) => problem.set(Some(e.0)),
        }
    });
    // who may be given a letter: fetched once, when the first editor opens
    if m.candidates.with_untracked(Option::is_none) {
        leptos::task::spawn_local(async move {
            if let Ok((people, teams)) = get_row_candidates().await {
                m.names.update_value(|n| {
                    for h in people.iter() {
                        n.people.insert(h.id, h.clone());
                    }
                    for h in teams.iter() {
                        n.teams.insert(h.id, h.clone());
                    }
                });
                m.candidates.set(Some((people, teams)));
            }
        });
    }
    let letters: Vec<&'static str> =
        Letter::ALL.iter().filter(|l| m.rasci || **l != Letter::S).map(|l| l.as_str()).collect();
    let close = move || m.editing.set(None);
    let indexes = move || (0..lines.with(Vec::len)).collect::<Vec<usize>>();
    // keyboard users land in the editor they opened
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="card row-editor" aria-labelledby="editor-title"
            on:keydown=move |ev| { if ev.key() == "Escape" { close() } }>
            <h2 id="editor-title" tabindex="-1" node_ref=heading>{format!("{cname} · {aname}")}</h2>
            {due.map(|d| view! { <p class=if stale { "notice notice-warn" } else { "muted" }>{format!("{} {d}.", if stale { "Overdue for confirmation since" } else { "Next confirmation due" })}</p> })}
            <ol class="letter-lines">
                {move || match m.candidates.get() {
                    Some((people, teams)) => {
                        let letters = letters.clone();
                        view! {
                            <For each=indexes key=|i| *i let:i>
                                {line_editor(lines, i, letters.clone(), people.clone(), teams.clone())}
                            </For>
                        }.into_any()
                    }
                    None => view! { <li class="muted">"Reading who can be given a letter…"</li> }.into_any(),
                }}
            </ol>
            <p><button type="button" class="button secondary" on:click=move |_| lines.update(|l| l.push(Line { letter: "R".into(), holder: None }))>"Add a letter"</button></p>
            <div role="status" aria-live="polite" class="rule-check">
                {move || {
                    let breaks = lines.with(|l| live_breaks(m, l));
                    if lines.with(Vec::is_empty) {
                        view! { <p class="muted">"No letters: saving takes this row out of use."</p> }.into_any()
                    } else if breaks.is_empty() {
                        view! { <p class="rules-ok">"The row keeps the rules."</p> }.into_any()
                    } else {
                        view! { <ul class="rules-broken">{breaks.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }.into_any()
                    }
                }}
            </div>
            {move || problem.get().map(|p| view! {
                <div class="notice notice-error" role="alert">
                    <p><strong>{p.message.clone()}</strong></p>
                    <ul>{p.fields.into_iter().filter(|(f, _)| f != "version").map(|(_, msg)| view! { <li>{msg}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || notice.get().map(|n| view! { <p class="notice notice-success" role="status">{n}</p> })}
            <div class="actions">
                // Save waits until the live check passes; emptying a row in use asks first.
                {move || {
                    let empty = lines.with(Vec::is_empty);
                    let in_use = version.get().is_some();
                    if empty && in_use && !removing.get() {
                        view! { <button type="button" class="button danger" on:click=move |_| removing.set(true)>"Take this row out of use…"</button> }.into_any()
                    } else if empty && in_use {
                        view! {
                            <span role="alert">"Nobody will hold a letter on this row. "</span>
                            <button type="button" class="button danger" disabled=move || save.pending().get()
                                on:click=move |_| { removing.set(false); save.dispatch(()); }>"Yes, take it out of use"</button>
                        }.into_any()
                    } else {
                        let broken = move || !lines.with(|l| live_breaks(m, l)).is_empty();
                        view! {
                            <button type="button" class="button" disabled=move || save.pending().get() || broken()
                                on:click=move |_| { save.dispatch(()); }>"Save row"</button>
                        }.into_any()
                    }
                }}
                {is_a.then(|| view! {
                    <button type="button" class="button secondary" disabled=move || confirm.pending().get() on:click=move |_| { confirm.dispatch(()); }>"Confirm it still holds"</button>
                })}
                <button type="button" class="button secondary" on:click=move |_| close()>"Close"</button>
            </div>
        </section>
    }
    .into_any()
}

fn line_editor(
    lines: RwSignal<Vec<Line>>,
    i: usize,
    letters: Vec<&'static str>,
    people: Vec<HolderRef>,
    teams: Vec<HolderRef>,
) -> AnyView {
    let letter = move || lines.with(|l| l.get(i).map(|x| x.letter.clone()).unwrap_or_default());
    let holder = move || lines.with(|l| l.get(i).and_then(|x| x.holder).map(Holder::key).unwrap_or_default());
    // the holder as loaded may be someone no longer offered (deactivated): keep them visible
    let current = holder();
    let offered = current.is_empty()
        || people.iter().any(|p| Holder::Person(p.id).key() == current)
        || teams.iter().any(|t| Holder::Team(t.id).key() == current);
    // type to narrow the list: options that do not match are hidden
    let filter = RwSignal::new(String::new());
    let shown = move |name: &str| {
        let f = filter.get().to_lowercase();
        f.is_empty() || name.to_lowercase().contains(f.trim())
    };
    view! {
        <li class="letter-line">
            <label class="sr-only" for=format!("find-{i}")>"Find a person or team"</label>
            <input type="search" id=format!("find-{i}") class="holder-find" placeholder="Type to find…" autocomplete="off"
                on:input=move |ev| filter.set(event_target_value(&ev)) />
            <label class="sr-only" for=format!("letter-{i}")>"Letter"</label>
            <select id=format!("letter-{i}") prop:value=letter
                on:change=move |ev| { let v = event_target_value(&ev); lines.update(|l| if let Some(x) = l.get_mut(i) { x.letter = v; }) }>
                {letters.into_iter().map(|l| view! { <option value=l selected=move || letter() == l>{l}</option> }).collect_view()}
            </select>
            <label class="sr-only" for=format!("holder-{i}")>"Held by"</label>
            <select id=format!("holder-{i}") prop:value=holder
                on:change=move |ev| { let v = event_target_value(&ev); lines.update(|l| if let Some(x) = l.get_mut(i) { x.holder = Holder::from_key(&v); }) }>
                <option value="">"Choose a person or team"</option>
                {(!offered).then(|| view! { <option value=current.clone() selected=true>"(deactivated person)"</option> })}
                <optgroup label="People">
                    {people.into_iter().map(|p| { let v = Holder::Person(p.id).key(); let v2 = v.clone(); let n = p.name.clone(); view! { <option value=v selected=move || holder() == v2 hidden=move || !shown(&n)>{p.name}</option> } }).collect_view()}
                </optgroup>
                <optgroup label="Teams">
                    {teams.into_iter().map(|t| { let v = Holder::Team(t.id).key(); let v2 = v.clone(); let n = t.name.clone(); view! { <option value=v selected=move || holder() == v2 hidden=move || !shown(&n)>{t.name}</option> } }).collect_view()}
                </optgroup>
            </select>
            <button type="button" class="button link" aria-label="Remove this letter"
                on:click=move |_| lines.update(|l| { if i < l.len() { l.remove(i); } })>"Remove"</button>
        </li>
    }
    .into_any()
}
