//! The one place Kindly reads the time, and the one way its timestamps are written.
//!
//! Every service, the outbox and the store ask [`now`] rather than the system clock, so a test
//! (or the recorder of the UI's fixtures) can [`freeze`] time for the whole process and get the
//! same answers on every run. Nothing else in the crate calls `Utc::now()`.

use chrono::{DateTime, SecondsFormat, Utc};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Microseconds since the epoch of the frozen instant, or `i64::MIN` when the clock runs.
static FROZEN: AtomicI64 = AtomicI64::new(i64::MIN);
/// Tokens handed out in this process, so two in the same instant still differ.
static SEQ: AtomicU64 = AtomicU64::new(0);

/// The current time (UTC), or the frozen instant.
pub fn now() -> DateTime<Utc> {
    match FROZEN.load(Ordering::Relaxed) {
        i64::MIN => Utc::now(),
        micros => DateTime::from_timestamp_micros(micros).unwrap_or_default(),
    }
}

/// The machine's time even when the clock is frozen: for what another machine times, such as
/// how long a provider's access token lasts.
pub fn real_now() -> DateTime<Utc> {
    Utc::now()
}

/// Stop the clock at `at` for the whole process (tests; nextest runs each test in its own).
pub fn freeze(at: DateTime<Utc>) {
    FROZEN.store(at.timestamp_micros(), Ordering::Relaxed);
}

/// Hand out tokens from the first again, so a recorded run repeats the last one exactly.
pub fn restart_tokens() {
    SEQ.store(0, Ordering::Relaxed);
}

/// Whether the clock is frozen (then tokens are deterministic too).
pub fn is_frozen() -> bool {
    FROZEN.load(Ordering::Relaxed) != i64::MIN
}

/// A timestamp as Kindly writes it everywhere: RFC 3339, UTC, whole seconds.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A token no other call in this install will return: the time in nanoseconds, a per-process
/// sequence number and (on a running clock) a random part. For Message-IDs, batch ids and the
/// calendar's install id. On a frozen clock it is the same sequence on every run.
pub fn unique_token() -> String {
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let nanos = now().timestamp_nanos_opt().unwrap_or_default();
    if is_frozen() {
        return format!("{nanos:x}.{seq:x}");
    }
    let rand: u64 = {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_i64(nanos);
        h.write_u64(seq);
        h.write_u32(std::process::id());
        h.finish()
    };
    format!("{nanos:x}.{seq:x}.{rand:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_stands_still_and_tokens_still_differ() {
        let at = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        freeze(at);
        assert_eq!(now(), at);
        assert_eq!(now(), at);
        assert_eq!(ts(now()), "2026-03-02T09:00:00Z");
        let a = unique_token();
        let b = unique_token();
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("{:x}.", at.timestamp_nanos_opt().unwrap())));
    }
}
