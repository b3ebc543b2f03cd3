//! People, teams, roles and sign-in: the shapes that cross the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a person may do in the product. A person can hold several (e.g. manager + hr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Hr,
    Manager,
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::Manager, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Manager => "manager",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Hr => "HR",
            Role::Manager => "Manager",
            Role::Member => "Member",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PersonStatus {
    /// Invited; has not set a password yet.
    Invited,
    Active,
    /// Cannot sign in; keeps their history.
    Deactivated,
}

impl PersonStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Invited => "invited",
            PersonStatus::Active => "active",
            PersonStatus::Deactivated => "deactivated",
        }
    }

    pub fn parse(s: &str) -> Option<PersonStatus> {
        PersonStatus::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub const ALL: [PersonStatus; 3] = [PersonStatus::Invited, PersonStatus::Active, PersonStatus::Deactivated];

    /// Whether someone with this status may hold a RACI letter: the one definition used by
    /// row writes, the matrix import and the reports (the SQL twin is
    /// `db::ownership::may_hold_ownership`, checked against this one). Invited people may:
    /// a team moving over names its people before they have accepted their invitations.
    /// A deactivated person may not; letters they still hold show as a rule to fix.
    pub fn may_hold_ownership(self) -> bool {
        self != PersonStatus::Deactivated
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRef {
    pub id: Uuid,
    pub name: String,
}

/// A row of the people directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub roles: Vec<Role>,
    pub status: PersonStatus,
    pub manager: Option<PersonRef>,
    pub teams: Vec<TeamRef>,
}

/// One person with their reporting line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDetail {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub roles: Vec<Role>,
    pub status: PersonStatus,
    pub manager: Option<PersonRef>,
    pub teams: Vec<TeamRef>,
    /// Direct reports.
    pub reports: Vec<PersonRef>,
    /// Send this back with an edit; a stale one gets 409.
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

/// Who is signed in, as the frame of every page shows them. Made from what the sign-in
/// check reads anyway, so a page spends no statement on it ([`Me`] is the full profile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: Uuid,
    pub name: String,
    pub roles: Vec<Role>,
    pub organization: OrganizationRef,
}

/// `GET /api/v1/me`: who is signed in, in which organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub person: PersonDetail,
    pub organization: OrganizationRef,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPerson {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub job_title: Option<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub manager_id: Option<Uuid>,
    #[serde(default)]
    pub team_ids: Vec<Uuid>,
}

/// A partial edit: absent fields stay as they are. `manager_id: null` removes the manager.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonUpdate {
    /// The version this edit is based on.
    pub version: i32,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub job_title: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub manager_id: Option<Option<Uuid>>,
    #[serde(default)]
    pub status: Option<PersonStatus>,
    #[serde(default)]
    pub team_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamDetail {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub lead: Option<PersonRef>,
    pub members: Vec<PersonRef>,
    pub version: i32,
}

/// A team in a list: its lead and how many members, not the members themselves (a list
/// of every team with every member grows with the organization).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamSummary {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub lead: Option<PersonRef>,
    pub member_count: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub lead_id: Option<Uuid>,
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamUpdate {
    pub version: i32,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub lead_id: Option<Option<Uuid>>,
    #[serde(default)]
    pub member_ids: Option<Vec<Uuid>>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match, when `total_exact`; otherwise at least this many. Counting stops
    /// 1,000 past the start of the page, so a large organization's directory costs no
    /// more than a small one's.
    pub total: i64,
    pub total_exact: bool,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PeopleQuery {
    /// Matches name, email or job title.
    pub q: Option<String>,
    pub team: Option<Uuid>,
    pub role: Option<Role>,
    pub status: Option<PersonStatus>,
    /// 1-based.
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0))]
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0))]
    pub per_page: Option<u32>,
}

