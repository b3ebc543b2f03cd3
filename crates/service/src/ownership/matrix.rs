//! The RACI matrix: reading it, writing a row under the rules, confirming rows, and the
//! organization's ownership settings.

use super::component_ref;
use crate::actor::Actor;
use crate::report_cache::variant_key;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::{DateTime, Duration, Utc};
pub use db::ownership::matrix::Filter;
use db::ownership::matrix::{CellRow, HolderRow};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::ids::{ActivityId, ComponentId, PersonId};
use domain::ownership::component::ComponentRef;
use domain::ownership::matrix::{ConfirmRow, HolderRef, MatrixRow, OwnershipMatrix, OwnershipSettings, RowInput};
use domain::ownership::raci::{self, Assignment, Holding, Letter};
use domain::validate::FieldErrors;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// When a row confirmed (or created) at `since` needs confirming again.
pub(crate) fn due(since: DateTime<Utc>, verify_days: i32) -> DateTime<Utc> {
    since + Duration::days(i64::from(verify_days))
}

/// Groups the flat cells into rows and checks each against the rules.
fn rows(
    cells: Vec<CellRow>,
    holders: &HashMap<Uuid, HolderRow>,
    verify_days: i32,
    now: DateTime<Utc>,
) -> Vec<MatrixRow> {
    let mut out: Vec<MatrixRow> = Vec::new();
    let mut holdings: Vec<Vec<Holding>> = Vec::new();
    for c in cells {
        let same = out.last().is_some_and(|r| r.component_id == c.component_id && r.activity_id == c.activity_id);
        if !same {
            let due_at = due(c.confirmed_at.unwrap_or(c.created_at), verify_days);
            out.push(MatrixRow {
                component_id: c.component_id,
                activity_id: c.activity_id,
                assignments: vec![],
                confirmed_at: c.confirmed_at,
                due_at,
                stale: due_at < now,
                breaks: vec![],
                version: c.version,
            });
            holdings.push(vec![]);
        }
        let (Some(letter), Some(row), Some(held)) =
            (c.letter.as_deref().and_then(Letter::parse), out.last_mut(), holdings.last_mut())
        else {
            continue;
        };
        row.assignments.push(Assignment { letter, person_id: c.person_id, team_id: c.team_id });
        let holder = c.person_id.or(c.team_id).and_then(|id| holders.get(&id));
        held.push(Holding {
            letter,
            is_team: c.team_id.is_some(),
            active: holder.is_none_or(|h| h.active),
            name: holder.map(|h| h.name.clone()).unwrap_or_default(),
        });
    }
    // A, R, S, C, I: the order people read a RACI row in
    let rank = |l: Letter| Letter::ALL.iter().position(|x| *x == l).unwrap_or(usize::MAX);
    for row in &mut out {
        row.assignments.sort_by_key(|a| rank(a.letter));
    }
    for (row, held) in out.iter_mut().zip(&holdings) {
        row.breaks = raci::breaks_in_use(held);
    }
    out
}

