//! Reading what people write back, in their own words (see [`super::reply_text`] for how the
//! quoted history is left out): whether a reply reads as a yes to staying in touch, a wish to
//! be removed, a request to erase their data or to see it, or an answer not given yet; and
//! whether it is a score from 1 to 5. Suggestions only: nothing is recorded without the
//! owner's click, and when in doubt the reading is `Other`.
//!
//! The words are data files (`data/replies/<language>.json`), one per language: what reads as
//! each answer, the words that negate or hedge, and the shapes of quoted history and automatic
//! answers. A reply is read with each language's words on its own (a negation is a negation in
//! its own language), and the most careful reading wins: erase, access, remove, unsure, yes.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::OnceLock;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// The line a final message may end with; a reply that is just a number answers it.
pub const SCORE_QUESTION: &str = "How did we do? Reply with a number from 1 to 5.";

/// What reads as each answer in one language (a list a file leaves out is empty).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Reading {
    /// Phrases that say yes to what was asked ("keep my details", "avec plaisir").
    yes: Vec<String>,
    /// Words that are a yes only standing alone in their clause ("yes", "oui", "sí").
    weak_yes: Vec<String>,
    /// Words that may stand beside a weak yes without changing it ("please", "merci").
    politeness: Vec<String>,
    remove: Vec<String>,
    erase: Vec<String>,
    access: Vec<String>,
    unsure: Vec<String>,
    /// Words that turn a yes in their clause into something else ("not", "pas", "nicht").
    negators: Vec<String>,
    /// Words after which an earlier yes no longer stands alone ("but", "mais", "aber").
    contrast: Vec<String>,
    /// Contrast words only at the start of a clause (Dutch "maar" is also "just").
    leading_contrast: Vec<String>,
    /// A verb of deleting and a word for their data in one clause ask to erase it.
    erase_verbs: Vec<String>,
    data_nouns: Vec<String>,
    /// A word for a copy of, or access to, their data asks to see it.
    access_nouns: Vec<String>,
    /// A question about their data ("what personal information") and a word for themselves
    /// ("about me") in one sentence ask to see it.
    access_questions: Vec<String>,
    #[serde(rename = "self")]
    self_words: Vec<String>,
    /// Giving a reference: a yes beside it answers a referee's request, not a request to keep
    /// their details.
    reference: Vec<String>,
    /// Words that make a question a request ("could you", "pouvez-vous"): a question without
    /// one asks about the owner's ways ("so you'd delete them after a year?") and asks nothing
    /// to be erased. A language without the list reads every question as a request.
    requests: Vec<String>,
    /// Asking who ("qui aura accès", "quem tem acesso"): access in that sentence is someone
    /// else's, not a request to see their own data.
    who: Vec<String>,
    /// "Got your email": a bare yes beside one acknowledges, it does not agree.
    acknowledgements: Vec<String>,
    /// Set phrases whose negation is not one ("no problem", "don't hesitate").
    idioms: Vec<String>,
}

/// The shapes of quoted history in one language (read by `reply_text`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Quote {
    pub attribution_openers: Vec<String>,
    pub attribution_verbs: Vec<String>,
    pub header_from: Vec<String>,
    pub header_sent: Vec<String>,
    pub header_to: Vec<String>,
    pub header_subject: Vec<String>,
    pub original_message: Vec<String>,
    pub forwarded: Vec<String>,
    pub device_lines: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    language: String,
    reading: Reading,
    quote: Quote,
    auto_reply_subjects: Vec<String>,
}

/// Every language's words: the readings one per language, the quote shapes and automatic
/// subjects merged (a client writes them in whichever language it is set to).
pub(crate) struct Lexicon {
    pub readings: Vec<(String, Reading)>,
    pub quote: Quote,
    pub auto_reply_subjects: Vec<String>,
}

const FILES: &[&str] = &[
    include_str!("../../data/replies/en.json"),
    include_str!("../../data/replies/fr.json"),
    include_str!("../../data/replies/de.json"),
    include_str!("../../data/replies/es.json"),
    include_str!("../../data/replies/nl.json"),
    include_str!("../../data/replies/it.json"),
    include_str!("../../data/replies/pt.json"),
    include_str!("../../data/replies/sv.json"),
    include_str!("../../data/replies/da.json"),
    include_str!("../../data/replies/no.json"),
    include_str!("../../data/replies/pl.json"),
];

