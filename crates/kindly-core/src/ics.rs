//! Calendar export: open reminders as an iCalendar (RFC 5545) file. UIDs are stable (the
//! reminder and this database's own id), so importing the file again updates the events
//! instead of duplicating them.

use chrono::{DateTime, Utc};

/// One event to write.
pub struct IcsEvent<'a> {
    pub uid: String,
    pub start: DateTime<Utc>,
    pub summary: &'a str,
    pub description: &'a str,
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Fold a content line at 75 octets (never inside a UTF-8 character), CRLF-terminated.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn calendar(events: &[IcsEvent], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kindly//Reminders//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Kindly reminders",
    ] {
        push_line(&mut out, l);
    }
    for e in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape(&e.uid)));
        push_line(&mut out, &format!("DTSTAMP:{}", stamp(now)));
        push_line(&mut out, &format!("DTSTART:{}", stamp(e.start)));
        push_line(&mut out, "DURATION:PT15M");
        push_line(&mut out, &format!("SUMMARY:{}", escape(e.summary)));
        if !e.description.is_empty() {
            push_line(&mut out, &format!("DESCRIPTION:{}", escape(e.description)));
        }
        push_line(&mut out, "BEGIN:VALARM");
        push_line(&mut out, "ACTION:DISPLAY");
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(e.summary)));
        push_line(&mut out, "TRIGGER:PT0M");
        push_line(&mut out, "END:VALARM");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_escaped_folded_and_crlf() {
        let long = "Ask Ana's previous supervisor, Maria; about teamwork\nand ".repeat(3);
        let ics = calendar(
            &[IcsEvent {
                uid: "kindly-reminder-1@x".into(),
                start: "2026-06-10T08:00:00Z".parse().unwrap(),
                summary: &long,
                description: "",
            }],
            "2026-06-01T00:00:00Z".parse().unwrap(),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20260610T080000Z\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 76), "folded at 75 octets");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded
            .contains("SUMMARY:Ask Ana's previous supervisor\\, Maria\\; about teamwork\\nand "));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
    }
}
