//! Roles and Professional Capabilities Framework (PCF) levels, named as in DESIGN.md so the same
//! words appear in the database, the API and the app.

use serde::{Deserialize, Serialize};

/// Generates a closed, snake_case string enum with `ALL`, `as_str`, `label` and `FromStr`.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable wire and database name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// Plain words for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::roles::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    other => Err($crate::roles::UnknownValue(other.to_owned())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use string_enum;

/// A name that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`")]
pub struct UnknownValue(pub String);

string_enum!(
    /// What a user may do. A user may hold several roles.
    Role {
        Practitioner = "practitioner", "Practitioner";
        TeamManager = "team_manager", "Team manager";
        Commissioner = "commissioner", "Commissioner";
        WorkforceLead = "workforce_lead", "Workforce lead";
        Admin = "admin", "Administrator";
    }
);

string_enum!(
    /// Career level in the Professional Capabilities Framework (BASW), as Bradford maps its roles.
    PcfLevel {
        Student = "student", "Student";
        NewlyQualified = "newly_qualified", "Newly qualified (ASYE)";
        SocialWorker = "social_worker", "Social worker";
        Experienced = "experienced", "Experienced social worker";
        Advanced = "advanced", "Advanced social worker";
        Strategic = "strategic", "Strategic social worker";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde_and_from_str() {
        for role in Role::ALL {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for level in PcfLevel::ALL {
            assert_eq!(serde_json::to_value(level).unwrap(), level.as_str());
            assert_eq!(level.as_str().parse::<PcfLevel>().unwrap(), *level);
        }
    }

    #[test]
    fn unknown_names_are_refused() {
        assert_eq!("wizard".parse::<Role>(), Err(UnknownValue("wizard".into())));
        assert!(serde_json::from_str::<Role>("\"wizard\"").is_err());
        assert!(
            serde_json::from_str::<PcfLevel>("\"Student\"").is_err(),
            "wire names are case-sensitive"
        );
    }

    #[test]
    fn pcf_levels_are_in_career_order() {
        assert_eq!(PcfLevel::ALL.first(), Some(&PcfLevel::Student));
        assert_eq!(PcfLevel::ALL.last(), Some(&PcfLevel::Strategic));
        assert!(PcfLevel::Student < PcfLevel::Strategic);
    }
}
