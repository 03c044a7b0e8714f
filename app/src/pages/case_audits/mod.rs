//! Case-file audits against the Basics: a team manager audits one case file of a practitioner in
//! their team, offline like the rest; the practitioner whose case it is reads it.

pub mod form;
pub mod list;
pub mod new;
pub mod view;

use leptos::prelude::*;
use shared::api::case_audits::CaseAudit;
use shared::sync::protocol::EntityKind;
use shared::{RecordId, Role};

use crate::components::guard::Guard;
use crate::sync::{Sync, use_sync};

/// A case-file audit as this device holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub id: RecordId,
    pub audit: CaseAudit,
    /// I made it (as the manager), rather than it being about my case.
    pub mine: bool,
    pub waiting: bool,
}

fn local(sync: Sync, r: &shared::sync::engine::LocalRecord, waiting: bool) -> Option<Local> {
    let me = sync.user.get();
    Some(Local {
        id: r.record_id,
        audit: serde_json::from_value(r.payload.clone()).ok()?,
        mine: r.owner_id.is_none() || r.owner_id == me,
        waiting,
    })
}

/// Every case-file audit on the device, newest first.
pub fn all(sync: Sync) -> Vec<Local> {
    sync.state.with(|s| {
        let Some(s) = s else { return Vec::new() };
        let mut found: Vec<Local> = s
            .visible(EntityKind::CaseAudit)
            .filter_map(|r| {
                local(
                    sync,
                    r,
                    s.outbox.iter().any(|p| p.mutation.record_id == r.record_id),
                )
            })
            .collect();
        found.sort_by_key(|a| std::cmp::Reverse(a.audit.started_at));
        found
    })
}

pub fn one(sync: Sync, id: RecordId) -> Option<Local> {
    sync.state.with(|s| {
        let s = s.as_ref()?;
        let r = s
            .records
            .get(&id)
            .filter(|r| !r.deleted && r.entity == EntityKind::CaseAudit)?;
        local(sync, r, s.outbox.iter().any(|p| p.mutation.record_id == id))
    })
}

pub fn save(sync: Sync, id: RecordId, audit: &CaseAudit) {
    if let Ok(payload) = serde_json::to_value(audit) {
        sync.put(EntityKind::CaseAudit, id, payload);
    }
}

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
    let template_id = Signal::derive(move || found.with(|l| l.as_ref().map(|l| l.audit.template_id)));
    let (template, missing) = crate::templates::use_template(template_id);
    // The form is built once per record, from the device's copy at that moment.
    let editing =
        Memo::new(move |_| found.with(|l| l.as_ref().map(|l| (l.id, l.mine && !l.audit.is_submitted()))));
    move || {
        match (editing.get(), template.get()) {
        (Some((id, true)), Some(t)) => {
            let first = untrack(|| found.get()).map(|l| l.audit);
            first.map(|first| view! { <form::AuditForm id template=t first /> }.into_any())
        }
        (Some(_), Some(t)) => found.get().map(|l| view! { <view::AuditView local=l template=t /> }.into_any()),
        (Some(_), None) if missing.get() => Some(view! {
            <p class="govuk-body">"The audit template is not on this device. Connect to the internet to open it."</p>
        }.into_any()),
        (None, _) if sync.state.with(Option::is_some) => Some(view! {
            <h1 class="govuk-heading-l">"Page not found"</h1>
            <p class="govuk-body">"This audit is not on this device. "<a class="govuk-link" href="/case-audits">"Go to case-file audits"</a>"."</p>
        }.into_any()),
        _ => Some(view! { <p class="govuk-body">"Loading…"</p> }.into_any()),
    }
    }
}
