//! A team's skills matrix: people × competencies with each person's current level (an
//! HTML table: colour and the number, so it reads without colour and with a screen
//! reader), filtered by area, with coverage: where nobody reaches the level the team's
//! roles need and where only one person does. The same data downloads as CSV.

use crate::components::by_id::show_loaded;
use crate::components::signed_in::SignedIn;
use crate::components::submit_on_change::SubmitOnChange;
use crate::rubric::sfn::get_skills_matrix;
use domain::rubric::matrix::{Coverage, MatrixCompetency, MatrixPerson, SkillsMatrix};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn SkillsMatrixPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
    let area = move || query.with(|q| q.get("area").filter(|a| !a.is_empty()));
    let loaded = Resource::new(
        move || (id(), area()),
        |(id, area)| async move {
            match id {
                Some(id) => get_skills_matrix(id, area).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, page))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn page(m: SkillsMatrix) -> AnyView {
    let team = m.team_id;
    let csv = match &m.area {
        Some(a) => format!("/api/v1/teams/{team}/skills-matrix?format=csv&area={a}"),
        None => format!("/api/v1/teams/{team}/skills-matrix?format=csv"),
    };
    let gaps: Vec<&MatrixCompetency> = m.competencies.iter().filter(|c| c.coverage == Coverage::Gap).collect();
    let single: Vec<(&MatrixCompetency, Option<(uuid::Uuid, String)>)> = m
        .competencies
        .iter()
        .enumerate()
        .filter(|(_, c)| c.coverage == Coverage::BusFactorOne)
        .map(|(i, c)| (c, holder(&m.people, i, c.needed)))
        .collect();
    // Only the cells the coverage list links to carry an id: one on each of a large
    // team's cells made the page a third heavier and slower to build.
    let linked: Vec<(uuid::Uuid, &str)> =
        single.iter().filter_map(|(c, who)| who.as_ref().map(|(id, _)| (*id, c.slug.as_str()))).collect();
    let table = table(&m, &linked);
    view! {
        <Title text=format!("Skills matrix: {}", m.team_name) />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/teams">"Teams"</a>" / "<a href=format!("/teams/{team}")>{m.team_name.clone()}</a>" / Skills matrix"</nav>
        <div class="page-head">
            <a class="button secondary page-action" rel="external" download="" href=csv>"Download CSV"</a>
            <h1>{format!("Skills matrix: {}", m.team_name)}</h1>
            <p class="lede">{m.framework.as_ref().map(|f| format!("Current levels against {} version {}: the manager's newest rating, or the person's own (marked *) where no manager rating exists yet.", f.framework_name, f.number))}</p>
        </div>
        {area_filter(&m)}
        {coverage_summary(gaps, single)}
        {if m.people.is_empty() {
            view! { <div class="empty"><p>"This team has no active members yet."</p></div> }.into_any()
        } else {
            table
        }}
    }
    .into_any()
}

/// The one person at or above the needed level.
fn holder(people: &[MatrixPerson], column: usize, needed: Option<i32>) -> Option<(uuid::Uuid, String)> {
    people
        .iter()
        .find(|p| matches!((p.cells[column], needed), (Some(c), Some(n)) if c.level >= n))
        .map(|p| (p.id, p.name.clone()))
}

/// The id of a matrix cell, so the coverage list can link to it.
fn cell_id(person: uuid::Uuid, slug: &str) -> String {
    format!("cell-{person}-{slug}")
}

fn area_filter(m: &SkillsMatrix) -> AnyView {
    let areas = m.areas.clone();
    let current = m.area.clone();
    let chosen = current.clone(); // the select's children closure takes its own copy
    view! {
        <form class="inline-form filter" method="get">
            <label for="area">"Area"</label>
            <SubmitOnChange>
                <select id="area" name="area">
                    <option value="" selected=chosen.is_none()>"All areas"</option>
                    {areas.into_iter().map(|a| { let sel = chosen.as_deref() == Some(a.slug.as_str()); view! { <option value=a.slug selected=sel>{a.name}</option> } }).collect_view()}
                </select>
            </SubmitOnChange>
            <noscript><button type="submit" class="button secondary">"Show"</button></noscript>
            {current.is_some().then(|| view! { <a href="?">"Show all areas"</a> })}
        </form>
    }
    .into_any()
}

/// Only competencies the team's role profiles expect count here (`needed`); each says
/// where it stands, links to the people and the matrix cell, and what to do about it.
fn coverage_summary(
    gaps: Vec<&MatrixCompetency>,
    single: Vec<(&MatrixCompetency, Option<(uuid::Uuid, String)>)>,
) -> AnyView {
    if gaps.is_empty() && single.is_empty() {
        return view! { <p class="notice">"Every expected competency is held by at least two people at the needed level."</p> }.into_any();
    }
    view! {
        <section class="card coverage" aria-labelledby="coverage-title">
            <h2 id="coverage-title">"Coverage"</h2>
            {(!gaps.is_empty()).then(|| view! {
                <h3>"Nobody at the needed level"</h3>
                <ul class="report-list">{gaps.into_iter().map(|c| view! {
                    <li>
                        <strong>{c.name.clone()}</strong>{format!(" needs level {}; nobody on the team holds it.", c.needed.unwrap_or_default())}
                        <p class="why">"What to do: assess who may be close (their newest rating may be old), plan training or pairing with another team, or hire for it."</p>
                    </li>
                }).collect_view()}</ul>
            })}
            {(!single.is_empty()).then(|| view! {
                <h3>"Bus factor 1: only one person"</h3>
                <ul class="report-list">{single.into_iter().map(|(c, who)| {
                    let (id, name) = who.unwrap_or_default();
                    let first = name.split_whitespace().next().unwrap_or_default().to_string();
                    view! {
                        <li class="bus-factor">
                            <strong>{c.name.clone()}</strong>": only "
                            <a href=format!("/people/{id}/competencies")>{name.clone()}</a>
                            {format!(" at level {} or above ", c.needed.unwrap_or_default())}
                            "("<a href=format!("#{}", cell_id(id, &c.slug))>"see the cell"</a>")."
                            <p class="why">{format!("What to do: pair someone with {first} on this work, have {first} write down how it is done, and assess the others who may be close.")}</p>
                        </li>
                    }
                }).collect_view()}</ul>
            })}
        </section>
    }
    .into_any()
}

fn table(m: &SkillsMatrix, linked: &[(uuid::Uuid, &str)]) -> AnyView {
    let heads: Vec<AnyView> = m
        .competencies
        .iter()
        .map(|c| {
            view! { <th scope="col" class="matrix-head" title=c.area.clone()><span>{c.name.clone()}</span></th> }
                .into_any()
        })
        .collect();
    let rows: Vec<AnyView> = m.people.iter().map(|p| person_row(p, &m.competencies, linked)).collect();
    let needed: Vec<AnyView> = m
        .competencies
        .iter()
        .map(|c| view! { <td>{c.needed.map_or("—".to_string(), |n| n.to_string())}</td> }.into_any())
        .collect();
    let coverage: Vec<AnyView> = m.competencies.iter().map(coverage_cell).collect();
    view! {
        <div class="table-wrap matrix-wrap grid-scroll" tabindex="0" role="region" aria-label="Skills matrix, scrolls sideways">
            <table class="table matrix grid-cards">
                <caption class="sr-only">"People by competency, current level"</caption>
                <thead><tr><th scope="col">"Person"</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr><th scope="row">"Needed level"</th>{needed}</tr>
                    <tr><th scope="row">"Coverage"</th>{coverage}</tr>
                </tfoot>
            </table>
        </div>
        <p class="muted small">"Colours deepen with the level; a ring marks a level at or above what the team needs."</p>
    }
    .into_any()
}

/// A cell's name for assistive technology comes from its column header (`scope="col"`);
/// its `title` adds what the colour and ring say (self-rated, meets the needed level),
/// which screen readers read as its description. `data-label` names the column on a
/// phone, where the rows become cards.
fn person_row(p: &MatrixPerson, competencies: &[MatrixCompetency], linked: &[(uuid::Uuid, &str)]) -> AnyView {
    let cells: Vec<AnyView> = p
        .cells
        .iter()
        .zip(competencies)
        .map(|(cell, c)| match cell {
            Some(v) => {
                let meets = c.needed.is_some_and(|n| v.level >= n);
                let label = format!(
                    "{}: level {}{}{}",
                    c.name,
                    v.level,
                    if v.by_manager { "" } else { ", self-rated" },
                    if meets { ", meets the needed level" } else { "" }
                );
                let id = linked.contains(&(p.id, c.slug.as_str())).then(|| cell_id(p.id, &c.slug));
                view! {
                    <td id=id data-label=c.name.clone() class=format!("lvl lvl-{}", v.level) class:meets=meets title=label>
                        {v.level}{(!v.by_manager).then_some("*")}
                    </td>
                }
                .into_any()
            }
            None => view! { <td class="lvl lvl-0" data-label=c.name.clone() title=format!("{}: not rated", c.name)>"—"</td> }.into_any(),
        })
        .collect();
    view! {
        <tr>
            <th scope="row"><a href=format!("/people/{}/competencies", p.id)>{p.name.clone()}</a>
                {p.role_profile.clone().map(|r| view! { <span class="muted small">{format!(" · {r}")}</span> })}</th>
            {cells}
        </tr>
    }
    .into_any()
}

fn coverage_cell(c: &MatrixCompetency) -> AnyView {
    let (class, text) = match c.coverage {
        Coverage::Gap => ("cov cov-gap", "none"),
        Coverage::BusFactorOne => ("cov cov-one", "1 only"),
        Coverage::Covered => ("cov cov-ok", "ok"),
        Coverage::NotExpected => ("cov", "—"),
    };
    view! { <td class=class title=c.coverage.label()>{text}<span class="sr-only">{format!(" ({} people at the needed level)", c.holders)}</span></td> }.into_any()
}
