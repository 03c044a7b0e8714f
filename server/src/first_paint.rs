//! The first paint of sign-in and home, drawn by the server into `index.html`.
//!
//! On a phone's connection the app's WASM takes about a second and a half to arrive; until then
//! the browser could only show "Loading Touchstone…". For the two pages people open cold, the
//! server writes the page itself into the HTML, the same markup the app draws, so it shows as
//! soon as the HTML and CSS are in. When the app starts it draws the page again, and `boot.js`
//! (see `app/boot.js`) hands over what was typed and where the focus was, then removes this copy
//! (every element carries `data-first-paint`) before the browser paints again. Buttons here are
//! disabled: they do nothing until the app has taken over, and a disabled submit button also
//! stops a form being sent by pressing Enter. Links work as plain links.
//!
//! Home also carries the signed-in account as JSON (`#ts-account`), which `boot.js` keeps like a
//! sign-in, so the app starts as that person without asking the server first. A browser test
//! (`tests/e2e/first_paint.test.mjs`) checks that this markup and the app's are the same.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, PreEscaped, html};
use shared::api::auth::Account;
use shared::areas::{account_facts, area, nav_links};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::error::AppError;
use crate::session::CurrentUser;
use crate::state::AppState;

/// `GET /` and `GET /sign-in`, drawn when the server knows what they show. The session layer
/// must wrap this router. Unlike `dist/`'s files these pages cannot be compressed ahead of time,
/// so they are compressed as they are sent (brotli at its best: the page is a few KB and in the
/// first load, whose every byte counts).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home_page))
        .route("/sign-in", get(sign_in_page))
        .layer(CompressionLayer::new().quality(CompressionLevel::Best))
}

async fn home_page(State(state): State<AppState>, user: Result<CurrentUser, AppError>) -> Response {
    let Some(index) = read_index(&state).await else {
        return not_built();
    };
    let page = match user {
        Ok(CurrentUser(user)) => match crate::routes::auth::account(&state, user).await {
            Ok(account) => home(&index, &account),
            Err(error) => return error.into_response(),
        },
        // Nobody signed in: the app sends them to sign-in.
        Err(_) => None,
    };
    match page {
        // Personal: never kept by a cache.
        Some(page) => html_response(page, "no-store"),
        None => html_response(index, "no-cache"),
    }
}

async fn sign_in_page(State(state): State<AppState>, user: Result<CurrentUser, AppError>) -> Response {
    let Some(index) = read_index(&state).await else {
        return not_built();
    };
    // Someone signed in is sent home by the app; draw sign-in only for the rest.
    let page = if user.is_ok() { None } else { sign_in(&index) };
    html_response(page.unwrap_or(index), "no-cache")
}

async fn read_index(state: &AppState) -> Option<String> {
    let dir = state.settings.static_dir.as_deref()?;
    tokio::fs::read_to_string(dir.join("index.html")).await.ok()
}

fn not_built() -> Response {
    crate::static_files::not_built().into_response()
}

fn html_response(body: String, cache: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("cookie"));
    response
}

/// What `index.html` shows until the app starts; the first paint takes its place.
const LOADING_START: &str = "<p id=\"loading\"";

/// `index` with sign-in drawn in place of its loading message.
pub fn sign_in(index: &str) -> Option<String> {
    replace_loading(index, &layout(None, sign_in_main()))
}

/// `index` with `account`'s home drawn in place of its loading message.
pub fn home(index: &str, account: &Account) -> Option<String> {
    let page = html! {
        (layout(Some(account), home_main(account)))
        script type="application/json" id="ts-account" data-first-paint {
            (PreEscaped(account_json(account)))
        }
    };
    replace_loading(index, &page)
}

/// The loading paragraph of `index` replaced by `page`; `None` when `index` has none.
///
/// The WASM's preload goes too. A drawn page needs only the HTML and CSS to show, and on a
/// phone's connection the module (186 KB) downloading beside the stylesheet takes its bandwidth:
/// `boot.js` fetches it once the page has been painted instead.
fn replace_loading(index: &str, page: &Markup) -> Option<String> {
    let start = index.find(LOADING_START)?;
    let end = start + index[start..].find("</p>")? + "</p>".len();
    let drawn = format!("{}{}{}", &index[..start], page.0, &index[end..]);
    Some(without_wasm_preload(&drawn))
}

/// `html` less its `<link rel="preload" … type="application/wasm" …>` line, if any.
fn without_wasm_preload(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for line in html.split_inclusive('\n') {
        let tag = line.trim_start();
        if !(tag.starts_with("<link rel=\"preload\"") && tag.contains("application/wasm")) {
            out.push_str(line);
        }
    }
    out
}

