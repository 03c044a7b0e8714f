//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), run off the
//! async threads because it is deliberately slow.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Verified against when an email is unknown, so a wrong email costs the same time as a wrong
/// password and response times do not reveal who has an account.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("not a real password").expect("argon2 with default parameters hashes"));

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes at once, at most: each takes 19 MiB and a core for a while, so a flood of sign-ins
/// waits its turn (and meets the request timeout) rather than exhausting the server.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Semaphore::new(cores * 2)
});

pub async fn hash(password: String) -> anyhow::Result<String> {
    let _turn = HASHING.acquire().await?;
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Checks `password` against `hash`, or against a dummy hash when there is no user, so both
/// failures take the same time.
pub async fn verify(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    let _turn = HASHING.acquire().await?;
    Ok(tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_now(&password, &hash),
        None => {
            verify_now(&password, &DUMMY_HASH);
            false
        }
    })
    .await?)
}

/// Words anyone guessing a Touchstone user's password would try first: the product, the
/// council it was made with and its places, the field's own words and its roles. zxcvbn counts
/// a password built from them as being as easy to guess as one built from the person's name.
pub const CONTEXT_WORDS: &[&str] = &[
    "touchstone",
    "bradford",
    "keighley",
    "shipley",
    "ilkley",
    "bingley",
    "council",
    "yorkshire",
    "adult",
    "social",
    "care",
    "socialcare",
    "social work",
    "socialwork",
    "practitioner",
    "practice",
    "manager",
    "workforce",
    "commissioner",
    "assessment",
    "audit",
    "risk",
    "community",
    "assets",
    "wellbeing",
    "strengths",
    "safeguarding",
    "admin",
    "administrator",
];

/// Why `password` would be easy to guess, in words; `None` when it would not. zxcvbn estimates
/// it as a cracker would (common and breached-list passwords, names, words, keyboard runs,
/// dates, repeats, and `about_them`: the person's email and name); anything below "safely
/// unguessable" (score 3 of 4, about 10^10 guesses) is refused with its reasons.
pub fn weakness(password: &str, about_them: &[&str]) -> Option<String> {
    // Each part of their email and name is a word a guesser would try ("priya", "shah"), and so
    // is every word of the place they work (ASVS 6.1.2: the list is `CONTEXT_WORDS`).
    let words: Vec<String> = about_them
        .iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .chain(about_them.iter().map(|t| t.to_lowercase()))
        .chain(CONTEXT_WORDS.iter().map(|w| (*w).to_owned()))
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() >= zxcvbn::Score::Three {
        return None;
    }
    let mut words = vec!["This password would be easy to guess.".to_owned()];
    if let Some(feedback) = estimate.feedback() {
        words.extend(feedback.warning().map(|w| w.to_string()));
        words.extend(feedback.suggestions().iter().map(|s| s.to_string()));
    }
    Some(words.join(" "))
}

/// A random password for `create-admin`: 20 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), about 115 bits.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = OsRng;
    (0..20)
        .map(|_| {
            // Rejection sampling keeps every character equally likely.
            loop {
                let byte = (rng.next_u32() & 0xff) as usize;
                if byte < 256 - (256 % ALPHABET.len()) {
                    return ALPHABET[byte % ALPHABET.len()] as char;
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_personal_passwords_are_refused_with_reasons_and_strong_ones_pass() {
        let common = weakness("password1234", &[]).unwrap();
        assert!(
            common.starts_with("This password would be easy to guess."),
            "{common}"
        );
        assert!(common.contains("common password"), "{common}");
        let theirs = weakness("PriyaShah!", &["priya.shah@council.example", "Priya Shah"]);
        assert!(theirs.is_some(), "their own name makes it guessable");
        assert_eq!(weakness("correct horse battery staple", &[]), None);
        // Built from the place's own words: zxcvbn's own lists would let it through; the
        // context words do not.
        let place = "keighleysocialcare";
        assert!(zxcvbn::zxcvbn(place, &[]).score() >= zxcvbn::Score::Three);
        assert!(weakness(place, &[]).is_some());
        assert_eq!(weakness("Allotment-ladder-on-Tuesdays", &[]), None);
    }

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(
            verify("correct horse battery".into(), Some(a.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery".into(), Some(a)).await.unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
        assert!(
            !verify("anything".into(), Some("not a hash".into()))
                .await
                .unwrap()
        );
    }

    #[test]
    fn generated_passwords_are_long_and_varied() {
        let a = generate();
        assert_eq!(a.chars().count(), 20);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
        assert_ne!(a, generate());
    }
}
