//! "Report a problem" with a service, and a service's change history.

use chrono::{DateTime, Utc};
use shared::UserId;
use shared::api::directory::{
    ChangeSource, NewReport, ProblemReport, ReportKind, ReportReply, ReportStatus, ServiceChange,
};
use uuid::Uuid;

use super::rows::corrupt;
use crate::store::StoreError;

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ReportRow {
    pub id: Uuid,
    pub service_id: Uuid,
    pub service_name: String,
    pub kind: String,
    pub note: String,
    pub reported_by: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub status: String,
    pub reply: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub(super) const REPORT_SELECT: &str = "select r.id, r.service_id, s.name as service_name, r.kind, r.note, \
     u.display_name as reported_by, r.reported_at, r.status, r.reply, r.closed_at \
     from service_reports r join services s on s.id = r.service_id \
     left join users u on u.id = r.reported_by";

impl ReportRow {
    pub(super) fn into_report(self) -> Result<ProblemReport, StoreError> {
        Ok(ProblemReport {
            id: self.id,
            service_id: self.service_id,
            service_name: self.service_name,
            kind: ReportKind::parse(&self.kind)
                .ok_or_else(|| corrupt(format!("report kind {}", self.kind)))?,
            note: self.note,
            reported_by: self.reported_by,
            reported_at: self.reported_at,
            status: ReportStatus::parse(&self.status)
                .ok_or_else(|| corrupt(format!("report status {}", self.status)))?,
            reply: self.reply,
            closed_at: self.closed_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ChangeRow {
    pub changed_at: DateTime<Utc>,
    pub changed_by: Option<String>,
    pub source: String,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl ChangeRow {
    pub(super) fn into_change(self) -> Result<ServiceChange, StoreError> {
        Ok(ServiceChange {
            changed_at: self.changed_at,
            changed_by: self.changed_by,
            source: ChangeSource::parse(&self.source)
                .ok_or_else(|| corrupt(format!("change source {}", self.source)))?,
            field: self.field,
            before: self.before,
            after: self.after,
        })
    }
}

/// What a new report stores.
pub(super) struct ReportInsert<'a> {
    pub service: Uuid,
    pub report: &'a NewReport,
    pub by: UserId,
}

/// What closing a report stores.
pub(super) struct ReportClose<'a> {
    pub id: Uuid,
    pub reply: &'a ReportReply,
    pub by: UserId,
}
