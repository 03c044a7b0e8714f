//! How many services a listing finds, remembered between its pages. A feed reader walking 500
//! pages of `/services` asks the same count 500 times, and counting is most of a page's work
//! (PostgreSQL counts 10,000 services in 1–3 ms; the page itself takes a tenth of that).
//!
//! A count is forgotten when this server writes the directory (so a commissioner's own change
//! shows at once) and after `FRESH_FOR` in any case, which bounds how long a change made through
//! another server behind the same balancer can leave a count behind: the feed already lets any
//! cache keep an answer that long (`Cache-Control: public, max-age=60`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest a count is believed.
pub const FRESH_FOR: Duration = Duration::from_secs(60);
/// The most listings remembered at once; past it, the lot is forgotten (a crude bound, but
/// listings are few: a feed's filters, the app's categories).
const MOST: usize = 2_048;

#[derive(Debug, Default)]
pub struct Counts {
    /// Moves on at every write of the directory; a count made before it is stale.
    generation: AtomicU64,
    known: Mutex<HashMap<String, Known>>,
}

#[derive(Debug, Clone, Copy)]
struct Known {
    generation: u64,
    at: Instant,
    count: u64,
}

impl Counts {
    /// The directory changed: every count is stale.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The count for `key` (the counting statement with its values), if it is still true.
    pub fn get(&self, key: &str) -> Option<u64> {
        let now = self.generation.load(Ordering::SeqCst);
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known
            .get(key)
            .filter(|k| k.generation == now && k.at.elapsed() < FRESH_FOR)
            .map(|k| k.count)
    }

    /// Remembers a count made at `generation` (read before counting, so that a write landing
    /// during the count leaves it stale rather than believed).
    pub fn put(&self, key: String, generation: u64, count: u64) {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() >= MOST {
            known.clear();
        }
        known.insert(
            key,
            Known {
                generation,
                at: Instant::now(),
                count,
            },
        );
    }

    /// The generation a count about to be made belongs to.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_believed_until_the_directory_changes() {
        let counts = Counts::default();
        assert_eq!(counts.get("listed"), None);
        counts.put("listed".into(), counts.generation(), 9_756);
        assert_eq!(counts.get("listed"), Some(9_756));
        assert_eq!(
            counts.get("listed, free"),
            None,
            "another listing is counted on its own"
        );
        counts.changed();
        assert_eq!(counts.get("listed"), None);
    }

    #[test]
    fn a_count_made_while_the_directory_changed_is_not_believed() {
        let counts = Counts::default();
        let before = counts.generation();
        counts.changed();
        counts.put("listed".into(), before, 10);
        assert_eq!(counts.get("listed"), None);
    }
}
