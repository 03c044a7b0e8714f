//! Opening a person's encrypted copy (`sealed`): where its data key comes from.
//!
//! - **At sign-in** the server has just checked the password: it opens the key wrapped under
//!   the password, or, when there is none (a first sign-in here, a copy from before encryption)
//!   or it was wrapped under an earlier password (an administrator reset it), a new key is made
//!   and what the old one sealed, unreadable now, is cleared.
//! - **On a reload** the session's secret from the server opens the copy wrapped under it, so
//!   nobody types their password again while the session lasts. A live session finding no key
//!   at all (storage cleared under it, a copy from before encryption) makes one under the
//!   session alone, which the password also wraps at the next sign-in or unlock.
//! - **Offline**, or when the session's copy does not open, the copy stays *locked* until the
//!   person types their password (`Unlock::Password` with `verified: false`): a wrong one opens
//!   nothing and changes nothing.
//!
//! The wrapped keys are kept beside the data, in the `keys` store: they are no use without the
//! password or a live session.

use idb::{Database, TransactionMode, TransactionResult};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

use super::sealed::{self, Wrapped};
use super::{KEYS, META, OUTBOX, RECORDS, StoreError};

/// What opening says when the server answers that the session has ended.
pub const SESSION_ENDED: &str = "the session has ended";

const BY_PASSWORD: &str = "password";
const BY_SESSION: &str = "session";

/// How to open a person's copy.
#[derive(Debug, Clone)]
pub enum Unlock {
    /// Their password: `verified` when the server has just accepted it.
    Password { password: String, verified: bool },
    /// Their live session's secret.
    Session,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// For the password's key; empty for the session's.
    #[serde(default)]
    salt: Vec<u8>,
    wrapped: Wrapped,
}

async fn read(db: &Database, name: &str) -> Result<Option<Entry>, StoreError> {
    let tx = db.transaction(&[KEYS], TransactionMode::ReadOnly)?;
    let value = tx.object_store(KEYS)?.get(JsValue::from_str(name))?.await?;
    Ok(match value.and_then(|v| v.as_string()) {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    })
}

async fn write(db: &Database, name: &str, entry: &Entry) -> Result<(), StoreError> {
    let tx = db.transaction(&[KEYS], TransactionMode::ReadWrite)?;
    tx.object_store(KEYS)?.put(
        &JsValue::from_str(&serde_json::to_string(entry)?),
        Some(&JsValue::from_str(name)),
    )?;
    committed(tx.commit()?.await?)
}

fn committed(result: TransactionResult) -> Result<(), StoreError> {
    match result {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StoreError("saving on this device failed".into())),
    }
}

/// Empties a copy sealed under a key nobody can open any more.
async fn clear(db: &Database) -> Result<(), StoreError> {
    let tx = db.transaction(&[RECORDS, OUTBOX, META, KEYS], TransactionMode::ReadWrite)?;
    for name in [RECORDS, OUTBOX, META, KEYS] {
        tx.object_store(name)?.clear()?;
    }
    committed(tx.commit()?.await?)
}

/// The data key of the copy in `db`, or `None` while it stays locked.
pub(super) async fn unlock(db: &Database, how: &Unlock) -> Result<Option<CryptoKey>, StoreError> {
    match how {
        Unlock::Session => by_session(db).await,
        Unlock::Password { password, verified } => by_password(db, password, *verified).await,
    }
}

async fn by_session(db: &Database) -> Result<Option<CryptoKey>, StoreError> {
    let secret = match crate::api::auth::device_key().await {
        Ok(secret) => secret,
        Err(e) if e.is_unauthenticated() => return Err(StoreError(SESSION_ENDED.into())),
        Err(_) => return Ok(None),
    };
    let with = sealed::secret_key(&secret.key).await?;
    match read(db, BY_SESSION).await? {
        // Wrapped under an earlier session's secret: the password opens it.
        Some(entry) => Ok(sealed::unwrap(&entry.wrapped, &with, false).await.ok()),
        // No key at all, under a live session: this browser's storage was cleared while its
        // session lasted, or the copy is from before encryption. A key is made under the session
        // alone; the password wraps it too at the next sign-in or unlock.
        None if read(db, BY_PASSWORD).await?.is_none() => {
            let key = sealed::new_data_key().await?;
            let wrapped = sealed::wrap(&key, &with).await?;
            write(
                db,
                BY_SESSION,
                &Entry {
                    salt: Vec::new(),
                    wrapped: wrapped.clone(),
                },
            )
            .await?;
            Ok(Some(sealed::unwrap(&wrapped, &with, false).await?))
        }
        None => Ok(None),
    }
}

