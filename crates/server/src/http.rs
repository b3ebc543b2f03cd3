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

/// The page routes, generated once per process. Generating them runs the whole app with
/// resource loading suppressed by a process-wide flag (leptos_server's
/// `SuppressResourceLoad`, leptos issue #4773): a resource first polled on another thread
/// while that flag is up waits forever, and its page with it. A second `AppState` in the
/// same process (the tests build one per test, in parallel) must therefore never generate
/// them again while another app is serving.
fn route_list() -> Vec<leptos_actix::ActixRouteListing> {
    static ROUTES: std::sync::Mutex<Option<Vec<leptos_actix::ActixRouteListing>>> = std::sync::Mutex::new(None);
    ROUTES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(|| leptos_actix::generate_route_list(UiApp))
        .clone()
}

impl AppState {
    pub fn new(services: Services, site_root: &Path) -> Self {
        let leptos = LeptosOptions::builder()
            .output_name("hatrack")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let routes = route_list();
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
        .service(
            upload_post("/work-sample/{token}", options.clone())
                .wrap(actix_web::middleware::from_fn(crate::work_sample_form::submit)),
        )
        .service(
            upload_post("/interviews/loops/{id}", options.clone())
                .wrap(actix_web::middleware::from_fn(crate::attach_form::submit)),
        )
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
/// compression as browsers do):
/// - answers built per request (pages, JSON, CSV, SVG) get gzip at its fastest level,
///   compressed here in one piece on the worker (`gzip_inline`). actix's `Compress` hands
///   every chunk of 1 KiB or more to a blocking thread and back; a page is a dozen
///   chunks, and those hand-offs, not deflate, cost a third of a small page's throughput
///   (zlib-rs deflates a 12 KB page in tens of microseconds). Brotli on every answer cost
///   two thirds of a small JSON request's throughput (a 4 MiB window per response).
/// - the static files in /pkg (the wasm: 349 KB brotli against 460 KB gzip), which
///   browsers cache, get brotli through actix's `Compress`.
/// - bodies under 14 KiB go as they are: a new connection's first flight is ten segments
///   (RFC 6928, about 14.6 KB with headers), so such an answer arrives in one round trip
///   compressed or not, and gzipping it cost the small pages (person, directory: 12 KB)
///   10–35% of their throughput. Larger answers (a team's skills matrix, 110 KB; the
///   ownership matrix of 200 components, 787 KB) are where compression saves round trips.
mod compression {
    use actix_web::body::{BodySize, BoxBody, MessageBody};
    use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
    use actix_web::http::header::{self, ACCEPT_ENCODING, CONTENT_ENCODING, HeaderValue};
    use std::io::Write;

    /// Below this `Compress` leaves /pkg answers alone (they fit a packet either way).
    const SMALL: usize = 1024;
    /// Below this answers built per request go uncompressed: they fit the first flight.
    const FIRST_FLIGHT: usize = 14 * 1024;
    /// A body larger than this is sent as it is rather than held whole to compress.
    const LARGEST: usize = 32 * 1024 * 1024;
    /// Marks a body `Compress` must leave alone (it skips anything already encoded);
    /// `choose` takes the mark off again on the way out.
    const LEAVE: &str = "identity";

    /// Whether the client takes gzip (`gzip` listed without `q=0`).
    fn takes_gzip(asked: &str) -> bool {
        asked.split(',').any(|e| {
            let mut parts = e.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused =
                parts.any(|p| p.replace(' ', "").eq_ignore_ascii_case("q=0") || p.replace(' ', "") == "q=0.0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    }

    /// Types worth compressing: text and JSON, SVG; never images or archives.
    fn compressible(content_type: Option<&HeaderValue>) -> bool {
        let Some(t) = content_type.and_then(|v| v.to_str().ok()) else { return false };
        let t = t.to_ascii_lowercase();
        t.starts_with("text/")
            || t.contains("json")
            || t.contains("javascript")
            || t.contains("svg")
            || t.contains("xml")
    }

    pub fn choose<S, B>(
        mut req: ServiceRequest,
        srv: &S,
    ) -> impl std::future::Future<Output = Result<ServiceResponse<BoxBody>, actix_web::Error>> + use<S, B>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        // /pkg keeps what the browser asked for: `Compress` answers with brotli. Answers
        // built per request are compressed by `gzip_inline`, so `Compress` is told nothing.
        let gzip = !req.path().starts_with("/pkg/")
            && req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(takes_gzip);
        if !req.path().starts_with("/pkg/") {
            req.headers_mut().remove(ACCEPT_ENCODING);
        }
        let head = req.method() == actix_web::http::Method::HEAD;
        let res = srv.call(req);
        async move {
            let mut res = res.await?;
            if res.headers().get(CONTENT_ENCODING).is_some_and(|v| v == LEAVE) {
                res.headers_mut().remove(CONTENT_ENCODING);
                return Ok(res.map_into_boxed_body());
            }
            if !gzip
                || head
                || res.headers().contains_key(CONTENT_ENCODING)
                || !compressible(res.headers().get(header::CONTENT_TYPE))
            {
                return Ok(res.map_into_boxed_body());
            }
            gzip_inline(res).await
        }
    }

    /// Reads the whole body and answers it gzipped, when that makes it smaller.
    async fn gzip_inline<B: MessageBody + 'static>(
        res: ServiceResponse<B>,
    ) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
        if matches!(res.response().body().size(), BodySize::None)
            || matches!(res.response().body().size(), BodySize::Sized(n) if (n as usize) < FIRST_FLIGHT)
        {
            return Ok(res.map_into_boxed_body());
        }
        if matches!(res.response().body().size(), BodySize::Sized(n) if n as usize > LARGEST) {
            return Ok(res.map_into_boxed_body());
        }
        let (req, res) = res.into_parts();
        let (mut head, body) = res.into_parts();
        let mut body = body.boxed();
        let mut read = actix_web::web::BytesMut::new();
        loop {
            match std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_next(cx)).await {
                None => break,
                Some(Ok(chunk)) => {
                    read.extend_from_slice(&chunk);
                    // a stream that grows past the limit goes out as it is, what was read first
                    if read.len() > LARGEST {
                        let whole = Prefixed { first: Some(read.freeze()), rest: body };
                        return Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(whole))));
                    }
                }
                // a body that fails to produce ends the answer, as the stream would have
                Some(Err(e)) => return Err(actix_web::error::ErrorInternalServerError(e.to_string())),
            }
        }
        let bytes = read.freeze();
        head.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
        if bytes.len() < FIRST_FLIGHT {
            return Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(bytes))));
        }
        let mut encoder =
            flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
        let zipped = encoder.write_all(&bytes).and_then(|()| encoder.finish());
        match zipped {
            Ok(zipped) if zipped.len() < bytes.len() => {
                head.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                head.headers_mut().remove(header::CONTENT_LENGTH);
                Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(zipped))))
            }
            _ => Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(bytes)))),
        }
    }

    /// What was read of a body, then the rest of it.
    struct Prefixed {
        first: Option<actix_web::web::Bytes>,
        rest: BoxBody,
    }

    impl MessageBody for Prefixed {
        type Error = Box<dyn std::error::Error>;

        fn size(&self) -> BodySize {
            BodySize::Stream
        }

        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<actix_web::web::Bytes, Self::Error>>> {
            if let Some(first) = self.first.take() {
                return std::task::Poll::Ready(Some(Ok(first)));
            }
            std::pin::Pin::new(&mut self.rest).poll_next(cx)
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
            if matches!(res.response().body().size(), BodySize::Sized(n) if (n as usize) < SMALL)
                && !res.headers().contains_key(CONTENT_ENCODING)
            {
                res.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static(LEAVE));
            }
            Ok(res)
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn gzip_is_taken_unless_refused() {
            assert!(super::takes_gzip("gzip, deflate, br"));
            assert!(super::takes_gzip("br;q=1.0, gzip;q=0.8"));
            assert!(super::takes_gzip("*"));
            assert!(!super::takes_gzip("br"));
            assert!(!super::takes_gzip("gzip;q=0, br"));
            assert!(!super::takes_gzip("identity"));
        }

        /// A streamed answer larger than what is held to compress goes out whole and
        /// uncompressed (it used to end in a 500), and a small one is gzipped.
        #[actix_web::test]
        async fn a_stream_past_the_limit_goes_out_as_it_is() {
            use actix_web::{App, HttpResponse, test, web};
            const CHUNK: usize = 1024 * 1024;
            let chunks = super::LARGEST / CHUNK + 2;
            let stream = move |n: usize| {
                let chunk = web::Bytes::from(vec![b'a'; CHUNK]);
                HttpResponse::Ok().content_type("text/plain").streaming(futures_lite_stream(chunk, n))
            };
            let app = test::init_service(
                App::new()
                    .wrap_fn(super::choose)
                    .route("/big", web::get().to(move || std::future::ready(stream(chunks))))
                    .route("/small", web::get().to(move || std::future::ready(stream(1)))),
            )
            .await;
            for (path, zipped) in [("/big", false), ("/small", true)] {
                let req = test::TestRequest::get().uri(path).insert_header(("accept-encoding", "gzip")).to_request();
                let res = test::call_service(&app, req).await;
                assert_eq!(res.status(), 200, "{path}");
                assert_eq!(res.headers().get("content-encoding").is_some(), zipped, "{path}");
                let body = test::read_body(res).await;
                if !zipped {
                    assert_eq!(body.len(), chunks * CHUNK);
                }
            }
        }

        /// `n` copies of `chunk` as a stream (no futures crate needed for one test).
        fn futures_lite_stream(
            chunk: actix_web::web::Bytes,
            n: usize,
        ) -> impl futures_core::Stream<Item = Result<actix_web::web::Bytes, std::io::Error>> {
            struct Repeat(actix_web::web::Bytes, usize);
            impl futures_core::Stream for Repeat {
                type Item = Result<actix_web::web::Bytes, std::io::Error>;
                fn poll_next(
                    mut self: std::pin::Pin<&mut Self>,
                    _: &mut std::task::Context<'_>,
                ) -> std::task::Poll<Option<Self::Item>> {
                    if self.1 == 0 {
                        return std::task::Poll::Ready(None);
                    }
                    self.1 -= 1;
                    std::task::Poll::Ready(Some(Ok(self.0.clone())))
                }
            }
            Repeat(chunk, n)
        }
    }
}

/// A form posted without JavaScript to its own page, whose upload `handler` (middleware)
/// takes: the page is rendered only to answer a refused post, with what was sent kept.
/// The candidate's work-sample form (`/work-sample/{token}`, `work_sample_form`) and the
/// loop page's attach-a-work-sample form (`/interviews/loops/{id}?attach={stage}`,
/// `attach_form`) are two.
fn upload_post(path: &str, options: LeptosOptions) -> actix_web::Resource {
    web::resource(path).guard(actix_web::guard::Post()).route(leptos_actix::render_app_async_with_context(
        || {},
        move || shell(options.clone()),
        leptos_router::Method::Post,
    ))
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
