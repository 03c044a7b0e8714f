//! Small-group suppression for aggregated results, so no published figure describes fewer than
//! `k` people and no hidden figure can be worked back out of the totals shown beside it.
//!
//! A table is cells in rows and columns (e.g. domains × teams) whose row and column totals are
//! shown. Primary suppression hides every cell with fewer than `k` distinct respondents.
//! Complementary suppression then hides more cells until no row or column has exactly one hidden
//! cell, nor hidden cells adding up to fewer than `k`: a total minus the shown cells gives only
//! the sum of the hidden ones, and that sum must describe `k` or more people too. The next cell
//! hidden is always the smallest shown one in that line, so as little as possible is lost.

/// The smallest group a figure may describe unless configured higher.
pub const DEFAULT_K: u32 = 5;
/// Never lower than this, whatever the configuration says.
pub const MIN_K: u32 = 3;

/// The threshold in force: the configured one, but never below `MIN_K`.
pub fn threshold(configured: Option<u32>) -> u32 {
    configured.unwrap_or(DEFAULT_K).max(MIN_K)
}

/// Why a cell is hidden, to explain it beside the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Fewer than `k` people answered.
    TooFew,
    /// Hidden too, so a hidden neighbour cannot be worked out from the totals.
    Complementary,
}

/// Which cells of a `rows × columns` table of respondent counts to hide. `counts[r][c]` is the
/// number of distinct respondents in cell (r, c); a cell with 0 respondents shows as empty, is
/// never hidden and never helps to hide another (an empty cell reveals nobody).
pub fn suppress(counts: &[Vec<u32>], k: u32) -> Vec<Vec<Option<Hidden>>> {
    let mut hidden: Vec<Vec<Option<Hidden>>> = counts
        .iter()
        .map(|row| {
            row.iter()
                .map(|&n| (n > 0 && n < k).then_some(Hidden::TooFew))
                .collect()
        })
        .collect();
    let columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    // Each pass hides at least one more cell or stops, so this ends.
    loop {
        let mut changed = false;
        for r in 0..counts.len() {
            let line: Vec<(usize, usize)> = (0..counts[r].len()).map(|c| (r, c)).collect();
            changed |= complete_line(counts, &mut hidden, &line, k);
        }
        for c in 0..columns {
            let line: Vec<(usize, usize)> = (0..counts.len())
                .filter(|&r| c < counts[r].len())
                .map(|r| (r, c))
                .collect();
            changed |= complete_line(counts, &mut hidden, &line, k);
        }
        if !changed {
            return hidden;
        }
    }
}

/// If a line has one hidden cell, or hidden cells adding up to fewer than `k` people (their sum
/// is the total minus what is shown), hides its smallest shown non-empty cell too. Returns
/// whether it hid one.
fn complete_line(
    counts: &[Vec<u32>],
    hidden: &mut [Vec<Option<Hidden>>],
    line: &[(usize, usize)],
    k: u32,
) -> bool {
    let hidden_cells: Vec<u32> = line
        .iter()
        .filter(|&&(r, c)| hidden[r][c].is_some())
        .map(|&(r, c)| counts[r][c])
        .collect();
    let exposed = hidden_cells.len() == 1 || hidden_cells.iter().sum::<u32>() < k;
    if hidden_cells.is_empty() || !exposed {
        return false;
    }
    let partner = line
        .iter()
        .filter(|&&(r, c)| hidden[r][c].is_none() && counts[r][c] > 0)
        .min_by_key(|&&(r, c)| (counts[r][c], r, c));
    match partner {
        Some(&(r, c)) => {
            hidden[r][c] = Some(Hidden::Complementary);
            true
        }
        // The only non-empty cell of its line: its total is itself, so the total is hidden
        // with it by whoever shows the line (see `line_total_shown`).
        None => false,
    }
}

