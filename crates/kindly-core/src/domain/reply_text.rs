//! The reply's own words: what a person wrote, without the history their mail client quoted
//! under (or around) it, their `-- ` signature or the "Sent from my iPhone" line.
//!
//! Read from the HTML part where there is one, by its structure first (Gmail's and Yahoo's
//! quote containers, `blockquote type=cite` from Apple Mail and Thunderbird, Outlook's reply
//! header and "append on send" markers), then by the text rules; from the text part by the text
//! rules alone:
//! - `>` lines are quoted, wherever they stand (so a bottom-posted or interleaved reply keeps
//!   the lines between and under them);
//! - an attribution line ("On … wrote:", "Le … a écrit :", "Am … schrieb …:" and the other
//!   languages in `data/replies/`), wrapped over up to three lines, is dropped when quoted lines
//!   follow it and ends the reply when unquoted history follows it (Yahoo, Outlook mobile);
//! - Outlook's "From: / Sent: / To: / Subject:" block in any of those languages, an "Original
//!   Message" line and a forwarded-message separator end the reply.
//!
//! Pure: no I/O. Input beyond [`MAX_INPUT`] bytes is not read.

use super::replies::{fold, has_phrase, lexicon};
use lol_html::html_content::{ContentType, Element};
use lol_html::{element, rewrite_str, text, RewriteStrSettings};

/// How much of a part is read (a reply's own words come first; a huge body is not read past
/// this).
pub const MAX_INPUT: usize = 512 * 1024;

/// Where a quote container stood in the HTML (removed with what it held).
const QUOTED: &str = "\u{E000}kindly-quoted\u{E000}";
/// Where the quoted history starts in the HTML: everything from here on is history.
const HISTORY: &str = "\u{E001}kindly-history\u{E001}";

/// The person's own words, from the HTML part when there is one (and it leaves any), else from
/// the text part.
pub fn own_words(text: Option<&str>, html: Option<&str>) -> String {
    if let Some(h) = html.filter(|h| !h.trim().is_empty()) {
        let words = from_text(&html_text(h));
        if !words.is_empty() || text.is_none_or(|t| t.trim().is_empty()) {
            return words;
        }
    }
    text.map(from_text).unwrap_or_default()
}

