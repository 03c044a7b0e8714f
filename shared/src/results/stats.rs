//! The figures for one group and one domain (or statement), and the before/after comparison.
//!
//! "% confident" is the share of ratings that are 4 or 5 (not applicable left out). A domain
//! pools its statements, so one person gives several ratings that tend to move together; the
//! uncertainty is therefore worked out per person (a ratio estimator with a person-level
//! "cluster" variance) rather than as if every rating were a separate person, which would
//! claim far more certainty than the data has.

use serde::{Deserialize, Serialize};

/// Sums over the people in a group for one domain or statement, as SQL returns them. For person
/// i: m = ratings given (1–5), y = of those 4 or 5. Every field is a sum over people, so the
/// tallies of separate groups add up to the tally of the groups together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// People with an answer here, "not applicable" included.
    pub people: u32,
    /// People with at least one rating of 1 to 5 here: what the figures rest on.
    pub raters: u32,
    /// Ratings of 1 to 5, counted.
    pub distribution: [u32; 5],
    pub not_applicable: u32,
    /// Σ rating.
    pub rating_sum: f64,
    /// Σy, Σm, Σy², Σym, Σm².
    pub y: f64,
    pub m: f64,
    pub yy: f64,
    pub ym: f64,
    pub mm: f64,
}

/// What is shown for a group and a domain or statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// People who gave at least one rating of 1 to 5 here (never fewer than k).
    pub people: u32,
    /// Ratings 1 to 5, counted.
    pub distribution: [u32; 5],
    pub not_applicable: u32,
    /// Mean rating (1–5), or none when nobody gave one.
    pub mean: Option<f64>,
    /// Share of ratings that are 4 or 5, 0–1.
    pub confident: Option<f64>,
}

impl Tally {
    /// Adds another group's sums.
    pub fn add(&mut self, other: &Tally) {
        self.people += other.people;
        self.raters += other.raters;
        for (mine, theirs) in self.distribution.iter_mut().zip(other.distribution) {
            *mine += theirs;
        }
        self.not_applicable += other.not_applicable;
        self.rating_sum += other.rating_sum;
        self.y += other.y;
        self.m += other.m;
        self.yy += other.yy;
        self.ym += other.ym;
        self.mm += other.mm;
    }

    pub fn figures(&self) -> Figures {
        let rated = self.m;
        Figures {
            people: self.raters,
            distribution: self.distribution,
            not_applicable: self.not_applicable,
            mean: (rated > 0.0).then(|| self.rating_sum / rated),
            confident: (rated > 0.0).then(|| self.y / rated),
        }
    }

    /// The variance of the share confident, treating people (not ratings) as the units.
    fn variance(&self) -> Option<f64> {
        if self.m <= 0.0 || self.raters < 2 {
            return None;
        }
        let p = self.y / self.m;
        let n = f64::from(self.raters);
        let spread = self.yy - 2.0 * p * self.ym + p * p * self.mm;
        Some((spread / (self.m * self.m)) * n / (n - 1.0)).map(|v| v.max(0.0))
    }
}

/// What the comparison says, in words a reader can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    LikelyImproved,
    LikelyFell,
    NoClearChange,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::LikelyImproved => "Likely improved",
            Verdict::LikelyFell => "Likely fell",
            Verdict::NoClearChange => "No clear change",
        }
    }
}

/// The change in % confident from `before` to `after`, in percentage points, with a 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub before: f64,
    pub after: f64,
    /// after − before, percentage points.
    pub points: f64,
    pub low: f64,
    pub high: f64,
    pub verdict: Verdict,
}

/// 95% two-sided normal quantile.
const Z95: f64 = 1.959_963_985;

/// Compares two independent groups. People who answered in both periods make the real
/// uncertainty smaller than this, so it errs towards "no clear change", never the other way.
pub fn compare(before: &Tally, after: &Tally) -> Option<Change> {
    let (vb, va) = (before.variance()?, after.variance()?);
    let (pb, pa) = (before.y / before.m, after.y / after.m);
    let points = 100.0 * (pa - pb);
    let margin = 100.0 * Z95 * (va + vb).sqrt();
    let (low, high) = (points - margin, points + margin);
    let verdict = if low > 0.0 {
        Verdict::LikelyImproved
    } else if high < 0.0 {
        Verdict::LikelyFell
    } else {
        Verdict::NoClearChange
    };
    Some(Change {
        before: 100.0 * pb,
        after: 100.0 * pa,
        points,
        low,
        high,
        verdict,
    })
}

