//! The device's own storage: one IndexedDB database per signed-in user, holding the records, the
//! outbox and the sync metadata. Every engine step is written back in one transaction across the
//! three stores, so a record and its queued change are saved together or not at all, and in the
//! order the steps were taken. Every value is encrypted (`sealed`) under a key only the person's
//! password or live session opens (`keys`); keys (record ids, change numbers) are not.

pub mod directory;
pub mod kept;
pub mod keys;
pub mod reads;
pub mod records;
pub mod reports;
pub mod risk_matrix;
pub mod sealed;
pub mod searches;
pub mod team;
pub mod templates;
pub mod waiting;

use idb::{DatabaseEvent, Event, Factory, ObjectStoreParams, Request, TransactionMode, TransactionResult};
use serde::{Deserialize, Serialize};
use shared::sync::engine::{Dirty, SyncState};
use shared::{ClientId, UserId};
use wasm_bindgen::JsValue;

/// 2: the `keys` store, and every value encrypted.
const VERSION: u32 = 2;
const RECORDS: &str = "records";
const OUTBOX: &str = "outbox";
const META: &str = "meta";
const KEYS: &str = "keys";
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
    /// The data key, which the page can use and not read.
    key: web_sys::CryptoKey,
    /// Settles when the last write queued has finished: each write waits for the one before, so
    /// that encrypting (which takes its own time) never lets a later step land first.
    tail: std::cell::RefCell<js_sys::Promise>,
}

/// Each user's data lives in a database of its own, so one person never sees another's.
pub fn database_name(user: UserId) -> String {
    format!("touchstone-{user}")
}

/// Opens `user`'s database, making it (with its stores) when it is not there, or, with `make`
/// false, answering `None` then and leaving nothing behind: counting what waits in a copy, or
/// rewrapping its key, must never bring back a copy just deleted.
async fn open_database(user: UserId, make: bool) -> Result<Option<idb::Database>, StoreError> {
    let factory = Factory::new()?;
    let mut request = factory.open(&database_name(user), Some(VERSION))?;
    let absent = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = absent.clone();
    request.on_upgrade_needed(move |event| {
        if !make && event.old_version().is_ok_and(|v| v == 0) {
            seen.set(true);
            // Aborting the upgrade that would make it: the database is not created.
            if let Some(tx) = event.target().ok().and_then(|r| r.transaction()) {
                let _ = tx.abort();
            }
            return;
        }
        if let Ok(db) = event.database() {
            for name in [RECORDS, OUTBOX, META, KEYS] {
                if !db.store_names().iter().any(|s| s == name) {
                    let _ = db.create_object_store(name, ObjectStoreParams::new());
                }
            }
        }
    });
    match request.await {
        Ok(db) => Ok(Some(db)),
        Err(_) if absent.get() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl LocalDb {
    /// `user`'s copy, opened as `how` says; `None` while it stays locked (offline after a reload,
    /// or a password that does not open it).
    pub async fn open(user: UserId, how: &keys::Unlock) -> Result<Option<Self>, StoreError> {
        let Some(db) = open_database(user, true).await? else {
            return Err(StoreError("this device's storage could not make the copy".into()));
        };
        let Some(key) = keys::unlock(&db, how).await? else {
            db.close();
            return Ok(None);
        };
        Ok(Some(Self {
            db,
            key,
            tail: std::cell::RefCell::new(js_sys::Promise::resolve(&JsValue::UNDEFINED)),
        }))
    }

    /// The saved state, or a fresh one (with a new device id) the first time. A copy written
    /// before encryption is read as it is and written back sealed.
    pub async fn load(&self) -> Result<SyncState, StoreError> {
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadOnly)?;
        let meta = tx.object_store(META)?.get(JsValue::from_str(META_KEY))?.await?;
        let records = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
        let outbox = tx.object_store(OUTBOX)?.get_all(None, None)?.await?;
        let Some(meta) = meta else {
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
        let (meta, plain_meta) = sealed::open_all(&self.key, &[meta]).await?;
        let (records, plain_records) = sealed::open_all(&self.key, &records).await?;
        let (outbox, plain_outbox) = sealed::open_all(&self.key, &outbox).await?;
        let meta: Meta = serde_json::from_str(&meta[0])?;
        let mut state = SyncState::new(meta.client_id);
        state.next_mutation_id = meta.next_mutation_id;
        state.cursor = meta.cursor;
        state.failures = meta.failures;
        for json in records {
            let record: shared::sync::engine::LocalRecord = serde_json::from_str(&json)?;
            state.records.insert(record.record_id, record);
        }
        for json in outbox {
            state.outbox.push(serde_json::from_str(&json)?);
        }
        state.outbox.sort_by_key(|p| p.mutation.mutation_id);
        if plain_meta || plain_records || plain_outbox {
            let everything = Dirty {
                records: state.records.keys().copied().collect(),
                outbox: state.outbox.iter().map(|p| p.mutation.mutation_id).collect(),
                meta: true,
            };
            self.save(&state, &everything).await?;
        }
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
        let mut done = None;
        let mine = js_sys::Promise::new(&mut |resolve, _| done = Some(resolve));
        let before = self.tail.replace(mine);
        let _ = wasm_bindgen_futures::JsFuture::from(before).await;
        let written = self.write_now(changes).await;
        if let Some(done) = done {
            let _ = done.call0(&JsValue::UNDEFINED);
        }
        written
    }

    async fn write_now(&self, changes: Changes) -> Result<(), StoreError> {
        // Sealed before the transaction opens: one left waiting on anything else commits early.
        let texts: Vec<&str> = changes
            .records
            .iter()
            .chain(&changes.outbox)
            .filter_map(|(_, v)| v.as_deref())
            .chain(changes.meta.as_deref())
            .collect();
        let mut sealed = sealed::seal_all(&self.key, &texts).await?.into_iter();
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadWrite)?;
        for (store_name, entries) in [(RECORDS, &changes.records), (OUTBOX, &changes.outbox)] {
            let store = tx.object_store(store_name)?;
            for (key, value) in entries {
                match value.as_ref().and_then(|_| sealed.next()) {
                    Some(value) => drop(store.put(&value, Some(key))?),
                    None => drop(store.delete(key.clone())?),
                }
            }
        }
        if let Some(meta) = changes.meta.as_ref().and_then(|_| sealed.next()) {
            tx.object_store(META)?
                .put(&meta, Some(&JsValue::from_str(META_KEY)))?;
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

/// The person changed their password from `old` to `new`: their copy's key is wrapped under the
/// new one.
pub async fn rewrap(user: UserId, old: &str, new: &str) -> Result<(), StoreError> {
    let Some(db) = open_database(user, false).await? else {
        return Ok(());
    };
    let done = keys::rewrap(&db, old, new).await;
    db.close();
    done
}

/// How many changes wait in `user`'s copy (counted without opening it: change numbers are not
/// sealed); 0 when there is no copy, which counting does not make.
pub async fn waiting(user: UserId) -> Result<u32, StoreError> {
    let Some(db) = open_database(user, false).await? else {
        return Ok(0);
    };
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let count = tx.object_store(OUTBOX)?.count(None)?.await?;
    db.close();
    Ok(count)
}

/// Deletes everything this device holds for `user`.
pub async fn wipe(user: UserId) -> Result<(), StoreError> {
    Factory::new()?.delete(&database_name(user))?.await?;
    Ok(())
}
