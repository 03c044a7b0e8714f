//! Searches made on the find page, counted for the commissioners' unmet-need report
//! (`shared::api::unmet`): what was asked and how much was found, never who asked. Each waits on
//! this device until the server has it (`super::waiting`): sent at once when online, otherwise at
//! the next sync.

use std::cell::RefCell;

use shared::api::unmet::{BATCH_MAX, CountedSearch, CountedSearches};
use shared::directory::search::finding::Finding;

use super::StoreError;
use super::directory::SEARCHES;
use super::waiting;

thread_local! {
    /// The last search counted on this page: paging through its results, or the page drawing
    /// them again when the copy updates, is not another search.
    static LAST: RefCell<Option<Finding>> = const { RefCell::new(None) };
}

/// Counts `finding`, which found `results` services, unless it is the search just counted.
pub fn count(finding: &Finding, results: usize) {
    let first_page = Finding {
        page: 1,
        ..finding.clone()
    };
    if LAST.with(|l| l.borrow().as_ref() == Some(&first_page)) {
        return;
    }
    LAST.with(|l| *l.borrow_mut() = Some(first_page));
    // A random id, not a time-ordered one: the server keeps the day a search was made, not
    // its time.
    let Some(search) = CountedSearch::of(finding, crate::pages::find::now(), results, uuid::Uuid::new_v4())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(json) = serde_json::to_string(&search) else {
            return;
        };
        if waiting::keep(SEARCHES, &search.id.to_string(), json)
            .await
            .is_ok()
        {
            let _ = send().await;
        }
    });
}

/// Sends every search waiting on this device; each one the server answers for (counted, or
/// refused as it will always be) leaves the device. With no connection they wait.
pub async fn send() -> Result<(), StoreError> {
    waiting::send_in_batches(SEARCHES, BATCH_MAX, |searches: Vec<CountedSearch>| async move {
        crate::api::directory::count_searches(&CountedSearches { searches }).await
    })
    .await
}
