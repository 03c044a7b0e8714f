//! The practitioners in my team, kept on the device so a case-file audit can be started offline,
//! shared assessments show whose they are, and a risk enablement form can be shared offline. Forgotten on sign-out. Reading
//! it is reactive: a page that opened before the list arrived shows names when it does.

use leptos::prelude::*;
use shared::UserId;
use shared::api::teams::TeamMember;

use super::kept::{changed, storage, track};

const KEY: &str = "touchstone.team-practitioners";

/// As last fetched: empty if never fetched on this device (tracked).
pub fn practitioners() -> Vec<TeamMember> {
    track();
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Fetches the list when online and keeps it; keeps the old one offline.
pub async fn refresh() -> Vec<TeamMember> {
    if let Ok(list) = crate::api::teams::team_practitioners().await
        && let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&list))
    {
        let _ = storage.set_item(KEY, &json);
        changed();
    }
    untrack(practitioners)
}

pub fn name_of(id: UserId) -> Option<String> {
    practitioners()
        .into_iter()
        .find(|m| m.id == id)
        .map(|m| m.display_name)
}

pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
        changed();
    }
}
