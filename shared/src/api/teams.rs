use serde::{Deserialize, Serialize};

use crate::validate::{Check, NAME_MAX, Validate};
use crate::{FieldErrors, TeamId, UserId};

/// A team of practitioners within a service area (e.g. "Keighley Locality" in "Access and Prevention").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub service_area: String,
    pub active: bool,
}

/// A practitioner in my team, as a team manager picks them for a case-file audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: UserId,
    pub display_name: String,
}

/// `POST /api/teams` and `PUT /api/teams/{id}`: the whole editable team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamInput {
    pub name: String,
    pub service_area: String,
    /// New teams are active; setting false retires the team from pick lists.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Validate for TeamInput {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .text("name", &self.name, "a team name", NAME_MAX)
            .text("service_area", &self.service_area, "a service area", NAME_MAX)
            .finish()
    }
}

impl TeamInput {
    /// Trimmed copy, as stored.
    pub fn normalised(&self) -> Self {
        Self {
            name: self.name.trim().to_owned(),
            service_area: self.service_area.trim().to_owned(),
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_needs_a_name_and_a_service_area() {
        let e = TeamInput {
            name: " ".into(),
            service_area: String::new(),
            active: true,
        }
        .validate()
        .unwrap_err();
        assert_eq!(e["name"], vec!["Enter a team name"]);
        assert_eq!(e["service_area"], vec!["Enter a service area"]);
    }

    #[test]
    fn active_defaults_to_true_on_the_wire() {
        let t: TeamInput = serde_json::from_str(r#"{"name":"A","service_area":"B"}"#).unwrap();
        assert!(t.active);
        assert_eq!(
            TeamInput {
                name: " A ".into(),
                service_area: "B ".into(),
                active: true
            }
            .normalised()
            .name,
            "A"
        );
    }
}
