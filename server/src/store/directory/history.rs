//! What changed in a service, field by field, in words a commissioner reads on the service's
//! history ("Opening times: Mondays, 10:00 to 12:00 → Tuesdays, 10:00 to 12:00").

use std::collections::HashMap;

use shared::directory::Service;
use uuid::Uuid;

/// A field's change: its name, before and after (absent when empty).
pub(super) type FieldChange = (&'static str, Option<String>, Option<String>);

/// Names of the things a service refers to by id (categories, places), for its history.
#[derive(Debug, Default)]
pub(super) struct Names(pub HashMap<Uuid, String>);

impl Names {
    fn list(&self, ids: impl Iterator<Item = Uuid>) -> String {
        ids.map(|id| self.0.get(&id).cloned().unwrap_or_else(|| id.to_string()))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn text(s: impl Into<String>) -> Option<String> {
    let s = s.into();
    (!s.trim().is_empty()).then_some(s)
}

fn opt<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// Reads one field of a service as words.
type Describe = fn(&Service, &Names) -> Option<String>;

/// Every field of `new` that differs from `old`, described. A new service is one change,
/// "created". `last_modified` is not a change of its own.
pub(super) fn changes(old: Option<&Service>, new: &Service, names: &Names) -> Vec<FieldChange> {
    let Some(old) = old else {
        return vec![("created", None, Some(new.name.clone()))];
    };
    let fields: [(&'static str, Describe); 19] = [
        ("name", |s, _| text(s.name.clone())),
        ("organisation", |s, n| {
            text(n.list(std::iter::once(s.organization_id)))
        }),
        ("description", |s, _| text(s.description.clone())),
        ("status", |s, _| text(s.status.label())),
        ("alert", |s, _| s.alert.clone()),
        ("website", |s, _| s.url.clone()),
        ("email", |s, _| s.email.clone()),
        ("minimum age", |s, _| opt(s.minimum_age)),
        ("maximum age", |s, _| opt(s.maximum_age)),
        ("checked on", |s, _| opt(s.assured_date)),
        ("checked by", |s, _| s.assurer_email.clone()),
        ("categories", |s, n| {
            text(n.list(s.taxonomy_term_ids.iter().copied()))
        }),
        ("opening times", |s, _| {
            text(
                s.schedules
                    .iter()
                    .map(|x| x.describe())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        ("places", |s, n| {
            let places = s.service_at_locations.iter().map(|p| {
                let name = n.list(std::iter::once(p.location_id));
                let times: Vec<String> = p.schedules.iter().map(|x| x.describe()).collect();
                if times.is_empty() {
                    name
                } else {
                    format!("{name} ({})", times.join("; "))
                }
            });
            text(places.collect::<Vec<_>>().join("; "))
        }),
        ("areas", |s, _| {
            text(
                s.service_areas
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        ("languages", |s, _| {
            text(
                s.languages
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        ("costs", |s, _| {
            let costs = s.cost_options.iter().map(|c| {
                let amount = c.amount.map(|a| {
                    if a == 0.0 {
                        "free".to_owned()
                    } else {
                        format!("£{a:.2}")
                    }
                });
                [c.option.clone(), amount, c.amount_description.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            text(costs.collect::<Vec<_>>().join("; "))
        }),
        ("phones", |s, _| {
            text(
                s.phones
                    .iter()
                    .map(|p| p.number.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        ("contacts", |s, _| {
            let contacts = s.contacts.iter().map(|c| {
                let phones: Vec<&str> = c.phones.iter().map(|p| p.number.as_str()).collect();
                [c.title.clone(), c.name.clone(), text(phones.join(", "))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            text(contacts.collect::<Vec<_>>().join("; "))
        }),
    ];
    fields
        .iter()
        .filter_map(|(field, read)| {
            let (before, after) = (read(old, names), read(new, names));
            (before != after).then_some((*field, before, after))
        })
        .collect()
}

/// Whether two versions of a service hold the same information (ignoring when it was saved).
pub(super) fn same(old: &Service, new: &Service) -> bool {
    let mut new = new.clone();
    new.last_modified = old.last_modified;
    *old == new
}
