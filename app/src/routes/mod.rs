//! Every route of the app. Only the shell, sign-in, home and not-found are in the
//! first download; every other page's code is in a chunk fetched when it is first opened (and
//! kept by the service worker, so it opens offline too). Routes naming the same chunk share it.

#![allow(unsafe_code)] // wasm-split's generated loaders (a static and an extern import per chunk)

pub mod lazy;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{Lazy, path};

use shared::Role;

use crate::pages::role_home::RoleHomePage;
use crate::pages::sign_in::SignInPage;
use crate::pages::{self, home::HomePage, not_found::NotFoundPage};
use lazy::lazy_page;

lazy_page!(SignOutRoute, sign_out, <pages::sign_out::SignOutPage />);
lazy_page!(NotesRoute, notes, <pages::notes::NotesPage />);
lazy_page!(NewNoteRoute, notes, <pages::notes::NewNotePage />);
lazy_page!(NoteRoute, notes, <pages::notes::NotePage />);
lazy_page!(SyncProblemsRoute, sync_problems, <pages::sync_problems::SyncProblemsPage />);
lazy_page!(MyAssessmentsRoute, assessments, <pages::assessments::list::MyAssessmentsPage />);
lazy_page!(NewAssessmentRoute, assessments, <pages::assessments::list::NewAssessmentPage />);
lazy_page!(AssessmentRoute, assessments, <pages::assessments::overview::AssessmentPage />);
lazy_page!(DomainRoute, assessments, <pages::assessments::domain::DomainPage />);
lazy_page!(CheckRoute, assessments, <pages::assessments::check::CheckPage />);
lazy_page!(CpdRoute, assessments, <pages::assessments::cpd::CpdPage />);
lazy_page!(SharedWithMeRoute, shared_with_me, <pages::assessments::shared_with_me::SharedWithMePage />);
lazy_page!(CaseAuditsRoute, case_audits, <pages::case_audits::list::CaseAuditsPage />);
lazy_page!(NewCaseAuditRoute, case_audits, <pages::case_audits::new::NewCaseAuditPage />);
lazy_page!(CaseAuditRoute, case_audits, <pages::case_audits::CaseAuditPage />);
lazy_page!(GuidanceRoute, guidance, <pages::guidance::GuidancePage />);
lazy_page!(ResultsRoute, results, <pages::results::ResultsPage />);
lazy_page!(CompareRoute, results, <pages::results::compare::ComparePage />);
lazy_page!(TemplatesRoute, templates, <pages::templates::TemplatesPage />);
lazy_page!(UploadTemplateRoute, templates, <pages::templates::upload::UploadTemplatePage />);
lazy_page!(TemplateRoute, templates, <pages::templates::editor::TemplatePage />);
lazy_page!(PreviewRoute, templates, <pages::templates::preview::PreviewPage />);
lazy_page!(PracticeRoute, role_home, <RoleHomePage role=Role::Practitioner />);
lazy_page!(TeamRoute, role_home, <RoleHomePage role=Role::TeamManager />);
lazy_page!(DirectoryRoute, directory, <pages::directory::home::DirectoryHomePage />);
lazy_page!(ReviewRoute, directory, <pages::directory::review::ReviewPage />);
lazy_page!(ReportsRoute, directory, <pages::directory::reports::ReportsPage />);
lazy_page!(ServiceRoute, directory, <pages::directory::service::ServicePage />);
lazy_page!(ReportProblemRoute, directory, <pages::directory::report::ReportProblemPage />);
lazy_page!(ServiceFormRoute, directory_form, <pages::directory::form::ServiceFormPage />);
lazy_page!(OrganisationsRoute, directory_records, <pages::directory::organisations::OrganisationsPage />);
lazy_page!(PlacesRoute, directory_records, <pages::directory::places::PlacesPage />);
lazy_page!(ImportRoute, directory_import, <pages::directory::import::ImportPage />);
lazy_page!(WorkforceRoute, role_home, <RoleHomePage role=Role::WorkforceLead />);
lazy_page!(AdminRoute, role_home, <RoleHomePage role=Role::Admin />);
lazy_page!(UsersRoute, admin, <pages::admin::users::UsersPage />);
lazy_page!(NewUserRoute, admin, <pages::admin::user_new::NewUserPage />);
lazy_page!(EditUserRoute, admin, <pages::admin::user_edit::EditUserPage />);
lazy_page!(TeamsRoute, admin, <pages::admin::teams::TeamsPage />);
lazy_page!(EditTeamRoute, admin, <pages::admin::team_edit::EditTeamPage />);

