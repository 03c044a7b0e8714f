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
use lazy::lazy_pages;

// Signing out, sync problems and case-file audits are pages of the notes' chunk rather than route
// types of their own, each of which costs the first download its loading code.
lazy_pages!(NotesRoute, notes, {
    ["sign-out"] => { <pages::sign_out::SignOutPage /> },
    ["account"] => { <pages::account::AccountPage /> },
    ["sync"] => { <pages::sync_problems::SyncProblemsPage /> },
    ["notes"] => { <pages::notes::NotesPage /> },
    // Case-file audits, and risk enablement's pages (two chunks of their own fetched from here).
    ["case-audits"] => { <pages::case_audits::list::CaseAuditsPage /> },
    ["case-audits", "new"] => { <pages::case_audits::new::NewCaseAuditPage /> },
    ["case-audits", _] => { <pages::case_audits::CaseAuditPage /> },
    ["risk", ..] => { <pages::risk::RiskPages /> },
    ["notes", "new"] => { <pages::notes::NewNotePage /> },
    _ => { <pages::notes::NotePage /> },
});
// Guidance and the assessments shared with a manager are small: as pages of this chunk they
// cost the first download no route type of their own.
lazy_pages!(AssessmentsRoute, assessments, {
    ["guidance", ..] => { <pages::guidance::GuidancePage /> },
    ["team", "shared"] => { <pages::assessments::shared_with_me::SharedWithMePage /> },
    ["assessments"] => { <pages::assessments::list::MyAssessmentsPage /> },
    ["assessments", "new"] => { <pages::assessments::list::NewAssessmentPage /> },
    [_, _, "domains", _] => { <pages::assessments::domain::DomainPage /> },
    [_, _, "check"] => { <pages::assessments::check::CheckPage /> },
    [_, _, "cpd"] => { <pages::assessments::cpd::CpdPage /> },
    _ => { <pages::assessments::overview::AssessmentPage /> },
});
lazy_pages!(ResultsRoute, results, {
    ["results", "compare"] => { <pages::results::compare::ComparePage /> },
    _ => { <pages::results::ResultsPage /> },
});
// A practitioner's home and the search it leads to share a chunk: each chunk of its own costs
// the first download its loader.
lazy_pages!(RoleHomeRoute, role_home, {
    ["find"] => { <pages::find::FindPage /> },
    ["shortlists"] => { <pages::shortlists::ShortlistsPage /> },
    ["shortlists", _, "print"] => { <pages::shortlists::PrintPage /> },
    ["shortlists", _] => { <pages::shortlists::ShortlistPage /> },
    ["team"] => { <RoleHomePage role=Role::TeamManager /> },
    ["workforce"] => { <RoleHomePage role=Role::WorkforceLead /> },
    ["admin"] => { <RoleHomePage role=Role::Admin /> },
    _ => { <RoleHomePage role=Role::Practitioner /> },
});
lazy_pages!(DirectoryRoute, directory, {
    ["directory", "review"] => { <pages::directory::review::ReviewPage /> },
    ["directory", "reports"] => { <pages::directory::reports::ReportsPage /> },
    [_, "services", _, "report"] => { <pages::directory::report::ReportProblemPage /> },
    [_, "services", _] => { <pages::directory::service::ServicePage /> },
    _ => { <pages::directory::home::DirectoryHomePage /> },
});
lazy_pages!(ServiceFormRoute, directory_form, { _ => { <pages::directory::form::ServiceFormPage /> } });
lazy_pages!(DirectoryRecordsRoute, directory_records, {
    [_, "places", ..] => { <pages::directory::places::PlacesPage /> },
    _ => { <pages::directory::organisations::OrganisationsPage /> },
});
// A commissioner's occasional tools: importing a feed or postcodes, and the unmet-need report.
lazy_pages!(DirectoryToolsRoute, directory_tools, {
    ["directory", "unmet"] => { <pages::directory::unmet::UnmetPage /> },
    ["directory", "postcodes"] => { <pages::directory::postcodes::PostcodesPage /> },
    _ => { <pages::directory::import::ImportPage /> },
});
// Templates are a workforce lead's and an administrator's occasional tool, beside administration.
lazy_pages!(AdminRoute, admin, {
    ["templates"] => { <pages::templates::TemplatesPage /> },
    ["templates", "upload"] => { <pages::templates::upload::UploadTemplatePage /> },
    ["templates", _, "preview"] => { <pages::templates::preview::PreviewPage /> },
    ["templates", _] => { <pages::templates::editor::TemplatePage /> },
    ["admin", "users"] => { <pages::admin::users::UsersPage /> },
    ["admin", "users", "new"] => { <pages::admin::user_new::NewUserPage /> },
    ["admin", "users", _] => { <pages::admin::user_edit::EditUserPage /> },
    ["admin", "teams"] => { <pages::admin::teams::TeamsPage /> },
    ["admin", "audit"] => { <pages::admin::audit::AuditPage /> },
    _ => { <pages::admin::team_edit::EditTeamPage /> },
});

/// The route table.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage />
            <Route path=path!("/sign-in") view=SignInPage />
            <Route path=path!("/sign-out") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/account") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/notes") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/notes/new") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/notes/:id") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/sync") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/assessments") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/assessments/new") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/assessments/:id") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/assessments/:id/domains/:key") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/assessments/:id/check") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/assessments/:id/cpd") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/team/shared") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/case-audits") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/case-audits/new") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/case-audits/:id") view={Lazy::<NotesRoute>::new()} />
            // The risk pages choose their page from the path themselves; the wildcard matches
            // `/risk` too, so one entry serves them all.
            <Route path=path!("/risk/*rest") view={Lazy::<NotesRoute>::new()} />
            <Route path=path!("/guidance/:topic") view={Lazy::<AssessmentsRoute>::new()} />
            <Route path=path!("/results") view={Lazy::<ResultsRoute>::new()} />
            <Route path=path!("/results/compare") view={Lazy::<ResultsRoute>::new()} />
            <Route path=path!("/templates") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/templates/upload") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/templates/:id") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/templates/:id/preview") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/practice") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/team") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/find") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/shortlists") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/shortlists/:id") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/shortlists/:id/print") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/directory") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/review") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/reports") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/unmet") view={Lazy::<DirectoryToolsRoute>::new()} />
            <Route path=path!("/directory/services/new") view={Lazy::<ServiceFormRoute>::new()} />
            <Route path=path!("/directory/services/:id") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/services/:id/edit") view={Lazy::<ServiceFormRoute>::new()} />
            <Route path=path!("/directory/services/:id/report") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/directory/organisations") view={Lazy::<DirectoryRecordsRoute>::new()} />
            <Route path=path!("/directory/organisations/:id") view={Lazy::<DirectoryRecordsRoute>::new()} />
            <Route path=path!("/directory/places") view={Lazy::<DirectoryRecordsRoute>::new()} />
            <Route path=path!("/directory/places/:id") view={Lazy::<DirectoryRecordsRoute>::new()} />
            <Route path=path!("/directory/import") view={Lazy::<DirectoryToolsRoute>::new()} />
            <Route path=path!("/directory/postcodes") view={Lazy::<DirectoryToolsRoute>::new()} />
            <Route path=path!("/workforce") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/admin") view={Lazy::<RoleHomeRoute>::new()} />
            <Route path=path!("/admin/users") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/users/new") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/users/:id") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/teams") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/audit") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/admin/teams/:id") view={Lazy::<AdminRoute>::new()} />
        </Routes>
    }
}
