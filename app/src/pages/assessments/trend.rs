//! My confidence per domain over time: an SVG line chart with a data table beside it and a
//! sentence that says what it shows, so no one needs to see the chart to get its meaning.
//! Lines differ by colour, dash and marker shape, never by colour alone.

use leptos::prelude::*;
use shared::api::templates::{Domain, TemplateKind};

use super::{Local, long_date};
use crate::components::summary::{Caption, Column, Head, table};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 50.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 50.0;

/// Colours with at least 3:1 contrast on white, with a dash pattern and marker each.
pub(crate) const STYLES: [(&str, &str); 6] = [
    ("#1d70b8", ""),
    ("#d4351c", "8 4"),
    ("#00703c", "2 3"),
    ("#4c2c92", "10 3 2 3"),
    ("#505a5f", "4 4"),
    ("#912b88", "12 2"),
];

fn y(score: f64) -> f64 {
    TOP + (5.0 - score) / 4.0 * (HEIGHT - TOP - BOTTOM)
}

fn x(index: usize, count: usize) -> f64 {
    if count <= 1 {
        (LEFT + WIDTH - RIGHT) / 2.0
    } else {
        LEFT + index as f64 * (WIDTH - LEFT - RIGHT) / (count - 1) as f64
    }
}

/// A marker of shape `n` centred on (cx, cy).
pub(crate) fn marker(n: usize, cx: f64, cy: f64, colour: &'static str) -> impl IntoView {
    match n % 3 {
        0 => view! { <circle cx=cx cy=cy r="5" fill=colour /> }.into_any(),
        1 => view! { <rect x=cx - 5.0 y=cy - 5.0 width="10" height="10" fill=colour /> }.into_any(),
        _ => view! {
            <polygon points=format!("{},{} {},{} {},{}", cx, cy - 6.0, cx + 6.0, cy + 5.0, cx - 6.0, cy + 5.0) fill=colour />
        }
        .into_any(),
    }
}

struct Series {
    domain: Domain,
    means: Vec<Option<f64>>,
}

#[component]
pub fn Trend(assessments: Signal<Vec<Local>>) -> impl IntoView {
    move || {
        // Read here, not once: the templates may arrive after the page opened.
        let domains = crate::store::templates::published(TemplateKind::SelfAssessment)
            .map(|t| t.content.domains)
            .unwrap_or_default();
        let list = assessments.get();
        if list.is_empty() || domains.is_empty() {
            return view! {
                <p class="govuk-body">"Submit a self-assessment to see your confidence over time."</p>
            }
            .into_any();
        }
        let dates: Vec<String> = list
            .iter()
            .map(|a| long_date(a.record.submitted_at.unwrap_or(a.record.started_at)))
            .collect();
        let series: Vec<Series> = domains
            .iter()
            .map(|d| Series {
                domain: d.clone(),
                means: list.iter().map(|a| a.record.domain_mean(d)).collect(),
            })
            .collect();
        let summary = summarise(&series, &dates);
        // Short axis labels ("Oct 2026"); the table gives the full dates.
        let ticks: Vec<String> = list
            .iter()
            .map(|a| shared::dates::month_year(a.record.submitted_at.unwrap_or(a.record.started_at)))
            .collect();
        let count = dates.len();
        let columns = std::iter::once(Column::new("Domain"))
            .chain(dates.iter().map(Column::numeric))
            .collect();
        let head = Head::new(columns)
            .caption_with_id(
                "Mean confidence per domain (1 to 5)",
                Caption::S,
                "trend-table-caption",
            )
            .class("ts-trend-table");
        view! {
            <p class="govuk-body" id="trend-summary">{summary}</p>
            <div class="ts-trend">
                <svg class="ts-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                    aria-labelledby="trend-title trend-summary">
                    <title id="trend-title">"Your mean confidence per domain, 1 to 5, at each self-assessment"</title>
                    {(1..=5).map(|s| {
                        let at = y(f64::from(s));
                        view! {
                            <line x1=LEFT x2=WIDTH - RIGHT y1=at y2=at class="ts-chart__grid" />
                            <text x=LEFT - 8.0 y=at + 4.0 text-anchor="end" class="ts-chart__label">{s}</text>
                        }
                    }).collect_view()}
                    {ticks.iter().enumerate().map(|(i, d)| view! {
                        <text x=x(i, count) y=HEIGHT - BOTTOM + 20.0 text-anchor="middle" class="ts-chart__label">{d.clone()}</text>
                    }).collect_view()}
                    {series.iter().enumerate().map(|(n, s)| {
                        let (colour, dash) = STYLES[n % STYLES.len()];
                        let points: Vec<(f64, f64)> = s.means.iter().enumerate()
                            .filter_map(|(i, m)| Some((x(i, count), y((*m)?))))
                            .collect();
                        let path = points.iter().map(|(px, py)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ");
                        view! {
                            <g>
                                <polyline points=path fill="none" stroke=colour stroke-width="2.5" stroke-dasharray=dash />
                                {points.iter().map(|(px, py)| marker(n, *px, *py, colour)).collect_view()}
                            </g>
                        }
                    }).collect_view()}
                </svg>
                <ul class="ts-legend" aria-hidden="true">
                    {series.iter().enumerate().map(|(n, s)| {
                        let (colour, dash) = STYLES[n % STYLES.len()];
                        view! {
                            <li>
                                <svg width="40" height="14" viewBox="0 0 40 14">
                                    <line x1="2" x2="38" y1="7" y2="7" stroke=colour stroke-width="2.5" stroke-dasharray=dash />
                                    {marker(n, 20.0, 7.0, colour)}
                                </svg>
                                {s.domain.title.clone()}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            // Wider than a phone: a region that scrolls, which a keyboard can reach and a
            // screen reader names by the table's caption.
            <div class="ts-table-scroll" tabindex="0" role="region" aria-labelledby="trend-table-caption">
                {table(head, series.into_iter().map(|s| view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{s.domain.title}</th>
                        {s.means.into_iter().map(|m| view! {
                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                {m.map_or("Not rated".to_owned(), |m| format!("{m:.1}"))}
                            </td>
                        }).collect_view()}
                    </tr>
                }).collect_view())}
            </div>
        }
        .into_any()
    }
}

/// One or two sentences: where I am lowest now, and what moved most since the first.
fn summarise(series: &[Series], dates: &[String]) -> String {
    let latest = |s: &Series| s.means.last().copied().flatten();
    let lowest = series
        .iter()
        .filter_map(|s| Some((latest(s)?, s)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let mut text = match lowest {
        Some((mean, s)) => format!(
            "In your latest self-assessment ({}) you felt least confident in {} (mean {mean:.1} out of 5).",
            dates.last().cloned().unwrap_or_default(),
            s.domain.title
        ),
        None => "Your latest self-assessment has no ratings.".to_owned(),
    };
    if dates.len() > 1 {
        let change = series
            .iter()
            .filter_map(|s| Some((latest(s)? - s.means.first().copied().flatten()?, s)))
            .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()));
        if let Some((delta, s)) = change.filter(|(d, _)| d.abs() >= 0.05) {
            text.push_str(&format!(
                " Since {}, your confidence in {} has {} by {:.1}.",
                dates[0],
                s.domain.title,
                if delta > 0.0 { "risen" } else { "fallen" },
                delta.abs()
            ));
        }
    }
    text
}
