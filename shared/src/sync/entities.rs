//! Each record kind's payload type and rules, so the server (and the app's forms) check a pushed
//! payload the same way.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::protocol::{EntityKind, Mutation, Operation, RecordState};
use crate::FieldErrors;
use crate::api::assessments::SelfAssessment;
use crate::api::case_audits::CaseAudit;
use crate::api::notes::Note;
use crate::validate::Validate;

/// Checks that `payload` is a valid record of kind `entity`.
pub fn check_payload(entity: EntityKind, payload: &Value) -> Result<(), FieldErrors> {
    // PostgreSQL cannot store a NUL character in text or jsonb; no person means to type one.
    if has_nul(payload) {
        return Err(error("payload", "Remove the hidden control character"));
    }
    match entity {
        EntityKind::Note => check::<Note>(payload),
        EntityKind::SelfAssessment => check::<SelfAssessment>(payload),
        EntityKind::CaseAudit => check::<CaseAudit>(payload),
    }
}

/// The rules for one change to a record whose server copy is `current`: the payload must be
/// valid, and a submitted self-assessment or case-file audit stays as it was submitted (an
/// assessment's author may still share it or stop sharing it) and cannot be deleted.
pub fn check_mutation(current: Option<&RecordState>, m: &Mutation) -> Result<(), FieldErrors> {
    if m.operation == Operation::Put {
        check_payload(m.entity, &m.payload)?;
    }
    let Some(current) = current.filter(|c| !c.deleted && c.entity == m.entity) else {
        return Ok(());
    };
    let fixed = match m.entity {
        EntityKind::Note => false,
        EntityKind::SelfAssessment => {
            let before: SelfAssessment = parse(&current.payload)?;
            before.is_submitted()
                && (m.operation == Operation::Delete || !before.same_apart_from_sharing(&parse(&m.payload)?))
        }
        EntityKind::CaseAudit => {
            let before: CaseAudit = parse(&current.payload)?;
            before.is_submitted() && (m.operation == Operation::Delete || before != parse(&m.payload)?)
        }
    };
    if fixed {
        return Err(error(
            "status",
            "This has been submitted and can no longer be changed",
        ));
    }
    Ok(())
}

fn error(field: &str, message: &str) -> FieldErrors {
    FieldErrors::from([(field.to_owned(), vec![message.to_owned()])])
}

fn parse<T: DeserializeOwned>(payload: &Value) -> Result<T, FieldErrors> {
    serde_json::from_value(payload.clone())
        .map_err(|e| error("payload", &format!("This record is not readable: {e}")))
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
    parse::<T>(payload)?.validate()
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

    #[test]
    fn a_submitted_assessment_only_changes_its_sharing_and_is_never_deleted() {
        use crate::api::assessments::{AssessmentStatus, Rating};
        use crate::ids::{RecordId, TemplateId, UserId};
        let mut draft = SelfAssessment::new(TemplateId::new(), 1, chrono::Utc::now());
        draft.ratings.insert("risk.plan".into(), Rating::Two);
        let submitted = SelfAssessment {
            status: AssessmentStatus::Submitted,
            submitted_at: Some(chrono::Utc::now()),
            ..draft.clone()
        };
        let record_id = RecordId::new();
        let stored = |payload: &SelfAssessment| RecordState {
            entity: EntityKind::SelfAssessment,
            record_id,
            version: 1,
            deleted: false,
            payload: serde_json::to_value(payload).unwrap(),
            owner_id: UserId::new(),
        };
        let change = |operation, payload: &SelfAssessment| Mutation {
            mutation_id: 1,
            entity: EntityKind::SelfAssessment,
            record_id,
            base_version: Some(1),
            operation,
            payload: serde_json::to_value(payload).unwrap(),
        };
        // A draft may become submitted, or be deleted.
        assert!(check_mutation(Some(&stored(&draft)), &change(Operation::Put, &submitted)).is_ok());
        assert!(check_mutation(Some(&stored(&draft)), &change(Operation::Delete, &draft)).is_ok());
        // Once submitted: sharing yes, anything else no.
        let shared = SelfAssessment {
            shared_with_manager: true,
            ..submitted.clone()
        };
        assert!(check_mutation(Some(&stored(&submitted)), &change(Operation::Put, &shared)).is_ok());
        let mut edited = submitted.clone();
        edited.ratings.insert("risk.plan".into(), Rating::Five);
        for m in [
            change(Operation::Put, &edited),
            change(Operation::Put, &draft),
            change(Operation::Delete, &submitted),
        ] {
            assert_eq!(
                check_mutation(Some(&stored(&submitted)), &m).unwrap_err()["status"],
                ["This has been submitted and can no longer be changed"]
            );
        }
    }
}
