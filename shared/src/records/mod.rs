//! Every synced record kind as one type: its payload, its validation, its lifecycle (a table of
//! moves between stages, each saying by whom and what it may change: `lifecycle`), who may keep
//! it and who may read it. The server checks a push with these rules, the app's pages describe records with them,
//! and the sync simulation plays them.
//!
//! Adding a kind: a payload type with `impl RecordKind` in its own file here, registered in
//! `kinds.rs`, the only place in `shared` that lists the kinds.

mod case_audits;
mod kinds;
pub mod lifecycle;
mod notes;
mod risk_enablement;
mod self_assessments;
mod shortlists;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::FieldErrors;
use crate::api::assessments::AssessmentStatus;
use crate::ids::UserId;
use crate::roles::Role;
use crate::sync::protocol::{Mutation, Operation, RecordState};
use crate::validate::Validate;
pub use kinds::{EntityKind, ForKind, ForRecord, Registered, Typed, for_kind};
pub use lifecycle::{By, Fields, Move};

/// Who is writing: the signed-in person and their roles now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Who may read a record besides its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Nobody else.
    Owner,
    /// These people, while they are active.
    Readers(Vec<UserId>),
    /// The active team managers of the owner's team, whoever they are at the time.
    TeamManagers,
    /// Both: the managers of the owner's team now, and these people while active.
    TeamManagersAnd(Vec<UserId>),
    /// Everyone with this role.
    Role(Role),
}

impl Audience {
    /// Whether who it is changes when someone joins, leaves or moves team, or gains or loses
    /// a role (named readers are set when the record is written).
    pub fn rests_on_teams(&self) -> bool {
        matches!(
            self,
            Audience::TeamManagers | Audience::TeamManagersAnd(_) | Audience::Role(_)
        )
    }
}

/// One change to a record of kind `K`, with both its ends.
#[derive(Debug)]
pub enum Change<'a, K> {
    Create(&'a K),
    Update { before: &'a K, after: &'a K },
    Delete(&'a K),
}

// By hand: derived, they would ask `K` to be `Copy` too, and only references are copied.
impl<K> Clone for Change<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Change<'_, K> {}

/// A synced record kind.
pub trait RecordKind: Serialize + DeserializeOwned + Validate + Clone + PartialEq + 'static {
    const KIND: EntityKind;
    /// What a person calls one ("case-file audit").
    const NOUN: &'static str;

    /// The role a person needs to keep records of this kind, with the refusal when they lack it
    /// (`None`: anyone signed in).
    const KEPT_BY: Option<(Role, &'static str)>;

    /// Where a record is in its lifecycle (draft, submitted, ...).
    type Stage: Copy + Eq + std::fmt::Debug + 'static;

    /// Every move the lifecycle allows: from which stage to which, by whom, changing what.
    /// Anything else is refused (`lifecycle::allows`).
    const MOVES: &'static [Move<Self::Stage>];

    fn stage(&self) -> Self::Stage;

    /// Why a record at `stage` can no longer be changed, told to its owner.
    fn frozen(_stage: Self::Stage) -> &'static str {
        "This can no longer be changed"
    }

    /// Who may read it besides its owner.
    fn audience(&self) -> Audience;

    /// What a table of moves cannot say, checked once a move is allowed (a comment, once
    /// written, never changes; only a manager writes a decision).
    fn rules(_actor: &Actor, _owner: UserId, _change: Change<'_, Self>) -> Result<(), FieldErrors> {
        Ok(())
    }

    /// A title and a line of detail, for lists such as sync problems.
    fn describe(&self) -> (String, String);
}

/// What a person calls a record of kind `entity`.
pub fn noun(entity: EntityKind) -> &'static str {
    struct Noun;
    impl ForKind for Noun {
        type Out = &'static str;
        fn run<K: Registered>(self) -> &'static str {
            K::NOUN
        }
    }
    for_kind(entity, Noun)
}

