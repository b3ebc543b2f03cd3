//! The exercise library: every member of the organization may read it (interviewers use
//! it in kits); hiring staff add and edit exercises. A new organization starts with the
//! library Hatrack ships (`domain::interviews::library`), which it may edit.

use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::{ServiceError, ServiceResult, Services, policy};
use db::interviews::exercises::{ExerciseRow, Fields};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::interviews::exercise::{self, Exercise, ExerciseInput, ExerciseKind, LevelGuide};
use domain::interviews::library::LIBRARY;
use uuid::Uuid;

pub(crate) fn view(r: ExerciseRow) -> Exercise {
    Exercise {
        id: r.id,
        builtin: r.builtin,
        input: ExerciseInput {
            title: r.title,
            kind: ExerciseKind::parse(&r.kind).unwrap_or(ExerciseKind::Question),
            brief: r.brief,
            materials: r.materials,
            minutes: r.minutes,
            good_looks_like: serde_json::from_value::<Vec<LevelGuide>>(r.good_looks_like).unwrap_or_default(),
            competencies: r.competency_slugs.into_iter().flatten().collect(),
        },
        version: r.version,
    }
}

fn fields(input: &ExerciseInput) -> Result<Fields<'_>, domain::validate::FieldErrors> {
    let problems = exercise::check(input);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut guides = input.good_looks_like.clone();
    guides.sort_by_key(|g| g.level);
    Ok(Fields {
        title: input.title.trim(),
        kind: input.kind.as_str(),
        brief: input.brief.trim(),
        materials: input.materials.trim(),
        minutes: input.minutes,
        good_looks_like: serde_json::to_value(guides).unwrap_or_default(),
        competency_slugs: input.competencies.clone(),
    })
}

/// Seeds a new organization's library.
pub(crate) async fn install_library(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<()> {
    for b in &LIBRARY {
        let input = b.input();
        let f = fields(&input).map_err(ServiceError::validation)?;
        db::interviews::exercises::insert(conn, org, Some(b.key), &f, None).await?;
    }
    Ok(())
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<Exercise>> {
    let mut conn = services.conn().await?;
    Ok(db::interviews::exercises::list(&mut conn, actor.organization_id).await?.into_iter().map(view).collect())
}

/// What an exercise can name as the competencies it shows: those of the organization's
/// published frameworks, (slug, name) in slug order.
pub async fn competency_choices(services: &Services, actor: &Actor) -> ServiceResult<Vec<(String, String)>> {
    let mut conn = services.conn().await?;
    let rows = db::interviews::exercises::competency_choices(&mut conn, actor.organization_id).await?;
    Ok(rows.into_iter().map(|c| (c.slug, c.name)).collect())
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Exercise> {
    let mut conn = services.conn().await?;
    load(&mut conn, actor.organization_id, id).await
}

async fn load(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<Exercise> {
    db::interviews::exercises::get(conn, org, id).await?.map(view).ok_or_else(|| ServiceError::not_found("Exercise"))
}

pub async fn create(services: &Services, actor: &Actor, input: &ExerciseInput) -> ServiceResult<Exercise> {
    policy::require_hiring_staff(actor, "add exercises to the library")?;
    let f = fields(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let taken = db::interviews::exercises::by_title(conn, org, f.title).await?.is_some();
        edit::name_free(taken, "an exercise", f.title)?;
        let id = db::interviews::exercises::insert(conn, org, None, &f, Some(actor.person_id)).await?;
        edit::created(conn, &actor, Record::new("exercise", id), async |conn| load(conn, org, id).await).await
    })
    .await
}

pub async fn update(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    input: &ExerciseInput,
    expected: i32,
) -> ServiceResult<Exercise> {
    policy::require_hiring_staff(actor, "edit the exercise library")?;
    let f = fields(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = load(conn, org, id).await?;
        if let Some(other) = db::interviews::exercises::by_title(conn, org, f.title).await?
            && other != id
        {
            return Err(ServiceError::name_taken("an exercise", f.title));
        }
        edit::updated(
            conn,
            &actor,
            Record::new("exercise", id),
            (&before, before.version),
            async |conn| Ok(db::interviews::exercises::update(conn, org, id, expected, &f).await?),
            async |conn| load(conn, org, id).await,
        )
        .await
    })
    .await
}
