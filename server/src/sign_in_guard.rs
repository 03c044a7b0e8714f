//! Sign-in that cannot be turned against its users (ASVS 5.0 6.3.1, 6.1.1).
//!
//! Failed sign-ins, not attempts, are counted, in the database so that every server behind a
//! balancer sees the same counts:
//!
//! - per **account** from devices it has not signed in on: a few mistakes are free, then each
//!   further try waits longer (1 s, 2 s, 4 s … at most 15 minutes) — slow guessing, never a
//!   lock that lasts;
//! - per **known device**: a browser that signed in to the account before carries a random token
//!   (a cookie, stored hashed); its failures are its own, so a stranger's guesses at someone's
//!   email cannot keep them out of their own phone or laptop;
//! - per **address**, from devices not known to the account tried: one address trying many
//!   accounts (password spraying) waits too, with more free failures, since a council office
//!   shares one address.
//!
//! A try that must wait is answered `429` with `Retry-After`, before any password is hashed.
//! Failures are forgotten an hour after the last one, and a success clears the account's and the
//! device's counts. Each server also has a ceiling on sign-in tries per second and on password
//! hashes at once (`password.rs`): those protect that server's processor, so they are its own.

use chrono::{DateTime, Duration, Utc};

/// What a count of failures is kept under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Account,
    Device,
    Address,
}

/// Failures are forgotten this long after the last one.
pub fn forget_after() -> Duration {
    Duration::hours(1)
}

/// The longest any try waits.
pub fn longest_wait() -> Duration {
    Duration::minutes(15)
}

impl Counted {
    /// The failures allowed before any wait.
    pub fn free(self) -> i64 {
        match self {
            Counted::Account | Counted::Device => 5,
            Counted::Address => 20,
        }
    }

    /// The key its count is kept under, for `value` (an email, a device token's hash, an address).
    pub fn key(self, value: &str) -> String {
        let kind = match self {
            Counted::Account => "account",
            Counted::Device => "device",
            Counted::Address => "address",
        };
        format!("{kind}:{value}")
    }

    /// The wait after `failures` failures: none while they are free, then doubling from a second.
    pub fn delay(self, failures: i64) -> Duration {
        let beyond = failures - self.free();
        if beyond < 0 {
            return Duration::zero();
        }
        let seconds = 1_i64 << beyond.min(20);
        Duration::seconds(seconds).min(longest_wait())
    }

    /// How long until the next try, after `failures` failures the last of which was at `last`;
    /// `None` when it may try now.
    pub fn wait(self, failures: i64, last: DateTime<Utc>, now: DateTime<Utc>) -> Option<Duration> {
        if now - last >= forget_after() {
            return None;
        }
        let until = last + self.delay(failures);
        (until > now).then(|| until - now)
    }
}

/// Whole seconds to put in `Retry-After`: at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let millis = wait.num_milliseconds().max(0) as u64;
    millis.div_ceil(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_mistakes_are_free_then_each_try_waits_longer_up_to_a_ceiling() {
        let account = Counted::Account;
        assert_eq!(account.delay(4), Duration::zero());
        assert_eq!(account.delay(5), Duration::seconds(1));
        assert_eq!(account.delay(6), Duration::seconds(2));
        assert_eq!(account.delay(9), Duration::seconds(16));
        assert_eq!(account.delay(40), longest_wait());
        assert_eq!(account.delay(i64::MAX), longest_wait());
        assert_eq!(
            Counted::Address.delay(19),
            Duration::zero(),
            "an office shares an address"
        );
        assert_eq!(Counted::Address.delay(21), Duration::seconds(2));
    }

    #[test]
    fn a_wait_runs_from_the_last_failure_and_failures_are_forgotten_after_an_hour() {
        let last = Utc::now();
        let account = Counted::Account;
        assert_eq!(account.wait(4, last, last), None);
        assert_eq!(account.wait(7, last, last), Some(Duration::seconds(4)));
        assert_eq!(
            account.wait(7, last, last + Duration::seconds(3)),
            Some(Duration::seconds(1))
        );
        assert_eq!(account.wait(7, last, last + Duration::seconds(4)), None);
        assert_eq!(account.wait(100, last, last + Duration::hours(1)), None);
        assert_eq!(retry_after_secs(Duration::milliseconds(1001)), 2);
        assert_eq!(retry_after_secs(Duration::zero()), 1);
    }
}
