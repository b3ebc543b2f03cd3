//! Pages about one thing named by the route's `:id` (a person, a team): loading it, and
//! the answers every such page gives when it is missing or the call failed.

use crate::error::UiError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// The thing whose id is in the route; `Ok(None)` when the id is not an id at all.
pub fn resource_by_route_id<T, F, Fut>(fetch: F) -> Resource<Result<Option<T>, UiError>>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    F: Fn(Uuid) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, UiError>> + Send + 'static,
{
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
    Resource::new(id, move |id| async move {
        match id {
            Some(id) => fetch(id).await.map(Some),
            None => Ok(None),
        }
    })
}

/// The loaded thing through `found`; the 404 page when it does not exist (or is not
/// visible), the 403 page when the person may not see it; the error otherwise, with its
/// status (a 503 when the database is away).
pub fn show_loaded<T>(result: Result<Option<T>, UiError>, found: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(Some(thing)) => found(thing),
        Ok(None) => view! { <crate::not_found::NotFound /> }.into_any(),
        Err(e) => refusal(e),
    }
}

/// The page for a failed load: 404, 403, or the error's message under its status.
pub fn refusal(e: UiError) -> AnyView {
    match e.0.error {
        domain::ErrorCode::NotFound => view! { <crate::not_found::NotFound /> }.into_any(),
        domain::ErrorCode::Forbidden => view! { <crate::forbidden::Forbidden /> }.into_any(),
        code => {
            crate::error::page_status(code);
            view! {
                <div class="page-head"><h1>"Something went wrong"</h1></div>
                <p class="notice notice-error" role="alert">{e.to_string()}</p>
            }
            .into_any()
        }
    }
}

/// A whole page about the thing in the route: signed in, "Loading…", then `found` (or the
/// 404 page, or the error).
pub fn route_page<T, F, Fut>(fetch: F, found: fn(T) -> AnyView) -> AnyView
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    F: Fn(Uuid) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, UiError>> + Send + 'static,
{
    let loaded = resource_by_route_id(fetch);
    view! {
        <crate::components::signed_in::SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, found))}
            </Transition>
        </crate::components::signed_in::SignedIn>
    }
    .into_any()
}
