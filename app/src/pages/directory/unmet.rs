//! `/directory/unmet`: where practitioners' searches find nothing or little, for commissioners:
//! by category, area, age group or day wanted, over a period; a chart and the table it draws,
//! the filters used, words searched by several people that found nothing, and a CSV.
//!
//! The choice lives in the address (`?by=area&days=30`), so a link shows the same report.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::unmet::{FEW, GroupBy, GroupCount, PEOPLE_FOR_WORDS, UnmetReport};

use super::KEEPERS;
use crate::components::guard::Guard;
use crate::components::notices::LoadError;
use crate::components::summary::{Caption, Column, Head, table};
use crate::pages::results::query_string;
use crate::state::set_title;

/// The periods offered, in days back from today.
const PERIODS: [(u32, &str); 4] = [
    (7, "The last 7 days"),
    (30, "The last 30 days"),
    (90, "The last 90 days"),
    (365, "The last 12 months"),
];

#[component]
pub fn UnmetPage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><Unmet /></Guard> }
}

/// The address's choice: group and days (90 unless one of `PERIODS`).
fn chosen(q: &leptos_router::params::ParamsMap) -> (GroupBy, u32) {
    let by = q.get("by").and_then(|b| GroupBy::parse(&b)).unwrap_or_default();
    let days = q
        .get("days")
        .and_then(|d| d.parse().ok())
        .filter(|d| PERIODS.iter().any(|(p, _)| p == d))
        .unwrap_or(90);
    (by, days)
}

/// The API's query for a choice: from `days - 1` days ago to today.
fn api_query(by: GroupBy, days: u32) -> String {
    let today = chrono::Local::now().date_naive();
    let from = today - chrono::Duration::days(i64::from(days) - 1);
    query_string(&[
        ("by", by.as_str().to_owned()),
        ("from", from.to_string()),
        ("to", today.to_string()),
    ])
}

