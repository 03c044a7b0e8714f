//! A practitioner's search as the find page's address holds it (`/find?search=walk&open=now`),
//! read into the `ServiceQuery` the device's copy and the server both answer, and each filter
//! named so the page can offer to drop it when nothing is found.

use chrono::{NaiveDateTime, Weekday};
use uuid::Uuid;

use crate::FieldErrors;
use crate::api::directory::ServiceQuery;
use crate::directory::places::{Point, position_of};
use crate::directory::postcodes::{self, Postcodes};

/// When it must be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Open {
    #[default]
    Any,
    Now,
    Today,
    On(Weekday),
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

impl Open {
    /// Its value in the address ("" for any day).
    pub fn key(self) -> &'static str {
        match self {
            Open::Any => "",
            Open::Now => "now",
            Open::Today => "today",
            Open::On(day) => DAYS[day.num_days_from_monday() as usize].0,
        }
    }

    pub fn parse(key: &str) -> Open {
        match key {
            "now" => Open::Now,
            "today" => Open::Today,
            _ => DAYS
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(Open::Any, |(_, d)| Open::On(*d)),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Open::Any => "Any day",
            Open::Now => "Open now",
            Open::Today => "Open today",
            Open::On(day) => crate::directory::schedule::WEEKDAY_NAMES[day.num_days_from_monday() as usize],
        }
    }

    /// Every choice, in the order the page offers them.
    pub fn all() -> Vec<Open> {
        let mut all = vec![Open::Any, Open::Now, Open::Today];
        all.extend(DAYS.iter().map(|(_, d)| Open::On(*d)));
        all
    }
}

/// The search: words and filters as typed and chosen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Finding {
    pub words: String,
    /// A category (with every kind of it).
    pub category: Option<Uuid>,
    pub area: String,
    /// Near a place: one of the district's (`places::position_of`), a point from the
    /// device's location ("53.867,-1.911", `places::Point::key`) or a postcode as typed.
    pub near: String,
    pub open: Open,
    /// The person's age as typed (checked by `query`).
    pub age: String,
    pub free: bool,
    pub language: String,
    pub accessibility: String,
    pub page: u32,
}

/// The oldest age the page accepts.
pub const OLDEST: u8 = 120;

impl Finding {
    /// Reads the address's parameters (`get` answers one by name).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Finding {
        let text = |key: &str| get(key).map(|v| v.trim().to_owned()).unwrap_or_default();
        Finding {
            words: text("search"),
            category: get("category").and_then(|c| c.parse().ok()),
            area: text("area"),
            near: text("near"),
            open: Open::parse(&text("open")),
            age: text("age"),
            free: get("free").is_some_and(|v| !v.is_empty()),
            language: text("language"),
            accessibility: text("access"),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// Its address parameters, empty ones included (the caller leaves them out), page last.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("search", self.words.clone()),
            (
                "category",
                self.category.map(|c| c.to_string()).unwrap_or_default(),
            ),
            ("area", self.area.clone()),
            ("near", self.near.clone()),
            ("open", self.open.key().to_owned()),
            ("age", self.age.clone()),
            ("free", if self.free { "1".into() } else { String::new() }),
            ("language", self.language.clone()),
            ("access", self.accessibility.clone()),
        ];
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// Whether any filter is chosen (words aside).
    pub fn has_filters(&self) -> bool {
        !self.without_filters().eq_ignoring_page(self)
    }

    fn eq_ignoring_page(&self, other: &Finding) -> bool {
        Finding {
            page: 1,
            ..self.clone()
        } == Finding {
            page: 1,
            ..other.clone()
        }
    }

    /// The same words with no filters.
    pub fn without_filters(&self) -> Finding {
        Finding {
            words: self.words.clone(),
            ..Finding::default()
        }
    }

