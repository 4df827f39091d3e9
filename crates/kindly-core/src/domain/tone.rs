//! The tone check: deterministic rules that read a rejection (and, with the rules that apply,
//! a runner-up or an update message) before it can be sent, each finding explained in a
//! sentence. Blocking findings stop the message; warnings let the owner send anyway.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Rejection,
    RunnerUp,
    Update,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Blocking,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    UnresolvedPlaceholder,
    NoGreetingByName,
    ProtectedCharacteristic,
    RoleNotNamed,
    NoThanks,
    DecisionNotClear,
    NoFeedback,
    ComparesWithOthers,
    FalseHope,
    KeepInMindWithoutConsent,
    TooLong,
    Late,
    NoPersonalSignature,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// One sentence: what was found and why it matters.
    pub explanation: String,
    /// The words that triggered it, when there are some.
    pub excerpt: Option<String>,
}

/// Everything the check reads.
#[derive(Debug, Clone)]
pub struct ToneInput<'a> {
    pub kind: MessageKind,
    pub body: &'a str,
    pub candidate_first_name: &'a str,
    pub role_title: Option<&'a str>,
    /// The specific feedback written for this candidate, if the message has a slot for it.
    pub feedback: Option<&'a str>,
    pub last_interview: Option<NaiveDate>,
    pub today: NaiveDate,
    pub consent_on_record: bool,
    pub signature: &'a str,
    pub reply_to: &'a str,
    /// Names and titles the message must use that are never read as protected wording: the
    /// candidate's full name, the role, the business and the owner (`Faith`, `Medical
    /// Receptionist`, `Young's Bakery`). The first name and role above are exempt already.
    pub names: &'a [&'a str],
}

pub const MAX_WORDS: usize = 220;
pub const MAX_WORKING_DAYS: i64 = 5;

/// Words about protected characteristics, matched as whole words (or word starts, `*`). A
/// word marked `~` is protected only in some senses ("medical", "mature"): it blocks when tied
/// to the person ("your anxiety", "you seemed less mature"), and is otherwise a warning. A
/// word marked `?` is a proxy ("overqualified" for age): always a warning.
const PROTECTED: &[(&str, &[&str])] = &[
    (
        "age",
        &[
            "age",
            "aged",
            "too old",
            "too young",
            "older",
            "younger",
            "young team",
            "years old",
            "youthful",
            "~mature",
            "retire*",
            "~generation",
            "?overqualified",
            "?over qualified",
            "?too experienced",
            "digital native*",
        ],
    ),
    (
        "gender",
        &[
            "gender",
            "female",
            "male",
            "woman",
            "women",
            "man",
            "men",
            "man's",
            "girl*",
            "guy*",
            "lady",
            "ladies",
            "feminine",
            "masculine",
        ],
    ),
    (
        "pregnancy",
        &["pregnan*", "maternity", "paternity", "expecting a baby"],
    ),
    (
        "marital or family status",
        &[
            "married",
            "marriage",
            "single mother",
            "single father",
            "husband",
            "wife",
            "children",
            "kids",
            "childcare",
            "family plans",
            "start a family",
        ],
    ),
    (
        "religion",
        &[
            "religio*",
            "church",
            "mosque",
            "synagogue",
            "temple",
            "~faith",
            "christian*",
            "muslim*",
            "jewish",
            "hindu*",
            "sikh*",
            "buddhis*",
            "prayer*",
            "headscarf",
            "hijab",
        ],
    ),
    (
        "ethnicity or nationality",
        &[
            "ethnic*",
            "race",
            "racial",
            "nationality",
            "national origin",
            "foreign*",
            "immigrant*",
            "native speaker",
            "culture fit",
            "skin",
        ],
    ),
    (
        "disability",
        &[
            "disab*",
            "wheelchair",
            "handicap*",
            "impair*",
            "blind",
            "deaf",
        ],
    ),
    (
        "health",
        &[
            "~health",
            "illness",
            "sick*",
            "~medical",
            "~medication",
            "mental health",
            "~anxiety",
            "~depression",
        ],
    ),
    ("accent", &["accent*"]),
];

