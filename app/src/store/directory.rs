//! The device's copy of the community-assets directory, so a practitioner can search it, filter
//! it and open a service with no signal (`shared::directory::copy`).
//!
//! It lives in an IndexedDB database of its own, not in a person's: it is the council's
//! published directory, the same for everyone. It is still deleted at sign-out with the rest
//! (it names services' contacts), and fetched again at the next sign-in. Each service,
//! organisation and place is a row of its own, so an update writes only what changed.
//!
//! After sign-in the whole directory is fetched once (`GET /api/directory/snapshot`); after
//! that only what changed since the copy was taken (`?since=`), at each sync a few minutes
//! apart. The council's postcode table comes with it, whole, and again only when the snapshot
//! says a newer one was imported. In memory the copy is read once per page load and kept, with its word index.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use shared::api::directory::{PostcodeTable, SNAPSHOT_OVERLAP, Snapshot};
use shared::directory::copy::DirectoryCopy;
use shared::directory::postcodes::Postcodes;
use wasm_bindgen::JsValue;

use super::StoreError;

const NAME: &str = "touchstone-directory";
/// 2: searches and problem reports waiting to be sent (`super::waiting`).
const VERSION: u32 = 3;
const SERVICES: &str = "services";
const ORGANIZATIONS: &str = "organizations";
const LOCATIONS: &str = "locations";
const META: &str = "meta";
pub(super) const SEARCHES: &str = "searches";
pub(super) const REPORTS: &str = "reports";
/// Forms opened on this device, waiting to be told to the server (`super::reads`).
pub(super) const READS: &str = "reads";
const TAKEN_AT: &str = "taken_at";
const TAXONOMIES: &str = "taxonomies";
const REVIEW_MONTHS: &str = "review_months";
/// The council's postcode table, whole (`PostcodeTable` as JSON).
const POSTCODES: &str = "postcodes";

/// How long after one update the next is asked for (each sync asks; most are skipped).
const EVERY_MS: f64 = 5.0 * 60.0 * 1000.0;

/// The copy, once read; what it was last updated from, and whether an update is running.
#[derive(Default)]
struct Held {
    copy: Option<Rc<DirectoryCopy>>,
    asked_at: Option<f64>,
    busy: bool,
    /// A page load's read of the copy is under way: others wait for it rather than read too.
    loading: bool,
    /// Counts sign-outs: an update that started before one must not write the copy back.
    generation: u64,
    /// When the postcode table the copy holds was imported (`None`: it holds none).
    postcodes_at: Option<DateTime<Utc>>,
}

fn generation() -> u64 {
    HELD.with(|h| h.borrow().generation)
}

