//! `make bench`: the tone check. How far it agrees with the corpus (finding by finding, false
//! and missed blocks), and how long it takes to read a 200-word rejection, beside a floor in
//! the same run: one lower-cased pass over the same message's words, which any check that
//! reads the words must make. Target: under 1 ms per message.

#[path = "../../crates/kindly-core/tests/tone_scoring/mod.rs"]
mod tone_scoring;

use chrono::NaiveDate;
use kindly_core::domain::tone::{self, MessageKind, ToneInput};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 5_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let s = tone_scoring::score(&tone_scoring::corpus());
    println!("{s}");
    for d in &s.differences {
        println!("  differs: {d}");
    }

    let middle = "Your latte art was excellent and you were warm with the regulars who came in during your trial shift, asking about their usual orders and remembering two of them by the end of the morning. What held you back was the pace of the Saturday rush: when the queue reached the door you slowed down to make each drink perfect, which we admire, but on a busy day the balance needs to tip towards speed. Practising a sequence for two or three orders at once, steaming while the shot pulls and calling names as you go, would make a real difference. Your answers about stock rotation and the allergen questions were clear and careful, and your idea of a loyalty card for students was a good one. We talked about the pastry counter too, and your suggestion of a smaller second bake was practical.";
    let body = format!(
        "Dear Anne-Marie,\n\nThank you for the time and thought you gave to interviewing for the Medical Receptionist role at Riverside Medical Practice. We have decided to offer the position to someone else, and I wanted you to hear it from me directly.\n\n{middle}\n\nThis is not the news you hoped for. I wish you every success in your search.\n\nKind regards,\nMaria Lopez"
    );
    let words = body.split_whitespace().count();
    let input = ToneInput {
        kind: MessageKind::Rejection,
        body: &body,
        candidate_first_name: "Anne-Marie",
        role_title: Some("Medical Receptionist"),
        feedback: None,
        last_interview: NaiveDate::from_ymd_opt(2026, 3, 2),
        today: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        consent_on_record: false,
        signature: "Maria Lopez",
        business: "Riverside Medical Practice",
        reply_to: "maria@riverside.example",
        names: &["Anne-Marie O'Neil", "Maria Lopez"],
        vouched: &[],
    };
    assert!(
        tone::check(&input).is_empty(),
        "the bench message reads clean"
    );
    let (mut check, mut floor) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        let t = Instant::now();
        black_box(tone::check(black_box(&input)));
        check.push(t.elapsed());
        let t = Instant::now();
        black_box(
            black_box(&body)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>(),
        );
        floor.push(t.elapsed());
    }
    let (c, f) = (median(check), median(floor));
    println!(
        "tone check: {:.1} µs per {words}-word message (median of {RUNS}); floor, one lower-cased pass over its words: {:.1} µs; {:.1}× the floor; target under 1000 µs: {}",
        c.as_secs_f64() * 1e6,
        f.as_secs_f64() * 1e6,
        c.as_secs_f64() / f.as_secs_f64(),
        if c < Duration::from_millis(1) { "met" } else { "NOT met" }
    );
}
