//! The practitioners in a team manager's team, kept on the device so a case-file audit can be
//! started offline and shared assessments show whose they are. Forgotten on sign-out.

use shared::UserId;
use shared::api::teams::TeamMember;

const KEY: &str = "touchstone.team-practitioners";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// As last fetched: empty if never fetched on this device.
pub fn practitioners() -> Vec<TeamMember> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Fetches the list when online and keeps it; keeps the old one offline.
pub async fn refresh() -> Vec<TeamMember> {
    if let Ok(list) = crate::api::get::<Vec<TeamMember>>("/api/team/practitioners").await
        && let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&list))
    {
        let _ = storage.set_item(KEY, &json);
    }
    practitioners()
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
    }
}