const DECISION: &[&str] = &[
    "not moving forward",
    "not be moving forward",
    "won't be moving forward",
    "will not be moving forward",
    "offer the position to",
    "offer the role to",
    "offered the role to",
    "offered the position to",
    "decided not to",
    "not been successful",
    "unsuccessful",
    "not been selected",
    "not selected",
    "not progressing",
    "not be progressing",
    "won't be progressing",
    "will not be progressing",
    "someone else",
    "another candidate",
    "gone with",
    "chosen another",
    "not able to offer",
    "unable to offer",
    "not offer you",
    "won't be offering you",
    "will not be offering you",
    "not be offering you",
    "we've offered",
    "we have offered",
    "have offered the role",
    "have offered the position",
    "weren't successful",
    "were not successful",
    "wasn't successful",
    "was not successful",
];
const COMPARISON: &[&str] = &[
    "other candidates",
    "another candidate",
    "other applicants",
    "stronger candidate",
    "stronger than",
    "better than you",
    "better candidate",
    "more experienced than",
    "compared to",
    "compared with",
    "than you",
];
const FALSE_HOPE: &[&str] = &[
    "may reconsider",
    "might reconsider",
    "could reconsider",
    "reconsider",
    "may change our mind",
    "might change our mind",
    "not final",
    "still possible",
    "you never know",
    "door is still open",
    "may still",
    "might still",
];
const KEEP_IN_MIND: &[&str] = &[
    "keep you in mind",
    "keep your details",
    "keep your cv",
    "keep your résumé",
    "keep your resume",
    "on file",
    "future opportunities",
    "talent pool",
    "in touch when",
    "reach out when",
];
/// Kind words that are not feedback about their interview.
const COURTESIES: &[&str] = &[
    "good luck",
    "best of luck",
    "the best of luck",
    "all the best",
    "best wishes",
    "you were great",
    "it was great to meet you",
    "it was lovely to meet you",
    "nice to meet you",
    "wish you every success",
    "every success",
    "in your search",
];
/// What a sentence about their own interview talks about.
const FEEDBACK_CUES: &[&str] = &[
    "answer*",
    "interview*",
    "test",
    "trial",
    "task",
    "exercise",
    "skill*",
    "experience",
    "knowledge",
    "example*",
    "showed",
    "handled",
    "impress*",
    "strength*",
    "practis*",
    "practic*",
    "improv*",
    "held you back",
    "would help",
    "could help",
    "work on",
    "was excellent",
    "were excellent",
    "was clear",
    "were clear",
    "was spotless",
    "was neat",
];

/// Words that may stand around a courtesy without making it feedback.
const COURTESY_FILLER: &[&str] = &[
    "and",
    "with",
    "to",
    "you",
    "your",
    "i",
    "we",
    "wish",
    "in",
    "the",
    "a",
    "all",
    "very",
    "really",
    "so",
    "again",
    "thanks",
    "thank",
    "for",
    "of",
    "everything",
    "future",
    "luck",
    "search",
    "job",
    "next",
    "step",
    "steps",
    "hunt",
    "it",
    "was",
    "were",
];

/// Whether `text` is only courtesy ("Good luck!", "You were great"): nothing about them.
fn only_courtesy(text: &str) -> bool {
    let mut rest = words(text).join(" ");
    for c in COURTESIES {
        rest = rest.replace(c, " ");
    }
    let left: Vec<String> = words(&rest)
        .into_iter()
        .filter(|w| !COURTESY_FILLER.contains(&w.as_str()))
        .collect();
    left.is_empty()
}

