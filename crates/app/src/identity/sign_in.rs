//! Sign in with email and password. Works without JavaScript (a plain form POST).

use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::identity::sfn::{SignIn, setup_needed};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let needs_setup = Resource::new(|| (), |_| setup_needed());
    let next = move || use_query_map().with(|q| q.get("next").unwrap_or_default());
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
            <EnhancedForm action=SignIn::url()>
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="email">"Email address"</label>
                    <FieldProblem field="email" />
                    <input id="email" name="email" type="email" autocomplete="username" required
                        aria-describedby="email-error" value=kept_or("email", "") />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <FieldProblem field="password" />
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-describedby="password-error" />
                </div>
                <details class="field">
                    <summary>"In more than one organization?"</summary>
                    <label for="organization">"Organization"</label>
                    <p class="hint" id="organization-hint">"Only needed when your address signs in to several organizations with the same password."</p>
                    <FieldProblem field="organization" />
                    <input id="organization" name="organization" type="text" autocomplete="organization"
                        aria-describedby="organization-hint organization-error" value=kept_or("organization", "") />
                </details>
                <button type="submit" class="button">"Sign in"</button>
            </EnhancedForm>
        </div>
    }
}
