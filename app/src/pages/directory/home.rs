//! `/directory`: a commissioner's view of the directory: what needs doing (services to check,
//! problems reported), then every service to find and open.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::directory::{Page, ServiceListItem};

use super::{KEEPERS, checked_on, page_param, pager, status_tag};
use crate::components::guard::Guard;
use crate::components::notices::{FlashBanner, LoadError};
use crate::components::summary::{Caption, Column, Head, table};
use crate::pages::results::query_string;
use crate::state::set_title;

#[component]
pub fn DirectoryHomePage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><DirectoryHome /></Guard> }
}

#[component]
fn DirectoryHome() -> impl IntoView {
    set_title("Community assets", false);
    let query = use_query_map();
    let navigate = use_navigate();
    let summary = LocalResource::new(crate::api::directory::summary);
    let words = RwSignal::new(query.read_untracked().get("search").unwrap_or_default());
    let inactive = RwSignal::new(query.read_untracked().get("inactive").is_some());
    let found = LocalResource::new(move || {
        let q = query.read();
        let pairs = [
            ("search", q.get("search").unwrap_or_default()),
            (
                "include_inactive",
                q.get("inactive").map(|_| "true".to_owned()).unwrap_or_default(),
            ),
            ("page", page_param(q.get("page")).to_string()),
        ];
        crate::api::directory::find(query_string(&pairs))
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("search", words.get_untracked()),
            (
                "inactive",
                if inactive.get_untracked() {
                    "1".into()
                } else {
                    String::new()
                },
            ),
        ];
        navigate(
            &format!("/directory?{}", query_string(&pairs)),
            Default::default(),
        );
    };

    view! {
        <FlashBanner />
        <span class="govuk-caption-l">"Commissioner"</span>
        <h1 class="govuk-heading-l">"Community assets"</h1>
        <p class="govuk-body-l">"Keep the directory true, so social workers can connect people to what is local."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading what needs doing…"</p> }>
            {move || summary.get().map(|result| match result {
                Ok(s) => view! {
                    <ul class="govuk-list ts-area-links">
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/review">
                            {match s.unchecked { 1 => "1 service needs checking".to_owned(), n => format!("{n} services need checking") }}
                        </a>{format!(" (not checked in {} months)", s.review_months)}</li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/reports">
                            {match s.open_reports { 1 => "1 problem reported".to_owned(), n => format!("{n} problems reported") }}
                        </a></li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/unmet">"Where searches find nothing"</a>
                            " (unmet need)"</li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/services/new">"Add a service"</a></li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/organisations">"Organisations"</a>
                            " and " <a class="govuk-link govuk-link--no-visited-state" href="/directory/places">"places"</a></li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/import">"Import a feed"</a>
                            ", or download the whole directory as "
                            <a class="govuk-link" href="/api/directory/export.json" download>"Open Referral JSON"</a>
                            " or an "
                            <a class="govuk-link" href="/api/directory/export.zip" download>"HSDS CSV package"</a></li>
                        <li><a class="govuk-link govuk-link--no-visited-state" href="/directory/postcodes">"Postcodes"</a>
                            " to search near"</li>
                    </ul>
                }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
        <form novalidate on:submit=search class="govuk-!-margin-top-6" role="search">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--m" for="search">"Find a service"</label>
                <div class="govuk-hint" id="search-hint">"By its name, category or description"</div>
                <input class="govuk-input govuk-!-width-two-thirds" id="search" name="search" type="search"
                    aria-describedby="search-hint" prop:value=words on:input=move |ev| words.set(event_target_value(&ev)) />
            </div>
            <div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
                <div class="govuk-checkboxes__item">
                    <input class="govuk-checkboxes__input" id="inactive" type="checkbox" prop:checked=inactive
                        on:change=move |ev| inactive.set(event_target_checked(&ev)) />
                    <label class="govuk-label govuk-checkboxes__label" for="inactive">"Include services that are not running"</label>
                </div>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p class="govuk-body">"Finding services…"</p> }>
            {move || found.get().map(|result| match result {
                Ok(page) => view! { <ServiceTable page base=current_base(&query.read()) /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

/// This search's address without its page, for the pager's links.
fn current_base(q: &leptos_router::params::ParamsMap) -> String {
    let pairs = [
        ("search", q.get("search").unwrap_or_default()),
        ("inactive", q.get("inactive").unwrap_or_default()),
    ];
    format!("/directory?{}", query_string(&pairs))
}

/// Services as a table: name (a link), organisation, status, last checked.
#[component]
pub fn ServiceTable(page: Page<ServiceListItem>, #[prop(into)] base: String) -> impl IntoView {
    let caption = match page.total_items {
        0 => "No services found".to_owned(),
        1 => "1 service".to_owned(),
        n => format!("{n} services"),
    };
    let nav = pager(&page, &|n| format!("{base}&page={n}"));
    view! {
        {table(
            Head::new(vec![Column::new("Service"), Column::new("Organisation"), Column::new("Status"), Column::new("Last checked")])
                .caption(caption, Caption::M)
                .class("ts-table--responsive"),
            page.contents.into_iter().map(|s| view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell" data-label="Service">
                        <a class="govuk-link" href=format!("/directory/services/{}", s.id)>{s.name.clone()}</a>
                    </td>
                    <td class="govuk-table__cell" data-label="Organisation">{s.organization_name.clone()}</td>
                    <td class="govuk-table__cell" data-label="Status">{status_tag(s.status)}</td>
                    <td class="govuk-table__cell" data-label="Last checked">{checked_on(s.assured_date)}</td>
                </tr>
            }).collect_view(),
        )}
        {nav}
    }
}
