//! The tone check against a corpus of drafts, good and bad, each with the findings it must
//! produce (`tests/fixtures/tone/`), and against a list of first names from many languages.

mod tone_scoring;

use chrono::NaiveDate;
use kindly_core::domain::tone::{self, MessageKind, Rule, Severity, ToneInput};
use tone_scoring::{corpus, first_names, score};

#[test]
fn the_check_agrees_with_the_corpus_finding_by_finding() {
    let drafts = corpus();
    let s = score(&drafts);
    println!("{s}");
    for d in &s.differences {
        println!("  {d}");
    }
    assert!(
        drafts.len() >= 120,
        "the corpus has {} drafts",
        drafts.len()
    );
    assert!(
        s.false_blocks_on_traps.is_empty(),
        "false blocks on names and titles: {:?}",
        s.false_blocks_on_traps
    );
    assert!(s.agreement() >= 0.97, "{s}\n{}", s.differences.join("\n"));
    for d in &drafts {
        for f in tone_scoring::check(d) {
            assert!(
                f.explanation.ends_with('.') && f.explanation.len() > 30,
                "{}: '{}' is not a sentence that explains",
                d.name,
                f.explanation
            );
        }
    }
}

#[test]
fn the_corpus_covers_every_rule_every_characteristic_and_good_drafts() {
    let drafts = corpus();
    let expected: Vec<String> = drafts.iter().flat_map(|d| d.expected()).collect();
    for rule in [
        "unresolved_placeholder",
        "no_greeting_by_name",
        "protected_characteristic",
        "protected_characteristic:warning",
        "role_not_named",
        "no_thanks",
        "decision_not_clear",
        "no_feedback",
        "compares_with_others",
        "false_hope",
        "keep_in_mind_without_consent",
        "too_long",
        "late",
        "no_personal_signature",
    ] {
        assert!(
            expected.iter().any(|e| e == rule),
            "no draft in the corpus expects {rule}"
        );
    }
    let clean = drafts.iter().filter(|d| d.expected().is_empty()).count();
    assert!(
        clean >= 20,
        "only {clean} drafts are expected to pass clean"
    );
    let traps = drafts.iter().filter(|d| d.is_trap()).count();
    assert!(traps >= 20, "only {traps} traps");
    // Every characteristic: two drafts that block (veteran status: that warn) and two similar
    // ones that don't.
    for what in tone::protected_groups() {
        let about: Vec<_> = drafts
            .iter()
            .filter(|d| d.header("category") == Some(what.as_str()))
            .collect();
        let flagged = about
            .iter()
            .filter(|d| {
                if what == "veteran status" {
                    d.expected().contains("protected_characteristic:warning")
                } else {
                    d.expected_to_block()
                }
            })
            .count();
        let not = about
            .iter()
            .filter(|d| {
                !d.expected_to_block() && !d.expected().iter().any(|e| e.starts_with("protected"))
            })
            .count();
        assert!(flagged >= 2, "{what}: {flagged} drafts flag it");
        assert!(not >= 2, "{what}: {not} similar drafts pass");
    }
}

fn rejection<'a>(name: &'a str, role: &'a str, body: &'a str) -> ToneInput<'a> {
    ToneInput {
        kind: MessageKind::Rejection,
        body,
        candidate_first_name: name,
        role_title: Some(role),
        feedback: None,
        last_interview: NaiveDate::from_ymd_opt(2026, 3, 2),
        today: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        consent_on_record: false,
        signature: "Maria Lopez",
        business: "Riverside Café",
        reply_to: "maria@riverside.example",
        names: &[],
        vouched: &[],
    }
}

#[test]
fn greeting_any_first_name_never_blocks() {
    let names = first_names();
    assert!(names.len() >= 500, "the list has {} names", names.len());
    let mut blocked = vec![];
    for name in &names {
        let body = format!(
            "Dear {name},\n\nThank you for interviewing for the Barista role. We have decided to offer the position to someone else.\n\n{name}, your answers about the morning rush were clear, and practising latte art would help.\n\nKind regards,\nMaria Lopez"
        );
        let f = tone::check(&rejection(name, "Barista", &body));
        if !f.is_empty() {
            blocked.push(format!("{name}: {f:?}"));
        }
    }
    assert!(blocked.is_empty(), "{}", blocked.join("\n"));
}

#[test]
fn roles_with_protected_words_in_their_titles_never_block() {
    let roles = [
        "Medical Receptionist",
        "Health Care Assistant",
        "Childcare Assistant",
        "Family Support Worker",
        "Youth Worker",
        "Maternity Support Worker",
        "Disability Support Worker",
        "Church Hall Caretaker",
        "Women's Refuge Support Worker",
        "Mental Health Nurse",
        "Kosher Chef",
        "Halal Butcher",
        "Sikh Temple Cook",
        "Senior Carer for Older People",
        "Retirement Home Cook",
        "Nursery Nurse",
        "Gentlemen's Barber",
        "Ladies' Hairdresser",
        "Sign Language Interpreter (Deaf Services)",
        "Pregnancy Yoga Teacher",
        "Accent Wall Decorator",
        "Genetic Counsellor",
        "Veterans' Charity Fundraiser",
    ];
    for role in roles {
        let body = format!(
            "Hi Ana,\n\nThank you for interviewing for the {role} role. We have decided to offer the position to someone else.\n\nYour answers about your last post were clear, and more practice with the rota software would help.\n\nKind regards,\nMaria Lopez"
        );
        let f = tone::check(&rejection("Ana", role, &body));
        assert!(tone::may_send(&f), "{role}: {f:?}");
        assert!(
            f.iter().all(|f| f.rule != Rule::ProtectedCharacteristic),
            "{role}: {f:?}"
        );
        assert!(f.iter().all(|f| f.severity != Severity::Blocking));
    }
}
