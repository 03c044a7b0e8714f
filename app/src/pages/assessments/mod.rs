//! Self-assessments: the practitioner's journey (start, a task list of domains, one domain per
//! page, check your answers, submit), their history and trend, a CPD draft, and the read-only
//! view a team manager gets when an assessment is shared with them.
//!
//! Every change is saved on the device at once and synced as a draft by the sync engine, so the
//! journey works offline and survives closing the tab.

pub mod check;
pub mod cpd;
pub mod domain;
pub mod list;
pub mod overview;
pub mod shared_with_me;
pub mod submitted;
pub mod trend;

use leptos::prelude::*;
use shared::RecordId;
use shared::api::assessments::SelfAssessment;
use shared::sync::protocol::EntityKind;

use crate::sync::Sync;

/// A self-assessment as this device holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub id: RecordId,
    pub assessment: SelfAssessment,
    /// Mine, rather than one shared with me.
    pub mine: bool,
    /// Changes to it are waiting to be sent.
    pub waiting: bool,
    /// Who it belongs to, when the server has said.
    pub owner: Option<shared::UserId>,
}

/// Every self-assessment on the device, newest first.
pub fn all(sync: Sync) -> Vec<Local> {
    let me = sync.user.get();
    sync.state.with(|s| {
        let Some(s) = s else { return Vec::new() };
        let mut found: Vec<Local> = s
            .visible(EntityKind::SelfAssessment)
            .filter_map(|r| {
                Some(Local {
                    id: r.record_id,
                    assessment: serde_json::from_value(r.payload.clone()).ok()?,
                    mine: r.owner_id.is_none() || r.owner_id == me,
                    waiting: s.outbox.iter().any(|p| p.mutation.record_id == r.record_id),
                    owner: r.owner_id,
                })
            })
            .collect();
        found.sort_by_key(|a| std::cmp::Reverse(a.assessment.started_at));
        found
    })
}

pub fn one(sync: Sync, id: RecordId) -> Option<Local> {
    let me = sync.user.get();
    sync.state.with(|s| {
        let s = s.as_ref()?;
        let r = s
            .records
            .get(&id)
            .filter(|r| !r.deleted && r.entity == EntityKind::SelfAssessment)?;
        Some(Local {
            id,
            assessment: serde_json::from_value(r.payload.clone()).ok()?,
            mine: r.owner_id.is_none() || r.owner_id == me,
            waiting: s.outbox.iter().any(|p| p.mutation.record_id == id),
            owner: r.owner_id,
        })
    })
}

/// Saves on the device; the sync engine sends it.
pub fn save(sync: Sync, id: RecordId, assessment: &SelfAssessment) {
    if let Ok(payload) = serde_json::to_value(assessment) {
        sync.put(EntityKind::SelfAssessment, id, payload);
    }
}

/// The record id in the route, once this device's data is open.
pub fn route_id() -> Memo<Option<RecordId>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<RecordId>().ok()))
}

/// "Saved on this device…" or "Saved and sent", for a `role="status"` line.
pub fn saved_status(local: &Local) -> &'static str {
    if local.waiting {
        "Saved on this device. It will be sent to Touchstone when you are online."
    } else {
        "Saved and sent to Touchstone."
    }
}

pub fn long_date(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y").to_string()
}

/// Shown while this device's data opens, or when a record is not here.
#[component]
pub fn NotHere(loading: bool) -> impl IntoView {
    if loading {
        view! { <p class="govuk-body">"Loading…"</p> }.into_any()
    } else {
        view! {
            <h1 class="govuk-heading-l">"Page not found"</h1>
            <p class="govuk-body">"This self-assessment is not on this device. "
                <a class="govuk-link" href="/assessments">"Go to your self-assessments"</a>"."</p>
        }
        .into_any()
    }
}
