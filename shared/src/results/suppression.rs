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

/// The smallest group a figure may describe unless configured higher.
pub const DEFAULT_K: u32 = 5;
/// Never lower than this, whatever the configuration says.
pub const MIN_K: u32 = 3;

/// The threshold in force: the configured one, but never below `MIN_K`.
pub fn threshold(configured: Option<u32>) -> u32 {
    configured.unwrap_or(DEFAULT_K).max(MIN_K)
}

/// Why a cell is hidden, to explain it beside the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer than `k` people answered.
    TooFew,
    /// Hidden too, so a hidden neighbour cannot be worked out from the totals.
    Complementary,
}

impl Hidden {
    /// The explanation shown in place of the figure.
    pub fn explain(self, k: u32) -> String {
        match self {
            Hidden::TooFew => format!("Hidden: fewer than {k} people"),
            Hidden::Complementary => {
                "Hidden so that a smaller group cannot be worked out from the totals".to_owned()
            }
        }
    }
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
    let mut hidden: Vec<Option<Hidden>> = counts
        .iter()
        .map(|&n| (n > 0 && n < k).then_some(Hidden::TooFew))
        .collect();
    let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); counts.len()];
    for (l, line) in lines.iter().enumerate() {
        lines_of[line.total].push(l);
        for &p in &line.parts {
            lines_of[p].push(l);
        }
    }
    // Each round hides at least one more cell or stops, so this ends.
    loop {
        settle_lines(counts, &mut hidden, lines, k);
        let exposed = derivable(counts, &hidden, lines);
        if exposed.is_empty() {
            return hidden;
        }
        for cell in exposed {
            hide_near(counts, &mut hidden, lines, &lines_of, cell);
        }
    }
}

/// Hides the smallest shown neighbour in each line through `cell`; when every cell of those
/// lines is hidden already, looks one line further out, and so on, until something is hidden.
fn hide_near(
    counts: &[u32],
    hidden: &mut [Option<Hidden>],
    lines: &[Line],
    lines_of: &[Vec<usize>],
    cell: usize,
) {
    let mut frontier = vec![cell];
    let mut seen = std::collections::HashSet::from([cell]);
    while !frontier.is_empty() {
        let mut hid = false;
        let mut next = Vec::new();
        for &c in &frontier {
            for &l in &lines_of[c] {
                hid |= hide_smallest_shown(counts, hidden, &lines[l]);
                let line = &lines[l];
                for i in std::iter::once(line.total).chain(line.parts.iter().copied()) {
                    if seen.insert(i) {
                        next.push(i);
                    }
                }
            }
        }
        if hid {
            return;
        }
        frontier = next;
    }
}

fn settle_lines(counts: &[u32], hidden: &mut [Option<Hidden>], lines: &[Line], k: u32) {
    loop {
        let mut changed = false;
        for line in lines {
            if line_exposes(counts, hidden, line, k) {
                changed |= hide_smallest_shown(counts, hidden, line);
            }
        }
        if !changed {
            return;
        }
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

/// Hides the smallest shown non-empty part of a line, or its total when no part is left.
/// Returns whether it hid anything.
fn hide_smallest_shown(counts: &[u32], hidden: &mut [Option<Hidden>], line: &Line) -> bool {
    let partner = line
        .parts
        .iter()
        .copied()
        .filter(|&p| hidden[p].is_none() && counts[p] > 0)
        .min_by_key(|&p| (counts[p], p));
    let cell = match partner {
        Some(p) => p,
        None if hidden[line.total].is_none() && counts[line.total] > 0 => line.total,
        None => return false,
    };
    hidden[cell] = Some(Hidden::Complementary);
    true
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
        let mut hidden = vec![None, Some(Hidden::Complementary), None];
        assert!(line_exposes(&counts, &hidden, &lines[0], 5));
        settle_lines(&counts, &mut hidden, &lines, 5);
        assert_eq!(hidden[0], Some(Hidden::Complementary));
        assert_eq!(hidden[2], None, "the empty part is never hidden");
    }

    #[test]
    fn the_explanations_say_why() {
        assert_eq!(Hidden::TooFew.explain(5), "Hidden: fewer than 5 people");
        assert!(Hidden::Complementary.explain(5).contains("worked out"));
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