pub(crate) async fn settings_of(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<OwnershipSettings> {
    let (verify_days, rasci) = db::ownership::settings::get(conn, org).await?;
    Ok(OwnershipSettings { verify_days, rasci })
}

/// Components per page of the matrix: the default and the most a caller may ask for.
pub const PER_PAGE: i64 = 200;
pub const MAX_PER_PAGE: i64 = 500;

/// The matrix, narrowed by `filter`, one page of components at a time (`page` from 1,
/// `per_page` components, 200 by default). Everyone in the organization reads it.
pub async fn read(
    services: &Services,
    actor: &Actor,
    filter: &Filter,
    page: Option<i64>,
    per_page: Option<i64>,
) -> ServiceResult<OwnershipMatrix> {
    let per_page = per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let (verify_days, rasci, generation) = db::ownership::settings::current(&mut conn, org).await?;
    let key = (org, page_key(filter, page, per_page));
    let shared = match services.caches().matrix_pages.get(key, generation, verify_days) {
        Some(hit) => hit,
        None => {
            let settings = OwnershipSettings { verify_days, rasci };
            let computed = compute_page(&mut conn, org, settings, filter, page, per_page).await?;
            services.caches().matrix_pages.put(key, generation, verify_days, computed)
        }
    };
    // who may edit is the reader's own, never cached
    let on_page = |c: &Uuid| shared.components.iter().any(|x| x.id == *c);
    let editable = if policy::is_admin(actor) {
        shared.components.iter().map(|c| c.id).collect()
    } else {
        let mine = db::ownership::matrix::accountable_components(&mut conn, actor.person_id).await?;
        mine.into_iter().filter(on_page).collect()
    };
    Ok(OwnershipMatrix { editable, ..(*shared).clone() })
}

/// One number for a filter and page, to key the cache.
fn page_key(f: &Filter, page: i64, per_page: i64) -> i64 {
    variant_key(&(f.tier, f.activity, f.component, f.team, f.person, page, per_page))
}

/// A page of the matrix as everyone sees it (`editable` left empty).
async fn compute_page(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    settings: OwnershipSettings,
    filter: &Filter,
    page: i64,
    per_page: i64,
) -> ServiceResult<OwnershipMatrix> {
    let activities: Vec<_> = db::ownership::activities::list(conn, org)
        .await?
        .into_iter()
        .map(super::activities::activity)
        .filter(|a| filter.activity.is_none_or(|f| f == a.id))
        .collect();
    // with a team or person filter, only the rows they hold letters on
    let narrowed: Option<HashSet<(Uuid, Uuid)>> = if filter.team.is_some() || filter.person.is_some() {
        Some(db::ownership::matrix::narrowed_rows(conn, org, filter).await?)
    } else {
        None
    };
    let shown: Option<HashSet<Uuid>> = narrowed.as_ref().map(|n| n.iter().map(|(c, _)| *c).collect());
    let matching: Vec<_> = db::ownership::components::refs(conn, org)
        .await?
        .into_iter()
        .filter(|c| filter.tier.is_none_or(|t| t == c.tier))
        .filter(|c| filter.component.is_none_or(|id| id == c.id))
        .filter(|c| shown.as_ref().is_none_or(|n| n.contains(&c.id)))
        .collect();
    let total_components = matching.len();
    let components: Vec<ComponentRef> = matching
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(component_ref)
        .collect();
    let ids: Vec<Uuid> = components.iter().map(|c| c.id).collect();
    let cells = db::ownership::matrix::cells(conn, org, &ids, filter.activity, narrowed.as_ref()).await?;
    let mut people: Vec<Uuid> = cells.iter().filter_map(|c| c.person_id).collect();
    let mut teams: Vec<Uuid> = cells.iter().filter_map(|c| c.team_id).collect();
    people.sort_unstable();
    people.dedup();
    teams.sort_unstable();
    teams.dedup();
    let holders: HashMap<Uuid, HolderRow> = db::ownership::matrix::holders_by_id(conn, org, &people, &teams)
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let rows = rows(cells, &holders, settings.verify_days, Utc::now());
    let (mut people, mut teams) = (vec![], vec![]);
    for h in holders.into_values() {
        let r = HolderRef { id: h.id, name: h.name, active: h.active };
        if h.is_team { teams.push(r) } else { people.push(r) }
    }
    people.sort_by(|a, b| a.name.cmp(&b.name));
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(OwnershipMatrix {
        components,
        activities,
        rows,
        people,
        teams,
        settings,
        editable: vec![],
        total_components,
        page: page as u32,
        per_page: per_page as u32,
    })
}

fn problem(field: &str, message: impl Into<String>) -> ServiceError {
    let message = message.into();
    ServiceError::new(ErrorCode::Validation, message.clone()).with_field(field, message)
}

/// Reads and checks the letters of a row as written: known letters (S only under RASCI),
/// exactly one of person and team, both of this organization, nobody twice; then the RACI
/// rules. Every problem is reported at once, naming the field (`assignments[2].letter`)
/// or the rule (`rules.no_responsible`).
pub(crate) async fn check_letters(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    input: &RowInput,
    rasci: bool,
) -> ServiceResult<Result<Vec<db::ownership::matrix::Letter>, RowProblems>> {
    let mut known = HashMap::new();
    let ids = input.assignments.iter().map(|a| (a.person_id, a.team_id));
    look_up_holders(conn, org, ids, &mut known).await?;
    Ok(letters_checked(&known, input, rasci))
}

/// Where a problem with a row as written lies, as a value: the API names it as a field
/// path (`assignments[2].letter`, `rules.no_responsible`), the import as a line and
/// column, each from the value, never by parsing the other's string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RowProblem {
    /// The assignment at this index.
    Assignment(usize, Part),
    /// The row as a whole breaks a rule.
    Rule(raci::Rule),
}

/// The part of an assignment a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    Letter,
    Person,
    Team,
}

impl RowProblem {
    pub(crate) fn field(self) -> String {
        match self {
            RowProblem::Assignment(i, part) => {
                let part = match part {
                    Part::Letter => "letter",
                    Part::Person => "person_id",
                    Part::Team => "team_id",
                };
                format!("assignments[{i}].{part}")
            }
            RowProblem::Rule(rule) => format!("rules.{}", rule.as_str()),
        }
    }
}

