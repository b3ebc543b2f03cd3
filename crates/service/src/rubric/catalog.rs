//! Published framework versions as the rest of the rubric uses them. Their competencies
//! are kept in memory once read: a published version never changes (the database refuses
//! it), so the copy can never go stale, and every rating view needs them.

use crate::{ServiceError, ServiceResult};
use db::rubric::catalog::{CompetencyRow, VersionRefRow};
use diesel_async::AsyncPgConnection;
use domain::rubric::role_profile::FrameworkVersionRef;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use uuid::Uuid;

pub fn version_ref(r: VersionRefRow) -> FrameworkVersionRef {
    FrameworkVersionRef {
        framework_id: r.framework_id,
        framework_name: r.framework_name,
        version_id: r.version_id,
        number: r.number,
        level_count: r.level_count,
    }
}

/// Enough for every version a server meets in practice; past it the cache starts over.
const CACHE_LIMIT: usize = 512;

// The one cache that stays process-wide: it holds published versions' competencies,
// which never change once published, keyed by version id, so no `Services` (server or
// test) can see a stale entry or another's data; the generation-checked caches live in
// `Services::caches`. A panic while the lock is held leaves a map that is still whole (each change is one
// call), so a poisoned lock is taken over rather than failing every later request.
static CACHE: LazyLock<Mutex<HashMap<Uuid, Arc<Vec<CompetencyRow>>>>> = LazyLock::new(Default::default);

/// The competencies of a published version, in framework order.
pub async fn competencies(conn: &mut AsyncPgConnection, version: Uuid) -> ServiceResult<Arc<Vec<CompetencyRow>>> {
    if let Some(hit) = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&version) {
        return Ok(hit.clone());
    }
    let rows = Arc::new(db::rubric::catalog::competencies(conn, version).await?);
    // A draft has no competency rows yet; an empty answer is not worth keeping.
    if !rows.is_empty() {
        let mut cache = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(version, rows.clone());
    }
    Ok(rows)
}

/// The newest published version of a framework of the organization, or a 422 naming
/// `field` when there is none.
pub async fn published(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
    field: &str,
) -> ServiceResult<VersionRefRow> {
    db::rubric::catalog::newest_published(conn, org, framework).await?.ok_or_else(|| {
        ServiceError::new(domain::ErrorCode::Validation, "Choose a framework with a published version.")
            .with_field(field, "No published version of this framework exists in your organization")
    })
}
