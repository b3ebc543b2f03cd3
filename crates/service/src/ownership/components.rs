//! The component catalog: everyone in the organization reads it; admins and managers add
//! components; a component's accountable people and admins edit it.

use super::{component_ref, person_refs};
use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::{ServiceError, ServiceResult, Services, policy};
use db::ownership::components::{ComponentRow, Fields, Filter};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ownership::component::{ComponentInput, ComponentKind, ComponentPage, ComponentSummary, Lifecycle, TIERS};
use domain::validate::{self, FieldErrors};
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;

pub(crate) fn summary(r: ComponentRow) -> ComponentSummary {
    let c = component_ref(r.r);
    ComponentSummary {
        id: c.id,
        name: c.name,
        kind: c.kind,
        tier: c.tier,
        lifecycle: c.lifecycle,
        description: r.description,
        runbook_url: r.runbook_url,
        dashboard_url: r.dashboard_url,
        accountable: person_refs(&r.accountable),
        upstream_count: r.upstream_count,
        downstream_count: r.downstream_count,
        version: r.version,
    }
}

/// `GET /components` query.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub q: Option<String>,
    pub tier: Option<i32>,
    pub kind: Option<String>,
    pub lifecycle: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn list(services: &Services, actor: &Actor, q: &Query) -> ServiceResult<ComponentPage> {
    let per_page = q.per_page.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    // bounded so the offset cannot overflow into a negative number
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let filter = Filter {
        q: q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        tier: q.tier,
        kind: q.kind.as_deref().and_then(ComponentKind::parse).map(|k| k.as_str().to_string()),
        lifecycle: q.lifecycle.as_deref().and_then(Lifecycle::parse).map(|l| l.as_str().to_string()),
    };
    let mut conn = services.conn().await?;
    let (rows, total) =
        db::ownership::components::list(&mut conn, actor.organization_id, &filter, (page - 1) * per_page, per_page)
            .await?;
    Ok(ComponentPage { items: rows.into_iter().map(summary).collect(), total, page, per_page })
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<ComponentSummary> {
    let mut conn = services.conn().await?;
    load(&mut conn, actor.organization_id, id).await
}

pub(crate) async fn load(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<ComponentSummary> {
    db::ownership::components::get(conn, org, id)
        .await?
        .map(summary)
        .ok_or_else(|| ServiceError::not_found("Component"))
}

fn url(raw: Option<&str>, field: &str, problems: &mut FieldErrors) -> Option<String> {
    let t = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if !(t.starts_with("https://") || t.starts_with("http://")) || t.len() > 2000 || t.contains(char::is_whitespace) {
        problems.add(field, "Enter a web address starting with https:// (or http://)");
        return None;
    }
    Some(t.to_string())
}

/// Checks a component as written; every problem at once.
pub(crate) fn check(input: &ComponentInput) -> Result<Fields, FieldErrors> {
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(&input.name, "a name", 120));
    let kind = ComponentKind::parse(&input.kind);
    if kind.is_none() {
        let all: Vec<_> = ComponentKind::ALL.iter().map(|k| k.as_str()).collect();
        problems.add("kind", format!("Choose one of: {}", all.join(", ")));
    }
    if !TIERS.contains(&input.tier) {
        problems.add("tier", "The tier is 1 (stops the business) to 4");
    }
    let description =
        problems.check("description", validate::optional_text(input.description.as_deref(), "the description", 4000));
    let lifecycle = match input.lifecycle.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Lifecycle::Live),
        Some(s) => {
            let l = Lifecycle::parse(s);
            if l.is_none() {
                problems.add("lifecycle", "Choose planned, live, retiring or retired");
            }
            l
        }
    };
    let runbook_url = url(input.runbook_url.as_deref(), "runbook_url", &mut problems);
    let dashboard_url = url(input.dashboard_url.as_deref(), "dashboard_url", &mut problems);
    match (name, kind, description, lifecycle) {
        (Some(name), Some(kind), Some(description), Some(lifecycle)) if problems.is_empty() => Ok(Fields {
            name,
            kind: kind.as_str().to_string(),
            tier: input.tier,
            description,
            lifecycle: lifecycle.as_str().to_string(),
            runbook_url,
            dashboard_url,
        }),
        _ => Err(problems),
    }
}

pub async fn create(services: &Services, actor: &Actor, input: &ComponentInput) -> ServiceResult<ComponentSummary> {
    policy::require_component_creator(actor)?;
    let fields = check(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let taken = db::ownership::components::by_name(conn, org, &fields.name).await?.is_some();
        edit::name_free(taken, "a component", &fields.name)?;
        let id = db::ownership::components::insert(conn, org, &fields).await?;
        edit::created(conn, &actor, Record::new("component", id), async |conn| load(conn, org, id).await).await
    })
    .await
}

pub async fn update(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    input: &ComponentInput,
) -> ServiceResult<ComponentSummary> {
    let mut conn = services.conn().await?;
    let before = load(&mut conn, actor.organization_id, id).await?;
    policy::require_component_editor(&mut conn, actor, id).await?;
    let fields = check(input).map_err(ServiceError::validation)?;
    let version = super::version_read(input.version)?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let taken = db::ownership::components::by_name(conn, org, &fields.name).await?.is_some_and(|other| other != id);
        edit::name_free(taken, "a component", &fields.name)?;
        edit::updated(
            conn,
            &actor,
            Record::new("component", id),
            (&before, before.version),
            async |conn| Ok(db::ownership::components::update(conn, id, version, &fields).await?),
            async |conn| load(conn, org, id).await,
        )
        .await
    })
    .await
}