impl Change {
    /// "Likely improved: 40% → 65% confident (+25 points; 95% interval +9 to +41)."
    pub fn sentence(&self) -> String {
        let plain = match self.verdict {
            Verdict::NoClearChange => " — the interval includes no change",
            _ => "",
        };
        format!(
            "{}: {:.0}% → {:.0}% confident ({} points; 95% interval {} to {}){plain}.",
            self.verdict.label(),
            self.before,
            self.after,
            signed(self.points),
            signed(self.low),
            signed(self.high),
        )
    }
}

fn signed(x: f64) -> String {
    let rounded = x.round();
    if rounded > 0.0 {
        format!("+{rounded:.0}")
    } else if rounded == 0.0 {
        "0".into()
    } else {
        format!("−{:.0}", -rounded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People each giving `per_person` ratings, `confident` of them 4s and the rest 2s.
    fn tally(people: &[(u32, u32)]) -> Tally {
        let mut t = Tally::default();
        for &(m, y) in people {
            t.people += 1;
            t.raters += u32::from(m > 0);
            t.distribution[3] += y;
            t.distribution[1] += m - y;
            t.rating_sum += f64::from(4 * y + 2 * (m - y));
            let (m, y) = (f64::from(m), f64::from(y));
            t.m += m;
            t.y += y;
            t.yy += y * y;
            t.ym += y * m;
            t.mm += m * m;
        }
        t
    }

    #[test]
    fn figures_are_shares_of_ratings() {
        let f = tally(&[(4, 4), (4, 2), (4, 0)]).figures();
        assert_eq!(f.people, 3);
        assert_eq!(f.confident, Some(0.5));
        assert_eq!(f.mean, Some(3.0));
        assert_eq!(Tally::default().figures().confident, None);
    }

    #[test]
    fn one_rating_each_matches_the_textbook_interval() {
        // 40 of 100 then 60 of 100: the usual Wald interval is 20 ± 13.6 points.
        let before = tally(&[vec![(1, 1); 40], vec![(1, 0); 60]].concat());
        let after = tally(&[vec![(1, 1); 60], vec![(1, 0); 40]].concat());
        let change = compare(&before, &after).unwrap();
        assert!((change.points - 20.0).abs() < 1e-9);
        let textbook = 100.0 * Z95 * (0.24f64 / 100.0 + 0.24 / 100.0).sqrt();
        // n/(n−1) small-sample factor aside, the same width.
        let width = (change.high - change.low) / 2.0;
        assert!((width / textbook - (100.0f64 / 99.0).sqrt()).abs() < 1e-9);
        assert_eq!(change.verdict, Verdict::LikelyImproved);
        assert!(
            change
                .sentence()
                .starts_with("Likely improved: 40% → 60% confident (+20 points")
        );
    }

    #[test]
    fn ratings_that_move_together_are_not_counted_as_separate_people() {
        // Eight ratings each, all alike within a person: as uncertain as one rating each.
        let before = tally(&[vec![(8, 8); 4], vec![(8, 0); 6]].concat());
        let after = tally(&[vec![(8, 8); 6], vec![(8, 0); 4]].concat());
        let change = compare(&before, &after).unwrap();
        assert_eq!(change.verdict, Verdict::NoClearChange, "{change:?}");
        assert!(change.sentence().contains("includes no change"));
    }

    #[test]
    fn a_clear_fall_is_called_one() {
        let before = tally(&vec![(5, 4); 30]);
        let after = tally(&vec![(5, 1); 30]);
        let change = compare(&before, &after).unwrap();
        assert_eq!(change.verdict, Verdict::LikelyFell);
        assert!(change.high < 0.0);
        assert!(
            compare(&tally(&[(5, 1)]), &after).is_none(),
            "one person: no interval"
        );
    }
}
