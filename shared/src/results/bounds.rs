//! The bounds audit: for every hidden group, the whole numbers consistent with everything shown
//! must include one under k and one of k or more, so nobody can tell whether it is small.
//!
//! Hiding groups so that none can be *worked out exactly* (`suppression::derivable`) is not
//! enough: a team of 12 with one level shown at 8 and two hidden (3 and 1) leaves the hidden
//! ones adding up to 4, so each is known to be under 5. An attacker who reads every
//! answer knows each line (a total is the sum of its parts; a quarter holds at most the people
//! of its months), that every hidden group has someone in it (empty groups are shown as
//! empty), and the whole numbers are whole. This audit asks exactly that question, as an
//! integer program per hidden group (with `microlp`), over the group's connected part of the
//! table only.
//!
//! A group may be known to hold k or more by the shape of the table alone — a hidden team with
//! k or more levels that each have someone in them — whatever else is hidden; that says nothing
//! about anyone, and such a group is let be.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::suppression::{Hidden, Line};

/// The table an audit looks at: every cell's true size, the lines that hold exactly and those
/// that hold as `total ≤ Σ parts`, and which cells are settled (published before).
pub struct Table<'a> {
    pub counts: &'a [u32],
    pub exact: &'a [Line],
    pub at_most: &'a [Line],
    pub fixed: &'a [bool],
    /// For a measure within groups (a statement's raters, people asking for help): each
    /// group's size where it is shown, which the measure cannot exceed. Empty for people.
    /// In a group whose size is hidden the measure may, for all anyone knows, be none; where
    /// the size is shown, a hidden figure has someone behind it ("no answers" would say so).
    pub ceiling: &'a [Option<u32>],
    pub k: u32,
}

/// What a hidden cell's feasible values must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A small group must be able to look large.
    AtLeastK,
    /// A large group must be able to look small.
    BelowK,
}

/// The bounds audit as suppression asks for it, remembering components between rounds.
pub struct Audited<'a> {
    pub table: Table<'a>,
    pub memo: Memo,
}

impl super::suppression::Audit for Audited<'_> {
    fn exposed(&self, hidden: &[Option<Hidden>]) -> Vec<usize> {
        self.table.exposed_with(hidden, &self.memo)
    }

    fn still_exposed(&self, hidden: &[Option<Hidden>], cell: usize) -> bool {
        self.table.gives_away(hidden, cell)
    }
}

/// What earlier audits found, by component: a component's answers depend only on its hidden
/// cells (a newly hidden cell beside it joins it), so while it stays the same they hold.
#[derive(Default)]
pub struct Memo {
    components: std::cell::RefCell<BTreeMap<Vec<usize>, Vec<usize>>>,
}