fn folded(list: Vec<String>) -> Vec<String> {
    list.iter()
        .map(|s| fold(s))
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut all = Lexicon {
            readings: Vec::new(),
            quote: Quote::default(),
            auto_reply_subjects: Vec::new(),
        };
        for f in FILES {
            let f: File = serde_json::from_str(f).expect("the reply word lists are valid JSON");
            let r = f.reading;
            all.readings.push((
                f.language,
                Reading {
                    yes: folded(r.yes),
                    weak_yes: folded(r.weak_yes),
                    politeness: folded(r.politeness),
                    remove: folded(r.remove),
                    erase: folded(r.erase),
                    access: folded(r.access),
                    unsure: folded(r.unsure),
                    negators: folded(r.negators),
                    contrast: folded(r.contrast),
                    leading_contrast: folded(r.leading_contrast),
                    erase_verbs: folded(r.erase_verbs),
                    data_nouns: folded(r.data_nouns),
                    access_nouns: folded(r.access_nouns),
                    reference: folded(r.reference),
                    access_questions: folded(r.access_questions),
                    self_words: folded(r.self_words),
                    requests: folded(r.requests),
                    who: folded(r.who),
                    acknowledgements: folded(r.acknowledgements),
                    idioms: folded(r.idioms),
                },
            ));
            let q = &mut all.quote;
            let Quote {
                attribution_openers,
                attribution_verbs,
                header_from,
                header_sent,
                header_to,
                header_subject,
                original_message,
                forwarded,
                device_lines,
            } = f.quote;
            q.attribution_openers.extend(folded(attribution_openers));
            q.attribution_verbs.extend(folded(attribution_verbs));
            q.header_from.extend(folded(header_from));
            q.header_sent.extend(folded(header_sent));
            q.header_to.extend(folded(header_to));
            q.header_subject.extend(folded(header_subject));
            q.original_message.extend(folded(original_message));
            q.forwarded.extend(folded(forwarded));
            q.device_lines.extend(folded(device_lines));
            all.auto_reply_subjects
                .extend(folded(f.auto_reply_subjects));
        }
        all
    })
}

/// Lower case, accents off, curly apostrophes straight, runs of spaces as one: how both the
/// word lists and what people write are compared.
pub fn fold(s: &str) -> String {
    let lowered: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `phrase` occurs in `text` as whole words.
pub(crate) fn has_phrase(text: &str, phrase: &str) -> bool {
    phrase_at(text, phrase).is_some()
}

/// Where `phrase` first occurs in `text` as whole words.
fn phrase_at(text: &str, phrase: &str) -> Option<usize> {
    phrase_span(text, phrase).map(|(start, _)| start)
}

/// The gap in a phrase: "weiß … noch nicht" (folded "...") matches with up to
/// [`GAP_WORDS`] words between its parts, within one sentence.
const GAP: &str = " ... ";
const GAP_WORDS: usize = 6;

/// Where `phrase` first occurs in `text` as whole words: its start and end.
fn phrase_span(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let mut parts = phrase.split(GAP);
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    whole_words(text, first).find_map(|(start, mut end)| {
        for part in &rest {
            let (s, e) = whole_words(&text[end..], part).next()?;
            let between = &text[end..end + s];
            if between.contains(['.', '!', '?', ';', '\n']) || words(between).count() > GAP_WORDS {
                return None;
            }
            end += e;
        }
        Some((start, end))
    })
}

/// Every place `phrase` occurs in `text` as whole words, as start and end.
fn whole_words<'a>(text: &'a str, phrase: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let word = |c: char| c.is_alphanumeric() || c == '\'';
    text.match_indices(phrase)
        .map(|(i, _)| i)
        .filter_map(move |i| {
            let before = text[..i].chars().next_back();
            let after = text[i + phrase.len()..].chars().next();
            let starts =
                phrase.chars().next().is_none_or(|c| !word(c)) || before.is_none_or(|c| !word(c));
            let ends = phrase.chars().next_back().is_none_or(|c| !word(c))
                || after.is_none_or(|c| !word(c));
            (starts && ends && !phrase.is_empty()).then_some((i, i + phrase.len()))
        })
}

/// `text` with every occurrence of each phrase blanked out.
fn blanked(text: &str, list: &[String]) -> String {
    let mut t = text.to_string();
    for p in list {
        while let Some((start, end)) = phrase_span(&t, p) {
            t.replace_range(start..end, " ");
        }
    }
    t
}