#[component]
fn Unmet() -> impl IntoView {
    set_title("Where searches find nothing", false);
    let query = use_query_map();
    let navigate = use_navigate();
    let choice = Memo::new(move |_| chosen(&query.read()));
    let (by, days) = choice.get_untracked();
    let by_field = RwSignal::new(by.as_str().to_owned());
    let days_field = RwSignal::new(days.to_string());
    let report = LocalResource::new(move || {
        let (by, days) = choice.get();
        crate::api::directory::unmet(api_query(by, days))
    });
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("by", by_field.get_untracked()),
            ("days", days_field.get_untracked()),
        ];
        navigate(
            &format!("/directory/unmet?{}", query_string(&pairs)),
            Default::default(),
        );
    };
    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <span class="govuk-caption-l">"Commissioner"</span>
        <h1 class="govuk-heading-l">"Where searches find nothing"</h1>
        <p class="govuk-body">
            "Every search practitioners make in Find what's local is counted, on their device too, without "
            "who made it: the filters used, the category, area, age group and day wanted, and how many services it found. "
            "Searches that find nothing, or only a few services, show where provision may be missing."
        </p>
        <div class="govuk-inset-text">
            {format!(
                "Words typed in a search are kept only when they found nothing, and shown here only once {PEOPLE_FOR_WORDS} different \
                 people have searched them: a practitioner may have typed the name of the person they are helping. \
                 Touchstone does not keep who searched."
            )}
        </div>
        <form novalidate on:submit=show class="ts-filters" role="search" aria-label="Choose the report">
            <div class="ts-filter-row">
                <div class="govuk-form-group ts-filter">
                    <label class="govuk-label" for="by">"Group searches by"</label>
                    <select class="govuk-select" id="by" name="by" on:change=move |ev| by_field.set(event_target_value(&ev))>
                        {GroupBy::ALL.into_iter().map(|g| view! {
                            <option value=g.as_str() selected=move || by_field.get() == g.as_str()>{g.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group ts-filter">
                    <label class="govuk-label" for="days">"Period"</label>
                    <select class="govuk-select" id="days" name="days" on:change=move |ev| days_field.set(event_target_value(&ev))>
                        {PERIODS.into_iter().map(|(d, label)| view! {
                            <option value=d.to_string() selected=move || days_field.get() == d.to_string()>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group ts-filter">
                    <button type="submit" class="govuk-button govuk-!-margin-bottom-0">"Show"</button>
                </div>
            </div>
        </form>
        <Suspense fallback=|| view! { <p class="govuk-body">"Counting searches…"</p> }>
            {move || report.get().map(|result| match result {
                Ok(r) => {
                    let (by, days) = choice.get_untracked();
                    let csv = format!("/api/directory/unmet.csv?{}", api_query(by, days));
                    view! { <Report report=r csv /> }.into_any()
                }
                Err(e) => view! { <LoadError message=e.message() heading="The report could not be shown" /> }.into_any(),
            })}
        </Suspense>
    }
}

fn searches(n: u64) -> String {
    match n {
        1 => "1 search".to_owned(),
        n => format!("{n} searches"),
    }
}

#[component]
fn Report(report: UnmetReport, csv: String) -> impl IntoView {
    let period = format!(
        "{} to {}",
        shared::dates::long_date(report.from),
        shared::dates::long_date(report.to)
    );
    let t = &report.total;
    let summary = if t.searches == 0 {
        format!("No searches were made from {period}.")
    } else {
        format!(
            "{} from {period}: {} found nothing and {} found 1 to {FEW} services.",
            searches(t.searches),
            t.found_nothing,
            t.found_few
        )
    };
    let by = report.by;
    let empty = t.searches == 0;
    view! {
        <p class="govuk-body-l" role="status" id="unmet-summary">{summary}</p>
        {(!empty).then(|| view! {
            <Bars groups=report.groups.clone() by />
            {groups_table(report.groups.clone(), by.label(), &format!("Searches by {}", by.label().to_lowercase()))}
            {groups_table(report.filters.clone(), "Filter", "Filters used")}
            <h2 class="govuk-heading-m">"Words that found nothing"</h2>
            {if report.words.is_empty() {
                view! { <p class="govuk-body">{format!("No words that found nothing were searched by {PEOPLE_FOR_WORDS} or more people.")}</p> }.into_any()
            } else {
                table(
                    Head::new(vec![Column::new("Words"), Column::numeric("Searches")])
                        .caption(format!("Searched by {PEOPLE_FOR_WORDS} or more people"), Caption::S),
                    report.words.into_iter().map(|w| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{w.words}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{w.searches}</td>
                        </tr>
                    }).collect_view(),
                ).into_any()
            }}
            <p class="govuk-body"><a class="govuk-link" href=csv.clone() download>"Download this report (CSV)"</a></p>
        })}
    }
}

fn groups_table(groups: Vec<GroupCount>, first: &str, caption: &str) -> impl IntoView + use<> {
    let group = first.to_owned();
    table(
        Head::new(vec![
            Column::new(first),
            Column::numeric("Searches"),
            Column::numeric("Found nothing"),
            Column::numeric(format!("Found 1 to {FEW}")),
        ])
        .caption(caption, Caption::M)
        .class("ts-table--responsive"),
        groups
            .into_iter()
            .map(|g| {
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell" data-label=group.clone()>{g.label}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Searches">{g.searches}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Found nothing">{g.found_nothing}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Found few">{g.found_few}</td>
                    </tr>
                }
            })
            .collect_view(),
    )
}

const LABEL_WIDTH: f64 = 220.0;
const PLOT_WIDTH: f64 = 400.0;
const ROW: f64 = 30.0;
/// The most groups drawn (the table has them all).
const DRAWN: usize = 12;

/// Searches per group as horizontal bars: found nothing (dark, solid), found few (lighter,
/// striped) and the rest (outline), so the parts differ by more than colour. The table below
/// holds the same figures.
#[component]
fn Bars(groups: Vec<GroupCount>, by: GroupBy) -> impl IntoView {
    let drawn: Vec<GroupCount> = groups.into_iter().take(DRAWN).collect();
    let most = drawn.iter().map(|g| g.searches).max().unwrap_or(1).max(1) as f64;
    let scale = PLOT_WIDTH / most;
    let height = ROW * drawn.len() as f64 + 10.0;
    let bars = drawn
        .into_iter()
        .enumerate()
        .map(|(r, g)| {
            let y = 5.0 + r as f64 * ROW;
            let nothing = g.found_nothing as f64 * scale;
            let few = g.found_few as f64 * scale;
            let all = g.searches as f64 * scale;
            let short = if g.label.chars().count() > 28 {
                format!("{}…", g.label.chars().take(27).collect::<String>())
            } else {
                g.label.clone()
            };
            view! {
                <g>
                    <title>{format!("{}: {}, {} found nothing, {} found 1 to {FEW}", g.label, searches(g.searches), g.found_nothing, g.found_few)}</title>
                    <text x=LABEL_WIDTH - 8.0 y=y + 17.0 text-anchor="end" class="ts-chart__label">{short}</text>
                    <rect x=LABEL_WIDTH y=y width=all height=ROW - 8.0 fill="#ffffff" stroke="#0b0c0c" stroke-width="1" />
                    <rect x=LABEL_WIDTH y=y width=nothing height=ROW - 8.0 fill="#942514" />
                    <rect x=LABEL_WIDTH + nothing y=y width=few height=ROW - 8.0 fill="url(#ts-few)" />
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="ts-results-chart">
            <svg viewBox=format!("0 0 {} {height}", LABEL_WIDTH + PLOT_WIDTH + 10.0) role="img"
                aria-labelledby="unmet-chart-title unmet-summary" class="ts-chart">
                <title id="unmet-chart-title">{format!("Searches by {}: the dark part of each bar found nothing, the striped part found 1 to {FEW} services", by.label().to_lowercase())}</title>
                <defs>
                    <pattern id="ts-few" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#f47738" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke="#0b0c0c" stroke-width="2" />
                    </pattern>
                </defs>
                {bars}
            </svg>
            <figcaption>
                <ul class="ts-legend" aria-label="Key">
                    <li><svg width="16" height="16" aria-hidden="true"><rect width="16" height="16" fill="#942514" /></svg>" Found nothing"</li>
                    <li><svg width="16" height="16" aria-hidden="true"><rect width="16" height="16" fill="url(#ts-few)" /></svg>{format!(" Found 1 to {FEW}")}</li>
                    <li><svg width="16" height="16" aria-hidden="true"><rect x="0.5" y="0.5" width="15" height="15" fill="#ffffff" stroke="#0b0c0c" /></svg>" Found more"</li>
                </ul>
            </figcaption>
        </figure>
    }
}
