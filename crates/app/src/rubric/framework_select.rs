//! The framework picker of the forms that measure against a framework's newest published
//! version (new role profile, new cycle), with its label and problem.

use crate::components::enhanced_form::FieldProblem;
use domain::rubric::dto::FrameworkSummary;
use leptos::prelude::*;

pub fn framework_select(frameworks: Vec<FrameworkSummary>) -> AnyView {
    view! {
        <label for="framework_id">"Framework"</label>
        <FieldProblem field="framework_id" />
        <select id="framework_id" name="framework_id">
            {frameworks.into_iter().map(|f| view! { <option value=f.id.to_string()>{format!("{} (version {})", f.name, f.published_number.unwrap_or_default())}</option> }).collect_view()}
        </select>
    }
    .into_any()
}
