//! Fictional demo data so a newcomer can sign in at once: teams across Bradford-style service
//! areas, a user of every role and PCF level, and a year of self-assessments for each
//! practitioner (`demo_history`). Loading twice adds nothing new.

use shared::api::teams::TeamInput;
use shared::api::users::UserProfile;
use shared::{PcfLevel, Role, TeamId, UserId};

use crate::password;
use crate::store::{NewUser, Store};

/// Every demo account signs in with this password (listed in the README).
pub const DEMO_PASSWORD: &str = "touchstone-demo";

const TEAMS: &[(&str, &str)] = &[
    ("Keighley Locality", "Access and Prevention"),
    ("Bradford East Locality", "Access and Prevention"),
    ("Hospital Discharge Team", "Hospital Social Work"),
    ("Safeguarding Adults Team", "Safeguarding"),
    ("Community Mental Health Team", "Mental Health"),
    ("Learning Disabilities East", "Learning Disabilities"),
];

struct DemoUser {
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
    team: Option<&'static str>,
    level: Option<PcfLevel>,
}

const fn person(
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
    team: Option<&'static str>,
    level: Option<PcfLevel>,
) -> DemoUser {
    DemoUser {
        email,
        name,
        roles,
        team,
        level,
    }
}

use PcfLevel as L;
use Role as R;

const USERS: &[DemoUser] = &[
    person("admin@touchstone.example", "Alex Morgan", &[R::Admin], None, None),
    person(
        "practitioner@touchstone.example",
        "Priya Shah",
        &[R::Practitioner],
        Some("Keighley Locality"),
        Some(L::SocialWorker),
    ),
    person(
        "manager@touchstone.example",
        "Tom Hargreaves",
        &[R::TeamManager],
        Some("Keighley Locality"),
        Some(L::Advanced),
    ),
    person(
        "commissioner@touchstone.example",
        "Chloe Barker",
        &[R::Commissioner],
        None,
        None,
    ),
    person(
        "workforce@touchstone.example",
        "Wendy Okafor",
        &[R::WorkforceLead],
        None,
        Some(L::Strategic),
    ),
    person(
        "student@touchstone.example",
        "Sam Ali",
        &[R::Practitioner],
        Some("Keighley Locality"),
        Some(L::Student),
    ),
    person(
        "asye@touchstone.example",
        "Jordan Lee",
        &[R::Practitioner],
        Some("Hospital Discharge Team"),
        Some(L::NewlyQualified),
    ),
    person(
        "experienced@touchstone.example",
        "Fatima Hussain",
        &[R::Practitioner],
        Some("Safeguarding Adults Team"),
        Some(L::Experienced),
    ),
    person(
        "advanced@touchstone.example",
        "Daniel Wright",
        &[R::Practitioner],
        Some("Community Mental Health Team"),
        Some(L::Advanced),
    ),
    person(
        "psw@touchstone.example",
        "Helen Clarke",
        &[R::Practitioner, R::WorkforceLead],
        Some("Learning Disabilities East"),
        Some(L::Strategic),
    ),
    person(
        "manager.east@touchstone.example",
        "Imran Qureshi",
        &[R::TeamManager, R::Practitioner],
        Some("Bradford East Locality"),
        Some(L::Advanced),
    ),
];

/// How many demo records were added (0 on a second load).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub teams: usize,
    pub users: usize,
    /// Generated colleagues (`demo_workforce`) who give the results enough people.
    pub colleagues: usize,
    /// Submitted self-assessments added to the practitioners' history.
    pub assessments: usize,
    /// Community-assets directory services (`demo_directory`).
    pub services: usize,
}

/// The demo administrator, whose presence marks a database the demo made.
const DEMO_ADMIN: &str = "admin@touchstone.example";

