//! How services are found by words: the rules the server and the device share, so that a
//! search gives the same services in the same order online and offline.
//!
//! Text is folded (lower case, accents off, apostrophes dropped), split into words at anything
//! not a letter or digit, common English words ("the", "for") left out, and each word stemmed
//! (Snowball English: "befriender" and "befriending" are both "befriend"). A field is indexed
//! by each word's stem and, where it differs, the word itself. A search finds the services
//! matching every word it has: a word matches a term equal to it or to its stem; the last word,
//! still being typed, also matches any term it (or its stem) begins.
//!
//! Found services are ranked by where their words matched: each word scores the best of its
//! matches, its field's weight (name 10, categories 4, description 1), halved for a match on
//! the start of a term only. Equal scores are in name order. Ranking needs nothing but the
//! service itself (no statistics of the whole directory), so the server, which ranks what its
//! database matched, and the device, which reads its whole copy, rank alike.
//!
//! The databases match by the same rules: the server stores each service's terms
//! (`Document::stored`), and asks PostgreSQL (`Query::tsquery`) or SQLite FTS5
//! (`Query::fts5`) for those matching the query's.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use super::TaxonomyTerm;

pub mod cases;
pub mod filters;
pub mod finding;
pub mod index;

/// Changes whenever these rules change what a service is indexed by: the server then indexes
/// every service again.
pub const RULES_VERSION: i32 = 1;

/// The most words a search reads.
pub const MOST_WORDS: usize = 12;

/// What a match is worth, by field.
pub const NAME_WEIGHT: f64 = 10.0;
pub const CATEGORIES_WEIGHT: f64 = 4.0;
pub const DESCRIPTION_WEIGHT: f64 = 1.0;

/// Words too common to search by (Snowball's English stop list, which PostgreSQL's `english`
/// configuration also uses).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The words of `text`, folded, common words left out.
pub fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && STOP_WORDS.binary_search(w).is_err())
        .map(str::to_owned)
        .collect()
}

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The terms a field is indexed by: each word's stem and, where it differs, the word.
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = stemmer();
    let mut terms = Vec::new();
    for word in words(text) {
        let stem = stemmer.stem(&word);
        if stem != word {
            terms.push(stem.into_owned());
        }
        terms.push(word);
    }
    terms
}

/// One word of a search.
#[derive(Debug, Clone, PartialEq)]
struct QueryWord {
    word: String,
    stem: String,
    /// The last word, perhaps still being typed: a term it begins matches too.
    prefix: bool,
}

/// A search's words, ready to match.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    words: Vec<QueryWord>,
}

/// How well one word matched one term.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Match {
    Begins,
    Whole,
}

impl QueryWord {
    fn matches(&self, term: &str) -> Option<Match> {
        if term == self.stem || term == self.word {
            Some(Match::Whole)
        } else if self.prefix && (term.starts_with(&self.word) || term.starts_with(&self.stem)) {
            Some(Match::Begins)
        } else {
            None
        }
    }

    /// The alternatives a database term may equal (or begin with, for the last word).
    fn forms(&self) -> Vec<&str> {
        let mut forms = vec![self.stem.as_str()];
        if self.word != self.stem {
            forms.push(self.word.as_str());
        }
        forms
    }
}

impl Query {
    /// The search `text` asks for; `None` when it has no words to search by (only punctuation,
    /// or only common words).
    pub fn parse(text: &str) -> Option<Query> {
        let stemmer = stemmer();
        let words: Vec<String> = words(text).into_iter().take(MOST_WORDS).collect();
        let last = words.len().checked_sub(1)?;
        Some(Query {
            words: words
                .into_iter()
                .enumerate()
                .map(|(i, word)| QueryWord {
                    stem: stemmer.stem(&word).into_owned(),
                    word,
                    prefix: i == last,
                })
                .collect(),
        })
    }