/// How a reply reads, as a suggestion for the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReadsAs {
    /// "Yes, please keep my details": Record consent is suggested first.
    Yes,
    /// "Please remove me", "I'd rather you didn't": leaving the pool or erasure is offered.
    Remove,
    /// "Please delete all my data": a request to erase (answered within a month).
    Erase,
    /// "Send me what you hold about me": a request for their data (answered within a month).
    Access,
    /// "Not sure yet, can I let you know?": no answer yet.
    Unsure,
    /// Anything else, or in doubt: the owner reads it.
    Other,
}

/// One clause of a reply, folded, with whether it starts with a contrast word ("but") and
/// whether its sentence asks a question (a yes phrase in a question is no yes), and a question
/// that asks nothing of the owner (see [`Reading::requests`]).
struct Clause {
    text: String,
    starts_contrast: bool,
    question: bool,
    idle: bool,
}

/// Whether a sentence is a question that asks nothing of the owner.
fn idle_question(sentence: &str, r: &Reading) -> bool {
    sentence.trim_end().ends_with('?')
        && !r.requests.is_empty()
        && any_phrase(sentence, &r.requests).is_none()
}

/// The reply's sentences, each with its closing mark: split after `.`, `!`, `?` and `;`,
/// except a full stop before a number ("Art. 17", "No. 5"), which ends no sentence.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !".!?;\n".contains(c) {
            continue;
        }
        let end = i + c.len_utf8();
        if c == '.' {
            let next = text[end..].trim_start_matches(' ').chars().next();
            if text[end..].starts_with(' ') && next.is_some_and(|n| n.is_ascii_digit()) {
                continue;
            }
        }
        out.push(&text[start..end]);
        start = end;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The reply in clauses: split at sentence and clause punctuation, and before each contrast
/// word of the language.
fn clauses(text: &str, r: &Reading) -> Vec<Clause> {
    let mut out = Vec::new();
    let pieces = sentences(text).into_iter().flat_map(|sentence| {
        let question = sentence.trim_end().ends_with('?');
        let idle = idle_question(sentence, r);
        sentence
            .split(|c: char| ".!?;,:\n()[]\u{2014}\u{2013}".contains(c))
            .map(move |piece| (piece, question, idle))
    });
    for (piece, question, idle) in pieces {
        let mut rest = piece.trim().to_string();
        let mut starts_contrast = false;
        loop {
            let leading = r
                .contrast
                .iter()
                .chain(&r.leading_contrast)
                .find(|w| rest == **w || rest.starts_with(&format!("{w} ")));
            if let Some(w) = leading {
                starts_contrast = true;
                rest = rest[w.len()..].trim().to_string();
            }
            let cut = r
                .contrast
                .iter()
                .filter_map(|w| phrase_at(&rest, w).filter(|&i| i > 0))
                .min();
            let Some(i) = cut else { break };
            let head = rest[..i].trim().to_string();
            if !head.is_empty() {
                out.push(Clause {
                    text: head,
                    starts_contrast,
                    question,
                    idle,
                });
            }
            starts_contrast = false;
            rest = rest[i..].to_string();
        }
        if !rest.is_empty() || starts_contrast {
            out.push(Clause {
                text: rest,
                starts_contrast,
                question,
                idle,
            });
        }
    }
    out
}

fn is_negator(word: &str, r: &Reading) -> bool {
    r.negators.iter().any(|n| n == word)
        || (word.ends_with("n't") && r.negators.iter().any(|n| n == "n't"))
        || (word.starts_with("n'") && r.negators.iter().any(|n| n == "n'"))
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
}

/// The clause with its idioms blanked out ("no problem" is no negation).
fn without_idioms(text: &str, r: &Reading) -> String {
    blanked(text, &r.idioms)
}

/// The negations and reference words of every language together.
fn any_language() -> &'static Reading {
    static ALL: OnceLock<Reading> = OnceLock::new();
    ALL.get_or_init(|| Reading {
        negators: lexicon()
            .readings
            .iter()
            .flat_map(|(_, r)| r.negators.iter().cloned())
            .collect(),
        reference: lexicon()
            .readings
            .iter()
            .flat_map(|(_, r)| r.reference.iter().cloned())
            .collect(),
        ..Reading::default()
    })
}

/// Whether a negation stands in the clause before `at` (or anywhere, for `None`).
fn negated_before(text: &str, at: Option<usize>, r: &Reading) -> bool {
    let upto = at.map_or(text, |i| &text[..i]);
    words(upto).any(|w| is_negator(w, r))
}

