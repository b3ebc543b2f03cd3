//! Admins create and edit teams: name, description, lead and members. An edit carries the
//! version it was loaded with; a save after someone else's is refused and explained.

use crate::components::by_id::{resource_by_route_id, show_loaded};
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::gate::Gate;
use crate::components::raw_text::raw_text;
use crate::identity::sfn::{SaveTeam, get_team, people_choices};
use domain::identity::TeamDetail;
use domain::pages::Gated;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn NewTeamPage() -> impl IntoView {
    view! {
        <Gate page=Gated::PeopleAdmin>
            <Title text="New team" />
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/teams">"Teams"</a>" / New team"</nav>
            <div class="page-head">
                <h1>"New team"</h1>
                <p class="lede">"A group of people who work together. A person can be in several teams."</p>
            </div>
            <TeamForm team=None />
        </Gate>
    }
}

#[component]
pub fn TeamEditPage() -> impl IntoView {
    let team = resource_by_route_id(get_team);
    view! {
        <Gate page=Gated::PeopleAdmin>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || team.get().map(|r| show_loaded(r, |t| view! {
                    <Title text=format!("Edit {}", t.name) />
                    <nav class="breadcrumbs" aria-label="Breadcrumb">
                        <a href="/teams">"Teams"</a>" / "<a href=format!("/teams/{}", t.id)>{t.name.clone()}</a>" / Edit"
                    </nav>
                    <div class="page-head"><h1>{format!("Edit {}", t.name)}</h1></div>
                    <TeamForm team=Some(t) />
                }.into_any()))}
            </Transition>
        </Gate>
    }
}

#[component]
fn TeamForm(team: Option<TeamDetail>) -> impl IntoView {
    let people = Resource::new(|| (), |_| people_choices());
    let lead = team.as_ref().and_then(|t| t.lead.as_ref().map(|l| l.id));
    let members: Vec<_> = team.as_ref().map(|t| t.members.iter().map(|m| m.id).collect()).unwrap_or_default();
    view! {
        <EnhancedForm action=SaveTeam::url()>
            {team.as_ref().map(|t| view! {
                <input type="hidden" name="id" value=t.id.to_string() />
                <input type="hidden" name="version" value=t.version.to_string() />
            })}
            <div class="field">
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required value=team.as_ref().map(|t| t.name.clone()).unwrap_or_default() />
            </div>
            <div class="field">
                <label for="description">"What the team looks after"</label>
                <FieldProblem field="description" />
                <textarea id="description" name="description" rows="3">{raw_text(team.as_ref().map(|t| t.description.clone()).unwrap_or_default())}</textarea>
            </div>
            <div class="field">
                <label for="lead_id">"Lead"</label>
                <FieldProblem field="lead_id" />
                <select id="lead_id" name="lead_id">
                    <option value="">"No lead"</option>
                    <Transition fallback=|| ()>
                        {move || people.get().and_then(Result::ok).map(|ps| ps.into_iter().map(|p| view! {
                            <option value=p.id.to_string() selected=Some(p.id) == lead>{p.name}</option>
                        }).collect_view())}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="member_ids">"Members"</label>
                <p class="hint">"Hold Ctrl (or ⌘) to choose several."</p>
                <FieldProblem field="member_ids" />
                <select id="member_ids" name="member_ids[]" multiple size="10">
                    <Transition fallback=|| ()>
                        {let members = members.clone();
                         move || people.get().and_then(Result::ok).map(|ps| ps.into_iter().map(|p| view! {
                            <option value=p.id.to_string() selected=members.contains(&p.id)>{p.name}</option>
                        }).collect_view())}
                    </Transition>
                </select>
            </div>
            <button type="submit" class="button">
                {if team.is_some() { "Save changes" } else { "Create team" }}
            </button>
        </EnhancedForm>
    }
}
