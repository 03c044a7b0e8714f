//! The releases a results answer reads: one per period asked for, or none yet. Every figure on
//! a page comes out of one of these.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use shared::results::cube::{Level, LevelKey, Org};
use shared::results::period::Period;
use shared::results::release::Release;
use shared::results::timing;
use shared::results::view::{ReleaseNote, as_of};

use crate::error::Result;
use crate::state::AppState;

/// The releases of some periods (`None` where not released yet).
pub struct Released {
    pub by_period: BTreeMap<Period, Option<Arc<Release>>>,
}

impl Released {
    pub async fn load(state: &AppState, periods: &[Period]) -> Result<Released> {
        let mut by_period = BTreeMap::new();
        for &period in periods {
            by_period.insert(period, state.releases.get(state, period).await?);
        }
        Ok(Released { by_period })
    }

    /// Each period with the release holding it.
    fn released(&self) -> impl Iterator<Item = (Period, &Arc<Release>)> {
        self.by_period
            .iter()
            .filter_map(|(p, r)| r.as_ref().map(|r| (*p, r)))
    }

    /// Every org with a submission in any of the periods.
    pub fn orgs(&self) -> BTreeSet<Org> {
        self.released().flat_map(|(p, r)| r.orgs(p).cloned()).collect()
    }

    pub fn levels(&self) -> BTreeSet<LevelKey> {
        self.released()
            .flat_map(|(p, r)| r.levels(p))
            .filter_map(|l| match l {
                Level::One { level } => Some(*level),
                Level::All => None,
            })
            .collect()
    }

    pub fn notes(&self) -> Vec<ReleaseNote> {
        let mut releases: Vec<&Arc<Release>> = self.released().map(|(_, r)| r).collect();
        releases.dedup_by_key(|r| r.period());
        releases
            .into_iter()
            .map(|r| ReleaseNote {
                period: r.period(),
                released_at: r.released_at(),
                complete_at: r.complete_at(),
                k: r.k(),
            })
            .collect()
    }

    /// The periods not released yet, with when they will be (`grace` after they end).
    pub fn pending(&self, grace: chrono::Duration) -> Vec<(Period, chrono::DateTime<chrono::Utc>)> {
        self.by_period
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| (*p, timing::release_time(*p, grace)))
            .collect()
    }

    /// "Figures as released on …", and when the ones not released yet will be.
    pub fn as_of(&self, grace_days: u32) -> String {
        let grace = chrono::Duration::days(i64::from(grace_days));
        as_of(&self.notes(), &self.pending(grace), grace_days)
    }
}
