//! `hatrack serve`: claim the port, start the database, serve until SIGTERM/SIGINT, then
//! stop the embedded PostgreSQL.

use crate::Fatal;
use crate::config::Config;
use crate::database::Database;
use crate::http::{AppState, app};
use actix_web::HttpServer;
use std::net::TcpListener;

pub fn run(config: Config) -> Result<(), Fatal> {
    // The port first: if it is taken there is nothing to start or clean up.
    let listener = TcpListener::bind((config.bind, config.port)).map_err(|e| {
        Fatal::new(format!(
            "cannot listen on {}:{}: {e}. Is another server using this port? Choose another with HATRACK_PORT.",
            config.bind, config.port
        ))
    })?;
    let database = Database::open(&config)?;
    crate::memory::trim_every(std::time::Duration::from_secs(5));
    let result = actix_web::rt::System::new().block_on(serve(listener, &config, &database));
    database.shutdown();
    result
}

async fn serve(listener: TcpListener, config: &Config, database: &Database) -> Result<(), Fatal> {
    // Chosen here rather than left to actix, so there is one pool per worker.
    let workers = config.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let pools = crate::admin::worker_pools(config, database, workers)?;
    let services = crate::admin::services_on(pools[0].clone(), config, database)?;
    let state = AppState::new(services, &config.site_root)
        .with_worker_pools(pools)
        .with_metrics_token(config.metrics_token.as_deref());
    if !config.site_root.join("pkg").is_dir() {
        tracing::warn!(
            site_root = %config.site_root.display(),
            "no web assets found (pkg/ is missing): pages render but will not hydrate; build with `cargo xtask run`"
        );
    }
    let address = listener.local_addr().map_err(Fatal::new)?;
    // actix calls the factory once on each worker thread: each takes the next pool.
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let server = HttpServer::new(move || {
        let worker = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        app(state.for_worker(worker))
    })
    // TCP_NODELAY: pages are streamed in several writes, and with Nagle's algorithm on
    // (actix keeps the OS default) the second write waited for the client's delayed ACK,
    // 40 ms on every page after the first on a kept-alive connection.
    .tcp_nodelay(true)
    .workers(workers);
    let server = server.listen(listener).map_err(Fatal::new)?.shutdown_timeout(10).run();
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    tracing::info!(%address, "listening");
    println!("Hatrack is ready at http://{host}:{}", address.port());
    // Returns after a graceful stop on SIGTERM or SIGINT (actix installs the handlers).
    server.await.map_err(Fatal::new)?;
    tracing::info!("HTTP server stopped");
    Ok(())
}
