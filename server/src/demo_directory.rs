//! A fictional community-assets directory for Bradford district: about 150 organisations running
//! about 300 services across the shipped categories, in real towns and wards with made-up names
//! (every organisation says "(fictional)"), with opening times, ages, costs and Bradford's
//! community languages. Some entries have not been checked for months and some have problems
//! reported, so a commissioner's review queue has work. Ids are derived from the demo's own
//! numbering, so loading twice adds nothing.

use chrono::{Days, NaiveDate, NaiveTime, Weekday};
use shared::UserId;
use shared::api::directory::{ChangeSource, NewReport, ReportKind};
use shared::directory::localities::{DISTRICT, LOCALITIES};
use shared::directory::service::COMMUNITY_LANGUAGES;
use shared::directory::taxonomy::shipped;
use shared::directory::{
    Accessibility, Address, ByDay, Contact, CostOption, Frequency, Language, Location, LocationType,
    Organization, Phone, Schedule, Service, ServiceArea, ServiceAtLocation, ServiceStatus,
};
use uuid::Uuid;

use crate::store::Store;
use crate::store::directory::{ChangedBy, DirectoryBatch};

const DEMO: Uuid = Uuid::from_u128(0x2b6f_31d4_8e0a_4c55_9d1e_7a3b_c2f4_0e61);

fn id(kind: &str, n: usize) -> Uuid {
    Uuid::new_v5(&DEMO, format!("{kind}-{n}").as_bytes())
}

/// A small deterministic sequence (SplitMix64), so the demo is the same everywhere.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// What a kind of service is called and does, by category code.
const KINDS: &[(&str, &str, &str)] = &[
    (
        "community.lunch-clubs",
        "Lunch club",
        "A hot two-course lunch and good company, with transport for those who need it.",
    ),
    (
        "community.social-clubs",
        "Friendship club",
        "Cards, quizzes, chat and a cup of tea for anyone who would like more company.",
    ),
    (
        "community.mens-sheds",
        "Men's shed",
        "A workshop where men (and anyone else) make, mend and talk, side by side.",
    ),
    (
        "community.arts",
        "Creative arts group",
        "Painting, crafts and singing in a friendly group; no experience needed.",
    ),
    (
        "community.libraries",
        "Library chatter group",
        "Conversation, newspapers and help with the library's digital services.",
    ),
    (
        "befriending.phone",
        "Telephone befriending",
        "A friendly weekly phone call from a trained volunteer, at a time that suits you.",
    ),
    (
        "befriending.visiting",
        "Home visiting befrienders",
        "A volunteer visits each week for a chat, a walk or a trip to the shops.",
    ),
    (
        "carers.groups",
        "Carers' coffee morning",
        "Carers meet others who understand, with information and a listening ear.",
    ),
    (
        "carers.breaks",
        "Carers' sitting service",
        "A trained sitter stays with the person you care for while you take a break.",
    ),
    (
        "day-opportunities",
        "Day opportunities",
        "Activities, outings and skills sessions through the day, with support.",
    ),
    (
        "dementia.memory-cafes",
        "Memory café",
        "A relaxed morning of music, reminiscence and conversation for people living with dementia and their carers.",
    ),
    (
        "dementia.support",
        "Dementia support",
        "Advice and support after a diagnosis of dementia, for the person and their family.",
    ),
    (
        "learning-disability",
        "Learning disability social club",
        "Discos, cooking, games and trips, run with and for adults with a learning disability.",
    ),
    (
        "autism",
        "Autistic adults' meet-up",
        "A calm, low-pressure social group for autistic adults.",
    ),
    (
        "mental-health.peer",
        "Peer support group",
        "People with lived experience of mental ill health supporting each other.",
    ),
    (
        "mental-health.talking",
        "Wellbeing drop-in",
        "Talk things through with a trained listener; no referral needed.",
    ),
    (
        "physical-activity.walking",
        "Health walk",
        "A gentle, led walk of about an hour, finishing with a cuppa.",
    ),
    (
        "physical-activity.seated",
        "Seated exercise",
        "Chair-based exercise to music to build strength and balance.",
    ),
    (
        "falls",
        "Strength and balance class",
        "A 12-week course that lowers the risk of falls, led by a qualified instructor.",
    ),
    (
        "faith-culture",
        "Community centre tea and talk",
        "A welcoming space for older people to meet, with food from home and prayer space.",
    ),
    (
        "food.banks",
        "Food bank",
        "Emergency food parcels and advice; referral by a support worker or self-referral.",
    ),
    (
        "food.meals",
        "Community meal",
        "A free hot meal, served with dignity, for anyone who comes.",
    ),
    (
        "money.benefits",
        "Benefits advice",
        "Free, confidential help to check and claim what you are entitled to.",
    ),
    (
        "money.debt",
        "Debt advice",
        "Free help to deal with debts and talk to creditors.",
    ),
    (
        "housing.advice",
        "Housing advice",
        "Advice on tenancies, repairs, moving and staying safe at home.",
    ),
    (
        "equipment",
        "Equipment and adaptations advice",
        "Try equipment that makes daily life easier, with an occupational therapist on hand.",
    ),
    (
        "transport.community",
        "Community transport",
        "Door-to-door minibus for people who cannot use buses; book a day ahead.",
    ),
    (
        "digital",
        "Digital skills drop-in",
        "One-to-one help with phones, tablets, video calls and getting online.",
    ),
    (
        "advocacy.care-act",
        "Care Act advocacy",
        "Independent advocacy for people who need help to take part in care assessments and reviews.",
    ),
    (
        "volunteering",
        "Volunteer centre",
        "Find volunteering that suits your interests, time and confidence.",
    ),
    (
        "sensory.sight",
        "Sight loss support group",
        "Practical tips, technology and company for people living with sight loss.",
    ),
    (
        "sensory.hearing",
        "Hearing support drop-in",
        "Hearing aid maintenance, batteries and advice.",
    ),
    (
        "bereavement",
        "Bereavement support group",
        "Support in a small group after the death of someone close.",
    ),
    (
        "end-of-life",
        "Compassionate neighbours",
        "Volunteers who visit people living with a terminal illness.",
    ),
    (
        "substance-use",
        "Recovery café",
        "A welcoming alcohol- and drug-free space for people in recovery.",
    ),
];

