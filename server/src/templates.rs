//! The shipped templates (`shared::api::templates::defaults`), installed as published version 1
//! of their key on first start. A key that already has any version is left alone, so a council's
//! own versions are never overwritten.

use shared::api::templates::{TemplateStatus, defaults};

use crate::store::Store;

/// Installs the shipped templates that are missing; returns how many were added.
pub async fn install_defaults(store: &dyn Store) -> anyhow::Result<usize> {
    let existing = store.templates().list_templates().await?;
    let mut added = 0;
    for content in defaults::all() {
        if existing.iter().all(|t| t.key != content.key) {
            store
                .templates()
                .create_template(&content, TemplateStatus::Published, None)
                .await?;
            added += 1;
        }
    }
    Ok(added)
}
