//! The IT Lead framework that ships with Hatrack: installed, published as version 1, into
//! every new organization.

use crate::ServiceResult;
use diesel_async::AsyncPgConnection;
use domain::rubric::FrameworkDoc;
use uuid::Uuid;

const IT_LEAD: &str = include_str!("it_lead.json");

/// The IT Lead framework document.
pub fn it_lead() -> FrameworkDoc {
    serde_json::from_str(IT_LEAD).expect("it_lead.json is a valid framework (checked by a test)")
}

/// The rubric's seed of a new organization (`crate::setup`): the built-in framework,
/// published. Answers its id.
pub async fn install(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<Uuid> {
    let doc = it_lead();
    let framework = db::rubric::frameworks::insert_framework(conn, org, &doc.name, Some("it-lead")).await?;
    super::frameworks::create_published(conn, org, framework, &doc, None, "Shipped with Hatrack.").await?;
    Ok(framework)
}

#[cfg(test)]
mod tests {
    #[test]
    fn it_lead_is_complete() {
        let doc = super::it_lead();
        assert!(domain::rubric::check::publishable(&doc).is_empty(), "{:?}", domain::rubric::check::publishable(&doc));
        assert_eq!(doc.areas.len(), 9);
        assert_eq!(doc.competencies().count(), 27);
        assert!(doc.competencies().all(|(_, c)| c.levels.len() == 5 && c.levels.iter().all(|l| !l.signals.is_empty())));
    }
}
