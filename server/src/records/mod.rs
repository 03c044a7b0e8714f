//! The server's rules for synced records, one file per kind: whether a record fits its
//! template, who reads it (its kind's audience, resolved against teams and roles now), and what
//! a submission adds to the results. The store runs `check` inside a push's transaction once the
//! kind's own rules (`shared::records`) agree, and `apply` after writing the record, so a refusal
//! stores nothing; when team or role membership changes, `refresh_readers` recomputes readers in
//! the same transaction.

mod case_audits;
pub mod risk_enablement;
mod self_assessments;

use std::collections::HashMap;

use shared::api::templates::{TemplateContent, TemplateKind};
use shared::records::{Actor, Audience, Checked, Typed};
use shared::sync::protocol::RecordState;
use shared::{FieldErrors, TemplateId, UserId};
use uuid::Uuid;

use crate::store::sync::{Submission, SyncTx};
use crate::store::{Received, StoreResult, json_error};

/// What to write beside the record.
#[derive(Debug, Default)]
pub struct Effects {
    /// The record's readers besides its owner, replacing the previous set; `None` leaves it.
    readers: Option<Vec<UserId>>,
    submission: Option<Submission>,
    /// Keep the record as written, for good, as having moved to this stage.
    keep_version: Option<&'static str>,
}

/// What to write, or why not.
pub type Verdict = Result<Effects, FieldErrors>;

fn refuse<T>(field: &str, message: &str) -> Result<T, FieldErrors> {
    Err(FieldErrors::from([(field.to_owned(), vec![message.to_owned()])]))
}

/// The server's rules for a change its kind allows (`checked`), about to be written as `next`.
pub async fn check(
    tx: &mut impl SyncTx,
    actor: &Actor,
    received: &Received,
    checked: &Checked,
    next: &RecordState,
) -> StoreResult<Verdict> {
    // A kind's lifecycle may let someone other than the owner move a record (a manager agreeing
    // a form); only someone who reads it may.
    if next.owner_id != actor.id && !tx.active_readers(next.record_id).await?.contains(&actor.id) {
        return Ok(refuse("record_id", "You cannot change this record"));
    }
    // Deletions were checked by the kind's rules (nothing submitted is deleted); readers keep
    // their row and pull the record as deleted.
    let Some(after) = &checked.after else {
        return Ok(Ok(Effects::default()));
    };
    match (after, &checked.before) {
        // Notes and shortlists need nothing of the database: they are their author's alone.
        (Typed::Note(_) | Typed::Shortlist(_), _) => Ok(Ok(Effects::default())),
        (Typed::SelfAssessment(assessment), before) => {
            let before = match before {
                Some(Typed::SelfAssessment(before)) => Some(before),
                _ => None,
            };
            self_assessments::check(tx, actor.id, received, before, assessment, next).await
        }
        (Typed::CaseAudit(audit), before) => case_audits::check(tx, actor.id, before.is_none(), audit).await,
        (Typed::RiskEnablement(form), before) => {
            let before = match before {
                Some(Typed::RiskEnablement(before)) => Some(before.as_ref()),
                _ => None,
            };
            risk_enablement::check(tx, actor, received, before, form, next).await
        }
    }
}

/// Writes what `check` said beside the record `state`, written by `by`.
pub async fn apply(
    tx: &mut impl SyncTx,
    state: &RecordState,
    by: UserId,
    effects: Effects,
) -> StoreResult<()> {
    if let Some(readers) = effects.readers {
        tx.set_readers(state.record_id, &readers).await?;
    }
    if let Some(status) = effects.keep_version {
        tx.keep_version(state, status, by).await?;
    }
    if let Some(submission) = effects.submission {
        tx.record_submission(&submission).await?;
    }
    Ok(())
}

/// Who `audience` is now, for a record kept by `owner` (in `owner_team`), besides the owner.
async fn readers(
    tx: &mut impl SyncTx,
    owner: UserId,
    owner_team: Option<Uuid>,
    audience: &Audience,
) -> StoreResult<Vec<UserId>> {
    let mut readers = match audience {
        Audience::Owner => Vec::new(),
        Audience::Readers(people) => people.clone(),
        Audience::TeamManagers => match owner_team {
            Some(team) => tx.team_managers(team).await?,
            None => Vec::new(),
        },
        Audience::TeamManagersAnd(people) => {
            let mut readers = people.clone();
            if let Some(team) = owner_team {
                readers.extend(tx.team_managers(team).await?);
            }
            readers
        }
        Audience::Role(role) => tx.users_with_role(*role).await?,
    };
    readers.retain(|r| *r != owner);
    readers.sort();
    readers.dedup();
    Ok(readers)
}

/// After `person` joined, left or moved team, or gained or lost a role: every record that may
/// be affected, of every kind (theirs, and those kept by both teams' members), whose audience
/// rests on teams or roles gets the readers that audience gives now. One whose readers change gets a new change number but not a new
/// version, so its owner's device has nothing to merge, a reader who arrived pulls it, and one
/// who left pulls it as deleted (and can no longer fetch it by id).
pub async fn refresh_readers(
    tx: &mut impl SyncTx,
    teams: [Option<Uuid>; 2],
    person: UserId,
) -> StoreResult<()> {
    let mut teams_of = HashMap::new();
    for record in tx.records_of(teams, person).await? {
        // A payload no kind reads any more is shown to nobody but its owner.
        let audience = Typed::parse(record.entity, &record.payload).map_or(Audience::Owner, |t| t.audience());
        // Nobody else, or named readers, do not depend on who is in which team or role: what
        // was set when the record was written still holds.
        if !audience.rests_on_teams() {
            continue;
        }
        let team = match teams_of.get(&record.owner_id) {
            Some(team) => *team,
            None => {
                let team = tx.author(record.owner_id).await?.and_then(|a| a.team_id);
                teams_of.insert(record.owner_id, team);
                team
            }
        };
        let wanted = readers(tx, record.owner_id, team, &audience).await?;
        let mut current = tx.active_readers(record.record_id).await?;
        current.sort();
        if wanted != current {
            tx.set_readers(record.record_id, &wanted).await?;
            let seq = tx.next_seq().await?;
            tx.touch(record.record_id, seq).await?;
        }
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
