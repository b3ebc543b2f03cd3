//! First-run setup: while the installation has no organization, whoever opens it first
//! names the organization and becomes its first admin. Afterwards the page says so and
//! points to sign-in.

use crate::components::errors::{ErrorSummary, field_error};
use crate::error::form_problem;
use crate::server_fns::{FirstRunSetup, setup_needed};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SetupPage() -> impl IntoView {
    let needed = Resource::new(|| (), |_| setup_needed());
    let action = ServerAction::<FirstRunSetup>::new();
    let error = Signal::derive(move || form_problem(action.value().get()));
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      auto: &'static str,
                      hint: &'static str| {
        let message = field_error(error, id);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                <input id=id name=id type=kind autocomplete=auto required
                    aria-invalid=move || if error.get().is_some_and(|e| e.0.fields.contains_key(id)) { "true" } else { "false" } />
            </div>
        }
    };
    view! {
        <Title text="Set up Hatrack" />
        <div class="narrow">
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || needed.get().map(|r| match r {
                    Ok(true) => view! {
                        <div class="page-head">
                            <h1>"Set up Hatrack"</h1>
                            <p class="lede">"Name your organization and create the first admin account. You can invite everyone else afterwards."</p>
                        </div>
                        <ErrorSummary error />
                        <ActionForm action attr:class="form" attr:novalidate=true>
                            {field("organization", "Organization name", "text", "organization", "")}
                            {field("name", "Your name", "text", "name", "")}
                            {field("email", "Your email address", "email", "username", "")}
                            {field("password", "Password", "password", "new-password", "At least 12 characters; a few words make a good password.")}
                            <button type="submit" class="button" disabled=move || action.pending().get()>
                                {move || if action.pending().get() { "Setting up…" } else { "Create the organization" }}
                            </button>
                        </ActionForm>
                    }.into_any(),
                    Ok(false) => view! {
                        <div class="page-head">
                            <h1>"Hatrack is set up"</h1>
                            <p class="lede">"This installation already has an organization. Sign in, or ask one of its admins for an invitation."</p>
                        </div>
                        <p><a class="button" href="/sign-in">"Sign in"</a></p>
                    }.into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </div>
    }
}
