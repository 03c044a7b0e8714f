//! Reading a service's smaller parts: areas, languages, costs, phones, contacts and categories
//! (with the taxonomies they come from, kept under their own ids).

use serde_json::Value;
use shared::api::directory::ProblemOutcome;
use shared::directory::service::looks_like_phone;
use shared::directory::{Contact, CostOption, Language, Phone, ServiceArea, Taxonomy, TaxonomyTerm};
use uuid::Uuid;

use super::clean::{self, text};
use super::read::{Reader, list};

impl Reader {
    pub(super) fn areas(&mut self, record: &str, v: &Value) -> Vec<ServiceArea> {
        list(v)
            .iter()
            .filter_map(|a| {
                let name = text(&a["name"]).or_else(|| text(&a["service_area"]))?;
                Some(ServiceArea {
                    id: self
                        .id(record, "service_areas.id", &a["id"])
                        .unwrap_or_else(Uuid::now_v7),
                    name: clean::plain(&name),
                    uri: text(&a["uri"]),
                })
            })
            .collect()
    }

    pub(super) fn languages(&mut self, record: &str, v: &Value) -> Vec<Language> {
        list(v)
            .iter()
            .filter_map(|l| {
                let name = text(&l["name"])
                    .or_else(|| text(&l["language"]))
                    .or_else(|| l.as_str().map(str::to_owned))?;
                Some(Language {
                    id: self
                        .id(record, "languages.id", &l["id"])
                        .unwrap_or_else(Uuid::now_v7),
                    name,
                    code: text(&l["code"]),
                })
            })
            .collect()
    }

    pub(super) fn costs(&mut self, record: &str, v: &Value) -> Vec<CostOption> {
        list(v)
            .iter()
            .map(|c| {
                let amount = clean::number(&c["amount"]).filter(|a| a.is_finite() && *a >= 0.0);
                CostOption {
                    id: self
                        .id(record, "cost_options.id", &c["id"])
                        .unwrap_or_else(Uuid::now_v7),
                    option: text(&c["option"]),
                    amount,
                    amount_description: text(&c["amount_description"]),
                }
            })
            .collect()
    }

    pub(super) fn phones(&mut self, record: &str, field: &str, v: &Value) -> Vec<Phone> {
        list(v)
            .iter()
            .filter_map(|p| {
                let number = text(&p["number"])?.trim_matches('"').to_owned();
                if !looks_like_phone(&number) {
                    self.problem(
                        record,
                        field,
                        format!("{number} is not a telephone number"),
                        ProblemOutcome::Dropped,
                    );
                    return None;
                }
                Some(Phone {
                    id: self
                        .id(record, &format!("{field}.id"), &p["id"])
                        .unwrap_or_else(Uuid::now_v7),
                    number,
                    description: text(&p["description"]),
                })
            })
            .collect()
    }

    pub(super) fn contacts(&mut self, record: &str, v: &Value) -> Vec<Contact> {
        list(v)
            .iter()
            .map(|c| Contact {
                id: self
                    .id(record, "contacts.id", &c["id"])
                    .unwrap_or_else(Uuid::now_v7),
                name: text(&c["name"]),
                title: text(&c["title"]),
                phones: self.phones(record, "contacts.phones", &c["phones"]),
            })
            .collect()
    }

    /// The service's categories: ORUK 3.0 `attributes` with their terms, ORUK 1.0
    /// `service_taxonomys`, or HSDS `taxonomy_terms`. Each term is kept with its own id in its
    /// own taxonomy.
    pub(super) fn categories(&mut self, record: &str, v: &Value) -> Vec<Uuid> {
        let mut ids = Vec::new();
        let terms = list(&v["attributes"])
            .iter()
            .map(|a| &a["taxonomy_term"])
            .chain(list(&v["service_taxonomys"]).iter().map(|t| &t["taxonomy"]))
            .chain(list(&v["taxonomy_terms"]).iter());
        for t in terms.collect::<Vec<_>>() {
            if let Some(id) = self.term(record, t)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids
    }

    pub(super) fn term(&mut self, record: &str, t: &Value) -> Option<Uuid> {
        let id = self.id(record, "taxonomy_term.id", &t["id"])?;
        if self.terms.contains_key(&id) {
            return Some(id);
        }
        let name = text(&t["name"])?;
        let detail = &t["taxonomy_detail"];
        let taxonomy_name = text(&detail["name"])
            .or_else(|| text(&t["taxonomy"]))
            .or_else(|| text(&t["vocabulary"]))
            .unwrap_or_else(|| "Imported categories".into());
        let taxonomy_id = clean::uuid(&detail["id"])
            .or_else(|| clean::uuid(&t["taxonomy_id"]))
            .map_or_else(
                || Uuid::new_v5(&Uuid::NAMESPACE_URL, taxonomy_name.as_bytes()),
                |(id, _)| id,
            );
        self.taxonomies.entry(taxonomy_id).or_insert_with(|| Taxonomy {
            id: taxonomy_id,
            name: taxonomy_name.clone(),
            description: text(&detail["description"])
                .unwrap_or_else(|| format!("{taxonomy_name}, as imported")),
            uri: text(&detail["uri"]),
            version: text(&detail["version"]),
            terms: Vec::new(),
        });
        // A parent is kept only when the feed has it too (checked once all are read).
        let parent_id = clean::uuid(&t["parent_id"])
            .or_else(|| clean::uuid(&t["parent"]))
            .map(|(id, _)| id);
        let term = TaxonomyTerm {
            id,
            code: text(&t["code"]),
            description: text(&t["description"])
                .map(|d| clean::plain(&d))
                .unwrap_or_else(|| name.clone()),
            name,
            parent_id,
            term_uri: text(&t["term_uri"]),
        };
        self.terms.insert(id, (taxonomy_id, term));
        Some(id)
    }
}
