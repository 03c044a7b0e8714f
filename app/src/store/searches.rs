//! Searches made on the find page, counted for the commissioners' unmet-need report
//! (`shared::api::unmet`): what was asked and how much was found, never who asked. Each is kept
//! in the directory's database on this device until the server has it: sent at once when
//! online, otherwise at the next sync, and at sign-out before the device is cleared.

use std::cell::{Cell, RefCell};

use idb::{TransactionMode, TransactionResult};
use shared::api::unmet::{BATCH_MAX, CountedSearch, CountedSearches};
use shared::directory::search::finding::Finding;
use wasm_bindgen::JsValue;

use super::StoreError;
use super::directory::{SEARCHES, open};

thread_local! {
    /// The last search counted on this page: paging through its results, or the page drawing
    /// them again when the copy updates, is not another search.
    static LAST: RefCell<Option<Finding>> = const { RefCell::new(None) };
    static SENDING: Cell<bool> = const { Cell::new(false) };
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
        if keep(&search).await.is_ok() {
            let _ = send().await;
        }
    });
}

async fn keep(search: &CountedSearch) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(&[SEARCHES], TransactionMode::ReadWrite)?;
    tx.object_store(SEARCHES)?.put(
        &JsValue::from_str(&serde_json::to_string(search)?),
        Some(&JsValue::from_str(&search.id.to_string())),
    )?;
    let result = tx.commit()?.await?;
    db.close();
    match result {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StoreError("keeping a search on this device failed".into())),
    }
}

/// Sends every search waiting on this device; each one the server answers for (counted, or
/// refused as it will always be) leaves the device. With no connection they wait.
pub async fn send() -> Result<(), StoreError> {
    if SENDING.with(|s| s.replace(true)) {
        return Ok(());
    }
    let result = send_waiting().await;
    SENDING.with(|s| s.set(false));
    result
}

async fn send_waiting() -> Result<(), StoreError> {
    let db = open().await?;
    let waiting = {
        let tx = db.transaction(&[SEARCHES], TransactionMode::ReadOnly)?;
        tx.object_store(SEARCHES)?.get_all(None, None)?.await?
    };
    let searches: Vec<CountedSearch> = waiting
        .into_iter()
        .filter_map(|v| serde_json::from_str(&v.as_string()?).ok())
        .collect();
    for batch in searches.chunks(BATCH_MAX) {
        let sent = CountedSearches {
            searches: batch.to_vec(),
        };
        match crate::api::directory::count_searches(&sent).await {
            Err(e) if e.is_transient() => break,
            _ => {
                let tx = db.transaction(&[SEARCHES], TransactionMode::ReadWrite)?;
                let store = tx.object_store(SEARCHES)?;
                for s in batch {
                    store.delete(JsValue::from_str(&s.id.to_string()))?;
                }
                tx.commit()?.await?;
            }
        }
    }
    db.close();
    Ok(())
}
