//! The tone check: deterministic rules that read a rejection (and, with the rules that apply,
//! a runner-up or an update message) before it can be sent, each finding explained in a
//! sentence. Blocking findings stop the message; warnings let the owner send anyway.
//!
//! The words it reads are data files (`data/tone/<language>.json`), one per language: the
//! protected characteristics of the UK Equality Act 2010 and US federal law, and the phrases
//! that state a decision, give feedback, or sign a message. Names and titles the message must
//! use (the candidate's, the role's, the business's, the owner's) are never read as protected
//! wording, and a word written like a name ("Grace", "St Mary's Church") may be vouched for
//! by the owner, once, for that word.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Rejection,
    RunnerUp,
    Update,
    /// The role is filled, to someone never interviewed: no feedback or lateness to read.
    RoleFilled,
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
    /// The excerpt is written like a name, a place or a title (capitalised inside a sentence,
    /// not tied to "you"): the owner may say so, and the message may then go. Never true of
    /// wording about the person ("your church", "a man").
    pub name_or_title: bool,
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
    /// The owner's signature from their profile: a name, never read as protected wording.
    /// Whether the message is signed by a person is read from its own closing lines.
    pub signature: &'a str,
    /// The business's name: a message signed only with it is signed by no one.
    pub business: &'a str,
    pub reply_to: &'a str,
    /// Names and titles the message must use that are never read as protected wording: the
    /// candidate's full name, the role, the business and the owner (`Faith`, `Medical
    /// Receptionist`, `Young's Bakery`). The first name and role above are exempt already.
    pub names: &'a [&'a str],
    /// Words the owner said are a name, a place or a title in this message ("Grace", "St
    /// Mary's Church"). Only where they are written like one (capitalised, not about "you").
    pub vouched: &'a [&'a str],
}

pub const MAX_WORDS: usize = 220;
pub const MAX_WORKING_DAYS: i64 = 5;

// ---------------------------------------------------------------------------------------
// The word lists.

#[derive(Deserialize)]
struct RawGroup {
    what: String,
    block: Vec<String>,
    tied: Vec<String>,
    tied_only: Vec<String>,
    warn: Vec<String>,
}

#[derive(Deserialize)]
struct RawLists {
    #[allow(dead_code)]
    language: String,
    protected: Vec<RawGroup>,
    not: Vec<String>,
    to_them: Vec<String>,
    you_then: Vec<String>,
    decision: Vec<String>,
    comparison: Vec<String>,
    false_hope: Vec<String>,
    open_door: Vec<String>,
    keep_in_mind: Vec<String>,
    thanks: Vec<String>,
    courtesies: Vec<String>,
    courtesy_filler: Vec<String>,
    feedback_cues: Vec<String>,
    sign_offs: Vec<String>,
    team_words: Vec<String>,
    no_reply: Vec<String>,
}

/// How a protected word is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Always blocks.
    Block,
    /// Blocks when tied to the person ("your anxiety"); otherwise a warning.
    Tied,
    /// Blocks when tied to the person ("your partner"); otherwise nothing.
    TiedOnly,
    /// Always a warning (a proxy, like "overqualified").
    Warn,
}

/// One token of a phrase: a whole word, or a word start (`retire*`).
#[derive(Debug, Clone)]
enum Part {
    Word(String),
    Stem(String),
}

impl Part {
    fn matches(&self, w: &str) -> bool {
        match self {
            Part::Word(p) => w == p,
            Part::Stem(s) => w.starts_with(s.as_str()),
        }
    }
}

/// A list of phrases, indexed by their first word so a message is read in one pass.
#[derive(Debug)]
struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<Part>, T)>>,
    stems: Vec<(Vec<Part>, T)>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            by_first: HashMap::new(),
            stems: Vec::new(),
        }
    }
}

