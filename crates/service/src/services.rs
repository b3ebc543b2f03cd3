//! The handle every HTTP entry point (REST handler or server function) holds: the pool
//! and what the use cases need to know about the installation.

use crate::auth::client::TrustedProxies;
use crate::auth::jwt::KeyRing;
use crate::identity::people::DirectoryKey;
use crate::report_cache::ReportCache;
use crate::rubric::standing::MatrixKey;
use db::{Pipelined, Pool};
use domain::identity::{Page, PersonDetail, PersonSummary, TeamSummary};
use domain::interviews::dto::InterviewStats;
use domain::ownership::matrix::OwnershipMatrix;
use domain::ownership::report::{KeyPersonRisk, Ownership, OwnershipGaps};
use domain::rubric::matrix::SkillsMatrix;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseMode {
    /// The private cluster in the data directory.
    Embedded,
    /// A server named by DATABASE_URL.
    External,
}

impl DatabaseMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseMode::Embedded => "embedded",
            DatabaseMode::External => "external",
        }
    }
}

#[derive(Clone)]
pub struct Services {
    pool: Pool,
    /// Beside the pool, for the sign-in check (see `db::Pipelined`); one per pool.
    pipelined: Arc<Pipelined>,
    mode: DatabaseMode,
    keys: Arc<KeyRing>,
    /// Proxies whose forwarding headers are believed (`auth::client`).
    trusted_proxies: Arc<TrustedProxies>,
    /// Reports and pages kept until a generation moves; shared by every worker's copy.
    caches: Arc<Caches>,
}

/// What the use cases keep between requests, each entry checked against the generation
/// it was computed at (`report_cache`). They live here, not in statics, so that each
/// `Services` (a server, a test) has its own and nothing leaks between them.
pub(crate) struct Caches {
    pub team_lists: ReportCache<Vec<TeamSummary>>,
    /// Directory pages read lately, reused while the organization's people generation is the
    /// one the sign-in check just read (as `person_details`): the first pages of the directory are
    /// read far more often than anyone joins, leaves or is renamed.
    pub directory: ReportCache<(DirectoryKey, Page<PersonSummary>)>,
    /// Person details read lately, reused while the organization's people generation (moved by
    /// triggers on people, team membership and team names) is the one the sign-in check just
    /// read: a person is read far more often than anything on their page changes, and a hit
    /// costs no statement. Whoever may see the person is decided by the caller on every read.
    pub person_details: ReportCache<PersonDetail>,
    pub ownership_gaps: ReportCache<OwnershipGaps>,
    pub key_person_risk: ReportCache<KeyPersonRisk>,
    /// What a person or a team holds, per organization and holder. Bounded small: each entry
    /// is one person's or team's rows, and memory is a target of its own.
    pub owned: ReportCache<Ownership>,
    /// Matrix pages computed lately, by organization, filter and page (see `report_cache`:
    /// reused while nothing they show has changed, for at most a minute). A page is read far
    /// more often than the matrix changes, and computing one of 200 components costs ten
    /// times what copying it does.
    pub matrix_pages: ReportCache<OwnershipMatrix>,
    /// Team matrices computed lately, reused until the organization's skills generation moves
    /// (see `report_cache`): the matrix is read far more often than ratings change.
    pub skills_matrices: ReportCache<(MatrixKey, SkillsMatrix)>,
    /// Interview statistics computed lately, by organization and filter, reused until the
    /// organization's interviews generation moves (a scorecard submitted, a name changed).
    pub interview_stats: ReportCache<InterviewStats>,
    /// Published plan versions' stages and what each rates (`interviews::plans::
    /// published_stages`): frozen once published, read by every loop page, scorecard save
    /// and debrief.
    pub published_stages: ReportCache<Vec<db::interviews::plans::StageCompetencyRow>>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            team_lists: ReportCache::with_capacity(256),
            directory: ReportCache::with_capacity(256),
            person_details: ReportCache::with_capacity(1024),
            ownership_gaps: ReportCache::default(),
            key_person_risk: ReportCache::default(),
            owned: ReportCache::with_capacity(128),
            matrix_pages: ReportCache::with_capacity(16),
            skills_matrices: ReportCache::default(),
            interview_stats: ReportCache::default(),
            published_stages: ReportCache::with_capacity(1024),
        }
    }
}

impl Services {
    pub fn new(pool: Pool, mode: DatabaseMode, keys: KeyRing) -> Self {
        Self {
            pool,
            pipelined: Arc::default(),
            mode,
            keys: Arc::new(keys),
            trusted_proxies: Arc::default(),
            caches: Arc::default(),
        }
    }

    /// The same services believing forwarding headers from these proxies.
    pub fn with_trusted_proxies(self, proxies: TrustedProxies) -> Self {
        Self { trusted_proxies: Arc::new(proxies), ..self }
    }

    pub fn trusted_proxies(&self) -> &TrustedProxies {
        &self.trusted_proxies
    }

    /// The keys that sign and verify access tokens.
    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The same services drawing on another pool. Each HTTP worker thread is given a pool
    /// of its own: a connection's driver task runs on the thread that opened it, so with
    /// one shared pool a worker often borrowed a connection the other worker drives, and
    /// every query on it woke that thread (an eventfd write and a context switch each).
    /// The pipelined connection goes with the pool, for the same reason.
    pub fn with_pool(&self, pool: Pool) -> Self {
        Self { pool, pipelined: Arc::default(), ..self.clone() }
    }

    pub fn database_mode(&self) -> DatabaseMode {
        self.mode
    }

    /// The pipelined connection and the pool it falls back on.
    pub(crate) fn pipelined(&self) -> (&Pipelined, &Pool) {
        (&self.pipelined, &self.pool)
    }

    pub(crate) fn caches(&self) -> &Caches {
        &self.caches
    }

    pub(crate) async fn conn(&self) -> Result<db::Conn, crate::ServiceError> {
        Ok(db::pool::get(&self.pool).await?)
    }
}
