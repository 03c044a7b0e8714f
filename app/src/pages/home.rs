use leptos::prelude::*;

use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::components::summary::{summary_list, summary_row};
use crate::pages::role_home::area;
use crate::state::{set_title, use_session};

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
                let team = user.team.as_ref().map_or_else(
                    || "Not in a team".to_owned(),
                    |t| format!("{} ({})", t.name, t.service_area),
                );
                let level = user.pcf_level.map(|l| l.label()).unwrap_or("Not set");
                let roles = user.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
                let areas = user.roles.iter().map(|r| area(*r)).collect::<Vec<_>>();
                Some(view! {
                    <FlashBanner />
                    <h1 class="govuk-heading-l">"Hello, " {user.display_name.clone()}</h1>
                    {summary_list(view! { {summary_row("Email", user.email.clone())}
                        {summary_row("Team", team)}
                        {summary_row("Career level (PCF)", level)}
                        {summary_row("Roles", roles)} })}
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
