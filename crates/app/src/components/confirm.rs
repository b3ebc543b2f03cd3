//! A destructive action asks first: the button opens a small panel that says what will
//! happen and holds the real button ("Yes, discard"). A `<details>` disclosure, so it
//! works the same with and without JavaScript, by keyboard, and leaves focus in place.

use leptos::prelude::*;

/// `label` opens the panel ("Discard this draft…"), `question` says what happens; the
/// children are the form whose submit button does it.
#[component]
pub fn Confirm(#[prop(into)] label: String, #[prop(into)] question: String, children: Children) -> impl IntoView {
    view! {
        <details class="confirm-box">
            <summary class="button secondary small">{label}</summary>
            <div class="confirm" role="group" aria-label="Confirm">
                <p><strong>{question}</strong></p>
                {children()}
            </div>
        </details>
    }
}
