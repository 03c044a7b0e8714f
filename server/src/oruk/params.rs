//! The feed's query parameters, as the ORUK OpenAPI names them, read into the directory's
//! `ServiceQuery`. A parameter that does not parse is a 400 naming it; `format`, `minimal`,
//! `full` and parameters the feed does not know are ignored, as HSDS allows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use shared::FieldErrors;
use shared::api::directory::{PER_PAGE_DEFAULT, ServiceQuery};
use uuid::Uuid;

use crate::error::AppError;

/// Everything arrives as text, so each bad value gets its own message.
#[derive(Debug, Default, Deserialize)]
pub struct FeedParams {
    pub search: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub taxonomy_term_id: Option<String>,
    pub taxonomy_id: Option<String>,
    pub organization_id: Option<String>,
    pub modified_after: Option<String>,
    pub minimum_age: Option<String>,
    pub maximum_age: Option<String>,
    pub parent_id: Option<String>,
    pub top_only: Option<String>,
    /// `/service_at_locations`: nearest to this postcode's centre first.
    pub postcode: Option<String>,
    /// With `postcode`: only places within this many metres of its centre.
    pub proximity: Option<String>,
}

/// Collects each parameter's problem.
#[derive(Default)]
struct Problems(FieldErrors);

impl Problems {
    fn read<T>(
        &mut self,
        name: &str,
        value: &Option<String>,
        parse: impl Fn(&str) -> Option<T>,
        expect: &str,
    ) -> Option<T> {
        let raw = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        let parsed = parse(raw);
        if parsed.is_none() {
            self.0
                .entry(name.to_owned())
                .or_default()
                .push(format!("{name} must be {expect}"));
        }
        parsed
    }
}

/// A date-time (`2026-12-01T09:00:00Z`) or a date (midnight UTC that day).
fn instant(v: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            v.parse::<NaiveDate>()
                .ok()
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        })
}

/// The page asked for: `page` from 1, `per_page` from 1 (above the most a page holds, the most).
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl FeedParams {
    pub fn paging(&self) -> Result<Paging, AppError> {
        let mut p = Problems::default();
        let page = p.read(
            "page",
            &self.page,
            |v| v.parse::<u32>().ok().filter(|n| *n >= 1),
            "a whole number from 1",
        );
        let per_page = p.read(
            "per_page",
            &self.per_page,
            |v| v.parse::<u32>().ok().filter(|n| *n >= 1),
            "a whole number from 1",
        );
        finish(p)?;
        Ok(Paging {
            page: page.unwrap_or(1),
            per_page: per_page
                .unwrap_or(PER_PAGE_DEFAULT)
                .min(shared::api::directory::PER_PAGE_MAX),
        })
    }

    pub fn uuid(&self, name: &str, value: &Option<String>) -> Result<Option<Uuid>, AppError> {
        let mut p = Problems::default();
        let id = p.read(name, value, |v| v.parse().ok(), "a UUID");
        finish(p)?;
        Ok(id)
    }

    pub fn top_only(&self) -> Result<bool, AppError> {
        let mut p = Problems::default();
        let top = p.read(
            "top_only",
            &self.top_only,
            |v| v.parse::<bool>().ok(),
            "true or false",
        );
        finish(p)?;
        Ok(top.unwrap_or(false))
    }

    /// The services query these parameters ask for: listed services only, as the feed's
    /// default list holds.
    pub fn service_query(&self) -> Result<ServiceQuery, AppError> {
        let paging = self.paging()?;
        let mut p = Problems::default();
        let age = |v: &str| {
            v.parse::<f64>()
                .ok()
                .filter(|a| (0.0..=255.0).contains(a))
                .map(|a| a as u8)
        };
        let query = ServiceQuery {
            search: self.search.clone(),
            taxonomy_term_id: p.read(
                "taxonomy_term_id",
                &self.taxonomy_term_id,
                |v| v.parse().ok(),
                "a UUID",
            ),
            taxonomy_id: p.read("taxonomy_id", &self.taxonomy_id, |v| v.parse().ok(), "a UUID"),
            organization_id: p.read(
                "organization_id",
                &self.organization_id,
                |v| v.parse().ok(),
                "a UUID",
            ),
            modified_after: p.read(
                "modified_after",
                &self.modified_after,
                instant,
                "a date-time like 2026-12-01T09:00:00Z",
            ),
            minimum_age: p.read("minimum_age", &self.minimum_age, age, "an age in years"),
            maximum_age: p.read("maximum_age", &self.maximum_age, age, "an age in years"),
            near: p.read(
                "postcode",
                &self.postcode,
                shared::directory::postcodes::normalise,
                "a UK postcode, like BD21 3LZ",
            ),
            proximity: p.read(
                "proximity",
                &self.proximity,
                |v| v.parse::<u32>().ok(),
                "a whole number of metres",
            ),
            page: paging.page,
            per_page: paging.per_page,
            ..ServiceQuery::default()
        };
        if query.proximity.is_some() && self.postcode.as_deref().is_none_or(|v| v.trim().is_empty()) {
            p.0.entry("proximity".into())
                .or_default()
                .push("proximity needs a postcode to measure from".into());
        }
        finish(p)?;
        Ok(query)
    }
}

fn finish(p: Problems) -> Result<(), AppError> {
    if p.0.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidBody {
            message: "Some query parameters are not understood".into(),
            fields: p.0,
            status: axum::http::StatusCode::BAD_REQUEST,
        })
    }
}
