//! The community-assets directory: commissioners find and keep services true (checking them,
//! answering reported problems, changing their details and opening times); anyone signed in
//! reads a service and reports a problem with it.

pub mod form;
pub mod home;
pub mod import;
pub mod new_term;
pub mod organisations;
pub mod places;
pub mod postcodes;
pub mod report;
pub mod reports;
pub mod review;
pub mod service;
pub mod timetable;
pub mod unmet;
pub mod visit;

use chrono::NaiveDate;
use leptos::prelude::*;
use shared::Role;
use shared::api::directory::Page;
use shared::directory::ServiceStatus;

/// Who keeps the directory (the server checks the same).
pub const KEEPERS: &[Role] = &[Role::Commissioner, Role::Admin];

/// "3 December 2026", or "Never".
pub fn checked_on(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "Never".to_owned(), shared::dates::long_date)
}

/// A service's status as a GOV.UK tag.
pub fn status_tag(status: ServiceStatus) -> impl IntoView {
    let class = match status {
        ServiceStatus::Active => "govuk-tag govuk-tag--green",
        ServiceStatus::TemporarilyClosed => "govuk-tag govuk-tag--yellow",
        ServiceStatus::Inactive | ServiceStatus::Defunct => "govuk-tag govuk-tag--grey",
    };
    view! { <strong class=class>{status.label()}</strong> }
}

/// GOV.UK pagination: previous and next links, and where this page is. `href` makes a page's
/// address.
pub fn pager<T>(page: &Page<T>, href: &dyn Fn(u64) -> String) -> impl IntoView + use<T> {
    let number = page.page_number;
    let (first, last, total) = (page.first_page, page.last_page, page.total_pages);
    let (prev, next) = (href(number.saturating_sub(1)), href(number + 1));
    (total > 1).then(move || {
        view! {
            <nav class="govuk-pagination" aria-label="Pages">
                {(!first).then(|| view! {
                    <div class="govuk-pagination__prev">
                        <a class="govuk-link govuk-pagination__link" href=prev rel="prev">
                            <span class="govuk-pagination__link-title">"Previous"<span class="govuk-visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
                <p class="govuk-body govuk-!-margin-bottom-0">{format!("Page {number} of {total}")}</p>
                {(!last).then(|| view! {
                    <div class="govuk-pagination__next">
                        <a class="govuk-link govuk-pagination__link" href=next rel="next">
                            <span class="govuk-pagination__link-title">"Next"<span class="govuk-visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
            </nav>
        }
    })
}

/// A page number from the address (`?page=2`), 1 when absent or not a number.
pub fn page_param(raw: Option<String>) -> u32 {
    raw.and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1)
}
