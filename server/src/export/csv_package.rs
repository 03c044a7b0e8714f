//! The directory as an HSDS 3.0 CSV data package: one CSV file per table, named and with the
//! columns HSDS 3.0 gives them, and a `datapackage.json` listing them, zipped.

use std::io::Write;

use shared::directory::schedule::{byday_text, bymonthday_text};
use shared::directory::{Frequency, Service};
use uuid::Uuid;

use super::Everything;

/// One CSV file being written.
struct Table {
    name: &'static str,
    writer: csv::Writer<Vec<u8>>,
}

impl Table {
    fn new(name: &'static str, columns: &[&str]) -> anyhow::Result<Table> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(columns)?;
        Ok(Table { name, writer })
    }

    fn row(&mut self, values: &[String]) -> anyhow::Result<()> {
        self.writer.write_record(values)?;
        Ok(())
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The zip's bytes.
pub fn write(all: &Everything) -> anyhow::Result<Vec<u8>> {
    let mut organizations = Table::new(
        "organizations",
        &["id", "name", "description", "email", "website"],
    )?;
    let mut identifiers = Table::new(
        "organization_identifiers",
        &[
            "id",
            "organization_id",
            "identifier_scheme",
            "identifier_type",
            "identifier",
        ],
    )?;
    for o in &all.organizations {
        organizations.row(&[
            o.id.to_string(),
            o.name.clone(),
            o.description.clone(),
            opt(&o.email),
            opt(&o.website),
        ])?;
        if let Some(number) = &o.charity_number {
            let id = Uuid::new_v5(&o.id, b"charity-number");
            identifiers.row(&[
                id.to_string(),
                o.id.to_string(),
                "GB-CHC".into(),
                "Charity number".into(),
                number.clone(),
            ])?;
        }
    }
    let mut locations = Table::new(
        "locations",
        &[
            "id",
            "location_type",
            "name",
            "description",
            "latitude",
            "longitude",
        ],
    )?;
    let mut addresses = Table::new(
        "addresses",
        &[
            "id",
            "location_id",
            "address_1",
            "address_2",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    )?;
    let mut accessibility = Table::new(
        "accessibility",
        &["id", "location_id", "description", "details", "url"],
    )?;
    for l in &all.locations {
        let kind = l.location_type.as_str().to_owned();
        locations.row(&[
            l.id.to_string(),
            kind.clone(),
            opt(&l.name),
            opt(&l.description),
            show(l.latitude),
            show(l.longitude),
        ])?;
        for a in &l.addresses {
            addresses.row(&[
                a.id.to_string(),
                l.id.to_string(),
                a.address_1.clone(),
                opt(&a.address_2),
                a.city.clone(),
                a.state_province.clone(),
                a.postal_code.clone(),
                a.country.clone(),
                kind.clone(),
            ])?;
        }
        for a in &l.accessibility {
            accessibility.row(&[
                a.id.to_string(),
                l.id.to_string(),
                a.description.clone(),
                opt(&a.details),
                opt(&a.url),
            ])?;
        }
    }
    let mut taxonomies = Table::new("taxonomies", &["id", "name", "description", "uri", "version"])?;
    let mut terms = Table::new(
        "taxonomy_terms",
        &[
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "taxonomy_id",
            "term_uri",
        ],
    )?;
    for t in &all.taxonomies {
        taxonomies.row(&[
            t.id.to_string(),
            t.name.clone(),
            t.description.clone(),
            opt(&t.uri),
            opt(&t.version),
        ])?;
        for term in &t.terms {
            terms.row(&[
                term.id.to_string(),
                opt(&term.code),
                term.name.clone(),
                term.description.clone(),
                show(term.parent_id),
                t.name.clone(),
                t.id.to_string(),
                opt(&term.term_uri),
            ])?;
        }
    }
    let mut services = Table::new(
        "services",
        &[
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "alert",
            "last_modified",
        ],
    )?;
    let mut places = Table::new("service_at_location", &["id", "service_id", "location_id"])?;
    let mut schedules = Table::new(
        "schedules",
        &[
            "id",
            "service_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "freq",
            "interval",
            "byday",
            "bymonthday",
            "description",
            "opens_at",
            "closes_at",
        ],
    )?;
    let mut areas = Table::new("service_areas", &["id", "service_id", "name", "uri"])?;
    let mut languages = Table::new("languages", &["id", "service_id", "name", "code"])?;
    let mut costs = Table::new(
        "cost_options",
        &["id", "service_id", "option", "amount", "amount_description"],
    )?;
    let mut contacts = Table::new("contacts", &["id", "service_id", "name", "title"])?;
    let mut phones = Table::new(
        "phones",
        &["id", "service_id", "contact_id", "number", "description"],
    )?;
    let mut attributes = Table::new("attributes", &["id", "link_id", "link_type", "taxonomy_term_id"])?;
    for s in &all.services {
        service_rows(s, &mut services)?;
        let sid = s.id.to_string();
        for x in &s.schedules {
            schedules.row(&schedule_row(x, &sid, ""))?;
        }
        for p in &s.service_at_locations {
            places.row(&[p.id.to_string(), sid.clone(), p.location_id.to_string()])?;
            for x in &p.schedules {
                schedules.row(&schedule_row(x, "", &p.id.to_string()))?;
            }
        }
        for a in &s.service_areas {
            areas.row(&[a.id.to_string(), sid.clone(), a.name.clone(), opt(&a.uri)])?;
        }
        for l in &s.languages {
            languages.row(&[l.id.to_string(), sid.clone(), l.name.clone(), opt(&l.code)])?;
        }
        for c in &s.cost_options {
            costs.row(&[
                c.id.to_string(),
                sid.clone(),
                opt(&c.option),
                show(c.amount),
                opt(&c.amount_description),
            ])?;
        }
        for p in &s.phones {
            phones.row(&[
                p.id.to_string(),
                sid.clone(),
                String::new(),
                p.number.clone(),
                opt(&p.description),
            ])?;
        }
        for c in &s.contacts {
            contacts.row(&[c.id.to_string(), sid.clone(), opt(&c.name), opt(&c.title)])?;
            for p in &c.phones {
                phones.row(&[
                    p.id.to_string(),
                    String::new(),
                    c.id.to_string(),
                    p.number.clone(),
                    opt(&p.description),
                ])?;
            }
        }
        for term in &s.taxonomy_term_ids {
            let id = Uuid::new_v5(&s.id, term.as_bytes());
            attributes.row(&[id.to_string(), sid.clone(), "service".into(), term.to_string()])?;
        }
    }
    let tables = [
        organizations,
        identifiers,
        services,
        locations,
        addresses,
        accessibility,
        places,
        schedules,
        areas,
        languages,
        costs,
        contacts,
        phones,
        taxonomies,
        terms,
        attributes,
    ];
    zip(tables)
}

fn service_rows(s: &Service, services: &mut Table) -> anyhow::Result<()> {
    services.row(&[
        s.id.to_string(),
        s.organization_id.to_string(),
        s.name.clone(),
        s.description.clone(),
        opt(&s.url),
        opt(&s.email),
        s.status.as_str().to_owned(),
        show(s.minimum_age),
        show(s.maximum_age),
        show(s.assured_date),
        opt(&s.assurer_email),
        opt(&s.alert),
        s.last_modified
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    ])
}

fn schedule_row(x: &shared::directory::Schedule, service_id: &str, place_id: &str) -> Vec<String> {
    vec![
        x.id.to_string(),
        service_id.to_owned(),
        place_id.to_owned(),
        show(x.valid_from),
        show(x.valid_to),
        show(x.dtstart),
        match x.freq {
            Frequency::Weekly => "WEEKLY".into(),
            Frequency::Monthly => "MONTHLY".into(),
        },
        x.interval.to_string(),
        byday_text(&x.byday),
        bymonthday_text(&x.bymonthday),
        x.description.clone(),
        show(x.opens_at.map(|t| t.format("%H:%M:%S"))),
        show(x.closes_at.map(|t| t.format("%H:%M:%S"))),
    ]
}

fn zip<const N: usize>(tables: [Table; N]) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut resources = Vec::new();
    for table in tables {
        let path = format!("{}.csv", table.name);
        zip.start_file(path.as_str(), options)?;
        zip.write_all(&table.writer.into_inner()?)?;
        resources.push(serde_json::json!({
            "name": table.name, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
        }));
    }
    let package = serde_json::json!({
        "name": "touchstone-directory",
        "title": "Touchstone community-assets directory (HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": resources,
    });
    zip.start_file("datapackage.json", options)?;
    zip.write_all(serde_json::to_string_pretty(&package)?.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}
