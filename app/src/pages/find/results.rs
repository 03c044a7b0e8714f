//! What a search finds, a page of twenty at a time: each service with its organisation, a line
//! of what it is, where, when it is open today and when it was last checked (tagged "may be out
//! of date" past the review age). No words and no filters: the categories to browse. Nothing
//! found: wider searches and categories that do hold something.

use leptos::prelude::*;
use shared::api::directory::{Page, ServiceListItem, ServiceQuery};
use shared::directory::copy::DirectoryCopy;
use shared::directory::schedule::hours_on;
use shared::directory::search::finding::Finding;
use shared::directory::{Location, Service, places};

use super::{address, now};
use crate::pages::directory::pager;

const PER_PAGE: usize = 20;

#[component]
pub fn Results(finding: Memo<Finding>) -> impl IntoView {
    move || {
        let finding = finding.get();
        let copy = crate::store::directory::copy();
        let Ok(query) = finding.query_on(now(), copy.as_deref().map(|c| &c.postcodes)) else {
            return ().into_any();
        };
        match copy {
            Some(copy) if finding.words.is_empty() && !finding.has_filters() => browse(&copy).into_any(),
            Some(copy) => from_copy(&copy, &finding, &query).into_any(),
            None => view! { <FromServer finding query /> }.into_any(),
        }
    }
}

/// The top-level categories, each with how many services it holds.
fn browse(copy: &DirectoryCopy) -> impl IntoView + use<> {
    let parents: Vec<_> = copy
        .taxonomies
        .iter()
        .flat_map(|t| &t.terms)
        .filter(|t| t.parent_id.is_none())
        .map(|t| (t.id, t.name.clone(), copy.count_in(t.id)))
        .filter(|(_, _, n)| *n > 0)
        .collect();
    view! {
        <h2 class="govuk-heading-m">"Browse by category"</h2>
        <ul class="govuk-list ts-columns">
            {parents.into_iter().map(|(id, name, n)| {
                let href = address(&Finding { category: Some(id), ..Finding::default() });
                view! { <li><a class="govuk-link" href=href>{name}</a>{format!(" ({n})")}</li> }
            }).collect_view()}
        </ul>
    }
}

fn count_text(n: usize) -> String {
    match n {
        0 => "No services found".to_owned(),
        1 => "1 service found".to_owned(),
        n => format!("{n} services found"),
    }
}

fn from_copy(copy: &DirectoryCopy, finding: &Finding, query: &ServiceQuery) -> impl IntoView + use<> {
    let today = now().date();
    crate::timing::start("touchstone:find");
    let point = finding.point(&copy.postcodes);
    let found: Vec<(&Service, Option<f64>)> = match point {
        Some(point) => copy.nearest_first(copy.find(query, today), point),
        None => copy.find(query, today).into_iter().map(|s| (s, None)).collect(),
    };
    let near = point.is_some();
    crate::timing::end("touchstone:find");
    let total = found.len();
    crate::store::searches::count(finding, total);
    if total == 0 {
        return nothing_found(copy, finding).into_any();
    }
    let page = finding.page as usize;
    let rows: Vec<Row> = found
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|(s, km)| Row::of(copy, s, today, near.then_some(km)))
        .collect();
    let paging = Page::new(Vec::<()>::new(), total as u64, finding.page, PER_PAGE as u32);
    let base = finding.clone();
    let nav = pager(&paging, &move |n| {
        address(&Finding {
            page: n as u32,
            ..base.clone()
        })
    });
    view! {
        <h2 class="govuk-heading-m" role="status">{count_text(total)}</h2>
        <ul class="govuk-list ts-results">{rows.into_iter().map(Row::view).collect_view()}</ul>
        {nav}
    }
    .into_any()
}

/// One service as a result.
struct Row {
    href: String,
    name: String,
    organisation: String,
    line: String,
    place: Option<String>,
    today: Option<String>,
    checked: Option<chrono::NaiveDate>,
    out_of_date: bool,
    /// How far, when the search is near a place.
    distance: Option<String>,
}

