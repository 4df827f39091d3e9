//! The tone check's corpus (`tests/fixtures/tone/`) and how well the check agrees with it,
//! shared by the corpus test and `make bench`.
//!
//! Each draft is a header, a `---` line and the message. Headers: `kind` (rejection,
//! runner_up, update, role_filled), `expect` (the rules it should find, comma-separated; a protected
//! characteristic that should only warn is `protected_characteristic:warning`), and the
//! message's facts when not the defaults: `name`, `role`, `business`, `names`, `feedback`,
//! `vouched`, `consent`, `signature`, `reply_to`, `last_interview`, `today`. `category` names
//! the protected characteristic a draft is about; `trap: yes` marks a draft whose words only
//! look protected (a name, a title), where a block is a false block.

#![allow(dead_code)]

use chrono::NaiveDate;
use kindly_core::domain::tone::{self, Finding, MessageKind, Rule, Severity, ToneInput};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

pub struct Draft {
    pub name: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Draft {
    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn list(&self, k: &str) -> Vec<&str> {
        self.header(k)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The findings it should have, as names (`protected_characteristic:warning` for a
    /// protected finding that only warns).
    pub fn expected(&self) -> BTreeSet<String> {
        self.list("expect")
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    pub fn expected_to_block(&self) -> bool {
        self.expected()
            .iter()
            .any(|r| BLOCKING.contains(&r.as_str()))
    }

    pub fn is_trap(&self) -> bool {
        self.header("trap") == Some("yes")
    }
}

/// Rules that block (a protected finding blocks unless marked `:warning`).
const BLOCKING: [&str; 3] = [
    "unresolved_placeholder",
    "no_greeting_by_name",
    "protected_characteristic",
];

/// The corpus, from the core's tests or from the workspace root's benches.
pub fn corpus_dir() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("tests/fixtures/tone"),
        here.join("../../tests/fixtures/tone"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .expect("tests/fixtures/tone")
}

pub fn corpus() -> Vec<Draft> {
    let mut out: Vec<Draft> = std::fs::read_dir(corpus_dir())
        .expect("the corpus directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| p.file_name().is_some_and(|n| n != "first-names.txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let (head, body) = text
                .split_once("\n---\n")
                .unwrap_or_else(|| panic!("{}: no --- line", p.display()));
            let headers = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect();
            Draft {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                headers,
                body: body.trim_end().to_string(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The names list: one first name per line.
pub fn first_names() -> Vec<String> {
    std::fs::read_to_string(corpus_dir().join("first-names.txt"))
        .expect("the names list")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

pub fn rule_name(f: &Finding) -> String {
    let name = serde_json::to_value(f.rule)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    if f.rule == Rule::ProtectedCharacteristic && f.severity == Severity::Warning {
        format!("{name}:warning")
    } else {
        name
    }
}

/// Run the check on a draft, as the composer would.
pub fn check(d: &Draft) -> Vec<Finding> {
    let h = |k: &str, default: &'static str| d.header(k).unwrap_or(default).to_string();
    let kind = match h("kind", "").as_str() {
        "rejection" => MessageKind::Rejection,
        "runner_up" => MessageKind::RunnerUp,
        "update" => MessageKind::Update,
        "role_filled" => MessageKind::RoleFilled,
        k => panic!("{}: unknown kind '{k}'", d.name),
    };
    let date = |k: &str, default: &'static str| {
        NaiveDate::parse_from_str(&h(k, default), "%Y-%m-%d").unwrap()
    };
    let (name, role, signature, business, reply_to) = (
        h("name", "Ana"),
        h("role", "Barista"),
        h("signature", "Maria Lopez"),
        h("business", "Riverside Café"),
        h("reply_to", "maria@riverside.example"),
    );
    let names = d.list("names");
    let vouched = d.list("vouched");
    tone::check(&ToneInput {
        kind,
        body: &d.body,
        candidate_first_name: &name,
        role_title: Some(&role),
        feedback: d.header("feedback"),
        last_interview: Some(date("last_interview", "2026-03-02")),
        today: date("today", "2026-03-04"),
        consent_on_record: h("consent", "no") == "yes",
        signature: &signature,
        business: &business,
        reply_to: &reply_to,
        names: &names,
        vouched: &vouched,
    })
}

/// How far the check agrees with the corpus, finding by finding: each draft's blocking
/// verdict is one finding, and so is each warning rule either side expects or finds.
#[derive(Default)]
pub struct Score {
    pub drafts: usize,
    pub findings: usize,
    pub agreed: usize,
    /// Drafts that block but should not; on traps, and in all.
    pub false_blocks: Vec<String>,
    pub false_blocks_on_traps: Vec<String>,
    /// Drafts that should block but do not.
    pub missed_blocks: Vec<String>,
    /// Every draft where something differs, with what.
    pub differences: Vec<String>,
}

impl Score {
    pub fn agreement(&self) -> f64 {
        self.agreed as f64 / self.findings.max(1) as f64
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "tone corpus: {} drafts, {} findings judged, agreement {:.1}% ({} of {}); false blocks {} ({} on traps); missed blocks {}",
            self.drafts,
            self.findings,
            self.agreement() * 100.0,
            self.agreed,
            self.findings,
            self.false_blocks.len(),
            self.false_blocks_on_traps.len(),
            self.missed_blocks.len(),
        )
    }
}

pub fn score(drafts: &[Draft]) -> Score {
    let mut s = Score {
        drafts: drafts.len(),
        ..Score::default()
    };
    for d in drafts {
        let found = check(d);
        let blocks = !tone::may_send(&found);
        let want_block = d.expected_to_block();
        s.findings += 1;
        if blocks == want_block {
            s.agreed += 1;
        } else if blocks {
            s.false_blocks.push(d.name.clone());
            if d.is_trap() {
                s.false_blocks_on_traps.push(d.name.clone());
            }
        } else {
            s.missed_blocks.push(d.name.clone());
        }
        let warnings = |names: BTreeSet<String>| -> BTreeSet<String> {
            names
                .into_iter()
                .filter(|r| !BLOCKING.contains(&r.as_str()))
                .collect()
        };
        let got = warnings(found.iter().map(rule_name).collect());
        let want = warnings(d.expected());
        let union: BTreeSet<&String> = got.union(&want).collect();
        s.findings += union.len();
        s.agreed += union
            .iter()
            .filter(|r| got.contains(**r) && want.contains(**r))
            .count();
        let all_got: BTreeSet<String> = found.iter().map(rule_name).collect();
        if all_got != d.expected() {
            s.differences.push(format!(
                "{}: expected {:?}, found {:?}",
                d.name,
                d.expected(),
                found
                    .iter()
                    .map(|f| format!("{} {:?}", rule_name(f), f.excerpt))
                    .collect::<Vec<_>>()
            ));
        }
    }
    s
}
