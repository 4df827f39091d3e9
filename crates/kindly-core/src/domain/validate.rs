//! Input rules. Each check names the field and says what is wrong, and returns the value
//! cleaned (trimmed, empty optional text as `None`), so the store only sees good data.

use crate::error::CoreError;
use chrono::NaiveDate;

type R<T> = Result<T, CoreError>;

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// Unicode's bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069): invisible, and able to make a name or a subject read backwards.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text that arrived from outside (a subject, an attachment's name, a server's words), made
/// safe to show: direction controls and other control characters (line breaks and tabs kept
/// where `multiline`) become U+FFFD, so "CV_\u{202E}xcod.exe" shows what it is; at most
/// `max` bytes, cut at a character with "…".
pub fn arrived(value: &str, max: usize, multiline: bool) -> String {
    let mut out = String::with_capacity(value.len().min(max));
    for c in value.chars() {
        let keep = multiline && (c == '\n' || c == '\t');
        let c = if !keep && (is_bidi_control(c) || c.is_control()) {
            if !multiline && (c == '\n' || c == '\r' || c == '\t') {
                ' '
            } else {
                '\u{FFFD}'
            }
        } else {
            c
        };
        if out.len() + c.len_utf8() > max.saturating_sub('…'.len_utf8()) {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_line(field: &str, value: &str, max: usize) -> R<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(field, "is required"));
    }
    optional_line(field, v, max).map(|o| o.unwrap_or_default())
}

/// An optional single-line text: `None` when blank.
pub fn optional_line(field: &str, value: &str, max: usize) -> R<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if has_control(v) {
        return Err(CoreError::invalid(field, "must be a single line of text"));
    }
    if v.chars().any(is_bidi_control) {
        return Err(CoreError::invalid(
            field,
            "contains an invisible character that changes the direction of text (U+202A–U+202E or U+2066–U+2069); type it again without it",
        ));
    }
    if v.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(Some(v.to_string()))
}

/// Free text (notes): line breaks and tabs allowed, other control characters not.
pub fn optional_text(field: &str, value: &str, max: usize) -> R<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(CoreError::invalid(field, "contains control characters"));
    }
    if v.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(Some(v.replace("\r\n", "\n")))
}

/// An email address as people type them: `local@domain.tld`. Returns it trimmed.
pub fn email(field: &str, value: &str) -> R<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(field, "is required"));
    }
    let bad = || CoreError::invalid(field, format!("'{v}' is not an address"));
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = v.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || local.len() > 64
        || local.contains('@')
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || local.chars().any(|c| "<>()[]\\,;:\"".contains(c))
    {
        return Err(bad());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        || labels.last().is_some_and(|tld| tld.len() < 2)
    {
        return Err(bad());
    }
    Ok(v.to_string())
}

/// A phone number: digits with the usual separators, at least 6 digits.
pub fn phone(field: &str, value: &str) -> R<Option<String>> {
    let Some(v) = optional_line(field, value, 40)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    let ok_chars = v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !ok_chars || digits < 6 {
        return Err(CoreError::invalid(
            field,
            format!("'{v}' is not a phone number"),
        ));
    }
    Ok(Some(v))
}

/// Tags: each trimmed and non-empty, no commas, at most 40 characters, at most 20 tags;
/// duplicates (ignoring case) are dropped, first spelling kept.
pub fn tags(field: &str, values: &[String]) -> R<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for raw in values {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if t.contains(',') || has_control(t) || t.chars().any(is_bidi_control) {
            return Err(CoreError::invalid(
                field,
                format!("'{t}' cannot contain a comma or a line break"),
            ));
        }
        if t.chars().count() > 40 {
            return Err(CoreError::invalid(
                field,
                format!("'{t}' is longer than 40 characters"),
            ));
        }
        if seen.insert(t.to_lowercase()) {
            out.push(t.to_string());
            if out.len() > 20 {
                break;
            }
        }
    }
    if out.len() > 20 {
        return Err(CoreError::invalid(field, "at most 20 tags"));
    }
    Ok(out)
}

/// The years a date may fall in: wide enough for any real hiring, narrow enough that date
/// arithmetic (an offer's expiry, a check's due date, a pulse's window) can never overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A calendar date as `YYYY-MM-DD`, between the years 1900 and 2200.
pub fn date(field: &str, value: &str) -> R<NaiveDate> {
    let v = value.trim();
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, format!("'{v}' is not a date (YYYY-MM-DD)")))?;
    in_years(field, d)
}

