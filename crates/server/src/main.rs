//! `hatrack`: the server binary. See `hatrack --help`.

use clap::Parser;
use server::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    server::memory::limit_arenas();
    let cli = Cli::parse();
    let config = match server::config::Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hatrack: {e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve::run(config),
        Command::Migrate => server::database::migrate_only(&config),
        Command::Demo { if_empty } => server::admin::demo(&config, if_empty),
        Command::Retention { dry_run } => server::admin::retention(&config, dry_run),
        Command::CreateAdmin { org, email, name } => {
            server::admin::create_admin(&config, &org, &email, name.as_deref())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line a newcomer can act on; details are in the log above.
            eprintln!("hatrack: {e}");
            ExitCode::FAILURE
        }
    }
}