/// The route table.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage />
            <Route path=path!("/sign-in") view=SignInPage />
            <Route path=path!("/sign-out") view={Lazy::<SignOutRoute>::new()} />
            <Route path=path!("/notes") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/notes/new") view={Lazy::<NewNoteRoute>::new()} />
            <Route path=path!("/notes/:id") view={Lazy::<NoteRoute>::new()} />
            <Route path=path!("/sync") view={Lazy::<SyncProblemsRoute>::new()} />
            <Route path=path!("/assessments") view={Lazy::<MyAssessmentsRoute>::new()} />
            <Route path=path!("/assessments/new") view={Lazy::<NewAssessmentRoute>::new()} />
            <Route path=path!("/assessments/:id") view={Lazy::<AssessmentRoute>::new()} />
            <Route path=path!("/assessments/:id/domains/:key") view={Lazy::<DomainRoute>::new()} />
            <Route path=path!("/assessments/:id/check") view={Lazy::<CheckRoute>::new()} />
            <Route path=path!("/assessments/:id/cpd") view={Lazy::<CpdRoute>::new()} />
            <Route path=path!("/team/shared") view={Lazy::<SharedWithMeRoute>::new()} />
            <Route path=path!("/case-audits") view={Lazy::<CaseAuditsRoute>::new()} />
            <Route path=path!("/case-audits/new") view={Lazy::<NewCaseAuditRoute>::new()} />
            <Route path=path!("/case-audits/:id") view={Lazy::<CaseAuditRoute>::new()} />
            <Route path=path!("/guidance/:topic") view={Lazy::<GuidanceRoute>::new()} />
            <Route path=path!("/results") view={Lazy::<ResultsRoute>::new()} />
            <Route path=path!("/results/compare") view={Lazy::<CompareRoute>::new()} />
            <Route path=path!("/templates") view={Lazy::<TemplatesRoute>::new()} />
            <Route path=path!("/templates/upload") view={Lazy::<UploadTemplateRoute>::new()} />
            <Route path=path!("/templates/:id") view={Lazy::<TemplateRoute>::new()} />
            <Route path=path!("/templates/:id/preview") view={Lazy::<PreviewRoute>::new()} />
            <Route path=path!("/practice") view={Lazy::<PracticeRoute>::new()} />
            <Route path=path!("/team") view={Lazy::<TeamRoute>::new()} />
            <Route path=path!("/directory") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/review") view={Lazy::<ReviewRoute>::new()} />
            <Route path=path!("/directory/reports") view={Lazy::<ReportsRoute>::new()} />
            <Route path=path!("/directory/services/new") view={Lazy::<ServiceFormRoute>::new()} />
            <Route path=path!("/directory/services/:id") view={Lazy::<ServiceRoute>::new()} />
            <Route path=path!("/directory/services/:id/edit") view={Lazy::<ServiceFormRoute>::new()} />
            <Route path=path!("/directory/services/:id/report") view={Lazy::<ReportProblemRoute>::new()} />
            <Route path=path!("/directory/organisations") view={Lazy::<OrganisationsRoute>::new()} />
            <Route path=path!("/directory/organisations/:id") view={Lazy::<OrganisationsRoute>::new()} />
            <Route path=path!("/directory/places") view={Lazy::<PlacesRoute>::new()} />
            <Route path=path!("/directory/places/:id") view={Lazy::<PlacesRoute>::new()} />
            <Route path=path!("/directory/import") view={Lazy::<ImportRoute>::new()} />
            <Route path=path!("/workforce") view={Lazy::<WorkforceRoute>::new()} />
            <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()} />
            <Route path=path!("/admin/users/new") view={Lazy::<NewUserRoute>::new()} />
            <Route path=path!("/admin/users/:id") view={Lazy::<EditUserRoute>::new()} />
            <Route path=path!("/admin/teams") view={Lazy::<TeamsRoute>::new()} />
            <Route path=path!("/admin/teams/:id") view={Lazy::<EditTeamRoute>::new()} />
        </Routes>
    }
}
