//! Accepting an invitation: choose a password once, within 7 days of the invitation.

use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::identity::sfn::AcceptInvitation;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let token = move || use_query_map().with(|q| q.get("token").unwrap_or_default());
    view! {
        <Title text="Accept your invitation" />
        <div class="narrow">
            <div class="page-head">
                <h1>"Welcome to Hatrack"</h1>
                <p class="lede">"Choose a password to finish setting up your account."</p>
            </div>
            <EnhancedForm action=AcceptInvitation::url()>
                // an expired or used link: said above the password, which cannot fix it
                <FieldProblem field="token" />
                <input type="hidden" id="token" name="token" value=token />
                <div class="field">
                    <label for="password">"New password"</label>
                    <p class="hint">"At least 12 characters. A few unrelated words make a good one."</p>
                    <FieldProblem field="password" />
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        aria-describedby="password-error" />
                </div>
                <button type="submit" class="button">"Set password and sign in"</button>
            </EnhancedForm>
        </div>
    }
}
