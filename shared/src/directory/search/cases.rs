//! The table the server and the device are both tested on: a small directory and searches
//! with the services each must find, in order. `shared`'s own test searches it as the device
//! does (`DirectoryCopy`: its word index, the rules' ranking); the server's store test writes it to each database and searches there.

use chrono::{DateTime, NaiveDate};
use uuid::Uuid;

use crate::api::directory::{ServiceQuery, Snapshot};
use crate::directory::copy::DirectoryCopy;
use crate::directory::{Service, taxonomy};

/// A service of the table: its name, its categories (shipped taxonomy codes) and description.
pub struct CaseService {
    pub name: &'static str,
    pub categories: &'static [&'static str],
    pub description: &'static str,
}

/// A search and what it finds, best first (every service it finds, so extra ones show).
pub struct CaseSearch {
    pub words: &'static str,
    pub finds: &'static [&'static str],
}

pub const SERVICES: &[CaseService] = &[
    CaseService {
        name: "Memory café, Shipley",
        categories: &["dementia.memory-cafes"],
        description: "Tea, cake, a light lunch and company for people living with memory loss and those who care for them.",
    },
    CaseService {
        name: "Dementia carers' group",
        categories: &["carers.groups", "dementia.support"],
        description: "Carers meet monthly to share what works.",
    },
    CaseService {
        name: "Wednesday health walk",
        categories: &["physical-activity.walking"],
        description: "A gentle walk for anyone who wants to befriend others; cafés on the way.",
    },
    CaseService {
        name: "Befriending by phone",
        categories: &["befriending.phone"],
        description: "A weekly call from a volunteer.",
    },
    CaseService {
        name: "Home visiting befrienders",
        categories: &["befriending.visiting"],
        description: "Volunteers visit people living alone.",
    },
    CaseService {
        name: "Keighley men's shed",
        categories: &["community.mens-sheds"],
        description: "Woodwork, repairs and a brew.",
    },
    CaseService {
        name: "Chair-based exercise",
        categories: &["physical-activity.seated"],
        description: "Gentle exercise for people with limited mobility, including after a fall.",
    },
    CaseService {
        name: "Warm homes advice",
        categories: &["money.energy"],
        description: "Help with energy bills, running costs and grants for heating.",
    },
    CaseService {
        name: "Running club for beginners",
        categories: &["physical-activity.sport"],
        description: "Couch to 5k for over 50s.",
    },
    CaseService {
        name: "Polish community lunch",
        categories: &["community.lunch-clubs", "faith-culture"],
        description: "Obiad: a hot lunch and conversation in Polish (po polsku).",
    },
];

pub const SEARCHES: &[CaseSearch] = &[
    // Stems: "befriender" is "befriend"; a name outranks a description; equal scores go by
    // name.
    CaseSearch {
        words: "befriender",
        finds: &[
            "Befriending by phone",
            "Home visiting befrienders",
            "Wednesday health walk",
        ],
    },
    // Ranked, not in name order: a name outranks a description.
    CaseSearch {
        words: "lunch",
        finds: &["Polish community lunch", "Memory café, Shipley"],
    },
    // A kind's parent finds it: memory cafés are a kind of dementia service.
    CaseSearch {
        words: "dementia",
        finds: &["Dementia carers' group", "Memory café, Shipley"],
    },
    // Accents fold; a name outranks a description; the last word may be unfinished.
    CaseSearch {
        words: "cafe",
        finds: &["Memory café, Shipley", "Wednesday health walk"],
    },
    CaseSearch {
        words: "memory caf",
        finds: &["Memory café, Shipley"],
    },
    // Every word must match; common words are not searched by.
    CaseSearch {
        words: "the carers of dementia",
        finds: &["Dementia carers' group"],
    },
    // An unfinished word is matched on the word typed, not only its stem ("runn" is no stem
    // of "running").
    CaseSearch {
        words: "runn",
        finds: &["Running club for beginners", "Warm homes advice"],
    },
    // Apostrophes drop: "mens" and "men's" are one word.
    CaseSearch {
        words: "mens shed",
        finds: &["Keighley men's shed"],
    },
    CaseSearch {
        words: "gentle exercise",
        finds: &["Chair-based exercise"],
    },
    CaseSearch {
        words: "polsku",
        finds: &["Polish community lunch"],
    },
    // Nothing to search by: no words, or only common ones.
    CaseSearch {
        words: "?!",
        finds: &[],
    },
    CaseSearch {
        words: "nothing matches this",
        finds: &[],
    },
];

/// The shipped taxonomy's ids of a table service's categories.
pub fn category_ids(service: &CaseService) -> Vec<uuid::Uuid> {
    let shipped = taxonomy::shipped();
    service
        .categories
        .iter()
        .map(|code| {
            shipped
                .terms
                .iter()
                .find(|t| t.code.as_deref() == Some(code))
                .unwrap_or_else(|| panic!("no shipped category {code}"))
                .id
        })
        .collect()
}

/// The table as a device's copy of the directory.
pub fn copy() -> DirectoryCopy {
    let organization = Uuid::from_u128(1);
    let services = SERVICES
        .iter()
        .enumerate()
        .map(|(i, c)| Service {
            description: c.description.into(),
            taxonomy_term_ids: category_ids(c),
            ..Service::new(Uuid::from_u128(i as u128 + 100), organization, c.name)
        })
        .collect();
    DirectoryCopy::new(Snapshot {
        taken_at: DateTime::UNIX_EPOCH,
        services,
        organizations: Vec::new(),
        locations: Vec::new(),
        taxonomies: vec![taxonomy::shipped()],
        review_months: 12,
        postcodes_at: None,
    })
}

/// What `words` finds in the table as the device searches its copy, best first.
pub fn search(words: &str) -> Vec<&'static str> {
    let query = ServiceQuery {
        search: Some(words.to_owned()),
        ..ServiceQuery::default()
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date");
    copy()
        .find(&query, today)
        .into_iter()
        .map(|s| {
            SERVICES
                .iter()
                .find(|c| c.name == s.name)
                .expect("a table service")
                .name
        })
        .collect()
}
