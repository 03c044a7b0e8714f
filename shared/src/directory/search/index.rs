//! The device's word index over its copy of the directory: which services hold a term, so a
//! search reads only the services that can match instead of all ten thousand.
//!
//! Written here rather than taken from a search crate (`probly-search`, `tantivy`): those rank
//! by corpus statistics (BM25), which would rank a service differently on a device holding a
//! day-old copy than on the server, and differently again on the server's two databases. These
//! rules rank from the service alone (`Document::score`); all an index has to add is a sorted
//! list of terms with the services holding each, which is this file.

use super::{Document, Query};

/// Terms in order, each with the positions (in the order documents were given) of the
/// documents holding it.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: Vec<(Box<str>, Vec<u32>)>,
}

impl Index {
    pub fn new<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Index {
        let mut pairs: Vec<(&str, u32)> = Vec::new();
        for (position, document) in documents.into_iter().enumerate() {
            let fields = [&document.name, &document.categories, &document.description];
            pairs.extend(
                fields
                    .into_iter()
                    .flatten()
                    .map(|t| (t.as_str(), position as u32)),
            );
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut terms: Vec<(Box<str>, Vec<u32>)> = Vec::new();
        for (term, position) in pairs {
            match terms.last_mut() {
                Some((last, positions)) if **last == *term => positions.push(position),
                _ => terms.push((term.into(), vec![position])),
            }
        }
        Index { terms }
    }

    /// How many different terms it holds.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The positions, in order, of the documents holding a term that each word of `query`
    /// matches (equal to the word or its stem; for the last word, beginning with either). Every
    /// document `Document::score` scores is among them, and only those.
    pub fn candidates(&self, query: &Query) -> Vec<u32> {
        let mut found: Option<Vec<u32>> = None;
        for word in &query.words {
            let mut positions = Vec::new();
            for form in word.forms() {
                if word.prefix {
                    let start = self.terms.partition_point(|(t, _)| &**t < form);
                    let holding = self.terms[start..]
                        .iter()
                        .take_while(|(t, _)| t.starts_with(form));
                    holding.for_each(|(_, p)| positions.extend_from_slice(p));
                } else if let Ok(at) = self.terms.binary_search_by(|(t, _)| (**t).cmp(form)) {
                    positions.extend_from_slice(&self.terms[at].1);
                }
            }
            positions.sort_unstable();
            positions.dedup();
            found = Some(match found {
                None => positions,
                Some(before) => intersect(&before, &positions),
            });
            if found.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        found.unwrap_or_default()
    }
}

/// The positions in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents() -> Vec<Document> {
        vec![
            Document::new("Walking group", "Exercise", "A weekly walk in the park"),
            Document::new("Befriending service", "Loneliness", "Volunteers visit at home"),
            Document::new(
                "Memory café",
                "Dementia",
                "A friendly café for people with memory loss",
            ),
        ]
    }

    #[test]
    fn candidates_are_exactly_what_the_rules_score() {
        let documents = documents();
        let index = Index::new(&documents);
        for words in [
            "walk",
            "walking",
            "wal",
            "befriender",
            "cafe",
            "café",
            "memory caf",
            "park walk",
            "home visits",
            "zebra",
            "a",
            "memory zebra",
        ] {
            let Some(query) = Query::parse(words) else {
                continue;
            };
            let scored: Vec<u32> = documents
                .iter()
                .enumerate()
                .filter(|(_, d)| d.score(&query).is_some())
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(index.candidates(&query), scored, "{words}");
        }
    }

    #[test]
    fn a_term_is_held_once_with_every_document_holding_it() {
        let documents = documents();
        let index = Index::new(&documents);
        let cafe = index.terms.iter().find(|(t, _)| &**t == "cafe").unwrap();
        assert_eq!(cafe.1, vec![2]);
        assert!(index.terms.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(!index.is_empty());
    }
}