thread_local! {
    static HELD: RefCell<Held> = RefCell::new(Held::default());
    /// Changes whenever the copy does, for pages reading it in a reactive closure. Reference
    /// counted, not owned by whichever page first read it (which would dispose of it).
    static CHANGED: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// The copy in memory, if this device has one (tracked: a page reading it sees updates).
pub fn copy() -> Option<Rc<DirectoryCopy>> {
    CHANGED.with(|c| c.track());
    HELD.with(|h| h.borrow().copy.clone())
}

/// `copy`, not tracked (for code outside a reactive closure).
pub fn copy_untracked() -> Option<Rc<DirectoryCopy>> {
    HELD.with(|h| h.borrow().copy.clone())
}

fn hold(copy: DirectoryCopy) {
    HELD.with(|h| h.borrow_mut().copy = Some(Rc::new(copy)));
    CHANGED.with(|c| c.update(|n| *n += 1));
}

pub(super) async fn open() -> Result<idb::Database, StoreError> {
    let mut request = Factory::new()?.open(NAME, Some(VERSION))?;
    request.on_upgrade_needed(|event| {
        if let Ok(db) = event.database() {
            for name in [SERVICES, ORGANIZATIONS, LOCATIONS, META, SEARCHES, REPORTS, READS] {
                if !db.store_names().iter().any(|s| s == name) {
                    let _ = db.create_object_store(name, ObjectStoreParams::new());
                }
            }
        }
    });
    Ok(request.await?)
}

fn parse<T: DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>, StoreError> {
    values
        .into_iter()
        .map(|v| Ok(serde_json::from_str(&v.as_string().unwrap_or_default())?))
        .collect()
}

/// Reads the copy this device keeps into memory, if it has one and it is not read yet (or waits
/// for the read already under way).
pub async fn load() -> Result<(), StoreError> {
    while HELD.with(|h| h.borrow().loading) {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    if HELD.with(|h| h.borrow().copy.is_some()) {
        return Ok(());
    }
    HELD.with(|h| h.borrow_mut().loading = true);
    crate::timing::start("touchstone:directory-read");
    let result = read().await;
    crate::timing::end("touchstone:directory-read");
    HELD.with(|h| h.borrow_mut().loading = false);
    result
}

async fn read() -> Result<(), StoreError> {
    let started = generation();
    let db = open().await?;
    let tx = db.transaction(
        &[SERVICES, ORGANIZATIONS, LOCATIONS, META],
        TransactionMode::ReadOnly,
    )?;
    let meta = tx.object_store(META)?;
    let taken_at = meta.get(JsValue::from_str(TAKEN_AT))?.await?;
    let Some(taken_at) = taken_at.and_then(|v| v.as_string()) else {
        db.close();
        return Ok(());
    };
    let taxonomies = meta.get(JsValue::from_str(TAXONOMIES))?.await?;
    let review_months = meta.get(JsValue::from_str(REVIEW_MONTHS))?.await?;
    let postcodes: PostcodeTable = match meta.get(JsValue::from_str(POSTCODES))?.await? {
        Some(json) => serde_json::from_str(&json.as_string().unwrap_or_default())?,
        None => PostcodeTable::default(),
    };
    let snapshot = Snapshot {
        taken_at: serde_json::from_str(&taken_at)?,
        services: parse(tx.object_store(SERVICES)?.get_all(None, None)?.await?)?,
        organizations: parse(tx.object_store(ORGANIZATIONS)?.get_all(None, None)?.await?)?,
        locations: parse(tx.object_store(LOCATIONS)?.get_all(None, None)?.await?)?,
        taxonomies: serde_json::from_str(&taxonomies.and_then(|v| v.as_string()).unwrap_or_default())?,
        review_months: review_months.and_then(|v| v.as_f64()).unwrap_or(12.0) as u32,
        postcodes_at: postcodes.imported_at,
    };
    db.close();
    // Read while a sign-in's update was on its way: that one is newer.
    if HELD.with(|h| h.borrow().copy.is_none()) && generation() == started {
        let mut copy = DirectoryCopy::new(snapshot);
        copy.postcodes = Postcodes::new(&postcodes);
        HELD.with(|h| h.borrow_mut().postcodes_at = postcodes.imported_at);
        hold(copy);
    }
    Ok(())
}

/// The postcode table the server has, when it is not the one the device holds (imported at
/// `held`); `None` when they are the same or it could not be fetched (asked again next time).
async fn newer_postcodes(
    server: Option<DateTime<Utc>>,
    held: Option<DateTime<Utc>>,
) -> Option<PostcodeTable> {
    if server == held {
        return None;
    }
    match server {
        // The table was taken away: none to keep.
        None => Some(PostcodeTable::default()),
        Some(_) => crate::api::directory::postcodes().await.ok(),
    }
}

/// Writes `snapshot` into the device's database in one transaction: the whole directory
/// (`whole`, replacing what was there) or what changed, and a new postcode table if one came.
async fn save(snapshot: &Snapshot, whole: bool, postcodes: Option<&PostcodeTable>) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(
        &[SERVICES, ORGANIZATIONS, LOCATIONS, META],
        TransactionMode::ReadWrite,
    )?;
    let put = |store: &idb::ObjectStore, id: &uuid::Uuid, json: String| -> Result<(), StoreError> {
        store.put(
            &JsValue::from_str(&json),
            Some(&JsValue::from_str(&id.to_string())),
        )?;
        Ok(())
    };
    let services = tx.object_store(SERVICES)?;
    let organizations = tx.object_store(ORGANIZATIONS)?;
    let locations = tx.object_store(LOCATIONS)?;
    if whole {
        for store in [&services, &organizations, &locations] {
            store.clear()?;
        }
    }
    for service in &snapshot.services {
        if service.status.is_listed() {
            put(&services, &service.id, serde_json::to_string(service)?)?;
        } else {
            services.delete(JsValue::from_str(&service.id.to_string()))?;
        }
    }
    for organization in &snapshot.organizations {
        put(
            &organizations,
            &organization.id,
            serde_json::to_string(organization)?,
        )?;
    }
    for location in &snapshot.locations {
        put(&locations, &location.id, serde_json::to_string(location)?)?;
    }
    let meta = tx.object_store(META)?;
    let key = JsValue::from_str;
    if let Some(table) = postcodes {
        meta.put(&key(&serde_json::to_string(table)?), Some(&key(POSTCODES)))?;
    }
    meta.put(
        &key(&serde_json::to_string(&snapshot.taxonomies)?),
        Some(&key(TAXONOMIES)),
    )?;
    meta.put(
        &JsValue::from_f64(f64::from(snapshot.review_months)),
        Some(&key(REVIEW_MONTHS)),
    )?;
    // Last, so a copy is only ever read whole: without `taken_at` there is none.
    meta.put(
        &key(&serde_json::to_string(&snapshot.taken_at)?),
        Some(&key(TAKEN_AT)),
    )?;
    let result = tx.commit()?.await?;
    db.close();
    match result {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StoreError("saving the directory on this device failed".into())),
    }
}

