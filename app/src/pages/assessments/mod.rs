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

use crate::components::absent::{Absent, Kind, loading_or_missing};
use crate::store::records;
use crate::sync::Sync;

/// A self-assessment as this device holds it.
pub type Local = records::Local<SelfAssessment>;

/// Every self-assessment on the device, newest first.
pub fn all(sync: Sync) -> Vec<Local> {
    let mut found = records::all::<SelfAssessment>(sync);
    found.sort_by_key(|a| std::cmp::Reverse(a.record.started_at));
    found
}

pub fn one(sync: Sync, id: RecordId) -> Option<Local> {
    records::one(sync, id)
}

/// Saves on the device; the sync engine sends it.
pub fn save(sync: Sync, id: RecordId, assessment: &SelfAssessment) {
    records::save(sync, id, assessment);
}

/// The record id in the route, once this device's data is open.
pub fn route_id() -> Memo<Option<RecordId>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<RecordId>().ok()))
}

pub fn long_date(at: chrono::DateTime<chrono::Utc>) -> String {
    shared::dates::long_date(at)
}

/// Where self-assessments are listed, for pages that cannot show one.
pub const KIND: Kind = Kind {
    noun: "self-assessment",
    list_href: "/assessments",
    list_name: "your self-assessments",
};

/// Shown while this device's data opens, or when a self-assessment is not here.
#[component]
pub fn NotHere(loading: bool) -> impl IntoView {
    view! { <Absent why=loading_or_missing(loading) kind=KIND /> }
}
