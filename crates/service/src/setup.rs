//! Setting up a new organization: the one use case that creates it and has each room seed
//! what a new organization starts with, inside the caller's transaction. Coaching and
//! succession add their seed here.

use crate::ServiceResult;
use diesel_async::AsyncPgConnection;

/// What a new organization was seeded with.
pub(crate) struct Seeded {
    pub org: db::identity::orgs::OrgRow,
    /// The built-in IT Lead framework.
    pub framework: uuid::Uuid,
}

/// Creates the organization `name` and seeds it: the rubric's built-in framework, then
/// the ownership activities that refer to it, and the interview exercise library.
pub(crate) async fn new_organization(conn: &mut AsyncPgConnection, name: &str) -> ServiceResult<Seeded> {
    let org = db::identity::orgs::create(conn, name).await?;
    let framework = crate::rubric::builtin::install(conn, org.id).await?;
    crate::ownership::activities::install_starter(conn, org.id, framework).await?;
    crate::interviews::exercises::install_library(conn, org.id).await?;
    Ok(Seeded { org, framework })
}
