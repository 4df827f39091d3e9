//! The tone check against a corpus of drafts, good and bad, each with the findings it must
//! produce (`tests/fixtures/tone/`).

use chrono::NaiveDate;
use kindly_core::domain::tone::{self, MessageKind, Rule, Severity, ToneInput};
use std::collections::HashMap;
use std::path::PathBuf;

struct Draft {
    name: String,
    headers: HashMap<String, String>,
    body: String,
}

fn corpus() -> Vec<Draft> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/tone");
    let mut out: Vec<Draft> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
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

fn rule_name(r: Rule) -> String {
    serde_json::to_value(r)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_draft_gets_exactly_its_expected_findings() {
    let drafts = corpus();
    assert!(drafts.len() >= 30, "the corpus has {} drafts", drafts.len());
    let mut failures = vec![];
    for d in &drafts {
        let h = |k: &str, default: &str| {
            d.headers
                .get(k)
                .cloned()
                .unwrap_or_else(|| default.to_string())
        };
        let kind = match h("kind", "").as_str() {
            "rejection" => MessageKind::Rejection,
            "runner_up" => MessageKind::RunnerUp,
            "update" => MessageKind::Update,
            k => panic!("{}: unknown kind '{k}'", d.name),
        };
        let date =
            |k: &str, default: &str| NaiveDate::parse_from_str(&h(k, default), "%Y-%m-%d").unwrap();
        let (name, role, signature, reply_to) = (
            h("name", "Ana"),
            h("role", "Barista"),
            h("signature", "Maria Lopez"),
            h("reply_to", "maria@riverside.example"),
        );
        let feedback = d.headers.get("feedback").cloned();
        let names_header = h("names", "");
        let names: Vec<&str> = names_header
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let findings = tone::check(&ToneInput {
            kind,
            body: &d.body,
            candidate_first_name: &name,
            role_title: Some(&role),
            feedback: feedback.as_deref(),
            last_interview: Some(date("last_interview", "2026-03-02")),
            today: date("today", "2026-03-04"),
            consent_on_record: h("consent", "no") == "yes",
            signature: &signature,
            reply_to: &reply_to,
            names: &names,
        });
        let mut got: Vec<String> = findings.iter().map(|f| rule_name(f.rule)).collect();
        let mut want: Vec<String> = h("expect", "")
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!("{}: expected {want:?}, found {got:?}", d.name));
        }
        for f in &findings {
            assert!(
                f.explanation.ends_with('.') && f.explanation.len() > 30,
                "{}: '{}' is not a sentence that explains",
                d.name,
                f.explanation
            );
        }
        let blocking = findings.iter().any(|f| f.severity == Severity::Blocking);
        assert_eq!(tone::may_send(&findings), !blocking, "{}", d.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_corpus_covers_every_rule_and_good_drafts() {
    let drafts = corpus();
    let expected: Vec<String> = drafts
        .iter()
        .flat_map(|d| {
            d.headers
                .get("expect")
                .cloned()
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for rule in [
        Rule::UnresolvedPlaceholder,
        Rule::NoGreetingByName,
        Rule::ProtectedCharacteristic,
        Rule::RoleNotNamed,
        Rule::NoThanks,
        Rule::DecisionNotClear,
        Rule::NoFeedback,
        Rule::ComparesWithOthers,
        Rule::FalseHope,
        Rule::KeepInMindWithoutConsent,
        Rule::TooLong,
        Rule::Late,
        Rule::NoPersonalSignature,
    ] {
        assert!(
            expected.contains(&rule_name(rule)),
            "no draft in the corpus expects {rule:?}"
        );
    }
    let clean = drafts
        .iter()
        .filter(|d| d.headers.get("expect").is_none_or(|e| e.is_empty()))
        .count();
    assert!(clean >= 5, "only {clean} drafts are expected to pass clean");
}
