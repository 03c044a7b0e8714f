//! `/directory/services/:id`: one service as a practitioner would read it, with "Report a
//! problem" for everyone; commissioners also see when it was last checked (and check it), its
//! reported problems and its history of changes.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::directory::{ProblemReport, ServiceChange, ServiceDetail};
use shared::directory::{Location, Service};
use uuid::Uuid;

use super::{KEEPERS, checked_on, status_tag};
use crate::components::guard::Guard;
use crate::components::notices::{FlashBanner, LoadError};
use crate::components::summary::{
    Caption, Column, Head, summary_list, summary_row, summary_row_typed, table,
};
use crate::state::{set_title, use_session};

fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let id = id_param();
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else {
                return Err(crate::api::ApiError::Network(
                    "That service could not be found".into(),
                ));
            };
            match crate::api::directory::service(id).await {
                Ok(detail) => Ok((detail, false)),
                // No connection: this device's copy of the directory, if it holds the service.
                Err(e) if e.is_transient() => {
                    let _ = crate::store::directory::load().await;
                    let today = chrono::Local::now().date_naive();
                    crate::store::directory::copy_untracked()
                        .and_then(|copy| copy.detail(id, today))
                        .map(|detail| (detail, true))
                        .ok_or(e)
                }
                Err(e) => Err(e),
            }
        }
    });
    view! {
        <Guard>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || detail.get().map(|result| match result {
                    Ok((d, from_device)) => view! {
                        {from_device.then(|| view! {
                            <div class="govuk-inset-text" data-testid="from-device">
                                "You are offline. This is the directory as this device last copied it"
                                {crate::store::directory::describe().map(|d| format!(" ({})", d.to_lowercase()))}
                                "."
                            </div>
                        })}
                        <ServiceView detail=d on_change=move || detail.refetch() />
                    }.into_any(),
                    Err(e) => view! { <LoadError message=e.message() heading="This service could not be shown" /> }.into_any(),
                })}
            </Suspense>
        </Guard>
    }
}

fn or_not_given(text: String) -> String {
    if text.is_empty() { "Not given".into() } else { text }
}

fn ages(s: &Service) -> String {
    match (s.minimum_age, s.maximum_age) {
        (None, None) => "All ages".into(),
        (Some(min), None) => format!("{min} and over"),
        (None, Some(max)) => format!("Up to {max}"),
        (Some(min), Some(max)) => format!("{min} to {max}"),
    }
}