/// A sentence of the message about the candidate's own interview (their answers, their test,
/// a skill) that is not only courtesy, the thanks or the decision.
fn feedback_in(body: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    // Not the greeting, not the closing and signature lines.
    let inner = if lines.len() > 3 {
        lines[1..lines.len() - 2].join("\n")
    } else {
        String::new()
    };
    sentences(&inner).into_iter().find(|s| {
        let w = words(s);
        let to_them = w.iter().any(|x| x == "you" || x == "your" || x == "you're");
        to_them
            && find_phrase(s, FEEDBACK_CUES).is_some()
            && find_phrase(s, &["thank*"]).is_none()
            && find_phrase(s, DECISION).is_none()
            && !only_courtesy(s)
    })
}

const GENERIC_SIGNATURES: &[&str] = &[
    "the team",
    "hr",
    "hr team",
    "human resources",
    "recruitment",
    "recruitment team",
    "hiring team",
    "management",
    "the management",
];

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// The first phrase of `list` found in `text` as whole words (`*` = any ending).
fn find_phrase(text: &str, list: &[&str]) -> Option<String> {
    let w = words(text);
    for phrase in list {
        let p: Vec<&str> = phrase.split(' ').collect();
        'start: for i in 0..w.len() {
            if i + p.len() > w.len() {
                break;
            }
            for (j, part) in p.iter().enumerate() {
                let word = &w[i + j];
                let ok = match part.strip_suffix('*') {
                    Some(stem) => word.starts_with(stem),
                    None => word == part,
                };
                if !ok {
                    continue 'start;
                }
            }
            return Some(w[i..i + p.len()].join(" "));
        }
    }
    None
}

fn sentences(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in body.chars() {
        cur.push(ch);
        if matches!(ch, '.' | '!' | '?' | '\n') {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Working days (Monday to Friday) after `from`, up to and including `to`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.succ_opt().expect("date in range");
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            n += 1;
        }
    }
    n
}

fn finding(rule: Rule, severity: Severity, explanation: &str, excerpt: Option<String>) -> Finding {
    Finding {
        rule,
        severity,
        explanation: explanation.to_string(),
        excerpt,
    }
}

