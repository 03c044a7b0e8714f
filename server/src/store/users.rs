//! Teams and user accounts. Changing who is in which team, or who manages it, changes who may
//! read what, so those writes recompute readers in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::api::teams::{Team, TeamInput};
use shared::api::users::{User, UserProfile};
use shared::{Role, TeamId, UserId};
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Type};
use uuid::Uuid;

use super::dialect::{Column, Dialect};
use super::rows::{TeamRow, UserRow};
use super::sql::SqlStore;
use super::sync::{SyncTx, Tx};
use super::{Credentials, NewUser, StoreResult, classify};

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn list_teams(&self) -> StoreResult<Vec<Team>>;
    async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>>;
    async fn create_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Team>;
    /// `None` when there is no such team.
    async fn update_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Option<Team>>;

    async fn count_users(&self) -> StoreResult<i64>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<Credentials>>;
    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>>;
    /// Inserts the user and their roles in one transaction.
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    /// Replaces the profile and roles in one transaction; deactivating ends the user's sessions.
    async fn update_user(&self, id: UserId, profile: &UserProfile) -> StoreResult<Option<User>>;
    /// Sets a new password hash and ends the user's sessions; `must_change` when someone other
    /// than its person chose it. `false` when there is no such user.
    async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<bool>;
}

const TEAM_COLUMNS: &str = "id, name, service_area, active";

/// A user as one row, their roles folded into one column.
fn select_user<D: Dialect>() -> String {
    format!(
        "select u.id, u.email, u.display_name, u.team_id, u.pcf_level, u.active,
             u.created_at, u.password_hash, u.session_epoch, u.must_change_password,
             coalesce((select {} from user_roles r where r.user_id = u.id), '') as roles
         from users u",
        D::ROLE_LIST
    )
}

#[async_trait]
impl<D> UserStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    for<'q> &'q str: Encode<'q, D>,
    str: Type<D>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i64: Column<D>,
    bool: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
    Tx<D>: SyncTx,
{
    async fn list_teams(&self) -> StoreResult<Vec<Team>> {
        let rows: Vec<TeamRow> = sqlx::query_as(&format!(
            "select {TEAM_COLUMNS} from teams order by service_area, name"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Team::from).collect())
    }

    async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>> {
        let row: Option<TeamRow> = sqlx::query_as(&format!("select {TEAM_COLUMNS} from teams where id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Team::from))
    }

    async fn create_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Team> {
        let row: TeamRow = sqlx::query_as(&format!(
            "insert into teams (id, name, service_area, active, created_at) values ($1, $2, $3, $4, $5)
             returning {TEAM_COLUMNS}"
        ))
        .bind(id.0)
        .bind(&team.name)
        .bind(&team.service_area)
        .bind(team.active)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(classify)?;
        Ok(row.into())
    }

    async fn update_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Option<Team>> {
        let row: Option<TeamRow> = sqlx::query_as(&format!(
            "update teams set name = $2, service_area = $3, active = $4 where id = $1
             returning {TEAM_COLUMNS}"
        ))
        .bind(id.0)
        .bind(&team.name)
        .bind(&team.service_area)
        .bind(team.active)
        .fetch_optional(&self.pool)
        .await
        .map_err(classify)?;
        Ok(row.map(Team::from))
    }

    async fn count_users(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("select count(*) from users")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(&format!(
            "{} order by u.display_name, u.email",
            select_user::<D>()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| r.into_credentials().map(|c| c.user))
            .collect()
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
        Ok(self.credentials_by_id(id).await?.map(|c| c.user))
    }

    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<Credentials>> {
        let row: Option<UserRow> = sqlx::query_as(&format!("{} where u.email = $1", select_user::<D>()))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.map(UserRow::into_credentials).transpose()
    }

    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>> {
        let row: Option<UserRow> = sqlx::query_as(&format!("{} where u.id = $1", select_user::<D>()))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(UserRow::into_credentials).transpose()
    }

    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        let p = &new.profile;
        let mut tx = Tx(D::begin_write(&self.pool).await?);
        sqlx::query(
            "insert into users (id, email, display_name, password_hash, team_id, pcf_level, active, created_at,
                 must_change_password)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new.id.0)
        .bind(&p.email)
        .bind(&p.display_name)
        .bind(&new.password_hash)
        .bind(p.team_id.map(|t| t.0))
        .bind(p.pcf_level.map(|l| l.as_str().to_owned()))
        .bind(p.active)
        .bind(new.created_at)
        .bind(new.must_change_password)
        .execute(&mut *tx.0)
        .await
        .map_err(classify)?;
        insert_roles(&mut *tx.0, new.id, &p.roles).await?;
        // A new team manager reads what their team already shares with its manager.
        crate::records::refresh_readers(&mut tx, [p.team_id.map(|t| t.0), None], new.id).await?;
        tx.0.commit().await?;
        self.get_user(new.id)
            .await?
            .ok_or(sqlx::Error::RowNotFound.into())
    }

    async fn update_user(&self, id: UserId, p: &UserProfile) -> StoreResult<Option<User>> {
        let mut tx = Tx(D::begin_write(&self.pool).await?);
        // A write first: SQLite then holds the write lock before anything is read.
        sqlx::query("delete from user_roles where user_id = $1")
            .bind(id.0)
            .execute(&mut *tx.0)
            .await?;
        let before: Option<Option<Uuid>> = sqlx::query_scalar("select team_id from users where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx.0)
            .await?;
        let updated = sqlx::query(
            "update users set email = $2, display_name = $3, team_id = $4, pcf_level = $5, active = $6,
                 session_epoch = session_epoch + (case when active and not $6 then 1 else 0 end)
             where id = $1",
        )
        .bind(id.0)
        .bind(&p.email)
        .bind(&p.display_name)
        .bind(p.team_id.map(|t| t.0))
        .bind(p.pcf_level.map(|l| l.as_str().to_owned()))
        .bind(p.active)
        .execute(&mut *tx.0)
        .await
        .map_err(classify)?;
        if D::rows_affected(&updated) == 0 {
            return Ok(None);
        }
        insert_roles(&mut *tx.0, id, &p.roles).await?;
        // Moving team, the team manager role and deactivation all change who reads what.
        let teams = [before.flatten(), p.team_id.map(|t| t.0)];
        crate::records::refresh_readers(&mut tx, teams, id).await?;
        tx.0.commit().await?;
        self.get_user(id).await
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "update users set password_hash = $2, session_epoch = session_epoch + 1, must_change_password = $3
             where id = $1",
        )
        .bind(id.0)
        .bind(password_hash)
        .bind(must_change)
        .execute(&self.pool)
        .await?;
        Ok(D::rows_affected(&done) == 1)
    }
}

async fn insert_roles<D>(conn: &mut D::Connection, user: UserId, roles: &[Role]) -> StoreResult<()>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'q> &'q str: Encode<'q, D>,
    str: Type<D>,
    Uuid: Column<D>,
{
    for role in roles {
        sqlx::query("insert into user_roles (user_id, role) values ($1, $2)")
            .bind(user.0)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
