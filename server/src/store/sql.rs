//! The `Store` methods whose SQL is the same on SQLite and PostgreSQL, written once.
//!
//! Both backends accept `$1` placeholders, `returning` and transactions alike, so most queries
//! are identical; only the pool type and a few fragments differ. Writing them once keeps the
//! backends from drifting (the story suite still runs against both). A backend with SQL of its
//! own (full-text search, date bucketing) keeps it in its own module.

/// Implements `Store` for `$store` (a struct with a `pool` field) given the backend's name, its
/// `select … from users u` query that folds roles into one `roles` column, and its transaction
/// wrapper `$tx` (whose `SyncTx` statements keep readers right when accounts change).
macro_rules! impl_store {
    ($store:ty, $backend:expr, $select_user:expr, $team_text:expr, $tx:path) => {
        #[async_trait::async_trait]
                impl $crate::store::Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn schema_version(&self) -> StoreResult<i64> {
                let version: Option<i64> =
                    sqlx::query_scalar("select max(version) from _sqlx_migrations where success").fetch_one(&self.pool).await?;
                Ok(version.unwrap_or(0))
            }

            async fn list_teams(&self) -> StoreResult<Vec<Team>> {
                let rows: Vec<TeamRow> =
                    sqlx::query_as("select id, name, service_area, active from teams order by service_area, name")
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(Team::from).collect())
            }

            async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>> {
                let row: Option<TeamRow> = sqlx::query_as("select id, name, service_area, active from teams where id = $1")
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(Team::from))
            }

            async fn create_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Team> {
                let row: TeamRow = sqlx::query_as(
                    "insert into teams (id, name, service_area, active, created_at) values ($1, $2, $3, $4, $5)
                     returning id, name, service_area, active",
                )
                .bind(id.0)
                .bind(&team.name)
                .bind(&team.service_area)
                .bind(team.active)
                .bind(chrono::Utc::now())
                .fetch_one(&self.pool)
                .await
                .map_err(classify)?;
                Ok(row.into())
            }

            async fn update_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Option<Team>> {
                let row: Option<TeamRow> = sqlx::query_as(
                    "update teams set name = $2, service_area = $3, active = $4 where id = $1
                     returning id, name, service_area, active",
                )
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
                Ok(sqlx::query_scalar("select count(*) from users").fetch_one(&self.pool).await?)
            }

            async fn list_users(&self) -> StoreResult<Vec<User>> {
                let rows: Vec<UserRow> = sqlx::query_as(&format!("{} order by u.display_name, u.email", $select_user))
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(|r| r.into_credentials().map(|c| c.user)).collect()
            }

            async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
                Ok(self.credentials_by_id(id).await?.map(|c| c.user))
            }

            async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<Credentials>> {
                let row: Option<UserRow> = sqlx::query_as(&format!("{} where u.email = $1", $select_user))
                    .bind(email)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(UserRow::into_credentials).transpose()
            }

            async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>> {
                let row: Option<UserRow> = sqlx::query_as(&format!("{} where u.id = $1", $select_user))
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(UserRow::into_credentials).transpose()
            }

            async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
                let p = &new.profile;
                let mut tx = $tx(self.pool.begin().await?);
                sqlx::query(
                    "insert into users (id, email, display_name, password_hash, team_id, pcf_level, active, created_at)
                     values ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(new.id.0)
                .bind(&p.email)
                .bind(&p.display_name)
                .bind(&new.password_hash)
                .bind(p.team_id.map(|t| t.0))
                .bind(p.pcf_level.map(|l| l.as_str()))
                .bind(p.active)
                .bind(new.created_at)
                .execute(&mut *tx.0)
                .await
                .map_err(classify)?;
                for role in &p.roles {
                    sqlx::query("insert into user_roles (user_id, role) values ($1, $2)")
                        .bind(new.id.0)
                        .bind(role.as_str())
                        .execute(&mut *tx.0)
                        .await?;
                }
                // A new team manager reads what their team already shares with its manager.
                $crate::store::record_rules::refresh_readers(&mut tx, [p.team_id.map(|t| t.0), None], new.id).await?;
                tx.0.commit().await?;
                self.get_user(new.id).await?.ok_or(sqlx::Error::RowNotFound.into())
            }

            async fn update_user(&self, id: UserId, p: &UserProfile) -> StoreResult<Option<User>> {
                let mut tx = $tx(self.pool.begin().await?);
                // A write first: SQLite then holds the write lock before anything is read.
                sqlx::query("delete from user_roles where user_id = $1").bind(id.0).execute(&mut *tx.0).await?;
                let before: Option<Option<uuid::Uuid>> = sqlx::query_scalar("select team_id from users where id = $1")
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
                .bind(p.pcf_level.map(|l| l.as_str()))
                .bind(p.active)
                .execute(&mut *tx.0)
                .await
                .map_err(classify)?;
                if updated.rows_affected() == 0 {
                    return Ok(None);
                }
                for role in &p.roles {
                    sqlx::query("insert into user_roles (user_id, role) values ($1, $2)")
                        .bind(id.0)
                        .bind(role.as_str())
                        .execute(&mut *tx.0)
                        .await?;
                }
                // Moving team, the team manager role and deactivation all change who reads what.
                let teams = [before.flatten(), p.team_id.map(|t| t.0)];
                $crate::store::record_rules::refresh_readers(&mut tx, teams, id).await?;
                tx.0.commit().await?;
                self.get_user(id).await
            }

            async fn set_password_hash(&self, id: UserId, password_hash: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "update users set password_hash = $2, session_epoch = session_epoch + 1 where id = $1",
                )
                .bind(id.0)
                .bind(password_hash)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn list_templates(&self) -> StoreResult<Vec<shared::api::templates::TemplateSummary>> {
                let rows: Vec<$crate::store::rows::TemplateRow> = sqlx::query_as(
                    "select id, key, version, kind, status, title, content, created_at, published_at
                     from templates order by key, version desc",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| r.summary()).collect()
            }

            async fn get_template(
                &self,
                id: shared::TemplateId,
            ) -> StoreResult<Option<shared::api::templates::Template>> {
                let row: Option<$crate::store::rows::TemplateRow> = sqlx::query_as(
                    "select id, key, version, kind, status, title, content, created_at, published_at
                     from templates where id = $1",
                )
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| r.into_template()).transpose()
            }

            async fn create_template(
                &self,
                content: &shared::api::templates::TemplateContent,
                status: shared::api::templates::TemplateStatus,
                by: Option<shared::UserId>,
            ) -> StoreResult<shared::api::templates::Template> {
                use $crate::store::rows::wire_name;
                let id = shared::TemplateId::new();
                let now = chrono::Utc::now();
                let json = serde_json::to_string(content).map_err($crate::store::sync_decode_error)?;
                let mut tx = self.pool.begin().await?;
                let version: i32 =
                    sqlx::query_scalar("select cast(coalesce(max(version), 0) + 1 as integer) from templates where key = $1")
                        .bind(&content.key)
                        .fetch_one(&mut *tx)
                        .await?;
                let published = status == shared::api::templates::TemplateStatus::Published;
                if published {
                    sqlx::query("update templates set status = 'retired', retired_at = $2 where key = $1 and status = 'published'")
                        .bind(&content.key)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(
                    "insert into templates (id, key, version, kind, status, title, content, created_by, created_at, published_at)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(id.0)
                .bind(&content.key)
                .bind(version)
                .bind(wire_name(content.kind))
                .bind(wire_name(status))
                .bind(&content.title)
                .bind(json)
                .bind(by.map(|u| u.0))
                .bind(now)
                .bind(published.then_some(now))
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
                tx.commit().await?;
                self.get_template(id).await?.ok_or(sqlx::Error::RowNotFound.into())
            }

            async fn update_template_draft(
                &self,
                id: shared::TemplateId,
                content: &shared::api::templates::TemplateContent,
            ) -> StoreResult<Option<shared::api::templates::Template>> {
                use $crate::store::rows::wire_name;
                let Some(current) = self.get_template(id).await? else { return Ok(None) };
                if !current.summary.status.is_editable() {
                    return Err($crate::store::StoreError::Conflict {
                        field: "status",
                        message: "A published or retired version never changes: make a new version instead",
                    });
                }
                if current.content.key != content.key {
                    return Err($crate::store::StoreError::Conflict {
                        field: "key",
                        message: "A version keeps its template's key: make a new template for a new key",
                    });
                }
                let json = serde_json::to_string(content).map_err($crate::store::sync_decode_error)?;
                // The status condition makes a publish that raced this edit win: a published
                // version is never changed.
                sqlx::query("update templates set kind = $2, title = $3, content = $4 where id = $1 and status = 'draft'")
                    .bind(id.0)
                    .bind(wire_name(content.kind))
                    .bind(&content.title)
                    .bind(json)
                    .execute(&self.pool)
                    .await?;
                self.get_template(id).await
            }

            async fn set_template_status(
                &self,
                id: shared::TemplateId,
                status: shared::api::templates::TemplateStatus,
            ) -> StoreResult<Option<shared::api::templates::Template>> {
                use shared::api::templates::TemplateStatus;
                let Some(current) = self.get_template(id).await? else { return Ok(None) };
                if !current.summary.status.can_become(status) {
                    return Err($crate::store::StoreError::Conflict {
                        field: "status",
                        message: "Only a draft can be published, and only a published version retired",
                    });
                }
                let now = chrono::Utc::now();
                let mut tx = self.pool.begin().await?;
                if status == TemplateStatus::Published {
                    sqlx::query("update templates set status = 'retired', retired_at = $2 where key = $1 and status = 'published'")
                        .bind(&current.summary.key)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("update templates set status = 'published', published_at = $2 where id = $1 and status = 'draft'")
                        .bind(id.0)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query("update templates set status = 'retired', retired_at = $2 where id = $1 and status = 'published'")
                        .bind(id.0)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                self.get_template(id).await
            }

            async fn push_received(
                &self,
                user: shared::UserId,
                request: &shared::sync::protocol::PushRequest,
                received: &$crate::store::Received,
            ) -> StoreResult<shared::sync::protocol::PushResponse> {
                self.push_batch(user, request, received).await
            }

            async fn pull(
                &self,
                user: shared::UserId,
                cursor: i64,
                limit: u32,
            ) -> StoreResult<shared::sync::protocol::PullResponse> {
                self.pull_changes(user, cursor, limit).await
            }

            async fn submission_snapshot(
                &self,
                record: shared::RecordId,
            ) -> StoreResult<Option<$crate::store::SubmissionSnapshot>> {
                Ok(sqlx::query_as(
                    "select s.team_name, s.service_area, s.pcf_level, s.submitted_at, s.counted_at,
                         (select count(*) from assessment_ratings r where r.record_id = s.record_id) as ratings,
                         (select count(*) from assessment_help h where h.record_id = s.record_id) as help
                     from assessment_submissions s where s.record_id = $1",
                )
                .bind(record.0)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn record(
                &self,
                user: shared::UserId,
                record: shared::RecordId,
            ) -> StoreResult<Option<shared::sync::protocol::RecordState>> {
                self.readable_record(user, record).await
            }

            async fn result_period_data(
                &self,
                period: shared::results::period::Period,
            ) -> StoreResult<shared::results::release::PeriodData> {
                self.period_data(period).await
            }

            async fn result_release(&self, period: shared::results::period::Period) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("select body from results_releases where period = $1")
                    .bind(period.to_string())
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn save_result_release(
                &self,
                period: shared::results::period::Period,
                k: u32,
                released_at: chrono::DateTime<chrono::Utc>,
                body: &str,
            ) -> StoreResult<()> {
                sqlx::query(
                    "insert into results_releases (period, granularity, k, released_at, body)
                     values ($1, $2, $3, $4, $5) on conflict (period) do nothing",
                )
                .bind(period.to_string())
                .bind(period.granularity().as_str())
                .bind(i64::from(k))
                .bind(released_at)
                .bind(body)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn result_months(&self) -> StoreResult<(Option<String>, Option<String>)> {
                Ok(sqlx::query_as("select min(period_month), max(period_month) from assessment_submissions")
                    .fetch_one(&self.pool)
                    .await?)
            }
        }

        $crate::store::results::results_methods!($store, $team_text);
    };
}

pub(super) use impl_store;
