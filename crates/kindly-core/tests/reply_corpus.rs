//! The reply corpus (`tests/fixtures/replies/`): raw messages as everyday clients write them,
//! each read through `mail::inbound::hear`, the function the inbox files mail with, and held to
//! its expected kind, own words, reading, score and bounce. See the corpus's README.

use kindly_core::domain::replies::ReadsAs;
use kindly_core::mail::inbound::{hear, Heard, HeardKind};
use mail_parser::MessageParser;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct Expected {
    client: String,
    kind: String,
    text: Option<String>,
    reads_as: String,
    score: Option<i32>,
    bounce: Option<ExpectedBounce>,
}

#[derive(Debug, Deserialize)]
struct ExpectedBounce {
    recipient: Option<String>,
    original_id: Option<String>,
}

struct Case {
    name: String,
    expected: Expected,
    heard: Heard,
}

impl Case {
    /// The person said no, not yet, or erase: never to be read as a yes.
    fn refuses(&self) -> bool {
        ["remove", "unsure", "erase"].contains(&self.expected.reads_as.as_str())
    }
}

fn corpus(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/replies")
        .join(set)
}

fn read_set(set: &str) -> Vec<Case> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus(set))
        .unwrap_or_else(|e| panic!("{set}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|eml| {
            let raw = std::fs::read(&eml).unwrap();
            let json = std::fs::read_to_string(eml.with_extension("json"))
                .unwrap_or_else(|e| panic!("{}: no expectation: {e}", eml.display()));
            let expected: Expected =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", eml.display()));
            let m = MessageParser::default()
                .parse(&raw)
                .unwrap_or_else(|| panic!("{}: not a message", eml.display()));
            Case {
                name: eml.file_stem().unwrap().to_string_lossy().into_owned(),
                expected,
                heard: hear(&m),
            }
        })
        .collect()
}

fn spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_name(k: HeardKind) -> &'static str {
    match k {
        HeardKind::Reply => "reply",
        HeardKind::AutoReply => "auto_reply",
        HeardKind::Bounce => "bounce",
    }
}

fn reading_name(r: ReadsAs) -> &'static str {
    match r {
        ReadsAs::Yes => "yes",
        ReadsAs::Remove => "remove",
        ReadsAs::Erase => "erase",
        ReadsAs::Access => "access",
        ReadsAs::Unsure => "unsure",
        ReadsAs::Other => "other",
    }
}

/// Each way the reading of a case differs from what it expects (empty: it agrees).
fn differences(c: &Case) -> Vec<String> {
    let e = &c.expected;
    let h = &c.heard;
    let mut out = Vec::new();
    if kind_name(h.kind) != e.kind {
        out.push(format!("kind: {} (expected {})", kind_name(h.kind), e.kind));
    }
    if e.kind != "bounce" {
        let want = spaced(e.text.as_deref().unwrap_or_default());
        if spaced(&h.text) != want {
            out.push(format!(
                "text: {:?}\n      expected {:?}",
                spaced(&h.text),
                want
            ));
        }
    }
    if reading_name(h.reads_as) != e.reads_as {
        out.push(format!(
            "reads_as: {} (expected {})",
            reading_name(h.reads_as),
            e.reads_as
        ));
    }
    if e.kind == "reply" && h.score != e.score {
        out.push(format!("score: {:?} (expected {:?})", h.score, e.score));
    }
    if let Some(b) = &e.bounce {
        let got = h.bounce.as_ref();
        let recipient = got.and_then(|g| g.recipient.clone());
        let original = got.and_then(|g| g.original_id.clone());
        if recipient != b.recipient {
            out.push(format!(
                "bounce recipient: {recipient:?} (expected {:?})",
                b.recipient
            ));
        }
        if original != b.original_id {
            out.push(format!(
                "bounce original_id: {original:?} (expected {:?})",
                b.original_id
            ));
        }
    }
    out
}

