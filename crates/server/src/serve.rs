//! `hatrack serve`: claim the port, start the database, serve until SIGTERM/SIGINT, then
//! stop the embedded PostgreSQL.

use crate::Fatal;
use crate::config::Config;
use crate::database::Database;
use crate::head_too_large::JsonTooLarge;
use crate::http::{AppState, app};
use actix_service::ServiceFactoryExt;
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
    actix_web::rt::spawn(daily_retention(services.clone()));
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
    // What `HttpServer` does, from actix's parts, so that each connection's stream can be
    // wrapped: actix-http answers an oversized request head itself, with an empty 431, and
    // `head_too_large` gives that answer the error shape. The settings are HttpServer's
    // defaults (keep-alive, 5 s to send a request head, 1 s to go after the answer).
    let builder = actix_server::Server::build();
    let shutdown = builder.graceful_shutdown_signal();
    let server = builder
        .workers(workers)
        .shutdown_timeout(10)
        .listen("hatrack", listener, move || {
            let worker = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let shutdown = shutdown.clone();
            let http = actix_http::HttpService::build()
                .graceful_shutdown_signal(move || {
                    let signal = shutdown.clone();
                    async move { signal.notified().await }
                })
                .client_request_timeout(std::time::Duration::from_secs(5))
                .client_disconnect_timeout(std::time::Duration::from_secs(1))
                .local_addr(address)
                .finish(actix_service::map_config(
                    actix_service::IntoServiceFactory::into_factory(app(state.for_worker(worker)))
                        .map_err(|e| e.error_response()),
                    |_| actix_web::dev::AppConfig::default(),
                ));
            actix_service::fn_service(|io: actix_web::rt::net::TcpStream| async move {
                let peer = io.peer_addr().ok();
                // TCP_NODELAY: pages are streamed in several writes, and with Nagle's
                // algorithm on the second write waited for the client's delayed ACK, 40 ms
                // on every page after the first on a kept-alive connection.
                io.set_nodelay(true).map_err(actix_http::error::DispatchError::Io)?;
                Ok((JsonTooLarge::new(io), actix_http::Protocol::Http1, peer))
            })
            .and_then(http)
        })
        .map_err(Fatal::new)?
        .run();
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    tracing::info!(%address, "listening");
    println!("Hatrack is ready at http://{host}:{}", address.port());
    // Returns after a graceful stop on SIGTERM or SIGINT (actix installs the handlers).
    server.await.map_err(Fatal::new)?;
    tracing::info!("HTTP server stopped");
    Ok(())
}

/// Candidates past their retention date are anonymised once a day (a minute after the
/// start, then every 24 hours). Several instances may run it: anonymising is idempotent.
async fn daily_retention(services: service::Services) {
    let mut next = std::time::Duration::from_secs(60);
    loop {
        actix_web::rt::time::sleep(next).await;
        next = std::time::Duration::from_secs(24 * 60 * 60);
        match service::interviews::candidates::retention(&services, false).await {
            Ok(done) if !done.is_empty() => tracing::info!(candidates = done.len(), "retention: candidates anonymised"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention: the daily run failed; it runs again tomorrow"),
        }
    }
}
