//! The page frame: skip link, service header with role-based navigation, main, footer.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::areas::nav_links;

use crate::state::{Auth, use_session};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = use_session();
    // While the server is asked who this is, a page that depends on the answer is laid out but
    // not shown: it would only be pushed down (by the sync bar, the page itself) when the answer
    // came, a jump for anyone reading. Sign-in does not depend on it, so it shows at once.
    let pending = move || session.auth.get() == Auth::Checking && !crate::state::on_sign_in_page();
    view! {
        <a href="#main-content" class="govuk-skip-link" on:click=|ev| {
            ev.prevent_default();
            crate::components::notices::focus_by_id("main-content");
        }>"Skip to main content"</a>
        <Header />
        <crate::sync::status::SyncStatus />
        <div class="govuk-width-container" class:ts-pending=pending>
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
                {children()}
            </main>
        </div>
        <footer class="govuk-footer" class:ts-pending=pending>
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <p class="govuk-body-s">
                            "Touchstone: practice confidence, positive risk-taking and community assets for adult social care."
                        </p>
                    </div>
                </div>
            </div>
        </footer>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let pathname = use_location().pathname;
    let navigate = use_navigate();
    let sync = crate::sync::use_sync();
    // With nothing waiting, sign out at once; otherwise warn on the sign-out page first. While the
    // device's copy is still opening nobody knows yet: the sign-out page finds out, then goes on.
    let sign_out = move |_| match sync.state.with_untracked(|s| s.as_ref().map(|s| s.waiting())) {
        Some(0) => crate::pages::sign_out::sign_out_now(session, sync, navigate.clone()),
        Some(_) => navigate("/sign-out", Default::default()),
        None => navigate("/sign-out?now", Default::default()),
    };
    let links = move || {
        let Auth::SignedIn(user) = session.auth.get() else {
            return Vec::new();
        };
        let current = pathname.get();
        nav_links(&user)
            .into_iter()
            .map(|(href, label)| {
                let active = if href == "/" { current == "/" } else { current.starts_with(href) };
                view! {
                    <li class=if active {
                        "govuk-service-navigation__item govuk-service-navigation__item--active"
                    } else {
                        "govuk-service-navigation__item"
                    }>
                        <a class="govuk-service-navigation__link" href=href aria-current=active.then_some("page")>
                            {if active {
                                view! { <strong class="govuk-service-navigation__active-fallback">{label}</strong> }
                                    .into_any()
                            } else {
                                label.into_any()
                            }}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    // On a phone the navigation and the account panel fold behind "Menu" (GOV.UK's service
    // navigation); `style/main.css` shows both, and hides the button, from tablet width up.
    let menu_open = RwSignal::new(false);
    Effect::new(move || {
        pathname.track();
        menu_open.set(false);
    });
    let who = move || {
        session.user().map(|user| {
            view! {
                <div class="ts-account" id="account">
                    <a class="govuk-link govuk-body-s ts-account__name" href="/account">"Signed in as " {user.display_name}</a>
                    <button type="button" class="govuk-button govuk-button--secondary ts-account__sign-out"
                        on:click=sign_out.clone()>
                        "Sign out"
                    </button>
                </div>
            }
        })
    };
    view! {
        <header class="ts-header" class:ts-header--menu-open=move || menu_open.get()>
            <section aria-label="Service information" class="govuk-service-navigation">
                <div class="govuk-width-container">
                    <div class="govuk-service-navigation__container">
                        <span class="govuk-service-navigation__service-name">
                            <a href="/" class="govuk-service-navigation__link">"Touchstone"</a>
                        </span>
                        <Show when=move || session.user().is_some()>
                            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                                <button type="button" class="govuk-service-navigation__toggle ts-menu-toggle"
                                    aria-controls="navigation account"
                                    aria-expanded=move || menu_open.get().to_string()
                                    on:click=move |_| menu_open.update(|open| *open = !*open)>
                                    "Menu"
                                </button>
                                <ul class="govuk-service-navigation__list" id="navigation">{links}</ul>
                            </nav>
                        </Show>
                        {who}
                    </div>
                </div>
            </section>
        </header>
    }
}