    /// The query for PostgreSQL's `to_tsquery('simple', …)` over the stored terms.
    pub fn tsquery(&self) -> String {
        self.words
            .iter()
            .map(|w| {
                let suffix = if w.prefix { ":*" } else { "" };
                let forms: Vec<String> = w.forms().iter().map(|f| format!("{f}{suffix}")).collect();
                format!("({})", forms.join(" | "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// The query for an SQLite FTS5 `match` over the stored terms.
    pub fn fts5(&self) -> String {
        self.words
            .iter()
            .map(|w| {
                let suffix = if w.prefix { "*" } else { "" };
                let forms: Vec<String> = w.forms().iter().map(|f| format!("\"{f}\"{suffix}")).collect();
                format!("({})", forms.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// A service as words find it: the terms of its name, its categories' words (each category's
/// name and its parent's: `category_words`) and its description.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    name: Vec<String>,
    categories: Vec<String>,
    description: Vec<String>,
}

/// A category's words: its name and its parent's, so that a memory café is found by "dementia".
pub fn category_words(name: &str, parent: Option<&str>) -> String {
    match parent {
        Some(parent) => format!("{name} {parent}"),
        None => name.to_owned(),
    }
}

/// The words of the categories `ids` (found in `terms`, each with its parent's name).
pub fn categories_text(terms: &[TaxonomyTerm], ids: &[Uuid]) -> String {
    let name = |id: Uuid| terms.iter().find(|t| t.id == id);
    ids.iter()
        .filter_map(|id| name(*id))
        .map(|term| {
            let parent = term.parent_id.and_then(name).map(|p| p.name.as_str());
            category_words(&term.name, parent)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Document {
    pub fn new(name: &str, categories: &str, description: &str) -> Document {
        Document {
            name: terms(name),
            categories: terms(categories),
            description: terms(description),
        }
    }

    /// Its terms as the databases store them: each field's space-separated, the fields a line
    /// each (a database matches any of them; ranking reads them back with `score_stored`).
    pub fn stored(&self) -> String {
        [&self.name, &self.categories, &self.description]
            .map(|field| field.join(" "))
            .join("\n")
    }

    /// A document read back from `stored` (the tests' check that `score_stored` agrees).
    #[cfg(test)]
    pub fn from_stored(stored: &str) -> Document {
        let mut fields = stored.split('\n').map(|f| {
            f.split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        });
        Document {
            name: fields.next().unwrap_or_default(),
            categories: fields.next().unwrap_or_default(),
            description: fields.next().unwrap_or_default(),
        }
    }

    /// How well it answers `query`, or `None` when a word of it matches nothing here.
    pub fn score(&self, query: &Query) -> Option<f64> {
        fn field(terms: &[String]) -> Vec<&str> {
            terms.iter().map(String::as_str).collect()
        }
        score_fields(
            [
                field(&self.name),
                field(&self.categories),
                field(&self.description),
            ],
            query,
        )
    }
}

/// What `Document::from_stored(stored).score(query)` is, read straight from the stored text
/// (the server ranks hundreds of matches a search: no copies made).
pub fn score_stored(stored: &str, query: &Query) -> Option<f64> {
    let mut lines = stored.split('\n');
    let mut field = || {
        lines
            .next()
            .unwrap_or_default()
            .split(' ')
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    };
    score_fields([field(), field(), field()], query)
}

/// Each word scores the best of its matches: its field's weight, halved for a term it only
/// begins; a word matching nothing leaves the document out.
fn score_fields(fields: [Vec<&str>; 3], query: &Query) -> Option<f64> {
    let weights = [NAME_WEIGHT, CATEGORIES_WEIGHT, DESCRIPTION_WEIGHT];
    let mut total = 0.0;
    for word in &query.words {
        let mut best: Option<f64> = None;
        for (terms, weight) in fields.iter().zip(weights) {
            for term in terms {
                let score = match word.matches(term) {
                    Some(Match::Whole) => weight,
                    Some(Match::Begins) => weight / 2.0,
                    None => continue,
                };
                best = Some(best.map_or(score, |b| b.max(score)));
            }
        }
        total += best?;
    }
    Some(total)
}

/// Puts found services in order: best score first, then by name, then by id.
pub fn rank<Id: Ord + Copy>(found: &mut [(Id, String, f64)]) {
    found.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.0.cmp(&b.0))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_are_folded_and_common_ones_left_out() {
        assert_eq!(
            words("The Men's Shed: CAFÉ, Łódź & 60s!"),
            ["mens", "shed", "cafe", "łodz", "60s"]
        );
        assert_eq!(
            terms("Befriending carers"),
            ["befriend", "befriending", "carer", "carers"]
        );
    }

    #[test]
    fn queries_read_only_words() {
        assert_eq!(Query::parse("?!"), None);
        assert_eq!(Query::parse("the of"), None);
        let q = Query::parse("\"memory\" (*) caf-").unwrap();
        assert_eq!(q.tsquery(), "(memori | memory) & (caf:*)");
        assert_eq!(q.fts5(), "(\"memori\" OR \"memory\") AND (\"caf\"*)");
    }

    #[test]
    fn a_stored_document_reads_back_the_same() {
        let doc = Document::new("Memory café", "Memory cafés Dementia", "");
        assert_eq!(
            doc.stored(),
            "memori memory cafe\nmemori memory cafe cafes dementia\n"
        );
        assert_eq!(Document::from_stored(&doc.stored()), doc);
        let q = Query::parse("dementia caf").unwrap();
        assert_eq!(score_stored(&doc.stored(), &q), doc.score(&q));
        assert_eq!(doc.score(&q), Some(CATEGORIES_WEIGHT + NAME_WEIGHT / 2.0));
    }

    #[test]
    fn the_shared_table_ranks_as_expected() {
        for search in cases::SEARCHES {
            assert_eq!(
                cases::search(search.words),
                search.finds,
                "searching {:?}",
                search.words
            );
        }
    }
}