/// Brings the copy up to date: all of it the first time, then what changed since it was
/// taken. Skipped when an update ran in the last few minutes (unless `now`), or is running.
/// Quietly does nothing offline: the copy stays as it was, and says how old it is.
pub async fn refresh(now: bool) -> Result<(), StoreError> {
    let clock = js_sys::Date::now();
    let go = HELD.with(|h| {
        let mut held = h.borrow_mut();
        let due = now || held.asked_at.is_none_or(|at| clock - at >= EVERY_MS);
        if held.busy || !due {
            return false;
        }
        held.busy = true;
        true
    });
    if !go {
        return Ok(());
    }
    crate::timing::start("touchstone:directory-update");
    let result = update().await;
    crate::timing::end("touchstone:directory-update");
    HELD.with(|h| {
        let mut held = h.borrow_mut();
        held.busy = false;
        // Only an answer counts as asked: offline, the next sync (on reconnecting) asks again.
        if result == Ok(true) {
            held.asked_at = Some(clock);
        }
    });
    result.map(|_| ())
}

/// Fetches and applies what changed; `Ok(false)` when the server could not be asked.
async fn update() -> Result<bool, StoreError> {
    let started = generation();
    load().await?;
    let since = HELD.with(|h| h.borrow().copy.as_ref().map(|c| c.taken_at));
    let Ok(snapshot) = crate::api::directory::snapshot(since).await else {
        return Ok(false);
    };
    let postcodes = newer_postcodes(snapshot.postcodes_at, HELD.with(|h| h.borrow().postcodes_at)).await;
    if generation() != started {
        return Ok(false);
    }
    save(&snapshot, since.is_none(), postcodes.as_ref()).await?;
    let mut copy = match HELD.with(|h| h.borrow_mut().copy.take()) {
        Some(copy) => {
            let mut copy = Rc::unwrap_or_clone(copy);
            copy.apply(snapshot);
            copy
        }
        None => DirectoryCopy::new(snapshot),
    };
    if let Some(table) = postcodes {
        copy.postcodes = Postcodes::new(&table);
        HELD.with(|h| h.borrow_mut().postcodes_at = table.imported_at);
    }
    hold(copy);
    Ok(true)
}

/// When the copy was taken: a minute before the server read it (`SNAPSHOT_OVERLAP`).
pub fn taken_at() -> Option<DateTime<Utc>> {
    HELD.with(|h| h.borrow().copy.as_ref().map(|c| c.taken_at))
}

/// How old the copy is, in the status bar's words: "Directory updated 14:05", or on an earlier
/// day "Directory updated 3 December"; `None` when there is none.
pub fn describe() -> Option<String> {
    let taken = taken_at()? + chrono::Duration::seconds(SNAPSHOT_OVERLAP);
    let local = taken.with_timezone(&chrono::Local);
    let when = if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        shared::dates::long_date(local.date_naive())
    };
    Some(format!("Directory updated {when}"))
}

/// Deletes the device's copy (and forgets it in memory).
pub async fn forget() -> Result<(), StoreError> {
    HELD.with(|h| {
        let mut held = h.borrow_mut();
        let generation = held.generation + 1;
        *held = Held {
            generation,
            ..Held::default()
        };
    });
    CHANGED.with(|c| c.update(|n| *n += 1));
    Factory::new()?.delete(NAME)?.await?;
    Ok(())
}
