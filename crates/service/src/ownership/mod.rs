//! Ownership: the component catalog and its dependency graph, the organization's
//! activities, the RACI matrix with its rules, and the reports over them.

pub mod activities;
pub mod components;
pub mod csv;
pub mod demo;
pub mod dependencies;
pub mod matrix;
pub mod reports;

use db::ownership::ComponentRefRow;
use db::ownership::reports::RowRefRow;
use domain::identity::PersonRef;
use domain::ownership::component::{ComponentKind, ComponentRef, Lifecycle};
use domain::ownership::report::RowRef;

pub(crate) fn component_ref(r: ComponentRefRow) -> ComponentRef {
    ComponentRef {
        id: r.id,
        name: r.name,
        kind: ComponentKind::parse(&r.kind).unwrap_or(ComponentKind::Other),
        tier: r.tier,
        lifecycle: Lifecycle::parse(&r.lifecycle).unwrap_or(Lifecycle::Live),
    }
}

pub(crate) fn row_ref(r: RowRefRow) -> RowRef {
    RowRef { component: component_ref(r.component), activity_id: r.activity_id, activity: r.activity }
}

/// The `version` an edit must carry, or a 422 naming it.
pub(crate) fn version_read(version: Option<i32>) -> crate::ServiceResult<i32> {
    version.ok_or_else(|| {
        let mut p = domain::validate::FieldErrors::new();
        p.add("version", "Send the version you read");
        crate::ServiceError::validation(p)
    })
}

/// `[{"id", "name"}]` as built by the queries' `jsonb_agg`.
pub(crate) fn person_refs(json: &serde_json::Value) -> Vec<PersonRef> {
    serde_json::from_value(json.clone()).unwrap_or_default()
}
