//! A year of self-assessments for each demo practitioner, so My assessments, the trend chart and
//! (later) the workforce results have something true-to-life to show. The pattern follows what
//! Bradford's 1,067 audits reported: least confidence in connecting people to community assets and
//! in enabling positive risk, most in legal literacy, with a slow rise over the year.
//!
//! Records go in through the same push path as a device's, so they pass every rule and fill the
//! aggregation tables exactly as real submissions do.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use shared::api::assessments::{AssessmentStatus, DomainReflection, HelpKind, Rating, SelfAssessment};
use shared::api::templates::{Template, TemplateKind, TemplateStatus};
use shared::sync::protocol::{EntityKind, Mutation, Operation, PushRequest};
use shared::{ClientId, RecordId, UserId};

use crate::store::{Received, Store};

/// One submission a quarter: the latest quarter whose results are released and the three before
/// it, so a workforce lead finds a year of released figures (results of the quarter in
/// progress come out after it ends).
const ROUNDS: usize = 4;

/// When `person` submitted in `round` (0 = the earliest, 3 = the latest released quarter): some
/// day in that quarter.
fn submitted_at(person: &str, round: usize, now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    use shared::results::period::Granularity;
    use shared::results::timing::{DEFAULT_GRACE_DAYS, latest_due};
    let grace = Duration::days(i64::from(DEFAULT_GRACE_DAYS));
    let mut quarter = latest_due(Granularity::Quarter, now, grace);
    for _ in round..ROUNDS - 1 {
        quarter = quarter.previous();
    }
    let start = quarter.start() + Duration::hours(9);
    let day = 5 + (noise(&format!("{person}/{round}/day")) * 60.0) as i64;
    start + Duration::days(day)
}

/// The community-assets training the workforce team ran the quarter before lifts that domain in
/// the latest round, so a before/after comparison of released quarters has something real to
/// find.
fn training_effect(domain: &str, round: usize) -> f64 {
    if domain == "community" && round == ROUNDS - 1 {
        0.9
    } else {
        0.0
    }
}

/// The mean confidence each domain starts from.
fn baseline(domain: &str) -> f64 {
    match domain {
        "legal" => 3.9,
        "rights" => 3.6,
        "strengths" => 3.4,
        "diversity" => 3.5,
        "risk" => 2.4,
        "community" => 2.1,
        _ => 3.0,
    }
}

/// A small deterministic hash, so the same demo loads the same answers everywhere.
fn noise(seed: &str) -> f64 {
    let h = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h % 1000) as f64 / 1000.0
}

/// Where each person sits: some are surer of themselves than others, across every domain.
fn person_offset(person: &str) -> f64 {
    (noise(&format!("{person}/offset")) - 0.5) * 1.6
}

/// The help people ask for in a domain, most asked first: shadowing and peer support for
/// community assets, supervision and training for risk (as the audits' comments ran).
fn help_leaning(domain: &str) -> [HelpKind; 5] {
    use HelpKind::*;
    match domain {
        "community" => [Shadowing, PeerSupport, Reading, Training, Supervision],
        "risk" => [Supervision, Training, PeerSupport, Shadowing, Reading],
        _ => [Training, Reading, Supervision, PeerSupport, Shadowing],
    }
}

/// One or two kinds of help, drawn with the domain's leaning.
fn help_for(person: &str, round: usize, domain: &str) -> BTreeSet<HelpKind> {
    let leaning = help_leaning(domain);
    let pick = |n: f64| match n {
        n if n < 0.45 => leaning[0],
        n if n < 0.75 => leaning[1],
        n if n < 0.88 => leaning[2],
        n if n < 0.96 => leaning[3],
        _ => leaning[4],
    };
    let seed = format!("{person}/{round}/{domain}/help");
    let mut help = BTreeSet::from([pick(noise(&seed))]);
    if noise(&format!("{seed}/second")) < 0.5 {
        help.insert(pick(noise(&format!("{seed}/which"))));
    }
    help
}

/// One practitioner's assessment in round `round`.
pub fn assessment(
    template: &Template,
    person: &str,
    round: usize,
    now: chrono::DateTime<Utc>,
) -> SelfAssessment {
    let submitted = submitted_at(person, round, now);
    let mut a = SelfAssessment::new(
        template.summary.id,
        template.summary.version,
        submitted - Duration::days(2),
    );
    a.status = AssessmentStatus::Submitted;
    a.submitted_at = Some(submitted);
    let mut totals: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
    for (domain, statement) in template.content.statements() {
        let seed = format!("{person}/{round}/{}", statement.key);
        let rating = if noise(&format!("{seed}/na")) < 0.04 {
            Rating::NotApplicable
        } else {
            let score = baseline(&domain.key)
                + person_offset(person)
                + 0.15 * round as f64
                + training_effect(&domain.key, round)
                + (noise(&seed) - 0.5) * 2.5;
            let score = score.round().clamp(1.0, 5.0);
            let total = totals.entry(&domain.key).or_default();
            *total = (total.0 + score, total.1 + 1);
            Rating::from_score(score as u8).unwrap_or(Rating::Three)
        };
        a.ratings.insert(statement.key.clone(), rating);
    }
    // Help is asked for where the person feels least sure, as the questionnaire invites.
    for (domain, (sum, n)) in totals {
        if n == 0 || sum / f64::from(n) >= 3.5 {
            continue;
        }
        let reflection = match domain {
            "community" => {
                "I tend to refer to the same few services. I don't know what is running locally now."
            }
            "risk" => "I worry about being blamed if a risk I supported goes wrong.",
            _ => "",
        };
        a.domains.insert(
            domain.to_owned(),
            DomainReflection {
                reflection: reflection.into(),
                help: help_for(person, round, domain),
                help_other: String::new(),
            },
        );
    }
    a
}

