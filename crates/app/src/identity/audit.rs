//! The audit log (admins): every change, who made it, when, in which request; newest
//! first, filtered by action or object type, paged with "Older".

use crate::components::gate::Gate;
use crate::identity::sfn::audit_events;
use domain::identity::AuditQuery;
use domain::pages::Gated;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const PAGE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        params.with(|p| AuditQuery {
            action: p.get("action").filter(|s| !s.is_empty()),
            object_type: p.get("object_type").filter(|s| !s.is_empty()),
            before_id: p.get("before_id").and_then(|s| s.parse().ok()),
            limit: Some(PAGE),
            ..Default::default()
        })
    };
    let events = Resource::new(query, audit_events);
    let action = move || query().action.unwrap_or_default();
    let object_type = move || query().object_type.unwrap_or_default();
    view! {
        <Gate page=Gated::AuditLog>
            <Title text="Audit log" />
            <div class="page-head">
                <h1>"Audit log"</h1>
                <p class="lede">"Every change, who made it and when. Entries cannot be edited or deleted."</p>
            </div>
            <Form method="GET" action="/admin/audit" attr:class="filters" attr:role="search">
                <div class="field">
                    <label for="action">"Action"</label>
                    <input id="action" name="action" placeholder="e.g. person.updated" value=action />
                </div>
                <div class="field">
                    <label for="object_type">"Object type"</label>
                    <input id="object_type" name="object_type" placeholder="person, team, session…" value=object_type />
                </div>
                <button type="submit" class="button">"Show"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || events.get().map(|r| match r {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <div class="empty"><p>"No entries match."</p></div> }.into_any(),
                    Ok(list) => {
                        let older = (list.len() as u32 == PAGE).then(|| list.last().map(|e| e.id)).flatten();
                        let q = query();
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">"When (UTC)"</th>
                                        <th scope="col">"Who"</th>
                                        <th scope="col">"Action"</th>
                                        <th scope="col">"Object"</th>
                                        <th scope="col">"Details"</th>
                                    </tr></thead>
                                    <tbody>
                                        {domain::identity::fold_autosaves(list).into_iter().map(|(e, n)| {
                                            let details = serde_json::json!({ "before": e.before, "after": e.after, "request_id": e.request_id });
                                            view! {
                                                <tr>
                                                    <td>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                                    <td>{e.actor.map(|a| a.name).unwrap_or_else(|| "system".into())}</td>
                                                    <th scope="row"><code>{e.action}</code>{(n > 1).then(|| view! { <span class="muted small">{format!(" ×{n} this minute")}</span> })}</th>
                                                    <td>{match e.object_name {
                                                        Some(name) => view! { <span title=format!("{} {}", e.object_type, e.object_id)>{name}</span><span class="muted small">{format!(" {}", e.object_type.replace('_', " "))}</span> }.into_any(),
                                                        None => view! { <span>{format!("{} {}", e.object_type.replace('_', " "), e.object_id)}</span> }.into_any(),
                                                    }}</td>
                                                    <td><details><summary>"Before and after"</summary>
                                                        <pre class="json">{serde_json::to_string_pretty(&details).unwrap_or_default()}</pre></details></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {older.map(|id| {
                                let mut href = format!("/admin/audit?before_id={id}");
                                if let Some(a) = &q.action { href.push_str(&format!("&action={a}")); }
                                if let Some(t) = &q.object_type { href.push_str(&format!("&object_type={t}")); }
                                view! { <nav class="pagination" aria-label="Pages"><a href=href rel="next">"Older →"</a></nav> }
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </Gate>
    }
}
