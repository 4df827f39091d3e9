//! Strict placeholders. A template may only use the placeholders Kindly knows, and a message
//! is only rendered when every placeholder it uses has a real value, so nothing ever goes out
//! with a blank or a raw `{{ … }}`. Bodies are plain text (no HTML part, so nothing to escape);
//! a rendered subject with a line break is refused, so no value can smuggle in a header.

use crate::error::CoreError;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use specta::Type;
use std::collections::{BTreeMap, BTreeSet};

/// A placeholder and what it stands for, as the editor lists them.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Placeholder {
    pub name: String,
    pub description: String,
}

pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("candidate_first_name", "The candidate's first name"),
    ("candidate_last_name", "The candidate's last name"),
    ("candidate_full_name", "The candidate's first and last name"),
    ("candidate_email", "The candidate's email address"),
    ("role_title", "The role they applied for"),
    ("company_name", "Your business's name (Settings)"),
    (
        "sender_name",
        "Your name as it appears on emails (Settings)",
    ),
    ("signature", "Your signature (Settings)"),
    ("follow_up_date", "When they will hear from you next"),
    ("interview_date", "The date of their last interview"),
    ("feedback", "Specific, useful feedback for this candidate"),
    ("offer_summary", "The terms of the offer, in a few lines"),
    ("start_date", "The proposed or agreed start date"),
    (
        "offer_open_until",
        "The last day the offer is open (from the offer you extended)",
    ),
    (
        "consent_months",
        "How many months runner-ups stay in the talent pool (Settings)",
    ),
    (
        "reference_name",
        "The name of the person giving a reference",
    ),
];

pub fn placeholders() -> Vec<Placeholder> {
    PLACEHOLDERS
        .iter()
        .map(|(n, d)| Placeholder {
            name: n.to_string(),
            description: d.to_string(),
        })
        .collect()
}

fn known_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

pub type Values = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// The longest template text Kindly takes (a subject or a body), in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;
/// The longest text a template may render to, in bytes: far beyond any letter.
pub const MAX_RENDERED_BYTES: usize = 100_000;
/// How much work one rendering may do (minijinja's fuel): a loop over a huge range stops with
/// an error instead of holding the window.
const FUEL: u64 = 50_000;

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(FUEL));
    env
}

/// The placeholders a template's text uses; a syntax mistake or an unknown placeholder is an
/// error naming the field (`subject` or `body`).
pub fn used_placeholders(field: &str, text: &str) -> Result<BTreeSet<String>, CoreError> {
    if text.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(CoreError::invalid(
            field,
            format!("is longer than {MAX_TEMPLATE_CHARS} characters"),
        ));
    }
    let env = env();
    let tmpl = env.template_from_str(text).map_err(|e| {
        CoreError::invalid(
            field,
            format!(
                "the template has a mistake: {}",
                e.detail().unwrap_or("syntax error")
            ),
        )
    })?;
    let used: BTreeSet<String> = tmpl.undeclared_variables(false).into_iter().collect();
    if let Some(unknown) = used
        .iter()
        .find(|u| !PLACEHOLDERS.iter().any(|(n, _)| n == &u.as_str()))
    {
        return Err(CoreError::invalid(
            field,
            format!(
                "{{{{ {unknown} }}}} is not a placeholder Kindly knows. Known placeholders: {}",
                known_list()
            ),
        ));
    }
    Ok(used)
}

/// Check a template before it is saved: its text parses, and uses only known placeholders.
pub fn check(subject: &str, body: &str) -> Result<(), CoreError> {
    used_placeholders("subject", subject)?;
    used_placeholders("body", body)?;
    Ok(())
}

fn render_one(field: &str, text: &str, values: &Values) -> Result<String, CoreError> {
    let used = used_placeholders(field, text)?;
    if let Some(missing) = used
        .iter()
        .find(|u| values.get(*u).is_none_or(|v| v.trim().is_empty()))
    {
        let what_to_do = match missing.as_str() {
            "company_name" | "sender_name" | "signature" => {
                "add it in Settings, under You and your business"
            }
            "role_title" | "interview_date" => "choose the role they applied for",
            _ => "fill it in, or take it out of the template",
        };
        return Err(CoreError {
            code: crate::ErrorCode::Validation,
            message: format!(
                "{missing}: {{{{ {missing} }}}} has no value for this message; {what_to_do}"
            ),
            field: Some(missing.clone()),
        });
    }
    let out = env()
        .render_str(text, values)
        .map_err(|e| CoreError::invalid(field, format!("could not be written: {e}")))?;
    if out.len() > MAX_RENDERED_BYTES {
        return Err(CoreError::invalid(
            field,
            "would be far longer than a letter; check the template for a loop",
        ));
    }
    if out.contains("{{") || out.contains("}}") || out.contains("{%") {
        return Err(CoreError::invalid(
            field,
            "the message would contain a raw '{{' or '{%'; check the template and the values",
        ));
    }
    Ok(out)
}