/// First-run setup: the organization and its first admin (only while none exists).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstRunSetup {
    pub organization: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Whether the installation still needs its first-run setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupState {
    pub needed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Only when the address signs in to several organizations (the answer then asks):
    /// the organization's name or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; exchange at /api/v1/auth/refresh. Single use: each refresh returns a new one.
    pub refresh_token: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// Omit it to use the refresh cookie (browsers).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<PersonRef>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// What the object is called now, when it has a name ("Tom Becker", "Core network").
    #[serde(default)]
    pub object_name: Option<String>,
    pub request_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Actions saved as a person types (an assessment's autosave): the log page folds a run
/// of them into one line per object, author and minute.
pub const AUTOSAVE_ACTIONS: [&str; 1] = ["assessment.saved"];

/// The log as the page shows it: each event with how many autosaves of the same object,
/// by the same person in the same minute, it stands for (1 for every other event). The
/// newest of a run is kept (its `after` is the latest state). Events are newest first.
pub fn fold_autosaves(events: Vec<AuditEvent>) -> Vec<(AuditEvent, usize)> {
    let mut out: Vec<(AuditEvent, usize)> = Vec::with_capacity(events.len());
    for e in events {
        if let Some((kept, n)) = out.last_mut()
            && AUTOSAVE_ACTIONS.contains(&e.action.as_str())
            && kept.action == e.action
            && kept.object_id == e.object_id
            && kept.actor.as_ref().map(|a| a.id) == e.actor.as_ref().map(|a| a.id)
            && kept.at.format("%Y-%m-%d %H:%M").to_string() == e.at.format("%Y-%m-%d %H:%M").to_string()
        {
            *n += 1;
            continue;
        }
        out.push((e, 1));
    }
    out
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<Uuid>,
    /// Keyset pagination: events older than this id.
    pub before_id: Option<i64>,
    /// 1 to 200, default 50.
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0))]
    pub limit: Option<u32>,
}

/// `Option<Option<T>>` that tells "absent" (keep) from `null` (clear).
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_clears_and_absent_keeps() {
        let clear: PersonUpdate = serde_json::from_str(r#"{"version": 3, "manager_id": null}"#).unwrap();
        assert_eq!(clear.manager_id, Some(None));
        let keep: PersonUpdate = serde_json::from_str(r#"{"version": 3}"#).unwrap();
        assert_eq!(keep.manager_id, None);
    }

    #[test]
    fn autosaves_of_one_object_by_one_person_fold_per_minute() {
        let at = |m: u32, s: u32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 6, 10, m, s).unwrap();
        let me = PersonRef { id: Uuid::from_u128(1), name: "Tom".into() };
        let ev = |id: i64, action: &str, object: &str, at: DateTime<Utc>| AuditEvent {
            id,
            at,
            actor: Some(me.clone()),
            action: action.into(),
            object_type: "assessment".into(),
            object_id: object.into(),
            object_name: None,
            request_id: None,
            before: None,
            after: None,
        };
        // newest first: three saves in minute 5, one in minute 4, a submit, another object
        let folded = fold_autosaves(vec![
            ev(7, "assessment.submitted", "a", at(6, 0)),
            ev(6, "assessment.saved", "a", at(5, 50)),
            ev(5, "assessment.saved", "a", at(5, 20)),
            ev(4, "assessment.saved", "a", at(5, 1)),
            ev(3, "assessment.saved", "b", at(5, 0)),
            ev(2, "assessment.saved", "a", at(4, 59)),
            ev(1, "person.updated", "a", at(4, 58)),
        ]);
        let shape: Vec<(i64, usize)> = folded.iter().map(|(e, n)| (e.id, *n)).collect();
        assert_eq!(shape, [(7, 1), (6, 3), (3, 1), (2, 1), (1, 1)]);
    }

    #[test]
    fn roles_parse_case_insensitively() {
        assert_eq!(Role::parse(" HR "), Some(Role::Hr));
        assert_eq!(Role::parse("boss"), None);
    }
}

/// One place a person is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The session (all its refreshes share this id).
    pub id: Uuid,
    pub last_active_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: String,
    pub ip: String,
    /// The session making this request.
    pub current: bool,
}

/// A created invitation: give `accept_path` (on this server) to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub person_id: Uuid,
    pub email: String,
    pub accept_path: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvite {
    pub token: String,
    pub password: String,
}
