//! One actix-web application: health probes, metrics, the JSON API (`/api`), static web
//! assets (`/pkg`), server functions (`/sfn`) and the Leptos pages, with a request id and
//! metrics around every request.

use crate::metrics::Metrics;
use crate::telemetry::RequestSpan;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{App, HttpMessage, HttpResponse, web};
use app::{App as UiApp, shell};
use leptos::prelude::LeptosOptions;
use leptos_actix::{ActixRouteListing, LeptosRoutes};
use service::Services;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tracing_actix_web::{RequestId, TracingLogger};

/// What every worker's application shares.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub leptos: LeptosOptions,
    pub metrics: Arc<Metrics>,
    pub routes: Vec<ActixRouteListing>,
    /// Every pool requests draw on (one per worker thread when served), for `/metrics`.
    pub pools: Arc<[db::Pool]>,
    /// The bearer token `/metrics` asks for; `None`: `/metrics` is off.
    pub metrics_token: MetricsToken,
}

/// Who may read `/metrics`: those who send `Authorization: Bearer <HATRACK_METRICS_TOKEN>`.
/// Without a configured token, only a process on this machine talking to us directly (see
/// `direct_from_this_machine`); everyone else gets 404.
#[derive(Clone, Default)]
pub struct MetricsToken(Option<Arc<str>>);

impl MetricsToken {
    pub fn new(token: Option<&str>) -> Self {
        Self(token.map(Arc::from))
    }

    /// Compares in time that does not depend on where the bytes differ.
    fn admits(&self, authorization: Option<&str>) -> Option<bool> {
        let expected = self.0.as_deref()?;
        let Some(sent) = authorization.and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        else {
            return Some(false);
        };
        let (sent, expected) = (sent.trim().as_bytes(), expected.as_bytes());
        Some(sent.len() == expected.len() && sent.iter().zip(expected).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0)
    }
}

impl AppState {
    pub fn new(services: Services, site_root: &Path) -> Self {
        let leptos = LeptosOptions::builder()
            .output_name("hatrack")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let routes = leptos_actix::generate_route_list(UiApp);
        let pools = Arc::from([services.pool().clone()]);
        Self {
            services,
            leptos,
            metrics: Arc::new(Metrics::default()),
            routes,
            pools,
            metrics_token: MetricsToken::default(),
        }
    }

    /// `/metrics` answers to this bearer token (and is off without one).
    pub fn with_metrics_token(self, token: Option<&str>) -> Self {
        Self { metrics_token: MetricsToken::new(token), ..self }
    }

    /// Requests are to draw on these pools, one per worker (see `Services::with_pool`).
    pub fn with_worker_pools(self, pools: Vec<db::Pool>) -> Self {
        Self { pools: pools.into(), ..self }
    }

    /// The state for the worker numbered `worker`: its own pool.
    pub fn for_worker(&self, worker: usize) -> Self {
        let pool = self.pools[worker % self.pools.len()].clone();
        Self { services: self.services.with_pool(pool), ..self.clone() }
    }
}

pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let site_root = state.leptos.site_root.to_string();
    let options = state.leptos.clone();
    let not_found_page = leptos_actix::render_app_to_stream_with_context(
        || {},
        {
            let options = options.clone();
            move || shell(options.clone())
        },
        leptos_router::Method::Get,
    );
    let metrics = state.metrics.clone();
    App::new()
        .app_data(web::Data::new(state.services.clone()))
        .app_data(web::Data::new(state.leptos.clone()))
        .app_data(web::Data::from(state.metrics.clone()))
        .app_data(web::Data::new(state.pools.clone()))
        .app_data(web::Data::new(state.metrics_token.clone()))
        .configure(api::configure_health)
        .route("/metrics", web::get().to(metrics_page))
        .configure(api::configure)
        .service(actix_files::Files::new("/pkg", format!("{site_root}/pkg")).use_etag(true))
        .route("/favicon.ico", web::get().to(favicon))
        .leptos_routes(state.routes.clone(), move || shell(options.clone()))
        .default_service(not_found_page)
        .wrap(actix_web::middleware::from_fn(crate::sfn_guard::guard))
        .wrap_fn(move |req, srv| {
            use actix_web::dev::Service;
            let method = req.method().clone();
            let started = Instant::now();
            let metrics = metrics.clone();
            let response = srv.call(req);
            async move {
                let response = response.await;
                // The route is read after routing: actix then knows which resource matched
                // and names it without matching the path again (a regex per dynamic route
                // tried, 5% of a cheap API request's time when read before).
                let (route, status) = match &response {
                    Ok(r) => (r.request().match_pattern(), r.status().as_u16()),
                    Err(e) => (None, e.as_response_error().status_code().as_u16()),
                };
                let route = route.unwrap_or_else(|| "unmatched".into());
                let elapsed = started.elapsed();
                metrics.record(method.as_str(), &route, status, elapsed);
                // Inside the request's span, so the line carries its request id.
                tracing::info!(%method, %route, status, ms = elapsed.as_secs_f64() * 1000.0, "request");
                response
            }
        })
        .wrap_fn(|req, srv| {
            use actix_web::dev::Service;
            let id = req.extensions().get::<RequestId>().map(|id| id.to_string());
            let api_docs = req.path().starts_with("/api/docs");
            let response = srv.call(req);
            async move {
                let mut response = response.await?;
                if let Some(id) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                    response.headers_mut().insert(HeaderName::from_static("x-request-id"), id);
                }
                security_headers(response.headers_mut(), api_docs);
                Ok(response)
            }
        })
        // Pages, JSON, CSS, SVG and the wasm are compressed as the browser asks
        // (`Accept-Encoding`): a 1,000-person matrix page is 787 KB of HTML, mostly
        // repetition. Outside the headers above, so it sees the final body. See
        // `compression` for what is left alone and why.
        .wrap_fn(compression::leave_small_bodies)
        .wrap(actix_web::middleware::Compress::default())
        .wrap_fn(compression::choose)
        .wrap(TracingLogger::<RequestSpan>::new())
}

