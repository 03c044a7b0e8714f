//! The rows of a results view: each domain's or statement's figures across the groups, and
//! the help people asked for. Plain data in, plain data out.

use std::collections::BTreeSet;

use shared::results::release::{Figure, HelpCount, domain_item, statement_item};
use shared::results::view::{FigureCell, HelpRow, ItemRow};

use super::groups::Placed;
use super::labels::Labels;

/// One row per domain (or, with `domain`, per statement of it), each with its figures in every
/// group and the share confident across the shown groups; weakest first, then items nobody
/// rated in template order.
pub fn item_rows(
    domain: Option<&str>,
    placed: &[Placed<'_>],
    labels: &Labels,
) -> Vec<(ItemRow, Option<f64>)> {
    let item_keys: Vec<(String, String, String)> = match domain {
        Some(domain) => labels
            .statements
            .iter()
            .filter(|(_, d, _)| d == domain)
            .map(|(key, _, text)| (statement_item(key), key.clone(), text.clone()))
            .collect(),
        None => {
            let mut keys: Vec<(String, String, String)> = labels
                .domains
                .iter()
                .map(|(key, title)| (domain_item(key), key.clone(), title.clone()))
                .collect();
            // Domains answered on versions whose template is gone still count.
            let answered: BTreeSet<String> = placed
                .iter()
                .filter_map(|p| match p {
                    Placed::Shown(cell) => Some(
                        cell.items()
                            .filter_map(|i| i.strip_prefix("domain/"))
                            .map(String::from),
                    ),
                    _ => None,
                })
                .flatten()
                .collect();
            for key in answered {
                if !keys.iter().any(|(_, k, _)| *k == key) {
                    keys.push((domain_item(&key), key.clone(), labels.domain(&key)));
                }
            }
            keys
        }
    };
    let mut items: Vec<(ItemRow, Option<f64>)> = item_keys
        .into_iter()
        .map(|(item, key, label)| {
            let figures: Vec<FigureCell> = placed.iter().map(|p| p.figure(&item)).collect();
            let (y, m) = placed
                .iter()
                .filter_map(|p| match p {
                    Placed::Shown(cell) => match cell.figure(&item) {
                        Figure::Shown(f) => Some((f.tally().y, f.tally().m)),
                        _ => None,
                    },
                    _ => None,
                })
                .fold((0.0, 0.0), |(y, m), (dy, dm)| (y + dy, m + dm));
            let confident = (m > 0.0).then(|| y / m);
            (ItemRow { key, label, figures }, confident)
        })
        .collect();
    // Weakest first; items nobody rated go last, in template order.
    items.sort_by(|(a, ca), (b, cb)| match (ca, cb) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => labels.order(&a.key).cmp(&labels.order(&b.key)),
    });
    items
}

/// Help asked for, per domain and kind, most asked first; a kind nobody shown asked for is
/// left out unless a hidden group might hold it.
pub fn help_rows(placed: &[Placed<'_>], labels: &Labels) -> Vec<HelpRow> {
    let asked: BTreeSet<(String, String)> = placed
        .iter()
        .filter_map(|p| match p {
            Placed::Shown(cell) => Some(cell.help_asked().map(|(d, h)| (d.to_owned(), h.to_owned()))),
            _ => None,
        })
        .flatten()
        .collect();
    let mut help: Vec<(u32, HelpRow)> = asked
        .into_iter()
        .map(|(domain, kind)| {
            let requests: Vec<Option<u32>> = placed
                .iter()
                .map(|p| match p {
                    Placed::Shown(cell) => match cell.help(&domain, &kind) {
                        HelpCount::Shown(n) => Some(n),
                        HelpCount::Hidden => None,
                    },
                    Placed::Empty => Some(0),
                    _ => None,
                })
                .collect();
            let shown: u32 = requests.iter().flatten().sum();
            (
                shown,
                HelpRow {
                    domain_label: labels.domain(&domain),
                    domain_key: domain,
                    help_label: Labels::help(&kind),
                    help: kind,
                    requests,
                },
            )
        })
        .filter(|(shown, row)| *shown > 0 || row.requests.iter().any(Option::is_none))
        .collect();
    help.sort_by_key(|(shown, _)| std::cmp::Reverse(*shown));
    help.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests;
