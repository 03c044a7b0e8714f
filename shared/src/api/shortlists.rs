//! A shortlist for a person: the services a practitioner picked from the directory for someone,
//! in the order they want to go through them, each with a note ("ask for Sue on Tuesdays").
//! Named by a case reference, so no name is needed; private to its author, like a note. A
//! service is kept by its id (stable, so a risk enablement form can later name it as a strength
//! or a mitigation) and by its name when picked, so the list still reads if it leaves the
//! directory.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::validate::{Check, Validate};

pub const REFERENCE_MAX: usize = 40;
pub const NOTE_MAX: usize = 500;
pub const SERVICES_MAX: usize = 30;

/// The payload of a `shortlist` record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Shortlist {
    /// The person's case reference (no name needed).
    pub reference: String,
    /// In the practitioner's order.
    #[serde(default)]
    pub services: Vec<Shortlisted>,
}

/// One service on a shortlist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Shortlisted {
    pub service_id: Uuid,
    /// Its name when it was picked.
    pub name: String,
    /// The practitioner's note for the person.
    #[serde(default)]
    pub note: String,
}

impl Shortlist {
    /// Adds `service` at the end, unless it is there already; says whether it was added.
    pub fn add(&mut self, service_id: Uuid, name: &str) -> bool {
        if self.services.iter().any(|s| s.service_id == service_id) {
            return false;
        }
        self.services.push(Shortlisted {
            service_id,
            name: name.to_owned(),
            note: String::new(),
        });
        true
    }

    /// Moves the service at `from` one place up (`up`) or down; nothing at either end.
    pub fn move_one(&mut self, from: usize, up: bool) {
        let to = if up { from.checked_sub(1) } else { Some(from + 1) };
        if let Some(to) = to.filter(|&to| to < self.services.len() && from < self.services.len()) {
            self.services.swap(from, to);
        }
    }
}

impl Validate for Shortlist {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check.text(
            "reference",
            &self.reference,
            "the person's case reference",
            REFERENCE_MAX,
        );
        check.require(
            self.services.len() > SERVICES_MAX,
            "services",
            format!("A shortlist can hold up to {SERVICES_MAX} services"),
        );
        for (i, service) in self.services.iter().enumerate() {
            let twice = self.services[..i]
                .iter()
                .any(|s| s.service_id == service.service_id);
            check.require(twice, "services", "A service is on the shortlist twice");
            check.require(
                service.note.chars().count() > NOTE_MAX,
                &format!("services-{i}-note"),
                format!(
                    "The note for {} must be {NOTE_MAX} characters or fewer",
                    service.name
                ),
            );
        }
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn services_are_added_once_and_reordered_within_the_list() {
        let mut list = Shortlist {
            reference: "LAS-1042".into(),
            ..Shortlist::default()
        };
        assert!(list.add(id(1), "Lunch club, Silsden"));
        assert!(list.add(id(2), "Memory café, Shipley"));
        assert!(!list.add(id(1), "Lunch club, Silsden"), "once");
        list.move_one(1, true);
        assert_eq!(list.services[0].service_id, id(2));
        list.move_one(0, true);
        list.move_one(1, false);
        list.move_one(7, false);
        assert_eq!(list.services[0].service_id, id(2), "nothing moves past an end");
        assert!(list.validate().is_ok());
    }

    #[test]
    fn a_shortlist_needs_a_reference_short_notes_and_each_service_once() {
        let errors = Shortlist::default().validate().unwrap_err();
        assert!(errors.contains_key("reference"));
        let mut list = Shortlist {
            reference: "LAS-1042".into(),
            ..Shortlist::default()
        };
        list.add(id(1), "Lunch club");
        list.services[0].note = "x".repeat(NOTE_MAX + 1);
        list.services.push(list.services[0].clone());
        let errors = list.validate().unwrap_err();
        assert!(errors.contains_key("services-0-note"));
        assert!(errors.contains_key("services"));
        let long: Vec<Shortlisted> = (0..=SERVICES_MAX as u128)
            .map(|n| Shortlisted {
                service_id: id(n),
                name: format!("Service {n}"),
                note: String::new(),
            })
            .collect();
        let too_many = Shortlist {
            reference: "LAS-1".into(),
            services: long,
        };
        assert!(too_many.validate().unwrap_err().contains_key("services"));
    }
}