/// The first sentence or line of a description, cut at about 160 characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let sentence = line.find(". ").map_or(line, |end| &line[..=end]);
    if sentence.chars().count() <= 160 {
        return sentence.trim().to_owned();
    }
    let cut: String = sentence.chars().take(157).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head))
}

fn place_text(l: &Location) -> String {
    let address = l.addresses.first().map(|a| {
        [a.address_1.as_str(), a.city.as_str(), a.postal_code.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    match (l.name.clone(), address) {
        _ if l.confidential => "Address given on contact".to_owned(),
        (Some(name), Some(address)) => format!("{name}, {address}"),
        (Some(name), None) => name,
        (None, Some(address)) => address,
        (None, None) => "A place not named".to_owned(),
    }
}

impl Row {
    /// `km`: how far it is, when the search is near a place (`Some(None)`: no fixed place).
    fn of(copy: &DirectoryCopy, s: &Service, today: chrono::NaiveDate, km: Option<Option<f64>>) -> Row {
        let places: Vec<&Location> = s
            .service_at_locations
            .iter()
            .filter_map(|p| copy.locations.get(&p.location_id))
            .collect();
        let place = match places.as_slice() {
            [] if s.service_areas.is_empty() => None,
            [] => Some(
                s.service_areas
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            [one] => Some(place_text(one)),
            [first, rest @ ..] => Some(format!("{} and {} more", place_text(first), rest.len())),
        };
        let schedules: Vec<_> = s
            .schedules
            .iter()
            .chain(s.service_at_locations.iter().flat_map(|p| &p.schedules))
            .collect();
        let today_text = (!schedules.is_empty()).then(|| match hours_on(schedules, today).as_slice() {
            [] => "Not open today".to_owned(),
            hours => format!("Open today, {}", hours.join(" and ")),
        });
        Row {
            href: format!("/directory/services/{}", s.id),
            name: s.name.clone(),
            organisation: copy
                .organizations
                .get(&s.organization_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            line: first_line(&s.description),
            place,
            today: today_text,
            checked: s.assured_date,
            out_of_date: s.check_due(today, copy.review_months),
            distance: km.map(|km| km.map_or_else(|| "No fixed place".to_owned(), places::miles_text)),
        }
    }

    fn of_listed(s: ServiceListItem) -> Row {
        Row {
            href: format!("/directory/services/{}", s.id),
            line: first_line(&s.description),
            name: s.name,
            organisation: s.organization_name,
            place: None,
            today: None,
            checked: s.assured_date,
            out_of_date: false,
            distance: None,
        }
    }

    fn view(self) -> impl IntoView {
        let checked = crate::pages::directory::checked_on(self.checked);
        view! {
            <li class="ts-result">
                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
                    <a class="govuk-link" href=self.href>{self.name}</a>
                </h3>
                <p class="govuk-body-s ts-result__organisation">{self.organisation}</p>
                {(!self.line.is_empty()).then(|| view! { <p class="govuk-body govuk-!-margin-bottom-1">{self.line}</p> })}
                <p class="govuk-body-s">
                    {self.distance.map(|d| view! { <span class="ts-result__fact"><strong>"Distance: "</strong>{d}</span> })}
                    {self.place.map(|p| view! { <span class="ts-result__fact"><strong>"Where: "</strong>{p}</span> })}
                    {self.today.map(|t| view! { <span class="ts-result__fact"><strong>"When: "</strong>{t}</span> })}
                    <span class="ts-result__fact"><strong>"Last checked: "</strong>{checked}</span>
                    {self.out_of_date.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"May be out of date"</strong> })}
                </p>
            </li>
        }
    }
}

/// Nothing found: say so, offer each filter to drop, and categories that hold something.
fn nothing_found(copy: &DirectoryCopy, finding: &Finding) -> impl IntoView + use<> {
    let category_name = |id| {
        copy.taxonomies
            .iter()
            .flat_map(|t| &t.terms)
            .find(|t| t.id == id)
            .map_or_else(|| "That category".to_owned(), |t| format!("In {}", t.name))
    };
    let wider: Vec<(String, String)> = finding
        .wider(category_name)
        .into_iter()
        .map(|(label, f)| (label, address(&f)))
        .collect();
    let near: Vec<(String, String)> = copy
        .categories_near(&finding.words, finding.category, 6)
        .into_iter()
        .map(|(t, n)| {
            let href = address(&Finding {
                category: Some(t.id),
                ..Finding::default()
            });
            (href, format!("{} ({n})", t.name))
        })
        .collect();
    let has_words = !finding.words.is_empty();
    view! {
        <h2 class="govuk-heading-m" role="status">"No services found"</h2>
        {has_words.then(|| view! { <p class="govuk-body">"Check the spelling, or try fewer or different words."</p> })}
        {(!wider.is_empty()).then(|| view! {
            <p class="govuk-body">"Search again without one of your filters:"</p>
            <ul class="govuk-list govuk-list--bullet">
                {wider.into_iter().map(|(label, href)| view! {
                    <li><a class="govuk-link" href=href>{format!("without “{label}”")}</a></li>
                }).collect_view()}
            </ul>
        })}
        {(!near.is_empty()).then(|| view! {
            <p class="govuk-body">"Categories that may help:"</p>
            <ul class="govuk-list govuk-list--bullet">
                {near.into_iter().map(|(href, label)| view! { <li><a class="govuk-link" href=href>{label}</a></li> }).collect_view()}
            </ul>
        })}
    }
}

/// The server's answer, while this device has no copy of the directory yet.
#[component]
fn FromServer(finding: Finding, query: ServiceQuery) -> impl IntoView {
    let mut pairs = vec![
        ("search", query.search.clone().unwrap_or_default()),
        (
            "taxonomy_term_id",
            query.taxonomy_term_id.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("area", query.area.clone().unwrap_or_default()),
        (
            "open_on",
            query.open_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "open_at",
            query
                .open_at
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
        ),
        (
            "minimum_age",
            query.minimum_age.map(|a| a.to_string()).unwrap_or_default(),
        ),
        (
            "maximum_age",
            query.maximum_age.map(|a| a.to_string()).unwrap_or_default(),
        ),
        ("language", query.language.clone().unwrap_or_default()),
        ("accessibility", query.accessibility.clone().unwrap_or_default()),
        // A place or a postcode; never the device's location, which stays on the device
        // (the server then lists by name).
        (
            "near",
            query
                .near
                .clone()
                .filter(|n| shared::directory::places::Point::parse(n).is_none())
                .unwrap_or_default(),
        ),
        ("page", finding.page.to_string()),
        ("per_page", PER_PAGE.to_string()),
    ];
    if query.free {
        pairs.push(("free", "true".into()));
    }
    let found =
        LocalResource::new(move || crate::api::directory::find(crate::pages::results::query_string(&pairs)));
    view! {
        <div class="govuk-inset-text">
            "The directory is being copied to this device. Until it is here, searches need a connection."
        </div>
        <Suspense fallback=|| view! { <p class="govuk-body">"Finding services…"</p> }>
            {move || found.get().map(|result| match result {
                Ok(page) => {
                    crate::store::searches::count(&finding, page.total_items as usize);
                    let base = finding.clone();
                    let nav = pager(&page, &move |n| address(&Finding { page: n as u32, ..base.clone() }));
                    let total = page.total_items as usize;
                    view! {
                        <h2 class="govuk-heading-m" role="status">{count_text(total)}</h2>
                        <ul class="govuk-list ts-results">
                            {page.contents.into_iter().map(|s| Row::of_listed(s).view()).collect_view()}
                        </ul>
                        {nav}
                    }.into_any()
                }
                Err(e) => view! { <crate::components::notices::LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}