fn report(cases: &[Case]) -> (usize, String) {
    let mut text = String::new();
    let mut wrong = 0;
    for c in cases {
        let d = differences(c);
        if !d.is_empty() {
            wrong += 1;
            text.push_str(&format!(
                "\n{} ({}):\n  {}",
                c.name,
                c.expected.client,
                d.join("\n  ")
            ));
        }
    }
    (wrong, text)
}

#[test]
fn every_development_message_reads_as_expected() {
    let cases = read_set("dev");
    assert!(
        cases.len() >= 200,
        "the development set has {} messages",
        cases.len()
    );
    let (wrong, text) = report(&cases);
    assert_eq!(wrong, 0, "{wrong} of {} read otherwise:{text}", cases.len());
}

/// What the held-out set of the current round read when its rules were frozen (round 8, 60
/// messages written blind after round 7's fixes): 83.3%, short of the 95% the issue asks for.
/// The test holds the reader to no worse while the next round is worked on, and prints the
/// figure; the expectations are never edited.
const HELD_OUT_AGREED: usize = 50;
/// Of those, refusals or undecided answers the reader took for a yes.
const HELD_OUT_FALSE_YES: usize = 0;

#[test]
// The round's figure may be 0, which makes the comparison an equality for clippy; it stays a
// floor so a later round's figure is one constant to change.
#[allow(clippy::absurd_extreme_comparisons)]
fn the_held_out_set_reads_no_worse_than_when_its_round_was_frozen() {
    let cases = read_set("held-out");
    assert!(
        cases.len() >= 40,
        "the held-out set has {} messages",
        cases.len()
    );
    let (wrong, text) = report(&cases);
    let agreed = cases.len() - wrong;
    let false_yes: Vec<&str> = cases
        .iter()
        .filter(|c| c.refuses() && c.heard.reads_as == ReadsAs::Yes)
        .map(|c| c.name.as_str())
        .collect();
    println!(
        "held-out: {agreed} of {} agree ({:.1}%); read as yes though not: {false_yes:?}{text}",
        cases.len(),
        agreed as f64 * 100.0 / cases.len() as f64,
    );
    assert!(
        agreed >= HELD_OUT_AGREED,
        "held-out agreement fell to {agreed}:{text}"
    );
    assert!(
        false_yes.len() <= HELD_OUT_FALSE_YES,
        "more held-out refusals read as yes: {false_yes:?}"
    );
}

#[test]
fn no_refusal_and_no_undecided_answer_reads_as_yes() {
    // The held-out set's own count of these is held by the test above.
    let mut checked = 0;
    for set in ["dev"] {
        for c in read_set(set) {
            if c.refuses() {
                checked += 1;
                assert_ne!(
                    c.heard.reads_as,
                    ReadsAs::Yes,
                    "{set}/{} reads as yes",
                    c.name
                );
            }
        }
    }
    assert!(checked >= 60, "only {checked} refusals in the corpus");
}

#[test]
fn no_stored_text_holds_kindlys_own_words() {
    // What Kindly wrote, which only a quote of its message can bring into a reply.
    let ours = [
        "you can ask us to remove them at any time",
        "How did we do? Reply with a number from 1 to 5.",
        "owner@riverside.example",
    ];
    // The development set only: a held-out message whose quote stays is a miss in the held-out
    // figure (its text differs), counted there, never hidden by a red build.
    for set in ["dev"] {
        for c in read_set(set) {
            let t = spaced(&c.heard.text);
            for o in ours {
                assert!(!t.contains(o), "{set}/{}: the quote stayed: {t:?}", c.name);
            }
        }
    }
}