/// At most `MAX_INPUT` bytes of `s`, cut at a character boundary.
fn capped(s: &str) -> &str {
    if s.len() <= MAX_INPUT {
        return s;
    }
    let mut end = MAX_INPUT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The selectors of elements that hold quoted history, and of those after which all is history.
const QUOTE_CONTAINERS: &[&str] = &[
    "div.gmail_quote",
    "blockquote.gmail_quote",
    "div.gmail_extra",
    "div.yahoo_quoted",
    "blockquote[type=cite]",
    "div.moz-cite-prefix",
    "div.protonmail_quote",
    "blockquote.protonmail_quote",
    "div.zmail_extra",
];
const HISTORY_STARTS: &[&str] = &[
    "div#appendonsend",
    "div#divRplyFwdMsg",
    "hr#stopSpelling",
    "div#mail-editor-reference-message-container",
    "span#OLK_SRC_BODY_SECTION",
    "div.OutlookMessageHeader",
    "div#zwchr",
    "div[style*='border-top:solid #E1E1E1']",
    "div[style*='border-top:solid #e1e1e1']",
    "div[style*='border-top: solid #E1E1E1']",
    "div[style*='border-top:solid #B5C4DF']",
    "div[style*='border-top: solid #B5C4DF']",
];
/// A signature the client set apart in its own element (its text part has the `-- ` line).
const SIGNATURES: &[&str] = &[
    "div.moz-signature",
    "pre.moz-signature",
    "div.gmail_signature",
    "span.gmail_signature_prefix",
];
const BLOCKS: &str = "div, p, tr, li, h1, h2, h3, h4, h5, h6, table, blockquote, pre";
/// Where a block starts: a line break unless one is there already.
const SOFT_BREAK: char = '\u{E002}';

/// The HTML as text a reader sees, one line per block or `<br>`, with the quote containers
/// replaced by a mark and the start of Outlook's history marked.
fn html_text(html: &str) -> String {
    let html = capped(html);
    let quoted = |el: &mut Element| {
        el.replace(&format!("<br>{QUOTED}<br>"), ContentType::Html);
        Ok(())
    };
    let history = |el: &mut Element| {
        el.replace(&format!("<br>{HISTORY}<br>"), ContentType::Html);
        Ok(())
    };
    let mut handlers = Vec::new();
    for s in QUOTE_CONTAINERS {
        handlers.push(element!(*s, quoted));
    }
    for s in HISTORY_STARTS {
        handlers.push(element!(*s, history));
    }
    for s in SIGNATURES {
        handlers.push(element!(*s, |el| {
            el.remove();
            Ok(())
        }));
    }
    handlers.push(element!(BLOCKS, |el| {
        el.before(&SOFT_BREAK.to_string(), ContentType::Text);
        if el.can_have_content() {
            el.append("<br>", ContentType::Html);
        }
        Ok(())
    }));
    // A `<br>` with attributes is a line break too (the text reader knows only a bare one).
    handlers.push(element!("br", |el| {
        el.replace("<br>", ContentType::Html);
        Ok(())
    }));
    // Preformatted text keeps its lines.
    handlers.push(text!("pre", |t| {
        let escaped = t
            .as_str()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\n', "<br>");
        t.replace(&escaped, ContentType::Html);
        Ok(())
    }));
    handlers.push(element!("hr", |el| {
        el.after("<br>", ContentType::Html);
        Ok(())
    }));
    let rewritten = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: handlers,
            ..RewriteStrSettings::new()
        },
    )
    // Markup the rewriter cannot follow is read as it is.
    .unwrap_or_else(|_| html.to_string());
    let text = mail_parser::decoders::html::html_to_text(&rewritten);
    // A block's start breaks the line only where the text runs on.
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != SOFT_BREAK {
            out.push(c);
            continue;
        }
        let at_line_start = out.trim_end_matches(' ').ends_with('\n') || out.trim().is_empty();
        let next_breaks = matches!(chars.peek(), Some('\n') | Some(&SOFT_BREAK) | None);
        if !at_line_start && !next_breaks {
            out.push('\n');
        }
    }
    out
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn next_written(lines: &[&str], from: usize) -> usize {
    (from..lines.len())
        .find(|&j| !lines[j].trim().is_empty())
        .unwrap_or(lines.len())
}

/// How many lines (1–3) from `i` make an attribution line, if they do: it ends with a colon,
/// names a writing verb ("wrote", "a écrit", "schrieb"…), and starts with an opener ("On",
/// "Le", "Am"…) or a date.
fn attribution(lines: &[&str], i: usize) -> Option<usize> {
    let first = fold(lines[i]);
    if first.is_empty() || is_quoted(lines[i]) {
        return None;
    }
    let q = &lexicon().quote;
    let opens = q
        .attribution_openers
        .iter()
        .any(|o| first.starts_with(&format!("{o} ")))
        || first.chars().any(|c| c.is_ascii_digit());
    if !opens {
        return None;
    }
    let mut joined = String::new();
    for k in 0..3 {
        let Some(line) = lines.get(i + k) else { break };
        if k > 0 && (line.trim().is_empty() || is_quoted(line)) {
            break;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&fold(line));
        if joined.len() > 400 {
            return None;
        }
        if joined.ends_with(':') && q.attribution_verbs.iter().any(|v| has_phrase(&joined, v)) {
            return Some(k + 1);
        }
    }
    None
}

/// A header line's field name ("from", "envoyé", "betreff"), folded, if the line is `Name: …`.
fn header_field(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches('*');
    let (name, _) = t.split_once(':')?;
    let name = fold(name.trim_end_matches('*'));
    (!name.is_empty() && name.len() <= 24 && name.split(' ').count() <= 3).then_some(name)
}

