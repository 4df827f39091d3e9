//! Reading a spreadsheet's CSV as people save them: the encoding (UTF-8 with or without BOM,
//! UTF-16, Windows-1252), the delimiter (comma, semicolon or tab, from the header line), and
//! which field each column holds, guessed from its header. Pure: bytes in, records out.

use super::Stage;
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    FirstName,
    LastName,
    /// A full name, split at the last space.
    Name,
    Email,
    Phone,
    Location,
    Source,
    Tags,
    Notes,
    /// The role (job, position) they applied for.
    Role,
    Stage,
}

/// Header words that name each field (compared lower-case, without spaces or punctuation).
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::FirstName,
        &["firstname", "givenname", "forename", "first"],
    ),
    (
        Field::LastName,
        &["lastname", "surname", "familyname", "last"],
    ),
    (
        Field::Name,
        &["name", "fullname", "candidate", "candidatename"],
    ),
    (Field::Email, &["email", "emailaddress", "mail"]),
    (
        Field::Phone,
        &["phone", "phonenumber", "telephone", "mobile", "tel"],
    ),
    (Field::Location, &["location", "city", "town"]),
    (Field::Source, &["source", "referredby", "channel"]),
    (Field::Tags, &["tags", "labels", "skills"]),
    (Field::Notes, &["notes", "note", "comments", "comment"]),
    (
        Field::Role,
        &["role", "job", "position", "jobtitle", "vacancy", "opening"],
    ),
    (Field::Stage, &["stage", "status", "pipelinestage"]),
];

fn squash(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field each column holds, guessed from its header.
pub fn detect(headers: &[String]) -> Vec<Option<Field>> {
    let mut used = vec![];
    headers
        .iter()
        .map(|h| {
            let key = squash(h);
            let f = HEADERS
                .iter()
                .find(|(f, names)| !used.contains(f) && names.contains(&key.as_str()))
                .map(|(f, _)| *f);
            if let Some(f) = f {
                used.push(f);
            }
            f
        })
        .collect()
}

/// A stage as people write it ("Interview", "Offer made", "Not selected"…).
pub fn stage_from(s: &str) -> Option<Stage> {
    let k = squash(s);
    let st = match k.as_str() {
        "applied" | "new" | "application" | "applicant" | "screening" => Stage::Applied,
        "interviewing" | "interview" | "interviewscheduled" | "phonescreen" => Stage::Interviewing,
        "interviewed" => Stage::Interviewed,
        "finalist" | "shortlisted" | "shortlist" | "final" => Stage::Finalist,
        "offer" | "offered" | "offermade" | "offerextended" => Stage::Offer,
        "hired" | "accepted" | "offeraccepted" => Stage::Hired,
        "rejected" | "notselected" | "declinedbyus" | "unsuccessful" => Stage::Rejected,
        "withdrawn" | "withdrew" | "declined" => Stage::Withdrawn,
        _ => return None,
    };
    Some(st)
}

/// The text of a file, and which encoding it was read as.
fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    let not_csv = || {
        CoreError::invalid(
            "file",
            "this is not a CSV file Kindly can read (it looks like a binary file)",
        )
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map(|s| (s, "UTF-8 (with BOM)"))
            .map_err(|_| not_csv());
    }
    for (bom, enc, name) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE, "UTF-16 LE"),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE, "UTF-16 BE"),
    ] {
        if bytes.starts_with(bom) {
            let (text, _, bad) = enc.decode(bytes);
            if bad {
                return Err(not_csv());
            }
            return Ok((text.into_owned(), name));
        }
    }
    if bytes.contains(&0) {
        return Err(not_csv());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), "Windows-1252"))
        }
    }
}

/// The delimiter the header line uses most (outside quotes): comma, semicolon or tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if c == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// A CSV file read: how it was decoded, its header and its records with their lines.
pub struct Parsed {
    pub encoding: &'static str,
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub records: Vec<(u32, Vec<String>)>,
}

/// What a spreadsheet reads as the start of a formula in a cell.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as Kindly writes it to an export: one that a spreadsheet would run as a formula (a
/// candidate named `=HYPERLINK(…)`) gets a leading `'`, which spreadsheets show as text.
pub fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A cell a guard goes before: a formula character, after any quotes already there (so a
/// cell that itself starts with `'=` keeps its own quote through a round trip).
fn needs_guard(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A cell as read back: the `'` an export put before a formula character is taken off again,
/// so an export imports back unchanged.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// The largest file an import reads: far above any small business's candidate list, and small
/// enough that a wrong file (a video, a database dump) is refused before it is read.
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;
/// The most rows an import takes in one go.
pub const MAX_IMPORT_ROWS: usize = 200_000;

fn too_big() -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "this file is larger than {} MB, more than a list of candidates would be; choose the CSV file of candidates, or split it",
            MAX_IMPORT_BYTES / (1024 * 1024)
        ),
    )
}

/// Read a file to import, refusing one over `MAX_IMPORT_BYTES` before reading it.
pub fn read_import_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable = |e: std::io::Error| {
        CoreError::new(
            crate::error::ErrorCode::Io,
            format!("{name} could not be read: {e}"),
        )
    };
    let f = std::fs::File::open(path).map_err(unreadable)?;
    if f.metadata().map_err(unreadable)?.len() > MAX_IMPORT_BYTES {
        return Err(too_big());
    }
    // The file may grow while it is read: never take more than the cap and one byte.
    let mut bytes = vec![];
    f.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Read a file as CSV: decoded, split by its delimiter, blank lines skipped.
pub fn parse(bytes: &[u8]) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big());
    }
    let (text, encoding) = decode(bytes)?;
    let d = delimiter(&text);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(d)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| CoreError::invalid("file", format!("the header line cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut records = vec![];
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            CoreError::invalid(
                "file",
                format!("line {line} cannot be read as CSV (an unclosed quote?)"),
            )
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0) as u32;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if records.len() == MAX_IMPORT_ROWS {
            return Err(CoreError::invalid(
                "file",
                format!(
                    "this file has more than {MAX_IMPORT_ROWS} rows; split it into smaller files"
                ),
            ));
        }
        // A line break inside a quoted field reads as one newline, whatever wrote the file.
        records.push((
            line,
            rec.iter()
                .map(|f| {
                    unguarded(f.trim())
                        .replace("\r\n", "\n")
                        .replace('\r', "\n")
                })
                .collect(),
        ));
    }
    Ok(Parsed {
        encoding,
        delimiter: d,
        headers,
        records,
    })
}

/// How the preview names a delimiter.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_unchanged() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"Ana\")",
            "+44 1632 960123",
            "-1",
            "@SUM(A1)",
            "\tx",
        ] {
            let g = guarded(cell);
            assert!(g.starts_with('\''), "{cell}");
            assert_eq!(unguarded(&g), cell);
        }
        for cell in ["Ana", "O'Neil", "'quoted'", ""] {
            assert_eq!(guarded(cell), cell);
            assert_eq!(unguarded(cell), cell);
        }
    }
}
