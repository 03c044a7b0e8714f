//! Importing a directory: an Open Referral feed (ORUK 3.0 / HSDS 3.0 JSON, or ORUK 1.0 as
//! councils publish it), first as a dry run that lists every problem by record and field, then
//! applied in one transaction. Records keep their ids, so importing the same feed again updates
//! in place. Commissioners upload from the app; administrators run
//! `touchstone import-directory FILE|URL [--dry-run]`.

pub mod clean;
pub mod csv_package;
pub mod fetch;
mod parts;
mod place;
pub mod postcodes;
pub mod read;

use std::collections::HashSet;

use serde_json::Value;
use shared::UserId;
use shared::api::directory::{ChangeSource, ImportReport};

use crate::store::directory::ChangedBy;
use crate::store::{Store, StoreError};
use read::Reader;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The file is not JSON: {0}")]
    NotJson(String),
    #[error(
        "The file holds no services: expected a list of services, a page with `contents`, or one service"
    )]
    NoServices,
    #[error("The CSV data package could not be read: {0}")]
    NotCsv(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The report in words, for the command line: counts, then each problem on a line.
pub fn describe(report: &ImportReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let verb = if report.dry_run { "Would create" } else { "Created" };
    let _ = writeln!(
        out,
        "{} feed: {} services found, {} skipped. {verb} {}, updated {}, unchanged {}. \
         {} organisations, {} places, {} imported categories.",
        report.format,
        report.services_found,
        report.services_skipped,
        report.created,
        report.updated,
        report.unchanged,
        report.organizations,
        report.locations,
        report.taxonomy_terms,
    );
    for p in &report.problems {
        let outcome = match p.outcome {
            shared::api::directory::ProblemOutcome::Fixed => "fixed",
            shared::api::directory::ProblemOutcome::Dropped => "dropped",
            shared::api::directory::ProblemOutcome::Skipped => "skipped",
        };
        let _ = writeln!(out, "  {outcome:<8} {} · {}: {}", p.record, p.field, p.message);
    }
    if !report.ignored_fields.is_empty() {
        let fields: Vec<String> = report
            .ignored_fields
            .iter()
            .map(|(f, n)| format!("{f} ({n})"))
            .collect();
        let _ = writeln!(out, "Fields not kept: {}", fields.join(", "));
    }
    if report.dry_run {
        let _ = writeln!(
            out,
            "Dry run: nothing was stored. Run again without --dry-run to apply it."
        );
    }
    out
}

/// Reads the services of feed documents (the pages of one feed) into one reader.
pub fn read_documents(docs: &[Value]) -> Result<Reader, ImportError> {
    let mut reader = Reader::default();
    let mut any = false;
    for doc in docs {
        for service in read::services_of(doc) {
            any = true;
            reader.service(service);
        }
    }
    if !any {
        return Err(ImportError::NoServices);
    }
    Ok(reader)
}

pub fn parse_json(bytes: &[u8]) -> Result<Value, ImportError> {
    serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson(e.to_string()))
}

/// A feed to import, as it came.
pub enum Feed {
    /// JSON documents: one file, or the pages of a feed.
    Json(Vec<Value>),
    /// An HSDS CSV data package.
    Csv(csv_package::Package),
}

impl Feed {
    /// A file's bytes: a zip is a CSV data package; anything else must be JSON.
    pub fn from_bytes(bytes: &[u8]) -> Result<Feed, ImportError> {
        if csv_package::is_zip(bytes) {
            Ok(Feed::Csv(csv_package::Package::from_zip(bytes)?))
        } else {
            Ok(Feed::Json(vec![parse_json(bytes)?]))
        }
    }
}

/// Checks and (unless `dry_run`) applies a feed to the directory.
pub async fn import_feed(
    store: &dyn Store,
    feed: &Feed,
    dry_run: bool,
    by: Option<UserId>,
) -> Result<ImportReport, ImportError> {
    match feed {
        Feed::Json(docs) => import(store, docs, dry_run, by).await,
        Feed::Csv(package) => {
            let services = package.services()?;
            let mut reader = Reader::default();
            for service in &services {
                reader.service(service);
            }
            apply(store, reader, "HSDS CSV", dry_run, by).await
        }
    }
}

/// Checks and (unless `dry_run`) applies feed documents to the directory.
pub async fn import(
    store: &dyn Store,
    docs: &[Value],
    dry_run: bool,
    by: Option<UserId>,
) -> Result<ImportReport, ImportError> {
    let reader = read_documents(docs)?;
    let format = if reader.oruk1 {
        "ORUK 1.0"
    } else {
        "ORUK 3.0 / HSDS 3.0"
    };
    apply(store, reader, format, dry_run, by).await
}

async fn apply(
    store: &dyn Store,
    mut reader: Reader,
    format: &str,
    dry_run: bool,
    by: Option<UserId>,
) -> Result<ImportReport, ImportError> {
    let existing = store.directory().taxonomies().await?;
    let known: HashSet<_> = existing
        .iter()
        .flat_map(|t| t.terms.iter().map(|term| term.id))
        .collect();
    reader.settle_terms(&known);
    let (found, skipped) = (reader.found, reader.skipped);
    let (mut batch, problems, ignored_fields) = reader.into_batch();
    // An import adds categories; it never rewrites ones the directory has (the shipped terms'
    // codes and order, a commissioner's wording), nor a known taxonomy's own details.
    for taxonomy in &mut batch.taxonomies {
        taxonomy.terms.retain(|t| !known.contains(&t.id));
        if let Some(kept) = existing.iter().find(|t| t.id == taxonomy.id) {
            taxonomy.name.clone_from(&kept.name);
            taxonomy.description.clone_from(&kept.description);
            taxonomy.uri.clone_from(&kept.uri);
            taxonomy.version.clone_from(&kept.version);
        }
    }
    let changed_by = ChangedBy {
        user: by,
        source: ChangeSource::Import,
    };
    let written = if dry_run {
        store.directory().rehearse_directory(&batch, changed_by).await?
    } else {
        store.directory().write_directory(&batch, changed_by).await?
    };
    Ok(ImportReport {
        format: format.to_owned(),
        dry_run,
        services_found: found,
        services_skipped: skipped,
        created: written.created,
        updated: written.updated,
        unchanged: written.unchanged,
        organizations: batch.organizations.len() as u64,
        locations: batch.locations.len() as u64,
        taxonomy_terms: batch.taxonomies.iter().map(|t| t.terms.len() as u64).sum(),
        problems,
        ignored_fields,
    })
}
