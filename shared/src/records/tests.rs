use chrono::Utc;
use serde_json::json;

use super::*;
use crate::api::assessments::{AssessmentStatus, Rating};
use crate::ids::{RecordId, TemplateId};

fn practitioner() -> Actor {
    Actor {
        id: UserId::new(),
        roles: vec![Role::Practitioner],
    }
}

fn put(entity: EntityKind, record_id: RecordId, payload: Value) -> Mutation {
    Mutation {
        mutation_id: 1,
        entity,
        record_id,
        base_version: Some(1),
        operation: Operation::Put,
        payload,
    }
}

fn stored(entity: EntityKind, record_id: RecordId, owner: UserId, payload: Value) -> RecordState {
    RecordState {
        entity,
        record_id,
        version: 1,
        deleted: false,
        payload,
        owner_id: owner,
    }
}

#[test]
fn payloads_are_read_once_and_checked_by_kind() {
    let me = practitioner();
    let id = RecordId::new();
    let note = |payload| check_mutation(&me, None, &put(EntityKind::Note, id, payload));
    assert_eq!(
        note(json!({"title": "A", "body": "B"})).unwrap().after,
        Some(Typed::Note(Note {
            title: "A".into(),
            body: "B".into()
        }))
    );
    assert_eq!(
        note(json!({"title": " "})).unwrap_err()["title"],
        vec!["Enter a title"]
    );
    for unreadable in [
        json!({"title": "A", "extra": 1}),
        json!([1, 2]),
        json!({"title": "a\u{0}b"}),
    ] {
        assert!(note(unreadable).unwrap_err().contains_key("payload"));
    }
}

#[test]
fn only_the_owner_changes_a_record_even_once_deleted() {
    let (me, them) = (practitioner(), practitioner());
    let id = RecordId::new();
    let mut theirs = stored(EntityKind::Note, id, them.id, json!({"title": "theirs"}));
    let edit = put(EntityKind::Note, id, json!({"title": "mine now"}));
    assert!(
        check_mutation(&me, Some(&theirs), &edit)
            .unwrap_err()
            .contains_key("record_id")
    );
    assert!(check_mutation(&them, Some(&theirs), &edit).is_ok());
    theirs.deleted = true;
    theirs.payload = Value::Null;
    assert!(
        check_mutation(&me, Some(&theirs), &edit)
            .unwrap_err()
            .contains_key("record_id")
    );
}

#[test]
fn a_kind_is_kept_only_by_its_role() {
    let manager = Actor {
        id: UserId::new(),
        roles: vec![Role::TeamManager],
    };
    let draft = SelfAssessment::new(TemplateId::new(), 1, Utc::now());
    let m = put(
        EntityKind::SelfAssessment,
        RecordId::new(),
        serde_json::to_value(&draft).unwrap(),
    );
    assert_eq!(
        check_mutation(&manager, None, &m).unwrap_err()["entity"],
        ["Only practitioners keep self-assessments"]
    );
    assert!(check_mutation(&practitioner(), None, &m).is_ok());
}

#[test]
fn a_submitted_assessment_only_changes_its_sharing_and_is_never_deleted() {
    let me = practitioner();
    let mut draft = SelfAssessment::new(TemplateId::new(), 1, Utc::now());
    draft.ratings.insert("risk.plan".into(), Rating::Two);
    let submitted = SelfAssessment {
        status: AssessmentStatus::Submitted,
        submitted_at: Some(Utc::now()),
        ..draft.clone()
    };
    let record_id = RecordId::new();
    let held = |payload: &SelfAssessment| {
        stored(
            EntityKind::SelfAssessment,
            record_id,
            me.id,
            serde_json::to_value(payload).unwrap(),
        )
    };
    let change = |operation, payload: &SelfAssessment| Mutation {
        operation,
        ..put(
            EntityKind::SelfAssessment,
            record_id,
            serde_json::to_value(payload).unwrap(),
        )
    };
    // A draft may become submitted, or be deleted.
    assert!(check_mutation(&me, Some(&held(&draft)), &change(Operation::Put, &submitted)).is_ok());
    assert!(check_mutation(&me, Some(&held(&draft)), &change(Operation::Delete, &draft)).is_ok());
    // Once submitted: sharing yes, anything else no.
    let shared = SelfAssessment {
        shared_with_manager: true,
        ..submitted.clone()
    };
    assert!(check_mutation(&me, Some(&held(&submitted)), &change(Operation::Put, &shared)).is_ok());
    assert_eq!(Typed::SelfAssessment(shared).audience(), Audience::TeamManagers);
    let mut edited = submitted.clone();
    edited.ratings.insert("risk.plan".into(), Rating::Five);
    for m in [
        change(Operation::Put, &edited),
        change(Operation::Put, &draft),
        change(Operation::Delete, &submitted),
    ] {
        assert_eq!(
            check_mutation(&me, Some(&held(&submitted)), &m).unwrap_err()["status"],
            ["This has been submitted and can no longer be changed"]
        );
    }
}
