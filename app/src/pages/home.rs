use leptos::prelude::*;

use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::components::summary::{summary_list, summary_row};
use crate::state::{set_title, use_session};
use shared::areas::{account_facts, area};

/// Everyone's landing page: who they are, and a door into each of their roles' areas.
#[component]
pub fn HomePage() -> impl IntoView {
    view! { <Guard><Home /></Guard> }
}

#[component]
fn Home() -> impl IntoView {
    let session = use_session();
    view! {
            {move || {
                set_title("Home", false);
                let user = session.user()?;
                let areas = user.roles.iter().map(|r| area(*r)).collect::<Vec<_>>();
                Some(view! {
                    <FlashBanner />
                    <h1 class="govuk-heading-l">"Hello, " {user.display_name.clone()}</h1>
                    {summary_list(account_facts(&user)
                        .into_iter()
                        .map(|(label, value)| summary_row(label, value))
                        .collect_view())}
                    <h2 class="govuk-heading-m">"Your areas"</h2>
                    <ul class="govuk-list ts-areas">
                        {areas.into_iter().map(|a| view! {
                            <li class="ts-area">
                                <h3 class="govuk-heading-s"><a class="govuk-link" href=a.nav.0>{a.title}</a></h3>
                                <p class="govuk-body">{a.intro}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
    }
}
