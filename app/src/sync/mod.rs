//! Drives the sync engine (`shared::sync::engine`) in the browser: loads the signed-in user's
//! state from IndexedDB, writes every step back, pushes and pulls over `api::sync`, and retries
//! with the engine's backoff. Syncs on start, when the browser comes back online, every 30 seconds,
//! shortly after each local change, and when asked. The decisions are all the engine's; this
//! module only moves bytes and keeps the status the screen shows.

mod deferred;
pub mod status;
mod unlock;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use serde_json::Value;
use shared::sync::engine::{Dirty, Failure, Resolution, SyncState};
use shared::sync::protocol::EntityKind;
use shared::{RecordId, UserId};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api::ApiError;
use crate::routes::lazy::NotLoaded;
use crate::store::LocalDb;
use crate::store::keys::Unlock;

/// How often to sync while the app is open.
const EVERY_MS: u32 = 30_000;
/// How long after a local change to send it (edits close together go together).
const SOON_MS: u32 = 800;

thread_local! {
    static DB: RefCell<Option<Rc<LocalDb>>> = const { RefCell::new(None) };
    static RETRY: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static SOON: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static TICK: RefCell<Option<Interval>> = const { RefCell::new(None) };
    /// People whose ended session this page has cleared up (or is clearing up), until their copy
    /// opens again. The engine, the app's own session check and a copy that will not open can
    /// each be first to hear that a session ended; the copy is cleared up once, so that a second
    /// clearing-up never opens a copy the first has just deleted.
    static ENDED: RefCell<Vec<UserId>> = const { RefCell::new(Vec::new()) };
}

#[derive(Debug, Clone, Copy)]
pub struct Sync {
    session: crate::state::Session,
    /// The user's local state; `None` until loaded (or when signed out).
    pub state: RwSignal<Option<SyncState>>,
    pub user: RwSignal<Option<UserId>>,
    pub online: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// When the last full sync finished ("14:05").
    pub last_synced: RwSignal<Option<String>>,
    /// Why the last attempt failed, and when the next one is due.
    pub error: RwSignal<Option<String>>,
    /// This device could not save (private browsing, storage full): shown, never hidden.
    pub storage_error: RwSignal<Option<String>>,
    /// How old the device's copy of the directory is ("Directory updated 14:05").
    pub directory: RwSignal<Option<String>>,
    /// The person's copy is here but stays encrypted until they type their password (offline
    /// after a reload): the page shows the unlock form.
    pub locked: RwSignal<bool>,
}

pub fn provide_sync(session: crate::state::Session) -> Sync {
    let sync = Sync {
        session,
        state: RwSignal::new(None),
        user: RwSignal::new(None),
        online: RwSignal::new(navigator_online()),
        syncing: RwSignal::new(false),
        last_synced: RwSignal::new(None),
        error: RwSignal::new(None),
        storage_error: RwSignal::new(None),
        directory: RwSignal::new(None),
        locked: RwSignal::new(false),
    };
    provide_context(sync);
    listen_for_connection(sync);
    sync
}

pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}

fn navigator_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

fn listen_for_connection(sync: Sync) {
    let Some(window) = web_sys::window() else { return };
    let online = Closure::<dyn Fn()>::new(move || {
        sync.online.set(true);
        // The session may have been checked while offline: check it again, then send.
        crate::state::check_session(sync.session);
        sync.sync_now();
    });
    let offline = Closure::<dyn Fn()>::new(move || {
        sync.online.set(false);
        // Being offline is not an error: the status says so, and the `online` event resumes.
        sync.error.set(None);
        RETRY.with(|t| t.borrow_mut().take());
    });
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    // They live as long as the page.
    online.forget();
    offline.forget();
}

