//! Id newtypes: one type per kind of record, so that a function taking a component and an
//! activity cannot be handed the pair the wrong way round (both are UUIDs underneath).
//! On the wire they are plain UUID strings (`serde(transparent)`).
//!
//! Adopted so far where a swap was possible and silent: the RACI matrix's row functions
//! in `db::ownership::matrix` and the policy that asks them. New code takes these types;
//! older signatures move over as they are touched.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type! {
    /// An organization (a tenant).
    OrganizationId,
    /// A person of an organization.
    PersonId,
    /// A team.
    TeamId,
    /// A component of the ownership catalog.
    ComponentId,
    /// An activity, a column of the RACI matrix.
    ActivityId,
    /// A competency framework.
    FrameworkId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_plain_uuid_on_the_wire() {
        let id = ComponentId(Uuid::from_u128(1));
        assert_eq!(serde_json::to_value(id).unwrap(), serde_json::json!("00000000-0000-0000-0000-000000000001"));
        assert_eq!(serde_json::from_value::<ComponentId>(serde_json::to_value(id).unwrap()).unwrap(), id);
        assert_eq!(id.to_string(), id.uuid().to_string());
    }
}
