//! Reading where and when: a service's places (locations with their addresses and
//! accessibility) and opening times, ORUK 3.0 and 1.0 names alike.

use chrono::Weekday;
use serde_json::Value;
use shared::api::directory::ProblemOutcome;
use shared::directory::schedule::{parse_byday, parse_bymonthday};
use shared::directory::{
    Accessibility, Address, ByDay, Frequency, Location, LocationType, Schedule, ServiceAtLocation,
};
use shared::validate::Validate;
use uuid::Uuid;

use super::clean::{self, Url, text};
use super::read::{Reader, list};

/// Which of a list of schedules to read. A service's `schedules` may hold its places' too
/// (HSDS names them by `service_at_location_id`); a place's own list is all its own.
#[derive(Clone, Copy)]
pub(super) enum Which<'a> {
    /// The service's own: those naming no place.
    Own,
    /// Those naming this place.
    At(&'a Value),
    /// Every one (a list inside a place).
    All,
}

impl Reader {
    pub(super) fn schedules(
        &mut self,
        record: &str,
        field: &str,
        v: &Value,
        which: Which<'_>,
    ) -> Vec<Schedule> {
        list(v)
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let at = &s["service_at_location_id"];
                match which {
                    Which::Own => at.is_null(),
                    Which::At(id) => at == id,
                    Which::All => true,
                }
            })
            .filter_map(|(i, s)| self.schedule(record, &format!("{field}.{i}"), s))
            .collect()
    }

    pub(super) fn schedule(&mut self, record: &str, field: &str, s: &Value) -> Option<Schedule> {
        let freq = match text(&s["freq"]).map(|f| f.to_ascii_uppercase()).as_deref() {
            Some("MONTHLY") => Frequency::Monthly,
            _ => Frequency::Weekly,
        };
        let mut byday = text(&s["byday"])
            .map(|b| parse_byday(&b))
            .unwrap_or(Some(Vec::new()));
        // ORUK 1.0: one weekday per row, by name or number.
        if let Some(day) = text(&s["weekday"]).and_then(|w| weekday(&w)) {
            byday.get_or_insert_with(Vec::new).push(ByDay {
                weekday: day,
                nth: None,
            });
        }
        let bymonthday = text(&s["bymonthday"])
            .map(|b| parse_bymonthday(&b))
            .unwrap_or(Some(Vec::new()));
        let (Some(byday), Some(bymonthday)) = (byday, bymonthday) else {
            self.problem(
                record,
                field,
                "Its days could not be read: left out",
                ProblemOutcome::Dropped,
            );
            return None;
        };
        let (mut byday, mut bymonthday) = (byday, bymonthday);
        if freq == Frequency::Weekly
            && !byday.is_empty()
            && (!bymonthday.is_empty() || byday.iter().any(|d| d.nth.is_some()))
        {
            // A weekly rule names weekdays only (feeds copy the HSDS example, which has both).
            bymonthday.clear();
            byday.iter_mut().for_each(|d| d.nth = None);
            self.problem(
                record,
                field,
                "A weekly timetable names weekdays only: its days of the month were left out",
                ProblemOutcome::Fixed,
            );
        }
        let id = self
            .id(record, &format!("{field}.id"), &s["id"])
            .unwrap_or_else(Uuid::now_v7);
        let mut schedule = Schedule {
            id,
            freq,
            interval: clean::number(&s["interval"])
                .filter(|n| *n >= 1.0)
                .map_or(1, |n| n as u32),
            dtstart: text(&s["dtstart"]).and_then(|d| clean::date(&d)),
            byday,
            bymonthday,
            opens_at: text(&s["opens_at"]).and_then(|t| clean::time(&t)),
            closes_at: text(&s["closes_at"]).and_then(|t| clean::time(&t)),
            valid_from: text(&s["valid_from"]).and_then(|d| clean::date(&d)),
            valid_to: text(&s["valid_to"]).and_then(|d| clean::date(&d)),
            description: text(&s["description"])
                .map(|d| clean::plain(&d))
                .unwrap_or_default(),
        };
        // Touchstone's own feed says each rule in words first ("Mondays, 10:00 to 12:00. Term
        // time only"); what the rule itself says is not kept twice.
        let said = Schedule {
            description: String::new(),
            ..schedule.clone()
        }
        .describe();
        if schedule.description == said {
            schedule.description.clear();
        } else if let Some(rest) = schedule.description.strip_prefix(&format!("{said}. ")) {
            schedule.description = rest.to_owned();
        }
        match schedule.validate() {
            Ok(()) => Some(schedule),
            Err(errors) => {
                let why = errors.into_values().flatten().collect::<Vec<_>>().join("; ");
                self.problem(
                    record,
                    field,
                    format!("Opening times left out: {why}"),
                    ProblemOutcome::Dropped,
                );
                None
            }
        }
    }

    pub(super) fn places(&mut self, record: &str, v: &Value, schedules: &Value) -> Vec<ServiceAtLocation> {
        let mut places = Vec::new();
        for (i, p) in list(v).iter().enumerate() {
            let field = format!("service_at_locations.{i}");
            let Some(location) = self.location(record, &field, &p["location"]) else {
                continue;
            };
            let id = self
                .id(record, &format!("{field}.id"), &p["id"])
                .unwrap_or_else(|| Uuid::new_v5(&location, record.as_bytes()));
            let mut own = self.schedules(record, &format!("{field}.schedules"), &p["schedules"], Which::All);
            own.extend(self.schedules(record, "schedules", schedules, Which::At(&p["id"])));
            own.extend(self.schedules(
                record,
                &format!("{field}.regular_schedules"),
                &p["regular_schedules"],
                Which::All,
            ));
            places.push(ServiceAtLocation {
                id,
                location_id: location,
                schedules: own,
            });
        }
        places
    }

    pub(super) fn location(&mut self, record: &str, field: &str, l: &Value) -> Option<Uuid> {
        if !l.is_object() {
            self.problem(
                record,
                field,
                "A place with no location: left out",
                ProblemOutcome::Dropped,
            );
            return None;
        }
        let id = self.id(record, &format!("{field}.location.id"), &l["id"])?;
        if self.locations.contains_key(&id) {
            return Some(id);
        }
        let addresses_field = if l["addresses"].is_null() {
            "physical_addresses"
        } else {
            "addresses"
        };
        let addresses: Vec<Address> = list(&l[addresses_field])
            .iter()
            .filter_map(|a| {
                let address = Address {
                    id: clean::uuid(&a["id"]).map_or_else(Uuid::now_v7, |(id, _)| id),
                    address_1: text(&a["address_1"])?,
                    address_2: text(&a["address_2"]),
                    city: text(&a["city"]).unwrap_or_default(),
                    state_province: text(&a["state_province"]).unwrap_or_default(),
                    postal_code: text(&a["postal_code"]).unwrap_or_default(),
                    country: text(&a["country"])
                        .map(|c| {
                            if c.len() == 2 {
                                c.to_ascii_uppercase()
                            } else {
                                "GB".into()
                            }
                        })
                        .unwrap_or_else(|| "GB".into()),
                };
                address.validate().is_ok().then_some(address)
            })
            .collect();
        let dropped = list(&l[addresses_field]).len() - addresses.len();
        if dropped > 0 {
            self.problem(
                record,
                &format!("{field}.location.{addresses_field}"),
                "An address without its street, town or postcode: left out",
                ProblemOutcome::Dropped,
            );
        }
        let access_field = if l["accessibility"].is_null() {
            "accessibility_for_disabilities"
        } else {
            "accessibility"
        };
        let accessibility = list(&l[access_field])
            .iter()
            .filter_map(|a| {
                let description = text(&a["description"]).or_else(|| text(&a["accessibility"]))?;
                Some(Accessibility {
                    id: clean::uuid(&a["id"]).map_or_else(Uuid::now_v7, |(id, _)| id),
                    description: clean::plain(&description),
                    details: text(&a["details"]),
                    url: text(&a["url"]).and_then(|u| match clean::url(&u) {
                        Url::Kept(u) | Url::Fixed(u) => Some(u),
                        Url::Bad => None,
                    }),
                })
            })
            .collect();
        let (latitude, longitude) = match (clean::number(&l["latitude"]), clean::number(&l["longitude"])) {
            (Some(lat), Some(long))
                if (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&long)
                    && (lat, long) != (0.0, 0.0) =>
            {
                (Some(lat), Some(long))
            }
            (None, None) => (None, None),
            _ => {
                self.problem(
                    record,
                    &format!("{field}.location.latitude"),
                    "Not a place on the map: coordinates left out",
                    ProblemOutcome::Dropped,
                );
                (None, None)
            }
        };
        let location = Location {
            id,
            location_type: text(&l["location_type"])
                .and_then(|t| LocationType::parse(&t))
                .unwrap_or_default(),
            name: text(&l["name"]),
            description: text(&l["description"]).map(|d| clean::plain(&d)),
            confidential: false,
            latitude,
            longitude,
            addresses,
            accessibility,
        };
        if let Err(errors) = location.validate() {
            let why = errors.into_values().flatten().collect::<Vec<_>>().join("; ");
            self.problem(
                record,
                field,
                format!("The place was left out: {why}"),
                ProblemOutcome::Dropped,
            );
            return None;
        }
        self.locations.insert(id, location);
        Some(id)
    }
}

fn weekday(raw: &str) -> Option<Weekday> {
    let raw = raw.trim().to_ascii_lowercase();
    match raw.parse::<u8>() {
        // ORUK 1.0 numbers days from Monday = 1.
        Ok(n @ 1..=7) => Weekday::try_from(n - 1).ok(),
        Ok(_) => None,
        Err(_) => raw.parse().ok(),
    }
}
