//! The device's own storage: one IndexedDB database per signed-in user, holding the records, the
//! outbox and the sync metadata. Every engine step is written back in one transaction across the
//! three stores, so a record and its queued change are saved together or not at all.

pub mod directory;
pub mod kept;
pub mod reads;
pub mod records;
pub mod reports;
pub mod risk_matrix;
pub mod searches;
pub mod team;
pub mod templates;
pub mod waiting;

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult};
use serde::{Deserialize, Serialize};
use shared::sync::engine::{Dirty, SyncState};
use shared::{ClientId, UserId};
use wasm_bindgen::JsValue;

const VERSION: u32 = 1;
const RECORDS: &str = "records";
const OUTBOX: &str = "outbox";
const META: &str = "meta";
const META_KEY: &str = "sync";

#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// The parts of `SyncState` that are not records or outbox entries.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    client_id: ClientId,
    next_mutation_id: u64,
    cursor: i64,
    failures: u32,
}

/// What one step changed, serialised at the moment of the step (so saves keep the order of the
/// steps however long the writes take): key and JSON, or `None` to delete.
#[derive(Debug, Default)]
pub struct Changes {
    records: Vec<(JsValue, Option<String>)>,
    outbox: Vec<(JsValue, Option<String>)>,
    meta: Option<String>,
}

impl Changes {
    pub fn of(state: &SyncState, dirty: &Dirty) -> Result<Self, StoreError> {
        let mut changes = Changes::default();
        for id in &dirty.records {
            let value = state.records.get(id).map(serde_json::to_string).transpose()?;
            changes.records.push((JsValue::from_str(&id.to_string()), value));
        }
        for id in &dirty.outbox {
            let pending = state.outbox.iter().find(|p| p.mutation.mutation_id == *id);
            changes.outbox.push((
                JsValue::from_f64(*id as f64),
                pending.map(serde_json::to_string).transpose()?,
            ));
        }
        if dirty.meta {
            let meta = Meta {
                client_id: state.client_id,
                next_mutation_id: state.next_mutation_id,
                cursor: state.cursor,
                failures: state.failures,
            };
            changes.meta = Some(serde_json::to_string(&meta)?);
        }
        Ok(changes)
    }

    fn is_empty(&self) -> bool {
        self.records.is_empty() && self.outbox.is_empty() && self.meta.is_none()
    }
}

pub struct LocalDb {
    db: idb::Database,
}

/// Each user's data lives in a database of its own, so one person never sees another's.
pub fn database_name(user: UserId) -> String {
    format!("touchstone-{user}")
}

impl LocalDb {
    pub async fn open(user: UserId) -> Result<Self, StoreError> {
        let factory = Factory::new()?;
        let mut request = factory.open(&database_name(user), Some(VERSION))?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                for name in [RECORDS, OUTBOX, META] {
                    if !db.store_names().iter().any(|s| s == name) {
                        let _ = db.create_object_store(name, ObjectStoreParams::new());
                    }
                }
            }
        });
        Ok(Self { db: request.await? })
    }

    /// The saved state, or a fresh one (with a new device id) the first time.
    pub async fn load(&self) -> Result<SyncState, StoreError> {
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadOnly)?;
        let meta = tx.object_store(META)?.get(JsValue::from_str(META_KEY))?.await?;
        let records = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
        let outbox = tx.object_store(OUTBOX)?.get_all(None, None)?.await?;
        let Some(meta) = meta.and_then(|m| m.as_string()) else {
            let state = SyncState::new(ClientId::new());
            self.save(
                &state,
                &Dirty {
                    meta: true,
                    ..Dirty::default()
                },
            )
            .await?;
            return Ok(state);
        };
        let meta: Meta = serde_json::from_str(&meta)?;
        let mut state = SyncState::new(meta.client_id);
        state.next_mutation_id = meta.next_mutation_id;
        state.cursor = meta.cursor;
        state.failures = meta.failures;
        for value in records {
            let record: shared::sync::engine::LocalRecord =
                serde_json::from_str(&value.as_string().unwrap_or_default())?;
            state.records.insert(record.record_id, record);
        }
        for value in outbox {
            state
                .outbox
                .push(serde_json::from_str(&value.as_string().unwrap_or_default())?);
        }
        state.outbox.sort_by_key(|p| p.mutation.mutation_id);
        Ok(state)
    }

    /// Writes back what a step changed, in one transaction.
    pub async fn save(&self, state: &SyncState, dirty: &Dirty) -> Result<(), StoreError> {
        self.write(Changes::of(state, dirty)?).await
    }

    pub async fn write(&self, changes: Changes) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadWrite)?;
        for (store_name, entries) in [(RECORDS, &changes.records), (OUTBOX, &changes.outbox)] {
            let store = tx.object_store(store_name)?;
            for (key, value) in entries {
                match value {
                    Some(json) => drop(store.put(&JsValue::from_str(json), Some(key))?),
                    None => drop(store.delete(key.clone())?),
                }
            }
        }
        if let Some(meta) = &changes.meta {
            tx.object_store(META)?
                .put(&JsValue::from_str(meta), Some(&JsValue::from_str(META_KEY)))?;
        }
        match tx.commit()?.await? {
            TransactionResult::Committed => Ok(()),
            TransactionResult::Aborted => Err(StoreError("saving on this device failed".into())),
        }
    }

    pub fn close(&self) {
        self.db.close();
    }
}

/// Deletes everything this device holds for `user`.
pub async fn wipe(user: UserId) -> Result<(), StoreError> {
    Factory::new()?.delete(&database_name(user))?.await?;
    Ok(())
}
