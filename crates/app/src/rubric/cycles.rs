//! Assessment cycles: the list with completion (HR also opens, closes and reopens them
//! here) and HR's report of one cycle: completion and the spread of levels.

use crate::components::admin_only::HrOnly;
use crate::components::by_id::route_page;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::signed_in::SignedIn;
use crate::rubric::sfn::{OpenCycle, SetCycleStatus, get_cycle_report, list_cycles};
use domain::rubric::cycle::{CycleReport, CycleStatus, CycleSummary, LevelDistribution};
use domain::rubric::dto::FrameworkSummary;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CyclesPage() -> AnyView {
    let loaded = Resource::new(|| (), |_| list_cycles());
    view! {
        <Title text="Assessment cycles" />
        <SignedIn>
            <div class="page-head">
                <h1>"Assessment cycles"</h1>
                <p class="lede">"A cycle is a period in which everyone rates themselves and managers rate their reports, against one framework version."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok((cycles, frameworks)) => view! {
                        {list(cycles)}
                        <HrOnly>{new_form(frameworks.clone())}</HrOnly>
                    }.into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 { 0 } else { part * 100 / whole }
}

fn list(cycles: Vec<CycleSummary>) -> AnyView {
    if cycles.is_empty() {
        return view! { <div class="empty"><p>"No cycles yet. HR opens the first one here."</p></div> }.into_any();
    }
    let hr = crate::components::admin_only::is_hr();
    let rows: Vec<AnyView> = cycles.into_iter().map(|c| cycle_row(c, hr)).collect();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Cycle"</th><th scope="col">"Dates"</th><th scope="col">"Status"</th>
                    <th scope="col">"Self-assessments"</th><th scope="col">"Manager assessments"</th>{hr.then(|| view! { <th scope="col">"Actions"</th> })}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn cycle_row(c: CycleSummary, hr: bool) -> AnyView {
    let open = c.status == CycleStatus::Open;
    let name = if hr {
        view! { <a href=format!("/cycles/{}", c.id)>{c.name.clone()}</a> }.into_any()
    } else {
        view! { <span>{c.name.clone()}</span> }.into_any()
    };
    view! {
        <tr>
            <th scope="row">{name}<span class="muted small">{format!(" · {} v{}", c.framework.framework_name, c.framework.number)}</span></th>
            <td>{format!("{} – {}", c.starts_on.format("%-d %b"), c.ends_on.format("%-d %b %Y"))}</td>
            <td><span class=if open { "badge" } else { "badge badge-success" }>{if open { "Open" } else { "Closed" }}</span></td>
            <td>{progress(c.self_submitted, c.people_count)}</td>
            <td>{progress(c.manager_submitted, c.people_count)}</td>
            {hr.then(|| view! {
                <td>
                    <EnhancedForm action=SetCycleStatus::url() class="inline-form">
                        <input type="hidden" name="id" value=c.id.to_string() />
                        <input type="hidden" name="version" value=c.version.to_string() />
                        <input type="hidden" name="status" value=if open { "closed" } else { "open" } />
                        <button type="submit" class="button secondary small" aria-label=format!("{} {}", if open { "Close" } else { "Reopen" }, c.name)>{if open { "Close" } else { "Reopen" }}</button>
                    </EnhancedForm>
                </td>
            })}
        </tr>
    }
    .into_any()
}

fn progress(done: i64, of: i64) -> AnyView {
    let pct = percent(done, of);
    view! {
        <span class="progress-text">{format!("{done} of {of}")}</span>
        <meter min="0" max="100" value=pct.to_string() title=format!("{pct}%")>{format!("{pct}%")}</meter>
    }
    .into_any()
}

fn new_form(frameworks: Vec<FrameworkSummary>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="new-cycle-title">
            <h2 id="new-cycle-title">"Open a cycle"</h2>
            <EnhancedForm action=OpenCycle::url() class="stack-form">
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="120" placeholder="e.g. Spring 2027" />
                <label for="starts_on">"Starts on"</label>
                <FieldProblem field="starts_on" />
                <input id="starts_on" name="starts_on" type="date" required />
                <label for="ends_on">"Ends on"</label>
                <FieldProblem field="ends_on" />
                <input id="ends_on" name="ends_on" type="date" required />
                {crate::rubric::framework_select::framework_select(frameworks)}
                <button type="submit" class="button">"Open cycle"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn CycleReportPage() -> AnyView {
    route_page(get_cycle_report, report)
}

fn report(r: CycleReport) -> AnyView {
    let c = r.cycle;
    let levels = c.framework.level_count;
    let heads: Vec<AnyView> =
        (1..=levels).map(|l| view! { <th scope="col">{format!("Level {l}")}</th> }.into_any()).collect();
    let rows: Vec<AnyView> = r.distribution.iter().map(|d| distribution_row(d, levels)).collect();
    view! {
        <Title text=format!("Report: {}", c.name) />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/cycles">"Assessment cycles"</a>" / "{c.name.clone()}</nav>
        <div class="page-head">
            <h1>{format!("Report: {}", c.name)}</h1>
            <p class="lede">{format!("{} version {} · {} – {}", c.framework.framework_name, c.framework.number, c.starts_on.format("%-d %b"), c.ends_on.format("%-d %b %Y"))}</p>
        </div>
        <dl class="facts card">
            <dt>"People"</dt><dd>{c.people_count}</dd>
            <dt>"Self-assessments submitted"</dt><dd>{progress(c.self_submitted, c.people_count)}</dd>
            <dt>"Manager assessments submitted"</dt><dd>{progress(c.manager_submitted, c.people_count)}</dd>
        </dl>
        <h2>"Levels per competency (manager ratings)"</h2>
        <div class="table-wrap">
            <table class="table distribution">
                <thead><tr><th scope="col">"Competency"</th>{heads}<th scope="col">"Rated"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn distribution_row(d: &LevelDistribution, levels: i32) -> AnyView {
    let cells: Vec<AnyView> = (1..=levels)
        .map(|l| {
            let n = d.counts.get(&l).copied().unwrap_or(0);
            let pct = percent(n, d.rated);
            view! { <td class="dist-cell" style=format!("--share: {pct}%")><span>{n}</span></td> }.into_any()
        })
        .collect();
    view! {
        <tr><th scope="row">{d.name.clone()}<span class="muted small">{format!(" · {}", d.area)}</span></th>{cells}<td>{d.rated}</td></tr>
    }
    .into_any()
}
