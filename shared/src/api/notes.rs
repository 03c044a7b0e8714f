//! Reflective notes: a practitioner's private notes on their practice (what happened, what they
//! learned). The first record kind that syncs; later a note can become a CPD entry.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::validate::{Check, Validate};

pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 20_000;

/// The payload of a `note` record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub title: String,
    #[serde(default)]
    pub body: String,
}

impl Validate for Note {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .text("title", &self.title, "a title", TITLE_MAX)
            .require(
                self.body.chars().count() > BODY_MAX,
                "body",
                format!("Note must be {BODY_MAX} characters or fewer"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_needs_a_title_and_a_reasonable_body() {
        assert_eq!(
            Note::default().validate().unwrap_err()["title"],
            vec!["Enter a title"]
        );
        let long = Note {
            title: "t".into(),
            body: "x".repeat(BODY_MAX + 1),
        };
        assert!(long.validate().unwrap_err().contains_key("body"));
        assert!(
            Note {
                title: "Visit with Mr B".into(),
                body: String::new()
            }
            .validate()
            .is_ok()
        );
    }
}
