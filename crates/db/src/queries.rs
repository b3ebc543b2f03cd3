//! Counts the SQL statements the server sends: `/metrics` reports the total, and tests
//! measure how many statements one page or endpoint costs (a budget per page, checked
//! so it does not creep up with the organization's size).

use diesel::connection::{Instrumentation, InstrumentationEvent};
use std::sync::atomic::{AtomicU64, Ordering};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Statements started by any pooled connection of this process so far.
pub fn total() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// Installed on every pooled connection.
pub struct Counter;

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            STATEMENTS.fetch_add(1, Ordering::Relaxed);
        }
    }
}
