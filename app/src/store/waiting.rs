//! What waits on this device to be sent that is not a synced record: searches to count for the
//! unmet-need report (`super::searches`), problems reported with a service while offline
//! (`super::reports`) and forms opened, for the read audit (`super::reads`). Each kind is an object store of JSON rows in the directory's database,
//! keyed by the row's id; sent at the next sync, and at sign-out before the device is cleared.

use std::cell::RefCell;

use idb::{TransactionMode, TransactionResult};
use wasm_bindgen::JsValue;

use super::StoreError;
use super::directory::open;
use crate::api::ApiError;

thread_local! {
    /// The stores being sent now: one sending at a time each, so a row is never sent twice.
    static SENDING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `json` under `key` in `store`.
pub(super) async fn keep(store: &str, key: &str, json: String) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.object_store(store)?
        .put(&JsValue::from_str(&json), Some(&JsValue::from_str(key)))?;
    let result = tx.commit()?.await?;
    db.close();
    match result {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StoreError("saving on this device failed".into())),
    }
}

/// Every row waiting in `store` with its key, read as `T` (a row that no longer reads is left
/// out; its key stays, so it can be removed).
pub(super) async fn all_keyed<T: serde::de::DeserializeOwned>(
    store: &str,
) -> Result<Vec<(String, T)>, StoreError> {
    let db = open().await?;
    let (keys, rows) = {
        let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
        let rows = tx.object_store(store)?;
        (
            rows.get_all_keys(None, None)?.await?,
            rows.get_all(None, None)?.await?,
        )
    };
    db.close();
    Ok(keys
        .into_iter()
        .zip(rows)
        .filter_map(|(k, v)| Some((k.as_string()?, serde_json::from_str(&v.as_string()?).ok()?)))
        .collect())
}

/// Deletes the rows under `keys` from `store` (sent, or refused for good).
pub(super) async fn remove(store: &str, keys: &[String]) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    let rows = tx.object_store(store)?;
    for key in keys {
        rows.delete(JsValue::from_str(key))?;
    }
    tx.commit()?.await?;
    db.close();
    Ok(())
}

/// Sends the rows waiting in `store`, `max` at a time, with `send`. Each batch the server
/// answers for (kept, or refused as it always will be) leaves the device; with no connection the
/// rest wait for the next try. A call while the store is already being sent does nothing.
pub(super) async fn send_in_batches<T, Sent, Fut>(
    store: &'static str,
    max: usize,
    send: impl Fn(Vec<T>) -> Fut,
) -> Result<(), StoreError>
where
    T: serde::de::DeserializeOwned,
    Fut: Future<Output = Result<Sent, ApiError>>,
{
    if SENDING.with(|s| s.borrow().contains(&store)) {
        return Ok(());
    }
    SENDING.with(|s| s.borrow_mut().push(store));
    let result = async {
        let mut rows: Vec<(String, T)> = all_keyed(store).await?;
        while !rows.is_empty() {
            let rest = rows.split_off(max.min(rows.len()));
            let (keys, batch): (Vec<String>, Vec<T>) = rows.into_iter().unzip();
            if let Err(e) = send(batch).await
                && e.is_transient()
            {
                break;
            }
            remove(store, &keys).await?;
            rows = rest;
        }
        Ok(())
    }
    .await;
    SENDING.with(|s| s.borrow_mut().retain(|name| *name != store));
    result
}

/// Sends everything waiting, searches, reports and reads; with no connection it waits for the next try.
pub async fn send() {
    let _ = super::searches::send().await;
    let _ = super::reports::send().await;
    let _ = super::reads::send().await;
}
