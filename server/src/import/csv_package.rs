//! Reading an HSDS CSV data package (a zip of CSV files, or a folder of them): HSDS 3.0's tables
//! (`services.csv`, `service_at_location.csv`, `schedules.csv`, `attributes.csv`,
//! `taxonomy_terms.csv` …) and the older HSDS 1.1 names (`services_at_location.csv`,
//! `regular_schedules.csv`, `physical_addresses.csv`, `services_taxonomy.csv`, `taxonomy.csv`).
//! The rows are joined into whole services in the feed's JSON shape, so one reader
//! (`read::Reader`) checks them all alike.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::ImportError;

/// A table: its rows, each column by name (empty cells left out).
type Rows = Vec<Map<String, Value>>;

/// The package's tables by file name (without `.csv`).
#[derive(Default)]
pub struct Package(HashMap<String, Rows>);

/// Whether `bytes` are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn table(name: &str, bytes: &[u8]) -> Result<Rows, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::NotCsv(format!("{name}: {e}")))?
        .clone();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::NotCsv(format!("{name}, row {}: {e}", i + 2)))?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.trim().to_owned(), Value::String(v.trim().to_owned())))
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

/// The most files a zip may hold, and the most its CSV files may unpack to together: a small
/// upload must not unpack into more than the server can hold (a "zip bomb"). HSDS has 21
/// tables; the largest real feed's unpack to a few megabytes.
const ZIP_FILES_MAX: usize = 200;
const UNZIPPED_MAX: u64 = 128 * 1024 * 1024;

impl Package {
    /// The CSV files in a zip archive (in any folder inside it).
    pub fn from_zip(bytes: &[u8]) -> Result<Package, ImportError> {
        Self::from_zip_within(bytes, UNZIPPED_MAX)
    }