/// A clause that is only a weak yes word, beside polite words ("Yes please", "Sí").
fn weak_yes(text: &str, r: &Reading) -> bool {
    let t = blanked(text, &r.politeness);
    let mut any = false;
    for w in words(&t) {
        if !r.weak_yes.iter().any(|y| y == w) {
            return false;
        }
        any = true;
    }
    any
}

fn any_phrase(text: &str, list: &[String]) -> Option<usize> {
    list.iter().filter_map(|p| phrase_at(text, p)).min()
}

/// How a reply reads in one language's words.
fn reads_in(text: &str, r: &Reading) -> ReadsAs {
    let cs = clauses(text, r);
    let plain: Vec<String> = cs.iter().map(|c| without_idioms(&c.text, r)).collect();
    let found = |list: &[String], negatable: bool| {
        plain.iter().any(|c| match any_phrase(c, list) {
            Some(at) => !negatable || !negated_before(c, Some(at), r),
            None => false,
        })
    };
    // Whole sentences, idioms blanked and contrast words too ("je préfère toutefois que vous
    // ne conserviez pas" is one refusal, not two clauses), each with whether it is a question
    // that asks nothing of the owner.
    let contrast: Vec<String> = r
        .contrast
        .iter()
        .chain(&r.leading_contrast)
        .cloned()
        .collect();
    let sentences: Vec<(String, bool)> = sentences(text)
        .into_iter()
        .map(|t| {
            let plain = blanked(&without_idioms(t, r), &contrast);
            let plain = plain.trim_end_matches(|c: char| ".!?;\n".contains(c));
            (
                plain.split_whitespace().collect::<Vec<_>>().join(" "),
                idle_question(t, r),
            )
        })
        .collect();
    // A verb of deleting (or a word for a copy) and a word for their data, in one sentence.
    let paired = |first: &[String], second: &[String], asks: bool| {
        sentences.iter().any(|(c, idle)| {
            !(asks && *idle)
                && any_phrase(c, second).is_some()
                && any_phrase(c, first).is_some_and(|at| !negated_before(c, Some(at), r))
        })
    };
    // Asked to erase: not in a question about the owner's ways.
    let erase_asked = cs.iter().zip(&plain).any(|(c, p)| {
        !c.idle && any_phrase(p, &r.erase).is_some_and(|at| !negated_before(p, Some(at), r))
    });
    if erase_asked || paired(&r.erase_verbs, &r.data_nouns, true) {
        return ReadsAs::Erase;
    }
    // Asked to see it: not in a question about the owner's ways ("who will have access to my
    // data?"); a question about what is held about them asks to see it by its own words.
    let access_asked = cs.iter().zip(&plain).any(|(c, p)| {
        !c.idle && any_phrase(p, &r.access).is_some_and(|at| !negated_before(p, Some(at), r))
    });
    // A word for a copy of (or access to) their data, in a sentence that asks something of
    // the owner and not who else has it ("who has access to my data?").
    let copy_asked = sentences
        .iter()
        .filter(|(c, _)| any_phrase(c, &r.who).is_none())
        .any(|(c, idle)| {
            !*idle
                && any_phrase(c, &r.data_nouns).is_some()
                && any_phrase(c, &r.access_nouns).is_some_and(|at| !negated_before(c, Some(at), r))
        });
    if access_asked || copy_asked || paired(&r.access_questions, &r.self_words, false) {
        return ReadsAs::Access;
    }
    let in_sentences =
        |list: &[String]| sentences.iter().any(|(c, _)| any_phrase(c, list).is_some());
    let bare_no = plain.iter().any(|c| {
        let ws: Vec<&str> = words(c).collect();
        !ws.is_empty()
            && ws
                .iter()
                .all(|w| is_negator(w, r) || r.politeness.iter().any(|p| p == w))
            && ws.iter().any(|w| is_negator(w, r))
    });
    if found(&r.remove, false) || in_sentences(&r.remove) || bare_no {
        return ReadsAs::Remove;
    }
    if found(&r.unsure, false) || in_sentences(&r.unsure) {
        return ReadsAs::Unsure;
    }
    let acknowledged = cs
        .iter()
        .any(|c| any_phrase(&c.text, &r.acknowledgements).is_some());
    let mut yes_at = Vec::new();
    let mut weak_only = true;
    for (i, (c, p)) in cs.iter().zip(&plain).enumerate() {
        // A negation in any language's words keeps a clause from being a yes: a word another
        // language reads as yes ("claro") can stand in a sentence that says no.
        if c.question
            || negated_before(p, None, r)
            || words(p).any(|w| is_negator(w, any_language()))
        {
            continue;
        }
        if any_phrase(&c.text, &r.yes).is_some() {
            yes_at.push(i);
            weak_only = false;
        } else if weak_yes(&c.text, r) {
            yes_at.push(i);
        }
    }
    let (Some(&first), Some(&last)) = (yes_at.first(), yes_at.last()) else {
        return ReadsAs::Other;
    };
    // Giving a reference, in any language's words: a referee's yes is not consent.
    if cs
        .iter()
        .any(|c| any_phrase(&c.text, &any_language().reference).is_some())
    {
        return ReadsAs::Other;
    }
    // "Yes, but …" leaves the yes in doubt; "disappointed of course, but yes, keep them" ends
    // on it: a contrast after the first yes counts unless a yes comes at or after it.
    let contrasted = cs
        .iter()
        .enumerate()
        .skip(first + 1)
        .any(|(i, c)| c.starts_contrast && i > last);
    if contrasted || (weak_only && acknowledged) {
        ReadsAs::Other
    } else {
        ReadsAs::Yes
    }
}

