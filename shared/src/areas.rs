//! Each role's area of Touchstone: its navigation link, its home page's words and what it opens.
//! Shared because the server draws the first paint of home (and its navigation) before the app
//! arrives, and both must say the same thing.

use crate::Role;
use crate::api::auth::Account;

/// A role's area of the app: its navigation link and its home page.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub role: Role,
    pub nav: (&'static str, &'static str),
    pub title: &'static str,
    pub intro: &'static str,
    pub points: &'static [&'static str],
    /// What this role can open from its home page.
    pub links: &'static [(&'static str, &'static str)],
}

pub fn area(role: Role) -> Area {
    match role {
        Role::Practitioner => Area {
            role,
            nav: ("/practice", "My practice"),
            title: "My practice",
            intro: "Rate your confidence across the practice model, reflect on it, and see how you grow.",
            points: &[
                "Your self-assessments are yours. Nobody else reads one unless you share it with your supervisor.",
                "Say what would help you: training, supervision, peer support, shadowing or reading.",
                "Record positive risk-taking decisions with the person, and find what is local to them.",
            ],
            links: &[
                ("/assessments", "My self-assessments"),
                ("/case-audits", "Audits of my cases"),
                ("/risk", "Risk enablement forms"),
                ("/notes", "My notes"),
            ],
        },
        Role::TeamManager => Area {
            role,
            nav: ("/team", "My team"),
            title: "My team",
            intro: "Audit case files against the Basics and support your team's development.",
            points: &[
                "The Basics: the voice of the person, evidence-based assessment, timely recording and \
                 chronologies, SMART plans, and management oversight.",
                "Review risk enablement decisions your team shares with you.",
            ],
            links: &[
                ("/case-audits", "Case-file audits"),
                ("/risk", "Risk enablement forms"),
                ("/team/shared", "Self-assessments shared with you"),
            ],
        },
        Role::Commissioner => Area {
            role,
            nav: ("/directory", "Community assets"),
            title: "Community assets",
            intro: "Keep the directory of community services true, so social workers can connect people to what is local.",
            points: &[
                "Services, locations and opening times follow the Open Referral UK standard.",
                "Each entry shows when it was last checked.",
            ],
            // Its area's page (`/directory`) is where these are.
            links: &[],
        },
        Role::WorkforceLead => Area {
            role,
            nav: ("/workforce", "Workforce confidence"),
            title: "Workforce confidence",
            intro: "See confidence by practice domain, team, career level and period, and whether training moved it.",
            points: &[
                "Results are only shown for groups of 5 or more people, so no one can be identified.",
                "Reflections stay private; only ratings are counted.",
            ],
            links: &[
                (
                    "/results",
                    "Results: confidence by domain, team, PCF level and period",
                ),
                (
                    "/results?cut=period&periods=4",
                    "Trend over the last four quarters",
                ),
                ("/results/compare", "Compare two periods: did training work?"),
                ("/templates", "Templates"),
            ],
        },
        Role::Admin => Area {
            role,
            nav: ("/admin", "Administration"),
            title: "Administration",
            intro: "Manage who can sign in, what they can do, and the teams they belong to.",
            points: &[],
            links: &[
                ("/admin/users", "Manage users"),
                ("/admin/teams", "Manage teams"),
                ("/admin/audit", "Security audit log"),
                ("/templates", "Templates"),
            ],
        },
    }
}

/// Navigation links a person sees, in order: everyone has Home, Find services and My notes;
/// each role adds its own area.
pub fn nav_links(account: &Account) -> Vec<(&'static str, &'static str)> {
    let mut links = vec![("/", "Home"), ("/find", "Find services"), ("/notes", "My notes")];
    for role in Role::ALL {
        if account.has_role(*role) {
            links.push(area(*role).nav);
        }
    }
    links
}

/// The facts home shows about a person, as (label, value) rows.
pub fn account_facts(account: &Account) -> [(&'static str, String); 4] {
    let team = account.team.as_ref().map_or_else(
        || "Not in a team".to_owned(),
        |t| format!("{} ({})", t.name, t.service_area),
    );
    let level = account.pcf_level.map_or("Not set", |l| l.label());
    let roles = account
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    [
        ("Email", account.email.clone()),
        ("Team", team),
        ("Career level (PCF)", level.to_owned()),
        ("Roles", roles),
    ]
}