/// Read a message; findings in order of importance (blocking first).
pub fn check(i: &ToneInput) -> Vec<Finding> {
    use Severity::*;
    let mut out = Vec::new();
    let body = i.body;
    let lower = body.to_lowercase();
    let decision_kind = matches!(i.kind, MessageKind::Rejection | MessageKind::RunnerUp);

    if body.contains("{{") || body.contains("}}") || body.contains("{%") {
        out.push(finding(Rule::UnresolvedPlaceholder, Blocking,
            "The message still has a placeholder in it; fill it in or take it out, so the candidate never sees template code.",
            None));
    }
    let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let name = i.candidate_first_name.trim();
    if name.is_empty() || !contains_tokens(&words(first_line), &words(name)) {
        out.push(finding(Rule::NoGreetingByName, Blocking,
            &format!("The message does not open by greeting {} by name; a personal greeting shows this is written to them, not sent to a list.",
                if name.is_empty() { "the candidate" } else { name }),
            Some(first_line.trim().to_string()).filter(|s| !s.is_empty())));
    }
    let mut exempt: Vec<&str> = vec![i.candidate_first_name];
    exempt.extend(i.role_title);
    exempt.extend(i.names.iter().copied());
    exempt.push(i.signature);
    out.extend(protected_outside(body, &exempt));

    if decision_kind {
        if let Some(role) = i.role_title.filter(|r| !r.trim().is_empty()) {
            if !lower.contains(&role.to_lowercase()) {
                out.push(finding(Rule::RoleNotNamed, Warning,
                    &format!("The role ({role}) is not named; saying which role this is about avoids confusion if they applied for more than one."),
                    None));
            }
        }
        if find_phrase(body, &["thank*"]).is_none() {
            out.push(finding(Rule::NoThanks, Warning,
                "There is no thank-you; they gave you their time and effort, and thanking them is the first thing they should read.",
                None));
        }
        let first_three = sentences(body)
            .into_iter()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        if find_phrase(&first_three, DECISION).is_none() {
            out.push(finding(Rule::DecisionNotClear, Warning,
                "The decision is not stated clearly in the first three sentences; say it early and plainly so they are not left reading between the lines.",
                None));
        }
        // The slot's words, or else a sentence of the message itself about their interview.
        let given = i
            .feedback
            .map(str::trim)
            .filter(|f| !f.is_empty() && !only_courtesy(f))
            .map(str::to_string)
            .or_else(|| feedback_in(body));
        match given.as_deref() {
            None => out.push(finding(Rule::NoFeedback, Warning,
                "There is no specific feedback; one or two concrete points from the interview are the most useful thing you can give them (\"good luck\" is kind, but it is not feedback).",
                None)),
            Some(f) => {
                if let Some(hit) = find_phrase(f, COMPARISON) {
                    out.push(finding(Rule::ComparesWithOthers, Warning,
                        &format!("The feedback compares them with others (\"{hit}\"); feedback about their own interview is fairer and more useful."),
                        Some(hit)));
                }
            }
        }
        // A runner-up message asking to keep in touch may say the door is open: that is the
        // point of it, not false hope about this decision.
        let hope = find_phrase(body, FALSE_HOPE)
            .filter(|hit| !(i.kind == MessageKind::RunnerUp && hit.contains("door")));
        if let Some(hit) = hope {
            out.push(finding(
                Rule::FalseHope,
                Warning,
                &format!("\"{hit}\" may give false hope; if the decision is final, say so kindly."),
                Some(hit),
            ));
        }
    }
    if i.kind == MessageKind::Rejection && !i.consent_on_record {
        if let Some(hit) = find_phrase(body, KEEP_IN_MIND) {
            out.push(finding(Rule::KeepInMindWithoutConsent, Warning,
                &format!("\"{hit}\" promises to keep their details, but there is no consent on record; ask for it (the runner-up message does) or leave the promise out."),
                Some(hit)));
        }
    }
    let n = words(body).len();
    if n > MAX_WORDS {
        out.push(finding(
            Rule::TooLong,
            Warning,
            &format!("At {n} words it is long; about 200 words or fewer is kinder to read."),
            None,
        ));
    }
    if decision_kind {
        if let Some(last) = i.last_interview {
            let days = working_days_between(last, i.today);
            if days > MAX_WORKING_DAYS {
                out.push(finding(Rule::Late, Warning,
                    &format!("It goes {days} working days after the last interview; an apology for the wait would be kind."),
                    None));
            }
        }
    }
    let sig = i.signature.trim();
    let generic = sig.is_empty() || GENERIC_SIGNATURES.contains(&sig.to_lowercase().as_str());
    let no_reply = [
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "no_reply",
    ]
    .iter()
    .any(|p| i.reply_to.to_lowercase().contains(p));
    if generic || no_reply {
        out.push(finding(Rule::NoPersonalSignature, Warning,
            if no_reply {
                "Replies would go to a no-reply address; let them answer a person."
            } else {
                "There is no personal signature; signing with your own name shows a person made this decision."
            },
            None));
    }
    out.sort_by_key(|f| f.severity != Severity::Blocking);
    out
}

