//! A person's competencies: the radar chart (drawn on the server, so it reads without
//! JavaScript and prints), the gap table sorted by gap with self and manager side by side,
//! and the history of submitted assessments. HR can change the person's role profile here.
//! A rating given against an older version's anchor that has changed since says so.

use crate::components::by_id::route_page;
use crate::components::enhanced_form::EnhancedForm;
use crate::rubric::sfn::{SetRoleProfile, get_competencies};
use domain::rubric::assessment::AssessmentKind;
use domain::rubric::gap::GapRow;
use domain::rubric::profile::{ChangedAnchor, HistoryEntry, PersonCompetencies, RoleProfileRef};
use domain::rubric::role_profile::FrameworkVersionRef;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CompetenciesPage() -> AnyView {
    route_page(get_competencies, |(p, svg, profiles)| page(p, svg, profiles))
}

fn page(p: PersonCompetencies, radars: Vec<(String, String)>, profiles: Vec<RoleProfileRef>) -> AnyView {
    let name = p.person.name.clone();
    let id = p.person.id;
    let has_role = p.role_profile.is_some();
    let rated = p.rows.iter().any(|r| r.manager.is_some() || r.self_rating.is_some());
    view! {
        <Title text=format!("Competencies of {name}") />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/people">"People"</a>" / "<a href=format!("/people/{id}")>{name.clone()}</a>" / Competencies"</nav>
        <div class="page-head">
            <h1>{format!("Competencies of {name}")}</h1>
            <p class="lede">{measured_against(&p)}</p>
        </div>
        {(!profiles.is_empty()).then(|| role_form(id, p.role_profile.as_ref().map(|r| r.id), profiles))}
        {if rated || has_role {
            view! {
                <section aria-labelledby="radars-title">
                    <h2 id="radars-title">"By area"</h2>
                    <p class="muted">"Dashed grey: expected by the role. Blue: manager's rating. Orange: own rating. The table below has every value."</p>
                    <div class="radar-areas">
                        {radars.into_iter().map(|(area, svg)| view! {
                            <figure class="card radar">
                                <figcaption><strong>{area}</strong></figcaption>
                                <div inner_html=svg></div>
                            </figure>
                        }).collect_view()}
                    </div>
                </section>
                {gap_table(&p)}
                {history(&p)}
            }.into_any()
        } else {
            view! { <div class="empty"><p>"No submitted assessments yet. Ratings appear here once a self-assessment or a manager assessment is submitted."</p><a href="/assessments">"Go to assessments"</a></div> }.into_any()
        }}
    }
    .into_any()
}

/// What the page measures against: the role profile, on the version its expectations were
/// set on (a profile stays on its version until HR moves it), and the framework version
/// whose competencies the table lists.
fn measured_against(p: &PersonCompetencies) -> String {
    let Some(f) = &p.framework else { return "No published framework yet".to_string() };
    match (&p.role_profile, p.role_profile_version) {
        (Some(r), Some(pinned)) if pinned != f.number => format!(
            "Role profile: {}, on {} version {pinned} · shown with the competencies of version {}",
            r.name, f.framework_name, f.number
        ),
        (Some(r), _) => format!("Role profile: {} · {} version {}", r.name, f.framework_name, f.number),
        (None, _) => format!("No role profile yet · {} version {}", f.framework_name, f.number),
    }
}

