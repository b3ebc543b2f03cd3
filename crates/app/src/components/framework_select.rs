//! The framework picker of the forms that measure against a framework's newest published
//! version (new role profile, new cycle), with its label and problem.

use crate::components::errors::field_message;
use crate::error::UiError;
use domain::rubric::dto::FrameworkSummary;
use leptos::prelude::*;

pub fn framework_select(frameworks: Vec<FrameworkSummary>, error: Signal<Option<UiError>>) -> AnyView {
    view! {
        <label for="framework_id">"Framework"</label>
        {field_message(error, "framework_id")}
        <select id="framework_id" name="framework_id">
            {frameworks.into_iter().map(|f| view! { <option value=f.id.to_string()>{format!("{} (version {})", f.name, f.published_number.unwrap_or_default())}</option> }).collect_view()}
        </select>
    }
    .into_any()
}
