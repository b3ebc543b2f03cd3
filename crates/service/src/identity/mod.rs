//! People, teams and organizations.

pub mod demo;
pub mod import;
mod import_file;
pub mod orgs;
pub mod people;
pub mod teams;

use domain::identity::{PersonRef, TeamRef};
use uuid::Uuid;

/// `[{"id": …, "name": …}]` from a JSON aggregate → references.
pub(crate) fn refs(value: &serde_json::Value) -> Vec<(Uuid, String)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| Some((v["id"].as_str()?.parse().ok()?, v["name"].as_str()?.to_string())))
        .collect()
}

pub(crate) fn person_refs(value: &serde_json::Value) -> Vec<PersonRef> {
    refs(value).into_iter().map(|(id, name)| PersonRef { id, name }).collect()
}

pub(crate) fn team_refs(value: &serde_json::Value) -> Vec<TeamRef> {
    refs(value).into_iter().map(|(id, name)| TeamRef { id, name }).collect()
}