/// Whether a line's total may be shown: not when it describes fewer than `k` people, nor when
/// it would reveal what is hidden in the line (one hidden cell, or hidden cells adding up to
/// fewer than `k`, where nothing else in the line could be hidden with them).
pub fn line_total_shown(counts: &[u32], hidden: &[Option<Hidden>], k: u32) -> bool {
    let total: u32 = counts.iter().sum();
    let hidden_sum: u32 = counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| h.is_some())
        .map(|(n, _)| n)
        .sum();
    let hidden_cells = hidden.iter().filter(|h| h.is_some()).count();
    total == 0 || (total >= k && (hidden_cells == 0 || (hidden_cells >= 2 && hidden_sum >= k)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn k_is_five_by_default_and_never_below_three() {
        assert_eq!(threshold(None), 5);
        assert_eq!(threshold(Some(10)), 10);
        assert_eq!(threshold(Some(1)), 3);
    }

    #[test]
    fn a_small_cell_and_its_smallest_neighbours_are_hidden() {
        let counts = vec![vec![12, 3, 8], vec![9, 20, 7]];
        let hidden = suppress(&counts, 5);
        assert_eq!(hidden[0][1], Some(Hidden::TooFew));
        // Row 0: the smallest other cell (8) goes too; column 1: the other cell (20) goes too;
        // then row 1 has 20 hidden alone, so its smallest (7) goes; column 2 now has 8 and 7.
        assert_eq!(hidden[0][2], Some(Hidden::Complementary));
        assert_eq!(hidden[1][1], Some(Hidden::Complementary));
        assert_eq!(hidden[1][2], Some(Hidden::Complementary));
        assert_eq!((hidden[0][0], hidden[1][0]), (None, None));
    }

    #[test]
    fn empty_cells_are_neither_hidden_nor_used_to_hide() {
        let counts = vec![vec![0, 2, 0]];
        let hidden = suppress(&counts, 5);
        assert_eq!(hidden[0], vec![None, Some(Hidden::TooFew), None]);
        assert!(
            !line_total_shown(&counts[0], &hidden[0], 5),
            "the total would be the hidden cell"
        );
        assert!(line_total_shown(&[6, 7], &[None, None], 5));
    }

    /// What an onlooker sees: shown cells, and the totals of lines shown.
    fn derivable(counts: &[Vec<u32>], hidden: &[Vec<Option<Hidden>>], k: u32) -> bool {
        let rows = counts.len();
        let columns = counts.first().map_or(0, Vec::len);
        let lines = (0..rows)
            .map(|r| (0..columns).map(|c| (r, c)).collect::<Vec<_>>())
            .chain((0..columns).map(|c| (0..rows).map(|r| (r, c)).collect()));
        lines.into_iter().any(|line| {
            let values: Vec<u32> = line.iter().map(|&(r, c)| counts[r][c]).collect();
            let marks: Vec<Option<Hidden>> = line.iter().map(|&(r, c)| hidden[r][c]).collect();
            let hidden_values: Vec<u32> = values
                .iter()
                .zip(&marks)
                .filter(|(_, m)| m.is_some())
                .map(|(v, _)| *v)
                .collect();
            let exposed = hidden_values.len() == 1
                || (!hidden_values.is_empty() && hidden_values.iter().sum::<u32>() < k);
            line_total_shown(&values, &marks, k) && exposed
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Random tables: every cell under k is hidden, and no line whose total is shown has one
        /// hidden cell or hidden cells adding up to fewer than k (which the total would reveal).
        #[test]
        fn no_hidden_cell_can_be_worked_out(
            rows in 1usize..7,
            columns in 1usize..7,
            seed in proptest::collection::vec(0u32..30, 49),
            k in 3u32..8,
        ) {
            let counts: Vec<Vec<u32>> = (0..rows)
                .map(|r| (0..columns).map(|c| seed[r * 7 + c]).collect())
                .collect();
            let hidden = suppress(&counts, k);
            for r in 0..rows {
                for c in 0..columns {
                    let n = counts[r][c];
                    if n > 0 && n < k {
                        prop_assert_eq!(hidden[r][c], Some(Hidden::TooFew));
                    }
                    if n == 0 {
                        prop_assert_eq!(hidden[r][c], None);
                    }
                }
            }
            prop_assert!(!derivable(&counts, &hidden, k));
        }
    }
}
