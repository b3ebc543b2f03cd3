//! The browser side: hydrates the server-rendered page with the same `App`, or, built with
//! the `islands` feature, only the page's islands.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(not(feature = "islands"))]
    {
        leptos::mount::hydrate_body(app::App);
        mark_hydrated();
    }
    #[cfg(feature = "islands")]
    {
        // Naming the crate links the islands' exports (never `App`: whatever it reaches
        // would be in the wasm again). The islands script hydrates each island right after
        // this returns, in this task's microtasks, so the marker waits for the next task.
        #[allow(unused_imports)]
        use app::*;
        leptos::mount::hydrate_islands();
        leptos::prelude::set_timeout(mark_hydrated, std::time::Duration::ZERO);
    }
}

/// A marker for tests and for CSS that should only apply once the page is interactive.
fn mark_hydrated() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
