//! The installation's status for admins (`/admin/status`): Hatrack's version, the
//! database it runs on, migrations applied, organizations. Read live, with "Check again".

use crate::components::gate::Gate;
use crate::error::UiError;
use domain::pages::Gated;
use domain::status::ServerStatus;
use leptos::prelude::*;
use leptos_meta::Title;

/// The server's status: "ok" for a visitor, with versions and counts once signed in.
#[server(prefix = "/sfn")]
pub async fn get_status() -> Result<ServerStatus, UiError> {
    let services = crate::session::services().await?;
    let actor = crate::session::current_actor().await?;
    Ok(service::status::server_status(&services, actor.as_ref()).await?)
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| get_status());
    view! {
        <Gate page=Gated::Installation>
            <Title text="Installation status" />
            <nav class="breadcrumbs" aria-label="Breadcrumb">"Admin / Installation status"</nav>
            <div class="page-head">
                <h1>"Installation status"</h1>
                <p class="lede">"Whether this Hatrack and its database answer, and what they run."</p>
            </div>
            <Transition fallback=|| ()>
                {move || status.get().map(|initial| view! { <StatusCheck initial /> })}
            </Transition>
        </Gate>
    }
}

/// The installation's facts, with a "Check again" that reads them afresh in place (an
/// island: the only part of this page that runs in the browser).
#[island]
fn StatusCheck(initial: Result<ServerStatus, UiError>) -> impl IntoView {
    let status = RwSignal::new(initial);
    let checks = RwSignal::new(0u32);
    let check_again = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            status.set(get_status().await);
            checks.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="status-title">
            <div class="card-head">
                <h2 id="status-title">"This installation"</h2>
                // Without JavaScript the form reloads the page, which reads the status again.
                <form method="get" action="/" on:submit=check_again>
                    <button type="submit" class="button">"Check again"</button>
                </form>
            </div>
            {move || match status.get() {
                Ok(s) => view! { <StatusList status=s /> }.into_any(),
                Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
            }}
            <p class="status-note" role="status">
                {move || {
                    let n = checks.get();
                    (n > 0).then(|| {
                        let when = status.with(|s| s.as_ref().map(|s| s.checked_at.clone()).unwrap_or_default());
                        format!("Checked again ({n}×), last at {when}.")
                    })
                }}
            </p>
        </section>
    }
}

#[component]
fn StatusList(status: ServerStatus) -> impl IntoView {
    let detail = status.detail.map(|d| {
        let database = match d.database_mode.as_str() {
            "embedded" => "embedded (private cluster in the data directory)",
            _ => "external (DATABASE_URL)",
        };
        view! {
            <dt>"Hatrack version"</dt><dd data-testid="version">{d.version}</dd>
            <dt>"PostgreSQL"</dt><dd>{d.database_version}</dd>
            <dt>"Database"</dt><dd>{database}</dd>
            <dt>"Migrations applied"</dt><dd class="num">{d.migrations_applied}</dd>
            <dt>"Organizations"</dt><dd class="num">{d.organizations}</dd>
        }
    });
    let signed_out = detail.is_none();
    view! {
        <dl class="facts">
            <dt>"Status"</dt><dd data-testid="server-status">{status.status}</dd>
            {detail}
            <dt>"Checked at"</dt><dd data-testid="checked-at">{status.checked_at}</dd>
        </dl>
        {signed_out.then(|| view! { <p class="muted">"Sign in to see versions and counts."</p> })}
    }
}
