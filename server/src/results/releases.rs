//! Each release — a quarter's, or a year's — made once, the first time it is asked
//! for after it falls due (or by `keep_releasing` soon after), stored, and read back from then
//! on. Figures never come from anywhere else.
//!
//! A year's release is tied to its quarters' (their lines cross), so those are made first and
//! kept exactly as they are. Several servers may race to make the same release: the database
//! keeps the first, and every server reads that one back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use shared::results::cube::within;
use shared::results::period::{Granularity, Period};
use shared::results::release::Release;
use shared::results::timing;

use crate::error::{AppError, Result};
use crate::state::AppState;

#[derive(Default)]
pub struct Releases {
    /// Releases never change, so whatever has been read is good for ever.
    known: Mutex<HashMap<Period, Arc<Release>>>,
    /// One release is made at a time on this server.
    making: tokio::sync::Mutex<()>,
}

impl Releases {
    /// The release of a quarter or year, made now if it is due and not made yet; `None` before
    /// it is due (and for a month: results do not come by month).
    pub async fn get(&self, state: &AppState, period: Period) -> Result<Option<Arc<Release>>> {
        if period.granularity() == Granularity::Month
            || !timing::is_due(period, Utc::now(), state.settings.results_grace())
        {
            return Ok(None);
        }
        if let Some(release) = self.known(period) {
            return Ok(Some(release));
        }
        let _one_at_a_time = self.making.lock().await;
        // A year's quarters first: the year is tied to them.
        let mut order: Vec<Period> = match period {
            Period::Year(_) => period.children(),
            _ => Vec::new(),
        };
        order.push(period);
        let mut made: Vec<Arc<Release>> = Vec::new();
        for p in order {
            let release = match self.known(p) {
                Some(release) => release,
                None => self.load_or_make(state, p, &made).await?,
            };
            made.push(release);
        }
        Ok(made.pop())
    }

    fn known(&self, period: Period) -> Option<Arc<Release>> {
        self.known.lock().expect("releases").get(&period).cloned()
    }

    async fn load_or_make(
        &self,
        state: &AppState,
        period: Period,
        earlier: &[Arc<Release>],
    ) -> Result<Arc<Release>> {
        let store = state.store.as_ref();
        if store.results().release(period).await?.is_none() {
            let data = vec![store.results().period_data(period).await?];
            let earlier: Vec<Arc<Release>> = earlier
                .iter()
                .filter(|r| within(r.period(), period))
                .cloned()
                .collect();
            let k = state.settings.results_k;
            let complete_at = timing::release_time(period, state.settings.results_grace());
            let started = std::time::Instant::now();
            // Suppression is CPU work: keep it off the async workers.
            let release = tokio::task::spawn_blocking(move || {
                let earlier: Vec<&Release> = earlier.iter().map(Arc::as_ref).collect();
                Release::build(period, &data, &earlier, k, Utc::now(), complete_at)
            })
            .await
            .map_err(|e| AppError::Other(anyhow::anyhow!("making the release of {period}: {e}")))?;
            tracing::info!(%period, k, elapsed_ms = started.elapsed().as_millis() as u64, "results released");
            store
                .results()
                .save_release(period, k, release.released_at(), &release.to_stored())
                .await?;
        }
        let stored = store
            .results()
            .release(period)
            .await?
            .ok_or_else(|| AppError::Other(anyhow::anyhow!("the release of {period} vanished")))?;
        let release =
            Arc::new(Release::from_stored(&stored).map_err(|e| {
                AppError::Other(anyhow::anyhow!("the release of {period} is unreadable: {e}"))
            })?);
        self.known
            .lock()
            .expect("releases")
            .insert(period, release.clone());
        Ok(release)
    }
}

/// Makes each newly due quarter's and year's release soon after it falls due, checking
/// every ten minutes.
pub async fn keep_releasing(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        for granularity in [
            shared::results::period::Granularity::Quarter,
            shared::results::period::Granularity::Year,
        ] {
            let due = timing::latest_due(granularity, Utc::now(), state.settings.results_grace());
            if let Err(e) = state.releases.get(&state, due).await {
                tracing::warn!(period = %due, error = %e, "could not make a results release");
            }
        }
    }
}
