//! `/results`: aggregated confidence for workforce leads — which domains are weakest, where, and
//! whether they moved. Every figure comes from the server already suppressed; the page only
//! lays it out (charts with tables and sentences beside them) and never works anything out
//! that the server did not show.

pub mod charts;
pub mod compare;
pub mod filters;
pub mod tables;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::Role;
use shared::results::period::{Granularity, Period};
use shared::results::view::{Dimension, ResultsPeriods, ResultsQuery, ResultsView};

use crate::components::guard::Guard;
use crate::components::notices::LoadError;
use crate::state::set_title;

pub const READERS: &[Role] = &[Role::WorkforceLead];

/// The query parameters a results page passes on to the API, in this order.
pub const VIEW_KEYS: [&str; 8] = [
    "period",
    "periods",
    "cut",
    "cut2",
    "service_area",
    "team",
    "pcf_level",
    "domain",
];

/// `key=value&…` for the non-empty pairs, values encoded.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let encoded: String = js_sys::encode_uri_component(v).into();
            format!("{k}={encoded}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A results query as address parameters (empty where not set), the same for links and downloads.
pub fn query_pairs(q: &ResultsQuery) -> Vec<(&'static str, String)> {
    vec![
        ("period", q.period.to_string()),
        ("periods", q.periods.map(|p| p.to_string()).unwrap_or_default()),
        ("cut", q.cut.map(|c| c.as_str().to_owned()).unwrap_or_default()),
        ("cut2", q.cut2.map(|c| c.as_str().to_owned()).unwrap_or_default()),
        ("service_area", q.filters.service_area.clone().unwrap_or_default()),
        ("team", q.filters.team.map(|t| t.to_string()).unwrap_or_default()),
        ("pcf_level", q.filters.pcf_level.clone().unwrap_or_default()),
        ("domain", q.domain.clone().unwrap_or_default()),
    ]
}

/// The latest released period of `granularity`, the period a page opens on.
pub fn default_period(periods: &ResultsPeriods, granularity: Granularity) -> Period {
    periods.latest(granularity)
}

/// Every released quarter and year from the first with data, newest first.
pub fn period_options(periods: &ResultsPeriods) -> Vec<(Granularity, Vec<Period>)> {
    let Some(first) = periods.first_month else {
        return Vec::new();
    };
    [Granularity::Quarter, Granularity::Year]
        .iter()
        .filter_map(|g| {
            let from = Period::containing(first.start(), *g);
            let to = periods.latest(*g);
            let mut list = Period::range(from, to, 600)?;
            list.reverse();
            Some((*g, list))
        })
        .collect()
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! { <Guard roles=READERS><Results /></Guard> }
}

#[component]
fn Results() -> impl IntoView {
    set_title("Workforce confidence results", false);
    let query = use_query_map();
    let periods = LocalResource::new(crate::api::results::periods);
    let teams = LocalResource::new(crate::api::teams::list_teams);
    let pairs = move || -> Vec<(&'static str, String)> {
        query.with(|q| {
            VIEW_KEYS
                .iter()
                .map(|k| (*k, q.get(k).unwrap_or_default()))
                .collect()
        })
    };
    let results = LocalResource::new(move || {
        let mut pairs = pairs();
        async move {
            if pairs[0].1.is_empty() {
                let known = crate::api::results::periods().await?;
                pairs[0].1 = default_period(&known, Granularity::Quarter).to_string();
            }
            crate::api::results::view(query_string(&pairs)).await
        }
    });
    view! {
        <a href="/workforce" class="govuk-back-link">"Back to workforce confidence"</a>
        <h1 class="govuk-heading-l">"Workforce confidence results"</h1>
        <p class="govuk-body">
            "How confident practitioners say they are, from their latest submitted self-assessment in each period. "
            "Groups of fewer than 5 people are never shown, and nor is anything that would let one be worked out. "
            "Figures come out once a quarter, after it ends, and never change. "
            <a class="govuk-link" href="/results/compare">"Compare two periods or groups"</a>"."
        </p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || match (periods.get(), teams.get()) {
                (Some(Ok(periods)), Some(Ok(teams))) => view! {
                    <filters::ViewFilters periods=periods teams=teams current=pairs() />
                }.into_any(),
                (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <LoadError message=e.message() /> }.into_any(),
                _ => ().into_any(),
            }}
        </Suspense>
        <Suspense fallback=|| view! { <p class="govuk-body" role="status">"Loading results…"</p> }>
            {move || results.get().map(|result| match result {
                Ok(view) => view! { <ShowResults view=view /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

/// Links to download this very view, suppression and all.
fn downloads(view: &ResultsView) -> impl IntoView + use<> {
    let qs = query_string(&query_pairs(&view.query));
    view! {
        <p class="govuk-body">
            <a class="govuk-link" download="" href=format!("/api/results/export.csv?{qs}")>"Download this view as CSV"</a>
            " · "
            <a class="govuk-link" download="" href=format!("/api/results/export.xlsx?{qs}")>"Download this view as Excel (XLSX)"</a>
        </p>
    }
}

#[component]
fn ShowResults(view: ResultsView) -> impl IntoView {
    let cuts = view.query.cuts();
    let single = view.groups.len() == 1 && cuts.is_empty();
    let trend = cuts == [Dimension::Period];
    let heading = match &view.domain_label {
        Some(domain) => format!("{domain}: statements"),
        None => "Domains, least confident first".to_owned(),
    };
    view! {
        <h2 class="govuk-heading-m" id="results-heading">{view.title.clone()}</h2>
        <p class="govuk-body" id="results-as-of">{view.as_of.clone()}</p>
        <div class="govuk-inset-text" id="results-summary">
            {view.summary.iter().map(|s| view! { <p class="govuk-body">{s.clone()}</p> }).collect_view()}
        </div>
        {downloads(&view)}
        {view.domain_label.is_some().then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=tables::link_with(&view, &[("domain", String::new())])>"Back to all domains"</a></p>
        })}
        <h3 class="govuk-heading-s">{heading}</h3>
        {if single {
            view! {
                <charts::DivergingBars view=view.clone() />
                <tables::Distribution view=view.clone() />
            }.into_any()
        } else if trend {
            view! {
                <charts::TrendLines view=view.clone() />
                <tables::GroupsTable view=view.clone() />
            }.into_any()
        } else {
            view! { <tables::GroupsTable view=view.clone() /> }.into_any()
        }}
        <tables::HelpTable view=view />
    }
}
