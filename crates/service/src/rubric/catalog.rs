//! Published framework versions as the rest of the rubric uses them. Their competencies
//! (and, when asked for, their anchors) are kept in memory once read: a published version
//! never changes (the database refuses it), so the copy can never go stale, and every
//! rating view needs them.

use crate::{ServiceError, ServiceResult};
use db::rubric::catalog::{CompetencyRow, VersionRefRow};
use diesel_async::AsyncPgConnection;
use domain::rubric::role_profile::FrameworkVersionRef;
use domain::rubric::{FrameworkDoc, LevelDoc};
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

// The caches that stay process-wide (this one and `ANCHORS`): they hold what published
// versions hold, which never changes once published, keyed by version id, so no
// `Services` (server or test) can see a stale entry or another's data; the
// generation-checked caches live in `Services::caches`. A panic while the lock is held
// leaves a map that is still whole (each change is one call), so a poisoned lock is
// taken over rather than failing every later request.
static CACHE: VersionCache<Vec<CompetencyRow>> = VersionCache::new();

/// What published versions hold, by version id, up to [`CACHE_LIMIT`] versions.
struct VersionCache<T>(LazyLock<Mutex<HashMap<Uuid, Arc<T>>>>);

impl<T> VersionCache<T> {
    const fn new() -> Self {
        VersionCache(LazyLock::new(Default::default))
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Arc<T>>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, version: &Uuid) -> Option<Arc<T>> {
        self.map().get(version).cloned()
    }

    /// Keeps these entries, starting over first when they would not fit.
    fn put(&self, entries: impl ExactSizeIterator<Item = (Uuid, Arc<T>)>) {
        let mut cache = self.map();
        if cache.len() + entries.len() > CACHE_LIMIT {
            cache.clear();
        }
        cache.extend(entries);
    }
}

/// The competencies of a published version, in framework order.
pub async fn competencies(conn: &mut AsyncPgConnection, version: Uuid) -> ServiceResult<Arc<Vec<CompetencyRow>>> {
    if let Some(hit) = CACHE.get(&version) {
        return Ok(hit);
    }
    let rows = Arc::new(db::rubric::catalog::competencies(conn, version).await?);
    // A draft has no competency rows yet; an empty answer is not worth keeping.
    if !rows.is_empty() {
        CACHE.put(std::iter::once((version, rows.clone())));
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

/// A published version's anchors: per competency slug, its levels as the version wrote
/// them.
pub type Anchors = HashMap<String, Vec<LevelDoc>>;

static ANCHORS: VersionCache<Anchors> = VersionCache::new();

/// The anchors of the organization's published versions `ids`, by version id; those not
/// kept yet are read in one statement (a version that is not published has none).
pub async fn anchors(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    ids: &[Uuid],
) -> ServiceResult<HashMap<Uuid, Arc<Anchors>>> {
    let mut found = HashMap::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match ANCHORS.get(id) {
            Some(hit) => {
                found.insert(*id, hit);
            }
            None => missing.push(*id),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    let mut read = Vec::with_capacity(missing.len());
    for (id, document) in db::rubric::catalog::documents(conn, org, &missing).await? {
        let doc: FrameworkDoc = serde_json::from_value(document).map_err(|e| {
            ServiceError::new(domain::ErrorCode::Internal, "A stored framework version could not be read.")
                .with_cause(e)
        })?;
        read.push((id, Arc::new(anchors_of(doc))));
    }
    ANCHORS.put(read.iter().map(|(id, anchors)| (*id, anchors.clone())));
    found.extend(read);
    Ok(found)
}

fn anchors_of(doc: FrameworkDoc) -> Anchors {
    doc.areas.into_iter().flat_map(|a| a.competencies).map(|c| (c.slug, c.levels)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::rubric::{AreaDoc, CompetencyDoc};

    fn level(level: i32, summary: &str) -> LevelDoc {
        LevelDoc { level, summary: summary.into(), signals: vec![], examples: vec![] }
    }

    #[test]
    fn anchors_are_found_by_competency_slug_whatever_the_area() {
        let competency = |slug: &str| CompetencyDoc {
            slug: slug.into(),
            name: slug.into(),
            description: String::new(),
            levels: vec![level(1, &format!("{slug} 1")), level(2, &format!("{slug} 2"))],
        };
        let area = |slug: &str, competencies| AreaDoc {
            slug: slug.into(),
            name: slug.into(),
            description: String::new(),
            competencies,
        };
        let doc = FrameworkDoc {
            name: "Desk".into(),
            description: String::new(),
            level_count: 2,
            level_names: vec![],
            areas: vec![area("people", vec![competency("coaching")]), area("systems", vec![competency("backups")])],
        };
        let anchors = anchors_of(doc);
        assert_eq!(anchors.len(), 2);
        assert_eq!(anchors["backups"][1], level(2, "backups 2"));
    }
}
