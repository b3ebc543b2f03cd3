//! Where I am signed in, with "sign out everywhere else".

use crate::components::signed_in::SignedIn;
use crate::identity::sfn::{SignOutOthers, my_sessions};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SessionsPage() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    // Set by the redirect after "sign out all other sessions".
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").and_then(|n| n.parse::<usize>().ok()));
    view! {
        <Title text="Your sessions" />
        <SignedIn>
            <div class="page-head">
                <h1>"Your sessions"</h1>
                <p class="lede">"Where you are signed in. Sign out anywhere you do not recognise."</p>
            </div>
            // a plain form: the server function redirects back here with the count
            <form action=SignOutOthers::url() method="post" class="inline-form">
                <button type="submit" class="button">"Sign out all other sessions"</button>
            </form>
            {move || signed_out().map(|n| view! {
                <p class="status-note" role="status">{format!("Signed out {n} other session(s).")}</p>
            })}
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || sessions.get().map(|r| match r {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">"Browser or client"</th>
                                    <th scope="col">"Address"</th>
                                    <th scope="col">"Last active"</th>
                                    <th scope="col">"Expires"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|s| view! {
                                        <tr>
                                            <th scope="row"><span title=s.user_agent.clone()>{domain::user_agent::label(&s.user_agent)}</span>
                                                {s.current.then(|| view! { <span class="badge">"this session"</span> })}</th>
                                            <td>{s.ip}</td>
                                            <td>{s.last_active_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                                            <td>{s.expires_at.format("%Y-%m-%d").to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
}
