//! `/results/compare`: did it move? One group in two periods (or two groups), each domain's
//! change in % confident with a 95% interval and a verdict in words.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::results::period::Granularity;
use shared::results::view::{Comparison, Side};

use super::filters::{Select, group_filters, period_select_options};
use super::{READERS, default_period, query_string};
use crate::components::guard::Guard;
use crate::components::notices::LoadError;
use crate::components::summary::{Caption, Column, Head, summary_list, summary_row, table};
use crate::state::set_title;

const KEYS: [&str; 8] = [
    "before",
    "after",
    "service_area",
    "team",
    "pcf_level",
    "after_service_area",
    "after_team",
    "after_pcf_level",
];

#[component]
pub fn ComparePage() -> impl IntoView {
    view! { <Guard roles=READERS><Compare /></Guard> }
}

#[component]
fn Compare() -> impl IntoView {
    set_title("Compare two periods or groups", false);
    let query = use_query_map();
    let periods = LocalResource::new(crate::api::results::periods);
    let teams = LocalResource::new(crate::api::teams::list_teams);
    let pairs = move || -> Vec<(&'static str, String)> {
        query.with(|q| KEYS.iter().map(|k| (*k, q.get(k).unwrap_or_default())).collect())
    };
    let comparison = LocalResource::new(move || {
        let mut pairs = pairs();
        async move {
            if pairs[0].1.is_empty() || pairs[1].1.is_empty() {
                let known = crate::api::results::periods().await?;
                let after = default_period(&known, Granularity::Quarter);
                pairs[0].1 = after.previous().to_string();
                pairs[1].1 = after.to_string();
            }
            crate::api::results::compare(query_string(&pairs)).await
        }
    });
    view! {
        <a href="/results" class="govuk-back-link">"Back to results"</a>
        <h1 class="govuk-heading-l">"Compare two periods or groups"</h1>
        <p class="govuk-body">
            "For example, the quarter before some training and the quarter after it. Each domain's change in % confident "
            "comes with a 95% interval: when the interval includes no change, Touchstone says so rather than guess."
        </p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || match (periods.get(), teams.get()) {
                (Some(Ok(periods)), Some(Ok(teams))) => {
                    let current = pairs();
                    let get = move |key: &str| current.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
                    let after = default_period(&periods, Granularity::Quarter);
                    let before_value = Some(get("before")).filter(|v| !v.is_empty()).unwrap_or_else(|| after.previous().to_string());
                    let after_value = Some(get("after")).filter(|v| !v.is_empty()).unwrap_or_else(|| after.to_string());
                    let options = period_select_options(&periods);
                    view! {
                        <form method="get" action="/results/compare" class="ts-filters" aria-label="Choose what to compare">
                            <div class="ts-filter-row">
                                <Select id="before" label="Before" options=options.clone() current=before_value />
                                <Select id="after" label="After" options=options current=after_value />
                            </div>
                            <fieldset class="govuk-fieldset">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Who"</legend>
                                <div class="ts-filter-row">{group_filters(&teams, "", &get)}</div>
                            </fieldset>
                            <details class="govuk-details">
                                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Compare with a different group after"</span></summary>
                                <div class="govuk-details__text ts-filter-row">{group_filters(&teams, "after_", &get)}</div>
                            </details>
                            <button type="submit" class="govuk-button">"Compare"</button>
                        </form>
                    }.into_any()
                }
                (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <LoadError message=e.message() /> }.into_any(),
                _ => ().into_any(),
            }}
        </Suspense>
        <Suspense fallback=|| view! { <p class="govuk-body" role="status">"Comparing…"</p> }>
            {move || comparison.get().map(|result| match result {
                Ok(c) => view! { <ShowComparison comparison=c /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

fn side(label: &'static str, s: &Side) -> impl IntoView + use<> {
    let size = match (&s.people, &s.explanation) {
        (Some(n), _) => format!("{n} people"),
        (None, Some(why)) => why.clone(),
        (None, None) => String::new(),
    };
    view! {
        {summary_row(label, view! { {s.label.clone()}" — "{size} })}
    }
}

fn signed(x: f64) -> String {
    let r = x.round();
    if r > 0.0 {
        format!("+{r:.0}")
    } else if r < 0.0 {
        format!("−{:.0}", -r)
    } else {
        "0".into()
    }
}

#[component]
fn ShowComparison(comparison: Comparison) -> impl IntoView {
    let numeric = "govuk-table__cell govuk-table__cell--numeric";
    view! {
        <p class="govuk-body" id="compare-as-of">{comparison.as_of.clone()}</p>
        {summary_list(view! { {side("Before", &comparison.before)}
            {side("After", &comparison.after)} })}
        <div class="govuk-inset-text" id="compare-summary">
            {comparison.summary.iter().map(|s| view! { <p class="govuk-body">{s.clone()}</p> }).collect_view()}
        </div>
        {table(Head::new(vec![Column::new("Domain"), Column::numeric("Before"), Column::numeric("After"), Column::numeric("Change (points)"), Column::numeric("95% interval"), Column::new("What it means")]).caption("Change in % confident (rating 4 or 5), biggest rise first", Caption::S).id("compare-table"), comparison.rows.into_iter().map(|row| match row.change {
                    Some(c) => view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{row.label}</th>
                            <td class=numeric>{format!("{:.0}%", c.before)}</td>
                            <td class=numeric>{format!("{:.0}%", c.after)}</td>
                            <td class=numeric>{signed(c.points)}</td>
                            <td class=numeric>{format!("{} to {}", signed(c.low), signed(c.high))}</td>
                            <td class="govuk-table__cell"><strong>{c.verdict.label()}</strong></td>
                        </tr>
                    }.into_any(),
                    None => view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{row.label}</th>
                            <td class="govuk-table__cell" colspan="5">{row.sentence}</td>
                        </tr>
                    }.into_any(),
                }).collect_view())}
    }
}
