//! The org chart: rendered on the server as nested `<details>`, so it folds and unfolds
//! without JavaScript and stays usable for 1,000 people (the top two levels start open).

use crate::components::signed_in::SignedIn;
use crate::identity::sfn::org_chart;
use domain::org_chart::OrgNode;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrgChartPage() -> impl IntoView {
    let chart = Resource::new(|| (), |_| org_chart());
    view! {
        <Title text="Org chart" />
        <SignedIn>
            <div class="page-head">
                <h1>"Org chart"</h1>
                <p class="lede">"Who reports to whom. Open a person to see their reports; the number counts everyone below."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || chart.get().map(|r| match r {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(roots) if roots.is_empty() => view! { <div class="empty"><p>"No one here yet."</p></div> }.into_any(),
                    Ok(roots) => view! {
                        <ul class="org-chart" aria-label="Reporting lines">
                            {roots.into_iter().map(|n| node(n, 0)).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
}

/// A person and, folded under a `<details>`, their reports. The link to the person sits
/// beside the `<summary>`, not in it: a link inside the toggle would be a control inside a
/// control. Plain nested lists (no ARIA tree roles, which promise arrow-key handling).
fn node(n: OrgNode, depth: usize) -> AnyView {
    let label = view! {
        <a href=format!("/people/{}", n.id)>{n.name.clone()}</a>
        <span class="muted">{format!(" {}", n.job_title)}</span>
    };
    if n.reports.is_empty() {
        return view! { <li class="leaf">{label}</li> }.into_any();
    }
    let count = match n.headcount {
        1 => format!("1 person below {}", n.name),
        c => format!("{c} people below {}", n.name),
    };
    view! {
        <li>
            {label}
            <details open=depth < 2>
                <summary class="count">{count}</summary>
                <ul>{n.reports.into_iter().map(|c| node(c, depth + 1)).collect_view()}</ul>
            </details>
        </li>
    }
    .into_any()
}
