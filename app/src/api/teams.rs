use shared::TeamId;
use shared::api::teams::{Team, TeamInput, TeamMember};

use super::ApiError;

pub async fn list_teams() -> Result<Vec<Team>, ApiError> {
    super::get("/api/teams").await
}

pub async fn get_team(id: TeamId) -> Result<Team, ApiError> {
    super::get(&format!("/api/teams/{id}")).await
}

pub async fn create_team(input: &TeamInput) -> Result<Team, ApiError> {
    super::post("/api/teams", input).await
}

pub async fn update_team(id: TeamId, input: &TeamInput) -> Result<Team, ApiError> {
    super::put(&format!("/api/teams/{id}"), input).await
}

/// The practitioners in the signed-in team manager's team.
pub async fn team_practitioners() -> Result<Vec<TeamMember>, ApiError> {
    super::get("/api/team/practitioners").await
}
