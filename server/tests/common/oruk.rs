//! The published Open Referral UK 3.0 schemas, read where they are (`../shared/oruk/`) at test
//! time, and a validator that resolves their `https://openreferraluk.org/…` references to the
//! local copies (the tests never reach the network).

use std::path::PathBuf;

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

/// The shared folder beside the project (CI clones the project next to it), or
/// `TOUCHSTONE_SHARED_DIR`.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("TOUCHSTONE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    assert!(
        dir.join("oruk").is_dir(),
        "{} has no oruk/: the tests read the ORUK schemas and feeds from the shared folder beside the project",
        dir.display()
    );
    dir
}

pub fn schema_dir() -> PathBuf {
    shared_dir()
        .join("oruk/schemas/tpximpact-oruk-standard-and-website@main/public/specifications/3.0/schema")
}

fn read(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Answers the schemas' references from the local copies, by file name.
struct Local(PathBuf);

impl Retrieve for Local {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let path = self.0.join(name);
        if !path.is_file() {
            return Err(format!("no local schema for {uri}").into());
        }
        Ok(read(&path))
    }
}

/// A validator for `name` (`service.json`), with formats (uuid, uri, email, date-time) asserted,
/// as the ORUK validator does.
pub fn validator(name: &str) -> Validator {
    let dir = schema_dir();
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Local(dir.clone()))
        .build(&read(&dir.join(name)))
        .unwrap_or_else(|e| panic!("schema {name}: {e}"))
}

/// Panics listing every way `value` breaks schema `name`.
pub fn assert_valid(name: &str, value: &Value) {
    let validator = validator(name);
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{value:#}");
}

/// Panics at any `null`, `""` or `[]` (ORUK: leave empty values out).
pub fn assert_no_empties(value: &Value, at: &str) {
    match value {
        Value::Null => panic!("null at {at}"),
        Value::String(s) if s.is_empty() => panic!("empty string at {at}"),
        Value::Array(a) if a.is_empty() => panic!("empty list at {at}"),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_no_empties(v, &format!("{at}/{i}"))),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            // `contents` of an empty page is the one list allowed to be empty.
            if !(k == "contents" && v.as_array().is_some_and(|a| a.is_empty())) {
                assert_no_empties(v, &format!("{at}/{k}"))
            }
        }),
        _ => {}
    }
}
