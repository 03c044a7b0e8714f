//! Touchstone's browser app: Leptos, client-side rendered, compiled to WASM.
//!
//! `App` provides the session context and declares every route; `pages/` holds one component per
//! route, `components/` the GOV.UK building blocks, and `api/` is the only module doing HTTP.

pub mod api;
pub mod components;
pub mod pages;
pub mod state;
pub mod store;
pub mod sync;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use shared::Role;

use crate::components::layout::Layout;
use crate::pages::admin::{team_edit::EditTeamPage, teams::TeamsPage, user_edit::EditUserPage};
use crate::pages::admin::{user_new::NewUserPage, users::UsersPage};
use crate::pages::notes::{NewNotePage, NotePage, NotesPage};
use crate::pages::templates as template_pages;
use crate::pages::{assessments, case_audits, guidance};
use crate::pages::{home::HomePage, not_found::NotFoundPage, role_home::RoleHomePage, sign_in::SignInPage};
use crate::pages::{sign_out::SignOutPage, sync_problems::SyncProblemsPage};

#[component]
pub fn App() -> impl IntoView {
    let session = state::provide_session();
    let sync = sync::provide_sync(session);
    state::check_session(session);
    // Each signed-in person syncs their own local data; another person's is never opened.
    Effect::new(move || match session.auth.get() {
        state::Auth::SignedIn(user) => {
            sync.start(user.id);
            // Keep the published questionnaires on this device for offline use.
            leptos::task::spawn_local(store::templates::refresh());
            if user.has_role(Role::TeamManager) {
                leptos::task::spawn_local(async {
                    store::team::refresh().await;
                });
            }
        }
        state::Auth::SignedOut => sync.stop(),
        state::Auth::Checking | state::Auth::Unreachable(_) => {}
    });
    view! {
        <Router>
            <ClearFlashOnNavigation />
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-out") view=SignOutPage />
                    <Route path=path!("/notes") view=NotesPage />
                    <Route path=path!("/notes/new") view=NewNotePage />
                    <Route path=path!("/notes/:id") view=NotePage />
                    <Route path=path!("/sync") view=SyncProblemsPage />
                    <Route path=path!("/assessments") view=assessments::list::MyAssessmentsPage />
                    <Route path=path!("/assessments/new") view=assessments::list::NewAssessmentPage />
                    <Route path=path!("/assessments/:id") view=assessments::overview::AssessmentPage />
                    <Route path=path!("/assessments/:id/domains/:key") view=assessments::domain::DomainPage />
                    <Route path=path!("/assessments/:id/check") view=assessments::check::CheckPage />
                    <Route path=path!("/assessments/:id/cpd") view=assessments::cpd::CpdPage />
                    <Route path=path!("/team/shared") view=assessments::shared_with_me::SharedWithMePage />
                    <Route path=path!("/case-audits") view=case_audits::list::CaseAuditsPage />
                    <Route path=path!("/case-audits/new") view=case_audits::new::NewCaseAuditPage />
                    <Route path=path!("/case-audits/:id") view=case_audits::CaseAuditPage />
                    <Route path=path!("/guidance/:topic") view=guidance::GuidancePage />
                    <Route path=path!("/results") view=crate::pages::results::ResultsPage />
                    <Route path=path!("/results/compare") view=crate::pages::results::compare::ComparePage />
                    <Route path=path!("/templates") view=template_pages::TemplatesPage />
                    <Route path=path!("/templates/upload") view=template_pages::upload::UploadTemplatePage />
                    <Route path=path!("/templates/:id") view=template_pages::editor::TemplatePage />
                    <Route path=path!("/templates/:id/preview") view=template_pages::preview::PreviewPage />
                    <Route path=path!("/practice") view=|| view! { <RoleHomePage role=Role::Practitioner /> } />
                    <Route path=path!("/team") view=|| view! { <RoleHomePage role=Role::TeamManager /> } />
                    <Route path=path!("/directory") view=|| view! { <RoleHomePage role=Role::Commissioner /> } />
                    <Route path=path!("/workforce") view=|| view! { <RoleHomePage role=Role::WorkforceLead /> } />
                    <Route path=path!("/admin") view=|| view! { <RoleHomePage role=Role::Admin /> } />
                    <Route path=path!("/admin/users") view=UsersPage />
                    <Route path=path!("/admin/users/new") view=NewUserPage />
                    <Route path=path!("/admin/users/:id") view=EditUserPage />
                    <Route path=path!("/admin/teams") view=TeamsPage />
                    <Route path=path!("/admin/teams/:id") view=EditTeamPage />
                </Routes>
            </Layout>
        </Router>
    }
}

/// A success message belongs to one page: moving to any other page clears it.
#[component]
fn ClearFlashOnNavigation() -> impl IntoView {
    let session = state::use_session();
    let pathname = use_location().pathname;
    Effect::new(move || {
        let path = pathname.get();
        if session.flash.get_untracked().is_some_and(|f| f.path != path) {
            session.flash.set(None);
        }
    });
}

/// Entry point called by the wasm-bindgen start-up code.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(loading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loading"))
    {
        loading.remove();
    }
    register_service_worker();
    leptos::mount::mount_to_body(App);
}

/// The service worker keeps the app's files so it opens with no connection.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
