//! Competency frameworks: the list, and a new framework (HR).

use crate::components::admin_only::HrOnly;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::gate::Gate;
use crate::components::signed_in::SignedIn;
use crate::rubric::sfn::{CreateFramework, list_frameworks};
use domain::pages::Gated;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn FrameworksPage() -> AnyView {
    let frameworks = Resource::new(|| (), |_| list_frameworks());
    view! {
        <Title text="Frameworks" />
        <SignedIn>
            <div class="page-head">
                <HrOnly>
                    <div class="page-action">
                        <a class="button secondary" href="/frameworks/import">"Import"</a>" "
                        <a class="button" href="/frameworks/new">"New framework"</a>
                    </div>
                </HrOnly>
                <h1>"Frameworks"</h1>
                <p class="lede">"What good looks like, competency by competency and level by level. Assessments, role profiles and interviews all use these."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || frameworks.get().map(|r| match r {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <div class="empty"><p>"No frameworks yet."</p></div> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">"Framework"</th>
                                    <th scope="col">"Published"</th>
                                    <th scope="col" class="num">"Competencies"</th>
                                    <th scope="col">"Draft"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|f| view! {
                                        <tr>
                                            <th scope="row">
                                                <a href=format!("/frameworks/{}", f.id)>{f.name}</a>
                                                {f.builtin.then(|| view! { " "<span class="badge badge-muted">"Built in"</span> })}
                                            </th>
                                            <td>{match (f.published_number, f.published_at) {
                                                (Some(n), Some(at)) => format!("Version {n}, {}", at.format("%-d %b %Y")),
                                                _ => "Not yet".to_string(),
                                            }}</td>
                                            <td class="num">{f.competency_count}</td>
                                            <td>{f.draft_number.map(|n| view! {
                                                <a href=format!("/frameworks/{}/draft", f.id)>{format!("Version {n} in progress")}</a>
                                            })}</td>
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
    .into_any()
}

#[component]
pub fn NewFrameworkPage() -> AnyView {
    view! {
        <Gate page=Gated::RubricEditing>
            <Title text="New framework" />
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/frameworks">"Frameworks"</a>" / New"</nav>
            <div class="page-head">
                <h1>"New framework"</h1>
                <p class="lede">"Give it a name and a number of levels; you add areas and competencies in its first draft."</p>
            </div>
            <EnhancedForm action=CreateFramework::url()>
                <div class="field" id="name">
                    <label for="name-input">"Name"</label>
                    <FieldProblem field="name" />
                    <input id="name-input" name="name" required maxlength="200" autocomplete="off" />
                </div>
                <div class="field" id="description">
                    <label for="description-input">"Description"</label>
                    <p class="hint">"Who it is for and how to use it."</p>
                    <textarea id="description-input" name="description" rows="3"></textarea>
                </div>
                <div class="field" id="level_count">
                    <label for="levels-input">"Levels"</label>
                    <p class="hint">"Every competency gets one anchor per level; 3 to 7."</p>
                    <FieldProblem field="level_count" />
                    <select id="levels-input" name="level_count">
                        {(3..=7).map(|n| view! { <option value=n.to_string() selected=n == 5>{n}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">"Create and start editing"</button>
            </EnhancedForm>
        </Gate>
    }
    .into_any()
}
