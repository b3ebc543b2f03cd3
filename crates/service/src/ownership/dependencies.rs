//! Dependencies between components: the graph, a component's place in it, what a
//! failure would take down with it, and the drawing.

use super::component_ref;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::ownership::dependencies::ReachedRow;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::charts::graph;
use domain::identity::PersonRef;
use domain::ownership::component::{
    Affected, ComponentSummary, Dependencies, Dependency, IMPACT_LIMIT, Impact, NewDependency, Reached,
};
use domain::validate;
use std::collections::BTreeMap;
use uuid::Uuid;

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Dependencies> {
    let mut conn = services.conn().await?;
    let component = super::components::load(&mut conn, actor.organization_id, id).await?;
    let downstream = db::ownership::dependencies::reach(&mut conn, id, true).await?;
    dependencies_of(&mut conn, actor.organization_id, &component, &downstream).await
}

/// A component with its dependencies and the impact of its failure, for its page: the
/// component is read and the graph walked downstream once for both.
pub async fn overview(
    services: &Services,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<(ComponentSummary, Dependencies, Impact)> {
    let mut conn = services.conn().await?;
    let component = super::components::load(&mut conn, actor.organization_id, id).await?;
    let downstream = db::ownership::dependencies::reach(&mut conn, id, true).await?;
    let dependencies = dependencies_of(&mut conn, actor.organization_id, &component, &downstream).await?;
    let impact = impact_of(&mut conn, &component, downstream).await?;
    Ok((component, dependencies, impact))
}

fn reached(rows: &[ReachedRow]) -> Vec<Reached> {
    rows.iter().map(|r| Reached { component: component_ref(r.component.clone()), depth: r.depth }).collect()
}

async fn dependencies_of(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: &ComponentSummary,
    downstream: &[ReachedRow],
) -> ServiceResult<Dependencies> {
    let id = component.id;
    let (mut depends_on, mut depended_on_by) = (vec![], vec![]);
    for n in db::ownership::dependencies::neighbours(conn, org, id).await? {
        let d = Dependency { component: component_ref(n.component), reason: n.reason };
        if n.upstream { depends_on.push(d) } else { depended_on_by.push(d) }
    }
    let upstream = reached(&db::ownership::dependencies::reach(conn, id, false).await?);
    let in_cycle = db::ownership::dependencies::in_cycle(conn, id).await?;
    Ok(Dependencies {
        component: component.to_ref(),
        depends_on,
        depended_on_by,
        upstream,
        downstream: reached(downstream),
        in_cycle,
    })
}

/// Records that `id` depends on another component (or changes the reason).
pub async fn add(services: &Services, actor: &Actor, id: Uuid, new: &NewDependency) -> ServiceResult<Dependencies> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    super::components::load(&mut conn, org, id).await?;
    policy::require_component_editor(&mut conn, actor, id).await?;
    if new.depends_on_id == id {
        return Err(ServiceError::new(ErrorCode::Validation, "A component cannot depend on itself.")
            .with_field("depends_on_id", "Choose another component: a component cannot depend on itself"));
    }
    let reason = validate::optional_text(new.reason.as_deref(), "the reason", 500)
        .map_err(|p| ServiceError::new(ErrorCode::Validation, p.clone()).with_field("reason", p))?;
    let (actor2, target) = (actor.clone(), new.depends_on_id);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        if db::ownership::components::get(conn, org, target).await?.is_none() {
            return Err(ServiceError::new(ErrorCode::Validation, "No such component.")
                .with_field("depends_on_id", "No component with this id exists in your organization"));
        }
        let created = db::ownership::dependencies::put(conn, org, id, target, &reason).await?;
        audit::record(
            conn,
            Some(&actor2),
            org,
            audit::Entry::new(if created { "dependency.added" } else { "dependency.updated" }, "component", id)
                .after(&serde_json::json!({"depends_on_id": target, "reason": reason})),
        )
        .await?;
        Ok(())
    })
    .await?;
    get(services, actor, id).await
}

