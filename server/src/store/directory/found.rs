//! The services a listing or search finds, in order, remembered between its pages and its
//! repeats. A feed reader walking 500 pages of `/services` asks the same listing 500 times; a
//! practitioner's search for "dementia" is everyone's search for it; and finding is most of a
//! page's work: counting 10,000 services, or ranking every match of a search (PostgreSQL ranks
//! 300 matches in about a millisecond, the page of 20 itself takes a tenth of that).
//!
//! What was found is forgotten when this server writes the directory (so a commissioner's own
//! change shows at once) and after `FRESH_FOR` in any case, which bounds how long a change made
//! through another server behind the same balancer can leave a listing behind: the feed already
//! lets any cache keep an answer that long (`Cache-Control: public, max-age=60`).

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;
use uuid::Uuid;

/// The longest a finding is believed.
pub const FRESH_FOR: Duration = Duration::from_secs(60);
/// The most ids remembered at once (16 bytes each: 16 MB); past it, the lot is forgotten (a
/// crude bound, but findings are few: a feed's filters, the app's categories, common words).
const MOST_IDS: usize = 1_000_000;

#[derive(Debug, Default)]
pub struct Found {
    /// Moves on at every write of the directory; a finding made before it is stale.
    generation: AtomicU64,
    known: Mutex<Known>,
}

#[derive(Debug, Default)]
struct Known {
    findings: HashMap<String, Arc<Finding>>,
    /// How many ids the findings hold (roughly: one replaced before it was made stays counted
    /// until the next clearing).
    ids: usize,
}

/// One query's finding, made once: requests asking it meanwhile wait for it rather than
/// each finding it again (sixteen readers arriving after a change would otherwise each rank
/// every match).
#[derive(Debug)]
struct Finding {
    generation: u64,
    at: Instant,
    ids: OnceCell<Arc<[Uuid]>>,
}

impl Finding {
    fn holds(&self, generation: u64) -> bool {
        self.generation == generation && self.at.elapsed() < FRESH_FOR
    }
}

impl Found {
    /// The directory changed: everything found is stale.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// What `key` (the query, as `search.rs` writes it) finds, in order: remembered while it
    /// holds, otherwise found by `find` (once, however many ask meanwhile). A write landing
    /// while `find` runs leaves its finding stale for the next request.
    pub async fn get_or_find<F, E>(&self, key: &str, find: F) -> Result<Arc<[Uuid]>, E>
    where
        F: Future<Output = Result<Vec<Uuid>, E>>,
    {
        let finding = {
            let now = self.generation.load(Ordering::SeqCst);
            let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            match known.findings.get(key) {
                Some(finding) if finding.holds(now) => finding.clone(),
                _ => {
                    let finding = Arc::new(Finding {
                        generation: now,
                        at: Instant::now(),
                        ids: OnceCell::new(),
                    });
                    if let Some(old) = known.findings.insert(key.to_owned(), finding.clone()) {
                        known.ids -= old.ids.get().map_or(0, |ids| ids.len()).min(known.ids);
                    }
                    finding
                }
            }
        };
        let mut made = false;
        let ids = finding
            .ids
            .get_or_try_init(|| async {
                made = true;
                find.await.map(Arc::from)
            })
            .await?
            .clone();
        if made {
            let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            if known.ids + ids.len() > MOST_IDS {
                known.findings.clear();
                known.ids = 0;
                known.findings.insert(key.to_owned(), finding);
            }
            known.ids += ids.len();
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|i| Uuid::from_u128(i as u128)).collect()
    }

    /// What `key` finds, and whether it had to be found (`n` ids when it is).
    async fn ask(found: &Found, key: &str, n: usize) -> (usize, bool) {
        let mut asked = false;
        let got = found
            .get_or_find(key, async {
                asked = true;
                Ok::<_, Infallible>(ids(n))
            })
            .await
            .unwrap();
        (got.len(), asked)
    }

    #[tokio::test]
    async fn a_finding_is_believed_until_the_directory_changes() {
        let found = Found::default();
        assert_eq!(ask(&found, "listed", 3).await, (3, true));
        assert_eq!(ask(&found, "listed", 4).await, (3, false), "remembered");
        assert_eq!(
            ask(&found, "listed, free", 1).await,
            (1, true),
            "another listing is found on its own"
        );
        found.changed();
        assert_eq!(
            ask(&found, "listed", 4).await,
            (4, true),
            "found again after a change"
        );
    }

    #[tokio::test]
    async fn a_finding_made_while_the_directory_changed_is_not_believed() {
        let found = Found::default();
        let got = found
            .get_or_find("listed", async {
                found.changed();
                Ok::<_, Infallible>(ids(10))
            })
            .await
            .unwrap();
        assert_eq!(got.len(), 10, "the asker has its answer");
        assert_eq!(
            ask(&found, "listed", 11).await,
            (11, true),
            "the next finds again"
        );
    }

    #[tokio::test]
    async fn a_failed_finding_is_not_remembered() {
        let found = Found::default();
        let failed = found.get_or_find("listed", async { Err("database gone") }).await;
        assert!(failed.is_err());
        assert_eq!(ask(&found, "listed", 2).await, (2, true));
    }

    #[tokio::test]
    async fn readers_asking_together_find_once() {
        let found = Found::default();
        let finds = AtomicU64::new(0);
        let reader = || async {
            found
                .get_or_find("listed", async {
                    finds.fetch_add(1, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    Ok::<_, Infallible>(ids(5))
                })
                .await
                .unwrap()
                .len()
        };
        let got = tokio::join!(reader(), reader(), reader(), reader());
        assert_eq!(got, (5, 5, 5, 5));
        assert_eq!(finds.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn memory_is_bounded() {
        let found = Found::default();
        ask(&found, "a", MOST_IDS - 10).await;
        found.changed();
        ask(&found, "a", MOST_IDS - 10).await;
        assert_eq!(
            ask(&found, "b", 5).await,
            (5, true),
            "a finding replaced is not counted twice"
        );
        assert_eq!(ask(&found, "a", 0).await, (MOST_IDS - 10, false));
        ask(&found, "c", 20).await;
        assert_eq!(
            ask(&found, "a", 0).await,
            (0, true),
            "past the bound, the lot is forgotten"
        );
        assert_eq!(ask(&found, "c", 0).await, (20, false), "but not the newest");
    }
}
