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
                    {(role == Role::Practitioner).then(FindBox)}
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

/// A practitioner's way into the directory: words, then the find page's results.
#[allow(non_snake_case)]
fn FindBox() -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let words = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let words = words.get_untracked();
        let query = crate::pages::results::query_string(&[("search", words)]);
        navigate(&format!("/find?{query}"), Default::default());
    };
    view! {
        <form novalidate on:submit=submit role="search" aria-label="Community assets" class="govuk-!-margin-bottom-6">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--m" for="find">"Find what's local"</label>
                <div class="govuk-hint" id="find-hint">"Groups, services and activities near the person, even offline"</div>
                <input class="govuk-input govuk-!-width-two-thirds" id="find" name="search" type="search"
                    aria-describedby="find-hint" prop:value=words on:input=move |ev| words.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">"Search"</button>
        </form>
    }
}

/// `Guard` wants a `'static` slice of roles.
fn area_role(role: Role) -> &'static Role {
    Role::ALL
        .iter()
        .find(|r| **r == role)
        .expect("every role is in Role::ALL")
}