fn now_hh_mm() -> String {
    let date = js_sys::Date::new_0();
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

impl Sync {
    /// Whether the person's data is still being opened: `false` once it is open, and also when it
    /// cannot be (the sync bar says why), so that a page never says "Loading…" for ever.
    pub fn opening(self) -> bool {
        self.state.with(Option::is_none) && self.storage_error.with(Option::is_none)
    }

    /// Opens `user`'s local data and starts syncing it, once the engine's code has arrived. The
    /// code is asked for only after the first page has painted, so on a slow phone the page's
    /// own files and data do not share the connection with it.
    pub fn start(self, user: UserId) {
        leptos::task::spawn_local(async move {
            crate::paint::after_paint().await;
            if deferred::start(self, user).await.is_err() {
                self.not_loaded();
            }
        });
    }

    /// Opens (or makes) `user`'s copy with the password the server has just accepted, before
    /// their first page shows: its key is then wrapped under this session's secret too, so that
    /// a reload straight after signing in opens it without asking.
    pub async fn open_with_password(self, user: UserId, password: String) {
        if let Ok(opening) = deferred::open_with_password(self, user, password).await {
            opening.await;
        }
    }

    /// `open_with_password`, with the engine loaded.
    async fn open_with_password_loaded(self, user: UserId, password: String) {
        self.stop();
        self.user.set(Some(user));
        let how = Unlock::Password {
            password,
            verified: true,
        };
        let _ = self.open_copy(user, how).await;
    }

    /// The person changed their password from `old` to `new`: their copy opens with the new one.
    pub async fn rewrap(self, old: String, new: String) {
        let Some(user) = self.user.get_untracked() else {
            return;
        };
        if let Ok(rewrapping) = deferred::rewrap(user, old, new).await {
            rewrapping.await;
        }
    }

    /// Pushes everything that can go, then pulls (see `run_now`).
    pub fn sync_now(self) {
        leptos::task::spawn_local(async move {
            if deferred::sync_now(self).await.is_err() {
                self.not_loaded();
            }
        });
    }

    fn not_loaded(self) {
        self.error.set(Some(
            "Touchstone could not load its sync code. Reload the page to try again.".into(),
        ));
    }

    /// `start`, with the engine loaded.
    fn start_loaded(self, user: UserId) {
        if self.user.get_untracked() == Some(user) && !self.locked.get_untracked() {
            return;
        }
        // The person may have changed (or the server said the remembered one is signed out)
        // while the code was on its way: only the one signed in now is opened. A session found
        // ended is cleared up after.
        if self.session.user_untracked().map(|u| u.id) != Some(user) {
            if self
                .session
                .auth
                .with_untracked(|a| *a == crate::state::Auth::SignedOut)
            {
                leptos::task::spawn_local(self.session_ended_loaded(user));
            }
            return;
        }
        self.stop();
        self.user.set(Some(user));
        leptos::task::spawn_local(async move {
            let _ = self.open_copy(user, Unlock::Session).await;
        });
    }

    /// Opens `user`'s copy as `how` says and starts syncing it. `Ok(false)`: it stays locked.
    async fn open_copy(self, user: UserId, how: Unlock) -> Result<bool, ()> {
        // A session that ends from here on is cleared up again.
        ENDED.with(|e| e.borrow_mut().retain(|u| *u != user));
        let opened = LocalDb::open(user, &how).await;
        if let Err(e) = &opened
            && e.0 == crate::store::keys::SESSION_ENDED
        {
            leptos::task::spawn_local(self.session_ended_loaded(user));
            return Err(());
        }
        // Signed out, or someone else, while the key was being worked out.
        if self.user.get_untracked() != Some(user) {
            return Err(());
        }
        match opened {
            Ok(Some(db)) => match db.load().await {
                Ok(state) => {
                    DB.with(|d| *d.borrow_mut() = Some(Rc::new(db)));
                    self.locked.set(false);
                    self.state.set(Some(state));
                    self.storage_error.set(None);
                    ask_to_persist();
                    TICK.with(|t| *t.borrow_mut() = Some(Interval::new(EVERY_MS, move || self.tick())));
                    self.run_now();
                    Ok(true)
                }
                Err(e) => {
                    self.storage_error.set(Some(format!(
                        "Touchstone cannot read this device's storage ({})",
                        e.0
                    )));
                    Err(())
                }
            },
            Ok(None) => {
                // Set only when it changes: setting it again would draw the unlock form anew,
                // losing the error it is about to show.
                if !self.locked.get_untracked() {
                    self.locked.set(true);
                }
                unlock::show(self);
                Ok(false)
            }
            Err(e) => {
                self.storage_error.set(Some(format!(
                    "Touchstone cannot use this device's storage ({})",
                    e.0
                )));
                Err(())
            }
        }
    }

    /// `unlock`, with the engine loaded: online the server checks the password (a new
    /// session); offline only the copy's key can say whether it is right.
    pub(super) async fn unlock_loaded(self, password: String) -> Result<(), String> {
        let (Some(user), Some(account)) = (self.user.get_untracked(), self.session.user_untracked()) else {
            return Err("Sign in again to open your work".into());
        };
        let verified = if self.online.get_untracked() {
            let form = shared::api::auth::SignIn {
                email: account.email.clone(),
                password: password.clone(),
            };
            // Through `post` with its own answer type, not `api::auth::sign_in`: sign-in's page
            // is in the first download, and sharing its code with this chunk would move a copy
            // of it there.
            match crate::api::post::<_, serde_json::Value>("/api/auth/sign-in", &form).await {
                Ok(_) => true,
                Err(e) if e.is_unauthenticated() => return Err("Enter the right password".into()),
                Err(_) => false,
            }
        } else {
            false
        };
        match self
            .open_copy(user, Unlock::Password { password, verified })
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err("Enter the right password".into()),
            Err(()) => Err("Your work on this device could not be opened".into()),
        }
    }

    /// `session_ended_loaded`, from the first download: `App` calls it when it sees the person
    /// signed out with their copy open, whoever heard first that the session had ended.
    pub fn session_ended(self, user: UserId) {
        leptos::task::spawn_local(async move {
            if let Ok(clearing) = deferred::session_ended(self, user).await {
                clearing.await;
            }
        });
    }

    /// The person's session ended (it ran out, or was ended elsewhere): with nothing waiting to
    /// be sent, their copy on this device is deleted; with changes waiting it stays, encrypted
    /// and with its key gone from memory, until they sign in again and it is sent.
    async fn session_ended_loaded(self, user: UserId) {
        let first = ENDED.with(|e| {
            let mut ended = e.borrow_mut();
            let first = !ended.contains(&user);
            if first {
                ended.push(user);
            }
            first
        });
        if !first {
            return;
        }
        crate::store::team::forget();
        let empty = crate::store::waiting(user).await.unwrap_or(1) == 0;
        // The person may have signed in again while it was counted (their copy opening takes
        // them off `ENDED`): then the copy is theirs again and stays. Checked in the same turn
        // as the deletion is asked for, so an opening either came first or queues behind it.
        if empty && ENDED.with(|e| e.borrow().contains(&user)) {
            let _ = crate::store::wipe(user).await;
        }
    }

    /// Stops syncing and closes the local data (it stays on the device).
    pub fn stop(self) {
        TICK.with(|t| t.borrow_mut().take());
        RETRY.with(|t| t.borrow_mut().take());
        SOON.with(|t| t.borrow_mut().take());
        if let Some(db) = DB.with(|d| d.borrow_mut().take()) {
            db.close();
        }
        self.state.set(None);
        self.user.set(None);
        self.locked.set(false);
        self.error.set(None);
    }

    /// Stops, then deletes everything this device holds for the user. The deleting is the
    /// engine's code: it is already here whenever this page has opened the user's data, and the
    /// service worker keeps it for every other case.
    pub async fn wipe(self) {
        match deferred::wipe(self).await {
            Ok(wiping) => wiping.await,
            Err(NotLoaded) => {
                self.stop();
                self.storage_error.set(Some(
                    "Could not clear this device's storage: Touchstone could not load its code. \
                     Reload the page and sign out again."
                        .into(),
                ));
            }
        }
    }

    /// `wipe`, with the engine loaded.
    async fn wipe_loaded(self) {
        // The signed-in person's data, even if signing out came before it was opened.
        let user = self
            .user
            .get_untracked()
            .or_else(|| self.session.user_untracked().map(|u| u.id));
        self.stop();
        crate::store::team::forget();
        // The directory copy too: it holds no one's records, but it does hold the names of
        // services' contacts, and the next person to sign in fetches it again.
        self.directory.set(None);
        // Searches and problem reports not yet sent go first, if the server can be reached.
        crate::store::waiting::send().await;
        if let Err(e) = crate::store::directory::forget().await {
            self.storage_error
                .set(Some(format!("Could not clear this device's storage ({})", e.0)));
        }
        if let Some(user) = user
            && let Err(e) = crate::store::wipe(user).await
        {
            self.storage_error
                .set(Some(format!("Could not clear this device's storage ({})", e.0)));
        }
    }

    /// Reads the device's copy of the directory and brings it up to date (`now`, or when the
    /// last update is a few minutes old), saying how old it is.
    fn refresh_directory(self, now: bool) {
        use crate::store::directory;
        leptos::task::spawn_local(async move {
            let said = |result: Result<(), crate::store::StoreError>| match result {
                Ok(()) => directory::describe().or_else(|| self.directory.get_untracked()),
                Err(e) => Some(format!(
                    "The directory could not be kept on this device ({})",
                    e.0
                )),
            };
            if directory::taken_at().is_none() {
                let loaded = directory::load().await;
                self.directory.set(said(loaded).or_else(|| {
                    Some(if self.online.get_untracked() {
                        "Copying the directory to this device…".to_owned()
                    } else {
                        "The directory is not on this device yet".to_owned()
                    })
                }));
            }
            let refreshed = directory::refresh(now).await;
            self.directory.set(said(refreshed));
            // Searches and problem reports made offline.
            crate::store::waiting::send().await;
        });
    }

    /// Runs one engine step on the state and writes back what it changed.
    fn step<R>(self, f: impl FnOnce(&mut SyncState) -> (R, Dirty)) -> Option<R> {
        let mut out = None;
        let mut changes = None;
        self.state.update(|state| {
            if let Some(state) = state {
                let (result, dirty) = f(state);
                out = Some(result);
                changes = Some(crate::store::Changes::of(state, &dirty));
            }
        });
        match (changes, DB.with(|d| d.borrow().clone())) {
            (Some(Ok(changes)), Some(db)) => leptos::task::spawn_local(async move {
                if let Err(e) = db.write(changes).await {
                    self.storage_error
                        .set(Some(format!("Saving on this device failed ({})", e.0)));
                }
            }),
            (Some(Err(e)), _) => self
                .storage_error
                .set(Some(format!("Saving on this device failed ({})", e.0))),
            _ => {}
        }
        out
    }

    /// A local edit: saved on the device at once, sent soon.
    pub fn put(self, entity: EntityKind, id: RecordId, payload: Value) {
        self.step(|s| ((), s.put(entity, id, payload)));
        self.sync_soon();
    }

    pub fn delete(self, id: RecordId) {
        self.step(|s| ((), s.delete(id)));
        self.sync_soon();
    }

    pub fn resolve(self, id: RecordId, resolution: Resolution) {
        self.step(|s| ((), s.resolve(id, resolution)));
        self.sync_soon();
    }

    pub fn discard(self, mutation_id: u64) {
        self.step(|s| ((), s.discard(mutation_id)));
    }

    /// The regular sync. It also asks the browser whether it is online, so that a missed
    /// `online` event (a page put to sleep, an embedded browser that never fires it) cannot
    /// keep the device waiting for ever.
    fn tick(self) {
        let online = navigator_online();
        if online != self.online.get_untracked() {
            self.online.set(online);
        }
        self.run_now();
    }

    fn sync_soon(self) {
        SOON.with(|t| *t.borrow_mut() = Some(Timeout::new(SOON_MS, move || self.run_now())));
    }

    /// Pushes everything that can go, then pulls. Does nothing if a sync is already running, or
    /// while the browser knows it is offline (the `online` event starts one).
    fn run_now(self) {
        if self.syncing.get_untracked()
            || self.state.with_untracked(Option::is_none)
            || !self.online.get_untracked()
        {
            return;
        }
        RETRY.with(|t| t.borrow_mut().take());
        self.syncing.set(true);
        leptos::task::spawn_local(async move {
            let result = self.run().await;
            self.syncing.set(false);
            match result {
                Ok(()) => {
                    self.error.set(None);
                    self.last_synced.set(Some(now_hh_mm()));
                    self.refresh_directory(false);
                }
                Err((e, wait)) => self.failed(e, wait),
            }
        });
    }

    /// Pushes until nothing can go, then pulls every page. On failure, says how long the engine
    /// wants to wait (a failed push already counted it).
    async fn run(self) -> Result<(), (ApiError, Option<std::time::Duration>)> {
        while let Some(request) = self
            .step(|s| match s.next_push() {
                Some((request, dirty)) => (Some(request), dirty),
                None => (None, Dirty::default()),
            })
            .flatten()
        {
            match crate::api::sync::push(&request).await {
                Ok(response) => {
                    self.step(|s| ((), s.push_succeeded(&response)));
                }
                Err(e) => {
                    let failure = Failure {
                        retry_after: retry_after(&e),
                    };
                    let wait = self.step(|s| s.push_failed(failure, js_sys::Math::random()));
                    return Err((e, wait));
                }
            }
        }
        loop {
            let Some(cursor) = self.state.with_untracked(|s| s.as_ref().map(|s| s.cursor)) else {
                return Ok(());
            };
            let page = crate::api::sync::pull(cursor).await.map_err(|e| (e, None))?;
            self.step(|s| ((), s.apply_pull(&page)));
            if !page.has_more {
                return Ok(());
            }
        }
    }

    fn failed(self, error: ApiError, wait: Option<std::time::Duration>) {
        if error.is_unauthenticated() {
            // The session ended (expired, or signed out elsewhere): the copy goes, or stays
            // locked until the same person signs in again if changes wait in it.
            self.error.set(Some(
                "Your session has ended. Sign in again to send your changes.".into(),
            ));
            // Signed out with the copy open: `App` has it cleared up (`session_ended`).
            self.session.set_auth(crate::state::Auth::SignedOut);
            return;
        }
        let wait = wait
            .or_else(|| {
                let failure = Failure {
                    retry_after: retry_after(&error),
                };
                self.step(|s| s.pull_failed(failure, js_sys::Math::random()))
            })
            .unwrap_or(std::time::Duration::from_secs(30));
        let reason = if error.is_transient() {
            error.message()
        } else {
            format!("The server refused the changes: {}", error.message())
        };
        self.error.set(Some(reason));
        let ms = wait.as_millis().min(u128::from(u32::MAX)) as u32;
        RETRY.with(|t| *t.borrow_mut() = Some(Timeout::new(ms, move || self.run_now())));
    }
}

fn retry_after(error: &ApiError) -> Option<std::time::Duration> {
    match error {
        ApiError::Server { retry_after, .. } => retry_after.map(std::time::Duration::from_secs),
        ApiError::Network(_) => None,
    }
}

/// Asks the browser not to clear this site's storage under pressure (and Safari not to after seven
/// days unused). The answer does not change what we do, so it is not awaited.
fn ask_to_persist() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}
