//! The home page: who is signed in, and whether the installation answers (for a signed-in
//! person with Hatrack's version and the database it runs on, read live from the server;
//! a visitor is told only that it is up).

use crate::error::UiError;
use crate::identity::sfn::my_profile;
use domain::status::ServerStatus;
use leptos::prelude::*;
use leptos_meta::Title;

/// The server's status for the home page: "ok" for a visitor, with versions and counts
/// once signed in.
#[server(prefix = "/sfn")]
pub async fn get_status() -> Result<ServerStatus, UiError> {
    let services = crate::session::services().await?;
    let actor = crate::session::current_actor().await?;
    Ok(service::status::server_status(&services, actor.as_ref()).await?)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let status = Resource::new(|| (), |_| get_status());

    // The full profile (manager, teams, reports): only this page shows it, so only this
    // page reads it; the frame's signed-in person costs no statement.
    let user = Resource::new(|| (), |_| my_profile());
    view! {
        <Title text="" />
        <div class="page-head">
            <h1>"Hatrack"</h1>
            <p class="lede">"Skills, interviews, ownership, coaching and succession for IT teams, on one versioned rubric."</p>
        </div>
        <Transition fallback=|| ()>
            {move || user.get().map(|r| match r.ok().flatten() {
                Some(me) => {
                    let p = me.person;
                    view! {
                        <section class="card" aria-labelledby="me-title">
                            <div class="card-head">
                                <h2 id="me-title">{format!("Welcome, {}", p.name)}</h2>
                                <a class="button secondary" href=format!("/people/{}", p.id)>"Your profile"</a>
                            </div>
                            <dl class="facts">
                                <dt>"Organization"</dt><dd>{me.organization.name}</dd>
                                <dt>"Job title"</dt><dd>{p.job_title}</dd>
                                <dt>"Roles"</dt><dd>{p.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>"Manager"</dt><dd>{p.manager.map(|m| m.name).unwrap_or_else(|| "No manager".into())}</dd>
                                <dt>"Teams"</dt><dd>{p.teams.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>"Direct reports"</dt><dd class="num">{p.reports.len()}</dd>
                            </dl>
                        </section>
                    }.into_any()
                }
                None => view! {
                    <section class="card">
                        <h2>"Sign in"</h2>
                        <p>"Sign in to see your profile and your organization's people."</p>
                        <a class="button" href="/sign-in">"Sign in"</a>
                    </section>
                }.into_any(),
            })}
        </Transition>
        <Transition fallback=|| view! {
            <section class="card"><h2>"This installation"</h2><p class="muted">"Reading the server status…"</p></section>
        }>
            {move || status.get().map(|initial| view! { <StatusCheck initial /> })}
        </Transition>
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
