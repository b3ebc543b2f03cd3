//! Computed reports, kept until what they depend on changes. Triggers bump a generation
//! of the organization on every change a report reads: the ownership generation for the
//! ownership reports and matrix pages (components, activities, rows and letters, who is
//! active, team membership, current ratings), the skills generation for team skills
//! matrices (people's names, status and role profiles, team membership, current ratings,
//! role profiles and their expectations). A report computed at generation N is reused
//! while the generation is still N, the variant (`period`, e.g. the verification period)
//! is the same, and it is under a minute old (ownership rows turn stale with time alone).
//! The generations live in PostgreSQL, so several server instances agree.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The longest a report is reused when nothing changed.
const MAX_AGE: Duration = Duration::from_secs(60);

struct Entry<T> {
    generation: i64,
    period: i32,
    at: Instant,
    value: Arc<T>,
}

/// One kind of report, per organization and variant (e.g. a threshold), holding at most
/// `capacity` entries (the oldest goes first), so memory stays bounded whatever callers
/// ask for.
pub struct ReportCache<T> {
    entries: Mutex<HashMap<(Uuid, i64), Entry<T>>>,
    capacity: usize,
}

/// One number for a report's variant (its filter, page, team…), to key the cache with.
pub fn variant_key(variant: &impl std::hash::Hash) -> i64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    variant.hash(&mut h);
    h.finish() as i64
}

impl<T> Default for ReportCache<T> {
    fn default() -> Self {
        ReportCache::with_capacity(64)
    }
}

impl<T> ReportCache<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        ReportCache { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    /// The report for `key` if it was computed at this generation and period, recently.
    pub fn get(&self, key: (Uuid, i64), generation: i64, period: i32) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|e| e.generation == generation && e.period == period && e.at.elapsed() < MAX_AGE)
            .map(|e| e.value.clone())
    }

    /// As `get`, for callers whose generation may be unknown (`None`: nothing is reused).
    pub fn get_at(&self, key: (Uuid, i64), generation: Option<i64>) -> Option<Arc<T>> {
        self.get(key, generation?, 0)
    }

    /// As `put`, keeping the value only when its generation is known.
    pub fn put_at(&self, key: (Uuid, i64), generation: Option<i64>, value: T) -> Arc<T> {
        match generation {
            Some(generation) => self.put(key, generation, 0, value),
            None => Arc::new(value),
        }
    }

    /// Keeps a freshly computed report (computed after reading `generation`).
    pub fn put(&self, key: (Uuid, i64), generation: i64, period: i32, value: T) -> Arc<T> {
        let value = Arc::new(value);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let oldest = entries.iter().min_by_key(|(_, e)| e.at).map(|(k, _)| *k);
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, Entry { generation, period, at: Instant::now(), value: value.clone() });
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_only_the_same_generation_and_period() {
        let cache = ReportCache::<String>::default();
        let org = Uuid::from_u128(7);
        assert!(cache.get((org, 0), 1, 90).is_none());
        cache.put((org, 0), 1, 90, "report".into());
        assert_eq!(cache.get((org, 0), 1, 90).as_deref().map(String::as_str), Some("report"));
        assert!(cache.get((org, 0), 2, 90).is_none(), "a change since");
        assert!(cache.get((org, 0), 1, 30).is_none(), "another verification period");
        assert!(cache.get((org, 3), 1, 90).is_none(), "another variant");
        assert!(cache.get((Uuid::from_u128(8), 0), 1, 90).is_none(), "another organization");
    }

    #[test]
    fn keeps_at_most_its_capacity_dropping_the_oldest() {
        let cache = ReportCache::<i64>::with_capacity(2);
        let org = Uuid::from_u128(7);
        for variant in 0..3 {
            cache.put((org, variant), 1, 90, variant);
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(cache.get((org, 0), 1, 90).is_none(), "the oldest went");
        assert_eq!(cache.get((org, 1), 1, 90).as_deref(), Some(&1));
        assert_eq!(cache.get((org, 2), 1, 90).as_deref(), Some(&2));
        cache.put((org, 2), 1, 90, 20);
        assert_eq!(cache.get((org, 1), 1, 90).as_deref(), Some(&1), "replacing an entry drops nothing");
    }
}
