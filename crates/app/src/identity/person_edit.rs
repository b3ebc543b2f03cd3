//! An admin edits a person: name, job title, roles, status. The form carries the version
//! it was loaded with; if someone saved in between, the save is refused and explained.

use crate::components::by_id::{resource_by_route_id, show_loaded};
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::gate::Gate;
use crate::identity::sfn::{SavePerson, get_person, list_teams, people_choices};
use domain::identity::{PersonStatus, Role};
use domain::pages::Gated;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn PersonEditPage() -> impl IntoView {
    let person = resource_by_route_id(get_person);
    let choices = Resource::new(|| (), |_| people_choices());
    let teams = Resource::new(|| (), |_| list_teams());
    view! {
        <Gate page=Gated::PeopleAdmin>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || person.get().map(|r| show_loaded(r, |p| view! {
                        <Title text=format!("Edit {}", p.name) />
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href="/people">"People"</a>" / "<a href=format!("/people/{}", p.id)>{p.name.clone()}</a>" / Edit"
                        </nav>
                        <div class="page-head">
                            <h1>{format!("Edit {}", p.name)}</h1>
                            <p class="lede">"Changes to roles or status take effect at once: their current sign-ins end."</p>
                        </div>
                        <EnhancedForm action=SavePerson::url()>
                            <input type="hidden" name="id" value=p.id.to_string() />
                            <input type="hidden" name="version" value=p.version.to_string() />
                            <div class="field">
                                <label for="name">"Name"</label>
                                <FieldProblem field="name" />
                                <input id="name" name="name" value=kept_or("name", p.name.clone()) />
                            </div>
                            <div class="field">
                                <label for="job_title">"Job title"</label>
                                <FieldProblem field="job_title" />
                                <input id="job_title" name="job_title" value=kept_or("job_title", p.job_title.clone()) />
                            </div>
                            <fieldset class="field" id="roles">
                                <legend>"Roles"</legend>
                                <FieldProblem field="roles" />
                                {Role::ALL.into_iter().map(|r| {
                                    let checked = p.roles.contains(&r);
                                    view! {
                                        <label class="check"><input type="checkbox" name=format!("role_{}", r.as_str()) checked=checked />" "{r.label()}</label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <div class="field">
                                <label for="manager_id">"Manager"</label>
                                <FieldProblem field="manager_id" />
                                <select id="manager_id" name="manager_id">
                                    <option value="">"No manager"</option>
                                    <Transition fallback=|| ()>
                                        {let current = p.manager.as_ref().map(|m| m.id);
                                         let me = p.id;
                                         move || choices.get().and_then(Result::ok).map(|people| people.into_iter()
                                            .filter(|c| c.id != me)
                                            .map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == current>{c.name}</option> })
                                            .collect_view())}
                                    </Transition>
                                </select>
                            </div>
                            <fieldset class="field" id="team_ids">
                                <legend>"Teams"</legend>
                                <FieldProblem field="team_ids" />
                                <Transition fallback=|| ()>
                                    {let mine: Vec<_> = p.teams.iter().map(|t| t.id).collect();
                                     move || teams.get().and_then(Result::ok).map(|all| all.into_iter().map(|t| view! {
                                        <label class="check"><input type="checkbox" name="team_ids[]" value=t.id.to_string() checked=mine.contains(&t.id) />" "{t.name}</label>
                                     }).collect_view())}
                                </Transition>
                            </fieldset>
                            <div class="field">
                                <label for="status">"Status"</label>
                                <FieldProblem field="status" />
                                <select id="status" name="status">
                                    {let chosen = kept_or("status", p.status.as_str());
                                     [PersonStatus::Invited, PersonStatus::Active, PersonStatus::Deactivated].into_iter().map(|s| view! {
                                        <option value=s.as_str() selected=chosen == s.as_str()>{s.as_str()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            {(p.status != PersonStatus::Deactivated).then(|| view! {
                                <div class="field">
                                    <FieldProblem field="confirm_deactivate" />
                                    <label class="check"><input type="checkbox" id="confirm_deactivate" name="confirm_deactivate" />
                                        " If Status is deactivated: yes, end their sign-ins now and hide them from pickers"</label>
                                </div>
                            })}
                            <button type="submit" class="button">"Save changes"</button>
                        </EnhancedForm>
                    }.into_any()))}
            </Transition>
        </Gate>
    }
}
