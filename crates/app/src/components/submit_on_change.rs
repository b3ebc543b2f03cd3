//! A filter that applies as soon as a choice is made: the form around it is submitted
//! when one of its fields changes. This used to be an inline `onchange` attribute, which
//! the Content-Security-Policy now refuses (inline script runs only with the response's
//! nonce). Without the wasm the form's own button (in `<noscript>`) does it.

use leptos::prelude::*;

/// Wraps the fields whose change submits their form. The change event bubbles from the
/// server-rendered children up to this island's own element.
#[island]
pub fn SubmitOnChange(children: Children) -> impl IntoView {
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let form = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(form) = form {
                let _ = form.submit();
            }
        }
    };
    view! { <span class="submit-on-change" on:change=on_change>{children()}</span> }
}
