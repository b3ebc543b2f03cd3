//! Saving a draft form as it is typed: the fields inside this island are posted to
//! `action` (the form's fields, `intent=autosave`) a moment after the last change, and
//! the answer's new version goes into the form's `version` field so the next save (or
//! the form's own buttons) continues from it. Without the wasm nothing happens here and
//! the form's "Save draft" button does the job.

use leptos::prelude::*;

/// Wraps the fields to watch; `action` answers `ScorecardSaved`-shaped JSON
/// (`{"version": 3, "problem": null}`).
#[island]
pub fn Autosave(action: String, children: Children) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let generation = RwSignal::new(0u32);
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::schedule(ev, action.clone(), status, generation);
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = (action, generation);
    view! {
        // `input` fires for typing and for every choice (radio, checkbox, select) alike
        <div class="autosave" on:input=on_change>
            {children()}
            <p class="save-bar muted" role="status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{HtmlFormElement, HtmlInputElement, RequestInit, Response, UrlSearchParams};

    /// How long typing must pause before a save.
    const QUIET: std::time::Duration = std::time::Duration::from_millis(1200);

    #[derive(serde::Deserialize)]
    struct Saved {
        version: Option<i32>,
        problem: Option<domain::ApiErrorBody>,
    }

    pub fn schedule(ev: leptos::ev::Event, action: String, status: RwSignal<String>, generation: RwSignal<u32>) {
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
        let Some(form) = form else { return };
        generation.update(|g| *g = g.wrapping_add(1));
        let mine = generation.get_untracked();
        status.set("Unsaved changes…".into());
        set_timeout(
            move || {
                // a later change restarted the wait
                if generation.get_untracked() != mine {
                    return;
                }
                leptos::task::spawn_local(save(form, action, status));
            },
            QUIET,
        );
    }

    async fn save(form: HtmlFormElement, action: String, status: RwSignal<String>) {
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        let Ok(fields) = UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
        fields.set("intent", "autosave");
        status.set("Saving…".into());
        let message = match post(&action, &String::from(fields.to_string())).await {
            Ok(Saved { version: Some(v), .. }) => {
                if let Ok(Some(input)) = form.query_selector("input[name=version]")
                    && let Ok(input) = input.dyn_into::<HtmlInputElement>()
                {
                    input.set_value(&v.to_string());
                }
                "Draft saved".to_string()
            }
            Ok(Saved { problem: Some(p), .. }) => {
                format!("Not saved: {}", p.fields.values().next().cloned().unwrap_or(p.message))
            }
            _ => "Not saved: the server could not be reached. Your text is still here; try again.".into(),
        };
        status.set(message);
    }

    async fn post(url: &str, body: &str) -> Result<Saved, JsValue> {
        let headers = web_sys::Headers::new()?;
        headers.set("Content-Type", "application/x-www-form-urlencoded")?;
        headers.set("Accept", "application/json")?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
        let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await?.dyn_into()?;
        let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))
    }
}
