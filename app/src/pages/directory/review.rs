//! `/directory/review`: the review queue. Services not checked within the review age (three
//! months unless configured), never-checked first, then the longest unchecked; each can be
//! marked "Checked today" from here once its details are confirmed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::directory::{Page, ServiceListItem};

use super::{KEEPERS, checked_on, page_param, pager};
use crate::components::guard::Guard;
use crate::components::notices::LoadError;
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::{set_title, use_session};

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><Review /></Guard> }
}

#[component]
fn Review() -> impl IntoView {
    set_title("Services to check", false);
    let query = use_query_map();
    let queue =
        LocalResource::new(move || crate::api::directory::review(page_param(query.read().get("page"))));
    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <crate::components::notices::FlashBanner />
        <h1 class="govuk-heading-l">"Services to check"</h1>
        <p class="govuk-body">
            "Open Referral UK asks that every entry is checked at least every three months. Ring or \
             visit, confirm the details (change any that are wrong), then mark it checked."
        </p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || queue.get().map(|result| match result {
                Ok(page) => view! { <Queue page on_checked=move || queue.refetch() /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Queue(page: Page<ServiceListItem>, on_checked: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    if page.total_items == 0 {
        return view! { <p class="govuk-body">"Every service has been checked recently."</p> }.into_any();
    }
    let caption = format!("{} to check, never checked and oldest first", page.total_items);
    let nav = pager(&page, &|n| format!("/directory/review?page={n}"));
    let check = move |item: ServiceListItem| {
        leptos::task::spawn_local(async move {
            match crate::api::directory::mark_checked(item.id).await {
                Ok(_) => {
                    session.notify(
                        "/directory/review",
                        format!("{} marked as checked today", item.name),
                    );
                    on_checked();
                }
                Err(e) => session.notify("/directory/review", e.message()),
            }
        });
    };
    view! {
        {table(
            Head::new(vec![Column::new("Service"), Column::new("Organisation"), Column::new("Last checked"), Column::hidden("Actions")])
                .caption(caption, Caption::M)
                .class("ts-table--responsive"),
            page.contents.into_iter().map(|s| {
                let item = s.clone();
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell" data-label="Service">
                            <a class="govuk-link" href=format!("/directory/services/{}", s.id)>{s.name.clone()}</a>
                        </td>
                        <td class="govuk-table__cell" data-label="Organisation">{s.organization_name.clone()}</td>
                        <td class="govuk-table__cell" data-label="Last checked">{checked_on(s.assured_date)}</td>
                        <td class="govuk-table__cell">
                            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                on:click=move |_| check(item.clone())>
                                "Checked today" <span class="govuk-visually-hidden">{format!(": {}", s.name)}</span>
                            </button>
                        </td>
                    </tr>
                }
            }).collect_view(),
        )}
        {nav}
    }
    .into_any()
}
