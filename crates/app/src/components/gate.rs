//! A page for one action only some people may take ([`Gated`]): a visitor is sent to sign
//! in, someone else gets the 403 page, the rest get the page. The server decides
//! (`service::policy::may_open`); the action behind the page checks again when taken.

use crate::error::UiError;
use domain::pages::Gated;
use leptos::prelude::*;

/// Whether the signed-in person may open the page: `None` for a visitor.
#[server(prefix = "/sfn")]
pub async fn may_open(page: Gated) -> Result<Option<bool>, UiError> {
    Ok(crate::session::current_actor().await?.map(|actor| service::policy::may_open(&actor, page)))
}

/// One `Transition` decides all three answers (nesting `SignedIn` would add a level to
/// every page's render, and the framework draft page is deep already).
#[component]
pub fn Gate(page: Gated, children: ChildrenFn) -> impl IntoView {
    let allowed = Resource::new(move || page, may_open);
    view! {
        <Transition fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    allowed.get().map(move |r| match r {
                        Ok(Some(true)) => children().into_any(),
                        Ok(Some(false)) => view! { <crate::forbidden::Forbidden /> }.into_any(),
                        Ok(None) => crate::components::signed_in::to_sign_in(),
                        Err(e) => crate::components::by_id::refusal(e),
                    })
                }
            }
        </Transition>
    }
}
