//! First-run setup: while the installation has no organization, whoever opens it first
//! names the organization and becomes its first admin. Afterwards the page says so and
//! points to sign-in.

use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::identity::sfn::{FirstRunSetup, setup_needed};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn SetupPage() -> impl IntoView {
    let needed = Resource::new(|| (), |_| setup_needed());
    let field =
        move |id: &'static str, label: &'static str, kind: &'static str, auto: &'static str, hint: &'static str| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                    <FieldProblem field=id />
                    <input id=id name=id type=kind autocomplete=auto required aria-describedby=format!("{id}-error") />
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
                        <EnhancedForm action=FirstRunSetup::url()>
                            {field("organization", "Organization name", "text", "organization", "")}
                            {field("name", "Your name", "text", "name", "")}
                            {field("email", "Your email address", "email", "username", "")}
                            {field("password", "Password", "password", "new-password", "At least 12 characters; a few words make a good password.")}
                            <button type="submit" class="button">"Create the organization"</button>
                        </EnhancedForm>
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