/// Whether Outlook's header block ("From: / Sent: / To: / Subject:", in any of the languages)
/// starts at line `i`.
fn header_block(lines: &[&str], i: usize) -> bool {
    let q = &lexicon().quote;
    let kind = |f: &str| -> Option<usize> {
        [
            &q.header_from,
            &q.header_sent,
            &q.header_to,
            &q.header_subject,
        ]
        .iter()
        .position(|names| names.iter().any(|n| n == f))
    };
    let Some(first) = header_field(lines[i]).and_then(|f| kind(&f)) else {
        return false;
    };
    if first > 1 {
        return false;
    }
    let mut seen = [false; 4];
    seen[first] = true;
    let mut j = i + 1;
    let mut looked = 0;
    while j < lines.len() && looked < 8 {
        if !lines[j].trim().is_empty() {
            looked += 1;
            if let Some(k) = header_field(lines[j]).and_then(|f| kind(&f)) {
                seen[k] = true;
            }
        }
        j += 1;
    }
    seen[0] && (seen[1] || seen[3]) && seen.iter().filter(|s| **s).count() >= 3
}

/// Whether the quoted history starts at line `i` with no way back: an Outlook header block (or
/// the rule above one), an "Original Message" line, a forwarded-message separator, or the mark
/// left where Outlook's HTML history starts.
fn history_starts(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    if t == HISTORY || header_block(lines, i) {
        return true;
    }
    let q = &lexicon().quote;
    if t.len() >= 10 && t.chars().all(|c| c == '_' || c == '-' || c == '—') {
        let j = next_written(lines, i + 1);
        return j < lines.len() && header_block(lines, j);
    }
    let f = fold(t);
    let ruled = t.starts_with("--") || t.starts_with("__") || t.starts_with("==");
    (ruled && q.original_message.iter().any(|p| has_phrase(&f, p)))
        || ((ruled || f.ends_with(':')) && q.forwarded.iter().any(|p| has_phrase(&f, p)))
}

fn is_signature_rule(line: &str) -> bool {
    line == "-- " || line.trim_end() == "--"
}

fn is_device_line(line: &str) -> bool {
    let f = fold(line);
    f.len() <= 80
        && lexicon()
            .quote
            .device_lines
            .iter()
            .any(|d| f.starts_with(d.as_str()))
}

/// The person's own lines of a text: every line that is not quoted history, a signature or a
/// device line, in order, with runs of blank lines made one.
pub fn from_text(text: &str) -> String {
    let text = capped(text).replace("\r\n", "\n").replace('\u{a0}', " ");
    let lines: Vec<&str> = text.split(['\n', '\r']).collect();
    // The same lines without their quote marks: a header block that is itself quoted
    // ("> De : … / > Objet : …", as French webmails quote in HTML with the text below left
    // unmarked) starts the history as an unquoted one does.
    let unquoted: Vec<&str> = lines
        .iter()
        .map(|l| l.trim_start().trim_start_matches(['>', ' ']))
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if is_quoted(line) && header_block(&unquoted, i) {
            break;
        }
        if t == QUOTED || is_quoted(line) {
            i += 1;
            continue;
        }
        if history_starts(&lines, i) {
            break;
        }
        if let Some(k) = attribution(&lines, i) {
            let j = next_written(&lines, i + k);
            if j >= lines.len() || is_quoted(lines[j]) || lines[j].trim() == QUOTED {
                i += k;
                continue;
            }
            break;
        }
        if is_signature_rule(line) {
            // The signature runs until quoted history starts again (a reply written between
            // quotes) or the message ends.
            i += 1;
            while i < lines.len() {
                let l = lines[i];
                if is_quoted(l)
                    || l.trim() == QUOTED
                    || history_starts(&lines, i)
                    || attribution(&lines, i).is_some()
                {
                    break;
                }
                i += 1;
            }
            continue;
        }
        if !is_device_line(t) {
            kept.push(line.trim_end());
        }
        i += 1;
    }
    tidy(&kept)
}

