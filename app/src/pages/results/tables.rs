//! The figures as tables: every chart has one, and they are what a screen reader reads.

use leptos::prelude::*;
use shared::results::stats::Figures;
use shared::results::view::{FigureCell, GroupStatus, ResultsView};

use super::{query_pairs, query_string};
use crate::components::summary::{Caption, Column, Head, column_head, table};

pub fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// This view's address with some parameters replaced (an empty value removes one).
pub fn link_with(view: &ResultsView, changes: &[(&'static str, String)]) -> String {
    let mut pairs = query_pairs(&view.query);
    for (key, value) in changes {
        if let Some(pair) = pairs.iter_mut().find(|(k, _)| k == key) {
            pair.1 = value.clone();
        }
    }
    format!("/results?{}", query_string(&pairs))
}

fn item_header(view: &ResultsView, key: &str, label: &str) -> AnyView {
    if view.query.domain.is_some() {
        label.to_owned().into_any()
    } else {
        let href = link_with(view, &[("domain", key.to_owned())]);
        view! { <a class="govuk-link" href=href>{label.to_owned()}<span class="govuk-visually-hidden">": see its statements"</span></a> }.into_any()
    }
}

/// One group: each domain (or statement) with its full distribution.
#[component]
pub fn Distribution(view: ResultsView) -> impl IntoView {
    let why = view.groups.first().and_then(|g| g.explanation.clone());
    let rows = view
        .items
        .iter()
        .map(|item| {
            let header = item_header(&view, &item.key, &item.label);
            let cells = match (item.figures.first(), &why) {
                (_, Some(why)) => view! {
                    <td class="govuk-table__cell ts-hidden-cell" colspan="9">{why.clone()}</td>
                }
                .into_any(),
                (Some(FigureCell::Shown { figures }), None) => figures_cells(figures).into_any(),
                (Some(FigureCell::Hidden), None) => view! {
                    <td class="govuk-table__cell ts-hidden-cell" colspan="9">{hidden_figure(view.k)}</td>
                }
                .into_any(),
                _ => view! { <td class="govuk-table__cell" colspan="9">"No answers"</td> }.into_any(),
            };
            view! { <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{header}</th>{cells}</tr> }
        })
        .collect_view();
    let numbers = [
        "People",
        "1 (not confident)",
        "2",
        "3",
        "4",
        "5 (very confident)",
        "Not applicable",
        "Mean",
        "% confident (4–5)",
    ];
    let columns = std::iter::once(Column::new("Domain"))
        .chain(numbers.map(Column::numeric))
        .collect();
    let head = Head::new(columns)
        .caption("Answers in each domain, least confident first", Caption::S)
        .id("distribution-table")
        .class("ts-results-table");
    view! {
        {table(head, rows)}
    }
}

/// What a hidden figure in a shown group says.
pub fn hidden_figure(k: u32) -> String {
    format!(
        "Hidden: fewer than {k} people rated this, or its figures would let a smaller group be worked out"
    )
}

fn figures_cells(f: &Figures) -> impl IntoView + use<> {
    let numeric = "govuk-table__cell govuk-table__cell--numeric";
    view! {
        <td class=numeric>{f.people}</td>
        {f.distribution.iter().map(|n| view! { <td class=numeric>{*n}</td> }).collect_view()}
        <td class=numeric>{f.not_applicable}</td>
        <td class=numeric>{f.mean.map(|m| format!("{m:.1}")).unwrap_or_else(|| "–".into())}</td>
        <td class=numeric>{f.confident.map(percent).unwrap_or_else(|| "–".into())}</td>
    }
}

/// Groups down, domains (or statements) across: % confident in each.
#[component]
pub fn GroupsTable(view: ResultsView) -> impl IntoView {
    let cut_labels: Vec<&'static str> = view.query.cuts().iter().map(|c| c.label()).collect();
    let numeric = "govuk-table__cell govuk-table__cell--numeric";
    let columns = view.items.len();
    let rows = view
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let name = group.labels.join(" · ");
            let cells = match (&group.explanation, group.status) {
                (Some(why), status) => view! {
                    <td class="govuk-table__cell ts-hidden-cell">{if status == GroupStatus::NotReleased { "Not released yet" } else { "Hidden" }}</td>
                    <td class="govuk-table__cell ts-hidden-cell" colspan=columns>{why.clone()}</td>
                }
                .into_any(),
                (None, _) => view! {
                    <td class=numeric>{group.people.unwrap_or(0)}</td>
                    {view.items.iter().map(|item| {
                        let text = match &item.figures[g] {
                            FigureCell::Shown { figures } => figures.confident.map(percent).unwrap_or_else(|| "–".into()),
                            FigureCell::Hidden => "Hidden".into(),
                            FigureCell::NoAnswers => "–".into(),
                        };
                        view! { <td class=numeric>{text}</td> }
                    }).collect_view()}
                }
                .into_any(),
            };
            view! { <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{name}</th>{cells}</tr> }
        })
        .collect_view();
    let heads = view! {
        {column_head(cut_labels.join(" · "), false)}
        {column_head("People", true)}
        {view.items.iter().map(|item| column_head(item_header(&view, &item.key, &item.label), true)).collect_view()}
    };
    let caption = format!(
        "% confident (rating 4 or 5) by {}",
        cut_labels.join(" and ").to_lowercase()
    );
    let head = Head::of(heads)
        .caption_with_id(caption, Caption::S, "groups-caption")
        .id("groups-table")
        .class("ts-results-table");
    view! {
        <div class="ts-table-scroll" tabindex="0" role="region" aria-labelledby="groups-caption">
        {table(head, rows)}
        </div>
    }
}

/// "What would help you": the kinds of help asked for most, by domain, over the groups shown.
#[component]
pub fn HelpTable(view: ResultsView) -> impl IntoView {
    // Shown counts only; a row whose every count is hidden says so.
    let rows: Vec<(String, String, String)> = view
        .help
        .iter()
        .map(|h| {
            let shown: Vec<u32> = h.requests.iter().flatten().copied().collect();
            let total = if shown.is_empty() {
                "Hidden".to_owned()
            } else {
                shown.iter().sum::<u32>().to_string()
            };
            (h.domain_label.clone(), h.help_label.clone(), total)
        })
        .take(10)
        .collect();
    let caption = format!(
        "What would help, most asked for first (groups shown only). Counts of fewer than {} people are hidden, and so are counts from which one could be worked out.",
        view.k
    );
    (!rows.is_empty()).then(|| {
        let columns = vec![
            Column::new("Domain"),
            Column::new("Help asked for"),
            Column::numeric("People asking"),
        ];
        let head = Head::new(columns).caption(caption, Caption::S).id("help-table");
        view! {
        {table(head, rows.into_iter().map(|(domain, help, n)| view! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell">{domain}</td>
                <td class="govuk-table__cell">{help}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{n}</td>
            </tr>
        }).collect_view())}
        }
    })
}
