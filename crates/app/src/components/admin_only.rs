//! Shows its children to holders of a role only. A convenience of the interface: the
//! server refuses the actions behind them to anyone else anyway.

use crate::components::layout::CurrentUser;
use domain::identity::Role;
use leptos::prelude::*;

fn has_role(role: Role) -> impl Fn() -> bool + Send + Sync + Copy + 'static {
    let user = use_context::<CurrentUser>();
    move || user.and_then(|u| u.get()).and_then(Result::ok).flatten().is_some_and(|me| me.roles.contains(&role))
}

#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let allowed = has_role(Role::Admin);
    view! { <Transition fallback=|| ()>{move || allowed().then(|| children())}</Transition> }
}

/// For HR, who maintain the rubric.
#[component]
pub fn HrOnly(children: ChildrenFn) -> impl IntoView {
    let allowed = has_role(Role::Hr);
    view! { <Transition fallback=|| ()>{move || allowed().then(|| children())}</Transition> }
}

/// Whether the signed-in person holds `role`, read once (not tracked).
fn holds(role: Role) -> bool {
    use_context::<CurrentUser>()
        .and_then(|u| u.get_untracked())
        .and_then(Result::ok)
        .flatten()
        .is_some_and(|me| me.roles.contains(&role))
}

/// Whether the signed-in person is HR (picks the editable view; the server decides).
pub fn is_hr() -> bool {
    holds(Role::Hr)
}

/// Whether the signed-in person is an admin (shows Edit actions; the server decides).
pub fn is_admin() -> bool {
    holds(Role::Admin)
}