/// As [`add`], naming the component depended on as the catalog does (the web form types
/// a name, with type-ahead): who may change the component is asked first, then the name
/// must match one component exactly (letter case aside). Problems name `depends_on`.
pub async fn add_by_name(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    name: &str,
    reason: Option<String>,
) -> ServiceResult<Dependencies> {
    {
        let mut conn = services.conn().await?;
        super::components::load(&mut conn, actor.organization_id, id).await?;
        policy::require_component_editor(&mut conn, actor, id).await?;
    }
    let wanted = name.trim();
    let refuse = |message: String| {
        Err(ServiceError::new(ErrorCode::Validation, "Name a component from the catalog.")
            .with_field("depends_on", message))
    };
    if wanted.is_empty() {
        return refuse("Name the component it depends on".into());
    }
    let query = super::components::Query { q: Some(wanted.to_string()), per_page: Some(50), ..Default::default() };
    let found = super::components::list(services, actor, &query).await?;
    let Some(target) = found.items.iter().find(|c| c.name.to_lowercase() == wanted.to_lowercase()) else {
        return refuse(format!("No component is called \"{wanted}\""));
    };
    add(services, actor, id, &NewDependency { depends_on_id: target.id, reason }).await.map_err(|mut e| {
        if let Some(m) = e.fields.remove("depends_on_id") {
            e.fields.insert("depends_on".into(), m);
        }
        e
    })
}

pub async fn remove(services: &Services, actor: &Actor, id: Uuid, depends_on: Uuid) -> ServiceResult<()> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    super::components::load(&mut conn, org, id).await?;
    policy::require_component_editor(&mut conn, actor, id).await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        // removing what is not there is not an error: the result is what was asked for
        let Some(reason) = db::ownership::dependencies::remove(conn, org, id, depends_on).await? else {
            return Ok(());
        };
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("dependency.removed", "component", id)
                .before(&serde_json::json!({"depends_on_id": depends_on, "reason": reason})),
        )
        .await?;
        Ok(())
    })
    .await
}

/// "If this component is down": everything that depends on it, transitively, nearest
/// first, with who is accountable and who responds.
pub async fn impact(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Impact> {
    let mut conn = services.conn().await?;
    let component = super::components::load(&mut conn, actor.organization_id, id).await?;
    let downstream = db::ownership::dependencies::reach(&mut conn, id, true).await?;
    impact_of(&mut conn, &component, downstream).await
}

async fn impact_of(
    conn: &mut AsyncPgConnection,
    component: &ComponentSummary,
    reached: Vec<ReachedRow>,
) -> ServiceResult<Impact> {
    // counted over everything reached; named with owners for the nearest only, so the
    // answer stays small when the foundation of everything is down
    let total_affected = reached.len();
    let critical_count = reached.iter().filter(|r| r.component.tier <= 2).count() as i64;
    let mut reached = reached;
    reached.truncate(IMPACT_LIMIT);
    let ids: Vec<Uuid> = reached.iter().map(|r| r.component.id).collect();
    let mut owners: BTreeMap<Uuid, (Vec<PersonRef>, Vec<String>)> = BTreeMap::new();
    for o in db::ownership::matrix::owners(conn, &ids).await? {
        let entry = owners.entry(o.component_id).or_default();
        if o.letter == "A"
            && let Some(pid) = o.person_id
            && !entry.0.iter().any(|p| p.id == pid)
        {
            entry.0.push(PersonRef { id: pid, name: o.holder.clone() });
        }
        if o.activity.to_lowercase().contains("incident") && !entry.1.contains(&o.holder) {
            entry.1.push(o.holder);
        }
    }
    let affected: Vec<Affected> = reached
        .into_iter()
        .map(|r| {
            let (accountable, responders) = owners.remove(&r.component.id).unwrap_or_default();
            Affected { component: component_ref(r.component), depth: r.depth, accountable, responders }
        })
        .collect();
    Ok(Impact { component: component.to_ref(), affected, total_affected, critical_count })
}

/// The organization's dependency graph as an SVG drawing, with `selected` (if any) and
/// what lies upstream and downstream of it highlighted. Retired components are left out.
pub async fn graph_svg(services: &Services, actor: &Actor, selected: Option<Uuid>) -> ServiceResult<String> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let components = db::ownership::components::refs(&mut conn, org).await?;
    let edges = db::ownership::dependencies::edges(&mut conn, org).await?;
    let nodes: Vec<graph::Node> = components
        .into_iter()
        .filter(|c| c.lifecycle != "retired")
        .map(|c| graph::Node { id: c.id, href: format!("/components/{}", c.id), label: c.name, tier: c.tier })
        .collect();
    let edges: Vec<graph::Edge> = edges.into_iter().map(|(from, to)| graph::Edge { from, to }).collect();
    let selected = selected.filter(|s| nodes.iter().any(|n| n.id == *s));
    Ok(graph::svg(&nodes, &edges, selected, "Component dependencies"))
}