/// Render a template for one message with every placeholder it uses filled in.
pub fn render(subject: &str, body: &str, values: &Values) -> Result<Rendered, CoreError> {
    let subject = render_one("subject", subject, values)?;
    if subject.contains(['\r', '\n']) {
        return Err(CoreError::invalid(
            "subject",
            "cannot contain a line break (check the values it uses)",
        ));
    }
    if subject
        .chars()
        .any(crate::domain::validate::is_bidi_control)
    {
        return Err(CoreError::invalid(
            "subject",
            "contains an invisible character that changes the direction of text (U+202A–U+202E or U+2066–U+2069); type it again without it",
        ));
    }
    let subject = subject.trim().to_string();
    if subject.is_empty() {
        return Err(CoreError::invalid("subject", "is empty"));
    }
    let body = render_one("body", body, values)?;
    if body.trim().is_empty() {
        return Err(CoreError::invalid("body", "is empty"));
    }
    Ok(Rendered {
        subject,
        body: body.replace("\r\n", "\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::defaults::DEFAULTS;

    fn values() -> Values {
        PLACEHOLDERS
            .iter()
            .map(|(n, _)| (n.to_string(), format!("<{n}>")))
            .collect()
    }

    #[test]
    fn a_subject_refuses_text_direction_controls() {
        let e = render("Your \u{202E}noitacilppa", "Hello", &values()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("subject"));
        assert!(render("About your application", "Hello", &values()).is_ok());
    }

    #[test]
    fn a_template_that_would_loop_for_ever_stops_with_an_error() {
        let mut v = values();
        v.insert("feedback".into(), "a".repeat(2000));
        // Only known placeholders, and four million steps: over the fuel, not the output cap.
        let e = render(
            "Hi",
            "{% for a in feedback %}{% for b in feedback %}{% if a == b and a != a %}x{% endif %}{% endfor %}{% endfor %}",
            &v,
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body"));
        assert!(e.message.contains("fuel"), "{}", e.message);
        // The same loop, short, is fine: it is the work that is bounded, not the syntax.
        assert!(render("Hi", "{% for a in signature %}{{ a }}{% endfor %}", &v).is_ok());
        let long = "a".repeat(MAX_TEMPLATE_CHARS + 1);
        assert_eq!(
            check("Hi", &long).unwrap_err().field.as_deref(),
            Some("body")
        );
    }

    #[test]
    fn every_default_renders_with_every_placeholder_it_uses_filled() {
        for d in DEFAULTS {
            check(d.subject, d.body).unwrap();
            let r = render(d.subject, d.body, &values()).unwrap();
            assert!(
                !r.body.contains("{{") && !r.subject.contains("{{"),
                "{}",
                d.name
            );
            assert!(
                r.body.contains("<candidate_first_name>") || r.body.contains("<reference_name>")
            );
            assert!(
                r.body.trim_end().ends_with("<signature>"),
                "{} signs off",
                d.name
            );
        }
    }

    #[test]
    fn each_placeholder_is_replaced_by_its_value() {
        for (name, _) in PLACEHOLDERS {
            let r = render("Hi", &format!("a {{{{ {name} }}}} b"), &values()).unwrap();
            assert_eq!(r.body, format!("a <{name}> b"));
        }
    }

    #[test]
    fn an_unknown_placeholder_is_named_with_the_known_ones() {
        let e = check("Hi", "Dear {{ candiate_first_name }}").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body"));
        assert!(e.message.starts_with("body: {{ candiate_first_name }} is not a placeholder Kindly knows. Known placeholders: candidate_first_name, "), "{}", e.message);
        let e = check("{{ nope }}", "x").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("subject"));
    }

    #[test]
    fn a_missing_or_blank_value_is_an_error_not_a_blank() {
        let mut v = values();
        v.remove("feedback");
        let e = render("Hi", "Thanks.\n\n{{ feedback }}\n", &v).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("feedback"));
        assert!(
            e.message.contains("{{ feedback }} has no value"),
            "{}",
            e.message
        );
        v.insert("feedback".into(), "   ".into());
        assert!(render("Hi", "{{ feedback }}", &v).is_err());
    }

    #[test]
    fn syntax_mistakes_are_reported() {
        let e = check("Hi", "Dear {{ candidate_first_name }").unwrap_err();
        assert!(
            e.message.starts_with("body: the template has a mistake"),
            "{}",
            e.message
        );
    }

    #[test]
    fn values_are_inserted_as_text_and_cannot_inject_headers_or_template_code() {
        let mut v = values();
        v.insert(
            "role_title".into(),
            "Barista\r\nBcc: everyone@example.com".into(),
        );
        let e = render("About {{ role_title }}", "x", &v).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("subject"));
        assert!(e.message.contains("line break"));
        // In the body a line break is just text.
        assert!(render("Hi", "{{ role_title }}", &v).is_ok());
        // A value that looks like a placeholder never reaches a candidate raw.
        v.insert("feedback".into(), "see {{ signature }}".into());
        let e = render("Hi", "{{ feedback }}", &v).unwrap_err();
        assert!(e.message.contains("raw"), "{}", e.message);
        // No HTML escaping in plain text: the candidate sees what the owner typed.
        v.insert("feedback".into(), "Tom & Jerry <3".into());
        assert_eq!(
            render("Hi", "{{ feedback }}", &v).unwrap().body,
            "Tom & Jerry <3"
        );
    }
}