    /// Each chosen filter but the category (named as `category` says) in words, with the
    /// search it would be without it: the wider searches to offer when nothing is found.
    pub fn wider(&self, category: impl Fn(Uuid) -> String) -> Vec<(String, Finding)> {
        let base = Finding {
            page: 1,
            ..self.clone()
        };
        let mut wider = Vec::new();
        let mut offer = |label: String, drop: fn(&mut Finding)| {
            let mut without = base.clone();
            drop(&mut without);
            wider.push((label, without));
        };
        if let Some(id) = self.category {
            offer(category(id), |f| f.category = None);
        }
        if !self.area.is_empty() {
            offer(format!("In {}", self.area), |f| f.area.clear());
        }
        if !self.near.is_empty() {
            offer(self.near_label(), |f| f.near.clear());
        }
        if self.open != Open::Any {
            offer(self.open.label().to_owned(), |f| f.open = Open::Any);
        }
        if !self.age.is_empty() {
            offer(format!("For someone aged {}", self.age), |f| f.age.clear());
        }
        if self.free {
            offer("Free".to_owned(), |f| f.free = false);
        }
        if !self.language.is_empty() {
            offer(format!("In {}", self.language), |f| f.language.clear());
        }
        if !self.accessibility.is_empty() {
            offer(self.accessibility.clone(), |f| f.accessibility.clear());
        }
        wider
    }

