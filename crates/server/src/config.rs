//! Configuration: defaults → optional TOML file → `HATRACK_*` environment variables.
//! Every bad value is reported with the name of the variable or key that carries it.

use serde::Deserialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub port: u16,
    pub bind: IpAddr,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// The database's owner, for migrations, when `database_url` is a role with only the
    /// app's privileges (see `db::roles`). `None`: migrations run through `database_url`.
    pub migration_database_url: Option<String>,
    /// Bearer token that `/metrics` asks for; `None` turns `/metrics` off.
    pub metrics_token: Option<String>,
    pub db_pool_size: usize,
    pub log_format: LogFormat,
    pub site_root: PathBuf,
    pub env: Environment,
    /// Token signing keys; `None` means `<data_dir>/keys`.
    pub keys_dir: Option<PathBuf>,
    /// HTTP worker threads; `None` means one per CPU core.
    pub workers: Option<usize>,
    /// Proxies whose `X-Forwarded-*`/`Forwarded` headers are believed: addresses or
    /// networks, comma-separated (`10.0.0.0/8, 192.0.2.7`). Empty: nobody's.
    pub trusted_proxies: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 3000,
            bind: IpAddr::from([127, 0, 0, 1]),
            data_dir: PathBuf::from("data"),
            database_url: None,
            migration_database_url: None,
            metrics_token: None,
            db_pool_size: 16,
            log_format: LogFormat::Pretty,
            site_root: PathBuf::from("target/site"),
            env: Environment::Development,
            keys_dir: None,
            workers: None,
            trusted_proxies: String::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("configuration file {0}: {1}")]
    Parse(PathBuf, String),
    #[error("{name}: {problem} (got {value:?})")]
    Env { name: &'static str, value: String, problem: &'static str },
    #[error("trusted_proxies / HATRACK_TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
}

impl Config {
    /// The proxies whose forwarding headers are believed, parsed.
    pub fn trusted_proxies(&self) -> Result<service::auth::client::TrustedProxies, ConfigError> {
        service::auth::client::TrustedProxies::parse(&self.trusted_proxies).map_err(ConfigError::TrustedProxies)
    }

    /// Loads the real configuration: the file (if any) and this process's environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let text = match file {
            Some(path) => Some((
                path.to_path_buf(),
                std::fs::read_to_string(path).map_err(|e| ConfigError::Read(path.to_path_buf(), e))?,
            )),
            None => None,
        };
        Self::from_sources(text.as_ref().map(|(p, t)| (p.as_path(), t.as_str())), |name| std::env::var(name).ok())
    }

    /// The layering itself, with the sources passed in (so it can be tested).
    pub fn from_sources(
        file: Option<(&Path, &str)>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = match file {
            Some((path, text)) => {
                toml::from_str(text).map_err(|e| ConfigError::Parse(path.to_path_buf(), e.message().to_string()))?
            }
            None => Config::default(),
        };
        let var = |name: &'static str| env(name).filter(|v| !v.trim().is_empty()).map(|v| (name, v));
        if let Some((name, v)) = var("HATRACK_PORT") {
            config.port =
                parse(name, v, "expected a port number from 1 to 65535", |v| v.parse().ok().filter(|p| *p > 0))?;
        }
        if let Some((name, v)) = var("HATRACK_BIND") {
            config.bind = parse(name, v, "expected an IP address such as 127.0.0.1 or 0.0.0.0", |v| v.parse().ok())?;
        }
        if let Some((_, v)) = var("HATRACK_DATA_DIR") {
            config.data_dir = PathBuf::from(v);
        }
        if let Some((_, v)) = var("DATABASE_URL").or_else(|| var("HATRACK_DATABASE_URL")) {
            config.database_url = Some(v);
        }
        if let Some((_, v)) = var("HATRACK_MIGRATION_DATABASE_URL") {
            config.migration_database_url = Some(v);
        }
        if let Some((_, v)) = var("HATRACK_METRICS_TOKEN") {
            config.metrics_token = Some(v);
        }
        if let Some(token) = &config.metrics_token
            && token.trim().len() < 16
        {
            // A short token is guessable over the network; refuse it rather than serve
            // metrics behind it.
            return Err(ConfigError::Env {
                name: "HATRACK_METRICS_TOKEN",
                value: "(hidden)".into(),
                problem: "expected at least 16 characters",
            });
        }
        if let Some((name, v)) = var("HATRACK_DB_POOL_SIZE") {
            config.db_pool_size = parse(name, v, "expected a number of connections from 1 to 500", |v| {
                v.parse().ok().filter(|n| (1..=500).contains(n))
            })?;
        }
        if let Some((name, v)) = var("HATRACK_LOG_FORMAT") {
            config.log_format =
                parse(name, v, "expected `pretty` or `json`", |v| match v.to_ascii_lowercase().as_str() {
                    "pretty" => Some(LogFormat::Pretty),
                    "json" => Some(LogFormat::Json),
                    _ => None,
                })?;
        }
        if let Some((_, v)) = var("HATRACK_SITE_ROOT").or_else(|| var("LEPTOS_SITE_ROOT")) {
            config.site_root = PathBuf::from(v);
        }
        if let Some((name, v)) = var("HATRACK_WORKERS") {
            config.workers = Some(parse(name, v, "expected a number of worker threads from 1 to 64", |v| {
                v.parse().ok().filter(|n| (1..=64).contains(n))
            })?);
        }
        if let Some((_, v)) = var("HATRACK_KEYS_DIR") {
            config.keys_dir = Some(PathBuf::from(v));
        }
        if let Some((_, v)) = var("HATRACK_TRUSTED_PROXIES") {
            config.trusted_proxies = v;
        }
        config.trusted_proxies()?;
        if let Some((name, v)) = var("HATRACK_ENV") {
            config.env =
                parse(name, v, "expected `development` or `production`", |v| match v.to_ascii_lowercase().as_str() {
                    "development" | "dev" => Some(Environment::Development),
                    "production" | "prod" => Some(Environment::Production),
                    _ => None,
                })?;
        }
        Ok(config)
    }
}

