//! Row shapes shared by both backends (their column types decode on SQLite and PostgreSQL alike)
//! and their conversion to the API's types.

use chrono::{DateTime, Utc};
use shared::api::teams::Team;
use shared::api::users::User;
use shared::{PcfLevel, Role, TeamId, UserId};
use uuid::Uuid;

use super::{Credentials, StoreError};

#[derive(Debug, sqlx::FromRow)]
pub(super) struct TeamRow {
    id: Uuid,
    name: String,
    service_area: String,
    active: bool,
}

impl From<TeamRow> for Team {
    fn from(r: TeamRow) -> Self {
        Team {
            id: TeamId(r.id),
            name: r.name,
            service_area: r.service_area,
            active: r.active,
        }
    }
}

/// A user with their roles folded into one comma-separated column by the query.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    team_id: Option<Uuid>,
    pcf_level: Option<String>,
    active: bool,
    created_at: DateTime<Utc>,
    password_hash: String,
    session_epoch: i64,
    roles: String,
}

impl UserRow {
    pub(super) fn into_credentials(self) -> Result<Credentials, StoreError> {
        // The schema's CHECK constraints make unknown names impossible; a failure here means the
        // database was edited by hand, which is worth an error rather than a silent drop.
        let corrupt = |what: String| StoreError::Database(sqlx::Error::Decode(what.into()));
        let mut roles = self
            .roles
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<Role>().map_err(|e| corrupt(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        roles.sort();
        let pcf_level = self
            .pcf_level
            .map(|s| s.parse::<PcfLevel>().map_err(|e| corrupt(e.to_string())))
            .transpose()?;
        Ok(Credentials {
            user: User {
                id: UserId(self.id),
                email: self.email,
                display_name: self.display_name,
                roles,
                team_id: self.team_id.map(TeamId),
                pcf_level,
                active: self.active,
                created_at: self.created_at,
            },
            password_hash: self.password_hash,
            session_epoch: self.session_epoch,
        })
    }
}
