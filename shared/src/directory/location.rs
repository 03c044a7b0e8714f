//! Where services happen: a building with an address, a postal address, or online. A location
//! is shared by every service there, so a moved library is corrected once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::{absolute_url, nested};
use crate::FieldErrors;
use crate::validate::{Check, Validate};

pub const LOCATION_NAME_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocationType {
    #[default]
    Physical,
    Postal,
    Virtual,
}

impl LocationType {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationType::Physical => "physical",
            LocationType::Postal => "postal",
            LocationType::Virtual => "virtual",
        }
    }

    pub fn parse(s: &str) -> Option<LocationType> {
        [
            LocationType::Physical,
            LocationType::Postal,
            LocationType::Virtual,
        ]
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub id: Uuid,
    pub address_1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    pub city: String,
    /// The county: "West Yorkshire".
    pub state_province: String,
    pub postal_code: String,
    /// ISO 3166 code: "GB".
    pub country: String,
}

/// An accessibility feature of a place ("Step-free access", "Hearing loop"), with details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accessibility {
    pub id: Uuid,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The features the app offers to tick and search by; an import may bring others.
pub const ACCESSIBILITY_FEATURES: &[&str] = &[
    "Step-free access",
    "Accessible toilet",
    "Hearing loop",
    "British Sign Language",
    "Blue badge parking",
    "Quiet space",
    "Changing Places toilet",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: Uuid,
    #[serde(default)]
    pub location_type: LocationType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A refuge or safe house: it publishes how to get in touch, never where it is. Such a
    /// location holds no address and no coordinates at all, so none can leak.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<Accessibility>,
}

impl Validate for Location {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        let named = self.name.as_deref().is_some_and(|n| !n.trim().is_empty());
        check
            .require(
                !named && self.addresses.is_empty(),
                "name",
                "Enter the place's name or its address",
            )
            .require(
                self.name
                    .as_deref()
                    .is_some_and(|n| n.chars().count() > LOCATION_NAME_MAX),
                "name",
                format!("Name must be {LOCATION_NAME_MAX} characters or fewer"),
            )
            .require(
                self.latitude.is_some() != self.longitude.is_some(),
                "latitude",
                "Enter both latitude and longitude, or neither",
            )
            .require(
                self.latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l)),
                "latitude",
                "Latitude must be between -90 and 90",
            )
            .require(
                self.longitude.is_some_and(|l| !(-180.0..=180.0).contains(&l)),
                "longitude",
                "Longitude must be between -180 and 180",
            )
            .require(
                self.confidential && (!self.addresses.is_empty() || self.latitude.is_some()),
                "confidential",
                "A confidential place keeps no address or map position: remove them, or untick confidential",
            )
            .require(
                self.accessibility.iter().any(|a| a.description.trim().is_empty()),
                "accessibility",
                "Every accessibility feature needs a name",
            );
        for (i, a) in self.addresses.iter().enumerate() {
            nested(&mut check, &format!("addresses.{i}"), a.validate());
        }
        for (i, a) in self.accessibility.iter().enumerate() {
            absolute_url(&mut check, &format!("accessibility.{i}.url"), a.url.as_deref());
        }
        check.finish()
    }
}

impl Validate for Address {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .text("address_1", &self.address_1, "the building and street", 200)
            .text("city", &self.city, "the town or city", 100)
            .text("postal_code", &self.postal_code, "the postcode", 10)
            .require(
                self.country.trim().len() != 2,
                "country",
                "Enter the country as a two-letter code, like GB",
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Location {
        Location {
            id: Uuid::from_u128(1),
            location_type: LocationType::Physical,
            name: Some("Keighley Library (fictional)".into()),
            description: None,
            confidential: false,
            latitude: Some(53.867),
            longitude: Some(-1.911),
            addresses: vec![Address {
                id: Uuid::from_u128(2),
                address_1: "1 North Street".into(),
                address_2: None,
                city: "Keighley".into(),
                state_province: "West Yorkshire".into(),
                postal_code: "BD21 3SX".into(),
                country: "GB".into(),
            }],
            accessibility: vec![],
        }
    }

    #[test]
    fn a_place_with_an_address_passes() {
        assert_eq!(library().validate(), Ok(()));
    }

    #[test]
    fn a_confidential_place_keeps_no_address() {
        let refuge = Location {
            confidential: true,
            ..library()
        };
        assert!(refuge.validate().unwrap_err().contains_key("confidential"));
        let refuge = Location {
            confidential: true,
            latitude: None,
            longitude: None,
            addresses: vec![],
            name: Some("Women's refuge (address withheld)".into()),
            ..library()
        };
        assert_eq!(refuge.validate(), Ok(()));
    }

    #[test]
    fn bad_coordinates_and_addresses_are_named() {
        let mut l = library();
        l.latitude = Some(123.0);
        l.addresses[0].postal_code = String::new();
        l.addresses[0].country = "United Kingdom".into();
        let errors = l.validate().unwrap_err();
        for field in ["latitude", "addresses.0.postal_code", "addresses.0.country"] {
            assert!(errors.contains_key(field), "{field}: {errors:?}");
        }
    }
}