const ORG_WORDS: &[&str] = &[
    "Brontë Valley",
    "Aire Side",
    "Moorland",
    "Millstone",
    "Worth Valley",
    "Five Rise",
    "Wharfe Meadows",
    "Cliffe Castle",
    "Canal Bank",
    "Lister Park",
    "Heather Hill",
    "Bolling",
    "Peel Park",
    "Chellow Dene",
    "Shipley Glen",
    "Rombalds",
    "Brackenhall",
    "Thornbury",
    "Bierley",
    "Holme Wood",
    "Ravenscliffe",
    "Cottingley Beck",
    "Harden Moss",
    "Sunny Bank",
    "Hirst Wood",
];

const ORG_KINDS: &[&str] = &[
    "Community Trust",
    "Neighbours",
    "Friends",
    "Community Association",
    "Befrienders",
    "Carers Network",
    "Wellbeing Collective",
    "Community Hub",
    "Trust",
];

const STREETS: &[&str] = &[
    "Church Street",
    "Market Street",
    "Mill Lane",
    "Station Road",
    "Park Road",
    "High Street",
    "North Street",
    "Victoria Road",
    "Albert Terrace",
    "Chapel Lane",
];

const VENUES: &[&str] = &[
    "Community Centre",
    "Methodist Church Hall",
    "Library",
    "Village Hall",
    "Mosque Community Rooms",
    "Leisure Centre",
    "Health Centre Meeting Room",
    "Gurdwara Hall",
    "Scout Hut",
    "Parish Rooms",
];

