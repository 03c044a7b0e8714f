//! A home page for each role: what that role can do in Touchstone, in plain words.

use leptos::prelude::*;
use shared::Role;
use shared::areas::area;

use crate::components::guard::Guard;
use crate::state::set_title;

#[component]
pub fn RoleHomePage(role: Role) -> impl IntoView {
    let area = area(role);
    view! {
        <Guard roles=std::slice::from_ref(area_role(role))>
            {
                set_title(area.title, false);
                view! {
                    <span class="govuk-caption-l">{role.label()}</span>
                    <h1 class="govuk-heading-l">{area.title}</h1>
                    <p class="govuk-body-l">{area.intro}</p>
                    <ul class="govuk-list govuk-list--bullet">
                        {area.points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}
                    </ul>
                    {(!area.links.is_empty()).then(|| view! {
                        <ul class="govuk-list ts-area-links">
                            {area.links.iter().map(|(href, text)| view! {
                                <li><a class="govuk-link govuk-link--no-visited-state" href=*href>{*text}</a></li>
                            }).collect_view()}
                        </ul>
                    })}
                }
            }
        </Guard>
    }
}

/// `Guard` wants a `'static` slice of roles.
fn area_role(role: Role) -> &'static Role {
    Role::ALL
        .iter()
        .find(|r| **r == role)
        .expect("every role is in Role::ALL")
}
