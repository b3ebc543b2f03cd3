//! Queries of the rubric module: frameworks and their versions, role profiles, assessment
//! cycles, assessments and the current standing computed from them.

pub mod assessments;
pub mod catalog;
pub mod cycles;
pub mod frameworks;
pub mod role_profiles;
pub mod standing;

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use diesel::QueryableByName;
use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// The tables whose names are unique per organization (case-insensitively): the rubric's,
/// and the ownership activities.
#[derive(Debug, Clone, Copy)]
pub enum Named {
    Framework,
    RoleProfile,
    Cycle,
    Activity,
}

/// Whether another row of `table` in the organization already has `name`.
pub async fn name_taken(
    conn: &mut diesel_async::AsyncPgConnection,
    table: Named,
    org: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<bool, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        found: bool,
    }
    macro_rules! sql {
        ($t:literal) => {
            concat!(
                "SELECT EXISTS (SELECT 1 FROM ",
                $t,
                " WHERE organization_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3)) AS found"
            )
        };
    }
    let sql = match table {
        Named::Framework => sql!("frameworks"),
        Named::RoleProfile => sql!("role_profiles"),
        Named::Cycle => sql!("assessment_cycles"),
        Named::Activity => sql!("activities"),
    };
    let row: Found = cached_sql(sql)
        .bind::<SqlUuid, _>(org)
        .bind::<Text, _>(name)
        .bind::<Nullable<SqlUuid>, _>(except)
        .get_result(conn)
        .await?;
    Ok(row.found)
}