/// Every problem of a row, the first message per place, in the order of the places.
#[derive(Debug, Default)]
pub(crate) struct RowProblems(Vec<(RowProblem, String)>);

impl RowProblems {
    fn add(&mut self, at: RowProblem, message: impl Into<String>) {
        if let Err(i) = self.0.binary_search_by_key(&at, |(p, _)| *p) {
            self.0.insert(i, (at, message.into()));
        }
    }

    pub(crate) fn into_iter(self) -> impl Iterator<Item = (RowProblem, String)> {
        self.0.into_iter()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the row's letters are all sound and only the RACI rules are broken.
    pub(crate) fn only_rules(&self) -> bool {
        self.0.iter().all(|(at, _)| matches!(at, RowProblem::Rule(_)))
    }

    fn fields(self) -> FieldErrors {
        let mut fields = FieldErrors::new();
        for (at, message) in self.0 {
            fields.add(&at.field(), message);
        }
        fields
    }
}

/// Adds to `known` the people and teams of `ids` (person, team) it does not hold yet, in
/// one query (none when it holds them all).
async fn look_up_holders(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    ids: impl Iterator<Item = (Option<Uuid>, Option<Uuid>)>,
    known: &mut HashMap<Uuid, HolderRow>,
) -> ServiceResult<()> {
    let (mut persons, mut teams) = (Vec::new(), Vec::new());
    for (p, t) in ids {
        persons.extend(p.filter(|id| !known.contains_key(id)));
        teams.extend(t.filter(|id| !known.contains_key(id)));
    }
    if !persons.is_empty() || !teams.is_empty() {
        known.extend(
            db::ownership::matrix::holders_by_id(conn, org, &persons, &teams).await?.into_iter().map(|h| (h.id, h)),
        );
    }
    Ok(())
}

/// [`check_letters`] with the holders already looked up.
fn letters_checked(
    known: &HashMap<Uuid, HolderRow>,
    input: &RowInput,
    rasci: bool,
) -> Result<Vec<db::ownership::matrix::Letter>, RowProblems> {
    let mut problems = RowProblems::default();
    let mut seen = HashSet::new();
    let mut letters = Vec::new();
    let mut holdings = Vec::new();
    for (i, a) in input.assignments.iter().enumerate() {
        let field = |part: Part| RowProblem::Assignment(i, part);
        let letter = Letter::parse(&a.letter);
        match letter {
            None => problems.add(
                field(Part::Letter),
                format!("\"{}\" is not a letter: use R, A, C or I{}", a.letter, if rasci { " (or S)" } else { "" }),
            ),
            Some(Letter::S) if !rasci => {
                problems.add(field(Part::Letter), "S (supportive) is not in use in your organization: use R, A, C or I")
            }
            _ => {}
        }
        let holder = match (a.person_id, a.team_id) {
            (Some(_), Some(_)) | (None, None) => {
                problems.add(field(Part::Person), "Give either a person or a team");
                None
            }
            (Some(id), None) => match known.get(&id).filter(|h| !h.is_team) {
                None => {
                    problems.add(field(Part::Person), "No person with this id exists in your organization");
                    None
                }
                Some(h) => Some(h),
            },
            (None, Some(id)) => match known.get(&id).filter(|h| h.is_team) {
                None => {
                    problems.add(field(Part::Team), "No team with this id exists in your organization");
                    None
                }
                Some(h) => Some(h),
            },
        };
        if let (Some(h), Some(l)) = (holder, letter)
            && !seen.insert((h.id, l))
        {
            problems.add(
                field(if h.is_team { Part::Team } else { Part::Person }),
                format!("{} already holds {} on this row", h.name, l.as_str()),
            );
        }
        if let (Some(letter), Some(h)) = (letter, holder) {
            letters.push((letter.as_str().to_string(), a.person_id, a.team_id));
            holdings.push(Holding { letter, is_team: h.is_team, active: h.active, name: h.name.clone() });
        }
    }
    if problems.is_empty() {
        for b in raci::breaks(&holdings) {
            problems.add(RowProblem::Rule(b.rule), b.message);
        }
    }
    if problems.is_empty() { Ok(letters) } else { Err(problems) }
}

/// Checks that the component exists (404 otherwise, before any permission is checked, so
/// another organization's caller learns nothing).
async fn check_component(conn: &mut AsyncPgConnection, org: Uuid, component: Uuid) -> ServiceResult<()> {
    if db::ownership::components::get(conn, org, component).await?.is_none() {
        return Err(ServiceError::not_found("Component")
            .with_field("component_id", "No component with this id exists in your organization"));
    }
    Ok(())
}

/// Checks that the activity exists; a field problem when not.
async fn check_activity(conn: &mut AsyncPgConnection, org: Uuid, input: &RowInput) -> ServiceResult<()> {
    if db::ownership::activities::get(conn, org, input.activity_id).await?.is_none() {
        return Err(problem("activity_id", "No activity with this id exists in your organization"));
    }
    Ok(())
}

/// One row as it is now (None when not in use).
pub(crate) async fn row_now(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: Uuid,
    activity: Uuid,
) -> ServiceResult<Option<MatrixRow>> {
    let settings = settings_of(conn, org).await?;
    let cells = db::ownership::matrix::cells(conn, org, &[component], Some(activity), None).await?;
    let mut holders = HashMap::new();
    look_up_holders(conn, org, cells.iter().map(|c| (c.person_id, c.team_id)), &mut holders).await?;
    Ok(rows(cells, &holders, settings.verify_days, Utc::now()).into_iter().next())
}

/// One row being saved: read once, before the write (its letters and their holders,
/// together with the holders of the letters to write); the row after is built from what
/// the write returned, not read again.
pub(crate) struct RowSave {
    component: Uuid,
    activity: Uuid,
    verify_days: i32,
    before: Vec<CellRow>,
    holders: HashMap<Uuid, HolderRow>,
}

impl RowSave {
    /// Reads the row (lock it first) and the holders of its letters and of `incoming`.
    pub(crate) async fn read(
        conn: &mut AsyncPgConnection,
        org: Uuid,
        (component, activity): (Uuid, Uuid),
        verify_days: i32,
        incoming: impl Iterator<Item = (Option<Uuid>, Option<Uuid>)>,
    ) -> ServiceResult<Self> {
        let before = db::ownership::matrix::cells(conn, org, &[component], Some(activity), None).await?;
        let mut holders = HashMap::new();
        let ids = before.iter().map(|c| (c.person_id, c.team_id)).chain(incoming);
        look_up_holders(conn, org, ids, &mut holders).await?;
        Ok(Self { component, activity, verify_days, before, holders })
    }

