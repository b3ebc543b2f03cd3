//! Pages that only some people may open: each exists for an action only they may take
//! (editing people, reading the audit log, editing the rubric). Everyone else gets the 403
//! page instead of a form that would be refused on save; the server refuses the actions
//! themselves anyway. Who may open which is `service::policy::may_open`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gated {
    /// Adding, editing and importing people and teams.
    PeopleAdmin,
    /// The audit log.
    AuditLog,
    /// Creating, importing and editing frameworks.
    RubricEditing,
    /// The installation's status (versions, database, migrations).
    Installation,
}
