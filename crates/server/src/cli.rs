//! Command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

const CONFIGURATION: &str = "\
Configuration (later sources override earlier ones):
  1. built-in defaults
  2. a TOML file given with --config or HATRACK_CONFIG (keys as below, lower case,
     e.g. `port = 8080`, `data_dir = \"/srv/hatrack\"`)
  3. environment variables:
     HATRACK_PORT          TCP port for HTTP                          [default: 3000]
     HATRACK_BIND          address to listen on                       [default: 127.0.0.1]
     HATRACK_DATA_DIR      data directory; holds the embedded PostgreSQL cluster
                           and keys                                   [default: ./data]
     DATABASE_URL          use this PostgreSQL server instead of the embedded one,
                           e.g. postgres://hatrack:secret@db.internal:5432/hatrack
     HATRACK_MIGRATION_DATABASE_URL  the database's owner, for migrations, when
                           DATABASE_URL is a role with only the app's rights (it is
                           then granted them at start)  [default: DATABASE_URL]
     HATRACK_METRICS_TOKEN bearer token /metrics asks for (16+ characters)
                           [default: unset: /metrics is off]
     HATRACK_DB_POOL_SIZE  database connections per server           [default: 16]
     HATRACK_WORKERS       HTTP worker threads                        [default: one per core]
     HATRACK_LOG_FORMAT    `pretty` (terminal) or `json`              [default: pretty]
     HATRACK_LOG           log filter, e.g. `info` or `debug,hyper=info` [default: info]
     HATRACK_SITE_ROOT     folder with the built web assets (pkg/)    [default: target/site]
     HATRACK_ENV           `development` or `production` (refuses `demo`) [default: development]
     HATRACK_KEYS_DIR      token signing keys (generated on first run) [default: <data dir>/keys]
     HATRACK_TRUSTED_PROXIES  proxies whose X-Forwarded-For/-Proto/-Host and
                           Forwarded headers are believed, e.g. `10.0.0.0/8, 192.0.2.7`
                           [default: none: the connection's own address counts]

Without DATABASE_URL, Hatrack runs its own PostgreSQL cluster in the data directory,
using the machine's PostgreSQL binaries (Debian: apt-get install postgresql), on a Unix
socket only. It is started and stopped with the server.";

#[derive(Debug, Parser)]
#[command(
    name = "hatrack",
    version,
    about = "Hatrack: skills, interviews, ownership, coaching and succession for IT teams.",
    after_help = CONFIGURATION
)]
pub struct Cli {
    /// TOML configuration file.
    #[arg(long, short, env = "HATRACK_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo organization (refused when HATRACK_ENV=production).
    Demo {
        /// Only when the database has no organization yet (what `cargo xtask run` uses).
        #[arg(long)]
        if_empty: bool,
    },
    /// Anonymise candidates past their retention date (name, email, notes and work-sample
    /// files removed; ratings kept for statistics). The server also does this daily.
    Retention {
        /// Only list how many candidates would be anonymised.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create an organization (if it does not exist) and an admin in it. The password is
    /// read from standard input (prompted on a terminal).
    CreateAdmin {
        /// The organization's name.
        #[arg(long)]
        org: String,
        /// The admin's email address (their sign-in).
        #[arg(long)]
        email: String,
        /// The admin's name [default: the part of the email before @].
        #[arg(long)]
        name: Option<String>,
    },
}