    /// Checks the letters as written against the rules, with the holders read.
    fn check(&self, input: &RowInput, rasci: bool) -> Result<Vec<db::ownership::matrix::Letter>, FieldErrors> {
        letters_checked(&self.holders, input, rasci).map_err(RowProblems::fields)
    }

    /// Writes checked letters (see [`write_letters`]) and answers the row before and after.
    pub(crate) async fn write(
        self,
        conn: &mut AsyncPgConnection,
        org: Uuid,
        letters: &[db::ownership::matrix::Letter],
    ) -> ServiceResult<(Option<MatrixRow>, Option<MatrixRow>)> {
        let now = Utc::now();
        let in_use = !self.before.is_empty();
        let before = rows(self.before, &self.holders, self.verify_days, now).into_iter().next();
        let head = write_letters(conn, org, self.component, self.activity, in_use, letters).await?;
        let after = head.and_then(|h| {
            let cell = |letter: Option<String>, person_id, team_id| CellRow {
                component_id: self.component,
                activity_id: self.activity,
                created_at: h.created_at,
                confirmed_at: h.confirmed_at,
                version: h.version,
                letter,
                person_id,
                team_id,
            };
            // in the order `cells` reads them back
            let mut written = letters.to_vec();
            written.sort();
            let cells = written.into_iter().map(|(l, p, t)| cell(Some(l), p, t)).collect();
            rows(cells, &self.holders, self.verify_days, now).into_iter().next()
        });
        Ok((before, after))
    }
}

/// Replaces the letters of one row, under the rules; an empty list takes the row out of
/// use. The component's accountable people and admins may do this. Returns the row as
/// it is afterwards (None when taken out of use).
pub async fn write_row(services: &Services, actor: &Actor, input: &RowInput) -> ServiceResult<Option<MatrixRow>> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    check_component(&mut conn, org, input.component_id).await?;
    policy::require_component_editor(&mut conn, actor, input.component_id).await?;
    check_activity(&mut conn, org, input).await?;
    let (actor, input) = (actor.clone(), input.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let settings = settings_of(conn, org).await?;
        let (c, a) = (input.component_id, input.activity_id);
        let current = db::ownership::matrix::lock(conn, ComponentId(c), ActivityId(a)).await?;
        if let Some(v) = current
            && input.version != Some(v)
        {
            return Err(ServiceError::stale(v));
        }
        let incoming = input.assignments.iter().map(|x| (x.person_id, x.team_id));
        let save = RowSave::read(conn, org, (c, a), settings.verify_days, incoming).await?;
        let letters = save.check(&input, settings.rasci).map_err(|p| {
            let mut e = ServiceError::validation(p);
            e.message = "The row breaks the ownership rules; nothing was saved.".into();
            e
        })?;
        let (before, after) = save.write(conn, org, &letters).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("ownership.row_changed", "component", c)
                .before(&serde_json::json!({"activity_id": a, "row": before}))
                .after(&serde_json::json!({"activity_id": a, "row": after})),
        )
        .await?;
        Ok(after)
    })
    .await
}