/// The existing Rust crate for this (a port of the email_reply_parser family), on the same
/// development set's text parts: Kindly keeps its own reader only while it reads the corpus
/// better.
#[test]
fn kindlys_reader_reads_the_corpus_better_than_email_reply_parser() {
    let cases = read_set("dev");
    let mut theirs = 0;
    let mut ours = 0;
    let mut replies = 0;
    for c in &cases {
        if c.expected.kind != "reply" {
            continue;
        }
        replies += 1;
        let want = spaced(c.expected.text.as_deref().unwrap_or_default());
        let raw = std::fs::read(corpus("dev").join(format!("{}.eml", c.name))).unwrap();
        let m = MessageParser::default().parse(&raw).unwrap();
        let body = m.body_text(0).unwrap_or_default().into_owned();
        if spaced(&email_reply_parser::EmailReplyParser::parse_reply(&body)) == want {
            theirs += 1;
        }
        if spaced(&c.heard.text) == want {
            ours += 1;
        }
    }
    println!(
        "own words right: Kindly {ours} of {replies}, email_reply_parser {theirs} of {replies}"
    );
    assert!(
        ours > theirs,
        "Kindly {ours}, email_reply_parser {theirs} of {replies}"
    );
}

mod never_stuck {
    use super::*;
    use proptest::prelude::*;

    /// The development set's raw messages, read once for all the cases.
    fn development_messages() -> &'static [Vec<u8>] {
        static ALL: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| {
            let mut names: Vec<PathBuf> = std::fs::read_dir(corpus("dev"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect();
            names.sort();
            names.iter().map(|p| std::fs::read(p).unwrap()).collect()
        })
    }

    fn hear_bytes(raw: &[u8]) {
        if let Some(m) = MessageParser::default().parse(raw) {
            let _ = hear(&m);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any bytes at all: read or skipped, never a panic.
        #[test]
        fn any_bytes_are_heard_or_skipped(raw in proptest::collection::vec(any::<u8>(), 0..4096)) {
            hear_bytes(&raw);
        }

        /// A real message cut, spliced and overwritten anywhere: its MIME boundaries, charsets,
        /// encodings and HTML broken in every way a cut can break them.
        #[test]
        fn broken_corpus_messages_are_heard_or_skipped(
            pick in any::<prop::sample::Index>(),
            cut in any::<prop::sample::Index>(),
            splice in any::<prop::sample::Index>(),
            junk in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let raw = pick.get(development_messages());
            let at = cut.index(raw.len().max(1));
            let mut broken = raw[..at.min(raw.len())].to_vec();
            broken.extend_from_slice(&junk);
            let from = splice.index(raw.len().max(1));
            broken.extend_from_slice(&raw[from.min(raw.len())..]);
            hear_bytes(&broken);
        }
    }

    /// A 20 MB reply, an HTML body of 200,000 nested elements and a charset nobody knows: each
    /// read, the person's words kept to their first 512 KB.
    #[test]
    fn huge_and_odd_bodies_are_read() {
        let head = "From: Ana <ana@example.org>\r\nTo: owner@riverside.example\r\nSubject: Re: Barista\r\nMIME-Version: 1.0\r\n";
        let big = format!(
            "{head}Content-Type: text/plain; charset=utf-8\r\n\r\nYes please.\r\n{}",
            "> quoted line of the history\r\n".repeat(700_000)
        );
        let h = hear(&MessageParser::default().parse(big.as_bytes()).unwrap());
        assert_eq!(h.text, "Yes please.");
        let nested = format!(
            "{head}Content-Type: text/html; charset=utf-8\r\n\r\n<div>Yes please.</div>{}{}",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        );
        let h = hear(&MessageParser::default().parse(nested.as_bytes()).unwrap());
        assert!(
            h.text.starts_with("Yes please."),
            "{:?}",
            &h.text[..40.min(h.text.len())]
        );
        let odd = format!(
            "{head}Content-Type: text/plain; charset=x-nobody-knows\r\n\r\nYes please.\r\n"
        );
        let h = hear(&MessageParser::default().parse(odd.as_bytes()).unwrap());
        assert_eq!(h.text, "Yes please.");
    }
}
