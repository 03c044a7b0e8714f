use chrono::Utc;
use serde_json::json;

use super::*;
use crate::api::assessments::{AssessmentStatus, Rating, SelfAssessment};
use crate::api::notes::Note;
use crate::ids::{RecordId, TemplateId};
use crate::sync::protocol::EntityKind;

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

/// A kind two roles act on, as risk enablement forms will be: the author drafts and sends it
/// for review; someone else with the team manager role returns it or agrees it, changing only
/// the decision; the author may rework a returned form.
mod review {
    use serde::{Deserialize, Serialize};

    use super::super::lifecycle::{allows, editable};
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    enum Stage {
        Draft,
        SentForReview,
        Returned,
        Agreed,
    }
    use Stage::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Plan {
        stage: Stage,
        wish: String,
        decision: Option<String>,
    }

    impl Validate for Plan {
        fn validate(&self) -> Result<(), FieldErrors> {
            Ok(())
        }
    }

    const DECISION: Fields = Fields::Only(&["stage", "decision"]);

    impl RecordKind for Plan {
        const KIND: EntityKind = EntityKind::Note;
        const NOUN: &'static str = "plan";
        const KEPT_BY: Option<(Role, &'static str)> = None;
        type Stage = Stage;
        const MOVES: &'static [Move<Stage>] = &[
            Move::create(Draft, By::Owner),
            Move::edit(Draft, Draft, By::Owner, Fields::All),
            Move::edit(Draft, SentForReview, By::Owner, Fields::All),
            Move::edit(SentForReview, Returned, By::Other(Role::TeamManager), DECISION),
            Move::edit(SentForReview, Agreed, By::Other(Role::TeamManager), DECISION),
            Move::edit(Returned, Draft, By::Owner, Fields::All),
        ];

        fn stage(&self) -> Stage {
            self.stage
        }

        fn frozen(stage: Stage) -> &'static str {
            match stage {
                SentForReview => "This is with a manager for review",
                _ => "This has been agreed",
            }
        }

        fn audience(&self) -> Audience {
            Audience::TeamManagers
        }

        fn describe(&self) -> (String, String) {
            (self.wish.clone(), String::new())
        }
    }

    fn plan(stage: Stage, wish: &str, decision: Option<&str>) -> Plan {
        Plan {
            stage,
            wish: wish.into(),
            decision: decision.map(Into::into),
        }
    }

    fn refusal(r: Result<(), FieldErrors>) -> (String, String) {
        let errors = r.unwrap_err();
        let (field, messages) = errors.into_iter().next().unwrap();
        (field, messages[0].clone())
    }

    #[test]
    fn a_form_is_agreed_by_someone_other_than_its_author_who_changes_only_the_decision() {
        let author = practitioner();
        let manager = Actor {
            id: UserId::new(),
            roles: vec![Role::TeamManager],
        };
        // A manager who wrote the form is still its author: they cannot agree it themselves.
        let author_manager = Actor {
            id: author.id,
            roles: vec![Role::Practitioner, Role::TeamManager],
        };
        let owner = author.id;
        let draft = plan(Draft, "go swimming", None);
        let sent = plan(SentForReview, "go swimming", None);
        let agreed = plan(Agreed, "go swimming", Some("agreed with a buddy"));
        let update = |before, after| Change::Update { before, after };

        assert!(allows(&author, owner, Change::Create(&draft)).is_ok());
        assert!(allows(&author, owner, update(&draft, &sent)).is_ok());
        assert!(allows(&manager, owner, update(&sent, &agreed)).is_ok());
        let returned = plan(Returned, "go swimming", Some("who goes?"));
        assert!(allows(&manager, owner, update(&sent, &returned)).is_ok());

        assert_eq!(
            refusal(allows(&author_manager, owner, update(&sent, &agreed))),
            ("status".into(), "This is with a manager for review".into())
        );
        // The reviewer changes the decision, never the person's words.
        let reworded = plan(Agreed, "stay in", Some("ok"));
        assert_eq!(
            refusal(allows(&manager, owner, update(&sent, &reworded))).0,
            "status"
        );
        // Nobody moves a form another way than the table says, or touches a draft not theirs.
        assert_eq!(
            refusal(allows(&manager, owner, update(&draft, &sent))),
            ("record_id".into(), "You cannot change this record".into())
        );
        assert_eq!(
            refusal(allows(&author, owner, Change::Create(&agreed))).1,
            "A new record cannot start at this stage"
        );
        assert_eq!(
            refusal(allows(&author, owner, update(&agreed, &draft))),
            ("status".into(), "This has been agreed".into())
        );
        assert_eq!(refusal(allows(&author, owner, Change::Delete(&sent))).0, "status");

        assert!(editable(&author, owner, &draft));
        assert!(!editable(&author, owner, &sent));
        assert!(!editable(&manager, owner, &sent));
        // A returned form is the author's to rework.
        assert!(editable(&author, owner, &returned));
        assert!(allows(&author, owner, update(&returned, &draft)).is_ok());
    }
}
