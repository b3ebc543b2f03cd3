//! The RACI matrix: rows in use and the letters on them.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{ownership_assignments as assigned, ownership_rows as rows};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use domain::ids::{ActivityId, ComponentId, PersonId};
use uuid::Uuid;

/// What the matrix can be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub tier: Option<i32>,
    pub activity: Option<Uuid>,
    pub component: Option<Uuid>,
    /// Rows where the team, or one of its members, holds a letter.
    pub team: Option<Uuid>,
    /// Rows where this person holds a letter by name.
    pub person: Option<Uuid>,
}

/// One letter of one row (or a row with no letters: `letter` None), flat.
#[derive(Debug, Clone, QueryableByName)]
pub struct CellRow {
    #[diesel(sql_type = SqlUuid)]
    pub component_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub activity_id: Uuid,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub letter: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub person_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub team_id: Option<Uuid>,
}

/// A row in use (`letter` None) or one of its letters (`created_at` and `version` None).
#[derive(Debug, Clone, QueryableByName)]
struct Line {
    #[diesel(sql_type = SqlUuid)]
    component_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    activity_id: Uuid,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    created_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    confirmed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Integer>)]
    version: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    letter: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    person_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    team_id: Option<Uuid>,
}

/// The rows in use of these components (one page of the matrix), for one activity when
/// `activity` is set and only those in `only` when it is given, with their letters: one
/// line per letter, ordered by row.
///
/// The rows and the letters are two single-table reads in one statement, joined here: as
/// one SQL join with the component list as a parameter, the generic plan could not know
/// the list's size, chose a nested loop and sorted, and took 10 ms for 200 components
/// where this takes 2.
pub async fn cells(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    components: &[Uuid],
    activity: Option<Uuid>,
    only: Option<&std::collections::HashSet<(Uuid, Uuid)>>,
) -> Result<Vec<CellRow>, DbError> {
    const SQL: &str = "SELECT component_id, activity_id, created_at, confirmed_at, version, \
                NULL::text AS letter, NULL::uuid AS person_id, NULL::uuid AS team_id \
           FROM ownership_rows WHERE component_id = ANY ($2) AND organization_id = $1 \
         UNION ALL \
         SELECT component_id, activity_id, NULL, NULL, NULL, letter, person_id, team_id \
           FROM ownership_assignments WHERE component_id = ANY ($2) AND organization_id = $1";
    let lines: Vec<Line> = cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<diesel::sql_types::Array<SqlUuid>, _>(components)
        .load(conn)
        .await?;
    let (heads, letters): (Vec<Line>, Vec<Line>) = lines.into_iter().partition(|l| l.letter.is_none());
    let wanted = |c: Uuid, a: Uuid| activity.is_none_or(|x| x == a) && only.is_none_or(|o| o.contains(&(c, a)));
    let mut by_row: std::collections::HashMap<(Uuid, Uuid), Vec<Line>> = std::collections::HashMap::new();
    for l in letters {
        if wanted(l.component_id, l.activity_id) {
            by_row.entry((l.component_id, l.activity_id)).or_default().push(l);
        }
    }
    let mut heads: Vec<Line> = heads.into_iter().filter(|h| wanted(h.component_id, h.activity_id)).collect();
    heads.sort_unstable_by_key(|h| (h.component_id, h.activity_id));
    let mut out = Vec::with_capacity(heads.len() * 3);
    for h in heads {
        let cell = |letter: Option<String>, person_id, team_id| CellRow {
            component_id: h.component_id,
            activity_id: h.activity_id,
            created_at: h.created_at.unwrap_or_default(),
            confirmed_at: h.confirmed_at,
            version: h.version.unwrap_or_default(),
            letter,
            person_id,
            team_id,
        };
        match by_row.remove(&(h.component_id, h.activity_id)) {
            Some(mut lines) => {
                lines.sort_unstable_by(|a, b| {
                    (&a.letter, a.person_id, a.team_id).cmp(&(&b.letter, b.person_id, b.team_id))
                });
                out.extend(lines.into_iter().map(|l| cell(l.letter, l.person_id, l.team_id)))
            }
            None => out.push(cell(None, None, None)),
        }
    }
    Ok(out)
}

