//! The one list of synced record kinds. Registering a kind is here and only here: its wire
//! name in `EntityKind`, its variant in `Typed`, and an arm in each of `for_kind` and
//! `Typed::visit`. Everything else reaches a kind through these, with its `RecordKind` rules.

use serde::{Deserialize, Serialize};

use super::RecordKind;
use crate::api::assessments::SelfAssessment;
use crate::api::case_audits::CaseAudit;
use crate::api::notes::Note;
use crate::api::risk_enablement::RiskEnablement;
use crate::api::shortlists::Shortlist;

/// The kinds of record that sync. Each has its own payload type, validation and access rule
/// (`RecordKind`); the protocol and the engine treat them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A practitioner's private reflective note.
    Note,
    /// A practitioner's self-assessment; its author may share it with their team manager.
    SelfAssessment,
    /// A team manager's audit of one case file; the practitioner whose case it is may read it.
    CaseAudit,
    /// A practitioner's shortlist of services for one person, private to its author.
    Shortlist,
    /// A positive risk-taking record with a person, reviewed by a manager of its author's team.
    RiskEnablement,
}

impl EntityKind {
    pub const ALL: &'static [EntityKind] = &[
        EntityKind::Note,
        EntityKind::SelfAssessment,
        EntityKind::CaseAudit,
        EntityKind::Shortlist,
        EntityKind::RiskEnablement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Note => "note",
            EntityKind::SelfAssessment => "self_assessment",
            EntityKind::CaseAudit => "case_audit",
            EntityKind::Shortlist => "shortlist",
            EntityKind::RiskEnablement => "risk_enablement",
        }
    }
}

impl std::str::FromStr for EntityKind {
    type Err = crate::roles::UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| crate::roles::UnknownValue(s.into()))
    }
}

/// A record's payload, read once into its kind's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Note(Note),
    SelfAssessment(SelfAssessment),
    CaseAudit(CaseAudit),
    Shortlist(Shortlist),
    /// Boxed: a form is many times the size of the other kinds' records.
    RiskEnablement(Box<RiskEnablement>),
}

/// A kind listed here: one `Typed` can hold.
pub trait Registered: RecordKind + Into<Typed> {}

impl<K: RecordKind + Into<Typed>> Registered for K {}

/// Something done with a kind's type, whichever kind it is.
pub trait ForKind {
    type Out;
    fn run<K: Registered>(self) -> Self::Out;
}

/// Runs `job` with the type of kind `entity`.
pub fn for_kind<J: ForKind>(entity: EntityKind, job: J) -> J::Out {
    match entity {
        EntityKind::Note => job.run::<Note>(),
        EntityKind::SelfAssessment => job.run::<SelfAssessment>(),
        EntityKind::CaseAudit => job.run::<CaseAudit>(),
        EntityKind::Shortlist => job.run::<Shortlist>(),
        EntityKind::RiskEnablement => job.run::<RiskEnablement>(),
    }
}

/// Something done with one record, whichever kind it is.
pub trait ForRecord {
    type Out;
    fn run<K: Registered>(self, record: &K) -> Self::Out;
}

impl Typed {
    /// Runs `job` with the record as its kind's type.
    pub fn visit<J: ForRecord>(&self, job: J) -> J::Out {
        match self {
            Typed::Note(k) => job.run(k),
            Typed::SelfAssessment(k) => job.run(k),
            Typed::CaseAudit(k) => job.run(k),
            Typed::Shortlist(k) => job.run(k),
            Typed::RiskEnablement(k) => job.run(k.as_ref()),
        }
    }
}

impl From<Note> for Typed {
    fn from(k: Note) -> Typed {
        Typed::Note(k)
    }
}

impl From<SelfAssessment> for Typed {
    fn from(k: SelfAssessment) -> Typed {
        Typed::SelfAssessment(k)
    }
}

impl From<CaseAudit> for Typed {
    fn from(k: CaseAudit) -> Typed {
        Typed::CaseAudit(k)
    }
}

impl From<Shortlist> for Typed {
    fn from(k: Shortlist) -> Typed {
        Typed::Shortlist(k)
    }
}

impl From<RiskEnablement> for Typed {
    fn from(k: RiskEnablement) -> Typed {
        Typed::RiskEnablement(Box::new(k))
    }
}
