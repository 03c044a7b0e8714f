//! Small-group suppression, so no published figure describes fewer than `k` people and no hidden
//! figure can be worked back out of the figures shown beside it.
//!
//! Figures are *cells* (a group of people: "Keighley Locality, experienced social workers,
//! 2026-Q3") tied together by *lines*: a total and the parts it is made of ("Keighley Locality" is
//! the sum of its PCF levels). Anyone who sees a line's total and all but one part can subtract to
//! get the last part, so:
//!
//! - primary suppression hides every cell with 1 to `k − 1` people;
//! - complementary suppression then hides more cells until, in every line, either nothing is
//!   hidden or at least two cells are, and the hidden parts of a line whose total is shown add up
//!   to `k` or more people (the total minus what is shown is their sum, which must describe `k`
//!   people too). The next cell hidden is the smallest shown part of the line, so as little as
//!   possible is lost.
//!
//! Empty cells (0 people) are shown as empty, never hidden and never used to hide another: an
//! empty group reveals nobody.

use std::collections::BTreeMap;

/// The smallest group a figure may describe unless configured higher.
pub const DEFAULT_K: u32 = 5;
/// Never lower than this, whatever the configuration says.
pub const MIN_K: u32 = 3;

/// The threshold in force: the configured one, but never below `MIN_K`.
pub fn threshold(configured: Option<u32>) -> u32 {
    configured.unwrap_or(DEFAULT_K).max(MIN_K)
}

/// Why the suppression hid a cell. This is the algorithm's own bookkeeping and never leaves
/// the server: every answer shows one hidden state with one explanation (`HIDDEN`), because
/// telling "too few" from "hidden alongside" would tell a reader which hidden group is the
/// small one, and bound it by subtraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer than `k` people answered.
    TooFew,
    /// Hidden too, so a hidden neighbour cannot be worked out from the totals.
    Complementary,
}

impl Hidden {
    /// The reason a hidden cell of `count` would have: what the count says, not how it came
    /// to be hidden (a cell hidden alongside a small one may itself be small for a statement).
    pub fn of(count: u32, k: u32) -> Hidden {
        if count > 0 && count < k {
            Hidden::TooFew
        } else {
            Hidden::Complementary
        }
    }
}

/// The one explanation every hidden group and figure carries, whatever hid it.
pub fn explain_hidden(k: u32) -> String {
    format!(
        "Hidden to protect individuals: fewer than {k} people, or a group from which a smaller one could be worked out"
    )
}

/// A total and the cells it is the sum of, by index into the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Which cells to hide, given each cell's number of distinct people and the lines between them.
///
/// Line by line checks are not enough on their own where lines cross (a team is in its area's
/// line and in its own line of levels, each of those in lines of months): a hidden cell can
/// sometimes be reached by adding and subtracting several lines. So after the lines are settled
/// every small group is audited against all of them at once (`derivable`), and while one can
/// be derived the smallest shown neighbours in each of its lines are hidden too.
pub fn suppress(counts: &[u32], lines: &[Line], k: u32) -> Vec<Option<Hidden>> {
    let free = vec![false; counts.len()];
    let start = vec![None; counts.len()];
    suppress_around(counts, lines, k, &start, &free)
}

/// `suppress` where some cells are settled already (`fixed`: published in an earlier release,
/// shown or hidden as `start` says) and only the others may be hidden. `start` may also hide
/// free cells from the outset (a statement's figures are hidden wherever its group is).
///
/// Hiding every free cell always ends the search: a hidden total whose parts are all settled
/// adds an unknown and the line that defines it, and so tells nothing new. So when no
/// neighbour can be found to hide, the remaining free cells are hidden.
pub fn suppress_around(
    counts: &[u32],
    lines: &[Line],
    k: u32,
    start: &[Option<Hidden>],
    fixed: &[bool],
) -> Vec<Option<Hidden>> {
    suppress_audited(counts, lines, &[], k, start, fixed, &NoAudit)
}

/// A check beyond exact derivation (the bounds audit, `bounds::Table`).
pub trait Audit {
    /// The hidden cells it finds exposed.
    fn exposed(&self, hidden: &[Option<Hidden>]) -> Vec<usize>;
    /// Whether `cell` is still exposed.
    fn still_exposed(&self, hidden: &[Option<Hidden>], cell: usize) -> bool;
}

struct NoAudit;

impl Audit for NoAudit {
    fn exposed(&self, _: &[Option<Hidden>]) -> Vec<usize> {
        Vec::new()
    }