/// What is compressed, measured with `cargo xtask bench` (its load generator asks for
/// compression as browsers do): brotli on every answer cost two thirds of a small JSON
/// request's throughput and half a page's (actix's encoder sets up a 4 MiB window per
/// response), so answers built per request get gzip at its fastest level, and brotli is
/// kept for the static files in /pkg (the wasm: 349 KB against 460 KB gzip), which
/// browsers cache. Bodies under 1 KiB go as they are: they fit a packet either way.
mod compression {
    use actix_web::body::{BodySize, MessageBody};
    use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
    use actix_web::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, HeaderValue};

    const SMALL: u64 = 1024;
    /// Marks a body `Compress` must leave alone (it skips anything already encoded);
    /// `choose` takes the mark off again on the way out.
    const LEAVE: &str = "identity";

    pub fn choose<S, B>(
        mut req: ServiceRequest,
        srv: &S,
    ) -> impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    {
        if !req.path().starts_with("/pkg/")
            && let Some(asked) = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok())
        {
            let without_br: Vec<&str> =
                asked.split(',').map(str::trim).filter(|e| !e.to_ascii_lowercase().starts_with("br")).collect();
            match HeaderValue::from_str(&without_br.join(", ")) {
                Ok(v) => {
                    req.headers_mut().insert(ACCEPT_ENCODING, v);
                }
                Err(_) => {
                    req.headers_mut().remove(ACCEPT_ENCODING);
                }
            }
        }
        let res = srv.call(req);
        async move {
            let mut res = res.await?;
            if res.headers().get(CONTENT_ENCODING).is_some_and(|v| v == LEAVE) {
                res.headers_mut().remove(CONTENT_ENCODING);
            }
            Ok(res)
        }
    }

    pub fn leave_small_bodies<S, B>(
        req: ServiceRequest,
        srv: &S,
    ) -> impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let res = srv.call(req);
        async move {
            let mut res = res.await?;
            if matches!(res.response().body().size(), BodySize::Sized(n) if n < SMALL)
                && !res.headers().contains_key(CONTENT_ENCODING)
            {
                res.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static(LEAVE));
            }
            Ok(res)
        }
    }
}

/// What every response says about itself to the browser: never sniff a type (a JSON answer
/// holding markup is never read as a page), never be framed (clickjacking), send the
/// address only to ourselves, and, unless a page set its own policy with its nonce
/// (`app::csp`), run nothing and load nothing: an SVG or JSON answer opened on its own
/// cannot run script. Styles stay allowed so a server-drawn SVG opened alone still shows.
/// The API explorer (`/api/docs`, Swagger UI from the binary) loads its own script files.
pub fn security_headers(headers: &mut actix_web::http::header::HeaderMap, api_docs: bool) {
    use actix_web::http::header;
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(if api_docs {
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; \
                 base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            } else {
                "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            }),
        );
    }
}

async fn metrics_page(
    req: actix_web::HttpRequest,
    token: web::Data<MetricsToken>,
    pools: web::Data<Arc<[db::Pool]>>,
    metrics: web::Data<Metrics>,
) -> HttpResponse {
    use domain::{ApiErrorBody, ErrorCode};
    let authorization = req.headers().get(actix_web::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    match token.admits(authorization) {
        None if direct_from_this_machine(&req) => {}
        None => {
            return HttpResponse::NotFound().json(ApiErrorBody::new(
                ErrorCode::NotFound,
                "Metrics are open to this machine only; set HATRACK_METRICS_TOKEN to read them from elsewhere.",
            ));
        }
        Some(false) => {
            return HttpResponse::Unauthorized()
                .insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"))
                .json(ApiErrorBody::new(ErrorCode::Unauthenticated, "Send the metrics token as a Bearer token."));
        }
        Some(true) => {}
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(db::pool::usage(&pools)))
}

/// A request from a process on this machine, straight to us: a loopback connection that is
/// not a configured proxy and carries no forwarding header. A reverse proxy on the same
/// machine also connects from loopback, but it adds `X-Forwarded-For` or `Forwarded`
/// (every common one does), so what it relays from outside is not taken as local.
fn direct_from_this_machine(req: &actix_web::HttpRequest) -> bool {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else { return false };
    let proxy = req.app_data::<web::Data<Services>>().is_some_and(|s| s.trusted_proxies().contains(peer));
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host"]
        .iter()
        .any(|h| req.headers().contains_key(*h));
    peer.is_loopback() && !proxy && !forwarded
}

/// Browsers ask for /favicon.ico on their own; answer with the site's icon.
async fn favicon(options: web::Data<LeptosOptions>) -> actix_web::Result<actix_files::NamedFile> {
    Ok(actix_files::NamedFile::open(Path::new(&*options.site_root).join("favicon.ico"))?)
}
