//! Directory records for tests: an organisation, places, and services with every part.

use chrono::{NaiveTime, Weekday};
use shared::directory::taxonomy::shipped;
use shared::directory::{
    Accessibility, Address, ByDay, Contact, CostOption, Frequency, Language, Location, LocationType,
    Organization, Phone, Schedule, Service, ServiceArea, ServiceAtLocation,
};
use uuid::Uuid;

pub fn id() -> Uuid {
    Uuid::now_v7()
}

/// The shipped taxonomy's term with `code`.
pub fn term(code: &str) -> Uuid {
    shipped()
        .terms
        .iter()
        .find(|t| t.code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("no shipped term {code}"))
        .id
}

pub fn organization(name: &str) -> Organization {
    Organization {
        id: id(),
        name: name.into(),
        description: format!("{name} is a fictional organisation for tests."),
        email: Some("hello@example.org".into()),
        website: Some("https://example.org".into()),
        charity_number: None,
    }
}

pub fn place(name: &str, access: &[&str]) -> Location {
    Location {
        id: id(),
        location_type: LocationType::Physical,
        name: Some(name.into()),
        description: None,
        confidential: false,
        latitude: Some(53.867),
        longitude: Some(-1.911),
        addresses: vec![Address {
            id: id(),
            address_1: "1 North Street".into(),
            address_2: None,
            city: "Keighley".into(),
            state_province: "West Yorkshire".into(),
            postal_code: "BD21 3SX".into(),
            country: "GB".into(),
        }],
        accessibility: access
            .iter()
            .map(|a| Accessibility {
                id: id(),
                description: (*a).into(),
                details: None,
                url: None,
            })
            .collect(),
    }
}

pub fn weekly(days: &[Weekday], opens: (u32, u32), closes: (u32, u32)) -> Schedule {
    Schedule {
        id: id(),
        freq: Frequency::Weekly,
        interval: 1,
        dtstart: None,
        byday: days.iter().map(|&weekday| ByDay { weekday, nth: None }).collect(),
        bymonthday: vec![],
        opens_at: NaiveTime::from_hms_opt(opens.0, opens.1, 0),
        closes_at: NaiveTime::from_hms_opt(closes.0, closes.1, 0),
        valid_from: None,
        valid_to: None,
        description: String::new(),
    }
}

/// A plain service of `org`: no parts.
pub fn bare(name: &str, org: &Organization) -> Service {
    Service {
        description: format!("{name}: a fictional service for tests."),
        ..Service::new(id(), org.id, name)
    }
}

/// A service with one of every part, at `at`.
pub fn full(name: &str, org: &Organization, at: &Location) -> Service {
    Service {
        url: Some("https://example.org/memory-cafe".into()),
        email: Some("cafe@example.org".into()),
        alert: Some("Closed on 25 December".into()),
        minimum_age: Some(18),
        taxonomy_term_ids: vec![term("dementia.memory-cafes")],
        schedules: vec![weekly(&[Weekday::Tue], (10, 0), (12, 0))],
        service_at_locations: vec![ServiceAtLocation {
            id: id(),
            location_id: at.id,
            schedules: vec![weekly(&[Weekday::Thu], (14, 0), (16, 0))],
        }],
        service_areas: vec![ServiceArea {
            id: id(),
            name: "Keighley".into(),
            uri: None,
        }],
        languages: vec![
            Language {
                id: id(),
                name: "English".into(),
                code: Some("en".into()),
            },
            Language {
                id: id(),
                name: "Urdu".into(),
                code: Some("ur".into()),
            },
        ],
        cost_options: vec![CostOption {
            id: id(),
            option: Some("Free".into()),
            amount: Some(0.0),
            amount_description: None,
        }],
        phones: vec![Phone {
            id: id(),
            number: "01274 432111".into(),
            description: None,
        }],
        contacts: vec![Contact {
            id: id(),
            name: None,
            title: Some("Café organiser".into()),
            phones: vec![Phone {
                id: id(),
                number: "07700 900123".into(),
                description: Some("Text only".into()),
            }],
        }],
        ..bare(name, org)
    }
}