    fn still_exposed(&self, _: &[Option<Hidden>], _: usize) -> bool {
        false
    }
}

/// `suppress_around`, then also hiding near every cell `audit` finds exposed (the bounds
/// audit, `bounds::Table::exposed`), until nothing is. `near` are more lines that tie cells
/// together without holding exactly (a quarter and its months): they guide what to hide next.
pub fn suppress_audited(
    counts: &[u32],
    lines: &[Line],
    near: &[Line],
    k: u32,
    start: &[Option<Hidden>],
    fixed: &[bool],
    audit: &dyn Audit,
) -> Vec<Option<Hidden>> {
    let mut hidden: Vec<Option<Hidden>> = counts
        .iter()
        .zip(start)
        .zip(fixed)
        .map(|((&n, &s), &f)| match (f, s) {
            (true, s) => s.map(|_| Hidden::of(n, k)),
            (false, Some(_)) => Some(Hidden::of(n, k)),
            (false, None) => (n > 0 && n < k).then_some(Hidden::TooFew),
        })
        .collect();
    let every_line: Vec<Line> = lines.iter().chain(near).cloned().collect();
    let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); counts.len()];
    for (l, line) in every_line.iter().enumerate() {
        lines_of[line.total].push(l);
        for &p in &line.parts {
            lines_of[p].push(l);
        }
    }
    let cells = Cells {
        counts,
        k,
        lines,
        every_line: &every_line,
        lines_of: &lines_of,
        fixed,
    };
    // Each round hides at least one more free cell or stops, so this ends.
    loop {
        cells.settle_lines(&mut hidden, k);
        let derived = derivable(counts, &hidden, lines);
        let hid = if derived.is_empty() {
            // One more hidden cell can settle a whole line of exposed ones (a team's small
            // levels all gain room when one shown level joins them), so hide one at a time.
            // The largest first: a coarse group is usually what holds the finer ones in (a
            // service area's students are bounded by everyone's), and once it is free they
            // can be freed one line away.
            match audit
                .exposed(&hidden)
                .into_iter()
                .max_by_key(|&c| (counts[c], std::cmp::Reverse(c)))
            {
                None => return hidden,
                Some(cell) => cells.hide_one_near(&mut hidden, cell, audit),
            }
        } else {
            let mut hid = false;
            for cell in derived {
                hid |= cells.hide_near(&mut hidden, cell);
            }
            hid
        };
        if !hid {
            // Nothing near could be hidden: hide whatever is left, which always suffices.
            for i in 0..counts.len() {
                if !fixed[i] && hidden[i].is_none() && counts[i] > 0 {
                    hidden[i] = Some(Hidden::of(counts[i], k));
                }
            }
            return hidden;
        }
    }
}

/// The cells and lines a suppression works over, with which cells it may not change.
struct Cells<'a> {
    counts: &'a [u32],
    k: u32,
    /// The lines that hold exactly.
    lines: &'a [Line],
    /// Those and the lines that only tie cells together, which `lines_of` indexes.
    every_line: &'a [Line],
    lines_of: &'a [Vec<usize>],
    fixed: &'a [bool],
}