/// Lines joined, blank runs made one, blank lines at either end dropped.
fn tidy(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for l in lines {
        if l.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_posted_with_a_wrapped_gmail_attribution() {
        let t = "Yes please!\n\nAna\n\nOn Mon, 2 Mar 2026 at 10:15, Maria Santos <owner@riverside.example>\nwrote:\n> you can ask us to remove them at any time.\n";
        assert_eq!(from_text(t), "Yes please!\n\nAna");
    }

    #[test]
    fn bottom_posted_and_interleaved() {
        let t = "On 02/03/2026 10:15, Maria Santos wrote:\n> May we keep your details?\n\nYes, please do.\n\n-- \nAna Lopez\n+34 600 000 000\n";
        assert_eq!(from_text(t), "Yes, please do.");
        let t = "Am 02.03.26 um 10:15 schrieb Maria Santos:\n> Frage eins?\nJa.\n> Frage zwei?\nAuch ja.\n";
        assert_eq!(from_text(t), "Ja.\nAuch ja.");
    }

    #[test]
    fn outlook_header_blocks_end_the_reply_in_any_language() {
        let t = "5\r\n\r\n________________________________\r\nFrom: Maria Santos <owner@riverside.example>\r\nSent: Monday, March 2, 2026 10:15 AM\r\nTo: Ana <ana@example.org>\r\nSubject: Thank you\r\n\r\nHow did we do? Reply with a number from 1 to 5.\r\n";
        assert_eq!(from_text(t), "5");
        let t = "Sí, por favor.\n\nDe: Maria Santos <owner@riverside.example>\nEnviado el: lunes, 2 de marzo de 2026 10:15\nPara: Ana\nAsunto: Gracias\n\nyou can ask us to remove them";
        assert_eq!(from_text(t), "Sí, por favor.");
        let t = "Oui.\n\n-----Message d'origine-----\nDe : Maria\n";
        assert_eq!(from_text(t), "Oui.");
    }

    #[test]
    fn a_quoted_header_block_ends_the_reply_though_the_text_below_is_unmarked() {
        let t = "Oui, gardez-les.\n\nCamille\n\n> Message du 02/03/27 18:05\n> De : \"Maria\" <owner@riverside.example>\n> A : camille@orange.fr\n> Objet : Barista\n>\nHi Camille,\nyou can ask us to remove them at any time.";
        assert_eq!(from_text(t), "Oui, gardez-les.\n\nCamille");
    }

    #[test]
    fn yahoo_history_without_quote_marks() {
        let t = "Happy to stay in touch.\n\nOn Monday, March 2, 2026, 10:15:03 AM GMT, Maria Santos <owner@riverside.example> wrote:\n\nHi Ana,\nyou can ask us to remove them at any time.\n";
        assert_eq!(from_text(t), "Happy to stay in touch.");
    }

    #[test]
    fn html_quote_containers_and_outlook_history() {
        let h = r#"<div dir="ltr">Yes please<div><br></div><div>Ana</div></div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Maria wrote:<br></div><blockquote class="gmail_quote">remove them</blockquote></div>"#;
        assert_eq!(own_words(Some("ignored"), Some(h)), "Yes please\n\nAna");
        let h = r#"<div>No thanks.</div><div id="appendonsend"></div><hr tabindex="-1"><div id="divRplyFwdMsg"><b>From:</b> Maria</div><div>you can ask us to remove them</div>"#;
        assert_eq!(own_words(None, Some(h)), "No thanks.");
        let h = r#"<div>On 2 Mar 2026, at 10:15, Maria wrote:<br><blockquote type="cite">remove</blockquote></div><div>Yes, keep them.</div>"#;
        assert_eq!(own_words(None, Some(h)), "Yes, keep them.");
    }

    #[test]
    fn huge_input_is_read_only_so_far() {
        let big = "a".repeat(MAX_INPUT * 3);
        assert!(from_text(&big).len() <= MAX_INPUT);
        assert!(own_words(None, Some(&format!("<div>{big}</div>"))).len() <= MAX_INPUT);
    }
}
