//! Logs: pretty lines for a terminal, JSON lines (`HATRACK_LOG_FORMAT=json`) for log
//! collectors. Each request runs in a span carrying its request id (see `http`).

use crate::config::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, fmt};

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_env("HATRACK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn,actix_web=warn,tokio_postgres=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => {
            registry.with(fmt::layer().json().with_current_span(true).with_writer(std::io::stderr)).try_init()
        }
        LogFormat::Pretty => registry
            .with(
                fmt::layer().with_target(false).with_ansi(std::io::stderr().is_terminal()).with_writer(std::io::stderr),
            )
            .try_init(),
    };
    // Already initialised (tests call this more than once): keep the first.
    let _ = result;
}