/// A date already parsed, refused outside `YEARS`.
pub fn in_years(field: &str, d: NaiveDate) -> R<NaiveDate> {
    use chrono::Datelike;
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(CoreError::invalid(
            field,
            format!(
                "{} is not a year Kindly can plan for (from {} to {})",
                d.year(),
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// A moment as RFC 3339 (`2026-03-02T09:00:00Z`), in UTC, between the years 1900 and 2200.
pub fn instant(field: &str, value: &str) -> R<chrono::DateTime<chrono::Utc>> {
    let v = value.trim();
    let t = chrono::DateTime::parse_from_rfc3339(v)
        .map_err(|_| CoreError::invalid(field, format!("'{v}' is not a date and time")))?
        .with_timezone(&chrono::Utc);
    in_years(field, t.date_naive())?;
    Ok(t)
}

/// A finalist's place: 1st, 2nd or 3rd.
pub fn place(field: &str, value: i32) -> R<i32> {
    if (1..=3).contains(&value) {
        Ok(value)
    } else {
        Err(CoreError::invalid(
            field,
            format!("{value} is not a place (1, 2 or 3)"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_people_type_are_accepted_and_trimmed() {
        for ok in [
            "ana@example.com",
            " Ana.Lopez+jobs@mail.example.co.uk ",
            "o'brien@example.ie",
            "ana@bücher.de",
        ] {
            assert_eq!(email("email", ok).unwrap(), ok.trim(), "{ok}");
        }
    }

    #[test]
    fn broken_addresses_name_the_field_and_the_value() {
        for bad in [
            "ana@",
            "ana",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "ana@exa mple.com",
            "ana@example.c",
            "ana..b@example.com",
            "ana@-example.com",
            "ana@example.com\r\nBcc: x@y.z",
        ] {
            let e = email("email", bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("email"), "{bad}");
            assert_eq!(e.code, crate::ErrorCode::Validation);
        }
        assert_eq!(
            email("email", "ana@").unwrap_err().message,
            "email: 'ana@' is not an address"
        );
        assert_eq!(
            email("email", "  ").unwrap_err().message,
            "email: is required"
        );
    }

    #[test]
    fn lines_and_text() {
        assert_eq!(required_line("first_name", "  Ana ", 100).unwrap(), "Ana");
        assert_eq!(
            required_line("first_name", " ", 100).unwrap_err().message,
            "first_name: is required"
        );
        assert!(required_line("title", "a\nb", 100).is_err());
        assert!(required_line("title", &"x".repeat(101), 100).is_err());
        assert_eq!(optional_line("location", "  ", 10).unwrap(), None);
        assert_eq!(
            optional_text("notes", "line 1\r\nline 2", 100).unwrap(),
            Some("line 1\nline 2".into())
        );
        assert!(optional_text("notes", "bell\u{7}", 100).is_err());
    }

    #[test]
    fn phones() {
        assert_eq!(
            phone("phone", "+1 (555) 010-2030").unwrap(),
            Some("+1 (555) 010-2030".into())
        );
        assert_eq!(phone("phone", "").unwrap(), None);
        assert_eq!(
            phone("phone", "call me").unwrap_err().message,
            "phone: 'call me' is not a phone number"
        );
        assert!(phone("phone", "12345").is_err());
    }

    #[test]
    fn tags_are_cleaned() {
        let t = tags(
            "tags",
            &["  rust ".into(), "Rust".into(), "".into(), "remote".into()],
        )
        .unwrap();
        assert_eq!(t, vec!["rust", "remote"]);
        assert!(tags("tags", &["a,b".into()]).is_err());
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(
            tags("tags", &many).unwrap_err().message,
            "tags: at most 20 tags"
        );
    }

    #[test]
    fn dates_and_places() {
        assert_eq!(
            date("opened_on", "2026-02-28").unwrap().to_string(),
            "2026-02-28"
        );
        assert_eq!(
            date("opened_on", "2026-02-30").unwrap_err().message,
            "opened_on: '2026-02-30' is not a date (YYYY-MM-DD)"
        );
        assert!(place("place", 0).is_err());
        assert_eq!(place("place", 2).unwrap(), 2);
    }

    #[test]
    fn arrived_text_shows_what_it_is_and_stays_within_its_size() {
        assert_eq!(
            super::arrived("CV_\u{202E}xcod.exe", 255, false),
            "CV_\u{FFFD}xcod.exe"
        );
        assert_eq!(super::arrived("a\r\nb", 255, false), "a  b");
        assert_eq!(super::arrived("a\nb\u{7}", 255, true), "a\nb\u{FFFD}");
        let long = super::arrived(&"é".repeat(1000), 300, false);
        assert!(long.len() <= 300 && long.ends_with('…'), "{}", long.len());
        assert_eq!(super::arrived("short", 300, false), "short");
    }
}
