//! tower-sessions on Touchstone's own session rows (`sessions`): ids go in only as their SHA-256,
//! and the row names the session's person, read from the data under [`USER_ID_KEY`].

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use shared::UserId;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::Store;
use super::sessions::SessionRow;

/// The data key holding a session's person (`crate::session` writes it at sign-in).
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone)]
pub struct SessionBackend {
    store: Arc<dyn Store>,
}

impl std::fmt::Debug for SessionBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionBackend")
    }
}

impl SessionBackend {
    pub fn new(store: Arc<dyn Store>) -> SessionBackend {
        SessionBackend { store }
    }
}

/// What is kept of a session id: its SHA-256, in hex. (Ids are 128 random bits, so no salt or
/// slow hash is needed: there is nothing to guess.)
pub fn id_hash(id: &Id) -> String {
    Sha256::digest(id.0.to_le_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn row(record: &Record) -> session_store::Result<(SessionRow, Option<UserId>)> {
    let data =
        serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| serde_json::from_value::<UserId>(v.clone()).ok());
    let expiry = record.expiry_date;
    let expires_at = DateTime::<Utc>::from_timestamp(expiry.unix_timestamp(), expiry.nanosecond())
        .ok_or_else(|| session_store::Error::Encode("expiry out of range".into()))?;
    let row = SessionRow {
        id_hash: id_hash(&record.id),
        data,
        expires_at,
    };
    Ok((row, user))
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A clash of 128 random bits will not happen; if it did, the other session must not be
        // overwritten, so a new id is drawn.
        loop {
            let (row, user) = row(record)?;
            if self
                .store
                .sessions()
                .insert_session(&row, user)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (row, user) = row(record)?;
        self.store
            .sessions()
            .save_session(&row, user)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(found) = self
            .store
            .sessions()
            .load_session(&id_hash(id), Utc::now())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&found.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(found.expires_at.timestamp())
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store
            .sessions()
            .delete_session(&id_hash(id))
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl ExpiredDeletion for SessionBackend {
    async fn delete_expired(&self) -> session_store::Result<()> {
        self.store
            .sessions()
            .delete_ended_sessions(Utc::now())
            .await
            .map(|_| ())
            .map_err(backend)
    }
}