/// JSON safe inside a `<script>` element: no `<` can end it early.
fn account_json(account: &Account) -> String {
    serde_json::to_string(account)
        .expect("an account always serialises")
        .replace('<', "\\u003c")
}

/// The app's `Layout`: skip link, header, sync bar (signed in), main and footer.
fn layout(account: Option<&Account>, main: Markup) -> Markup {
    html! {
        a class="govuk-skip-link" href="#main-content" data-first-paint { "Skip to main content" }
        header class="ts-header" data-first-paint {
            section class="govuk-service-navigation" aria-label="Service information" {
                div class="govuk-width-container" {
                    div class="govuk-service-navigation__container" {
                        span class="govuk-service-navigation__service-name" {
                            a href="/" class="govuk-service-navigation__link" { "Touchstone" }
                        }
                        @if let Some(account) = account {
                            (navigation(account))
                            div class="ts-account" id="account" {
                                a class="govuk-link govuk-body-s ts-account__name" href="/account" { "Signed in as " (account.display_name) }
                                button class="govuk-button govuk-button--secondary ts-account__sign-out" type="button" disabled { "Sign out" }
                            }
                        }
                    }
                }
            }
        }
        @if account.is_some() {
            // The sync bar as the app first draws it, before the device's copy is open.
            div class="ts-sync" role="status" aria-live="polite" aria-atomic="true" data-first-paint {
                div class="govuk-width-container ts-sync__inner" {
                    strong class="govuk-tag govuk-tag--grey" { "Opening" }
                    span class="govuk-body-s ts-sync__text" { "Opening what this device keeps…" }
                    button class="govuk-button govuk-button--secondary ts-sync__retry" type="button" disabled { "Sync now" }
                }
            }
        }
        div class="govuk-width-container" data-first-paint {
            main class="govuk-main-wrapper" id="main-content" tabindex="-1" { (main) }
        }
        footer class="govuk-footer" data-first-paint {
            div class="govuk-width-container" {
                div class="govuk-footer__meta" {
                    div class="govuk-footer__meta-item govuk-footer__meta-item--grow" {
                        p class="govuk-body-s" {
                            "Touchstone: practice confidence, positive risk-taking and community assets for adult social care."
                        }
                    }
                }
            }
        }
    }
}

/// The header's navigation on home: Home is the current page.
fn navigation(account: &Account) -> Markup {
    html! {
        nav class="govuk-service-navigation__wrapper" aria-label="Menu" {
            button class="govuk-service-navigation__toggle ts-menu-toggle" type="button"
                aria-controls="navigation account" aria-expanded="false" disabled { "Menu" }
            ul class="govuk-service-navigation__list" id="navigation" {
                @for (href, label) in nav_links(account) {
                    @if href == "/" {
                        li class="govuk-service-navigation__item govuk-service-navigation__item--active" {
                            a class="govuk-service-navigation__link" href=(href) aria-current="page" {
                                strong class="govuk-service-navigation__active-fallback" { (label) }
                            }
                        }
                    } @else {
                        li class="govuk-service-navigation__item" {
                            a class="govuk-service-navigation__link" href=(href) { (label) }
                        }
                    }
                }
            }
        }
    }
}

/// The app's `SignInPage`, with nothing typed yet.
fn sign_in_main() -> Markup {
    html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { "Sign in to Touchstone" }
                form novalidate {
                    (text_field("email", "Email address", "email", "username"))
                    (text_field("password", "Password", "password", "current-password"))
                    button class="govuk-button" type="submit" disabled { "Sign in" }
                }
                p class="govuk-body" { "Forgotten your password? Ask your administrator to set a new one." }
            }
        }
    }
}

/// The app's `TextField` with no errors.
fn text_field(id: &str, label: &str, input_type: &str, autocomplete: &str) -> Markup {
    html! {
        div class="govuk-form-group" {
            label class="govuk-label" for=(id) { (label) }
            input class="govuk-input" id=(id) name=(id) type=(input_type) autocomplete=(autocomplete) spellcheck="false";
        }
    }
}

