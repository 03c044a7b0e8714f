//! When to try again after a failed sync: exponential backoff with full jitter (AWS's "full
//! jitter": a random wait between zero and the exponential cap), never less than a floor so a
//! broken network never makes the app spin, and never sooner than the server's `Retry-After`.

use std::time::Duration;

pub const FLOOR: Duration = Duration::from_millis(500);
pub const BASE: Duration = Duration::from_secs(1);
pub const CAP: Duration = Duration::from_secs(300);

/// The wait before attempt number `failures + 1`. `jitter` is a random number in `[0, 1)` (passed
/// in so the decision stays pure and testable).
pub fn delay(failures: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
    let exponential = BASE
        .saturating_mul(1u32.checked_shl(failures.min(30)).unwrap_or(u32::MAX))
        .min(CAP);
    let jittered = exponential.mul_f64(jitter.clamp(0.0, 1.0));
    jittered.max(FLOOR).max(retry_after.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_up_to_the_cap() {
        assert_eq!(delay(0, 0.999_999, None).as_millis(), 999);
        assert_eq!(delay(3, 0.5, None), Duration::from_secs(4));
        assert_eq!(
            delay(40, 0.5, None),
            CAP / 2,
            "capped, and no overflow for many failures"
        );
    }

    #[test]
    fn never_spins_and_honours_retry_after() {
        assert_eq!(delay(0, 0.0, None), FLOOR);
        assert_eq!(
            delay(0, 0.1, Some(Duration::from_secs(30))),
            Duration::from_secs(30)
        );
        assert_eq!(delay(10, 0.9, Some(Duration::from_secs(1))), CAP.mul_f64(0.9));
        assert!(
            delay(5, f64::NAN.max(2.0), None) <= CAP,
            "out-of-range jitter is clamped"
        );
    }
}
