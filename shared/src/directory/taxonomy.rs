//! Categories of community assets (an HSDS taxonomy), and the one Touchstone ships.
//!
//! The shipped taxonomy is data (`shared/data/taxonomy.json`), written for adult social care:
//! the things practitioners connect people with, each with a description a person can read.
//! Its ids are fixed (UUIDv5 of each term's code), so every installation, import and export
//! agrees on them. Imported taxonomies (an ORUK feed's LGA/esd service list) keep their own ids
//! and URIs beside it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::validate::{Check, Validate};

/// A taxonomy: a named list of terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Taxonomy {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// Where the taxonomy is published, for one imported from elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<TaxonomyTerm>,
}

/// One category; a term with a parent is one of its kinds ("Memory cafés" under "Dementia").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxonomyTerm {
    pub id: Uuid,
    /// A short stable code within its taxonomy (`dementia.memory-cafes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    /// The term's own address, for one imported from a published taxonomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
}

/// The taxonomy Touchstone ships for adult social care.
pub fn shipped() -> Taxonomy {
    serde_json::from_str(include_str!("../../data/taxonomy.json"))
        .expect("the shipped taxonomy is valid JSON (tested)")
}

impl Taxonomy {
    /// `term` and every term under it, at any depth: what a search "in this category" covers.
    pub fn with_descendants(&self, term: Uuid) -> BTreeSet<Uuid> {
        let mut children: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for t in &self.terms {
            if let Some(parent) = t.parent_id {
                children.entry(parent).or_default().push(t.id);
            }
        }
        let mut found = BTreeSet::new();
        let mut next = vec![term];
        while let Some(id) = next.pop() {
            if found.insert(id) {
                next.extend(children.get(&id).into_iter().flatten());
            }
        }
        found
    }

    /// The terms at the top, in order: what a person browses first.
    pub fn top_level(&self) -> impl Iterator<Item = &TaxonomyTerm> {
        self.terms.iter().filter(|t| t.parent_id.is_none())
    }
}

impl Validate for Taxonomy {
    /// Names and descriptions present, ids and codes unique, every parent a term of this
    /// taxonomy, and no term its own ancestor.
    fn validate(&self) -> Result<(), FieldErrors> {
        let ids: BTreeSet<Uuid> = self.terms.iter().map(|t| t.id).collect();
        let codes: Vec<&str> = self.terms.iter().filter_map(|t| t.code.as_deref()).collect();
        let unique_codes: BTreeSet<&str> = codes.iter().copied().collect();
        let parents: BTreeMap<Uuid, Uuid> = self
            .terms
            .iter()
            .filter_map(|t| t.parent_id.map(|p| (t.id, p)))
            .collect();
        let cyclic = self.terms.iter().any(|t| {
            let mut seen = BTreeSet::from([t.id]);
            let mut at = t.id;
            while let Some(&parent) = parents.get(&at) {
                if !seen.insert(parent) {
                    return true;
                }
                at = parent;
            }
            false
        });
        Check::new()
            .require(self.name.trim().is_empty(), "name", "Enter the taxonomy's name")
            .require(
                self.terms
                    .iter()
                    .any(|t| t.name.trim().is_empty() || t.description.trim().is_empty()),
                "terms",
                "Every category needs a name and a description",
            )
            .require(
                ids.len() != self.terms.len(),
                "terms",
                "Two categories have the same id",
            )
            .require(
                unique_codes.len() != codes.len(),
                "terms",
                "Two categories have the same code",
            )
            .require(
                parents.values().any(|p| !ids.contains(p)),
                "terms",
                "A category's parent is not in this taxonomy",
            )
            .require(cyclic, "terms", "A category is inside itself")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_of(taxonomy: &Taxonomy, code: &str) -> Uuid {
        taxonomy
            .terms
            .iter()
            .find(|t| t.code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("no term {code}"))
            .id
    }

    #[test]
    fn the_shipped_taxonomy_is_valid_and_covers_adult_social_care() {
        let taxonomy = shipped();
        assert_eq!(taxonomy.validate(), Ok(()));
        let top: Vec<&str> = taxonomy.top_level().map(|t| t.name.as_str()).collect();
        for wanted in [
            "Community groups and activities",
            "Befriending",
            "Carers' support",
            "Day opportunities",
            "Dementia",
            "Learning disability",
            "Mental health and wellbeing",
            "Physical activity",
            "Faith and culture",
            "Food",
            "Money and benefits advice",
            "Housing",
            "Transport",
            "Digital skills",
            "Advocacy",
            "Volunteering",
        ] {
            assert!(top.contains(&wanted), "{wanted} is missing from {top:?}");
        }
    }

    #[test]
    fn ids_are_fixed_by_code() {
        let taxonomy = shipped();
        let namespace = Uuid::parse_str("6f1c0b9e-4f55-4a8c-9d43-0b7a1f0e2c11").unwrap();
        for term in &taxonomy.terms {
            let code = term.code.as_deref().expect("every shipped term has a code");
            assert_eq!(term.id, Uuid::new_v5(&namespace, code.as_bytes()), "{code}");
        }
    }

    #[test]
    fn a_category_covers_its_kinds() {
        let taxonomy = shipped();
        let advocacy = taxonomy.with_descendants(id_of(&taxonomy, "advocacy"));
        assert!(advocacy.contains(&id_of(&taxonomy, "advocacy.imca")));
        assert!(advocacy.contains(&id_of(&taxonomy, "advocacy")));
        assert!(!advocacy.contains(&id_of(&taxonomy, "dementia")));
        let imca = taxonomy.with_descendants(id_of(&taxonomy, "advocacy.imca"));
        assert_eq!(imca.len(), 1);
    }

    #[test]
    fn broken_taxonomies_are_refused() {
        let mut taxonomy = shipped();
        taxonomy.terms[1].parent_id = Some(Uuid::nil());
        assert!(taxonomy.validate().unwrap_err().contains_key("terms"));

        let mut taxonomy = shipped();
        let (a, b) = (taxonomy.terms[0].id, taxonomy.terms[1].id);
        taxonomy.terms[0].parent_id = Some(b);
        taxonomy.terms[1].parent_id = Some(a);
        assert!(taxonomy.validate().is_err(), "a loop");

        let mut taxonomy = shipped();
        taxonomy.terms[2].code = taxonomy.terms[3].code.clone();
        assert!(taxonomy.validate().is_err(), "a repeated code");

        let mut taxonomy = shipped();
        taxonomy.terms[0].description = " ".into();
        assert!(taxonomy.validate().is_err(), "no description");
    }
}
