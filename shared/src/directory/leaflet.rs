//! A shortlist as the person takes it away: each service's name, the practitioner's note, when,
//! where, how to get in touch and what it costs, read from the device's copy of the directory
//! (so it prints and shares offline). The print page lays these out in large type; `plain_text`
//! is what is copied, sent by email or text message, and downloaded.

use super::Location;
use super::copy::DirectoryCopy;
use crate::api::shortlists::Shortlist;

/// One service, ready to print or send.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub name: String,
    pub note: String,
    /// Its opening times in words, one line each ("Tuesdays, 10:00 to 12:00").
    pub when: Vec<String>,
    /// Where it happens: each place on a line ("Silsden Library, 1 Kirkgate, Silsden, BD20 0AL").
    pub places: Vec<String>,
    /// Phone numbers, email and website, each on a line.
    pub contact: Vec<String>,
    pub cost: String,
    /// No longer in the directory (or not on this device): only its name and the note are known.
    pub missing: bool,
}

fn place(l: &Location) -> String {
    if l.confidential {
        return "Get in touch to arrange where to meet".to_owned();
    }
    let mut parts: Vec<String> = l.name.iter().cloned().collect();
    if let Some(a) = l.addresses.first() {
        parts.extend(
            [&a.address_1, &a.city, &a.postal_code]
                .into_iter()
                .filter(|p| !p.is_empty())
                .cloned(),
        );
    }
    parts.join(", ")
}

/// The shortlist's services as cards, in its order.
pub fn cards(list: &Shortlist, copy: Option<&DirectoryCopy>) -> Vec<Card> {
    list.services
        .iter()
        .map(|picked| {
            let Some(s) = copy.and_then(|c| c.service(picked.service_id)) else {
                return Card {
                    name: picked.name.clone(),
                    note: picked.note.clone(),
                    when: Vec::new(),
                    places: Vec::new(),
                    contact: Vec::new(),
                    cost: String::new(),
                    missing: true,
                };
            };
            let copy = copy.expect("a service came from the copy");
            let places: Vec<&Location> = s
                .service_at_locations
                .iter()
                .filter_map(|p| copy.locations.get(&p.location_id))
                .collect();
            let mut when: Vec<String> = s.schedules.iter().map(|sc| sc.describe()).collect();
            when.extend(
                s.service_at_locations
                    .iter()
                    .flat_map(|p| p.schedules.iter().map(|sc| sc.describe())),
            );
            let mut contact: Vec<String> = s.phones.iter().map(|p| format!("Phone {}", p.number)).collect();
            contact.extend(
                s.contacts
                    .iter()
                    .flat_map(|c| c.phones.iter().map(|p| format!("Phone {}", p.number))),
            );
            contact.extend(s.email.iter().map(|e| format!("Email {e}")));
            contact.extend(s.url.iter().map(|u| format!("Website {u}")));
            Card {
                name: s.name.clone(),
                note: picked.note.clone(),
                when,
                places: places.into_iter().map(place).collect(),
                contact,
                cost: s.cost_text(),
                missing: false,
            }
        })
        .collect()
}

/// The shortlist as plain text: a heading, then each service with its lines.
pub fn plain_text(cards: &[Card]) -> String {
    let mut text = String::from("What's on near you\n");
    for card in cards {
        text.push('\n');
        text.push_str(&card.name);
        text.push('\n');
        if !card.note.trim().is_empty() {
            text.push_str(&format!("Note: {}\n", card.note.trim()));
        }
        if card.missing {
            text.push_str("Ask your social worker for its details.\n");
            continue;
        }
        for (label, lines) in [
            ("When", &card.when),
            ("Where", &card.places),
            ("Contact", &card.contact),
        ] {
            for line in lines {
                text.push_str(&format!("{label}: {line}\n"));
            }
        }
        text.push_str(&format!("Cost: {}\n", card.cost));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::directory::ServiceQuery;
    use crate::directory::search::cases;
    use chrono::NaiveDate;

    #[test]
    fn a_shortlist_reads_as_cards_and_text_in_its_own_order() {
        let copy = cases::copy();
        let all: Vec<_> = copy.find(
            &ServiceQuery::default(),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        );
        let (first, second) = (all[0].clone(), all[1].clone());
        let mut list = Shortlist {
            reference: "LAS-1042".into(),
            ..Shortlist::default()
        };
        list.add(second.id, &second.name);
        list.add(first.id, &first.name);
        list.add(uuid::Uuid::from_u128(9), "A service since closed");
        list.services[0].note = "Ask for Sue on Tuesdays".into();
        let cards = cards(&list, Some(&copy));
        assert_eq!(cards[0].name, second.name);
        assert_eq!(cards[1].name, first.name);
        assert!(cards[2].missing);
        assert_eq!(cards[0].cost, "Not known");
        let text = plain_text(&cards);
        assert!(text.starts_with("What's on near you\n\n"));
        assert!(text.contains(&format!("{}\nNote: Ask for Sue on Tuesdays\n", second.name)));
        assert!(text.find(&second.name) < text.find(&first.name));
        assert!(text.contains("A service since closed\nAsk your social worker for its details.\n"));
        assert!(
            !text.contains("LAS-1042"),
            "the case reference stays with the practitioner"
        );
    }
}