/// The app's `Home`.
fn home_main(account: &Account) -> Markup {
    html! {
        h1 class="govuk-heading-l" { "Hello, " (account.display_name) }
        dl class="govuk-summary-list" {
            @for (key, value) in account_facts(account) {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { (key) }
                    dd class="govuk-summary-list__value" { (value) }
                }
            }
        }
        h2 class="govuk-heading-m" { "Your areas" }
        ul class="govuk-list ts-areas" {
            @for role in &account.roles {
                @let area = area(*role);
                li class="ts-area" {
                    h3 class="govuk-heading-s" { a class="govuk-link" href=(area.nav.0) { (area.title) } }
                    p class="govuk-body" { (area.intro) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::api::auth::{Account, AccountTeam};
    use shared::{PcfLevel, Role, TeamId, UserId};

    const INDEX: &str = "<body>\n  <p id=\"loading\" class=\"govuk-body ts-loading\">Loading Touchstone…</p>\n  <noscript>x</noscript>\n</body>";

    fn account(name: &str) -> Account {
        Account {
            id: UserId::new(),
            email: "sam@example.org".into(),
            display_name: name.into(),
            roles: vec![Role::Practitioner, Role::WorkforceLead],
            team: Some(AccountTeam {
                id: TeamId::new(),
                name: "Keighley".into(),
                service_area: "Access".into(),
            }),
            pcf_level: Some(PcfLevel::SocialWorker),
            must_change_password: false,
        }
    }

    #[test]
    fn sign_in_takes_the_loading_messages_place() {
        let page = super::sign_in(INDEX).unwrap();
        assert!(!page.contains("Loading Touchstone"));
        assert!(page.contains("<h1 class=\"govuk-heading-l\">Sign in to Touchstone</h1>"));
        assert!(
            page.contains("<noscript>x</noscript>"),
            "the rest of index.html is kept"
        );
        assert!(
            page.contains("type=\"submit\" disabled"),
            "no form is sent before the app takes over"
        );
        assert!(!page.contains("ts-account"), "nobody is signed in");
    }

    #[test]
    fn a_drawn_page_does_not_preload_the_wasm() {
        let index = format!(
            "<head>\n  <link rel=\"preload\" href=\"/a.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n  <link rel=\"stylesheet\" href=\"/a.css\">\n</head>\n{INDEX}"
        );
        let page = super::sign_in(&index).unwrap();
        assert!(!page.contains("a.wasm"), "{page}");
        assert!(
            page.contains("<link rel=\"stylesheet\" href=\"/a.css\">\n</head>"),
            "the rest is kept"
        );
    }

    #[test]
    fn home_names_the_person_their_areas_and_carries_their_account() {
        let page = super::home(INDEX, &account("Sam Jones")).unwrap();
        assert!(page.contains("Hello, Sam Jones"));
        assert!(page.contains("Keighley (Access)"));
        assert!(page.contains("href=\"/practice\""));
        assert!(page.contains("href=\"/workforce\""));
        assert!(!page.contains("href=\"/admin\""), "only the person's own areas");
        let marker = "id=\"ts-account\" data-first-paint>";
        let start = page.find(marker).unwrap() + marker.len();
        let json = &page[start..start + page[start..].find("</script>").unwrap()];
        let carried: Account = serde_json::from_str(json).unwrap();
        assert_eq!(carried.display_name, "Sam Jones");
    }

    #[test]
    fn a_name_is_text_never_markup() {
        let page = super::home(INDEX, &account("<script>alert(1)</script> & co")).unwrap();
        assert!(page.contains("Hello, &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(
            !page.contains("<script>alert"),
            "neither in the page nor in the account's JSON"
        );
        assert!(page.contains("\\u003c/script>"));
    }

    #[test]
    fn an_index_without_a_loading_message_is_left_alone() {
        assert!(super::sign_in("<body></body>").is_none());
    }

    /// `cargo xtask dist` counts the drawn sign-in in the first load's budget by an allowance
    /// (`xtask/src/budget.rs`, `DRAWN_SIGN_IN`): the drawing must stay within it.
    #[test]
    fn drawn_sign_in_stays_within_its_allowance_in_the_first_load() {
        const DRAWN_SIGN_IN: usize = 500;
        let template = include_str!("../../app/index.html");
        let drawn = super::sign_in(template).expect("index.html has the loading message");
        let brotli = |text: &str| {
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut text.as_bytes(), &mut out, &Default::default()).unwrap();
            out.len()
        };
        let added = brotli(&drawn) - brotli(template);
        assert!(
            added <= DRAWN_SIGN_IN,
            "drawing sign-in adds {added} bytes of brotli to index.html, over its allowance of \
             {DRAWN_SIGN_IN}: make the drawing smaller, or raise DRAWN_SIGN_IN here and in xtask/src/budget.rs"
        );
    }
}