    /// A place of the district typed among the words ("lunch club keighley"), or a postcode
    /// after them, becomes "near" it (when no place is chosen yet): services rarely name their town, so the words alone
    /// would find little. The longest place named wins ("Bradford city centre" over none).
    pub fn with_place_lifted(&self) -> Finding {
        if !self.near.is_empty() {
            return self.clone();
        }
        // A postcode at the end ("lunch club BD21 0CC"): near it (the table checks it).
        let said: Vec<&str> = self.words.split_whitespace().collect();
        for take in [2, 1] {
            let Some(keep) = said.len().checked_sub(take) else {
                continue;
            };
            if let Some(postcode) = postcodes::normalise(&said[keep..].join(" ")) {
                return Finding {
                    words: said[..keep].join(" "),
                    near: postcode,
                    page: 1,
                    ..self.clone()
                };
            }
        }
        let typed = super::words(&self.words);
        let mut best: Option<(&str, usize, usize)> = None;
        for place in
            crate::directory::localities::all().filter(|p| *p != crate::directory::localities::DISTRICT)
        {
            let name = super::words(place);
            if name.is_empty() || name.len() > typed.len() {
                continue;
            }
            if let Some(at) = typed.windows(name.len()).position(|w| w == name.as_slice())
                && best.is_none_or(|(_, _, len)| name.len() > len)
            {
                best = Some((place, at, name.len()));
            }
        }
        let Some((place, at, len)) = best else {
            return self.clone();
        };
        let mut rest = typed;
        rest.drain(at..at + len);
        Finding {
            words: rest.join(" "),
            near: place.to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    /// Where "near" is, if it is a place, a point or a postcode of `postcodes`.
    pub fn point(&self, postcodes: &Postcodes) -> Option<Point> {
        Point::parse(&self.near)
            .or_else(|| position_of(&self.near))
            .or_else(|| postcodes.find(&self.near))
    }

    /// "Near" holds something other than a place of the list or the device's location: what
    /// was typed in the postcode field.
    pub fn near_is_postcode(&self) -> bool {
        !self.near.is_empty() && Point::parse(&self.near).is_none() && position_of(&self.near).is_none()
    }

    /// "Near Keighley", "Near BD21 3LZ", or "Near your location" for a point from the device.
    pub fn near_label(&self) -> String {
        if Point::parse(&self.near).is_some() {
            "Near your location".to_owned()
        } else {
            let postcode = postcodes::normalise(&self.near);
            format!("Near {}", postcode.as_deref().unwrap_or(&self.near))
        }
    }

    /// `query`, with a postcode also checked against `postcodes` (the device's table; `None`
    /// before the device has one, when the server checks it).
    pub fn query_on(
        &self,
        now: NaiveDateTime,
        postcodes: Option<&Postcodes>,
    ) -> Result<ServiceQuery, FieldErrors> {
        let query = self.query(now)?;
        let unknown = match postcodes {
            Some(table) if self.near_is_postcode() && table.find(&self.near).is_none() => table,
            _ => return Ok(query),
        };
        let message = if unknown.is_empty() {
            "Touchstone has no postcodes to search near yet. Choose a place from the list instead".to_owned()
        } else {
            format!(
                "{} is not one of the council's postcodes. Check it, or choose a place from the list",
                postcodes::normalise(&self.near).unwrap_or_default()
            )
        };
        Err(one_error("postcode", message))
    }

    /// The query it asks, at `now` (for "open now" and "open today"), or the field errors to
    /// show (an age that is not a whole number up to `OLDEST`, a postcode that is not one).
    pub fn query(&self, now: NaiveDateTime) -> Result<ServiceQuery, FieldErrors> {
        if self.near_is_postcode() && postcodes::normalise(&self.near).is_none() {
            return Err(one_error(
                "postcode",
                "Enter a full postcode, like BD21 3LZ, or choose a place from the list".to_owned(),
            ));
        }
        let age = match self.age.as_str() {
            "" => None,
            typed => match typed.parse::<u8>() {
                Ok(age) if age <= OLDEST => Some(age),
                _ => {
                    return Err(one_error(
                        "age",
                        format!("Enter the person's age as a whole number, from 0 to {OLDEST}"),
                    ));
                }
            },
        };
        let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        let today = now.date();
        let (open_on, open_at) = match self.open {
            Open::Any => (None, None),
            Open::Now => (Some(chrono::Datelike::weekday(&today)), Some(now.time())),
            Open::Today => (Some(chrono::Datelike::weekday(&today)), None),
            Open::On(day) => (Some(day), None),
        };
        Ok(ServiceQuery {
            search: some(&self.words),
            taxonomy_term_id: self.category,
            area: some(&self.area),
            open_on,
            open_at,
            // Someone of this age: services whose range includes it.
            minimum_age: age,
            maximum_age: age,
            free: self.free,
            language: some(&self.language),
            accessibility: some(&self.accessibility),
            near: some(&self.near),
            ..ServiceQuery::default()
        })
    }
}

fn one_error(field: &str, message: String) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.insert(field.into(), vec![message]);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        // A Friday.
        NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn read(pairs: &[(&str, &str)]) -> Finding {
        Finding::read(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn the_address_round_trips() {
        let finding = read(&[
            ("search", " walk "),
            ("category", "00000000-0000-0000-0000-000000000007"),
            ("area", "Keighley"),
            ("near", "Haworth"),
            ("open", "tue"),
            ("age", "70"),
            ("free", "1"),
            ("language", "Urdu"),
            ("access", "Hearing loop"),
            ("page", "2"),
        ]);
        assert_eq!(finding.words, "walk");
        assert_eq!(finding.open, Open::On(Weekday::Tue));
        let pairs = finding.pairs();
        let again = read(&pairs.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
        assert_eq!(again, finding);
        assert!(finding.has_filters());
        assert!(!read(&[("search", "walk"), ("page", "3")]).has_filters());
        assert_eq!(
            read(&[("page", "x"), ("open", "someday")]),
            Finding::default().tap_page()
        );
    }

    impl Finding {
        fn tap_page(self) -> Finding {
            Finding { page: 1, ..self }
        }
    }

    #[test]
    fn open_now_is_this_weekday_at_this_time_and_an_age_is_a_range_holding_it() {
        let finding = read(&[("open", "now"), ("age", "70")]);
        let query = finding.query(at(10, 30)).unwrap();
        assert_eq!(query.open_on, Some(Weekday::Fri));
        assert_eq!(query.open_at, Some(at(10, 30).time()));
        assert_eq!((query.minimum_age, query.maximum_age), (Some(70), Some(70)));
        let today = read(&[("open", "today")]).query(at(9, 0)).unwrap();
        assert_eq!((today.open_on, today.open_at), (Some(Weekday::Fri), None));
        assert_eq!(
            Finding::default().query(at(9, 0)).unwrap(),
            ServiceQuery::default()
        );
    }

    #[test]
    fn an_age_that_is_not_a_whole_number_is_a_field_error() {
        for typed in ["seventy", "-1", "121", "7.5"] {
            let errors = read(&[("age", typed)]).query(at(9, 0)).unwrap_err();
            assert!(errors.contains_key("age"), "{typed}");
        }
    }

    #[test]
    fn each_filter_can_be_dropped_alone() {
        let finding = read(&[("search", "walk"), ("open", "now"), ("free", "1"), ("page", "4")]);
        let wider = finding.wider(|_| unreachable!());
        let labels: Vec<&str> = wider.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["Open now", "Free"]);
        assert_eq!(wider[0].1.open, Open::Any);
        assert!(wider[0].1.free && wider[0].1.page == 1 && wider[0].1.words == "walk");
        assert!(!wider[1].1.free && wider[1].1.open == Open::Now);
    }

    #[test]
    fn a_place_typed_among_the_words_becomes_near_it() {
        let lifted = read(&[("search", "Lunch club in Keighley")]).with_place_lifted();
        assert_eq!(
            (lifted.words.as_str(), lifted.near.as_str()),
            ("lunch club", "Keighley")
        );
        let longest = read(&[("search", "memory cafe bradford city centre")]).with_place_lifted();
        assert_eq!(
            (longest.words.as_str(), longest.near.as_str()),
            ("memory cafe", "Bradford city centre")
        );
        let postcode = read(&[("search", "lunch club bd21 0cc")]).with_place_lifted();
        assert_eq!(
            (postcode.words.as_str(), postcode.near.as_str()),
            ("lunch club", "BD21 0CC")
        );
        assert_eq!(
            read(&[("search", "BD210CC")]).with_place_lifted().near,
            "BD21 0CC"
        );
        let hyphen = read(&[("search", "walks burley in wharfedale")]).with_place_lifted();
        assert_eq!(hyphen.near, "Burley-in-Wharfedale");
        // No place, or one chosen already: as typed.
        let plain = read(&[("search", "lunch club")]);
        assert_eq!(plain.with_place_lifted(), plain);
        let chosen = read(&[("search", "lunch keighley"), ("near", "Ilkley")]);
        assert_eq!(chosen.with_place_lifted(), chosen);
    }

    #[test]
    fn near_is_a_place_of_the_district_a_point_from_the_device_or_a_postcode() {
        let none = Postcodes::default();
        let haworth = read(&[("near", "haworth")]);
        assert_eq!(
            haworth.point(&none),
            crate::directory::places::position_of("Haworth")
        );
        assert_eq!(haworth.near_label(), "Near haworth");
        assert!(!haworth.near_is_postcode());
        let here = read(&[("near", "53.867,-1.911")]);
        assert_eq!(here.point(&none).map(|p| p.latitude), Some(53.867));
        assert_eq!(here.near_label(), "Near your location");
        assert_eq!(here.wider(|_| unreachable!())[0].1.near, "");
        assert!(haworth.query(at(10, 0)).is_ok() && haworth.has_filters());
        assert_eq!(haworth.query(at(10, 0)).unwrap().near.as_deref(), Some("haworth"));

        // Anything else is taken as a postcode: its shape is checked here, and whether the
        // council's table has it where a table is known.
        let nowhere = read(&[("near", "Atlantis")]);
        assert!(nowhere.near_is_postcode());
        assert!(nowhere.query(at(10, 0)).unwrap_err().contains_key("postcode"));
        let typed = read(&[("near", "bd21 3lz")]);
        assert_eq!(typed.near_label(), "Near BD21 3LZ");
        assert!(
            typed.query(at(10, 0)).is_ok(),
            "the server checks it when the device cannot"
        );
        let table = Postcodes::new(&crate::api::directory::PostcodeTable {
            imported_at: None,
            postcodes: vec![crate::api::directory::PostcodeRow(
                "BD21 3LZ".into(),
                53.867,
                -1.911,
            )],
        });
        assert_eq!(typed.point(&table), here.point(&none));
        assert!(typed.query_on(at(10, 0), Some(&table)).is_ok());
        let unknown = read(&[("near", "BD21 3LY")]);
        let errors = unknown.query_on(at(10, 0), Some(&table)).unwrap_err();
        assert!(errors["postcode"][0].starts_with("BD21 3LY is not one of the council's postcodes"));
        let no_table = typed.query_on(at(10, 0), Some(&none)).unwrap_err();
        assert!(no_table["postcode"][0].contains("no postcodes"));
        assert!(haworth.query_on(at(10, 0), Some(&none)).is_ok());
    }
}
