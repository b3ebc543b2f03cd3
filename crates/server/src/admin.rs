//! One-shot commands: `hatrack demo` and `hatrack create-admin`.

use crate::Fatal;
use crate::config::{Config, Environment};
use crate::database::Database;
use service::Services;
use service::auth::jwt::KeyRing;
use std::io::{BufRead, IsTerminal, Write};

/// One pool per HTTP worker thread, sharing the configured number of connections
/// between them (see `Services::with_pool`).
pub fn worker_pools(config: &Config, database: &Database, workers: usize) -> Result<Vec<db::Pool>, Fatal> {
    let each = config.db_pool_size.div_ceil(workers.max(1));
    (0..workers.max(1)).map(|_| db::pool::build(&database.url, each).map_err(Fatal::new)).collect()
}

/// The service handle for a started database: pool + token keys.
pub fn services(config: &Config, database: &Database) -> Result<Services, Fatal> {
    let pool = db::pool::build(&database.url, config.db_pool_size).map_err(Fatal::new)?;
    services_on(pool, config, database)
}

/// The service handle drawing on `pool`.
pub fn services_on(pool: db::Pool, config: &Config, database: &Database) -> Result<Services, Fatal> {
    let keys = KeyRing::load_or_create(&config.keys_dir()).map_err(|e| Fatal::new(format!("token keys: {e}")))?;
    let proxies = config.trusted_proxies().map_err(Fatal::new)?;
    Ok(Services::new(pool, database.mode, keys).with_trusted_proxies(proxies))
}

fn run_once<T>(config: &Config, f: impl AsyncFnOnce(&Services) -> Result<T, Fatal>) -> Result<T, Fatal> {
    let database = Database::open(config)?;
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Fatal::new)
        .and_then(|rt| rt.block_on(async { f(&services(config, &database)?).await }));
    database.shutdown();
    result
}

/// `hatrack demo [--if-empty]`.
pub fn demo(config: &Config, if_empty: bool) -> Result<(), Fatal> {
    if config.env == Environment::Production {
        if if_empty {
            println!("HATRACK_ENV=production: the demo organization is not loaded.");
            return Ok(());
        }
        return Err(Fatal::new("the demo organization is not loaded when HATRACK_ENV=production"));
    }
    run_once(config, async |services| {
        if if_empty && service::status::detail(services).await.map_err(Fatal::new)?.organizations > 0 {
            if service::identity::demo::is_loaded(services).await.map_err(Fatal::new)? {
                print_sign_ins();
            } else {
                println!("The database already has an organization; the demo was not loaded.");
            }
            return Ok(());
        }
        match service::identity::demo::load(services).await.map_err(Fatal::new)? {
            Some(loaded) => {
                println!(
                    "Loaded the demo organization \"{}\": {} people in {} teams.",
                    service::identity::demo::ORGANIZATION,
                    loaded.people,
                    loaded.teams
                );
                print_sign_ins();
            }
            None => println!("The demo organization is already loaded."),
        }
        Ok(())
    })
}

/// `hatrack retention [--dry-run]`: what the daily job does, now.
pub fn retention(config: &Config, dry_run: bool) -> Result<(), Fatal> {
    run_once(config, async |services| {
        let due = service::interviews::candidates::retention(services, dry_run).await.map_err(Fatal::new)?;
        match (dry_run, due.len()) {
            (true, n) => println!("{n} candidate(s) are past their retention date and would be anonymised."),
            (false, n) => println!("Anonymised {n} candidate(s) past their retention date."),
        }
        Ok(())
    })
}

pub fn print_sign_ins() {
    println!("Demo sign-ins (password: {}):", service::identity::demo::PASSWORD);
    for (email, what) in service::identity::demo::SIGN_INS {
        println!("  {email:<30} {what}");
    }
}

/// `hatrack create-admin --org NAME --email E [--name N]`, password from stdin.
pub fn create_admin(config: &Config, org: &str, email: &str, name: Option<&str>) -> Result<(), Fatal> {
    let password = read_password()?;
    let name = name.map(str::to_string).unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    run_once(config, async |services| {
        let created =
            service::identity::orgs::create_admin(services, org, &name, email, &password).await.map_err(|e| {
                let fields: Vec<String> = e.fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                if fields.is_empty() { Fatal::new(e.message) } else { Fatal::new(fields.join("; ")) }
            })?;
        let what =
            if created.organization_created { "Created the organization and" } else { "In the existing organization," };
        println!("{what} an admin {email}. Sign in at the server's /sign-in page.");
        Ok(())
    })
}

fn read_password() -> Result<String, Fatal> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password for the new admin (at least 12 characters; shown as you type): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| Fatal::new(format!("cannot read the password: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