/// Whether `needle` occurs in `hay` as a run of whole tokens ("anne-marie" is "anne",
/// "marie").
fn contains_tokens(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// `text` with every occurrence of the names and titles blanked out, token by token, so a
/// name that is also a word (Faith, Young) or a title (Medical Receptionist) is not read as
/// what the word means.
fn without_names(text: &str, names: &[&str]) -> String {
    let mut w = words(text);
    for n in names {
        let n = words(n);
        if n.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + n.len() <= w.len() {
            if w[i..i + n.len()] == n[..] {
                for t in &mut w[i..i + n.len()] {
                    // A token no phrase has, so nothing matches across the gap.
                    *t = "0".into();
                }
                i += n.len();
            } else {
                i += 1;
            }
        }
    }
    w.join(" ")
}

/// Protected wording in a message, outside the names and titles it must use.
fn protected_outside(text: &str, names: &[&str]) -> Vec<Finding> {
    protected_characteristics(&without_names(text, names))
}

/// Words that tie what follows to the person, up to three words before it.
const TO_THEM: &[&str] = &["you", "your", "you're", "yours", "yourself"];

/// Wording about protected characteristics in any text (a message, or notes from a
/// reference call), one finding per characteristic.
pub fn protected_characteristics(text: &str) -> Vec<Finding> {
    let w = words(text);
    PROTECTED
        .iter()
        .filter_map(|(what, list)| {
            let (context, plain): (Vec<&str>, Vec<&str>) =
                list.iter().copied().partition(|p| p.starts_with(['~', '?']));
            let block = |hit: String| {
                finding(Rule::ProtectedCharacteristic, Severity::Blocking,
                    &format!("\"{hit}\" touches on {what}, a protected characteristic; a hiring decision must never be explained by it, so take it out."),
                    Some(hit))
            };
            if let Some(hit) = find_phrase(text, &plain) {
                return Some(block(hit));
            }
            let mut loose = None;
            for (proxy, p) in context.iter().map(|p| (p.starts_with('?'), &p[1..])) {
                let p: Vec<&str> = p.split(' ').collect();
                let at = (0..w.len()).filter(|&i| {
                    i + p.len() <= w.len() && w[i..i + p.len()].iter().zip(&p).all(|(a, b)| a == b)
                });
                for i in at {
                    let tied = !proxy
                        && w[i.saturating_sub(3)..i]
                            .iter()
                            .any(|x| TO_THEM.contains(&x.as_str()));
                    if tied {
                        return Some(block(w[i].clone()));
                    }
                    loose.get_or_insert_with(|| w[i..i + p.len()].join(" "));
                }
            }
            loose.map(|hit| {
                finding(Rule::ProtectedCharacteristic, Severity::Warning,
                    &format!("\"{hit}\" can touch on {what}, a protected characteristic; make sure it is about the job and not about them."),
                    Some(hit))
            })
        })
        .collect()
}

/// Whether the owner may send: never with a blocking finding.
pub fn may_send(findings: &[Finding]) -> bool {
    !findings.iter().any(|f| f.severity == Severity::Blocking)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "Hi Ana,

Thank you for the time and thought you gave to interviewing for the Barista role. We have decided to offer the position to someone else, and I wanted you to hear it from me directly.

Your latte art was excellent and you were warm with the regulars. What held you back was the pace of the Saturday rush: practising a busy service would help.

This is not the news you hoped for. I wish you every success in your search.

Kind regards,
Maria Lopez";

    const FEEDBACK: &str = "Your latte art was excellent and you were warm with the regulars. What held you back was the pace of the Saturday rush.";

    fn input(body: &str) -> ToneInput<'_> {
        ToneInput {
            kind: MessageKind::Rejection,
            body,
            candidate_first_name: "Ana",
            role_title: Some("Barista"),
            feedback: Some(FEEDBACK),
            last_interview: NaiveDate::from_ymd_opt(2026, 3, 2),
            today: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
            consent_on_record: false,
            signature: "Maria Lopez",
            reply_to: "maria@riverside.example",
            names: &[],
        }
    }

    #[test]
    fn names_and_titles_are_never_read_as_protected_wording() {
        let body = "Hi Faith,\n\nThank you for interviewing for the Medical Receptionist role at Young's Bakery. We have decided to offer the position to someone else.\n\nKind regards,\nMaria";
        let i = ToneInput {
            candidate_first_name: "Faith",
            role_title: Some("Medical Receptionist"),
            names: &["Faith Young", "Young's Bakery"],
            ..input(body)
        };
        assert!(may_send(&check(&i)), "{:?}", check(&i));
        // The same words about the person still block.
        let biased =
            format!("{body}\n\nWe felt a man would suit the role better, given your church.");
        let found: Vec<String> = check(&ToneInput {
            body: &biased,
            ..i.clone()
        })
        .into_iter()
        .filter(|f| f.rule == Rule::ProtectedCharacteristic)
        .filter_map(|f| f.excerpt)
        .collect();
        assert_eq!(found, ["man", "church"]);
    }

    #[test]
    fn hyphenated_and_apostrophe_names_are_greeted() {
        for (name, line) in [
            ("Anne-Marie", "Dear Anne-Marie,"),
            ("O'Neil", "Hi O\u{2019}Neil,"),
            ("Jean-Luc", "Hello Jean-Luc"),
        ] {
            let body = format!("{line}\n\nThank you for interviewing for the Barista role. We have decided to offer the position to someone else.\n\nMaria Lopez");
            let i = ToneInput {
                candidate_first_name: name,
                ..input(&body)
            };
            assert!(!rules(&i).contains(&Rule::NoGreetingByName), "{name}");
        }
        let i = ToneInput {
            candidate_first_name: "Anne-Marie",
            ..input("Dear Anne,\n\nThank you.")
        };
        assert!(rules(&i).contains(&Rule::NoGreetingByName));
    }

    #[test]
    fn feedback_is_read_from_the_message_and_courtesy_is_not_feedback() {
        let with_it = "Hi Ana,\n\nThank you for interviewing for the Barista role. We have decided to offer the position to someone else.\n\nYour answers about the morning rush were clear, and practising latte art would help.\n\nKind regards,\nMaria Lopez";
        let no_slot = ToneInput {
            feedback: None,
            ..input(with_it)
        };
        assert!(!rules(&no_slot).contains(&Rule::NoFeedback));
        let luck = ToneInput {
            feedback: Some("Good luck!"),
            ..input(GOOD)
        };
        // The slot says only "Good luck!", but the message itself has feedback.
        assert!(!rules(&luck).contains(&Rule::NoFeedback));
        let bare = "Hi Ana,\n\nThank you for interviewing for the Barista role. We have decided to offer the position to someone else.\n\nGood luck, you were great!\n\nKind regards,\nMaria Lopez";
        for slot in [
            None,
            Some("Best of luck with everything."),
            Some("You were great"),
        ] {
            let i = ToneInput {
                feedback: slot,
                ..input(bare)
            };
            assert!(rules(&i).contains(&Rule::NoFeedback), "{slot:?}");
        }
    }

    #[test]
    fn more_ways_of_saying_the_decision_and_an_open_door_for_a_runner_up() {
        for decision in [
            "We won't be offering you the role this time.",
            "We've offered the role to another barista.",
            "You weren't successful this time.",
        ] {
            let body = format!("Hi Ana,\n\nThank you for interviewing for the Barista role. {decision}\n\nYour latte art was excellent.\n\nMaria Lopez");
            assert!(
                !rules(&input(&body)).contains(&Rule::DecisionNotClear),
                "{decision}"
            );
        }
        let body = "Hi Ana,\n\nThank you for interviewing for the Barista role. We have offered the role to someone else. Your latte art was excellent. The door is still open: may we keep your details for the next role?\n\nMaria Lopez";
        let runner_up = ToneInput {
            kind: MessageKind::RunnerUp,
            ..input(body)
        };
        assert!(!rules(&runner_up).contains(&Rule::FalseHope));
        assert!(
            rules(&input(body)).contains(&Rule::FalseHope),
            "a rejection with it still warns"
        );
    }

    #[test]
    fn words_protected_only_in_some_senses_block_only_when_tied_to_the_person() {
        let with = |line: &str| GOOD.replace("This is not the news you hoped for.", line);
        for (line, blocks) in [
            ("We are a medical practice, so the pace is steady.", false),
            ("Our team is a mature one that trains newcomers.", false),
            ("We have faith in your future.", false),
            ("We worried about your anxiety in the rush.", true),
            ("You seemed less mature behind the bar.", true),
            // A proxy for age: a warning, even about them.
            ("You are overqualified for the role.", false),
            ("You seemed too experienced for a junior post.", false),
            ("Honestly, you are over-qualified here.", false),
        ] {
            let body = with(line);
            let f: Vec<Finding> = check(&input(&body))
                .into_iter()
                .filter(|f| f.rule == Rule::ProtectedCharacteristic)
                .collect();
            assert_eq!(f.len(), 1, "{line}");
            assert_eq!(f[0].severity == Severity::Blocking, blocks, "{line}");
        }
    }

    fn rules(i: &ToneInput) -> Vec<Rule> {
        check(i).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_good_rejection_has_no_findings() {
        assert_eq!(check(&input(GOOD)), vec![]);
        assert!(may_send(&check(&input(GOOD))));
    }

    #[test]
    fn unresolved_placeholder_blocks() {
        let body = GOOD.replace("Barista role", "{{ role_title }} role");
        let f = check(&input(&body));
        assert_eq!(f[0].rule, Rule::UnresolvedPlaceholder);
        assert_eq!(f[0].severity, Severity::Blocking);
        assert!(!may_send(&f));
    }

    #[test]
    fn no_greeting_by_name_blocks() {
        let body = GOOD.replace("Hi Ana,", "Dear candidate,");
        let f = check(&input(&body));
        assert_eq!(f[0].rule, Rule::NoGreetingByName);
        assert!(f[0].explanation.contains("Ana"));
        assert!(!may_send(&f));
        // The name must be a word of the greeting, not part of another word.
        let body = GOOD.replace("Hi Ana,", "Hi Anastasia,");
        assert!(rules(&input(&body)).contains(&Rule::NoGreetingByName));
    }

    #[test]
    fn protected_characteristics_block_and_say_which() {
        for (phrase, what) in [
            ("we wanted someone younger", "age"),
            ("given your pregnancy", "pregnancy"),
            ("with your children at home", "marital or family status"),
            ("around your prayer times", "religion"),
            ("we need a native speaker", "ethnicity or nationality"),
            ("because of the wheelchair access", "disability"),
            ("your health worried us", "health"),
            ("your accent was hard to follow", "accent"),
            ("a female barista", "gender"),
        ] {
            let body = GOOD.replace(
                "This is not the news you hoped for.",
                &format!("Honestly, {phrase}."),
            );
            let f = check(&input(&body));
            let hit = f
                .iter()
                .find(|f| f.rule == Rule::ProtectedCharacteristic)
                .unwrap_or_else(|| panic!("{phrase}"));
            assert_eq!(hit.severity, Severity::Blocking);
            assert!(
                hit.explanation.contains(what),
                "{phrase}: {}",
                hit.explanation
            );
        }
        // Whole words only: "manage", "image", "stage" and "thank" are fine.
        let body = GOOD.replace(
            "This is not the news you hoped for.",
            "You manage a stage with poise and a good image.",
        );
        assert!(!rules(&input(&body)).contains(&Rule::ProtectedCharacteristic));
    }

    #[test]
    fn warnings_each_with_their_own_trigger() {
        let cases: Vec<(String, Rule)> = vec![
            (GOOD.replace("for the Barista role", "for the job"), Rule::RoleNotNamed),
            (GOOD.replace("Thank you for the time and thought you gave to interviewing", "You interviewed"), Rule::NoThanks),
            (GOOD.replace("We have decided to offer the position to someone else, and I wanted you to hear it from me directly.", "I have some news about it."), Rule::DecisionNotClear),
            (GOOD.replace("I wish you every success", "We may reconsider later, and I wish you every success"), Rule::FalseHope),
            (GOOD.replace("I wish you every success", "We will keep you in mind, and I wish you every success"), Rule::KeepInMindWithoutConsent),
            (format!("{GOOD}\n{}", "More words here. ".repeat(60)), Rule::TooLong),
        ];
        for (body, rule) in cases {
            let f = check(&input(&body));
            assert_eq!(
                f.iter().map(|f| f.rule).collect::<Vec<_>>(),
                vec![rule],
                "{rule:?}"
            );
            assert_eq!(f[0].severity, Severity::Warning);
            assert!(may_send(&f), "warnings never block");
        }
    }

    #[test]
    fn feedback_missing_or_comparing() {
        let without = GOOD.replace(
            "Your latte art was excellent and you were warm with the regulars. What held you back was the pace of the Saturday rush: practising a busy service would help.",
            "I wish you every success.",
        );
        let mut i = input(&without);
        i.feedback = Some("  ");
        assert_eq!(rules(&i), vec![Rule::NoFeedback]);
        i.feedback = None;
        assert_eq!(rules(&i), vec![Rule::NoFeedback]);
        // GOOD says it in its own words: no slot needed.
        i = input(GOOD);
        i.feedback = None;
        assert_eq!(rules(&i), vec![]);
        i.feedback = Some("Other candidates had more barista experience than you.");
        assert_eq!(rules(&i), vec![Rule::ComparesWithOthers]);
    }

    #[test]
    fn consent_on_record_allows_keeping_in_touch() {
        let body = GOOD.replace(
            "I wish you every success",
            "We will keep you in mind, and I wish you every success",
        );
        let mut i = input(&body);
        i.consent_on_record = true;
        assert_eq!(rules(&i), vec![]);
    }

    #[test]
    fn late_after_five_working_days() {
        let mut i = input(GOOD);
        // Interview Monday 2 March; Monday 9 March is 5 working days later: fine.
        i.today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(rules(&i), vec![]);
        i.today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let f = check(&i);
        assert_eq!(f[0].rule, Rule::Late);
        assert!(f[0].explanation.contains("6 working days"));
        assert_eq!(
            working_days_between(
                NaiveDate::from_ymd_opt(2026, 3, 6).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
            ),
            1
        );
    }

    #[test]
    fn signature_and_reply_to() {
        let mut i = input(GOOD);
        i.signature = "The Team";
        assert_eq!(rules(&i), vec![Rule::NoPersonalSignature]);
        i.signature = "Maria Lopez";
        i.reply_to = "noreply@riverside.example";
        let f = check(&i);
        assert_eq!(f[0].rule, Rule::NoPersonalSignature);
        assert!(f[0].explanation.contains("no-reply"));
    }

    #[test]
    fn an_update_is_read_with_the_rules_that_apply() {
        let body =
            "Hi Ana,\n\nWe need a few more days. You will hear from me by Friday.\n\nMaria Lopez";
        let mut i = input(body);
        i.kind = MessageKind::Update;
        i.feedback = None;
        i.today = NaiveDate::from_ymd_opt(2026, 4, 30).unwrap();
        assert_eq!(
            rules(&i),
            vec![],
            "no decision, feedback or lateness rules for an update"
        );
        let i = ToneInput {
            body: "Hello,\n\nMore days needed.",
            ..i
        };
        assert_eq!(rules(&i), vec![Rule::NoGreetingByName]);
    }

    #[test]
    fn a_runner_up_may_ask_to_stay_in_touch() {
        let body = GOOD.replace(
            "I wish you every success in your search.",
            "If you are happy for us to keep your details for future opportunities, just reply.",
        );
        let mut i = input(&body);
        i.kind = MessageKind::RunnerUp;
        assert_eq!(rules(&i), vec![]);
    }

    #[test]
    fn kindlys_own_defaults_pass_the_check() {
        use crate::domain::defaults::{default_for, Purpose};
        use crate::domain::template::{render, Values};
        let values: Values = [
            ("candidate_first_name", "Ana"),
            ("role_title", "Barista"),
            ("feedback", FEEDBACK),
            ("follow_up_date", "Friday 6 March"),
            ("signature", "Maria Lopez"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (purpose, kind) in [
            (Purpose::Rejection, MessageKind::Rejection),
            (Purpose::RunnerUp, MessageKind::RunnerUp),
            (Purpose::Update, MessageKind::Update),
        ] {
            let d = default_for(purpose);
            let r = render(d.subject, d.body, &values).unwrap();
            let i = ToneInput {
                kind,
                body: &r.body,
                ..input(GOOD)
            };
            assert_eq!(check(&i), vec![], "{}", d.name);
        }
    }
}
