//! Your account: change your password (first of all, when an administrator chose it), and see
//! where you are signed in and end any of those sessions.

mod password;
mod sessions;

use leptos::prelude::*;

use crate::components::guard::Guard;
use crate::state::{set_title, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <Guard><Account /></Guard> }
}

#[component]
fn Account() -> impl IntoView {
    let session = use_session();
    let forced = session.user_untracked().is_some_and(|u| u.must_change_password);
    set_title("Your account", false);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Your account"</h1>
                {forced.then(|| view! {
                    <div class="govuk-notification-banner" role="region" aria-labelledby="choose-title">
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="choose-title">"Important"</h2>
                        </div>
                        <div class="govuk-notification-banner__content">
                            <p class="govuk-notification-banner__heading">
                                "An administrator chose your password. Choose a new one that only you know before you go on."
                            </p>
                        </div>
                    </div>
                })}
                <password::ChangePasswordForm forced />
                {(!forced).then(|| view! { <sessions::YourSessions /> })}
            </div>
        </div>
    }
}