/// Rough coordinates of each locality's centre (for map positions near them).
fn centre(locality: &str) -> (f64, f64) {
    match locality {
        "Keighley" => (53.867, -1.911),
        "Airedale and Wharfedale" => (53.85, -1.84),
        "Shipley" => (53.833, -1.77),
        "Bradford North and West" => (53.81, -1.78),
        _ => (53.78, -1.75),
    }
}

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

const WEEKDAYS: [Weekday; 6] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
];

fn schedule(dice: &mut Dice, n: usize, today: NaiveDate) -> Schedule {
    let day = *dice.pick(&WEEKDAYS);
    let (opens, closes) = *dice.pick(&[
        ((10, 0), (12, 0)),
        ((13, 30), (15, 30)),
        ((9, 30), (11, 30)),
        ((18, 0), (20, 0)),
        ((11, 0), (14, 0)),
    ]);
    let mut s = Schedule {
        id: id("schedule", n),
        freq: Frequency::Weekly,
        interval: 1,
        dtstart: None,
        byday: vec![ByDay {
            weekday: day,
            nth: None,
        }],
        bymonthday: vec![],
        opens_at: time(opens.0, opens.1),
        closes_at: time(closes.0, closes.1),
        valid_from: None,
        valid_to: None,
        description: String::new(),
    };
    match dice.below(10) {
        0 => {
            s.freq = Frequency::Monthly;
            s.byday[0].nth = Some(*dice.pick(&[1, 2, 3, -1]));
        }
        1 => {
            s.interval = 2;
            // Counted from the Monday of a fixed week, so the fortnight does not drift.
            s.dtstart = Some(today - Days::new(u64::from(today.weekday_from_monday())));
        }
        2 => {
            let second = *dice.pick(&WEEKDAYS);
            if second != day {
                s.byday.push(ByDay {
                    weekday: second,
                    nth: None,
                });
            }
        }
        3 => s.description = "Term time only".into(),
        _ => {}
    }
    s
}

trait FromMonday {
    fn weekday_from_monday(&self) -> u32;
}

impl FromMonday for NaiveDate {
    fn weekday_from_monday(&self) -> u32 {
        chrono::Datelike::weekday(self).num_days_from_monday()
    }
}

/// The demo directory as of `today`.
pub fn directory(today: NaiveDate) -> DirectoryBatch {
    directory_of(today, 300, 150, 120)
}

