//! The organisations that run services: a charity, a community group, the council.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::{absolute_url, optional_email};
use super::service::DESCRIPTION_MAX;
use crate::FieldErrors;
use crate::validate::{Check, Validate};

pub const ORGANIZATION_NAME_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    /// ORUK requires one; a sentence on what the organisation is.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// A registered charity or company number, as `GB-CHC` / `GB-COH` identifiers say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_number: Option<String>,
}

impl Validate for Organization {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check
            .text(
                "name",
                &self.name,
                "the organisation's name",
                ORGANIZATION_NAME_MAX,
            )
            .text(
                "description",
                &self.description,
                "a description of the organisation",
                DESCRIPTION_MAX,
            );
        absolute_url(&mut check, "website", self.website.as_deref());
        optional_email(&mut check, "email", self.email.as_deref());
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_needs_a_name_a_description_and_good_links() {
        let good = Organization {
            id: Uuid::from_u128(1),
            name: "Aire Valley Befrienders (fictional)".into(),
            description: "Volunteers who visit older people at home.".into(),
            email: Some("hello@example.org".into()),
            website: Some("https://example.org".into()),
            charity_number: None,
        };
        assert_eq!(good.validate(), Ok(()));
        let bad = Organization {
            name: String::new(),
            description: " ".into(),
            website: Some("example.org".into()),
            ..good
        };
        let errors = bad.validate().unwrap_err();
        assert!(
            ["name", "description", "website"]
                .iter()
                .all(|f| errors.contains_key(*f))
        );
    }
}
