//! Case-file audits against the Basics: a team manager audits one case file of a practitioner in
//! their team, offline like the rest; the practitioner whose case it is reads it.

pub mod form;
pub mod list;
pub mod new;
pub mod view;

use leptos::prelude::*;
use shared::api::case_audits::CaseAudit;
use shared::{RecordId, Role};

use crate::components::absent::{Absent, Kind, Why};
use crate::components::guard::Guard;
use crate::store::records;
use crate::sync::{Sync, use_sync};

/// A case-file audit as this device holds it (`mine`: I made it, as the manager, rather than
/// it being about my case).
pub type Local = records::Local<CaseAudit>;

/// Every case-file audit on the device, newest first.
pub fn all(sync: Sync) -> Vec<Local> {
    let mut found = records::all::<CaseAudit>(sync);
    found.sort_by_key(|a| std::cmp::Reverse(a.record.started_at));
    found
}

pub fn one(sync: Sync, id: RecordId) -> Option<Local> {
    records::one(sync, id)
}

pub fn save(sync: Sync, id: RecordId, audit: &CaseAudit) {
    records::save(sync, id, audit);
}

/// Where case-file audits are listed, for pages that cannot show one.
const KIND: Kind = Kind {
    noun: "case-file audit",
    list_href: "/case-audits",
    list_name: "case-file audits",
};

/// `/case-audits/:id`: the form while it is my draft, read-only otherwise.
#[component]
pub fn CaseAuditPage() -> impl IntoView {
    view! { <Guard roles=&[Role::TeamManager, Role::Practitioner]><CaseAuditLoader /></Guard> }
}

#[component]
fn CaseAuditLoader() -> impl IntoView {
    let sync = use_sync();
    let id = crate::pages::assessments::route_id();
    let found = Memo::new(move |_| id.get().and_then(|id| one(sync, id)));
    let template_id = Signal::derive(move || found.with(|l| l.as_ref().map(|l| l.record.template_id)));
    let (template, missing) = crate::store::templates::use_template(template_id);
    // The form is built once per record, from the device's copy at that moment.
    let editing = Memo::new(move |_| found.with(|l| l.as_ref().map(|l| (l.id, l.editable))));
    move || match (editing.get(), template.get()) {
        (Some((id, true)), Some(t)) => {
            let first = untrack(|| found.get()).map(|l| l.record);
            first.map(|first| view! { <form::AuditForm id template=t first /> }.into_any())
        }
        (Some(_), Some(t)) => found
            .get()
            .map(|l| view! { <view::AuditView local=l template=t /> }.into_any()),
        (Some(_), None) if missing.get() => {
            Some(view! { <Absent why=Why::NoTemplate kind=KIND /> }.into_any())
        }
        (None, _) if sync.state.with(Option::is_some) => {
            Some(view! { <Absent why=Why::NotOnDevice kind=KIND /> }.into_any())
        }
        _ => Some(view! { <Absent why=Why::Loading kind=KIND /> }.into_any()),
    }
}
