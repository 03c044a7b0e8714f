//! Case-file audits on the server: the template they grade against, and that the practitioner
//! whose case it is works in the auditing manager's team.

use shared::api::case_audits::CaseAudit;
use shared::api::templates::TemplateKind;
use shared::records::RecordKind;
use shared::{Role, UserId};

use super::{Effects, Verdict, readers, refuse, template_for};
use crate::store::StoreResult;
use crate::store::sync::SyncTx;

pub(super) async fn check(
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
        readers: Some(readers(tx, user, manager_team, &audit.audience()).await?),
        submission: None,
        keep_version: None,
    }))
}
