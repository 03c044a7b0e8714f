//! Rating a risk: how likely it is and how serious it would be, each from 1 to 5, multiplied into
//! a score that falls in a band. Councils use their own words and bands ("Any local templates and
//! matrixes should be used"), so the labels and bands are a `Matrix` the council configures; the
//! defaults are the common 5 × 5 (RISK-ENABLEMENT.md §4).

use serde::{Deserialize, Serialize};

/// A rating as things are (inherent) or once the mitigations are in place (residual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (insignificant) to 5 (catastrophic).
    pub impact: u8,
}

impl Rating {
    /// Both parts from 1 to 5.
    pub fn is_valid(self) -> bool {
        (1..=5).contains(&self.likelihood) && (1..=5).contains(&self.impact)
    }

    /// Likelihood × impact: 1 to 25.
    pub fn score(self) -> u8 {
        self.likelihood * self.impact
    }
}

/// A band of scores, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Moderate,
    High,
    VeryHigh,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::Low, Band::Moderate, Band::High, Band::VeryHigh];
}

/// The council's words for each level and where each band starts. A council's file need only
/// give what differs from the defaults; a misspelt field is refused rather than ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Matrix {
    /// Likelihood 1 to 5, in words.
    pub likelihood: [String; 5],
    /// Impact 1 to 5, in words.
    pub impact: [String; 5],
    /// Each band's name, in `Band::ALL` order.
    pub band_names: [String; 4],
    /// The lowest score of Moderate, High and Very high (Low starts at 1).
    pub band_starts: [u8; 3],
}

impl Default for Matrix {
    fn default() -> Matrix {
        let words = |list: [&str; 5]| list.map(str::to_owned);
        Matrix {
            likelihood: words(["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: words(["Insignificant", "Minor", "Moderate", "Major", "Catastrophic"]),
            band_names: ["Low", "Moderate", "High", "Very high"].map(str::to_owned),
            band_starts: [4, 10, 15],
        }
    }
}

impl Matrix {
    /// The band `score` falls in.
    pub fn band(&self, score: u8) -> Band {
        let [moderate, high, very_high] = self.band_starts;
        match score {
            s if s >= very_high => Band::VeryHigh,
            s if s >= high => Band::High,
            s if s >= moderate => Band::Moderate,
            _ => Band::Low,
        }
    }

    pub fn band_name(&self, band: Band) -> &str {
        &self.band_names[band as usize]
    }

    /// "Possible × Major = 12, High": a rating in words, so that no one has to read a colour.
    pub fn describe(&self, rating: Rating) -> String {
        if !rating.is_valid() {
            return "Not rated".to_owned();
        }
        format!(
            "{} × {} = {}, {}",
            self.likelihood[usize::from(rating.likelihood - 1)],
            self.impact[usize::from(rating.impact - 1)],
            rating.score(),
            self.band_name(self.band(rating.score()))
        )
    }

    /// A council's own matrix must have every word and bands that rise within 2 to 25.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let words = self.likelihood.iter().chain(&self.impact).chain(&self.band_names);
        if words.into_iter().any(|w| w.trim().is_empty()) {
            problems.push("Every level and band needs a name".to_owned());
        }
        let [moderate, high, very_high] = self.band_starts;
        if !(2 <= moderate && moderate < high && high < very_high && very_high <= 25) {
            problems.push("Bands must start in rising order, from 2 to 25".to_owned());
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated(likelihood: u8, impact: u8) -> Rating {
        Rating { likelihood, impact }
    }

    #[test]
    fn the_default_bands_are_the_common_five_by_five() {
        let m = Matrix::default();
        let band = |l, i| m.band(rated(l, i).score());
        assert_eq!(band(1, 3), Band::Low, "3");
        assert_eq!(band(2, 2), Band::Moderate, "4");
        assert_eq!(band(3, 3), Band::Moderate, "9");
        assert_eq!(band(2, 5), Band::High, "10");
        assert_eq!(m.band(14), Band::High);
        assert_eq!(band(3, 5), Band::VeryHigh, "15: possible × catastrophic");
        assert_eq!(band(5, 5), Band::VeryHigh, "25");
        assert_eq!(m.describe(rated(3, 4)), "Possible × Major = 12, High");
        assert_eq!(m.describe(rated(0, 4)), "Not rated");
        assert!(m.problems().is_empty());
    }

    #[test]
    fn every_score_falls_in_exactly_one_band_and_bands_rise() {
        let m = Matrix::default();
        let mut last = Band::Low;
        for score in 1..=25 {
            let band = m.band(score);
            assert!(band >= last, "{score}");
            last = band;
        }
    }

    #[test]
    fn a_councils_matrix_is_checked() {
        let mut m = Matrix::default();
        m.impact[4] = "Extreme".into();
        m.band_starts = [5, 12, 20];
        assert!(m.problems().is_empty());
        assert_eq!(m.band(19), Band::High);
        m.band_starts = [12, 10, 20];
        m.likelihood[0] = " ".into();
        assert_eq!(m.problems().len(), 2);
    }

    #[test]
    fn a_councils_file_gives_only_what_differs_and_a_misspelling_is_refused() {
        let m: Matrix = serde_json::from_str(r#"{"band_starts": [5, 12, 20]}"#).unwrap();
        assert_eq!(m.band_starts, [5, 12, 20]);
        assert_eq!(m.likelihood, Matrix::default().likelihood);
        let typo = serde_json::from_str::<Matrix>(r#"{"band_start": [5, 12, 20]}"#);
        assert!(typo.unwrap_err().to_string().contains("band_start"));
        let short = serde_json::from_str::<Matrix>(r#"{"impact": ["Low", "High"]}"#);
        assert!(short.is_err(), "five impact levels are needed");
    }
}
