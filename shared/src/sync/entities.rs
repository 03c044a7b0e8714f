//! Each record kind's payload type and rules, so the server (and the app's forms) check a pushed
//! payload the same way.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::protocol::EntityKind;
use crate::FieldErrors;
use crate::api::notes::Note;
use crate::validate::Validate;

/// Checks that `payload` is a valid record of kind `entity`.
pub fn check_payload(entity: EntityKind, payload: &Value) -> Result<(), FieldErrors> {
    // PostgreSQL cannot store a NUL character in text or jsonb; no person means to type one.
    if has_nul(payload) {
        return Err(FieldErrors::from([(
            "payload".to_owned(),
            vec!["Remove the hidden control character".to_owned()],
        )]));
    }
    match entity {
        EntityKind::Note => check::<Note>(payload),
    }
}

fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

fn check<T: DeserializeOwned + Validate>(payload: &Value) -> Result<(), FieldErrors> {
    let value: T = serde_json::from_value(payload.clone()).map_err(|e| {
        FieldErrors::from([(
            "payload".to_owned(),
            vec![format!("This record is not readable: {e}")],
        )])
    })?;
    value.validate()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payloads_are_checked_by_kind() {
        assert!(check_payload(EntityKind::Note, &json!({"title": "A", "body": "B"})).is_ok());
        assert_eq!(
            check_payload(EntityKind::Note, &json!({"title": " "})).unwrap_err()["title"],
            vec!["Enter a title"]
        );
        assert!(
            check_payload(EntityKind::Note, &json!({"title": "A", "extra": 1}))
                .unwrap_err()
                .contains_key("payload")
        );
        assert!(
            check_payload(EntityKind::Note, &json!([1, 2]))
                .unwrap_err()
                .contains_key("payload")
        );
        assert!(
            check_payload(EntityKind::Note, &json!({"title": "a\u{0}b"}))
                .unwrap_err()
                .contains_key("payload")
        );
    }
}
