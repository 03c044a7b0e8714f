//! What a results view says in words: its title and the sentences above its tables.

use shared::results::period::Period;
use shared::results::view::{Dimension, Filters, Group, GroupStatus, ItemRow, ResultsQuery, level_label};

use super::labels::Labels;

/// "Everyone", "Bradford East · Experienced social worker", with the period.
pub fn describe(filters: &Filters, periods: &[Period], labels: &Labels) -> String {
    let mut parts = Vec::new();
    if let Some(team) = filters.team {
        parts.push(labels.team(team.into()));
    } else if let Some(area) = &filters.service_area {
        parts.push(area.clone());
    }
    if let Some(level) = &filters.pcf_level {
        parts.push(level_label(level));
    }
    if parts.is_empty() {
        parts.push("Everyone".into());
    }
    let when = match periods {
        [only] => only.label(),
        [first, .., last] => format!("{} to {}", first.label(), last.label()),
        [] => String::new(),
    };
    format!("{}, {when}", parts.join(" · "))
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The sentences above a view: how many groups it shows and hides and why, the least and most
/// confident items, and, along time, how the weakest moved.
pub fn summarise(
    query: &ResultsQuery,
    groups: &[Group],
    items: &[(ItemRow, Option<f64>)],
    k: u32,
) -> Vec<String> {
    let mut summary = Vec::new();
    let shown = groups
        .iter()
        .filter(|g| g.status == GroupStatus::Shown && g.people.unwrap_or(0) > 0)
        .count();
    let hidden = groups.iter().filter(|g| g.status == GroupStatus::Hidden).count();
    let pending = groups
        .iter()
        .filter(|g| g.status == GroupStatus::NotReleased)
        .count();
    if shown == 0 {
        summary.push(if hidden > 0 {
            format!(
                "Nothing can be shown here without risking identifying someone: every group has fewer than {k} people, or would let a smaller group be worked out. Try a longer period, or fewer splits."
            )
        } else if pending > 0 {
            "These figures are not released yet: a period's figures come out once, after it has ended and late submissions from offline devices are in.".to_owned()
        } else {
            "No submitted self-assessments match this view.".to_owned()
        });
        return summary;
    }
    if groups.len() == 1 {
        if let Some(people) = groups[0].people {
            summary.push(format!(
                "Based on {people} people's latest self-assessment in the period."
            ));
        }
    } else {
        summary.push(format!(
            "{shown} of {} groups shown{}.",
            groups.len(),
            if hidden > 0 {
                format!(
                    "; {hidden} hidden to protect individuals (groups of fewer than {k} people, and groups from which a smaller one could be worked out)"
                )
            } else {
                String::new()
            }
        ));
    }
    let rated: Vec<(&ItemRow, f64)> = items.iter().filter_map(|(row, c)| c.map(|c| (row, c))).collect();
    let what = if query.domain.is_some() {
        "statements"
    } else {
        "domains"
    };
    if !rated.is_empty() {
        let weakest: Vec<String> = rated
            .iter()
            .take(3)
            .map(|(row, c)| format!("{} ({} confident)", row.label, percent(*c)))
            .collect();
        summary.push(format!("Least confident {what}: {}.", weakest.join("; ")));
        if let Some((row, c)) = rated.last()
            && rated.len() > 3
        {
            summary.push(format!(
                "Most confident: {} ({} confident).",
                row.label,
                percent(*c)
            ));
        }
    }
    if query.cuts() == [Dimension::Period] {
        for (row, _) in rated.iter().take(3) {
            let points: Vec<(usize, f64)> = row
                .figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| f.shown().and_then(|f| f.confident).map(|c| (i, c)))
                .collect();
            if let (Some(first), Some(last)) = (points.first(), points.last())
                && first.0 != last.0
            {
                summary.push(format!(
                    "{}: {} confident in {} and {} in {}.",
                    row.label,
                    percent(first.1),
                    groups[first.0].labels.join(", "),
                    percent(last.1),
                    groups[last.0].labels.join(", "),
                ));
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests;
