//! Sign in with email and password. Works without JavaScript (a plain form POST).

use crate::components::errors::{ErrorSummary, field_error};
use crate::error::{UiError, form_problem};
use crate::server_fns::{SignIn, setup_needed};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let needs_setup = Resource::new(|| (), |_| setup_needed());
    let error = Signal::derive(move || form_problem(action.value().get()));
    let next = move || use_query_map().with(|q| q.get("next").unwrap_or_default());
    let email_error = field_error(error, "email");
    let password_error = field_error(error, "password");
    view! {
        <Title text="Sign in" />
        <div class="narrow">
            <div class="page-head">
                <h1>"Sign in"</h1>
                <p class="lede">"Use the email address your organization invited you with."</p>
            </div>
            <Transition fallback=|| ()>
                {move || needs_setup.get().and_then(Result::ok).filter(|n| *n).map(|_| view! {
                    <p class="notice" role="status">"This Hatrack has no organization yet. "<a href="/setup">"Set it up"</a>" first."</p>
                })}
            </Transition>
            <ErrorSummary error />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="email">"Email address"</label>
                    {move || email_error().map(|m| view! { <p class="field-error" id="email-error">{m}</p> })}
                    <input id="email" name="email" type="email" autocomplete="username" required
                        aria-describedby="email-error" aria-invalid=move || invalid_flag(error, "email") />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    {move || password_error().map(|m| view! { <p class="field-error" id="password-error">{m}</p> })}
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-describedby="password-error" aria-invalid=move || invalid_flag(error, "password") />
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
        </div>
    }
}

fn invalid_flag(error: Signal<Option<UiError>>, field: &str) -> &'static str {
    if error.get().is_some_and(|e| e.0.fields.contains_key(field)) { "true" } else { "false" }
}