fn place(l: &Location) -> String {
    let mut lines: Vec<String> = l.name.iter().cloned().collect();
    if l.confidential {
        lines.push("Address not published: get in touch to arrange a visit".into());
    }
    for a in &l.addresses {
        lines.extend(
            [
                Some(a.address_1.clone()),
                a.address_2.clone(),
                Some(a.city.clone()),
                Some(a.postal_code.clone()),
            ]
            .into_iter()
            .flatten(),
        );
    }
    if !l.accessibility.is_empty() {
        lines.push(
            l.accessibility
                .iter()
                .map(|a| a.description.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    lines.join("\n")
}

fn opening_times(d: &ServiceDetail) -> String {
    let mut lines: Vec<String> = d.service.schedules.iter().map(|s| s.describe()).collect();
    for p in &d.service.service_at_locations {
        let name = d
            .locations
            .iter()
            .find(|l| l.id == p.location_id)
            .and_then(|l| l.name.clone())
            .unwrap_or_default();
        lines.extend(p.schedules.iter().map(|s| format!("At {name}: {}", s.describe())));
    }
    if lines.is_empty() {
        "Not given".into()
    } else {
        lines.join("\n")
    }
}

#[component]
fn ServiceView(detail: ServiceDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let keeper = session.user_untracked().is_some_and(|u| u.has_any_role(KEEPERS));
    let s = detail.service.clone();
    set_title(&s.name, false);
    let id = s.id;
    let checking = RwSignal::new(false);
    let check = move |_| {
        checking.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/directory/services/{id}");
            match crate::api::directory::mark_checked(id).await {
                Ok(_) => {
                    session.notify(&path, "Marked as checked today".into());
                    on_change();
                }
                Err(e) => session.notify(&path, e.message()),
            }
            checking.set(false);
        });
    };
    let locations: Vec<Location> = detail
        .service
        .service_at_locations
        .iter()
        .filter_map(|p| detail.locations.iter().find(|l| l.id == p.location_id))
        .cloned()
        .collect();
    let places: Vec<String> = locations.iter().map(place).collect();
    let week = detail.clone();
    let phones: Vec<String> = s
        .phones
        .iter()
        .map(|p| p.number.clone())
        .chain(s.contacts.iter().flat_map(|c| {
            let who = c.title.clone().or_else(|| c.name.clone()).unwrap_or_default();
            c.phones.iter().map(move |p| format!("{} ({who})", p.number))
        }))
        .collect();
    view! {
        <a href=if keeper { "/directory" } else { "/find" } class="govuk-back-link">
            {if keeper { "Back to community assets" } else { "Back to find what's local" }}
        </a>
        <FlashBanner />
        <span class="govuk-caption-l">{detail.organization.name.clone()}</span>
        <h1 class="govuk-heading-l">{s.name.clone()}</h1>
        <p class="govuk-body">{status_tag(s.status)}</p>
        {s.alert.clone().map(|alert| view! {
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>{alert}</strong>
            </div>
        })}
        {keeper.then(|| view! {
            <div class="govuk-inset-text">
                <p class="govuk-body">{format!("Last checked: {}", checked_on(s.assured_date))}
                    {s.assurer_email.clone().map(|e| format!(", by {e}"))}</p>
                {detail.check_due.then(|| view! { <p class="govuk-body"><strong>"This service is due to be checked."</strong></p> })}
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-!-margin-bottom-0" on:click=check disabled=move || checking.get()>"Checked today"</button>
                    <a class="govuk-link" href=format!("/directory/services/{id}/edit")>"Change details"</a>
                </div>
            </div>
        })}
        {summary_list(view! {
            {summary_row_typed("What it is", if s.description.is_empty() { "Not given".to_owned() } else { s.description.clone() })}
            {summary_row("Categories", or_not_given(detail.categories.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")))}
            {summary_row_typed("When", opening_times(&detail))}
            {summary_row_typed("Where", if places.is_empty() { "No fixed place".to_owned() } else { places.join("\n\n") })}
            {summary_row("Areas", or_not_given(s.service_areas.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", ")))}
            {summary_row("Ages", ages(&s))}
            {summary_row("Cost", s.cost_text())}
            {summary_row("Languages", or_not_given(s.languages.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(", ")))}
            {summary_row_typed("Phone", or_not_given(phones.join("\n")))}
            {summary_row("Website", s.url.clone().map(|u| { let shown = u.clone(); view! { <a class="govuk-link" href=u rel="noopener noreferrer">{shown}</a> }.into_any() }).unwrap_or_else(|| "Not given".into_any()))}
            {summary_row("Last checked", view! {
                {checked_on(s.assured_date)}
                {detail.check_due.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"May be out of date"</strong> })}
            })}
            {summary_row("Email", s.email.clone().map(|e| view! { <a class="govuk-link" href=format!("mailto:{e}")>{e.clone()}</a> }.into_any()).unwrap_or_else(|| "Not given".into_any()))}
        })}
        <super::visit::OpeningWeek detail=week />
        <super::visit::HowToGetThere places=locations />
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/directory/services/{id}/report")>"Report a problem with this service"</a>
        </p>
        <crate::pages::shortlists::add::AddToShortlist service_id=id name=s.name.clone() />
        {keeper.then(|| view! { <Reports id /> <History id /> })}
    }
}

#[component]
fn Reports(id: Uuid) -> impl IntoView {
    let reports =
        LocalResource::new(move || crate::api::directory::reports(format!("status=all&service_id={id}")));
    view! {
        <h2 class="govuk-heading-m">"Reported problems"</h2>
        <Suspense fallback=|| ()>
            {move || reports.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="govuk-body">"No problems have been reported."</p> }.into_any(),
                Ok(list) => view! { <ReportList list /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ReportList(list: Vec<ProblemReport>) -> impl IntoView {
    view! {
        <ul class="govuk-list">
            {list.into_iter().map(|r| view! {
                <li>
                    <strong>{r.kind.label()}</strong>
                    {format!(" · reported {} · {}", shared::dates::long_date(r.reported_at.date_naive()), match r.status {
                        shared::api::directory::ReportStatus::Open => "open",
                        shared::api::directory::ReportStatus::Resolved => "resolved",
                        shared::api::directory::ReportStatus::Dismissed => "dismissed",
                    })}
                    {(!r.note.is_empty()).then(|| view! { <br/>{r.note.clone()} })}
                    {r.reply.clone().map(|reply| view! { <br/>{format!("Reply: {reply}")} })}
                </li>
            }).collect_view()}
        </ul>
        <p class="govuk-body"><a class="govuk-link" href="/directory/reports">"Answer reported problems"</a></p>
    }
}

#[component]
fn History(id: Uuid) -> impl IntoView {
    let history = LocalResource::new(move || crate::api::directory::history(id));
    view! {
        <Suspense fallback=|| ()>
            {move || history.get().map(|result| match result {
                Ok(changes) => view! { <HistoryTable changes /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn HistoryTable(changes: Vec<ServiceChange>) -> impl IntoView {
    table(
        Head::new(vec![Column::new("When"), Column::new("Who"), Column::new("What changed"), Column::new("From"), Column::new("To")])
            .caption("History of changes", Caption::M)
            .class("ts-table--responsive"),
        changes
            .into_iter()
            .map(|c| {
                let who = c.changed_by.clone().unwrap_or_else(|| match c.source {
                    shared::api::directory::ChangeSource::Import => "An import".into(),
                    _ => "Someone no longer here".into(),
                });
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell" data-label="When">{shared::dates::long_date(c.changed_at.date_naive())}</td>
                        <td class="govuk-table__cell" data-label="Who">{who}</td>
                        <td class="govuk-table__cell" data-label="What changed">{c.field.clone()}</td>
                        <td class="govuk-table__cell ts-pre" data-label="From">{c.before.clone().unwrap_or_default()}</td>
                        <td class="govuk-table__cell ts-pre" data-label="To">{c.after.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view(),
    )
}
