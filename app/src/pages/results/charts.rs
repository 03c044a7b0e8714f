//! Results drawn as SVG: Likert answers as diverging stacked bars (not confident to the left of
//! the centre line, confident to the right) and % confident over time as lines. Each chart has
//! a text title, the summary sentences and a data table beside it; colours pass 3:1 contrast
//! and meaning never rests on colour alone (position for bars; dash and marker for lines).

use leptos::prelude::*;
use shared::results::view::ResultsView;

use super::tables::percent;
use crate::pages::assessments::trend::{STYLES, marker};

/// 1 to 5, dark red to dark blue; white text on each passes 4.5:1.
const LIKERT: [&str; 5] = ["#942514", "#d4351c", "#505a5f", "#1d70b8", "#003078"];
const LIKERT_LABELS: [&str; 5] = ["1 not confident", "2", "3 neither", "4", "5 very confident"];

const LABEL_WIDTH: f64 = 250.0;
const PLOT_WIDTH: f64 = 420.0;
const ROW: f64 = 34.0;

#[component]
pub fn DivergingBars(view: ResultsView) -> impl IntoView {
    let centre = LABEL_WIDTH + PLOT_WIDTH / 2.0;
    let scale = PLOT_WIDTH / 2.0 / 100.0;
    let rows: Vec<(String, [f64; 5])> = view
        .items
        .iter()
        .filter_map(|item| {
            let f = item.figures.first()?.shown()?;
            let rated: u32 = f.distribution.iter().sum();
            (rated > 0).then(|| {
                let shares = f.distribution.map(|n| 100.0 * f64::from(n) / f64::from(rated));
                (item.label.clone(), shares)
            })
        })
        .collect();
    if rows.is_empty() {
        return ().into_any();
    }
    let height = ROW * rows.len() as f64 + 40.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(r, (label, shares))| {
            let y = 10.0 + r as f64 * ROW;
            // Left of centre: half the 3s, then 2s, then 1s; right: the other half, 4s, 5s.
            let mut left = centre - shares[2] / 2.0 * scale;
            let mut segments = vec![(2usize, left, shares[2] * scale)];
            for i in [1usize, 0] {
                left -= shares[i] * scale;
                segments.push((i, left, shares[i] * scale));
            }
            let mut right = centre + shares[2] / 2.0 * scale;
            for i in [3usize, 4] {
                segments.push((i, right, shares[i] * scale));
                right += shares[i] * scale;
            }
            let short = if label.chars().count() > 30 {
                format!("{}…", label.chars().take(29).collect::<String>())
            } else {
                label.clone()
            };
            view! {
                <g>
                    <text x=LABEL_WIDTH - 8.0 y=y + 18.0 text-anchor="end" class="ts-chart__label">{short}</text>
                    {segments.into_iter().filter(|(_, _, w)| *w > 0.0).map(|(i, x, w)| view! {
                        <rect x=x y=y width=w height=ROW - 8.0 fill=LIKERT[i]>
                            <title>{format!("{label}: {} {}", LIKERT_LABELS[i], percent(shares[i] / 100.0))}</title>
                        </rect>
                        {(w >= 28.0).then(|| view! {
                            <text x=x + w / 2.0 y=y + 18.0 text-anchor="middle" class="ts-chart__value" fill="#ffffff">
                                {format!("{:.0}", shares[i])}
                            </text>
                        })}
                    }).collect_view()}
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="ts-results-chart">
            <svg viewBox=format!("0 0 {} {height}", LABEL_WIDTH + PLOT_WIDTH + 10.0) role="img"
                aria-labelledby="bars-title results-summary" class="ts-chart">
                <title id="bars-title">"Answers per domain as diverging bars: not confident to the left of the centre line, confident to the right (numbers are % of ratings)"</title>
                {bars}
                <line x1=centre y1="4" x2=centre y2=height - 26.0 stroke="#0b0c0c" stroke-width="2" />
                <text x=centre y=height - 8.0 text-anchor="middle" class="ts-chart__label">"Centre: half of the 3s either side"</text>
            </svg>
            <figcaption>
                <ul class="ts-legend" aria-label="Key">
                    {LIKERT.iter().zip(LIKERT_LABELS).map(|(colour, label)| view! {
                        <li><svg width="16" height="16" aria-hidden="true"><rect width="16" height="16" fill=*colour /></svg>" "{label}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
    .into_any()
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

/// % confident per domain across the periods of a period split.
#[component]
pub fn TrendLines(view: ResultsView) -> impl IntoView {
    let count = view.groups.len();
    let x = move |i: usize| {
        if count <= 1 {
            (LEFT + WIDTH - RIGHT) / 2.0
        } else {
            LEFT + i as f64 * (WIDTH - LEFT - RIGHT) / (count - 1) as f64
        }
    };
    let y = |share: f64| TOP + (1.0 - share) * (HEIGHT - TOP - BOTTOM);
    let lines = view
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let (colour, dash) = STYLES[n % STYLES.len()];
            let points: Vec<(usize, f64)> = item
                .figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| f.shown().and_then(|f| f.confident).map(|c| (i, c)))
                .collect();
            let path = points
                .iter()
                .enumerate()
                .map(|(j, (i, c))| {
                    // A gap (hidden or empty period) starts a new segment rather than bridging it.
                    let joined = j > 0 && points[j - 1].0 + 1 == *i;
                    format!("{}{:.1},{:.1}", if joined { "L" } else { "M" }, x(*i), y(*c))
                })
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <g>
                    <path d=path fill="none" stroke=colour stroke-width="3" stroke-dasharray=dash />
                    {points.iter().map(|(i, c)| marker(n, x(*i), y(*c), colour)).collect_view()}
                </g>
            }
        })
        .collect_view();
    let ticks = [0.0, 0.25, 0.5, 0.75, 1.0].map(|t| {
        view! {
            <line x1=LEFT y1=y(t) x2=WIDTH - RIGHT y2=y(t) stroke="#b1b4b6" stroke-width="1" />
            <text x=LEFT - 6.0 y=y(t) + 4.0 text-anchor="end" class="ts-chart__label">{percent(t)}</text>
        }
    });
    let labels = view
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let text = g.keys.first().cloned().unwrap_or_default();
            view! { <text x=x(i) y=HEIGHT - BOTTOM + 20.0 text-anchor="middle" class="ts-chart__label">{text}</text> }
        })
        .collect_view();
    view! {
        <figure class="ts-results-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="trend-title results-summary" class="ts-chart">
                <title id="trend-title">"% confident per domain over time"</title>
                {ticks}
                {labels}
                {lines}
            </svg>
            <figcaption>
                <ul class="ts-legend" aria-label="Key">
                    {view.items.iter().enumerate().map(|(n, item)| {
                        let (colour, dash) = STYLES[n % STYLES.len()];
                        view! {
                            <li>
                                <svg width="40" height="16" aria-hidden="true">
                                    <line x1="0" y1="8" x2="40" y2="8" stroke=colour stroke-width="3" stroke-dasharray=dash />
                                    {marker(n, 20.0, 8.0, colour)}
                                </svg>
                                " "{item.label.clone()}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
}