fn role_form(person: uuid::Uuid, current: Option<uuid::Uuid>, profiles: Vec<RoleProfileRef>) -> AnyView {
    view! {
        <EnhancedForm action=SetRoleProfile::url() class="inline-form role-form">
            <input type="hidden" name="person" value=person.to_string() />
            <label for="role_profile_id">"Role profile"</label>
            <select id="role_profile_id" name="role_profile_id">
                <option value="" selected=current.is_none()>"None"</option>
                {profiles.into_iter().map(|r| view! { <option value=r.id.to_string() selected=current == Some(r.id)>{r.name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button secondary">"Change"</button>
        </EnhancedForm>
    }
    .into_any()
}

fn cell(v: Option<i32>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}

/// The newest submitted (not amended) assessment's cycle of one kind: where that column's
/// values come from (older ones fill competencies it left unrated).
fn newest_cycle(p: &PersonCompetencies, kind: AssessmentKind) -> String {
    p.history
        .iter()
        .find(|h| h.kind == kind && !h.amended)
        .map_or_else(|| "none yet".to_string(), |h| h.cycle_name.clone())
}

fn gap_table(p: &PersonCompetencies) -> AnyView {
    let body: Vec<AnyView> = p.rows.iter().map(|r| gap_row(r, p)).collect();
    let manager = newest_cycle(p, AssessmentKind::Manager);
    let own = newest_cycle(p, AssessmentKind::SelfAssessment);
    let expected = p.role_profile.as_ref().map_or_else(|| "no role profile".to_string(), |r| r.name.clone());
    view! {
        <div class="table-wrap card">
            <table class="table gap-table">
                <caption>"Where the ratings stand against the role, largest gap first"</caption>
                <thead><tr>
                    <th scope="col">"Competency"</th>
                    <th scope="col">"Expected"<span class="sub">{format!(" {expected}")}</span></th>
                    <th scope="col">"Manager"<span class="sub">{format!(" {manager}")}</span></th>
                    <th scope="col">"Self"<span class="sub">{format!(" {own}")}</span></th>
                    <th scope="col">"Gap"</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn gap_row(r: &GapRow, p: &PersonCompetencies) -> AnyView {
    let framework = p.framework.as_ref();
    let manager_note = anchor_note(p.changed_anchor(&r.slug, AssessmentKind::Manager), framework);
    let own_note = anchor_note(p.changed_anchor(&r.slug, AssessmentKind::SelfAssessment), framework);
    let gap = r.gap();
    let differ = r.disagreement().is_some_and(|d| d >= 1);
    let gap_text = match gap {
        Some(g) if g > 0 => format!("{g} below"),
        Some(g) if g < 0 => format!("{} above", -g),
        Some(_) => "meets".to_string(),
        None => "—".to_string(),
    };
    view! {
        <tr class:below=gap.is_some_and(|g| g > 0)>
            <th scope="row">{r.name.clone()}<span class="muted small">{format!(" · {}", r.area)}</span></th>
            <td>{cell(r.expected)}</td>
            <td>{cell(r.manager)}{manager_note}</td>
            <td class:differs=differ title=if differ { "Self and manager disagree" } else { "" }>
                {cell(r.self_rating)}{differ.then(|| view! { <span class="sr-only">" (differs from the manager's rating)"</span> })}
                {own_note}
            </td>
            <td>{gap_text}</td>
        </tr>
    }
    .into_any()
}

/// Beside a rating given against an older version whose anchor for that level has changed
/// since: says so, and links to what changed between that version and the one shown.
fn anchor_note(note: Option<&ChangedAnchor>, framework: Option<&FrameworkVersionRef>) -> Option<AnyView> {
    let (note, f) = (note?, framework?);
    let href = format!("/frameworks/{}/diff?from={}&to={}", f.framework_id, note.framework_version, f.number);
    Some(view! { <a class="anchor-note" href=href>{anchor_note_text(note)}</a> }.into_any())
}

fn anchor_note_text(note: &ChangedAnchor) -> String {
    format!("Rated against version {}; the anchor for level {} has changed since", note.framework_version, note.level)
}

fn history(p: &PersonCompetencies) -> AnyView {
    if p.history.is_empty() {
        return view! { <p class="muted">"No submitted assessments yet."</p> }.into_any();
    }
    let items: Vec<AnyView> = p.history.iter().map(history_item).collect();
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <ol class="history-list">{items}</ol>
        </section>
    }
    .into_any()
}

fn history_item(h: &HistoryEntry) -> AnyView {
    let average = if h.levels.is_empty() { 0.0 } else { h.levels.values().sum::<i32>() as f64 / h.levels.len() as f64 };
    view! {
        <li>
            <a href=format!("/assessments/{}", h.assessment_id)>{format!("{} · {}", h.cycle_name, h.kind.label())}</a>
            <span class="muted">{format!(" · version {} · submitted {} · {} rated · average level {average:.1}", h.framework_version, h.submitted_at.format("%-d %b %Y"), h.levels.len())}</span>
            {h.amended.then(|| view! { <span class="badge">"amended"</span> })}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::identity::PersonRef;
    use uuid::Uuid;

    fn profile(role_profile_version: Option<i32>, newest: i32) -> PersonCompetencies {
        PersonCompetencies {
            person: PersonRef { id: Uuid::nil(), name: "Aisha Khan".into() },
            role_profile: Some(RoleProfileRef { id: Uuid::nil(), name: "Engineer II".into() }),
            role_profile_version,
            framework: Some(FrameworkVersionRef {
                framework_id: Uuid::nil(),
                framework_name: "IT Lead".into(),
                version_id: Uuid::nil(),
                number: newest,
                level_count: 5,
            }),
            rows: vec![],
            history: vec![],
            changed_anchors: vec![],
        }
    }

    #[test]
    fn the_role_profile_is_labelled_with_the_version_it_is_set_on() {
        assert_eq!(
            measured_against(&profile(Some(1), 2)),
            "Role profile: Engineer II, on IT Lead version 1 · shown with the competencies of version 2"
        );
        assert_eq!(measured_against(&profile(Some(2), 2)), "Role profile: Engineer II · IT Lead version 2");
        let mut none = profile(None, 2);
        none.role_profile = None;
        assert_eq!(measured_against(&none), "No role profile yet · IT Lead version 2");
        none.framework = None;
        assert_eq!(measured_against(&none), "No published framework yet");
    }

    #[test]
    fn a_note_names_the_version_rated_against_and_the_level() {
        let note =
            ChangedAnchor { slug: "backups".into(), kind: AssessmentKind::Manager, framework_version: 1, level: 3 };
        assert_eq!(anchor_note_text(&note), "Rated against version 1; the anchor for level 3 has changed since");
    }
}
