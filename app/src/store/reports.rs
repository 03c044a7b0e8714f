//! Problems reported with a service while offline (`/directory/services/:id/report`): kept on
//! this device (`super::waiting`) and sent at the next sync. Each carries an id made here, so a
//! report whose answer was lost on the way is not filed twice.

use serde::{Deserialize, Serialize};
use shared::api::directory::NewReport;
use uuid::Uuid;

use super::StoreError;
use super::directory::REPORTS;
use super::waiting;

/// A report and the service it is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Waiting {
    service: Uuid,
    report: NewReport,
}

fn key(report: &NewReport) -> String {
    report.id.map(|id| id.to_string()).unwrap_or_default()
}

/// Keeps `report` on `service` to send later.
pub async fn keep(service: Uuid, report: &NewReport) -> Result<(), StoreError> {
    let waiting = Waiting {
        service,
        report: report.clone(),
    };
    waiting::keep(REPORTS, &key(report), serde_json::to_string(&waiting)?).await
}

/// Sends every report waiting, one at a time; one the server refuses for good (the service has
/// gone) is dropped rather than tried for ever. With no connection they wait.
pub async fn send() -> Result<(), StoreError> {
    waiting::send_in_batches(REPORTS, 1, |batch: Vec<Waiting>| async move {
        for w in batch {
            crate::api::directory::report_problem(w.service, &w.report).await?;
        }
        Ok(())
    })
    .await
}