/// A directory made the demo's way with `services` services run by `organizations`
/// organisations at `locations` places (the benchmark's is 10,000 services).
pub fn directory_of(
    today: NaiveDate,
    services: usize,
    organizations: usize,
    locations: usize,
) -> DirectoryBatch {
    let (service_count, organization_count, location_count) =
        (services, organizations.max(1), locations.max(1));
    let taxonomy = shipped();
    let mut dice = Dice(7);
    let places: Vec<(&str, &str)> = LOCALITIES
        .iter()
        .flat_map(|(locality, towns)| towns.iter().map(move |t| (*locality, *t)))
        .collect();

    let organizations: Vec<Organization> = (0..organization_count)
        .map(|n| {
            let name = format!(
                "{} {} (fictional)",
                ORG_WORDS[n % ORG_WORDS.len()],
                ORG_KINDS[(n / ORG_WORDS.len() + n) % ORG_KINDS.len()]
            );
            Organization {
                id: id("organization", n),
                description: format!("{name} is a made-up voluntary organisation in the Touchstone demo."),
                email: Some(format!("hello{n}@example.org")),
                website: Some(format!("https://example.org/demo/{n}")),
                charity_number: (n % 3 == 0).then(|| format!("{}", 1_100_000 + n * 37)),
                name,
            }
        })
        .collect();

    let locations: Vec<Location> = (0..location_count)
        .map(|n| {
            let (locality, town) = places[n % places.len()];
            let (lat, long) = centre(locality);
            let jitter = |d: &mut Dice| (d.below(200) as f64 - 100.0) / 4000.0;
            Location {
                id: id("location", n),
                location_type: LocationType::Physical,
                name: Some(format!("{town} {}", VENUES[n % VENUES.len()])),
                description: None,
                confidential: false,
                latitude: Some(lat + jitter(&mut dice)),
                longitude: Some(long + jitter(&mut dice)),
                addresses: vec![Address {
                    id: id("address", n),
                    address_1: format!("{} {}", 1 + dice.below(120), STREETS[dice.below(STREETS.len())]),
                    address_2: None,
                    city: if locality.starts_with("Bradford") {
                        "Bradford".into()
                    } else {
                        town.into()
                    },
                    state_province: "West Yorkshire".into(),
                    postal_code: format!("BD{} {}XX", 1 + n % 24, 1 + n % 9),
                    country: "GB".into(),
                }],
                accessibility: [
                    "Step-free access",
                    "Accessible toilet",
                    "Hearing loop",
                    "Blue badge parking",
                ]
                .iter()
                .enumerate()
                .filter(|_| dice.chance(55))
                .map(|(i, a)| Accessibility {
                    id: id("access", n * 10 + i),
                    description: (*a).into(),
                    details: None,
                    url: None,
                })
                .collect(),
            }
        })
        .collect();

    let mut services = Vec::new();
    for n in 0..service_count {
        let (code, kind, description) = KINDS[n % KINDS.len()];
        let term = taxonomy
            .terms
            .iter()
            .find(|t| t.code.as_deref() == Some(code))
            .map(|t| t.id);
        let at = dice.below(locations.len());
        let location = &locations[at];
        // Location n is in place n (mod the places), as made above.
        let (locality, town) = places[at % places.len()];
        let org = &organizations[(n * 7) % organizations.len()];
        let free = dice.chance(70);
        let mut languages = vec![Language {
            id: id("language", n * 10),
            name: "English".into(),
            code: Some("en".into()),
        }];
        if dice.chance(45) {
            // Beside English (the first), one of Bradford's community languages.
            let (name, code) = *dice.pick(&COMMUNITY_LANGUAGES[1..]);
            languages.push(Language {
                id: id("language", n * 10 + 1),
                name: name.into(),
                code: Some(code.into()),
            });
        }
        // Most checked within three months, some long ago, some never: the review queue's work.
        let assured_date = match dice.below(10) {
            0 => None,
            1 | 2 => Some(today - Days::new(100 + dice.below(250) as u64)),
            _ => Some(today - Days::new(dice.below(85) as u64)),
        };
        let online_only = code == "befriending.phone";
        services.push(Service {
            id: id("service", n),
            organization_id: org.id,
            name: format!("{kind}, {town}"),
            description: description.into(),
            url: Some(format!("https://example.org/demo/service/{n}")),
            email: (n % 4 == 0).then(|| format!("service{n}@example.org")),
            status: match n % 41 {
                0 => ServiceStatus::TemporarilyClosed,
                20 => ServiceStatus::Inactive,
                _ => ServiceStatus::Active,
            },
            alert: (n % 29 == 0).then(|| "Closed over Christmas and New Year".to_owned()),
            minimum_age: Some(if code.starts_with("carers.young") { 16 } else { 18 }),
            maximum_age: None,
            assured_date,
            assurer_email: assured_date.map(|_| "commissioner@touchstone.example".to_owned()),
            last_modified: chrono::DateTime::UNIX_EPOCH,
            taxonomy_term_ids: term.into_iter().collect(),
            schedules: if online_only {
                vec![]
            } else {
                vec![schedule(&mut dice, n, today)]
            },
            service_at_locations: if online_only {
                vec![]
            } else {
                vec![ServiceAtLocation {
                    id: id("place", n),
                    location_id: location.id,
                    schedules: vec![],
                }]
            },
            service_areas: vec![ServiceArea {
                id: id("area", n),
                name: if online_only {
                    DISTRICT.into()
                } else {
                    locality.into()
                },
                uri: None,
            }],
            languages,
            cost_options: vec![if free {
                CostOption {
                    id: id("cost", n),
                    option: Some("Free".into()),
                    amount: Some(0.0),
                    amount_description: None,
                }
            } else {
                let pounds = [2.0, 2.5, 3.0, 4.0, 5.0][dice.below(5)];
                CostOption {
                    id: id("cost", n),
                    option: Some("Per session".into()),
                    amount: Some(pounds),
                    amount_description: Some(format!("£{pounds:.2} a session, including refreshments")),
                }
            }],
            phones: vec![Phone {
                id: id("phone", n),
                number: format!("01274 {:06}", 400_000 + n * 13),
                description: None,
            }],
            contacts: vec![Contact {
                id: id("contact", n),
                name: None,
                title: Some("Group organiser".into()),
                phones: vec![],
            }],
        });
    }
    DirectoryBatch {
        taxonomies: Vec::new(),
        organizations,
        locations,
        services,
    }
}

