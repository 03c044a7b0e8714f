//! A fictional workforce behind the demo accounts, so the workforce lead's results have groups
//! big enough to show (and some small enough to be hidden). They are ordinary practitioners who
//! can sign in with the demo password, but nobody needs to: they exist to be counted.

use shared::PcfLevel;

const FIRST: &[&str] = &[
    "Aisha", "Ben", "Carys", "Dev", "Ella", "Farid", "Grace", "Hamza", "Isla", "Jack", "Kiran", "Leah", "Mo",
    "Nadia", "Owen", "Poppy", "Rashid", "Sophie", "Tariq", "Uma",
];
const LAST: &[&str] = &[
    "Akhtar", "Brook", "Clegg", "Dawson", "Evans", "Firth", "Gill", "Holroyd",
];

/// How many generated colleagues each demo team has.
pub const PER_TEAM: usize = 16;

/// A colleague's PCF level: mostly social workers and experienced social workers, as in a real
/// team, with a few students, newly qualified, advanced and strategic staff.
fn level(i: usize) -> PcfLevel {
    match i % 16 {
        0 => PcfLevel::Student,
        1 | 2 => PcfLevel::NewlyQualified,
        3..=8 => PcfLevel::SocialWorker,
        9..=13 => PcfLevel::Experienced,
        14 => PcfLevel::Advanced,
        _ => PcfLevel::Strategic,
    }
}

/// `(email, display name, level)` for colleague `i` of team number `team`.
pub fn colleague(team: usize, i: usize) -> (String, String, PcfLevel) {
    let n = team * PER_TEAM + i;
    let name = format!(
        "{} {}",
        FIRST[n % FIRST.len()],
        LAST[(n / FIRST.len() + team) % LAST.len()]
    );
    (format!("colleague.{n:03}@touchstone.example"), name, level(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colleagues_have_distinct_emails_and_a_realistic_spread_of_levels() {
        let all: Vec<_> = (0..6)
            .flat_map(|t| (0..PER_TEAM).map(move |i| colleague(t, i)))
            .collect();
        let emails: std::collections::BTreeSet<_> = all.iter().map(|c| &c.0).collect();
        assert_eq!(emails.len(), all.len());
        let social_workers = all.iter().filter(|c| c.2 == PcfLevel::SocialWorker).count();
        let students = all.iter().filter(|c| c.2 == PcfLevel::Student).count();
        assert!(social_workers > 4 * students);
    }
}
