//! Error display in the manner of a good public-service form: a summary at the top that
//! links to each field. The message beside each field is `enhanced_form::FieldProblem`.

use crate::error::UiError;
use leptos::prelude::*;

/// The summary box; renders nothing when there is no error.
#[component]
pub fn ErrorSummary(error: Signal<Option<UiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            // `version` carries the current version for clients, not a message for people.
            let fields: Vec<(String, String)> =
                e.0.fields.clone().into_iter().filter(|(f, _)| f != "version").collect();
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2>"There is a problem"</h2>
                    <p>{e.0.message.clone()}</p>
                    {(!fields.is_empty()).then(|| view! {
                        <ul>
                            {fields
                                .into_iter()
                                .map(|(field, problem)| view! { <li><a href=format!("#{field}")>{problem}</a></li> })
                                .collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}