/// Loads the demo directory when the directory is empty, with a few problems reported by
/// `reporters`. Returns how many services were added.
pub async fn load(store: &dyn Store, reporters: &[UserId]) -> anyhow::Result<usize> {
    let all = shared::api::directory::ServiceQuery {
        include_inactive: true,
        per_page: 1,
        ..Default::default()
    };
    let today = chrono::Utc::now().date_naive();
    if store.directory().find_services(&all, today).await?.total_items > 0 {
        return Ok(0);
    }
    let batch = directory(today);
    let by = ChangedBy {
        user: None,
        source: ChangeSource::Import,
    };
    let written = store.directory().write_directory(&batch, by).await?;
    let reports = [
        (3, ReportKind::Closed, ""),
        (
            11,
            ReportKind::WrongDetails,
            "The phone number rings out; they have a new mobile number.",
        ),
        (27, ReportKind::Moved, "Now meets at the library on the same day."),
        (
            64,
            ReportKind::Other,
            "Only open to people referred by their GP now.",
        ),
    ];
    for (i, (n, kind, note)) in reports.iter().enumerate() {
        if let Some(by) = reporters.get(i % reporters.len().max(1)) {
            let report = NewReport {
                kind: *kind,
                note: (*note).into(),
                id: None,
            };
            store
                .directory()
                .report_problem(id("service", *n), &report, *by)
                .await?;
        }
    }
    crate::demo_unmet::load(store, today).await?;
    crate::demo_postcodes::load(store).await?;
    Ok(written.created as usize)
}

#[cfg(test)]
mod tests {
    use shared::validate::Validate;

    use super::*;

    #[test]
    fn the_demo_directory_is_valid_fictional_and_varied() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let batch = directory(today);
        assert_eq!(batch.services.len(), 300);
        assert_eq!(batch.organizations.len(), 150);
        for o in &batch.organizations {
            assert!(o.name.ends_with("(fictional)"), "{}", o.name);
            assert_eq!(o.validate(), Ok(()), "{}", o.name);
        }
        for l in &batch.locations {
            assert_eq!(l.validate(), Ok(()), "{:?}", l.name);
        }
        for s in &batch.services {
            assert_eq!(s.validate(), Ok(()), "{}", s.name);
        }
        let due = batch
            .services
            .iter()
            .filter(|s| s.assured_date.is_none_or(|d| d < today - Days::new(92)))
            .count();
        assert!((30..=120).contains(&due), "{due} services for the review queue");
        let languages: std::collections::BTreeSet<&str> = batch
            .services
            .iter()
            .flat_map(|s| s.languages.iter().map(|l| l.name.as_str()))
            .collect();
        for wanted in ["Urdu", "Punjabi", "Polish", "Bengali"] {
            assert!(languages.contains(wanted), "{wanted}");
        }
        let categories: std::collections::BTreeSet<Uuid> = batch
            .services
            .iter()
            .flat_map(|s| s.taxonomy_term_ids.clone())
            .collect();
        assert_eq!(
            categories.len(),
            KINDS.len(),
            "every kind's category is a shipped term"
        );
        assert_eq!(directory(today).services, batch.services, "the same every time");
    }
}