/// Writes checked letters: puts the row into use, replaces its letters, or (no letters)
/// takes it out of use. Answers the row's head as written (None: out of use).
pub(crate) async fn write_letters(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: Uuid,
    activity: Uuid,
    in_use: bool,
    letters: &[db::ownership::matrix::Letter],
) -> ServiceResult<Option<db::ownership::matrix::RowHead>> {
    if letters.is_empty() {
        if in_use {
            db::ownership::matrix::delete_row(conn, ComponentId(component), ActivityId(activity)).await?;
        }
        return Ok(None);
    }
    let head = if in_use {
        db::ownership::matrix::touch_row(conn, ComponentId(component), ActivityId(activity)).await?
    } else {
        db::ownership::matrix::insert_row(conn, org, ComponentId(component), ActivityId(activity)).await?
    };
    db::ownership::matrix::set_letters(conn, org, ComponentId(component), ActivityId(activity), letters).await?;
    Ok(Some(head))
}

/// The accountable person confirms that a row still holds; it is fresh for another
/// verification period.
pub async fn confirm(services: &Services, actor: &Actor, input: &ConfirmRow) -> ServiceResult<MatrixRow> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let (actor, input) = (actor.clone(), *input);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let (c, a) = (input.component_id, input.activity_id);
        if db::ownership::components::get(conn, org, c).await?.is_none()
            || db::ownership::matrix::lock(conn, ComponentId(c), ActivityId(a)).await?.is_none()
        {
            return Err(ServiceError::not_found("Matrix row"));
        }
        policy::require_row_confirmer(conn, &actor, ComponentId(c), ActivityId(a)).await?;
        let at = db::ownership::matrix::confirm(conn, ComponentId(c), ActivityId(a), PersonId(actor.person_id)).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("ownership.row_confirmed", "component", c)
                .after(&serde_json::json!({"activity_id": a, "confirmed_at": at})),
        )
        .await?;
        row_now(conn, org, c, a).await?.ok_or_else(|| ServiceError::not_found("Matrix row"))
    })
    .await
}

pub async fn settings(services: &Services, actor: &Actor) -> ServiceResult<OwnershipSettings> {
    let mut conn = services.conn().await?;
    settings_of(&mut conn, actor.organization_id).await
}

/// Changes the verification period and RASCI (admins). Turning RASCI off is refused
/// while any row still uses S.
pub async fn set_settings(
    services: &Services,
    actor: &Actor,
    new: &OwnershipSettings,
) -> ServiceResult<OwnershipSettings> {
    policy::require_admin(actor, "change ownership settings")?;
    if !(7..=730).contains(&new.verify_days) {
        return Err(problem("verify_days", "Confirm rows every 7 to 730 days"));
    }
    let mut conn = services.conn().await?;
    let (actor, new) = (actor.clone(), *new);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = settings_of(conn, org).await?;
        if !new.rasci && db::ownership::matrix::uses_letter(conn, org, "S").await? {
            return Err(problem("rasci", "Some rows still use S: change those letters before turning RASCI off"));
        }
        db::ownership::settings::set(conn, org, new.verify_days, new.rasci).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("ownership.settings_changed", "organization", org).before(&before).after(&new),
        )
        .await?;
        Ok(new)
    })
    .await
}

/// Who may be given a letter: (people, teams), for the matrix editor.
pub async fn candidates(services: &Services, actor: &Actor) -> ServiceResult<(Vec<HolderRef>, Vec<HolderRef>)> {
    let mut conn = services.conn().await?;
    let (mut people, mut teams) = (vec![], vec![]);
    for h in db::ownership::matrix::candidates(&mut conn, actor.organization_id).await? {
        let r = HolderRef { id: h.id, name: h.name, active: h.active };
        if h.is_team { teams.push(r) } else { people.push(r) }
    }
    Ok((people, teams))
}