impl<T: Copy> Phrases<T> {
    fn add(&mut self, phrase: &str, tag: T) {
        let parts: Vec<Part> = phrase
            .to_lowercase()
            .split_whitespace()
            .map(|p| match p.strip_suffix('*') {
                Some(s) => Part::Stem(s.to_string()),
                None => Part::Word(p.to_string()),
            })
            .collect();
        match parts.first() {
            Some(Part::Word(w)) => self
                .by_first
                .entry(w.clone())
                .or_default()
                .push((parts, tag)),
            Some(Part::Stem(_)) => self.stems.push((parts, tag)),
            None => {}
        }
    }

    /// Every occurrence in `w`, in text order: (start, length, tag).
    fn each<'s>(&'s self, w: &'s [String]) -> impl Iterator<Item = (usize, usize, T)> + 's {
        (0..w.len()).flat_map(move |i| {
            let rest = &w[i..];
            let fits = move |(parts, tag): &(Vec<Part>, T)| {
                (parts.len() <= rest.len() && parts.iter().zip(rest).all(|(p, x)| p.matches(x)))
                    .then_some((i, parts.len(), *tag))
            };
            self.by_first
                .get(&w[i])
                .into_iter()
                .flatten()
                .filter_map(fits)
                .chain(self.stems.iter().filter_map(fits))
                .collect::<Vec<_>>()
        })
    }

    /// The first occurrence in `w`, as the words found.
    fn first(&self, w: &[String]) -> Option<String> {
        self.each(w).next().map(|(i, n, _)| w[i..i + n].join(" "))
    }

    fn found_in(&self, text: &str) -> Option<String> {
        self.first(&words(text))
    }
}

struct Lists {
    groups: Vec<String>,
    /// (group, how it is read, whether the word is always written with a capital).
    protected: Phrases<(usize, Class, bool)>,
    /// Phrases in which a protected word means something else ("man the till").
    not: Phrases<()>,
    /// Words that tie what follows to the person ("your"), up to three words before it.
    to_them: Vec<String>,
    /// Verbs that do the same after "you" ("you seemed less mature", "you were ill").
    you_then: Vec<Part>,
    decision: Phrases<()>,
    comparison: Phrases<()>,
    false_hope: Phrases<()>,
    open_door: Vec<String>,
    keep_in_mind: Phrases<()>,
    thanks: Phrases<()>,
    courtesies: Vec<String>,
    courtesy_filler: Vec<String>,
    feedback_cues: Phrases<()>,
    sign_offs: Vec<String>,
    team_words: Phrases<()>,
    no_reply: Vec<String>,
}

/// Every language's lists, merged: a message is read in whichever it is written in.
fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let files = [include_str!("../../data/tone/en.json")];
        let mut l = Lists {
            groups: vec![],
            protected: Phrases::default(),
            not: Phrases::default(),
            to_them: vec![],
            you_then: vec![],
            decision: Phrases::default(),
            comparison: Phrases::default(),
            false_hope: Phrases::default(),
            open_door: vec![],
            keep_in_mind: Phrases::default(),
            thanks: Phrases::default(),
            courtesies: vec![],
            courtesy_filler: vec![],
            feedback_cues: Phrases::default(),
            sign_offs: vec![],
            team_words: Phrases::default(),
            no_reply: vec![],
        };
        for f in files {
            let r: RawLists = serde_json::from_str(f).expect("the tone word lists are valid JSON");
            for g in r.protected {
                let at = match l.groups.iter().position(|x| *x == g.what) {
                    Some(at) => at,
                    None => {
                        l.groups.push(g.what.clone());
                        l.groups.len() - 1
                    }
                };
                for (list, class) in [
                    (&g.block, Class::Block),
                    (&g.tied, Class::Tied),
                    (&g.tied_only, Class::TiedOnly),
                    (&g.warn, Class::Warn),
                ] {
                    for p in list {
                        let cased = p.chars().any(char::is_uppercase);
                        l.protected.add(p, (at, class, cased));
                    }
                }
            }
            let add = |set: &mut Phrases<()>, list: &[String]| {
                for p in list {
                    set.add(p, ());
                }
            };
            add(&mut l.not, &r.not);
            add(&mut l.decision, &r.decision);
            add(&mut l.comparison, &r.comparison);
            add(&mut l.false_hope, &r.false_hope);
            add(&mut l.keep_in_mind, &r.keep_in_mind);
            add(&mut l.thanks, &r.thanks);
            add(&mut l.feedback_cues, &r.feedback_cues);
            add(&mut l.team_words, &r.team_words);
            l.to_them.extend(r.to_them);
            l.you_then
                .extend(r.you_then.iter().map(|v| match v.strip_suffix('*') {
                    Some(stem) => Part::Stem(stem.to_string()),
                    None => Part::Word(v.clone()),
                }));
            l.open_door.extend(r.open_door);
            l.courtesies.extend(r.courtesies);
            l.courtesy_filler.extend(r.courtesy_filler);
            l.sign_offs.extend(r.sign_offs);
            l.no_reply.extend(r.no_reply);
        }
        l
    })
}