impl Typed {
    /// Reads `payload` as a record of kind `entity`.
    pub fn parse(entity: EntityKind, payload: &Value) -> Result<Typed, FieldErrors> {
        struct Parse<'a>(&'a Value);
        impl ForKind for Parse<'_> {
            type Out = Result<Typed, FieldErrors>;
            fn run<K: Registered>(self) -> Self::Out {
                parse::<K>(self.0).map(Into::into)
            }
        }
        for_kind(entity, Parse(payload))
    }

    pub fn audience(&self) -> Audience {
        struct Of;
        impl ForRecord for Of {
            type Out = Audience;
            fn run<K: Registered>(self, record: &K) -> Audience {
                record.audience()
            }
        }
        self.visit(Of)
    }

    pub fn describe(&self) -> (String, String) {
        struct Describe;
        impl ForRecord for Describe {
            type Out = (String, String);
            fn run<K: Registered>(self, record: &K) -> (String, String) {
                record.describe()
            }
        }
        self.visit(Describe)
    }
}

/// A change that passed its kind's rules, both ends read once: the record as the server held
/// it (`None` when new, deleted or of no readable kind) and as put (`None` for a deletion).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub before: Option<Typed>,
    pub after: Option<Typed>,
}

/// The rules for mutation `m` by `actor` against the server's `current` copy: the payload is
/// valid for its kind, the actor may keep the kind, and the kind allows the change.
pub fn check_mutation(
    actor: &Actor,
    current: Option<&RecordState>,
    m: &Mutation,
) -> Result<Checked, FieldErrors> {
    struct CheckIt<'a>(&'a Actor, Option<&'a RecordState>, &'a Mutation);
    impl ForKind for CheckIt<'_> {
        type Out = Result<Checked, FieldErrors>;
        fn run<K: Registered>(self) -> Self::Out {
            let (before, after) = check::<K>(self.0, self.1, self.2)?;
            Ok(Checked {
                before: before.map(Into::into),
                after: after.map(Into::into),
            })
        }
    }
    for_kind(m.entity, CheckIt(actor, current, m))
}

type Ends<K> = (Option<K>, Option<K>);

fn check<K: RecordKind>(
    actor: &Actor,
    current: Option<&RecordState>,
    m: &Mutation,
) -> Result<Ends<K>, FieldErrors> {
    let next = match m.operation {
        Operation::Put => {
            // PostgreSQL cannot store a NUL character in text or jsonb; no person means to type one.
            if has_nul(&m.payload) {
                return Err(error("payload", "Remove the hidden control character"));
            }
            let next: K = parse(&m.payload)?;
            next.validate()?;
            Some(next)
        }
        Operation::Delete => None,
    };
    // A record deleted on the server keeps its owner: nobody else can bring it back.
    let owner = current.map_or(actor.id, |c| c.owner_id);
    let current = current.filter(|c| !c.deleted && c.entity == m.entity);
    if let (Some((role, refusal)), Some(_)) = (K::KEPT_BY, &next)
        && owner == actor.id
        && !actor.has(role)
    {
        return Err(error("entity", refusal));
    }
    let before: Option<K> = current.map(|c| parse(&c.payload)).transpose()?;
    let change = match (&before, &next) {
        (None, Some(after)) => Change::Create(after),
        (Some(before), Some(after)) => Change::Update { before, after },
        (Some(before), None) => Change::Delete(before),
        // Deleting what the server does not hold: `decide` answers it.
        (None, None) => return Ok((None, None)),
    };
    lifecycle::allows(actor, owner, change)?;
    K::rules(actor, owner, change)?;
    Ok((before, next))
}

/// A refusal on one field.
pub fn error(field: &str, message: &str) -> FieldErrors {
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

/// Why something submitted cannot change.
pub(crate) const SUBMITTED: &str = "This has been submitted and can no longer be changed";

/// The owner's draft, edited freely, then submitted; once submitted only `after` may change, and
/// it is never deleted. Offline, a device may create and submit before it first syncs, so a
/// record may arrive already submitted.
pub(crate) const fn draft_then_submitted(after: Fields) -> [Move<AssessmentStatus>; 6] {
    use AssessmentStatus::{Draft, Submitted};
    [
        Move::create(Draft, By::Owner),
        Move::create(Submitted, By::Owner),
        Move::edit(Draft, Draft, By::Owner, Fields::All),
        Move::edit(Draft, Submitted, By::Owner, Fields::All),
        Move::edit(Submitted, Submitted, By::Owner, after),
        Move::delete(Draft, By::Owner),
    ]
}

#[cfg(test)]
mod tests;
