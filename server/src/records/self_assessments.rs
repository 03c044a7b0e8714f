//! Self-assessments on the server: the template they answer, who reads them, and what a
//! submission adds to the results (where the author worked then, the period it counts in).

use shared::UserId;
use shared::api::assessments::SelfAssessment;
use shared::api::templates::TemplateKind;
use shared::records::RecordKind;
use shared::results::period::{Granularity, Period};
use shared::results::timing;
use shared::sync::protocol::RecordState;

use super::{Effects, Verdict, readers, refuse, template_for};
use crate::store::sync::{Submission, SyncTx};
use crate::store::{Received, StoreResult};

pub(super) async fn check(
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
    let readers = readers(tx, user, author.team_id, &assessment.audience()).await?;
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
        keep_version: None,
    }))
}