/// The rows where the filter's team (or one of its members) or person holds a letter
/// (and, when set, for the filter's activity): what a narrowed matrix shows.
pub async fn narrowed_rows(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    f: &Filter,
) -> Result<std::collections::HashSet<(Uuid, Uuid)>, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = SqlUuid)]
        component_id: Uuid,
        #[diesel(sql_type = SqlUuid)]
        activity_id: Uuid,
    }
    const SQL: &str = "SELECT DISTINCT x.component_id, x.activity_id FROM ownership_assignments x \
         WHERE x.organization_id = $1 AND ($2::uuid IS NULL OR x.activity_id = $2) \
           AND ($3::uuid IS NULL OR x.team_id = $3 OR x.person_id IN (SELECT m.person_id FROM team_members m WHERE m.team_id = $3)) \
           AND ($4::uuid IS NULL OR x.person_id = $4)";
    let found: Vec<Found> = cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<SqlUuid>, _>(f.activity)
        .bind::<Nullable<SqlUuid>, _>(f.team)
        .bind::<Nullable<SqlUuid>, _>(f.person)
        .load(conn)
        .await?;
    Ok(found.into_iter().map(|f| (f.component_id, f.activity_id)).collect())
}

/// A person or team named on some row: (id, name, active, is team).
#[derive(Debug, Clone, QueryableByName)]
pub struct HolderRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Bool)]
    pub active: bool,
    #[diesel(sql_type = Bool)]
    pub is_team: bool,
}

/// People (whatever their status; `active` says whether they may hold a letter) and teams
/// of the organization with these ids.
pub async fn holders_by_id(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person_ids: &[Uuid],
    team_ids: &[Uuid],
) -> Result<Vec<HolderRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, {} AS active, false AS is_team FROM people p \
              WHERE p.organization_id = $1 AND p.id = ANY ($2) \
            UNION ALL \
            SELECT t.id, t.name, true, true FROM teams t WHERE t.organization_id = $1 AND t.id = ANY ($3)",
            super::may_hold_ownership("p")
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<diesel::sql_types::Array<SqlUuid>, _>(person_ids)
        .bind::<diesel::sql_types::Array<SqlUuid>, _>(team_ids)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// The components whose rows `person` may edit because they are accountable on one.
