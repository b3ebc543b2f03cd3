//! Reading a chosen file into a text box (browser only; without JavaScript the text is
//! pasted instead).

use leptos::prelude::*;

/// Reads the chosen files' text: the one named like `side`'s name into its box, the
/// others (the last one read wins) into `text`.
#[allow(unused_variables)]
pub fn read_files_into(ev: leptos::ev::Event, text: RwSignal<String>, side: Option<(&'static str, RwSignal<String>)>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let into = match side {
                Some((name, other)) if file.name().eq_ignore_ascii_case(name) => other,
                _ => text,
            };
            leptos::task::spawn_local(async move {
                if let Ok(content) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    into.set(content.as_string().unwrap_or_default());
                }
            });
        }
    }
}

/// Reads the chosen file's text into the box.
#[allow(unused_variables)]
pub fn read_into(ev: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(content) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                text.set(content.as_string().unwrap_or_default());
            }
        });
    }
}
