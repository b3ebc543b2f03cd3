//! The browser side: hydrates the page's islands (`#[island]` components of `app`); the
//! rest of every page is server-rendered HTML and needs no code here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Naming the crate links the islands' exports (never `App`: whatever it reaches would
    // be in the wasm again; `cargo xtask test` checks this). The islands script hydrates
    // each island right after this returns, in this task's microtasks, so the marker waits
    // for the next task.
    #[allow(unused_imports)]
    use app::*;
    leptos::mount::hydrate_islands();
    leptos::prelude::set_timeout(mark_hydrated, std::time::Duration::ZERO);
}

/// A marker for tests and for CSS that should only apply once the page is interactive.
fn mark_hydrated() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