    fn from_zip_within(bytes: &[u8], unzipped_max: u64) -> Result<Package, ImportError> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| ImportError::NotCsv(e.to_string()))?;
        if archive.len() > ZIP_FILES_MAX {
            return Err(ImportError::NotCsv(format!(
                "the zip holds {} files; a data package has at most {ZIP_FILES_MAX}",
                archive.len()
            )));
        }
        let mut package = Package::default();
        let mut unpacked = 0u64;
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| ImportError::NotCsv(e.to_string()))?;
            let full = file
                .name()
                .map_err(|e| ImportError::NotCsv(e.to_string()))?
                .into_owned();
            let name = full.rsplit('/').next().unwrap_or_default().to_owned();
            let Some(stem) = name.strip_suffix(".csv") else {
                continue;
            };
            let mut bytes = Vec::new();
            // Read no further than the limit, whatever the zip says of its own sizes.
            (&mut file)
                .take(unzipped_max - unpacked + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| ImportError::NotCsv(e.to_string()))?;
            unpacked += bytes.len() as u64;
            if unpacked > unzipped_max {
                return Err(ImportError::NotCsv(format!(
                    "the zip's CSV files unpack to more than {} MB",
                    unzipped_max / 1024 / 1024
                )));
            }
            package.0.insert(stem.to_owned(), table(&name, &bytes)?);
        }
        Ok(package)
    }

    /// The CSV files in a folder.
    pub fn from_dir(dir: &Path) -> Result<Package, ImportError> {
        let mut package = Package::default();
        let entries =
            std::fs::read_dir(dir).map_err(|e| ImportError::NotCsv(format!("{}: {e}", dir.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let (Some(stem), Some("csv")) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.extension().and_then(|e| e.to_str()),
            ) else {
                continue;
            };
            let bytes =
                std::fs::read(&path).map_err(|e| ImportError::NotCsv(format!("{}: {e}", path.display())))?;
            package.0.insert(stem.to_owned(), table(stem, &bytes)?);
        }
        Ok(package)
    }

    /// The first of `names` the package has.
    fn rows(&self, names: &[&str]) -> &[Map<String, Value>] {
        names
            .iter()
            .find_map(|n| self.0.get(*n))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Rows of `names` grouped by `column`.
    fn by<'a>(&'a self, names: &[&str], column: &str) -> HashMap<&'a str, Vec<&'a Map<String, Value>>> {
        let mut map: HashMap<&str, Vec<&Map<String, Value>>> = HashMap::new();
        for row in self.rows(names) {
            if let Some(key) = row.get(column).and_then(Value::as_str) {
                map.entry(key).or_default().push(row);
            }
        }
        map
    }

    /// Every service, whole, as a feed would give it.
    pub fn services(&self) -> Result<Vec<Value>, ImportError> {
        let services = self.rows(&["services"]);
        if services.is_empty() {
            return Err(ImportError::NoServices);
        }
        let one = |names: &[&str]| -> HashMap<&str, &Map<String, Value>> {
            self.rows(names)
                .iter()
                .filter_map(|r| Some((r.get("id")?.as_str()?, r)))
                .collect()
        };
        let organizations = one(&["organizations"]);
        let identifiers = self.by(&["organization_identifiers"], "organization_id");
        let addresses = self.by(&["addresses", "address", "physical_addresses"], "location_id");
        let access = self.by(
            &["accessibility", "accessibility_for_disabilities"],
            "location_id",
        );
        let locations: HashMap<&str, Value> = self
            .rows(&["locations"])
            .iter()
            .filter_map(|l| {
                let id = l.get("id")?.as_str()?;
                let mut loc = l.clone();
                let list = |m: &HashMap<&str, Vec<&Map<String, Value>>>| {
                    Value::Array(
                        m.get(id)
                            .into_iter()
                            .flatten()
                            .map(|r| Value::Object((*r).clone()))
                            .collect(),
                    )
                };
                loc.insert("addresses".into(), list(&addresses));
                loc.insert("accessibility".into(), list(&access));
                Some((id, Value::Object(loc)))
            })
            .collect();
        let places = self.by(&["service_at_location", "services_at_location"], "service_id");
        let schedules = self.by(&["schedules", "schedule", "regular_schedules"], "service_id");
        let place_schedules = self.by(
            &["schedules", "schedule", "regular_schedules"],
            "service_at_location_id",
        );
        let areas = self.by(&["service_areas"], "service_id");
        let languages = self.by(&["languages"], "service_id");
        let costs = self.by(&["cost_options"], "service_id");
        let contacts = self.by(&["contacts"], "service_id");
        let phones = self.by(&["phones"], "service_id");
        let contact_phones = self.by(&["phones"], "contact_id");
        // HSDS 3.0: attributes link a service to a term; 1.1: services_taxonomy.
        let attributes = self.by(&["attributes", "attribute"], "link_id");
        let old_links = self.by(&["services_taxonomy"], "service_id");
        let terms = one(&["taxonomy_terms", "taxonomy"]);
        let taxonomies = one(&["taxonomies"]);

        let rows = |m: &HashMap<&str, Vec<&Map<String, Value>>>, key: &str| -> Vec<Value> {
            m.get(key)
                .into_iter()
                .flatten()
                .map(|r| Value::Object((*r).clone()))
                .collect()
        };
        let term_json = |id: &str| -> Option<Value> {
            let t = terms.get(id)?;
            let mut term = (*t).clone();
            if let Some(taxonomy) = t
                .get("taxonomy_id")
                .and_then(Value::as_str)
                .and_then(|tid| taxonomies.get(tid))
            {
                term.insert("taxonomy_detail".into(), Value::Object((*taxonomy).clone()));
            }
            // HSDS 1.1 names a term's parent `parent_id` and its taxonomy `vocabulary`, as 3.0 does.
            Some(Value::Object(term))
        };

        Ok(services
            .iter()
            .map(|s| {
                let mut service = s.clone();
                let id = s.get("id").and_then(Value::as_str).unwrap_or_default();
                if let Some(org) = s
                    .get("organization_id")
                    .and_then(Value::as_str)
                    .and_then(|o| organizations.get(o))
                {
                    let mut org = (*org).clone();
                    if let Some(url) = org.remove("url") {
                        org.entry("website").or_insert(url);
                    }
                    let org_id = org
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    org.insert(
                        "organization_identifiers".into(),
                        Value::Array(rows(&identifiers, &org_id)),
                    );
                    service.insert("organization".into(), Value::Object(org));
                }
                let sal: Vec<Value> = places
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        let pid = p.get("id").and_then(Value::as_str).unwrap_or_default();
                        let location = p
                            .get("location_id")
                            .and_then(Value::as_str)
                            .and_then(|l| locations.get(l))
                            .cloned()
                            .unwrap_or(Value::Null);
                        json!({"id": pid, "location": location, "schedules": rows(&place_schedules, pid)})
                    })
                    .collect();
                service.insert("service_at_locations".into(), Value::Array(sal));
                let own: Vec<Value> = rows(&schedules, id)
                    .into_iter()
                    .filter(|x| x.get("service_at_location_id").is_none())
                    .collect();
                service.insert("schedules".into(), Value::Array(own));
                service.insert("service_areas".into(), Value::Array(rows(&areas, id)));
                service.insert("languages".into(), Value::Array(rows(&languages, id)));
                service.insert("cost_options".into(), Value::Array(rows(&costs, id)));
                service.insert("phones".into(), Value::Array(rows(&phones, id)));
                let with_phones: Vec<Value> = contacts
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        let mut c = (*c).clone();
                        let cid = c.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
                        c.insert("phones".into(), Value::Array(rows(&contact_phones, &cid)));
                        Value::Object(c)
                    })
                    .collect();
                service.insert("contacts".into(), Value::Array(with_phones));
                let linked: Vec<Value> = attributes
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.get("taxonomy_term_id")?.as_str())
                    .chain(
                        old_links
                            .get(id)
                            .into_iter()
                            .flatten()
                            .filter_map(|l| l.get("taxonomy_id")?.as_str()),
                    )
                    .filter_map(term_json)
                    .collect();
                service.insert("taxonomy_terms".into(), Value::Array(linked));
                service.remove("taxonomy_ids");
                Value::Object(service)
            })
            .collect())
    }
}

#[cfg(test)]
mod zip_limits {
    use std::io::Write;

    use super::*;

    fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in files {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_that_unpacks_past_the_limit_is_refused_unread() {
        // 3 MB of one letter: a few kilobytes zipped.
        let mut big = b"id,name\n".to_vec();
        big.extend(std::iter::repeat_n(b'a', 3 * 1024 * 1024));
        let bomb = zip_of(&[("organizations.csv", big)]);
        assert!(bomb.len() < 64 * 1024);
        let Err(refused) = Package::from_zip_within(&bomb, 2 * 1024 * 1024) else {
            panic!("a zip past the limit was read")
        };
        assert!(
            refused.to_string().contains("unpack to more than 2 MB"),
            "{refused}"
        );
        let small = zip_of(&[("organizations.csv", b"id,name\n1,A\n".to_vec())]);
        assert!(Package::from_zip_within(&small, 2 * 1024 * 1024).is_ok());
    }

    #[test]
    fn a_zip_of_too_many_files_is_refused() {
        let files: Vec<(String, Vec<u8>)> = (0..=ZIP_FILES_MAX)
            .map(|i| (format!("f{i}.txt"), Vec::new()))
            .collect();
        let borrowed: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let Err(refused) = Package::from_zip(&zip_of(&borrowed)) else {
            panic!("a zip of too many files was read")
        };
        assert!(refused.to_string().contains("at most 200"), "{refused}");
    }
}
