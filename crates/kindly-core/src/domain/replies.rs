//! Reading what people write back, in their own words: whether a reply reads as a yes to
//! staying in touch or as a wish to be removed, and whether it is just a score from 1 to 5.
//! Suggestions only: nothing is recorded without the owner's click. The words are data files
//! (`data/replies/<language>.json`), one per language.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::OnceLock;

/// The line a final message may end with; a reply that is just a number answers it.
pub const SCORE_QUESTION: &str = "How did we do? Reply with a number from 1 to 5.";

#[derive(Debug, Deserialize)]
struct Words {
    #[allow(dead_code)]
    language: String,
    yes: Vec<String>,
    remove: Vec<String>,
    auto_reply_subjects: Vec<String>,
}

/// Every language's words, merged: a reply is read in whichever it is written in.
fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let files = [include_str!("../../data/replies/en.json")];
        let mut all = Words {
            language: "all".into(),
            yes: vec![],
            remove: vec![],
            auto_reply_subjects: vec![],
        };
        for f in files {
            let w: Words = serde_json::from_str(f).expect("the reply word lists are valid JSON");
            all.yes.extend(w.yes.into_iter().map(|s| normal(&s)));
            all.remove.extend(w.remove.into_iter().map(|s| normal(&s)));
            all.auto_reply_subjects
                .extend(w.auto_reply_subjects.into_iter().map(|s| normal(&s)));
        }
        all
    })
}

/// Lower case, curly apostrophes straight, runs of spaces as one.
fn normal(s: &str) -> String {
    s.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `phrase` occurs in `text` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '\'';
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        let starts =
            phrase.chars().next().is_none_or(|c| !word(c)) || before.is_none_or(|c| !word(c));
        let ends =
            phrase.chars().next_back().is_none_or(|c| !word(c)) || after.is_none_or(|c| !word(c));
        starts && ends
    })
}

/// How a reply reads, as a suggestion for the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReadsAs {
    /// "Yes, please keep my details": Record consent is suggested first.
    Yes,
    /// "Please remove me": leaving the pool or erasure is offered.
    Remove,
    /// Neither: the owner reads it.
    Other,
}

/// How a reply's own words (without the quoted history) read. A wish to be removed wins over
/// a yes ("yes, please remove me").
pub fn reads_as(text: &str) -> ReadsAs {
    let t = normal(text);
    let w = words();
    if w.remove.iter().any(|p| has_phrase(&t, p)) {
        ReadsAs::Remove
    } else if w.yes.iter().any(|p| has_phrase(&t, p)) {
        ReadsAs::Yes
    } else {
        ReadsAs::Other
    }
}

/// A reply that is just a number from 1 to 5 (a "4", "4/5", "5!"), as a score.
pub fn score(text: &str) -> Option<i32> {
    let t = text.trim();
    let t = t.strip_suffix("/5").unwrap_or(t);
    let t = t.trim_end_matches(['.', '!', ' ']);
    match t {
        "1" | "2" | "3" | "4" | "5" => t.parse().ok(),
        _ => None,
    }
}

/// Whether a subject reads like an automatic answer ("Out of office: …", "Automatic reply").
pub fn auto_reply_subject(subject: &str) -> bool {
    let s = normal(subject);
    let s = s.trim_start_matches("re:").trim_start();
    words()
        .auto_reply_subjects
        .iter()
        .any(|p| s.starts_with(p.as_str()) || has_phrase(s, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yes_a_removal_or_neither() {
        for yes in [
            "Yes, please keep my details.",
            "Happy to stay in touch!",
            "I\u{2019}d like that, thank you",
            "yes",
        ] {
            assert_eq!(reads_as(yes), ReadsAs::Yes, "{yes}");
        }
        for remove in [
            "Please remove me from your list.",
            "No thanks.",
            "Yes, please delete my data.",
            "Please don't keep my details",
            "UNSUBSCRIBE",
        ] {
            assert_eq!(reads_as(remove), ReadsAs::Remove, "{remove}");
        }
        for other in [
            "Could you tell me when I will hear back?",
            "Yesterday was a long day",
            "I removed the old file",
            "Please don't hesitate to call me",
        ] {
            assert_eq!(reads_as(other), ReadsAs::Other, "{other}");
        }
    }

    #[test]
    fn only_a_bare_number_from_1_to_5_is_a_score() {
        assert_eq!(score("4"), Some(4));
        assert_eq!(score(" 5!\n"), Some(5));
        assert_eq!(score("3/5"), Some(3));
        assert_eq!(score("6"), None);
        assert_eq!(score("0"), None);
        assert_eq!(score("4 but the wait was long"), None);
        assert_eq!(score("I have 2 questions"), None);
    }

    #[test]
    fn automatic_answers_by_their_subject() {
        assert!(auto_reply_subject("Out of Office: Re: Your application"));
        assert!(auto_reply_subject("Automatic reply: Thank you"));
        assert!(auto_reply_subject("AUTO: away until Monday"));
        assert!(!auto_reply_subject("Re: Would you like to stay in touch?"));
        assert!(!auto_reply_subject("Re: Your offer from Riverside"));
    }
}