pub async fn accountable_components(conn: &mut AsyncPgConnection, person: Uuid) -> Result<Vec<Uuid>, DbError> {
    assigned::table
        .filter(assigned::person_id.eq(person).and(assigned::letter.eq("A")))
        .select(assigned::component_id)
        .distinct()
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Whether `person` is accountable on any row of `component`.
pub async fn is_accountable_for(
    conn: &mut AsyncPgConnection,
    person: PersonId,
    component: ComponentId,
) -> Result<bool, DbError> {
    let (component, person) = (component.0, person.0);

    diesel::select(diesel::dsl::exists(assigned::table.filter(
        assigned::person_id.eq(person).and(assigned::letter.eq("A")).and(assigned::component_id.eq(component)),
    )))
    .get_result(conn)
    .await
    .map_err(DbError::from)
}

/// The row's version, locked for the rest of the transaction; None when not in use.
pub async fn lock(
    conn: &mut AsyncPgConnection,
    component: ComponentId,
    activity: ActivityId,
) -> Result<Option<i32>, DbError> {
    let (component, activity) = (component.0, activity.0);

    rows::table
        .find((component, activity))
        .select(rows::version)
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// What a row in use is besides its letters, as a write leaves it.
#[derive(Debug, Clone, Copy)]
pub struct RowHead {
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Puts a row into use (version 1, unconfirmed, counted from now).
pub async fn insert_row(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: ComponentId,
    activity: ActivityId,
) -> Result<RowHead, DbError> {
    let (component, activity) = (component.0, activity.0);

    let (created_at, confirmed_at, version) = diesel::insert_into(rows::table)
        .values((rows::organization_id.eq(org), rows::component_id.eq(component), rows::activity_id.eq(activity)))
        .returning((rows::created_at, rows::confirmed_at, rows::version))
        .get_result(conn)
        .await?;
    Ok(RowHead { created_at, confirmed_at, version })
}

/// Bumps a row's version after its letters changed.
pub async fn touch_row(
    conn: &mut AsyncPgConnection,
    component: ComponentId,
    activity: ActivityId,
) -> Result<RowHead, DbError> {
    let (component, activity) = (component.0, activity.0);

    let (created_at, confirmed_at, version) = diesel::update(rows::table.find((component, activity)))
        .set(rows::version.eq(rows::version + 1))
        .returning((rows::created_at, rows::confirmed_at, rows::version))
        .get_result(conn)
        .await?;
    Ok(RowHead { created_at, confirmed_at, version })
}

/// Takes a row out of use (its letters go with it).
pub async fn delete_row(
    conn: &mut AsyncPgConnection,
    component: ComponentId,
    activity: ActivityId,
) -> Result<(), DbError> {
    let (component, activity) = (component.0, activity.0);

    diesel::delete(rows::table.find((component, activity))).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

/// One letter to write: (letter, person, team).
pub type Letter = (String, Option<Uuid>, Option<Uuid>);

/// Replaces the letters of a row in use.
pub async fn set_letters(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: ComponentId,
    activity: ActivityId,
    letters: &[Letter],
) -> Result<(), DbError> {
    let (component, activity) = (component.0, activity.0);

    diesel::delete(
        assigned::table.filter(assigned::component_id.eq(component).and(assigned::activity_id.eq(activity))),
    )
    .execute(conn)
    .await?;
    if letters.is_empty() {
        return Ok(());
    }
    let values: Vec<_> = letters
        .iter()
        .map(|(l, p, t)| {
            (
                assigned::organization_id.eq(org),
                assigned::component_id.eq(component),
                assigned::activity_id.eq(activity),
                assigned::letter.eq(l.clone()),
                assigned::person_id.eq(*p),
                assigned::team_id.eq(*t),
            )
        })
        .collect();
    diesel::insert_into(assigned::table).values(values).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

/// Records that `person` confirmed the row now.
pub async fn confirm(
    conn: &mut AsyncPgConnection,
    component: ComponentId,
    activity: ActivityId,
    person: PersonId,
) -> Result<DateTime<Utc>, DbError> {
    let (component, activity, person) = (component.0, activity.0, person.0);

    diesel::update(rows::table.find((component, activity)))
        .set((
            rows::confirmed_at.eq(diesel::dsl::now),
            rows::confirmed_by.eq(person),
            rows::version.eq(rows::version + 1),
        ))
        .returning(rows::confirmed_at.assume_not_null())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// The accountable person of a row, if any.
pub async fn accountable_of(
    conn: &mut AsyncPgConnection,
    component: ComponentId,
    activity: ActivityId,
) -> Result<Option<Uuid>, DbError> {
    let (component, activity) = (component.0, activity.0);

    assigned::table
        .filter(
            assigned::component_id.eq(component).and(assigned::activity_id.eq(activity)).and(assigned::letter.eq("A")),
        )
        .select(assigned::person_id.assume_not_null())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// An R or A on a row of one of the given components, named.
#[derive(Debug, Clone, QueryableByName)]
pub struct OwnerRow {
    #[diesel(sql_type = SqlUuid)]
    pub component_id: Uuid,
    #[diesel(sql_type = Text)]
    pub activity: String,
    #[diesel(sql_type = Text)]
    pub letter: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub person_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    pub holder: String,
}

/// The R and A letters on the rows of these components.
pub async fn owners(conn: &mut AsyncPgConnection, components: &[Uuid]) -> Result<Vec<OwnerRow>, DbError> {
    // Names by subquery, not by join: the generic plan cannot know how many components
    // come in, and joined it hashed every person of the organization (3 ms at 10,000).
    const SQL: &str = "SELECT a.component_id, act.name AS activity, a.letter, a.person_id, \
                COALESCE((SELECT p.name FROM people p WHERE p.id = a.person_id), \
                         (SELECT t.name FROM teams t WHERE t.id = a.team_id)) AS holder \
          FROM ownership_assignments a JOIN activities act ON act.id = a.activity_id \
         WHERE a.component_id = ANY ($1) AND a.letter IN ('A', 'R') \
         ORDER BY a.component_id, act.position, a.letter, holder";
    cached_sql(SQL).bind::<diesel::sql_types::Array<SqlUuid>, _>(components).load(conn).await.map_err(DbError::from)
}

/// Whether any row of the organization uses this letter.
pub async fn uses_letter(conn: &mut AsyncPgConnection, org: Uuid, letter: &str) -> Result<bool, DbError> {
    diesel::select(diesel::dsl::exists(
        assigned::table.filter(assigned::organization_id.eq(org).and(assigned::letter.eq(letter))),
    ))
    .get_result(conn)
    .await
    .map_err(DbError::from)
}

/// Everyone who may be given a letter: active and invited people, then every team, by name.
pub async fn candidates(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<HolderRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, true AS active, false AS is_team FROM people p \
              WHERE p.organization_id = $1 AND {} \
            UNION ALL \
            SELECT t.id, t.name, true, true FROM teams t WHERE t.organization_id = $1 \
            ORDER BY is_team, name",
            super::may_hold_ownership("p")
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}
