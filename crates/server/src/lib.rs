//! The `hatrack` binary's pieces: CLI, configuration, telemetry, database start-up and
//! the wiring of the JSON API and the web UI into one actix-web server.

pub mod admin;
pub mod attach_form;
pub mod cli;
pub mod config;
pub mod database;
pub mod head_too_large;
pub mod http;
pub mod memory;
pub mod metrics;
pub mod serve;
pub mod sfn_guard;
pub mod telemetry;
pub mod work_sample_form;

/// An error for the operator: one line that says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

impl Fatal {
    pub fn new(message: impl std::fmt::Display) -> Self {
        Fatal(message.to_string())
    }
}
