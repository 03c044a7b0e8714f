//! The council's risk matrix kept on the device, so that a risk rated offline is put in the
//! band, and a form judged ready, exactly as the server will when it syncs. Fetched whenever
//! someone signs in online; like the templates it is not personal, so it lives in `localStorage`.

use shared::risk::scoring::Matrix;

use super::kept::{changed, storage, track};

const KEY: &str = "touchstone.risk_matrix";

/// The matrix as last fetched, or the defaults on a device that has never been online since the
/// server started giving one (tracked: read in a reactive closure to follow a refresh).
pub fn current() -> Matrix {
    track();
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Fetches the matrix and keeps it. Quietly does nothing offline.
pub async fn refresh() {
    let Ok(matrix) = crate::api::get::<Matrix>("/api/risk/matrix").await else {
        return;
    };
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&matrix))
        && storage.get_item(KEY).ok().flatten().as_deref() != Some(json.as_str())
    {
        let _ = storage.set_item(KEY, &json);
        changed();
    }
}