impl Cells<'_> {
    /// Hides the smallest free shown neighbour in each line through `cell`; when none is left
    /// in those lines, looks one line further out, and so on. Whether it hid anything.
    fn hide_near(&self, hidden: &mut [Option<Hidden>], cell: usize) -> bool {
        let mut frontier = vec![cell];
        let mut seen = std::collections::HashSet::from([cell]);
        while !frontier.is_empty() {
            let mut hid = false;
            let mut next = Vec::new();
            for &c in &frontier {
                for &l in &self.lines_of[c] {
                    hid |= self.hide_smallest_shown(hidden, &self.every_line[l]);
                    let line = &self.every_line[l];
                    for i in std::iter::once(line.total).chain(line.parts.iter().copied()) {
                        if seen.insert(i) {
                            next.push(i);
                        }
                    }
                }
            }
            if hid {
                return true;
            }
            frontier = next;
        }
        false
    }

    /// Hides one more cell for `cell`, which `audit` finds exposed: among the free shown cells
    /// in the lines through it (or, when there are none, one line further out, and so on), the
    /// smallest that settles it, else the smallest. Whether it hid anything.
    fn hide_one_near(&self, hidden: &mut [Option<Hidden>], cell: usize, audit: &dyn Audit) -> bool {
        let mut frontier = vec![cell];
        let mut seen = std::collections::HashSet::from([cell]);
        while !frontier.is_empty() {
            let mut next = Vec::new();
            // Each open cell with whether it is only ever a total here: parts go first, as
            // hiding a total hides more from view.
            let mut open: BTreeMap<usize, bool> = BTreeMap::new();
            for &c in &frontier {
                for &l in &self.lines_of[c] {
                    let line = &self.every_line[l];
                    for (is_total, i) in
                        std::iter::once((true, line.total)).chain(line.parts.iter().map(|&p| (false, p)))
                    {
                        if !self.fixed[i] && hidden[i].is_none() && self.counts[i] > 0 {
                            let only_total = open.entry(i).or_insert(is_total);
                            *only_total &= is_total;
                        }
                        if seen.insert(i) {
                            next.push(i);
                        }
                    }
                }
            }
            let mut candidates: Vec<(bool, u32, usize)> =
                open.into_iter().map(|(i, t)| (t, self.counts[i], i)).collect();
            candidates.sort_unstable();
            // Try each with the lines settled after it (hiding one cell often pins another,
            // which the lines then cover), and keep the first that settles `cell`, hiding
            // fewest.
            let mut best: Option<(usize, Vec<Option<Hidden>>)> = None;
            for &(_, _, i) in &candidates {
                let mut trial = hidden.to_vec();
                trial[i] = Some(Hidden::Complementary);
                self.settle_lines(&mut trial, self.k);
                let cost = trial.iter().filter(|h| h.is_some()).count();
                if best.as_ref().is_some_and(|(c, _)| *c <= cost) {
                    continue;
                }
                if !audit.still_exposed(&trial, cell) {
                    best = Some((cost, trial));
                }
            }
            if let Some((_, trial)) = best {
                hidden.copy_from_slice(&trial);
                return true;
            }
            if let Some(&(_, _, i)) = candidates.first() {
                hidden[i] = Some(Hidden::Complementary);
                return true;
            }
            frontier = next;
        }
        false
    }

    /// Settles every line it can by hiding free cells. A line whose free cells are all hidden
    /// already is left as it is: its one shown-looking gap is a settled cell of an earlier
    /// release, and `derivable` decides whether anything small can be reached through it.
    fn settle_lines(&self, hidden: &mut [Option<Hidden>], k: u32) {
        loop {
            let mut changed = false;
            for line in self.lines {
                if line_exposes(self.counts, hidden, line, k) {
                    changed |= self.hide_smallest_shown(hidden, line);
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// Hides the smallest free shown non-empty part of a line, or its total when no part is
    /// left. Returns whether it hid anything.
    fn hide_smallest_shown(&self, hidden: &mut [Option<Hidden>], line: &Line) -> bool {
        let open =
            |i: usize, hidden: &[Option<Hidden>]| !self.fixed[i] && hidden[i].is_none() && self.counts[i] > 0;
        let partner = line
            .parts
            .iter()
            .copied()
            .filter(|&p| open(p, hidden))
            .min_by_key(|&p| (self.counts[p], p));
        let cell = match partner {
            Some(p) => p,
            None if open(line.total, hidden) => line.total,
            None => return false,
        };
        hidden[cell] = Some(Hidden::Complementary);
        true
    }
}

/// The small groups (hidden as too few) whose size follows from the shown cells by some sum
/// or difference of lines, however many lines it takes: those whose unit vector lies in the
/// row space of the lines' equations restricted to the hidden cells. Each connected group of
/// hidden cells is solved on its own, which keeps the elimination small.
pub fn derivable(counts: &[u32], hidden: &[Option<Hidden>], lines: &[Line]) -> Vec<usize> {
    let is_unknown = |i: usize| hidden[i].is_some() && counts[i] > 0;
    // Union-find over hidden cells that share a line.
    let mut parent: Vec<usize> = (0..counts.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let line_unknowns: Vec<Vec<(usize, f64)>> = lines
        .iter()
        .map(|line| {
            std::iter::once((line.total, 1.0))
                .chain(line.parts.iter().map(|&p| (p, -1.0)))
                .filter(|&(i, _)| is_unknown(i))
                .collect()
        })
        .collect();
    for unknowns in &line_unknowns {
        for pair in unknowns.windows(2) {
            let (a, b) = (root(&mut parent, pair[0].0), root(&mut parent, pair[1].0));
            parent[a] = b;
        }
    }
    let mut components: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in (0..counts.len()).filter(|&i| is_unknown(i)) {
        components.entry(root(&mut parent, i)).or_default().push(i);
    }
    let mut equations: std::collections::BTreeMap<usize, Vec<&Vec<(usize, f64)>>> = Default::default();
    for unknowns in line_unknowns.iter().filter(|u| !u.is_empty()) {
        equations
            .entry(root(&mut parent, unknowns[0].0))
            .or_default()
            .push(unknowns);
    }
    let mut found = Vec::new();
    for (id, cells) in components {
        if !cells.iter().any(|&i| hidden[i] == Some(Hidden::TooFew)) {
            continue;
        }
        let column: std::collections::HashMap<usize, usize> =
            cells.iter().enumerate().map(|(c, &i)| (i, c)).collect();
        let rows = equations.get(&id).map(Vec::as_slice).unwrap_or_default();
        let basis = row_reduce(rows.iter().map(|unknowns| {
            let mut row = vec![0.0; cells.len()];
            for &(i, sign) in unknowns.iter() {
                row[column[&i]] += sign;
            }
            row
        }));
        for (c, &i) in cells.iter().enumerate() {
            if hidden[i] == Some(Hidden::TooFew) && in_row_space(&basis, c, cells.len()) {
                found.push(i);
            }
        }
    }
    found
}

const EPSILON: f64 = 1e-9;

/// Reduced row echelon form: (pivot column, row) pairs.
fn row_reduce(rows: impl Iterator<Item = Vec<f64>>) -> Vec<(usize, Vec<f64>)> {
    let mut basis: Vec<(usize, Vec<f64>)> = Vec::new();
    for mut row in rows {
        for (c, pivot) in &basis {
            let f = row[*c];
            if f.abs() > EPSILON {
                row.iter_mut().zip(pivot).for_each(|(x, p)| *x -= f * p);
            }
        }
        let Some(c) = row.iter().position(|x| x.abs() > EPSILON) else {
            continue;
        };
        let f = row[c];
        row.iter_mut().for_each(|x| *x /= f);
        for (_, other) in basis.iter_mut() {
            let g = other[c];
            if g.abs() > EPSILON {
                other.iter_mut().zip(&row).for_each(|(x, p)| *x -= g * p);
            }
        }
        basis.push((c, row));
    }
    basis
}

/// Whether the unit vector of `column` is a combination of the reduced rows.
fn in_row_space(basis: &[(usize, Vec<f64>)], column: usize, width: usize) -> bool {
    let mut unit = vec![0.0f64; width];
    unit[column] = 1.0;
    for (c, pivot) in basis {
        let f = unit[*c];
        if f.abs() > EPSILON {
            unit.iter_mut().zip(pivot).for_each(|(x, p)| *x -= f * p);
        }
    }
    unit.iter().all(|x| x.abs() < EPSILON)
}

/// Whether a line gives away something hidden: exactly one hidden cell (parts or total), or
/// shown total with hidden parts adding up to fewer than `k` people.
pub fn line_exposes(counts: &[u32], hidden: &[Option<Hidden>], line: &Line, k: u32) -> bool {
    if counts[line.total] == 0 {
        return false;
    }
    let hidden_parts: Vec<u32> = line
        .parts
        .iter()
        .filter(|&&p| hidden[p].is_some() && counts[p] > 0)
        .map(|&p| counts[p])
        .collect();
    let total_hidden = hidden[line.total].is_some();
    let hidden_cells = hidden_parts.len() + usize::from(total_hidden);
    hidden_cells == 1 || (!total_hidden && !hidden_parts.is_empty() && hidden_parts.iter().sum::<u32>() < k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A rows × columns table with row totals, column totals and a grand total as cells, laid out
    /// row-major with the totals after the body.
    fn table(body: &[Vec<u32>]) -> (Vec<u32>, Vec<Line>) {
        let rows = body.len();
        let columns = body[0].len();
        let mut counts: Vec<u32> = body.iter().flatten().copied().collect();
        let row_total = |r: usize| rows * columns + r;
        let column_total = |c: usize| rows * columns + rows + c;
        let grand = rows * columns + rows + columns;
        counts.extend(body.iter().map(|row| row.iter().sum::<u32>()));
        counts.extend((0..columns).map(|c| body.iter().map(|row| row[c]).sum::<u32>()));
        counts.push(body.iter().flatten().sum());
        let mut lines: Vec<Line> = (0..rows)
            .map(|r| Line {
                total: row_total(r),
                parts: (0..columns).map(|c| r * columns + c).collect(),
            })
            .collect();
        lines.extend((0..columns).map(|c| Line {
            total: column_total(c),
            parts: (0..rows).map(|r| r * columns + c).collect(),
        }));
        lines.push(Line {
            total: grand,
            parts: (0..rows).map(row_total).collect(),
        });
        lines.push(Line {
            total: grand,
            parts: (0..columns).map(column_total).collect(),
        });
        (counts, lines)
    }

    #[test]
    fn k_is_five_by_default_and_never_below_three() {
        assert_eq!(threshold(None), 5);
        assert_eq!(threshold(Some(10)), 10);
        assert_eq!(threshold(Some(1)), 3);
    }

    #[test]
    fn a_small_cell_and_its_smallest_neighbours_are_hidden() {
        let (counts, lines) = table(&[vec![12, 3, 8], vec![9, 20, 7]]);
        let hidden = suppress(&counts, &lines, 5);
        assert_eq!(hidden[1], Some(Hidden::TooFew));
        // Row 0: the smallest other cell (8) goes too; column 1: the other cell (20) goes too;
        // then row 1 has 20 hidden alone, so its smallest (7) goes; column 2 now has 8 and 7.
        assert_eq!(hidden[2], Some(Hidden::Complementary));
        assert_eq!(hidden[4], Some(Hidden::Complementary));
        assert_eq!(hidden[5], Some(Hidden::Complementary));
        assert_eq!((hidden[0], hidden[3]), (None, None));
        assert!(hidden[6..].iter().all(Option::is_none), "totals stay shown");
    }

    #[test]
    fn a_line_with_a_single_non_empty_part_hides_its_total_with_it() {
        // One team, one PCF level with people: the team's total is that level's count.
        let counts = vec![7, 7, 0];
        let lines = vec![Line {
            total: 0,
            parts: vec![1, 2],
        }];
        let start = vec![None, Some(Hidden::Complementary), None];
        assert!(line_exposes(&counts, &start, &lines[0], 5));
        let hidden = suppress_around(&counts, &lines, 5, &start, &[false; 3]);
        assert_eq!(hidden[0], Some(Hidden::Complementary));
        assert_eq!(hidden[2], None, "the empty part is never hidden");
    }

    #[test]
    fn one_explanation_whatever_the_reason() {
        assert!(explain_hidden(5).contains("fewer than 5 people"));
        assert!(explain_hidden(5).contains("worked out"));
        assert_eq!(Hidden::of(3, 5), Hidden::TooFew);
        assert_eq!(Hidden::of(5, 5), Hidden::Complementary);
    }

    #[test]
    fn settled_cells_stay_as_they_were_and_free_ones_cover_for_them() {
        // Months settled in earlier releases (6 shown; 2 and 1 hidden), their quarter free:
        // showing it (9) would say the hidden months hold 3 people, so the quarter is hidden.
        let counts = [9, 6, 2, 1];
        let lines = vec![Line {
            total: 0,
            parts: vec![1, 2, 3],
        }];
        let start = vec![None, None, Some(Hidden::TooFew), Some(Hidden::TooFew)];
        let fixed = [false, true, true, true];
        let hidden = suppress_around(&counts, &lines, 5, &start, &fixed);
        assert_eq!(&hidden[1..], &start[1..], "earlier releases never change");
        assert!(hidden[0].is_some(), "the free total is hidden instead");
        assert!(derivable(&counts, &hidden, &lines).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Random tables: every cell under k is hidden, empty cells never are, no line gives away a
        /// hidden cell and no small group follows from any sum or difference of lines.
        #[test]
        fn no_line_gives_a_hidden_cell_away(
            rows in 1usize..7,
            columns in 1usize..7,
            seed in proptest::collection::vec(0u32..30, 49),
            k in 3u32..8,
        ) {
            let body: Vec<Vec<u32>> = (0..rows)
                .map(|r| (0..columns).map(|c| seed[r * 7 + c]).collect())
                .collect();
            let (counts, lines) = table(&body);
            let hidden = suppress(&counts, &lines, k);
            for (n, h) in counts.iter().zip(&hidden) {
                if *n > 0 && *n < k {
                    prop_assert_eq!(*h, Some(Hidden::TooFew));
                }
                if *n == 0 {
                    prop_assert_eq!(*h, None);
                }
            }
            for line in &lines {
                prop_assert!(!line_exposes(&counts, &hidden, line, k), "{:?}", line);
            }
            prop_assert!(derivable(&counts, &hidden, &lines).is_empty());
        }
    }
}
