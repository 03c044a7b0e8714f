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
                    {matches!(role, Role::Practitioner | Role::TeamManager).then(|| view! { <Reminders role /> })}
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

/// Risk enablement plans whose review is near, due or overdue, worked out on the device (so they
/// show offline): a practitioner's own, and for a manager their team's that are due.
#[component]
fn Reminders(role: Role) -> impl IntoView {
    use shared::api::risk_enablement::RiskEnablement;
    let sync = crate::sync::use_sync();
    let today = chrono::Local::now().date_naive();
    let due = move || {
        crate::store::records::all::<RiskEnablement>(sync)
            .into_iter()
            .filter(|l| l.mine == (role == Role::Practitioner))
            .filter_map(|l| {
                let reminder = shared::risk::review::form_reminder(&l.record, today)?;
                (role == Role::Practitioner || reminder.is_due()).then_some((
                    l.id,
                    l.record.case_reference,
                    reminder.words(),
                ))
            })
            .collect::<Vec<_>>()
    };
    move || {
        let due = due();
        (!due.is_empty()).then(|| view! {
            <div class="govuk-notification-banner" role="region" aria-labelledby="reviews-title">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="reviews-title">"Risk enablement reviews"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <ul class="govuk-list">
                        {due.into_iter().map(|(id, reference, words)| view! {
                            <li><a class="govuk-notification-banner__link" href=format!("/risk/{id}")>{reference}</a>": "{words}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        })
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
