//! Row shapes shared by both backends (their column types decode on SQLite and PostgreSQL alike)
//! and their conversion to the API's types.

use chrono::{DateTime, Utc};
use shared::api::teams::Team;
use shared::api::templates::{Template, TemplateContent, TemplateSummary};
use shared::api::users::User;
use shared::{PcfLevel, Role, TeamId, TemplateId, UserId};
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
    must_change_password: bool,
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
            must_change_password: self.must_change_password,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct TemplateRow {
    id: Uuid,
    key: String,
    version: i32,
    kind: String,
    status: String,
    title: String,
    content: String,
    created_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

/// Reads a snake_case enum from its wire name.
fn wire<T: serde::de::DeserializeOwned>(name: String) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(name))
        .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

impl TemplateRow {
    pub(super) fn into_template(self) -> Result<Template, StoreError> {
        let content: TemplateContent = serde_json::from_str(&self.content)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        Ok(Template {
            summary: self.summary()?,
            content,
        })
    }

    pub(super) fn summary(&self) -> Result<TemplateSummary, StoreError> {
        Ok(TemplateSummary {
            id: TemplateId(self.id),
            key: self.key.clone(),
            version: self.version,
            kind: wire(self.kind.clone())?,
            status: wire(self.status.clone())?,
            title: self.title.clone(),
            created_at: self.created_at,
            published_at: self.published_at,
        })
    }
}

/// A snake_case enum's wire name, for binding.
pub(super) fn wire_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
