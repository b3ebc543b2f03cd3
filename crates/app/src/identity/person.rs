//! A person's page: profile, manager, direct reports, teams.

use crate::components::by_id::{resource_by_route_id, show_loaded};
use crate::components::signed_in::SignedIn;
use crate::identity::sfn::{InvitePerson, get_person};
use domain::identity::PersonStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn PersonPage() -> impl IntoView {
    let person = resource_by_route_id(get_person);
    let owned = crate::ownership::owned::owned_by_route_id(crate::ownership::sfn::get_person_ownership);
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || person.get().map(|r| show_loaded(r, |p| view! {
                        <Title text=p.name.clone() />
                        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/people">"People"</a>" / "{p.name.clone()}</nav>
                        <div class="page-head">
                            {crate::components::admin_only::is_admin().then(|| view! { <a class="button secondary page-action" href=format!("/people/{}/edit", p.id)>"Edit"</a> })}
                            <h1>{p.name.clone()}</h1>
                            <p class="lede">{if p.job_title.is_empty() { "No job title yet".to_string() } else { p.job_title.clone() }}</p>
                            <p><a href=format!("/people/{}/competencies", p.id)>"Competencies"</a><span class="muted">" (for them, their managers and HR)"</span></p>
                        </div>
                        <section class="card" aria-labelledby="profile-title">
                            <h2 id="profile-title">"Profile"</h2>
                            <dl class="facts">
                                <dt>"Email"</dt><dd><a href=format!("mailto:{}", p.email)>{p.email.clone()}</a></dd>
                                <dt>"Manager"</dt>
                                <dd>{match p.manager.clone() {
                                    Some(m) => view! { <a href=format!("/people/{}", m.id)>{m.name}</a> }.into_any(),
                                    None => view! { <span class="muted">"No manager"</span> }.into_any(),
                                }}</dd>
                                <dt>"Teams"</dt>
                                <dd>{if p.teams.is_empty() { "Not in a team".to_string() } else {
                                    p.teams.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ") }}</dd>
                                <dt>"Roles"</dt><dd>{p.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>"Status"</dt><dd>{p.status.as_str()}</dd>
                            </dl>
                        </section>
                        {(crate::components::admin_only::is_admin() && p.status == PersonStatus::Invited).then(|| view! { <InviteCard id=p.id /> })}
                        <section class="card" aria-labelledby="reports-title">
                            <h2 id="reports-title">{format!("Direct reports ({})", p.reports.len())}</h2>
                            {if p.reports.is_empty() {
                                view! { <p class="muted">"No one reports to them."</p> }.into_any()
                            } else {
                                view! { <ul class="link-list">
                                    {p.reports.iter().map(|r| view! { <li><a href=format!("/people/{}", r.id)>{r.name.clone()}</a></li> }).collect_view()}
                                </ul> }.into_any()
                            }}
                        </section>
                        <crate::ownership::owned::OwnedSection owned deactivated={p.status == PersonStatus::Deactivated} />
                    }.into_any()))}
            </Transition>
        </SignedIn>
    }
}

/// For an invited person (admins): make an invitation link to hand over. Each new link
/// replaces the previous one and is valid for 7 days. An island: it shows the link the
/// server function returns.
#[island]
fn InviteCard(id: Uuid) -> impl IntoView {
    let invite = ServerAction::<InvitePerson>::new();
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invitation"</h2>
            <p>"They have not set a password yet. Create a link and send it to them; it works once, within 7 days."</p>
            <ActionForm action=invite attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="button secondary" disabled=move || invite.pending().get()>"Create invitation link"</button>
            </ActionForm>
            {move || invite.value().get().map(|r| match r {
                Ok(inv) => view! {
                    <div class="field" role="status">
                        <label for="invite-link">{format!("Link for {} (valid until {})", inv.email, inv.expires_at.format("%-d %B %Y %H:%M UTC"))}</label>
                        <input id="invite-link" readonly value=inv.accept_path.clone() on:focus=|ev| select_all(&ev) />
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

#[allow(unused_variables)]
fn select_all(ev: &leptos::ev::FocusEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.select();
        }
    }
}
