//! Shows its children to admins only. A convenience of the interface: the server refuses
//! the actions behind them to anyone else anyway.

use crate::components::layout::CurrentUser;
use domain::identity::Role;
use leptos::prelude::*;

#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    let is_admin = move || {
        user.and_then(|u| u.get())
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|me| me.person.roles.contains(&Role::Admin))
    };
    view! { <Transition fallback=|| ()>{move || is_admin().then(|| children())}</Transition> }
}