impl Config {
    pub fn keys_dir(&self) -> PathBuf {
        self.keys_dir.clone().unwrap_or_else(|| self.data_dir.join("keys"))
    }
}

fn parse<T>(
    name: &'static str,
    value: String,
    problem: &'static str,
    f: impl Fn(&str) -> Option<T>,
) -> Result<T, ConfigError> {
    f(value.trim()).ok_or(ConfigError::Env { name, value, problem })
}

/// A URL with its password replaced, safe to log.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "<invalid url>".into() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_string() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults() {
        let c = Config::from_sources(None, env(&[])).unwrap();
        assert_eq!((c.port, c.bind.to_string(), c.data_dir.as_path()), (3000, "127.0.0.1".into(), Path::new("data")));
        assert_eq!(c.database_url, None);
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let file = "port = 8080\ndata_dir = \"/srv/hatrack\"\nlog_format = \"json\"\n";
        let c = Config::from_sources(Some((Path::new("h.toml"), file)), env(&[("HATRACK_PORT", "9090")])).unwrap();
        assert_eq!(c.port, 9090, "env wins");
        assert_eq!(c.data_dir, PathBuf::from("/srv/hatrack"), "file beats default");
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn bad_values_name_their_source() {
        let e = Config::from_sources(None, env(&[("HATRACK_PORT", "http")])).unwrap_err().to_string();
        assert!(e.starts_with("HATRACK_PORT:"), "{e}");
        let e = Config::from_sources(Some((Path::new("h.toml"), "prot = 1")), env(&[])).unwrap_err().to_string();
        assert!(e.contains("h.toml") && e.contains("prot"), "{e}");
    }

    #[test]
    fn a_short_metrics_token_is_refused_without_showing_it() {
        let e = Config::from_sources(None, env(&[("HATRACK_METRICS_TOKEN", "secret")])).unwrap_err().to_string();
        assert!(e.starts_with("HATRACK_METRICS_TOKEN:") && !e.contains("secret"), "{e}");
        let c = Config::from_sources(None, env(&[("HATRACK_METRICS_TOKEN", "a-long-enough-token")])).unwrap();
        assert_eq!(c.metrics_token.as_deref(), Some("a-long-enough-token"));
    }

    #[test]
    fn passwords_are_not_logged() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/h"), "postgres://app:***@db:5432/h");
        assert_eq!(redact_url("postgres://db/h"), "postgres://db/h");
    }
}
