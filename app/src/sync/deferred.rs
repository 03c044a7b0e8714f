//! The sync engine's way in from the first download. Its code (IndexedDB, the engine, the
//! protocol's JSON) and what a signed-in person's device keeps up to date are a chunk fetched
//! after the first page shows, so that sign-in appears sooner on a slow phone.

#![allow(unsafe_code)] // wasm-split's generated loader (a static and an extern import)

use shared::{Role, UserId};

use super::Sync;
use crate::routes::lazy::NotLoaded;

#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start(sync: Sync, user: UserId) -> Result<(), NotLoaded> {
    sync.start_loaded(user);
    sync.refresh_directory(true);
    // Keep the published questionnaires, the council's risk matrix and a manager's team on this
    // device for offline use.
    leptos::task::spawn_local(crate::store::templates::refresh());
    leptos::task::spawn_local(crate::store::risk_matrix::refresh());
    if sync.session.user().is_some_and(|u| u.has_role(Role::TeamManager)) {
        leptos::task::spawn_local(async {
            crate::store::team::refresh().await;
        });
    }
    Ok(())
}

#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn sync_now(sync: Sync) -> Result<(), NotLoaded> {
    sync.run_now();
    Ok(())
}

/// The deleting part of `Sync::wipe`, as a future the caller awaits.
#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn wipe(sync: Sync) -> Result<std::pin::Pin<Box<dyn Future<Output = ()>>>, NotLoaded> {
    Ok(Box::pin(sync.wipe_loaded()))
}

/// `Sync::session_ended`'s work, as a future.
#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn session_ended(
    sync: Sync,
    user: UserId,
) -> Result<std::pin::Pin<Box<dyn Future<Output = ()>>>, NotLoaded> {
    Ok(Box::pin(sync.session_ended_loaded(user)))
}

/// Wraps the key of `user`'s copy under their new password.
#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn rewrap(
    user: UserId,
    old: String,
    new: String,
) -> Result<std::pin::Pin<Box<dyn Future<Output = ()>>>, NotLoaded> {
    Ok(Box::pin(async move {
        let _ = crate::store::rewrap(user, &old, &new).await;
    }))
}

/// `Sync::open_with_password`'s work, as a future the sign-in page awaits.
#[leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn open_with_password(
    sync: Sync,
    user: UserId,
    password: String,
) -> Result<std::pin::Pin<Box<dyn Future<Output = ()>>>, NotLoaded> {
    Ok(Box::pin(sync.open_with_password_loaded(user, password)))
}
