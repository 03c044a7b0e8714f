//! The rules for synced records that need the database: who may keep each kind, whether it fits
//! its template, who else may read it, and the snapshot taken when a self-assessment is
//! submitted. `apply_batch` runs `check` once `decide` agrees to a write and `apply` after the
//! record is written, in the same transaction, so a refusal stores nothing.

use chrono::Utc;
use shared::api::assessments::SelfAssessment;
use shared::api::case_audits::CaseAudit;
use shared::api::templates::{TemplateContent, TemplateKind};
use shared::records::{Actor, Checked, Typed};
use shared::sync::protocol::RecordState;
use shared::{FieldErrors, RecordId, Role, TemplateId, UserId};
use uuid::Uuid;

use shared::results::period::{Granularity, Period};
use shared::results::timing;

use super::sync::SyncTx;
use super::{Received, StoreResult, json_error};

/// A user as the rules need them: roles, and where they work now.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct Author {
    pub active: bool,
    pub team_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub service_area: Option<String>,
    pub pcf_level: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct TemplateFacts {
    pub key: String,
    pub version: i32,
    pub status: String,
    pub content: String,
}

/// What a submitted self-assessment adds to the aggregation tables.
#[derive(Debug)]
pub(super) struct Submission {
    pub record_id: RecordId,
    pub author_id: UserId,
    pub template_key: String,
    pub template_version: i32,
    /// When the device says it was submitted (perhaps offline), never after `received_at`.
    pub submitted_at: chrono::DateTime<Utc>,
    pub received_at: chrono::DateTime<Utc>,
    /// The moment it counts at in results, decided by the server (`timing::counted_at`).
    pub counted_at: chrono::DateTime<Utc>,
    pub author: Author,
    /// (domain key, statement key, 1–5 or none for "not applicable").
    pub ratings: Vec<(String, String, Option<i16>)>,
    /// (domain key, kind of help).
    pub help: Vec<(String, &'static str)>,
}

/// What to write beside the record.
#[derive(Debug, Default)]
pub(super) struct Effects {
    /// The record's readers besides its owner, replacing the previous set; `None` leaves it.
    readers: Option<Vec<UserId>>,
    submission: Option<Submission>,
}

type Verdict = Result<Effects, FieldErrors>;

fn refuse<T>(field: &str, message: &str) -> Result<T, FieldErrors> {
    Err(FieldErrors::from([(field.to_owned(), vec![message.to_owned()])]))
}

pub(super) async fn check(
    tx: &mut impl SyncTx,
    actor: &Actor,
    received: &Received,
    checked: &Checked,
    next: &RecordState,
) -> StoreResult<Result<Effects, FieldErrors>> {
    // Deletions were checked by the kind's rules (nothing submitted is deleted); readers keep
    // their row and pull the record as deleted.
    let Some(after) = &checked.after else {
        return Ok(Ok(Effects::default()));
    };
    match (after, &checked.before) {
        (Typed::Note(_), _) => Ok(Ok(Effects::default())),
        (Typed::SelfAssessment(assessment), before) => {
            let before = match before {
                Some(Typed::SelfAssessment(before)) => Some(before),
                _ => None,
            };
            self_assessment(tx, actor.id, received, before, assessment, next).await
        }
        (Typed::CaseAudit(audit), before) => case_audit(tx, actor.id, before.is_none(), audit).await,
    }
}

pub(super) async fn apply(tx: &mut impl SyncTx, record: RecordId, effects: Effects) -> StoreResult<()> {
    if let Some(readers) = effects.readers {
        tx.set_readers(record, &readers).await?;
    }
    if let Some(submission) = effects.submission {
        tx.record_submission(&submission).await?;
    }
    Ok(())
}

/// The template a record says it answers, if it is of the right kind and version and may be
/// used: a new record needs the published version; one already begun may finish on a version
/// retired since.
async fn template_for(
    tx: &mut impl SyncTx,
    id: TemplateId,
    version: i32,
    kind: TemplateKind,
    new: bool,
) -> StoreResult<Result<(String, TemplateContent), FieldErrors>> {
    let Some(found) = tx.template(id).await? else {
        return Ok(refuse("template_id", "This questionnaire does not exist"));
    };
    let content: TemplateContent = serde_json::from_str(&found.content).map_err(json_error)?;
    if content.kind != kind || found.version != version {
        return Ok(refuse(
            "template_id",
            "This questionnaire is of another kind or version",
        ));
    }
    let usable = match found.status.as_str() {
        "published" => true,
        "retired" => !new,
        _ => false,
    };
    if !usable {
        return Ok(refuse(
            "template_id",
            "This questionnaire is no longer in use: start again from the current one",
        ));
    }
    Ok(Ok((found.key, content)))
}

async fn self_assessment(
    tx: &mut impl SyncTx,
    user: UserId,
    received: &Received,
    before: Option<&SelfAssessment>,
    assessment: &SelfAssessment,
    next: &RecordState,
) -> StoreResult<Verdict> {
    let (key, template) = match template_for(
        tx,
        assessment.template_id,
        assessment.template_version,
        TemplateKind::SelfAssessment,
        before.is_none(),
    )
    .await?
    {
        Ok(found) => found,
        Err(fields) => return Ok(Err(fields)),
    };
    if let Err(fields) = assessment.check_against(&template) {
        return Ok(Err(fields));
    }
    let Some(author) = tx.author(user).await? else {
        return Ok(refuse("entity", "Your account was not found"));
    };
    if assessment.shared_with_manager && author.team_id.is_none() {
        return Ok(refuse(
            "shared_with_manager",
            "You are not in a team, so there is no team manager to share with",
        ));
    }
    let readers = assessment_readers(tx, user, author.team_id, assessment.shared_with_manager).await?;
    let newly_submitted = assessment.is_submitted() && !before.is_some_and(|b| b.is_submitted());
    let now = received.at;
    // The device's clock may run fast; a submission cannot come from the future.
    let on_device = assessment.submitted_at.map(|at| at.min(now));
    let quarter = on_device.map(|at| Period::containing(at, Granularity::Quarter));
    let quarter_released = match quarter {
        Some(quarter) if newly_submitted => tx.is_released(quarter).await?,
        _ => false,
    };
    let counted_at = timing::counted_at(on_device, now, received.grace, |p| {
        quarter_released && Some(p) == quarter
    });
    let submission = newly_submitted.then(|| Submission {
        record_id: next.record_id,
        author_id: user,
        template_key: key,
        template_version: assessment.template_version,
        submitted_at: on_device.unwrap_or(now),
        received_at: now,
        counted_at,
        author,
        ratings: template
            .statements()
            .filter_map(|(d, s)| {
                let rating = assessment.ratings.get(&s.key)?;
                Some((d.key.clone(), s.key.clone(), rating.score().map(i16::from)))
            })
            .collect(),
        help: assessment
            .domains
            .iter()
            .flat_map(|(domain, notes)| notes.help.iter().map(move |h| (domain.clone(), h.as_str())))
            .collect(),
    });
    Ok(Ok(Effects {
        readers: Some(readers),
        submission,
    }))
}

/// Who reads a self-assessment besides its author: the active team managers of the author's
/// team now, while the author shares it.
async fn assessment_readers(
    tx: &mut impl SyncTx,
    author: UserId,
    team: Option<Uuid>,
    shared: bool,
) -> StoreResult<Vec<UserId>> {
    Ok(match (shared, team) {
        (true, Some(team)) => tx
            .team_managers(team)
            .await?
            .into_iter()
            .filter(|m| *m != author)
            .collect(),
        _ => Vec::new(),
    })
}

/// Only what deciding the readers needs from an assessment, so an older payload still reads.
#[derive(serde::Deserialize)]
struct Sharing {
    #[serde(default)]
    shared_with_manager: bool,
}

/// After `person` joined, left or moved team, or gained or lost the team manager role: every
/// self-assessment that may be affected (theirs, and those of both teams' members) gets the
/// readers the rule gives now. One whose readers change gets a new change number but not a new
/// version, so its author's device has nothing to merge, a manager who arrived pulls it, and one
/// who left pulls it as deleted (and can no longer fetch it by id).
pub(super) async fn refresh_readers(
    tx: &mut impl SyncTx,
    teams: [Option<Uuid>; 2],
    person: UserId,
) -> StoreResult<()> {
    let mut teams_of = std::collections::HashMap::new();
    for record in tx.assessments_of(teams, person).await? {
        let shared =
            serde_json::from_value::<Sharing>(record.payload.clone()).is_ok_and(|s| s.shared_with_manager);
        let team = match teams_of.get(&record.owner_id) {
            Some(team) => *team,
            None => {
                let team = tx.author(record.owner_id).await?.and_then(|a| a.team_id);
                teams_of.insert(record.owner_id, team);
                team
            }
        };
        let mut wanted = assessment_readers(tx, record.owner_id, team, shared).await?;
        let mut current = tx.active_readers(record.record_id).await?;
        wanted.sort();
        current.sort();
        if wanted != current {
            tx.set_readers(record.record_id, &wanted).await?;
            let seq = tx.next_seq().await?;
            tx.touch(record.record_id, seq).await?;
        }
    }
    Ok(())
}

async fn case_audit(
    tx: &mut impl SyncTx,
    user: UserId,
    new: bool,
    audit: &CaseAudit,
) -> StoreResult<Verdict> {
    let template = match template_for(
        tx,
        audit.template_id,
        audit.template_version,
        TemplateKind::CaseFileAudit,
        new,
    )
    .await?
    {
        Ok((_, content)) => content,
        Err(fields) => return Ok(Err(fields)),
    };
    if let Err(fields) = audit.check_against(&template) {
        return Ok(Err(fields));
    }
    let manager_team = tx.author(user).await?.and_then(|a| a.team_id);
    let practitioner = tx.author(audit.practitioner_id).await?;
    let in_team = practitioner.is_some_and(|p| p.active && p.team_id.is_some() && p.team_id == manager_team)
        && tx
            .roles(audit.practitioner_id)
            .await?
            .contains(&Role::Practitioner);
    if !in_team || audit.practitioner_id == user {
        return Ok(refuse("practitioner_id", "Choose a practitioner in your team"));
    }
    Ok(Ok(Effects {
        readers: Some(vec![audit.practitioner_id]),
        submission: None,
    }))
}
