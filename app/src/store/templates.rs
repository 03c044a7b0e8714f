//! Templates kept on the device, so a practitioner can start, fill in and read back a
//! self-assessment (and a manager a case-file audit) with no connection. Templates are not
//! personal, so they live in `localStorage` beside the app rather than in a person's database.
//!
//! The published ones are fetched whenever someone signs in online; any other version is fetched
//! the first time a record that uses it is opened online, and kept. Reading them is reactive: a
//! page that opened before they arrived shows them when they do.

use leptos::prelude::*;
use shared::TemplateId;
use shared::api::templates::{Template, TemplateKind, TemplateStatus};

use super::kept::{changed, storage, track};

const PREFIX: &str = "touchstone.template.";
const PUBLISHED: &str = "touchstone.templates.published";

fn cached(id: TemplateId) -> Option<Template> {
    serde_json::from_str(&storage()?.get_item(&format!("{PREFIX}{id}")).ok()??).ok()
}

fn keep(template: &Template) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(template)) {
        let _ = storage.set_item(&format!("{PREFIX}{}", template.summary.id), &json);
    }
}

/// The published template of `kind` as last seen online (tracked: read it in a reactive
/// closure to follow updates).
pub fn published(kind: TemplateKind) -> Option<Template> {
    track();
    let ids: Vec<TemplateId> = serde_json::from_str(&storage()?.get_item(PUBLISHED).ok()??).ok()?;
    ids.into_iter()
        .filter_map(cached)
        .find(|t| t.content.kind == kind && t.summary.status == TemplateStatus::Published)
}

/// Fetches the published templates and keeps them. Quietly does nothing offline.
pub async fn refresh() {
    let Ok(list) = crate::api::templates::list_templates().await else {
        return;
    };
    let mut ids = Vec::new();
    for summary in list.into_iter().filter(|t| t.status == TemplateStatus::Published) {
        let known = cached(summary.id).is_some_and(|t| t.summary == summary);
        if !known {
            match crate::api::templates::get_template(summary.id).await {
                Ok(full) => keep(&full),
                Err(_) => continue,
            }
        }
        ids.push(summary.id);
    }
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&ids)) {
        let _ = storage.set_item(PUBLISHED, &json);
    }
    changed();
}

/// The template a record uses: from the device if kept, else fetched (and kept) when online.
/// `None` while loading or when it cannot be had offline.
pub fn use_template(id: Signal<Option<TemplateId>>) -> (Signal<Option<Template>>, Signal<bool>) {
    let found = RwSignal::new(None::<Template>);
    let missing = RwSignal::new(false);
    Effect::new(move || {
        let Some(id) = id.get() else { return };
        if found.with_untracked(|t| t.as_ref().is_some_and(|t| t.summary.id == id)) {
            return;
        }
        if let Some(template) = cached(id) {
            found.set(Some(template));
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::api::templates::get_template(id).await {
                Ok(template) => {
                    keep(&template);
                    found.set(Some(template));
                }
                Err(_) => missing.set(true),
            }
        });
    });
    (found.into(), missing.into())
}
