//! The web UI: the HTML shell, the app's routes, pages and components, and the server
//! functions pages call. Built twice: with `ssr` into the server, with `hydrate` into the
//! browser's wasm. Server functions call `service`, exactly as the JSON API does.

// Feature rooms, each with its pages and server functions (the same names as in api/,
// service/ and db/), then what every room shares.
pub mod home;
pub mod identity;
pub mod not_found;
pub mod ownership;
pub mod rubric;

pub mod components;
#[cfg(feature = "ssr")]
pub mod csp;
pub mod error;
#[cfg(feature = "ssr")]
pub mod session;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use components::layout::Layout;
use home::HomePage;
use identity::accept_invite::AcceptInvitePage;
use identity::audit::AuditPage;
use identity::org_chart::OrgChartPage;
use identity::people::PeoplePage;
use identity::people_import::PeopleImportPage;
use identity::person::PersonPage;
use identity::person_edit::PersonEditPage;
use identity::sessions::SessionsPage;
use identity::setup::SetupPage;
use identity::sign_in::SignInPage;
use identity::team_edit::{NewTeamPage, TeamEditPage};
use identity::teams::{TeamPage, TeamsPage};
use not_found::NotFound;
use ownership::component::ComponentPage;
use ownership::components::ComponentsPage;
use ownership::import::OwnershipImportPage;
use ownership::matrix::OwnershipPage;
use ownership::reports::{DependencyGraphPage, KeyPersonRiskPage, OwnershipGapsPage};
use rubric::assessment::AssessmentPage;
use rubric::assessments::AssessmentsPage;
use rubric::competencies::CompetenciesPage;
use rubric::competency_edit::CompetencyEditPage;
use rubric::cycles::{CycleReportPage, CyclesPage};
use rubric::framework::FrameworkPage;
use rubric::framework_diff::FrameworkDiffPage;
use rubric::framework_draft::FrameworkDraftPage;
use rubric::framework_import::FrameworkImportPage;
use rubric::frameworks::{FrameworksPage, NewFrameworkPage};
use rubric::role_profiles::{RoleProfilePage, RoleProfilesPage};
use rubric::skills_matrix::SkillsMatrixPage;

/// Server functions live under their own prefix, apart from the JSON API's `/api`.
pub const SERVER_FN_PREFIX: &str = "/sfn";

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::send();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="hatrack-css" href="/pkg/hatrack.css" />
        // leptos_meta writes the title into the head unescaped: a person named
        // `</title><script>…` would otherwise run script on their page (raw_text.rs).
        <Title formatter=|page: String| {
            components::raw_text::raw_text(if page.is_empty() { "Hatrack".to_string() } else { format!("{page} · Hatrack") })
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage />
                    <Route path=StaticSegment("sign-in") view=SignInPage />
                    <Route path=StaticSegment("setup") view=SetupPage />
                    <Route path=StaticSegment("accept-invite") view=AcceptInvitePage />
                    <Route path=StaticSegment("org-chart") view=OrgChartPage />
                    <Route path=StaticSegment("teams") view=TeamsPage />
                    <Route path=(StaticSegment("teams"), StaticSegment("new")) view=NewTeamPage />
                    <Route path=(StaticSegment("teams"), ParamSegment("id")) view=TeamPage />
                    <Route path=(StaticSegment("teams"), ParamSegment("id"), StaticSegment("edit")) view=TeamEditPage />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AuditPage />
                    <Route path=StaticSegment("frameworks") view=FrameworksPage />
                    <Route path=(StaticSegment("frameworks"), StaticSegment("new")) view=NewFrameworkPage />
                    <Route path=(StaticSegment("frameworks"), StaticSegment("import")) view=FrameworkImportPage />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id")) view=FrameworkPage />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("diff")) view=FrameworkDiffPage />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("draft")) view=FrameworkDraftPage />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("draft"), ParamSegment("slug")) view=CompetencyEditPage />
                    <Route path=(StaticSegment("me"), StaticSegment("sessions")) view=SessionsPage />
                    <Route path=StaticSegment("assessments") view=AssessmentsPage />
                    <Route path=(StaticSegment("assessments"), ParamSegment("id")) view=AssessmentPage />
                    <Route path=StaticSegment("role-profiles") view=RoleProfilesPage />
                    <Route path=(StaticSegment("role-profiles"), ParamSegment("id")) view=RoleProfilePage />
                    <Route path=StaticSegment("cycles") view=CyclesPage />
                    <Route path=(StaticSegment("cycles"), ParamSegment("id")) view=CycleReportPage />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("competencies")) view=CompetenciesPage />
                    <Route path=(StaticSegment("teams"), ParamSegment("id"), StaticSegment("skills")) view=SkillsMatrixPage />
                    <Route path=StaticSegment("components") view=ComponentsPage />
                    <Route path=(StaticSegment("components"), ParamSegment("id")) view=ComponentPage />
                    <Route path=StaticSegment("ownership") view=OwnershipPage />
                    <Route path=(StaticSegment("ownership"), StaticSegment("gaps")) view=OwnershipGapsPage />
                    <Route path=(StaticSegment("ownership"), StaticSegment("risk")) view=KeyPersonRiskPage />
                    <Route path=(StaticSegment("ownership"), StaticSegment("graph")) view=DependencyGraphPage />
                    <Route path=(StaticSegment("ownership"), StaticSegment("import")) view=OwnershipImportPage />
                    <Route path=StaticSegment("people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), StaticSegment("import")) view=PeopleImportPage />
                    <Route path=(StaticSegment("people"), ParamSegment("id")) view=PersonPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("edit")) view=PersonEditPage />
                </Routes>
            </Layout>
        </Router>
    }
}