/// How a reply's own words (without the quoted history) read, in whichever of the languages
/// it is written: the most careful reading any language's words give.
pub fn reads_as(text: &str) -> ReadsAs {
    let t = fold(text);
    let rank = |r: ReadsAs| match r {
        ReadsAs::Erase => 0,
        ReadsAs::Access => 1,
        ReadsAs::Remove => 2,
        ReadsAs::Unsure => 3,
        ReadsAs::Yes => 4,
        ReadsAs::Other => 5,
    };
    let readings: Vec<ReadsAs> = lexicon()
        .readings
        .iter()
        .filter(|(_, r)| !r.yes.is_empty())
        .map(|(_, r)| reads_in(&t, r))
        .collect();
    // A yes in one language's words and no answer in another's stays a yes; anything more
    // careful wins over it.
    readings
        .into_iter()
        .min_by_key(|r| rank(*r))
        .unwrap_or(ReadsAs::Other)
}

/// How a reply reads in its thread: under a subject about a reference ("Re: Reference for
/// Ana") the person is a referee, and their yes gives the reference, not consent.
pub fn reads_as_in_thread(text: &str, subject: &str) -> ReadsAs {
    match reads_as(text) {
        ReadsAs::Yes if any_phrase(&fold(subject), &any_language().reference).is_some() => {
            ReadsAs::Other
        }
        reading => reading,
    }
}

/// The suffixes that say "out of five" after a score.
const OUT_OF_FIVE: &[&str] = &[
    "/5", "/ 5", "out of 5", "of 5", "sur 5", "von 5", "de 5", "van 5", "su 5", "z 5", "av 5",
];

/// A reply whose own words start with a number from 1 to 5 on a line of its own (a "4",
/// "4/5", "5!", "5 out of 5"), as a score; lines under it (thanks, a name) do not matter.
pub fn score(text: &str) -> Option<i32> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut t = first.to_lowercase();
    t = t
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    for s in OUT_OF_FIVE {
        if let Some(rest) = t.strip_suffix(s) {
            t = rest.trim_end().to_string();
            break;
        }
    }
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric());
    match t {
        "1" | "2" | "3" | "4" | "5" => t.parse().ok(),
        _ => None,
    }
}

/// The reply prefixes a client puts before a subject ("Re:", "AW:", "SV:", "RES:").
const REPLY_PREFIXES: &[&str] = &[
    "re:", "aw:", "sv:", "antw:", "r:", "res:", "odp:", "vs:", "ref:", "tr:", "wg:", "fw:", "fwd:",
];