/// Loads what is missing of the demo: into an empty database, or one the demo made before (its
/// administrator is there). Any other database is refused: the demo's accounts share a published
/// password, and would let anyone into real people's records.
pub async fn load(store: &dyn Store) -> anyhow::Result<Loaded> {
    let users = store.users().count_users().await?;
    let made_by_demo = store.users().credentials_by_email(DEMO_ADMIN).await?.is_some();
    anyhow::ensure!(
        users == 0 || made_by_demo,
        "this database already has {users} people who are not the demo's: the demo data (whose \
         accounts share a published password) loads only into an empty database or one it made"
    );
    let mut loaded = Loaded::default();
    // The history answers the shipped self-assessment, so it must be there first.
    crate::templates::install_defaults(store).await?;
    let mut teams = store.users().list_teams().await?;
    for (name, service_area) in TEAMS {
        if !teams.iter().any(|t| t.name == *name) {
            let input = TeamInput {
                name: (*name).into(),
                service_area: (*service_area).into(),
                active: true,
            };
            teams.push(store.users().create_team(TeamId::new(), &input).await?);
            loaded.teams += 1;
        }
    }
    // One hash for every demo account: they share a published password anyway.
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    let mut practitioners = Vec::new();
    let mut colleagues: Vec<(UserId, String)> = Vec::new();
    for u in USERS {
        if let Some(existing) = store.users().credentials_by_email(u.email).await? {
            if u.roles.contains(&Role::Practitioner) {
                practitioners.push((existing.user.id, u.email));
            }
            continue;
        }
        let team_id = u
            .team
            .and_then(|name| teams.iter().find(|t| t.name == name))
            .map(|t| t.id);
        let profile = UserProfile {
            email: u.email.into(),
            display_name: u.name.into(),
            roles: u.roles.to_vec(),
            team_id,
            pcf_level: u.level,
            active: true,
        };
        let new = NewUser {
            id: UserId::new(),
            profile: profile.normalised(),
            password_hash: hash.clone(),
            created_at: chrono::Utc::now(),
            must_change_password: false,
        };
        store.users().create_user(&new).await?;
        if u.roles.contains(&Role::Practitioner) {
            practitioners.push((new.id, u.email));
        }
        loaded.users += 1;
    }
    for (t, (team_name, _)) in TEAMS.iter().enumerate() {
        let team_id = teams.iter().find(|t| t.name == *team_name).map(|t| t.id);
        for i in 0..crate::demo_workforce::PER_TEAM {
            let (email, name, level) = crate::demo_workforce::colleague(t, i);
            if let Some(existing) = store.users().credentials_by_email(&email).await? {
                colleagues.push((existing.user.id, email));
                continue;
            }
            let profile = UserProfile {
                email: email.clone(),
                display_name: name,
                roles: vec![Role::Practitioner],
                team_id,
                pcf_level: Some(level),
                active: true,
            };
            let new = NewUser {
                id: UserId::new(),
                profile: profile.normalised(),
                password_hash: hash.clone(),
                created_at: chrono::Utc::now(),
                must_change_password: false,
            };
            store.users().create_user(&new).await?;
            colleagues.push((new.id, email));
            loaded.colleagues += 1;
        }
    }
    practitioners.extend(colleagues.iter().map(|(id, email)| (*id, email.as_str())));
    loaded.assessments = crate::demo_history::load(store, &practitioners).await?;
    let reporters: Vec<UserId> = practitioners.iter().take(3).map(|(id, _)| *id).collect();
    loaded.services = crate::demo_directory::load(store, &reporters).await?;
    Ok(loaded)
}

/// The demo accounts, for the start-up banner.
pub fn accounts() -> impl Iterator<Item = (&'static str, String)> {
    USERS.iter().map(|u| {
        (
            u.email,
            u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_covers_every_role_and_pcf_level_with_valid_data() {
        use shared::validate::Validate;
        for role in Role::ALL {
            assert!(
                USERS.iter().any(|u| u.roles.contains(role)),
                "no demo user is a {role}"
            );
        }
        for level in PcfLevel::ALL {
            assert!(
                USERS.iter().any(|u| u.level == Some(*level)),
                "no demo user at {level}"
            );
        }
        for u in USERS {
            assert!(
                u.team.is_none_or(|t| TEAMS.iter().any(|(name, _)| *name == t)),
                "{} has an unknown team",
                u.email
            );
            let p = UserProfile {
                email: u.email.into(),
                display_name: u.name.into(),
                roles: u.roles.to_vec(),
                team_id: None,
                pcf_level: u.level,
                active: true,
            };
            assert!(p.validate().is_ok(), "{}", u.email);
        }
        let areas: std::collections::BTreeSet<_> = TEAMS.iter().map(|(_, a)| a).collect();
        assert!(areas.len() >= 4, "teams span several service areas");
    }
}
