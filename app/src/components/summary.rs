//! GOV.UK summary lists and tables: what a record or a list of records reads as once written.
//! Plain functions rather than components, so the rows can borrow what they show.

use leptos::prelude::*;

/// `<dl class="govuk-summary-list">` around rows made by [`summary_row`].
pub fn summary_list(rows: impl IntoView + 'static) -> impl IntoView {
    view! { <dl class="govuk-summary-list">{rows}</dl> }
}

/// One key and its value.
pub fn summary_row(key: impl IntoView + 'static, value: impl IntoView + 'static) -> impl IntoView {
    row(key, value, "govuk-summary-list__value")
}

/// One key and a value a person typed, keeping its line breaks.
pub fn summary_row_typed(key: impl IntoView + 'static, value: impl IntoView + 'static) -> impl IntoView {
    row(key, value, "govuk-summary-list__value ts-pre")
}

fn row(key: impl IntoView + 'static, value: impl IntoView + 'static, class: &'static str) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class=class>{value}</dd>
        </div>
    }
}

/// A column heading; numbers are right-aligned, as GOV.UK's numeric columns are, and a column
/// of links ("Change") has a heading only screen readers hear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
    pub hidden: bool,
}

impl Column {
    pub fn new(label: impl Into<String>) -> Self {
        Column {
            label: label.into(),
            numeric: false,
            hidden: false,
        }
    }

    pub fn numeric(label: impl Into<String>) -> Self {
        Column {
            numeric: true,
            ..Column::new(label)
        }
    }

    pub fn hidden(label: impl Into<String>) -> Self {
        Column {
            hidden: true,
            ..Column::new(label)
        }
    }
}

/// How a table's caption shows: a medium or small heading, or to screen readers only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Caption {
    #[default]
    M,
    S,
    Hidden,
}

/// A column heading cell, for tables whose headings are more than text (a link per domain).
pub fn column_head(label: impl IntoView + 'static, numeric: bool) -> impl IntoView {
    let class = if numeric {
        "govuk-table__header govuk-table__header--numeric"
    } else {
        "govuk-table__header"
    };
    view! { <th scope="col" class=class>{label}</th> }
}

/// A table's caption, column headings, id and extra classes.
pub struct Head {
    heads: AnyView,
    caption: Option<(String, Caption, Option<&'static str>)>,
    id: Option<&'static str>,
    class: &'static str,
}

impl Head {
    pub fn new(columns: Vec<Column>) -> Self {
        let heads = columns
            .into_iter()
            .map(|c| {
                if c.hidden {
                    column_head(
                        view! { <span class="govuk-visually-hidden">{c.label}</span> },
                        c.numeric,
                    )
                    .into_any()
                } else {
                    column_head(c.label, c.numeric).into_any()
                }
            })
            .collect_view()
            .into_any();
        Head::of(heads)
    }

    /// Headings made with [`column_head`].
    pub fn of(heads: impl IntoView + 'static) -> Self {
        Head {
            heads: heads.into_any(),
            caption: None,
            id: None,
            class: "",
        }
    }

    pub fn caption(self, text: impl Into<String>, size: Caption) -> Self {
        Head {
            caption: Some((text.into(), size, None)),
            ..self
        }
    }

    /// A caption with an id, for a scrolling region that names the table by it.
    pub fn caption_with_id(self, text: impl Into<String>, size: Caption, id: &'static str) -> Self {
        Head {
            caption: Some((text.into(), size, Some(id))),
            ..self
        }
    }

    pub fn id(self, id: &'static str) -> Self {
        Head { id: Some(id), ..self }
    }

    /// Added to `govuk-table` (`ts-table--responsive`).
    pub fn class(self, class: &'static str) -> Self {
        Head { class, ..self }
    }
}

/// A table with one row of column headings over `rows` (`govuk-table__row`s).
pub fn table(head: Head, rows: impl IntoView + 'static) -> impl IntoView {
    let caption = head.caption.map(|(text, size, id)| {
        let class = match size {
            Caption::M => "govuk-table__caption govuk-table__caption--m",
            Caption::S => "govuk-table__caption govuk-table__caption--s",
            Caption::Hidden => "govuk-table__caption govuk-visually-hidden",
        };
        view! { <caption class=class id=id>{text}</caption> }
    });
    view! {
        <table class=format!("govuk-table {}", head.class).trim_end().to_owned() id=head.id>
            {caption}
            <thead class="govuk-table__head"><tr class="govuk-table__row">{head.heads}</tr></thead>
            <tbody class="govuk-table__body">{rows}</tbody>
        </table>
    }
}
