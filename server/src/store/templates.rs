//! Templates: each key's versions, a draft edited in place, one published version per key.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::api::templates::{Template, TemplateContent, TemplateStatus, TemplateSummary};
use shared::{TemplateId, UserId};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::dialect::{Column, Dialect};
use super::rows::{TemplateRow, wire_name};
use super::sql::SqlStore;
use super::{StoreError, StoreResult, classify, json_error};

#[async_trait]
pub trait TemplateStore: Send + Sync {
    /// Every template version, newest version of each key first.
    async fn list_templates(&self) -> StoreResult<Vec<TemplateSummary>>;
    async fn get_template(&self, id: TemplateId) -> StoreResult<Option<Template>>;
    /// Stores `content` as the next version of its key, with `status`.
    async fn create_template(
        &self,
        content: &TemplateContent,
        status: TemplateStatus,
        by: Option<UserId>,
    ) -> StoreResult<Template>;
    /// Replaces a draft's content. A version that is not a draft never changes (`Conflict`).
    async fn update_template_draft(
        &self,
        id: TemplateId,
        content: &TemplateContent,
    ) -> StoreResult<Option<Template>>;
    /// Publishes a draft, retiring the published version of the same key in the same transaction,
    /// or retires a published version. Any other move is a `Conflict`.
    async fn set_template_status(
        &self,
        id: TemplateId,
        status: TemplateStatus,
    ) -> StoreResult<Option<Template>>;
}

#[async_trait]
impl<D> TemplateStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i32: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn list_templates(&self) -> StoreResult<Vec<TemplateSummary>> {
        let rows: Vec<TemplateRow> = sqlx::query_as(
            "select id, key, version, kind, status, title, content, created_at, published_at
             from templates order by key, version desc",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| r.summary()).collect()
    }

    async fn get_template(&self, id: TemplateId) -> StoreResult<Option<Template>> {
        let row: Option<TemplateRow> = sqlx::query_as(
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
        content: &TemplateContent,
        status: TemplateStatus,
        by: Option<UserId>,
    ) -> StoreResult<Template> {
        let id = TemplateId::new();
        let now = Utc::now();
        let json = serde_json::to_string(content).map_err(json_error)?;
        let mut tx = D::begin_write(&self.pool).await?;
        let version: i32 = sqlx::query_scalar(
            "select cast(coalesce(max(version), 0) + 1 as integer) from templates where key = $1",
        )
        .bind(&content.key)
        .fetch_one(&mut *tx)
        .await?;
        let published = status == TemplateStatus::Published;
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
        self.get_template(id)
            .await?
            .ok_or(sqlx::Error::RowNotFound.into())
    }

    async fn update_template_draft(
        &self,
        id: TemplateId,
        content: &TemplateContent,
    ) -> StoreResult<Option<Template>> {
        let Some(current) = self.get_template(id).await? else {
            return Ok(None);
        };
        if !current.summary.status.is_editable() {
            return Err(StoreError::Conflict {
                field: "status",
                message: "A published or retired version never changes: make a new version instead",
            });
        }
        if current.content.key != content.key {
            return Err(StoreError::Conflict {
                field: "key",
                message: "A version keeps its template's key: make a new template for a new key",
            });
        }
        let json = serde_json::to_string(content).map_err(json_error)?;
        // The status condition makes a publish that raced this edit win: a published
        // version is never changed.
        sqlx::query(
            "update templates set kind = $2, title = $3, content = $4 where id = $1 and status = 'draft'",
        )
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
        id: TemplateId,
        status: TemplateStatus,
    ) -> StoreResult<Option<Template>> {
        let Some(current) = self.get_template(id).await? else {
            return Ok(None);
        };
        if !current.summary.status.can_become(status) {
            return Err(StoreError::Conflict {
                field: "status",
                message: "Only a draft can be published, and only a published version retired",
            });
        }
        let now = Utc::now();
        let mut tx = D::begin_write(&self.pool).await?;
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
}
