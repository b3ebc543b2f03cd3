//! Role profiles: the list (HR also creates them here) and one profile with the level it
//! expects per competency (HR edits the levels; HR also sees who holds it).

use crate::components::admin_only::HrOnly;
use crate::components::by_id::route_page;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use crate::rubric::sfn::{CreateRoleProfile, SaveRoleProfile, get_role_profile, list_role_profiles};
use domain::rubric::dto::FrameworkSummary;
use domain::rubric::role_profile::{Expectation, RoleProfileDetail, RoleProfileSummary};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RoleProfilesPage() -> AnyView {
    let loaded = Resource::new(|| (), |_| list_role_profiles());
    view! {
        <Title text="Role profiles" />
        <SignedIn>
            <div class="page-head">
                <h1>"Role profiles"</h1>
                <p class="lede">"What each role expects, competency by competency. A person's gaps are measured against their role profile."</p>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok((profiles, frameworks)) => view! {
                        {list(profiles)}
                        <HrOnly>{new_form(frameworks.clone())}</HrOnly>
                    }.into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn list(profiles: Vec<RoleProfileSummary>) -> AnyView {
    if profiles.is_empty() {
        return view! { <div class="empty"><p>"No role profiles yet. HR creates them here."</p></div> }.into_any();
    }
    let rows: Vec<AnyView> = profiles
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/role-profiles/{}", p.id)>{p.name}</a></th>
                    <td>{format!("{} version {}", p.framework.framework_name, p.framework.number)}</td>
                    <td>{p.expectation_count}</td>
                    <td>{p.people_count}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Role"</th><th scope="col">"Framework"</th><th scope="col">"Expected competencies"</th><th scope="col">"People"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn new_form(frameworks: Vec<FrameworkSummary>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="new-role-title">
            <h2 id="new-role-title">"New role profile"</h2>
            <EnhancedForm action=CreateRoleProfile::url() class="stack-form">
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="120" placeholder="e.g. Senior Engineer" />
                <label for="description">"Description"</label>
                <textarea id="description" name="description" rows="2" maxlength="2000"></textarea>
                {crate::rubric::framework_select::framework_select(frameworks)}
                <button type="submit" class="button">"Create and set levels"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn RoleProfilePage() -> AnyView {
    route_page(get_role_profile, profile_page)
}

fn profile_page(p: RoleProfileDetail) -> AnyView {
    let hr = crate::components::admin_only::is_hr();
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let s = &p.summary;
    view! {
        <Title text=s.name.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/role-profiles">"Role profiles"</a>" / "{s.name.clone()}</nav>
        <div class="page-head">
            <h1>{s.name.clone()}</h1>
            <p class="lede">{s.description.clone()}</p>
            <p class="muted">{format!("Against {} version {} · {} competencies expected", s.framework.framework_name, s.framework.number, s.expectation_count)}</p>
        </div>
        {saved.then(|| view! { <p class="notice" role="status">"Saved."</p> })}
        {if hr { edit_form(p.clone()) } else { read_only(&p.expectations) }}
        {(!p.people.is_empty()).then(|| view! {
            <section aria-labelledby="holders-title">
                <h2 id="holders-title">"People with this role"</h2>
                <ul class="link-list">{p.people.iter().map(|x| view! { <li><a href=format!("/people/{}/competencies", x.id)>{x.name.clone()}</a></li> }).collect_view()}</ul>
            </section>
        })}
    }
    .into_any()
}

fn read_only(expectations: &[Expectation]) -> AnyView {
    let rows: Vec<AnyView> = expectations
        .iter()
        .map(|e| view! { <tr><th scope="row">{e.name.clone()}</th><td>{e.area.clone()}</td><td>{e.level.map_or("—".to_string(), |l| l.to_string())}</td></tr> }.into_any())
        .collect();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Competency"</th><th scope="col">"Area"</th><th scope="col">"Expected level"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn edit_form(p: RoleProfileDetail) -> AnyView {
    let levels = p.summary.framework.level_count;
    let rows: Vec<AnyView> = p.expectations.iter().map(|e| level_row(e, levels)).collect();
    view! {
        <EnhancedForm action=SaveRoleProfile::url() class="stack-form">
            <input type="hidden" name="id" value=p.summary.id.to_string() />
            <input type="hidden" name="version" value=p.summary.version.to_string() />
            <label for="name">"Name"</label>
            <FieldProblem field="name" />
            <input id="name" name="name" required maxlength="120" value=p.summary.name.clone() />
            <label for="description">"Description"</label>
            <textarea id="description" name="description" rows="2" maxlength="2000">{raw_text(p.summary.description.clone())}</textarea>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th scope="col">"Competency"</th><th scope="col">"Area"</th><th scope="col">"Expected level"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="submit" class="button">"Save role profile"</button>
        </EnhancedForm>
    }
    .into_any()
}

fn level_row(e: &Expectation, levels: i32) -> AnyView {
    let id = format!("expectations.{}", e.slug);
    let current = e.level;
    view! {
        <tr>
            <th scope="row"><label for=id.clone()>{e.name.clone()}</label></th>
            <td>{e.area.clone()}</td>
            <td>
                <select id=id name=format!("levels[{}]", e.slug)>
                    <option value="" selected=current.is_none()>"Not expected"</option>
                    {(1..=levels).map(|l| view! { <option value=l.to_string() selected=current == Some(l)>{l}</option> }).collect_view()}
                </select>
            </td>
        </tr>
    }
    .into_any()
}
