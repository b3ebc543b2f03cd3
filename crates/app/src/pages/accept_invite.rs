//! Accepting an invitation: choose a password once, within 7 days of the invitation.

use crate::components::errors::{ErrorSummary, field_error};
use crate::error::form_problem;
use crate::server_fns::AcceptInvitation;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let action = ServerAction::<AcceptInvitation>::new();
    let error = Signal::derive(move || form_problem(action.value().get()));
    let token = move || use_query_map().with(|q| q.get("token").unwrap_or_default());
    let password_error = field_error(error, "password");
    let token_error = field_error(error, "token");
    view! {
        <Title text="Accept your invitation" />
        <div class="narrow">
            <div class="page-head">
                <h1>"Welcome to Hatrack"</h1>
                <p class="lede">"Choose a password to finish setting up your account."</p>
            </div>
            <ErrorSummary error />
            {move || token_error().map(|m| view! { <p class="notice notice-error" id="token">{m}</p> })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token />
                <div class="field">
                    <label for="password">"New password"</label>
                    <p class="hint">"At least 12 characters. A few unrelated words make a good one."</p>
                    {move || password_error().map(|m| view! { <p class="field-error" id="password-error">{m}</p> })}
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        aria-describedby="password-error" />
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Set password and sign in"</button>
            </ActionForm>
        </div>
    }
}
