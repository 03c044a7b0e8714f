//! CSV and XLSX of a results view: the same groups, the same releases, the same suppression,
//! one row per group and domain (or statement), hidden ones with the one explanation and no
//! figures.

use shared::results::view::{FigureCell, ResultsView};

/// `touchstone-results-domains-by-team-2026-Q3-on-2026-11-23`: the view and the day it was made.
pub fn file_stem(view: &ResultsView, today: chrono::NaiveDate) -> String {
    let mut parts = vec!["touchstone-results".to_owned()];
    parts.push(match &view.query.domain {
        Some(domain) => format!("statements-{domain}"),
        None => "domains".to_owned(),
    });
    let cuts: Vec<&str> = view.query.cuts().iter().map(|c| c.as_str()).collect();
    if !cuts.is_empty() {
        parts.push(format!("by-{}", cuts.join("-and-")));
    }
    parts.push(view.query.period.to_string());
    parts.push(format!("on-{today}"));
    parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn header(view: &ResultsView) -> Vec<String> {
    let mut header: Vec<String> = view.query.cuts().iter().map(|c| c.label().to_owned()).collect();
    if header.is_empty() {
        header.push("Group".into());
    }
    header.extend(
        [
            "People in group",
            if view.query.domain.is_some() {
                "Statement"
            } else {
                "Domain"
            },
            "People answering",
            "Rated 1",
            "Rated 2",
            "Rated 3",
            "Rated 4",
            "Rated 5",
            "Not applicable",
            "Mean rating",
            "% confident (4-5)",
            "Note",
            "Figures as of",
        ]
        .map(String::from),
    );
    header
}

/// One value per cell: text, a whole number, or a decimal.
pub enum Value {
    Text(String),
    Count(u32),
    Number(f64),
    Empty,
}

fn rows(view: &ResultsView) -> Vec<Vec<Value>> {
    let released_on = view.releases.iter().map(|r| r.released_at).max().map_or_else(
        || "Not released yet".to_owned(),
        |at| at.format("%Y-%m-%d").to_string(),
    );
    let mut rows = Vec::new();
    for item in &view.items {
        for (group, figures) in view.groups.iter().zip(&item.figures) {
            let mut row: Vec<Value> = if group.labels.is_empty() {
                vec![Value::Text(view.title.clone())]
            } else {
                group.labels.iter().cloned().map(Value::Text).collect()
            };
            row.push(group.people.map_or(Value::Empty, Value::Count));
            row.push(Value::Text(item.label.clone()));
            match (figures, &group.explanation) {
                (_, Some(why)) => {
                    row.extend((0..9).map(|_| Value::Empty));
                    row.push(Value::Text(why.clone()));
                }
                (FigureCell::Shown { figures: f }, None) => {
                    row.push(Value::Count(f.people));
                    row.extend(f.distribution.iter().map(|n| Value::Count(*n)));
                    row.push(Value::Count(f.not_applicable));
                    row.push(
                        f.mean
                            .map_or(Value::Empty, |m| Value::Number((m * 100.0).round() / 100.0)),
                    );
                    row.push(
                        f.confident
                            .map_or(Value::Empty, |c| Value::Number((c * 1000.0).round() / 10.0)),
                    );
                    row.push(Value::Empty);
                }
                (FigureCell::Hidden, None) => {
                    row.extend((0..9).map(|_| Value::Empty));
                    row.push(Value::Text(shared::results::suppression::explain_hidden(view.k)));
                }
                (FigureCell::NoAnswers, None) => {
                    row.extend((0..9).map(|_| Value::Empty));
                    row.push(Value::Text("No answers".into()));
                }
            }
            row.push(Value::Text(released_on.clone()));
            rows.push(row);
        }
    }
    rows
}

/// What a spreadsheet would read as the start of a formula. Team names, domain titles and
/// statements are typed by people, so a CSV cell starting with one of these is written with a
/// leading apostrophe and opens as text (OWASP's advice on CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `s` as a spreadsheet cell that opens as text.
pub fn cell_text(s: &str) -> String {
    if s.starts_with(FORMULA_STARTS) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Text(s) => cell_text(s),
        Value::Count(n) => n.to_string(),
        Value::Number(x) => x.to_string(),
        Value::Empty => String::new(),
    }
}

pub fn csv(view: &ResultsView) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header(view))?;
    for row in rows(view) {
        writer.write_record(row.iter().map(text))?;
    }
    Ok(writer.into_inner()?)
}

pub fn xlsx(view: &ResultsView) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Results")?;
    for (c, title) in header(view).iter().enumerate() {
        sheet.write_with_format(0, c as u16, title, &bold)?;
    }
    for (r, row) in rows(view).iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Text(s) => sheet.write(r, c, s)?,
                Value::Count(n) => sheet.write(r, c, *n)?,
                Value::Number(x) => sheet.write(r, c, *x)?,
                Value::Empty => sheet,
            };
        }
    }
    sheet.autofit();
    let help = book.add_worksheet().set_name("Help asked for")?;
    let mut titles = vec!["Domain".to_owned(), "Help".to_owned()];
    titles.extend(view.groups.iter().map(|g| {
        if g.labels.is_empty() {
            view.title.clone()
        } else {
            g.labels.join(", ")
        }
    }));
    for (c, title) in titles.iter().enumerate() {
        help.write_with_format(0, c as u16, title, &bold)?;
    }
    for (r, row) in view.help.iter().enumerate() {
        let r = r as u32 + 1;
        help.write(r, 0, &row.domain_label)?;
        help.write(r, 1, &row.help_label)?;
        for (c, n) in row.requests.iter().enumerate() {
            match n {
                Some(n) => help.write(r, c as u16 + 2, *n)?,
                None => help.write(r, c as u16 + 2, "Hidden")?,
            };
        }
    }
    let about = book.add_worksheet().set_name("About")?;
    let notes = [
        format!("Touchstone self-assessment results: {}", view.title),
        format!("Groups of fewer than {} people are hidden, and so are groups from which a smaller one could be worked out; so is any figure resting on fewer than {} people's ratings.", view.k, view.k),
        view.as_of.clone(),
        "Each person counts once per period: their latest submitted self-assessment in it. Free-text reflections are never included.".to_owned(),
    ];
    for (r, note) in notes.iter().chain(&view.summary).enumerate() {
        about.write(r as u32, 0, note)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_opens_as_text() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            let cell = text(&Value::Text(formula.to_owned()));
            assert!(cell.starts_with('\''), "{cell:?}");
            assert_eq!(&cell[1..], formula);
        }
        assert_eq!(
            text(&Value::Text("Keighley Locality".into())),
            "Keighley Locality"
        );
        assert_eq!(text(&Value::Number(-0.5)), "-0.5", "numbers are numbers");
    }
}
