//! The web UI: the HTML shell, the app's routes, pages and components, and the server
//! functions pages call. Built twice: with `ssr` into the server, with `hydrate` into the
//! browser's wasm. Server functions call `service`, exactly as the JSON API does.

// Feature rooms, each with its pages and server functions (the same names as in api/,
// service/ and db/), then what every room shares.
pub mod forbidden;
pub mod home;
pub mod identity;
pub mod interviews;
pub mod not_found;
pub mod ownership;
pub mod rubric;
pub mod status;

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
use interviews::candidates::CandidatesPage;
use interviews::debrief::DebriefPage;
use interviews::exercises::ExercisesPage;
use interviews::hub::InterviewsPage;
use interviews::loop_page::LoopPage;
use interviews::new_loop::NewLoopPage;
use interviews::plans::{PlanPage, PlansPage};
use interviews::scorecard::ScorecardPage;
use interviews::stats::InterviewStatsPage;
use not_found::NotFound;
use ownership::component::ComponentPage;
use ownership::components::ComponentsPage;
use ownership::import::OwnershipImportPage;
use ownership::matrix::OwnershipPage;
use ownership::reports::{DependencyGraphPage, KeyPersonRiskPage, OwnershipGapsPage};
use ownership::row::OwnershipRowPage;
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
use status::StatusPage;

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

/// Present in the context while a page renders on the server: server functions called by
/// the page's resources then leave the page's HTTP status to the page (error.rs).
#[derive(Clone, Copy)]
pub struct RenderingPage;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(RenderingPage);
    view! {
        <Stylesheet id="hatrack-css" href="/pkg/hatrack.css" />
        // leptos_meta writes the title into the head unescaped: a person named
        // `</title><script>…` would otherwise run script on their page (raw_text.rs).
        <Title formatter=|page: String| {
            components::raw_text::raw_text(if page.is_empty() { "Hatrack".to_string() } else { format!("{page} · Hatrack") })
        } />
        <Router>
            <Layout>
                // Every route renders whole before the first byte goes out (`SsrMode::Async`):
                // the content, the <title> and the status (403, 404) are in the first HTML,
                // with no "Loading…" waiting for a script (issue 22). Streaming out of order
                // would send the fallbacks first and fill them in with inline scripts.
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("setup") view=SetupPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("accept-invite") view=AcceptInvitePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("org-chart") view=OrgChartPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("teams") view=TeamsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("teams"), StaticSegment("new")) view=NewTeamPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("teams"), ParamSegment("id")) view=TeamPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("teams"), ParamSegment("id"), StaticSegment("edit")) view=TeamEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AuditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("status")) view=StatusPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("frameworks") view=FrameworksPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), StaticSegment("new")) view=NewFrameworkPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), StaticSegment("import")) view=FrameworkImportPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id")) view=FrameworkPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("diff")) view=FrameworkDiffPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("draft")) view=FrameworkDraftPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("frameworks"), ParamSegment("id"), StaticSegment("draft"), ParamSegment("slug")) view=CompetencyEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("me"), StaticSegment("sessions")) view=SessionsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("assessments") view=AssessmentsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("assessments"), ParamSegment("id")) view=AssessmentPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("role-profiles") view=RoleProfilesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("role-profiles"), ParamSegment("id")) view=RoleProfilePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("cycles") view=CyclesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("cycles"), ParamSegment("id")) view=CycleReportPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("competencies")) view=CompetenciesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("teams"), ParamSegment("id"), StaticSegment("skills")) view=SkillsMatrixPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("components") view=ComponentsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("components"), ParamSegment("id")) view=ComponentPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("ownership") view=OwnershipPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("ownership"), StaticSegment("gaps")) view=OwnershipGapsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("ownership"), StaticSegment("row")) view=OwnershipRowPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("ownership"), StaticSegment("risk")) view=KeyPersonRiskPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("ownership"), StaticSegment("graph")) view=DependencyGraphPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("ownership"), StaticSegment("import")) view=OwnershipImportPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("interviews") view=InterviewsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("plans")) view=PlansPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("plans"), ParamSegment("id")) view=PlanPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("exercises")) view=ExercisesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("candidates")) view=CandidatesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("candidates"), ParamSegment("id")) view=interviews::candidate::CandidateDetailPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("stats")) view=InterviewStatsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("loops"), StaticSegment("new")) view=NewLoopPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("loops"), ParamSegment("id")) view=LoopPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("loops"), ParamSegment("id"), StaticSegment("debrief")) view=DebriefPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("interviews"), StaticSegment("loops"), ParamSegment("id"), StaticSegment("stages"), ParamSegment("stage")) view=ScorecardPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), StaticSegment("import")) view=PeopleImportPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id")) view=PersonPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("edit")) view=PersonEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("work-sample"), ParamSegment("token")) view=interviews::work_sample::WorkSamplePage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
