//! What a message in the owner's inbox is, from its MIME structure and headers: a
//! delivery-status report (RFC 3464) about a message that did not arrive, an automatic answer
//! (out of office, RFC 3834), or a message written by a person.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// A report that a message did not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// The Message-ID of the message that bounced (without angle brackets), when the report
    /// carries its headers.
    pub original_id: Option<String>,
    /// The address it was for (`Final-Recipient`), lower-cased.
    pub recipient: Option<String>,
    /// The receiving server's words (`Diagnostic-Code`), else the status code.
    pub diagnostic: String,
}

/// A Message-ID without its angle brackets.
pub fn bare(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

fn is_type(ct: Option<&mail_parser::ContentType>, ctype: &str, subtype: &str) -> bool {
    ct.is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case(ctype)
            && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case(subtype))
    })
}

/// Whether the headers say this is a delivery-status report (what is worth fetching whole).
pub fn is_delivery_report(m: &Message) -> bool {
    m.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && c.attribute("report-type")
                .is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    })
}

/// The fields of a `message/delivery-status` body: folded lines unfolded, names lower-cased.
fn status_fields(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    out
}

/// A failed delivery reported by this message, if it is such a report. Delays and
/// successful-delivery reports are not bounces.
pub fn bounce(m: &Message) -> Option<Bounce> {
    if !is_delivery_report(m) {
        return None;
    }
    let mut fields = Vec::new();
    let mut original_id = None;
    for part in &m.parts {
        let ct = part.content_type();
        if is_type(ct, "message", "delivery-status") {
            fields = status_fields(&String::from_utf8_lossy(part.contents()));
        } else if let PartType::Message(inner) = &part.body {
            original_id = original_id.or_else(|| inner.message_id().map(bare));
        } else if is_type(ct, "text", "rfc822-headers") {
            original_id = original_id.or_else(|| {
                MessageParser::default()
                    .parse_headers(part.contents())
                    .and_then(|h| h.message_id().map(bare))
            });
        }
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let action = field("action").unwrap_or_default().to_ascii_lowercase();
    if action != "failed" {
        return None;
    }
    let without_type = |v: String| match v.split_once(';') {
        Some((_, rest)) => rest.trim().to_string(),
        None => v,
    };
    let recipient = field("final-recipient")
        .or_else(|| field("original-recipient"))
        .map(|v| without_type(v).trim_matches(['<', '>']).to_lowercase());
    let diagnostic = field("diagnostic-code")
        .map(without_type)
        .or_else(|| field("status").map(|s| format!("Status {s}")))
        .unwrap_or_else(|| "The receiving server did not accept it.".into());
    Some(Bounce {
        original_id,
        recipient,
        diagnostic: diagnostic.chars().take(500).collect(),
    })
}

/// Whether a message is an automatic answer: `Auto-Submitted` other than `no` (RFC 3834),
/// `X-Autoreply` / `X-Autorespond`, `Precedence: auto_reply`, or an out-of-office subject.
pub fn is_auto_reply(m: &Message) -> bool {
    let raw = |name: &str| m.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    raw("Auto-Submitted").is_some_and(|v| !v.is_empty() && v != "no")
        || raw("X-Autoreply").is_some()
        || raw("X-Autorespond").is_some()
        || raw("Precedence").is_some_and(|v| v == "auto_reply")
        || m.subject()
            .is_some_and(crate::domain::replies::auto_reply_subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Message<'_> {
        MessageParser::default().parse(raw.as_bytes()).unwrap()
    }

    #[test]
    fn a_delay_is_not_a_bounce() {
        let raw = "From: MAILER-DAEMON@mx.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nStill trying.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; ana@example.org\r\nAction: delayed\r\nStatus: 4.4.1\r\n--b--\r\n";
        assert!(is_delivery_report(&parse(raw)));
        assert_eq!(bounce(&parse(raw)), None);
    }

    #[test]
    fn an_ordinary_reply_is_neither() {
        let raw =
            "From: Ana <ana@example.org>\r\nSubject: Re: Your application\r\n\r\nThank you!\r\n";
        let m = parse(raw);
        assert!(!is_delivery_report(&m));
        assert!(!is_auto_reply(&m));
        let auto = "From: Ana <ana@example.org>\r\nSubject: Re: Your application\r\nAuto-Submitted: auto-replied\r\n\r\nI am away.\r\n";
        assert!(is_auto_reply(&parse(auto)));
        let no =
            "From: Ana <ana@example.org>\r\nSubject: Re: hi\r\nAuto-Submitted: no\r\n\r\nHi\r\n";
        assert!(!is_auto_reply(&parse(no)));
    }
}
