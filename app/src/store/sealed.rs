//! Encryption at rest for a person's copy on this device, with the browser's own WebCrypto:
//! AES-GCM (256-bit keys, a fresh 96-bit IV for every value written).
//!
//! Each person's copy has a random *data key*, made on this device and never stored as it is:
//! it is kept wrapped (AES-GCM key wrapping) twice (`store::keys`), once under a key derived from
//! the person's password with PBKDF2-SHA256 (so that they can open it offline) and once under
//! their session's secret from the server (so that a reload opens it while the session lasts).
//! In memory it is a non-extractable `CryptoKey`: the page can use it, not read it.

use js_sys::{Array, Object, Promise, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use super::StoreError;

const AES: &str = "AES-GCM";
const IV_LEN: usize = 12;
pub const SALT_LEN: usize = 16;
/// OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet): about half a second
/// on a phone, once per sign-in or unlock.
const PBKDF2_ROUNDS: u32 = 600_000;

/// A key wrapped under another, as stored: the IV it was wrapped with, and the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wrapped {
    pub iv: Vec<u8>,
    pub key: Vec<u8>,
}

fn failed(what: &str, e: JsValue) -> StoreError {
    let why = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_default();
    StoreError(format!("{what} failed {why}").trim_end().to_owned())
}

fn crypto() -> Result<web_sys::Crypto, StoreError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| StoreError("this browser has no WebCrypto".into()))
}

fn subtle() -> Result<SubtleCrypto, StoreError> {
    Ok(crypto()?.subtle())
}

/// `n` bytes from the browser's cryptographic random source.
pub fn random(n: usize) -> Result<Vec<u8>, StoreError> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| failed("randomness", e))?;
    Ok(bytes)
}

async fn run(what: &str, promise: Result<Promise, JsValue>) -> Result<JsValue, StoreError> {
    let promise = promise.map_err(|e| failed(what, e))?;
    JsFuture::from(promise).await.map_err(|e| failed(what, e))
}

fn usages(list: &[&str]) -> JsValue {
    list.iter()
        .map(|u| JsValue::from_str(u))
        .collect::<Array>()
        .into()
}

fn aes_256() -> Object {
    AesKeyGenParams::new(AES, 256).into()
}

fn bytes(value: &[u8]) -> Object {
    Uint8Array::from(value).into()
}

fn gcm(iv: &[u8]) -> Object {
    AesGcmParams::new(AES, &bytes(iv)).into()
}

/// A new data key. Extractable only so that it can be wrapped; the one used is unwrapped again
/// without that (`unwrap(.., false)`).
pub async fn new_data_key() -> Result<CryptoKey, StoreError> {
    let key = run(
        "making a key",
        subtle()?.generate_key_with_object(&aes_256(), true, &usages(&["encrypt", "decrypt"])),
    )
    .await?;
    Ok(key.unchecked_into())
}

/// The key that wraps the data key under `password` and `salt`.
pub async fn password_key(password: &str, salt: &[u8]) -> Result<CryptoKey, StoreError> {
    let subtle = subtle()?;
    let base = run(
        "reading the password",
        subtle.import_key_with_object(
            "raw",
            &bytes(password.as_bytes()),
            &JsValue::from_str("PBKDF2").unchecked_into::<Object>(),
            false,
            &usages(&["deriveKey"]),
        ),
    )
    .await?;
    let params = Pbkdf2Params::new(
        "PBKDF2",
        &JsValue::from_str("SHA-256"),
        PBKDF2_ROUNDS,
        &bytes(salt),
    );
    let key = run(
        "deriving a key from the password",
        subtle.derive_key_with_object_and_object(
            &params,
            base.unchecked_ref(),
            &aes_256(),
            false,
            &usages(&["wrapKey", "unwrapKey"]),
        ),
    )
    .await?;
    Ok(key.unchecked_into())
}

/// The key that wraps the data key under the session's secret (64 hex digits).
pub async fn secret_key(hex: &str) -> Result<CryptoKey, StoreError> {
    let raw: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    if raw.len() != 32 {
        return Err(StoreError("the session's key is not 32 bytes".into()));
    }
    let key = run(
        "reading the session's key",
        subtle()?.import_key_with_object(
            "raw",
            &bytes(&raw),
            &JsValue::from_str(AES).unchecked_into::<Object>(),
            false,
            &usages(&["wrapKey", "unwrapKey"]),
        ),
    )
    .await?;
    Ok(key.unchecked_into())
}