/// The groups of protected characteristics the check knows, in the data files' order.
pub fn protected_groups() -> Vec<String> {
    lists().groups.clone()
}

// ---------------------------------------------------------------------------------------
// Reading text.

/// A word as written: lower-cased, and whether it is written like a name (a capital letter
/// inside a sentence).
#[derive(Debug, Clone)]
struct Token {
    word: String,
    raw: String,
    proper: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut starts_sentence = true;
    let mut cur = String::new();
    let mut push = |cur: &mut String, starts: &mut bool| {
        let raw = cur.trim_matches(['\'', '’']).to_string();
        cur.clear();
        if raw.is_empty() {
            return;
        }
        let proper = !*starts && raw.chars().next().is_some_and(char::is_uppercase);
        *starts = false;
        out.push(Token {
            word: raw.to_lowercase().replace('’', "'"),
            raw,
            proper,
        });
    };
    for c in s.chars() {
        if is_word_char(c) {
            cur.push(c);
        } else {
            push(&mut cur, &mut starts_sentence);
            if matches!(c, '.' | '!' | '?' | ':' | '\n') {
                starts_sentence = true;
            }
        }
    }
    push(&mut cur, &mut starts_sentence);
    out
}

fn words(s: &str) -> Vec<String> {
    tokens(s).into_iter().map(|t| t.word).collect()
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

/// Whether `needle` occurs in `hay` as a run of whole tokens ("anne-marie" is "anne",
/// "marie").
fn contains_tokens(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether `text` is only courtesy ("Good luck!", "You were great"): nothing about them.
fn only_courtesy(text: &str) -> bool {
    let l = lists();
    let mut rest = format!(" {} ", words(text).join(" "));
    for c in &l.courtesies {
        rest = rest.replace(&format!(" {c} "), "  ");
    }
    words(&rest)
        .iter()
        .all(|w| l.courtesy_filler.iter().any(|f| f == w))
}

/// A sentence of the message about the candidate's own interview (their answers, their test,
/// a skill) that is not only courtesy, the thanks or the decision.
fn feedback_in(body: &str) -> Option<String> {
    let l = lists();
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    // Not the greeting, not the closing and signature lines.
    let end = sign_off_at(&lines).unwrap_or(lines.len().saturating_sub(1));
    let inner = if end > 1 {
        lines[1..end].join("\n")
    } else {
        String::new()
    };
    sentences(&inner).into_iter().find(|s| {
        let w = words(s);
        let to_them = w.iter().any(|x| x == "you" || x == "your" || x == "you're");
        to_them
            && l.feedback_cues.first(&w).is_some()
            && l.thanks.first(&w).is_none()
            && l.decision.first(&w).is_none()
            && !only_courtesy(s)
    })
}

fn is_sign_off(line: &str) -> bool {
    let w = words(line).join(" ");
    !w.is_empty() && lists().sign_offs.contains(&w)
}

/// The line of the last sign-off ("Kind regards,", "Thanks, Maria") among the last four
/// lines (not the greeting).
fn sign_off_at(lines: &[&str]) -> Option<usize> {
    let from = lines.len().saturating_sub(4).max(1);
    (from..lines.len()).rev().find(|&k| {
        let (head, tail) = lines[k].split_once(',').unwrap_or((lines[k], ""));
        is_sign_off(lines[k]) || (is_sign_off(head) && !tail.trim().is_empty())
    })
}

/// Who signed the message, read from its closing lines.
#[derive(Debug, PartialEq, Eq)]
enum Signed {
    Person,
    /// A team, a department or the business, as written.
    Team(String),
    Nobody,
}

fn signed(body: &str, business: &str) -> Signed {
    let l = lists();
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 2 {
        return Signed::Nobody;
    }
    let name_line = sign_off_at(&lines).map(|k| {
        let (head, tail) = lines[k].split_once(',').unwrap_or((lines[k], ""));
        if is_sign_off(head) && !tail.trim().is_empty() {
            tail.trim()
        } else {
            lines.get(k + 1).copied().unwrap_or("")
        }
    });
    let line = match name_line {
        Some(line) => line,
        // No sign-off: the last line, if it reads as a name and not a sentence.
        None => lines[lines.len() - 1],
    };
    let w = words(line);
    let sentence = line.ends_with(['.', '!', '?', ',', ':']) || w.len() > 6;
    if w.is_empty() || sentence {
        return Signed::Nobody;
    }
    let business = words(business);
    if l.team_words.first(&w).is_some() || (!business.is_empty() && w == business) {
        return Signed::Team(line.to_string());
    }
    Signed::Person
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
        name_or_title: false,
    }
}

// ---------------------------------------------------------------------------------------
// The check.

/// Read a message; findings in order of importance (blocking first).
pub fn check(i: &ToneInput) -> Vec<Finding> {
    use Severity::*;
    let l = lists();
    let mut out = Vec::new();
    let body = i.body;
    let lower = body.to_lowercase();
    let decision_kind = matches!(
        i.kind,
        MessageKind::Rejection | MessageKind::RunnerUp | MessageKind::RoleFilled
    );
    let interviewed = i.kind != MessageKind::RoleFilled;
    let toks = tokens(body);
    let all: Vec<String> = toks.iter().map(|t| t.word.clone()).collect();

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
    let mut exempt: Vec<&str> = vec![i.candidate_first_name, i.signature, i.business];
    exempt.extend(i.role_title);
    exempt.extend(i.names.iter().copied());
    out.extend(protected_in(&toks, &exempt, i.vouched));

    if decision_kind {
        if let Some(role) = i.role_title.filter(|r| !r.trim().is_empty()) {
            if !lower.contains(&role.to_lowercase()) {
                out.push(finding(Rule::RoleNotNamed, Warning,
                    &format!("The role ({role}) is not named; saying which role this is about avoids confusion if they applied for more than one."),
                    None));
            }
        }
        if l.thanks.first(&all).is_none() {
            out.push(finding(Rule::NoThanks, Warning,
                "There is no thank-you; they gave you their time and effort, and thanking them is the first thing they should read.",
                None));
        }
        let first_three = sentences(body)
            .into_iter()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        if l.decision.found_in(&first_three).is_none() {
            out.push(finding(Rule::DecisionNotClear, Warning,
                "The decision is not stated clearly in the first three sentences; say it early and plainly so they are not left reading between the lines.",
                None));
        }
    }
    if decision_kind && interviewed {
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
                if let Some(hit) = l.comparison.found_in(f) {
                    out.push(finding(Rule::ComparesWithOthers, Warning,
                        &format!("The feedback compares them with others (\"{hit}\"); feedback about their own interview is fairer and more useful."),
                        Some(hit)));
                }
            }
        }
    }
    if decision_kind {
        // A runner-up message asking to keep in touch may say the door is open: that is the
        // point of it, not false hope about this decision.
        let hope = l.false_hope.first(&all).filter(|hit| {
            !(i.kind == MessageKind::RunnerUp && words(hit).iter().any(|w| l.open_door.contains(w)))
        });
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
        if let Some(hit) = l.keep_in_mind.first(&all) {
            out.push(finding(Rule::KeepInMindWithoutConsent, Warning,
                &format!("\"{hit}\" promises to keep their details, but there is no consent on record; ask for it (the runner-up message does) or leave the promise out."),
                Some(hit)));
        }
    }
    let n = all.len();
    if n > MAX_WORDS {
        out.push(finding(
            Rule::TooLong,
            Warning,
            &format!("At {n} words it is long; about 200 words or fewer is kinder to read."),
            None,
        ));
    }
    if decision_kind && interviewed {
        if let Some(last) = i.last_interview {
            let days = working_days_between(last, i.today);
            if days > MAX_WORKING_DAYS {
                out.push(finding(Rule::Late, Warning,
                    &format!("It goes {days} working days after the last interview; an apology for the wait would be kind."),
                    None));
            }
        }
    }
    let reply_to = i.reply_to.to_lowercase();
    let no_reply = l.no_reply.iter().any(|p| reply_to.contains(p.as_str()));
    let explanation = if no_reply {
        Some("Replies would go to a no-reply address; let them answer a person.".to_string())
    } else {
        match signed(body, i.business) {
            Signed::Person => None,
            Signed::Team(t) => Some(format!("It is signed \"{t}\", not by a person; signing with your own name shows a person made this decision.")),
            Signed::Nobody => Some("The message is not signed with a name; ending it with your own name shows a person made this decision.".to_string()),
        }
    };
    if let Some(e) = explanation {
        out.push(finding(Rule::NoPersonalSignature, Warning, &e, None));
    }
    out.sort_by_key(|f| f.severity != Severity::Blocking);
    out
}

