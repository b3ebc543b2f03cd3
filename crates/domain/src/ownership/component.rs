//! Components: the systems, services and infrastructure an IT department keeps running.

use crate::identity::PersonRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What sort of thing a component is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Application,
    Service,
    Database,
    Network,
    Identity,
    EndpointFleet,
    VendorService,
    Infrastructure,
    Storage,
    Other,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 10] = [
        ComponentKind::Application,
        ComponentKind::Service,
        ComponentKind::Database,
        ComponentKind::Network,
        ComponentKind::Identity,
        ComponentKind::EndpointFleet,
        ComponentKind::VendorService,
        ComponentKind::Infrastructure,
        ComponentKind::Storage,
        ComponentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Application => "application",
            ComponentKind::Service => "service",
            ComponentKind::Database => "database",
            ComponentKind::Network => "network",
            ComponentKind::Identity => "identity",
            ComponentKind::EndpointFleet => "endpoint_fleet",
            ComponentKind::VendorService => "vendor_service",
            ComponentKind::Infrastructure => "infrastructure",
            ComponentKind::Storage => "storage",
            ComponentKind::Other => "other",
        }
    }

    /// For people: "endpoint fleet", "vendor service".
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::EndpointFleet => "endpoint fleet",
            ComponentKind::VendorService => "vendor service",
            k => k.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<ComponentKind> {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        ComponentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a component is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    Planned,
    Live,
    Retiring,
    Retired,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 4] = [Lifecycle::Planned, Lifecycle::Live, Lifecycle::Retiring, Lifecycle::Retired];

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Planned => "planned",
            Lifecycle::Live => "live",
            Lifecycle::Retiring => "retiring",
            Lifecycle::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Option<Lifecycle> {
        let s = s.trim().to_lowercase();
        Lifecycle::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Criticality tiers: 1 stops the business, 4 can wait.
pub const TIERS: std::ops::RangeInclusive<i32> = 1..=4;

/// A component as listed and referenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentRef {
    pub id: Uuid,
    pub name: String,
    pub kind: ComponentKind,
    pub tier: i32,
    pub lifecycle: Lifecycle,
}

/// A row of the component catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentSummary {
    pub id: Uuid,
    pub name: String,
    pub kind: ComponentKind,
    pub tier: i32,
    pub lifecycle: Lifecycle,
    pub description: String,
    pub runbook_url: Option<String>,
    pub dashboard_url: Option<String>,
    /// The distinct people accountable (A) on the component's rows.
    pub accountable: Vec<PersonRef>,
    /// Components this one depends on (directly).
    pub upstream_count: i64,
    /// Components that depend on this one (directly).
    pub downstream_count: i64,
    /// Send this back when updating; a stale one gets 409.
    pub version: i32,
}

/// A page of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentPage {
    pub items: Vec<ComponentSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A new component, or the whole of an edited one (with `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentInput {
    pub name: String,
    /// application, service, database, network, identity, endpoint_fleet,
    /// vendor_service, infrastructure, storage or other
    pub kind: String,
    /// 1 (stops the business) to 4
    pub tier: i32,
    #[serde(default)]
    pub description: Option<String>,
    /// planned, live (the default), retiring or retired
    #[serde(default)]
    pub lifecycle: Option<String>,
    #[serde(default)]
    pub runbook_url: Option<String>,
    #[serde(default)]
    pub dashboard_url: Option<String>,
    /// Required when editing: the version you read.
    #[serde(default)]
    pub version: Option<i32>,
}

/// One dependency edge seen from a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dependency {
    pub component: ComponentRef,
    pub reason: String,
}

/// A component reached through the graph, with how many hops away it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reached {
    pub component: ComponentRef,
    /// 1 for a direct dependency.
    pub depth: i32,
}

/// A component's place in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dependencies {
    pub component: ComponentRef,
    /// What it depends on directly, with the reasons.
    pub depends_on: Vec<Dependency>,
    /// What depends on it directly, with the reasons.
    pub depended_on_by: Vec<Dependency>,
    /// Everything it needs, transitively, nearest first.
    pub upstream: Vec<Reached>,
    /// Everything that needs it, transitively, nearest first.
    pub downstream: Vec<Reached>,
    /// True when the component is part of a dependency cycle (allowed, but worth a look).
    pub in_cycle: bool,
}

/// `POST /api/v1/components/{id}/dependencies`: the component depends on another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDependency {
    pub depends_on_id: Uuid,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Who holds a letter, for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImpactOwner {
    pub activity: String,
    pub letter: String,
    pub holder: String,
}

/// One component affected when another is down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Affected {
    pub component: ComponentRef,
    pub depth: i32,
    /// The accountable people of the component (any activity).
    pub accountable: Vec<PersonRef>,
    /// Who responds to incidents on it (the R and A of an "incident response" row), when
    /// the organization has such an activity.
    pub responders: Vec<String>,
}

/// "If X is down, these depend on it", with their owners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impact {
    pub component: ComponentRef,
    /// The nearest first (fewest hops, then most critical), at most `IMPACT_LIMIT`.
    pub affected: Vec<Affected>,
    /// How many components are affected in all.
    pub total_affected: usize,
    /// Tier 1 and 2 components among all the affected.
    pub critical_count: i64,
}

/// Affected components listed with their owners at most; the totals count them all.
pub const IMPACT_LIMIT: usize = 200;

impl ComponentSummary {
    pub fn to_ref(&self) -> ComponentRef {
        ComponentRef {
            id: self.id,
            name: self.name.clone(),
            kind: self.kind,
            tier: self.tier,
            lifecycle: self.lifecycle,
        }
    }
}