/// Adds the history for each practitioner in `people` that has no records yet. Returns how many
/// assessments were added.
pub async fn load(store: &dyn Store, people: &[(UserId, &str)]) -> anyhow::Result<usize> {
    let Some(summary) = store
        .templates()
        .list_templates()
        .await?
        .into_iter()
        .find(|t| t.kind == TemplateKind::SelfAssessment && t.status == TemplateStatus::Published)
    else {
        return Ok(0);
    };
    let template = store
        .templates()
        .get_template(summary.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the published template vanished"))?;
    let now = Utc::now();
    // History goes in as if received when it was submitted, so it must not reach a quarter whose
    // results are released already: released figures never change. (A database that has
    // released results is not a demo's to fill.)
    for round in 0..ROUNDS {
        let quarter = shared::results::period::Period::containing(
            submitted_at("any", round, now),
            shared::results::period::Granularity::Quarter,
        );
        if store.results().release(quarter).await?.is_some() {
            tracing::warn!(%quarter, "results already released: the demo history is not added");
            return Ok(0);
        }
    }
    let mut added = 0;
    for (user, email) in people {
        if !store.sync().pull(*user, 0, 1).await?.changes.is_empty() {
            continue;
        }
        let client = ClientId::new();
        for round in 0..ROUNDS {
            let assessment = assessment(&template, email, round, now);
            let submitted = assessment.submitted_at.unwrap_or(now);
            let mutation = Mutation {
                mutation_id: round as u64 + 1,
                entity: EntityKind::SelfAssessment,
                record_id: RecordId::new(),
                base_version: None,
                operation: Operation::Put,
                payload: serde_json::to_value(assessment)?,
            };
            // Received when it was submitted, as if the history had happened.
            let received = Received {
                at: submitted + Duration::hours(2),
                grace: Duration::days(i64::from(shared::results::timing::DEFAULT_GRACE_DAYS)),
                matrix: Default::default(),
            };
            let request = PushRequest {
                client_id: client,
                mutations: vec![mutation],
            };
            let response = store.sync().push_received(*user, &request, &received).await?;
            for result in &response.results {
                anyhow::ensure!(
                    matches!(result.outcome, shared::sync::protocol::Outcome::Applied { .. }),
                    "demo assessment for {email} refused: {:?}",
                    result.outcome
                );
                added += 1;
            }
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::templates::defaults;

    fn template() -> Template {
        serde_json::from_value(serde_json::json!({
            "id": shared::TemplateId::new(), "key": "practice-model", "version": 1, "kind": "self_assessment",
            "status": "published", "title": "t", "created_at": "2026-01-01T00:00:00Z", "published_at": null,
            "content": defaults::all().remove(0),
        }))
        .unwrap()
    }

    #[test]
    fn the_history_shows_low_community_and_risk_high_legal_and_the_training_effect() {
        let template = template();
        let now = Utc::now();
        let mean = |key: &str, round: usize| {
            let domain = template.content.domains.iter().find(|d| d.key == key).unwrap();
            let people = ["a", "b", "c", "d", "e", "f"];
            people
                .iter()
                .filter_map(|p| assessment(&template, p, round, now).domain_mean(domain))
                .sum::<f64>()
                / people.len() as f64
        };
        for round in 0..ROUNDS {
            // Community assets lag legal literacy well behind until last quarter's training.
            let gap = if round == ROUNDS - 1 { 0.2 } else { 1.0 };
            assert!(mean("community", round) < mean("legal", round) - gap);
            assert!(mean("risk", round) < mean("legal", round) - 0.8);
            let a = assessment(&template, "a", round, now);
            assert!(a.check_against(&template.content).is_ok());
            assert!(shared::validate::Validate::validate(&a).is_ok());
        }
        assert!(
            mean("risk", 3) > mean("risk", 0),
            "confidence rises over the year"
        );
        assert!(
            mean("community", 3) > mean("community", 2) + 0.5,
            "the community-assets training shows in the latest round"
        );
    }

    #[test]
    fn help_is_asked_where_people_feel_least_sure_and_varies_between_them() {
        let template = template();
        let now = Utc::now();
        let people: Vec<String> = (0..60).map(|i| format!("person{i}")).collect();
        let mut asked: BTreeMap<(String, HelpKind), usize> = BTreeMap::new();
        for person in &people {
            let a = assessment(&template, person, 0, now);
            for (domain, notes) in &a.domains {
                let d = template
                    .content
                    .domains
                    .iter()
                    .find(|d| &d.key == domain)
                    .unwrap();
                assert!(a.domain_mean(d).unwrap() < 3.5, "help only where unsure");
                assert!((1..=2).contains(&notes.help.len()));
                for help in &notes.help {
                    *asked.entry((domain.clone(), *help)).or_default() += 1;
                }
            }
        }
        let top = |domain: &str| {
            HelpKind::ALL
                .into_iter()
                .max_by_key(|h| asked.get(&(domain.to_owned(), *h)).copied().unwrap_or(0))
                .unwrap()
        };
        assert_eq!(top("community"), HelpKind::Shadowing);
        assert_eq!(top("risk"), HelpKind::Supervision);
        let community_kinds = HelpKind::ALL
            .iter()
            .filter(|h| asked.contains_key(&("community".to_owned(), **h)))
            .count();
        assert!(community_kinds >= 3, "people ask for different things");
        let legal = asked.keys().filter(|(d, _)| d == "legal").count();
        let community: usize = asked
            .iter()
            .filter(|((d, _), _)| d == "community")
            .map(|(_, n)| n)
            .sum();
        assert!(
            community > 30 && legal < community,
            "the weak domains draw most requests"
        );
    }
}