pub async fn wrap(key: &CryptoKey, with: &CryptoKey) -> Result<Wrapped, StoreError> {
    let iv = random(IV_LEN)?;
    let wrapped = run(
        "wrapping a key",
        subtle()?.wrap_key_with_object("raw", key, with, &gcm(&iv)),
    )
    .await?;
    Ok(Wrapped {
        iv,
        key: Uint8Array::new(&wrapped).to_vec(),
    })
}

/// The data key inside `wrapped`; an error when `with` is not the key it was wrapped under (a
/// wrong password, an ended session).
pub async fn unwrap(wrapped: &Wrapped, with: &CryptoKey, extractable: bool) -> Result<CryptoKey, StoreError> {
    let key = run(
        "opening a key",
        subtle()?.unwrap_key_with_buffer_source_and_object_and_object(
            "raw",
            &bytes(&wrapped.key),
            with,
            &gcm(&wrapped.iv),
            &JsValue::from_str(AES).unchecked_into::<Object>(),
            extractable,
            &usages(&["encrypt", "decrypt"]),
        ),
    )
    .await?;
    Ok(key.unchecked_into())
}

/// Each of `texts` encrypted under `key` (each with a fresh IV before its ciphertext and GCM's
/// tag), all at once.
pub async fn seal_all(key: &CryptoKey, texts: &[&str]) -> Result<Vec<JsValue>, StoreError> {
    let subtle = subtle()?;
    let mut ivs = Vec::with_capacity(texts.len());
    let pending = Array::new();
    for text in texts {
        let iv = random(IV_LEN)?;
        let promise = subtle
            .encrypt_with_object_and_buffer_source(&gcm(&iv), key, &bytes(text.as_bytes()))
            .map_err(|e| failed("encrypting", e))?;
        pending.push(&promise);
        ivs.push(iv);
    }
    let sealed = run("encrypting", Ok(Promise::all(&pending))).await?;
    Ok(Array::from(&sealed)
        .iter()
        .zip(ivs)
        .map(|(body, iv)| {
            let body = Uint8Array::new(&body);
            let out = Uint8Array::new_with_length(IV_LEN as u32 + body.length());
            out.set(&Uint8Array::from(iv.as_slice()), 0);
            out.set(&body, IV_LEN as u32);
            out.into()
        })
        .collect())
}

/// What `seal_all` sealed, all at once, and whether any value was still plain text (written
/// before the copy was encrypted: it is read as it is, and should be written again sealed). An
/// error when a value was changed or sealed under another key.
pub async fn open_all(key: &CryptoKey, values: &[JsValue]) -> Result<(Vec<String>, bool), StoreError> {
    let subtle = subtle()?;
    let pending = Array::new();
    let mut plain = false;
    for value in values {
        if value.is_string() {
            plain = true;
            pending.push(&Promise::resolve(value));
            continue;
        }
        let all = value
            .dyn_ref::<Uint8Array>()
            .filter(|a| a.length() >= IV_LEN as u32)
            .ok_or_else(|| StoreError("a stored value is neither text nor sealed".into()))?;
        let iv = all.subarray(0, IV_LEN as u32).to_vec();
        let body: Object = all.subarray(IV_LEN as u32, all.length()).into();
        let promise = subtle
            .decrypt_with_object_and_buffer_source(&gcm(&iv), key, &body)
            .map_err(|e| failed("decrypting", e))?;
        pending.push(&promise);
    }
    let opened = run("decrypting", Ok(Promise::all(&pending))).await?;
    let texts = Array::from(&opened)
        .iter()
        .map(|v| match v.as_string() {
            Some(text) => Ok(text),
            None => String::from_utf8(Uint8Array::new(&v).to_vec())
                .map_err(|_| StoreError("a stored value is not text".into())),
        })
        .collect::<Result<_, _>>()?;
    Ok((texts, plain))
}