impl Table<'_> {
    /// The least a hidden, non-empty cell is known to hold.
    fn lowest(&self, cell: usize) -> i32 {
        i32::from(self.ceiling.is_empty() || self.ceiling.get(cell).copied().flatten().is_some())
    }

    /// The hidden cells whose feasible values give away whether they are small.
    pub fn exposed(&self, hidden: &[Option<Hidden>]) -> Vec<usize> {
        self.exposed_with(hidden, &Memo::default())
    }

    /// `exposed`, reusing what `memo` remembers of components that have not changed.
    pub fn exposed_with(&self, hidden: &[Option<Hidden>], memo: &Memo) -> Vec<usize> {
        let mut found = Vec::new();
        for component in self.components(hidden) {
            if let Some(known) = memo.components.borrow().get(&component) {
                found.extend(known.iter().copied());
                continue;
            }
            let exposed = self.exposed_in(hidden, &component);
            found.extend(exposed.iter().copied());
            memo.components.borrow_mut().insert(component, exposed);
        }
        found.sort_unstable();
        found
    }

    /// Whether `cell` (hidden) is exposed as things stand.
    pub fn gives_away(&self, hidden: &[Option<Hidden>], cell: usize) -> bool {
        let Some(component) = self
            .components(hidden)
            .into_iter()
            .find(|c| c.binary_search(&cell).is_ok())
        else {
            return false;
        };
        if self.counts[cell] < self.k {
            return self
                .solve(hidden, &component, &[], Want::AtLeastK, Some(cell))
                .is_none();
        }
        self.floor(hidden, cell, &mut BTreeMap::new()) < u64::from(self.k)
            && self
                .solve(hidden, &component, &[], Want::BelowK, Some(cell))
                .is_none()
    }

    fn exposed_in(&self, hidden: &[Option<Hidden>], component: &[usize]) -> Vec<usize> {
        let (small, large): (Vec<usize>, Vec<usize>) =
            component.iter().partition(|&&c| self.counts[c] < self.k);
        let mut exposed = self.uncertified(hidden, component, small, Want::AtLeastK, false);
        let known_large = self.uncertified(hidden, component, large, Want::BelowK, false);
        if known_large.is_empty() {
            return exposed;
        }
        // Those known large by the shape of the table alone are let be; the others are tried
        // one by one as things stand.
        let mut floor = BTreeMap::new();
        for cell in known_large {
            if self.floor(hidden, cell, &mut floor) >= u64::from(self.k) {
                continue;
            }
            if self
                .solve(hidden, component, &[], Want::BelowK, Some(cell))
                .is_none()
            {
                exposed.push(cell);
            }
        }
        exposed
    }

    /// The least `cell` could hold if every cell not yet published were hidden: a published
    /// cell's own size, else at least one, and at least the floors of its non-empty parts in
    /// any exact line it totals (lines only ever total finer cells, so this ends).
    fn floor(&self, hidden: &[Option<Hidden>], cell: usize, known: &mut BTreeMap<usize, u64>) -> u64 {
        if let Some(&f) = known.get(&cell) {
            return f;
        }
        let f = if self.fixed[cell] && hidden[cell].is_none() {
            u64::from(self.counts[cell])
        } else {
            let mut f = if self.counts[cell] > 0 {
                self.lowest(cell) as u64
            } else {
                0
            };
            for line in self.exact.iter().filter(|l| l.total == cell) {
                let parts: Vec<usize> = line
                    .parts
                    .iter()
                    .copied()
                    .filter(|&p| self.counts[p] > 0)
                    .collect();
                let sum = parts.iter().map(|&p| self.floor(hidden, p, known)).sum::<u64>();
                f = f.max(sum);
            }
            f
        };
        known.insert(cell, f);
        f
    }

    /// Of `cells` (all in `component`), those no whole-number table consistent with what is
    /// shown puts where `want` says. Most are settled together: each solve gets as many of
    /// those left as it can where `want` says, and those it gets there are certified. What
    /// remains is tried one by one when `one_by_one`.
    fn uncertified(
        &self,
        hidden: &[Option<Hidden>],
        component: &[usize],
        cells: Vec<usize>,
        want: Want,
        one_by_one: bool,
    ) -> Vec<usize> {
        let mut remaining = cells;
        while !remaining.is_empty() {
            let Some(values) = self.solve(hidden, component, &remaining, want, None) else {
                break;
            };
            let before = remaining.len();
            remaining.retain(|c| !want.met(values[c], self.k));
            if remaining.len() == before {
                break;
            }
        }
        if one_by_one {
            remaining.retain(|&c| self.solve(hidden, component, &[], want, Some(c)).is_none());
        }
        remaining
    }

    /// One integer program over `component`: every hidden cell at least 1, every line met,
    /// `target` (if any) held where `want` says, and as many `push` cells as can be got there
    /// (each counts up to reaching k, or down to k − 1, so one cell cannot win at the others'
    /// expense). The values found, or `None` when there are none.
    fn solve(
        &self,
        hidden: &[Option<Hidden>],
        component: &[usize],
        push: &[usize],
        want: Want,
        target: Option<usize>,
    ) -> Option<BTreeMap<usize, f64>> {
        let unknown = |i: usize| hidden[i].is_some() && self.counts[i] > 0;
        let direction = match want {
            Want::AtLeastK => OptimizationDirection::Maximize,
            Want::BelowK => OptimizationDirection::Minimize,
        };
        let mut problem = Problem::new(direction);
        let cap = i32::try_from(self.counts.iter().map(|&c| u64::from(c)).sum::<u64>().max(1))
            .unwrap_or(i32::MAX)
            .max(self.k as i32);
        let vars: BTreeMap<usize, microlp::Variable> = component
            .iter()
            .map(|&i| {
                let top = self.ceiling.get(i).copied().flatten().map_or(cap, |c| c as i32);
                let low = self.lowest(i);
                let (low, high) = match (Some(i) == target, want) {
                    (true, Want::AtLeastK) => (self.k as i32, top),
                    (true, Want::BelowK) => (low, (self.k as i32 - 1).min(top)),
                    _ => (low, top),
                };
                if low > high {
                    return (i, None);
                }
                (i, Some(problem.add_integer_var(0.0, (low, high))))
            })
            .collect::<BTreeMap<usize, Option<microlp::Variable>>>()
            .into_iter()
            .map(|(i, v)| v.map(|v| (i, v)).ok_or(()))
            .collect::<Result<_, ()>>()
            .ok()?;
        let k = f64::from(self.k);
        for cell in push {
            let h = vars[cell];
            match want {
                // z ≤ h, z ≤ k: maximising z brings h up to k and no further.
                Want::AtLeastK => {
                    let z = problem.add_var(1.0, (0.0, k));
                    problem.add_constraint([(z, 1.0), (h, -1.0)], ComparisonOp::Le, 0.0);
                }
                // w ≥ h − (k − 1), w ≥ 0: minimising w brings h down to k − 1 and no further.
                Want::BelowK => {
                    let w = problem.add_var(1.0, (0.0, f64::INFINITY));
                    problem.add_constraint([(h, 1.0), (w, -1.0)], ComparisonOp::Le, k - 1.0);
                }
            }
        }
        let mut add = |line: &Line, op: ComparisonOp| {
            let terms = std::iter::once((line.total, 1.0)).chain(line.parts.iter().map(|&p| (p, -1.0)));
            let mut expr = Vec::new();
            let mut constant = 0.0;
            for (i, sign) in terms {
                match vars.get(&i) {
                    Some(&v) => expr.push((v, sign)),
                    None if unknown(i) => return, // another component's cell: not this line
                    None => constant += sign * f64::from(self.counts[i]),
                }
            }
            if !expr.is_empty() {
                problem.add_constraint(expr.as_slice(), op, -constant);
            }
        };
        for line in self.exact.iter().filter(|l| touches(l, &vars)) {
            add(line, ComparisonOp::Eq);
        }
        for line in self.at_most.iter().filter(|l| touches(l, &vars)) {
            add(line, ComparisonOp::Le);
        }
        // Anything but a solution counts as none: the audit fails closed.
        let solution = problem.solve().ok()?.into_solution().ok()?;
        Some(
            vars.iter()
                .map(|(&i, &v)| (i, solution.var_value(v).round()))
                .collect(),
        )
    }

    /// Every hidden cell tied by lines to one of `cells`: where the sizes bounding an exposed
    /// cell can sit (a measure's ceiling on any cell of its component bounds them all).
    pub fn reach(&self, hidden: &[Option<Hidden>], cells: &[usize]) -> Vec<usize> {
        self.components(hidden)
            .into_iter()
            .filter(|c| cells.iter().any(|cell| c.binary_search(cell).is_ok()))
            .flatten()
            .collect()
    }

    /// The hidden cells in groups tied together by lines, each sorted.
    fn components(&self, hidden: &[Option<Hidden>]) -> Vec<Vec<usize>> {
        let n = self.counts.len();
        let unknown = |i: usize| hidden[i].is_some() && self.counts[i] > 0;
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for line in self.exact.iter().chain(self.at_most) {
            let mut cells = std::iter::once(line.total)
                .chain(line.parts.iter().copied())
                .filter(|&i| unknown(i));
            if let Some(first) = cells.next() {
                for other in cells {
                    let (a, b) = (root(&mut parent, first), root(&mut parent, other));
                    parent[a] = b;
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in (0..n).filter(|&i| unknown(i)) {
            groups.entry(root(&mut parent, i)).or_default().push(i);
        }
        groups.into_values().collect()
    }
}

impl Want {
    fn met(self, value: f64, k: u32) -> bool {
        match self {
            Want::AtLeastK => value >= f64::from(k),
            Want::BelowK => value < f64::from(k),
        }
    }
}

fn touches(line: &Line, vars: &BTreeMap<usize, microlp::Variable>) -> bool {
    vars.contains_key(&line.total) || line.parts.iter().any(|p| vars.contains_key(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(total: usize, parts: &[usize]) -> Line {
        Line {
            total,
            parts: parts.to_vec(),
        }
    }

    #[test]
    fn hidden_parts_that_share_too_few_people_give_themselves_away() {
        // A team of 12: levels of 8 (shown), 3 and 1 (hidden). The hidden two share 4, so
        // each is known to be under 5.
        let counts = [12, 8, 3, 1];
        let exact = [line(0, &[1, 2, 3])];
        let table = Table {
            counts: &counts,
            exact: &exact,
            at_most: &[],
            fixed: &[false; 4],
            ceiling: &[],
            k: 5,
        };
        let hidden = [None, None, Some(Hidden::TooFew), Some(Hidden::TooFew)];
        assert_eq!(table.exposed(&hidden), [2, 3]);
        // Hiding the 8 as well: the three share 12, and any of them could be 5 or more.
        let hidden = [
            None,
            Some(Hidden::Complementary),
            Some(Hidden::TooFew),
            Some(Hidden::TooFew),
        ];
        assert!(table.exposed(&hidden).is_empty());
    }

    #[test]
    fn a_large_hidden_group_must_be_able_to_look_small() {
        // 20 = 9 (hidden) + 2 (hidden) + 9 (shown): the hidden pair share 11, so the 9 could
        // be 10 (and the 2 could be 5 or more) or 1.
        let counts = [20, 9, 2, 9];
        let exact = [line(0, &[1, 2, 3])];
        let table = Table {
            counts: &counts,
            exact: &exact,
            at_most: &[],
            fixed: &[false; 4],
            ceiling: &[],
            k: 5,
        };
        let hidden = [None, Some(Hidden::Complementary), Some(Hidden::TooFew), None];
        assert!(table.exposed(&hidden).is_empty());
        // With the total hidden too and a shown part of 9 beside them, the total is at least 11.
        let hidden = [
            Some(Hidden::Complementary),
            Some(Hidden::Complementary),
            Some(Hidden::TooFew),
            None,
        ];
        assert_eq!(table.exposed(&hidden), [0]);
    }

    #[test]
    fn a_quarter_holds_at_most_its_months() {
        // A team's quarter (2 people, hidden) and its months: 2 in the first (hidden), none in
        // the others. The first month's line (26 = 24 shown + the hidden 2) pins the month
        // down, and the quarter can hold no more than its months.
        let counts = [2, 2, 0, 0, 26, 24];
        let exact = [line(4, &[5, 1])];
        let at_most = [line(0, &[1, 2, 3])];
        let table = Table {
            counts: &counts,
            exact: &exact,
            at_most: &at_most,
            fixed: &[false; 6],
            ceiling: &[],
            k: 5,
        };
        let hidden = [Some(Hidden::TooFew), Some(Hidden::TooFew), None, None, None, None];
        assert_eq!(table.exposed(&hidden), [0, 1]);
        // With the month's neighbour hidden too, both could be 5 or more.
        let hidden = [
            Some(Hidden::TooFew),
            Some(Hidden::TooFew),
            None,
            None,
            None,
            Some(Hidden::Complementary),
        ];
        assert!(table.exposed(&hidden).is_empty());
    }

    #[test]
    fn a_group_whose_shape_alone_makes_it_large_is_let_be() {
        // A hidden total of 6 whose six parts are all hidden, one person each: it is at least
        // 6 whatever is shown, which says nothing about anyone.
        let counts = [6, 1, 1, 1, 1, 1, 1];
        let exact = [line(0, &[1, 2, 3, 4, 5, 6])];
        let table = Table {
            counts: &counts,
            exact: &exact,
            at_most: &[],
            fixed: &[false; 7],
            ceiling: &[],
            k: 5,
        };
        let hidden = [Some(Hidden::Complementary); 7];
        // Each one could be 5 or more (the total is hidden, so free to grow), and the total,
        // at least 6 by its shape, is let be.
        assert!(table.exposed(&hidden).is_empty());
    }
}