/// Protected wording in any text (a message, or notes from a reference call), one finding per
/// characteristic.
pub fn protected_characteristics(text: &str) -> Vec<Finding> {
    protected_in(&tokens(text), &[], &[])
}

/// Whether the word at `at` is tied to the person: "your", "you're"… or "you" and a verb
/// like "seemed" or "were" up to three words before it.
fn tied_to_them(w: &[String], at: usize) -> bool {
    let l = lists();
    let from = at.saturating_sub(3);
    (from..at).any(|j| {
        l.to_them.contains(&w[j])
            || (w[j] == "you" && j + 1 < at && l.you_then.iter().any(|v| v.matches(&w[j + 1])))
    })
}

/// Whether the words of `name` start at `at` in `toks`.
fn name_at(toks: &[Token], at: usize, name: &[String]) -> bool {
    at + name.len() <= toks.len()
        && toks[at..at + name.len()]
            .iter()
            .zip(name)
            .all(|(t, n)| t.word == *n)
}

/// Protected wording in `toks`, outside the names and titles the message must use (`exempt`,
/// as written in any case) and the words the owner vouched for as names (`vouched`, only where
/// written like one).
fn protected_in(toks: &[Token], exempt: &[&str], vouched: &[&str]) -> Vec<Finding> {
    let l = lists();
    // Blank the names, token by token, so a name that is also a word (Faith, Young) or a title
    // (Medical Receptionist) is not read as what the word means.
    let written: Vec<String> = toks.iter().map(|t| t.word.clone()).collect();
    let mut w = written.clone();
    let mut blank = |name: &str, only_proper: bool| {
        let n = words(name);
        if n.is_empty() {
            return;
        }
        let mut at = 0;
        while at + n.len() <= toks.len() {
            // A vouched name only where written like one, and not about them ("your Church").
            let like_a_name =
                toks[at..at + n.len()].iter().all(|t| t.proper) && !tied_to_them(&written, at);
            if name_at(toks, at, &n) && (like_a_name || !only_proper) {
                for x in &mut w[at..at + n.len()] {
                    // A token no phrase has, so nothing matches across the gap.
                    *x = "0".into();
                }
                at += n.len();
            } else {
                at += 1;
            }
        }
    };
    for n in exempt {
        blank(n, false);
    }
    for n in vouched {
        // A word always written with a capital ("Ramadan") is never excused as a name.
        let always_capital = l
            .protected
            .each(&words(n))
            .any(|(_, _, (_, _, cased))| cased);
        if !always_capital {
            blank(n, true);
        }
    }
    let other_senses: Vec<(usize, usize)> = l.not.each(&w).map(|(at, n, _)| (at, n)).collect();
    for (at, n) in other_senses {
        for x in &mut w[at..at + n] {
            *x = "0".into();
        }
    }
    let tied = |at: usize| tied_to_them(&w, at);

    #[derive(Default, Clone)]
    struct Seen {
        block: Option<String>,
        name_like: Option<String>,
        warn: Option<String>,
    }
    let mut seen = vec![Seen::default(); l.groups.len()];
    for (at, n, (group, class, cased)) in l.protected.each(&w) {
        let s = &mut seen[group];
        let hit = || w[at..at + n].join(" ");
        let is_tied = tied(at);
        match class {
            Class::Block => {
                // "Ramadan" is always written so; "Grace" inside a sentence may be a name.
                let like_a_name = !cased && !is_tied && toks[at..at + n].iter().all(|t| t.proper);
                if like_a_name {
                    let raw: Vec<&str> = toks[at..at + n].iter().map(|t| t.raw.as_str()).collect();
                    s.name_like.get_or_insert_with(|| raw.join(" "));
                } else {
                    s.block.get_or_insert_with(hit);
                }
            }
            Class::Tied | Class::TiedOnly if is_tied => {
                s.block.get_or_insert_with(hit);
            }
            Class::Tied | Class::Warn => {
                s.warn.get_or_insert_with(hit);
            }
            Class::TiedOnly => {}
        }
    }
    l.groups
        .iter()
        .zip(seen)
        .filter_map(|(what, s)| {
            if let Some(hit) = s.block {
                Some(finding(Rule::ProtectedCharacteristic, Severity::Blocking,
                    &format!("\"{hit}\" touches on {what}, a protected characteristic; a hiring decision must never be explained by it, so take it out."),
                    Some(hit)))
            } else if let Some(hit) = s.name_like {
                Some(Finding {
                    name_or_title: true,
                    ..finding(Rule::ProtectedCharacteristic, Severity::Blocking,
                        &format!("\"{hit}\" touches on {what}, a protected characteristic; if it is a name, a place or a title here, say so, and otherwise take it out."),
                        Some(hit))
                })
            } else {
                s.warn.map(|hit| {
                    finding(Rule::ProtectedCharacteristic, Severity::Warning,
                        &format!("\"{hit}\" can touch on {what}, a protected characteristic; make sure it is about the job and not about them."),
                        Some(hit))
                })
            }
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
            business: "Riverside Café",
            reply_to: "maria@riverside.example",
            names: &[],
            vouched: &[],
        }
    }

    #[test]
    fn names_and_titles_are_never_read_as_protected_wording() {
        let body = "Hi Faith,\n\nThank you for interviewing for the Medical Receptionist role at Young's Bakery. We have decided to offer the position to someone else.\n\nKind regards,\nMaria";
        let i = ToneInput {
            candidate_first_name: "Faith",
            role_title: Some("Medical Receptionist"),
            names: &["Faith Young"],
            business: "Young's Bakery",
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
        assert_eq!(found, ["church", "man"]);
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

    #[test]
    fn a_word_written_like_a_name_may_be_vouched_for_and_bias_never() {
        let body = GOOD.replace(
            "This is not the news you hoped for.",
            "Our head barista, Guy, loved your latte art. Do call in when you pass St Mary's Church.",
        );
        let f = check(&input(&body));
        let named: Vec<(&str, bool)> = f
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
            .map(|f| (f.excerpt.as_deref().unwrap(), f.name_or_title))
            .collect();
        assert_eq!(named, [("Church", true), ("Guy", true)]);
        assert!(
            f[0].explanation.contains("if it is a name"),
            "{}",
            f[0].explanation
        );
        let vouched = |v: &[&str], body: &str| {
            check(&ToneInput {
                vouched: v,
                ..input(body)
            })
        };
        assert_eq!(vouched(&["Guy", "Church"], &body), vec![]);
        // Once for that word: the other one still blocks.
        let f = vouched(&["Guy"], &body);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].excerpt.as_deref(), Some("Church"));
        // Vouching never excuses the word where it is about the person, or written in lower case.
        for line in [
            "We felt a man would suit the role better, though Guy liked you.",
            "Guy liked you, but the other guys were quicker.",
            "Our head barista, Guy, liked your Church choir stories.",
        ] {
            let b = GOOD.replace("This is not the news you hoped for.", line);
            let f = vouched(&["Guy", "man", "Church", "guys"], &b);
            assert!(!may_send(&f), "{line}");
            assert!(f.iter().all(|f| !f.name_or_title), "{line}");
        }
        // Words always written with a capital are not names, and at the start of a sentence a
        // capital says nothing.
        for line in [
            "We needed someone free during Ramadan.",
            "Women tend to stay longer on our team.",
        ] {
            let b = GOOD.replace("This is not the news you hoped for.", line);
            let f = vouched(&["Ramadan", "Women"], &b);
            assert!(!may_send(&f), "{line}");
            assert!(f.iter().all(|f| !f.name_or_title), "{line}");
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
            ("with your children at home", "family situation"),
            ("around your prayer times", "religion"),
            ("we need a native speaker", "nationality"),
            ("because of the wheelchair access", "disability"),
            ("your health worried us", "health"),
            ("your accent was hard to follow", "accent"),
            ("a female barista", "sex"),
            ("we felt a man would suit the role better", "sex"),
            ("your husband's shifts", "civil partnership"),
            ("your gender identity", "gender reassignment"),
            ("your sexuality", "sexual orientation"),
            (
                "the heart trouble that runs in your family",
                "genetic information",
            ),
            ("with a young family", "family situation"),
            ("the time off you would need for Ramadan", "religion"),
        ] {
            let body = GOOD.replace(
                "This is not the news you hoped for.",
                &format!("Honestly, {phrase}."),
            );
            let f = check(&input(&body));
            let hit = f
                .iter()
                .find(|f| f.rule == Rule::ProtectedCharacteristic && f.explanation.contains(what))
                .unwrap_or_else(|| panic!("{phrase}: {f:?}"));
            assert_eq!(hit.severity, Severity::Blocking, "{phrase}");
            assert!(!hit.name_or_title, "{phrase}");
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
    fn the_signature_is_read_from_the_message() {
        for (ending, signed) in [
            ("Kind regards,\nMaria Lopez", true),
            ("Thanks, Maria", true),
            ("Best,\nMaria\nOwner, Riverside Café", true),
            ("Maria", true),
            ("Kind regards,\nThe Team", false),
            ("Best wishes,\nThe Riverside Café team", false),
            ("Best wishes,\nRiverside Café", false),
            ("Warm regards,\nHR", false),
            ("Kind regards,", false),
            ("I wish you every success in your search.", false),
        ] {
            let body = GOOD.replace("Kind regards,\nMaria Lopez", ending);
            assert_eq!(
                !rules(&input(&body)).contains(&Rule::NoPersonalSignature),
                signed,
                "{ending}"
            );
        }
        // The profile's signature is not what counts: the message's own closing lines are.
        let mut i = input(GOOD);
        i.signature = "The Team";
        assert_eq!(rules(&i), vec![]);
        let team = GOOD.replace("Maria Lopez", "The Team");
        let f = check(&input(&team));
        assert!(
            f[0].explanation.contains("\"The Team\""),
            "{}",
            f[0].explanation
        );
        let mut i = input(GOOD);
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
        assert_eq!(
            rules(&i),
            vec![Rule::NoGreetingByName, Rule::NoPersonalSignature]
        );
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
            ("consent_months", "24"),
            ("company_name", "Riverside Café"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (purpose, kind) in [
            (Purpose::Rejection, MessageKind::Rejection),
            (Purpose::RunnerUp, MessageKind::RunnerUp),
            (Purpose::Update, MessageKind::Update),
            (Purpose::RoleFilled, MessageKind::RoleFilled),
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