/// Whether a subject reads like an automatic answer ("Out of Office: …", "Automatische
/// Antwort: …", "Réponse automatique : …"), in any of the languages.
pub fn auto_reply_subject(subject: &str) -> bool {
    let mut s = fold(subject);
    loop {
        let before = s.len();
        for p in REPLY_PREFIXES {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.trim_start().to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    lexicon().auto_reply_subjects.iter().any(|p| {
        s.starts_with(p.as_str())
            && s[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
            || (p.contains(' ') && has_phrase(&s, p))
    })
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
            "Sí, por favor.",
            "Oui, avec plaisir",
            "Ja, gerne!",
        ] {
            assert_eq!(reads_as(yes), ReadsAs::Yes, "{yes}");
        }
        for remove in [
            "Please remove me from your list.",
            "No thanks.",
            "Please don't keep my details",
            "UNSUBSCRIBE",
            "I would prefer you didn't hold on to my details",
            "I'd rather you didn't",
            "Not at the moment, thanks.",
            "Thanks, but no.",
            "Non merci.",
            "Lieber nicht.",
        ] {
            assert_eq!(reads_as(remove), ReadsAs::Remove, "{remove}");
        }
        assert_eq!(reads_as("Please delete all my data."), ReadsAs::Erase);
        assert_eq!(
            reads_as("Could you send me a copy of the data you hold about me?"),
            ReadsAs::Access
        );
        for unsure in [
            "Not sure yet, can I let you know?",
            "Yes, I got your email, but I need to think about it.",
        ] {
            assert_eq!(reads_as(unsure), ReadsAs::Unsure, "{unsure}");
        }
        for other in [
            "Could you tell me when I will hear back?",
            "Yesterday was a long day",
            "I removed the old file",
            "Please don't hesitate to call me",
            "Yes, I got your email.",
            "Would you keep my details on file?",
        ] {
            assert_eq!(reads_as(other), ReadsAs::Other, "{other}");
        }
    }

    #[test]
    fn a_phrase_with_a_gap_matches_a_few_words_apart_within_a_sentence() {
        let t = fold("Ich weiß es ehrlich gesagt noch nicht.");
        assert!(has_phrase(&t, &fold("weiß … noch nicht")));
        assert!(!has_phrase(
            &fold("Ich weiß. Noch nicht."),
            &fold("weiß … noch nicht")
        ));
        let far = fold("ich weiß a b c d e f g noch nicht");
        assert!(!has_phrase(&far, &fold("weiß … noch nicht")));
        assert_eq!(
            reads_as("Ich weiß es ehrlich gesagt noch nicht."),
            ReadsAs::Unsure
        );
    }

    #[test]
    fn a_yes_after_a_contrast_stands_and_a_question_about_deleting_erases_nothing() {
        assert_eq!(
            reads_as("Disappointed of course, but yes, please keep my details."),
            ReadsAs::Yes
        );
        assert_eq!(
            reads_as("Yes of course, but can I ask how long for?"),
            ReadsAs::Other
        );
        assert_eq!(
            reads_as("So you'd keep my details for a year and then delete them automatically?"),
            ReadsAs::Other
        );
        assert_eq!(
            reads_as("Could you delete my details, please?"),
            ReadsAs::Erase
        );
    }

    #[test]
    fn a_full_stop_before_a_number_ends_no_sentence_and_asking_who_asks_nothing_to_see() {
        assert_eq!(
            reads_as("Ich bitte Sie, alle Daten gemäß Art. 17 DSGVO zu löschen."),
            ReadsAs::Erase
        );
        assert_eq!(
            reads_as("Queria perceber: quem tem acesso aos dados?"),
            ReadsAs::Other
        );
    }

    #[test]
    fn a_referees_yes_under_a_reference_subject_is_no_consent() {
        assert_eq!(
            reads_as_in_thread("Yes, happy to help.", "Re: Reference for Ana"),
            ReadsAs::Other
        );
        assert_eq!(
            reads_as_in_thread("Yes, happy to help.", "Re: Staying in touch"),
            ReadsAs::Yes
        );
        assert_eq!(
            reads_as_in_thread("Please remove me.", "Re: Reference for Ana"),
            ReadsAs::Remove
        );
    }

    #[test]
    fn a_number_from_1_to_5_on_its_own_line_is_a_score() {
        assert_eq!(score("4"), Some(4));
        assert_eq!(score(" 5!\n"), Some(5));
        assert_eq!(score("3/5"), Some(3));
        assert_eq!(score("5 out of 5 \u{1F600}\n\nThanks, Ana"), Some(5));
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
        assert!(auto_reply_subject("Automatische Antwort: Danke"));
        assert!(auto_reply_subject("Réponse automatique : Merci"));
        assert!(auto_reply_subject("RE: Respuesta automática: Gracias"));
        assert!(!auto_reply_subject("Re: Would you like to stay in touch?"));
        assert!(!auto_reply_subject("Re: Your offer from Riverside"));
        assert!(!auto_reply_subject("Re: Absentee ballot"));
    }
}