/// The data key as wrapped under the live session's secret, extractable (to wrap it again).
async fn session_key(db: &Database) -> Option<CryptoKey> {
    let entry = read(db, BY_SESSION).await.ok()??;
    let secret = crate::api::auth::device_key().await.ok()?;
    let with = sealed::secret_key(&secret.key).await.ok()?;
    sealed::unwrap(&entry.wrapped, &with, true).await.ok()
}

async fn by_password(db: &Database, password: &str, verified: bool) -> Result<Option<CryptoKey>, StoreError> {
    let entry = read(db, BY_PASSWORD).await?;
    if let Some(entry) = &entry {
        let with = sealed::password_key(password, &entry.salt).await?;
        if let Ok(key) = sealed::unwrap(&entry.wrapped, &with, true).await {
            remember_for_session(db, &key).await;
            return Ok(Some(sealed::unwrap(&entry.wrapped, &with, false).await?));
        }
    }
    // A password the server has not checked never makes a key: a mistyped one would lock the
    // person out of their own copy at their next sign-in.
    if !verified {
        return Ok(None);
    }
    // A key made under the session alone (`by_session`) is kept, and now wrapped under the
    // password too; one wrapped under an earlier password can no longer be opened.
    let kept = match &entry {
        None => session_key(db).await,
        Some(_) => None,
    };
    if entry.is_some() {
        clear(db).await?;
    }
    let key = match kept {
        Some(key) => key,
        None => sealed::new_data_key().await?,
    };
    let salt = sealed::random(sealed::SALT_LEN)?;
    let with = sealed::password_key(password, &salt).await?;
    let wrapped = sealed::wrap(&key, &with).await?;
    write(
        db,
        BY_PASSWORD,
        &Entry {
            salt,
            wrapped: wrapped.clone(),
        },
    )
    .await?;
    remember_for_session(db, &key).await;
    Ok(Some(sealed::unwrap(&wrapped, &with, false).await?))
}

/// Wraps `key` under the live session's secret too, so that a reload needs no password. Offline
/// it is skipped: the password opens the copy until the next sign-in.
async fn remember_for_session(db: &Database, key: &CryptoKey) {
    let Ok(secret) = crate::api::auth::device_key().await else {
        return;
    };
    let Ok(with) = sealed::secret_key(&secret.key).await else {
        return;
    };
    if let Ok(wrapped) = sealed::wrap(key, &with).await {
        let _ = write(
            db,
            BY_SESSION,
            &Entry {
                salt: Vec::new(),
                wrapped,
            },
        )
        .await;
    }
}

/// The person changed their password: the copy's key is wrapped under the new one, so that
/// offline the new password opens it.
pub(super) async fn rewrap(db: &Database, old: &str, new: &str) -> Result<(), StoreError> {
    let Some(entry) = read(db, BY_PASSWORD).await? else {
        return Ok(());
    };
    let with = sealed::password_key(old, &entry.salt).await?;
    let key = sealed::unwrap(&entry.wrapped, &with, true).await?;
    let salt = sealed::random(sealed::SALT_LEN)?;
    let with = sealed::password_key(new, &salt).await?;
    let wrapped = sealed::wrap(&key, &with).await?;
    write(db, BY_PASSWORD, &Entry { salt, wrapped }).await?;
    // Changing the password began a new session, with a secret of its own.
    remember_for_session(db, &key).await;
    Ok(())
}
