//! Typed ids. Records get UUIDv7 ids made where they are created (on the device for offline
//! records), so an id never changes when a record reaches the server.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (v7) id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A person who signs in.
    UserId
);
id_type!(
    /// A team, which belongs to a service area.
    TeamId
);
id_type!(
    /// One version of a questionnaire (a self-assessment or a case-file audit).
    TemplateId
);
id_type!(
    /// One installation of the app for one signed-in user (a browser profile, a phone). Made on
    /// the device; with the mutation id it names each change exactly once.
    ClientId
);
id_type!(
    /// Any record that syncs (a note, a self-assessment, a risk enablement form), made on the device.
    RecordId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_serialise_as_plain_strings() {
        let id = UserId::new();
        assert_eq!(id.0.get_version_num(), 7);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", id.0));
        let back: UserId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn ids_parse_from_path_segments() {
        let id = TeamId::new();
        assert_eq!(id.to_string().parse::<TeamId>().unwrap(), id);
        assert!("not-a-uuid".parse::<TeamId>().is_err());
    }
}
