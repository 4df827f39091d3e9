//! Sample data for a first look: a few roles and about 30 candidates at every stage, made
//! through the same services the app uses, so each has a real timeline.

use crate::domain::{RoleStatus, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::service::{applications, candidates, roles};
use crate::store::Store;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
pub struct SampleSummary {
    pub roles: u32,
    pub candidates: u32,
}

const ROLES: &[(&str, &str, &str, &[&str])] = &[
    (
        "Barista",
        "Café",
        "Riverside shop",
        &["hospitality", "weekends"],
    ),
    ("Bookkeeper", "Office", "Remote", &["finance", "part-time"]),
    ("Delivery Driver", "Logistics", "North depot", &["driving"]),
    (
        "Shop Assistant",
        "Retail",
        "High Street store",
        &["retail", "customer service"],
    ),
];

const PEOPLE: &[(&str, &str, &str)] = &[
    ("Ana", "Lopez", "Referral"),
    ("Ben", "Okafor", "Job board"),
    ("Chloé", "Martin", "Walk-in"),
    ("Dev", "Patel", "Job board"),
    ("Ella", "Novak", "Website"),
    ("Farah", "Haddad", "Referral"),
    ("George", "Walsh", "Job board"),
    ("Hana", "Sato", "Website"),
    ("Ivan", "Petrov", "Job board"),
    ("Jade", "Thompson", "Referral"),
    ("Kofi", "Mensah", "Walk-in"),
    ("Lena", "Schmidt", "Website"),
    ("Marco", "Rossi", "Job board"),
    ("Nia", "Williams", "Referral"),
    ("Omar", "Farouk", "Website"),
    ("Priya", "Nair", "Job board"),
    ("Quinn", "Murphy", "Walk-in"),
    ("Rosa", "Álvarez", "Referral"),
    ("Sam", "Cohen", "Job board"),
    ("Tara", "O'Neill", "Website"),
    ("Umar", "Siddiqui", "Job board"),
    ("Vera", "Kovács", "Referral"),
    ("Wei", "Zhang", "Website"),
    ("Ximena", "Reyes", "Job board"),
    ("Yusuf", "Demir", "Walk-in"),
    ("Zoe", "Clarke", "Referral"),
    ("Aaron", "Fischer", "Job board"),
    ("Bea", "Santos", "Website"),
    ("Carl", "Lindqvist", "Job board"),
    ("Dina", "Mwangi", "Referral"),
];

/// `Chloé` → `chloe`, `O'Neill` → `oneill`: sample addresses any mail server accepts.
fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ä' => Some('a'),
            'é' | 'è' => Some('e'),
            'ó' | 'ö' => Some('o'),
            'ú' | 'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The path each sample application walks, ending at `stage`.
fn path_to(stage: Stage) -> Vec<Stage> {
    use Stage::*;
    let forward = [Interviewing, Interviewed, Finalist, Offer, Hired];
    match stage {
        Applied => vec![],
        Rejected => vec![Interviewing, Interviewed, Rejected],
        Withdrawn => vec![Withdrawn],
        s => forward
            .iter()
            .copied()
            .take_while(|x| *x != s)
            .chain(std::iter::once(s))
            .collect(),
    }
}

/// Load the sample. Refused when the database already has candidates, so it never mixes
/// with real data.
pub async fn load(store: &Store) -> Result<SampleSummary> {
    if candidates::count_all(store).await? > 0 {
        return Err(CoreError::new(
            ErrorCode::Conflict,
            "Sample data can only be loaded into an empty database; this one already has candidates.",
        ));
    }
    let today = crate::clock::now().date_naive();
    let mut role_ids = Vec::new();
    for (i, (title, dept, loc, tags)) in ROLES.iter().enumerate() {
        let r = roles::create(
            store,
            roles::RoleInput {
                title: title.to_string(),
                department: dept.to_string(),
                location: loc.to_string(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                opened_on: Some(
                    (today - chrono::Duration::days(10 + 7 * i as i64))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
            },
        )
        .await?;
        role_ids.push(r.id);
    }
    // Stages spread so every stage appears in every role's counts at least once overall.
    let stages = [
        Stage::Applied,
        Stage::Interviewing,
        Stage::Interviewed,
        Stage::Interviewed,
        Stage::Finalist,
        Stage::Finalist,
        Stage::Rejected,
        Stage::Applied,
        Stage::Withdrawn,
        Stage::Offer,
    ];
    let mut hired_done = false;
    for (i, (first, last, source)) in PEOPLE.iter().enumerate() {
        let email = format!("{}.{}@example.com", ascii(first), ascii(last));
        let c = candidates::create(
            store,
            candidates::CandidateInput {
                first_name: first.to_string(),
                last_name: last.to_string(),
                email,
                phone: format!("+44 7700 900{:03}", 100 + i),
                location: ["Riverside", "Northgate", "Old Town", "Harbour"][i % 4].into(),
                source: source.to_string(),
                tags: vec![],
                notes: String::new(),
                version: None,
            },
        )
        .await?;
        let role_id = role_ids[i % role_ids.len()];
        let mut stage = stages[i % stages.len()];
        if stage == Stage::Offer && !hired_done && role_id == role_ids[1] {
            stage = Stage::Hired;
            hired_done = true;
        }
        let app = applications::add(store, c.id, role_id).await?;
        for s in path_to(stage) {
            applications::move_stage(store, app.id, s).await?;
            if s == Stage::Interviewed {
                let d = today - chrono::Duration::days((i % 9) as i64 + 1);
                applications::add_interview(
                    store,
                    app.id,
                    &d.format("%Y-%m-%d").to_string(),
                    "Warm, prepared, asked good questions about the team.",
                )
                .await?;
            }
            if s == Stage::Finalist {
                applications::set_place(store, app.id, Some((i % 3) as i32 + 1)).await?;
            }
        }
    }
    if hired_done {
        roles::set_status(store, role_ids[1], RoleStatus::Filled).await?;
    }
    Ok(SampleSummary {
        roles: role_ids.len() as u32,
        candidates: PEOPLE.len() as u32,
    })
}
