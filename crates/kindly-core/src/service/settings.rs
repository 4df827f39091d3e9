//! The owner's profile, used by every message: business name, sender name, signature.
//! (SMTP settings join it with the outbox.)

use super::now;
use crate::domain::validate;
use crate::error::Result;
use crate::store::entities::setting;
use crate::store::Store;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Profile {
    /// "Riverside Café"
    pub company_name: String,
    /// "Maria Lopez"
    pub sender_name: String,
    /// How messages are signed, on one or more lines.
    pub signature: String,
}

const KEYS: [&str; 3] = [
    "profile.company_name",
    "profile.sender_name",
    "profile.signature",
];

pub(crate) async fn get_key(store: &Store, key: &str) -> Result<String> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(store.db())
        .await?
        .map(|s| s.value)
        .unwrap_or_default())
}

pub async fn profile(store: &Store) -> Result<Profile> {
    Ok(Profile {
        company_name: get_key(store, KEYS[0]).await?,
        sender_name: get_key(store, KEYS[1]).await?,
        signature: get_key(store, KEYS[2]).await?,
    })
}

/// The values Kindly's built-in messages take from the profile that are still blank, by
/// field (`company_name`, `signature`…): until they are filled in, no first message can be
/// written, so the window asks for them first.
pub fn missing_for_messages(p: &Profile) -> Vec<String> {
    use crate::domain::defaults::DEFAULTS;
    use crate::domain::template::used_placeholders;
    let used: std::collections::BTreeSet<String> = DEFAULTS
        .iter()
        .flat_map(|d| {
            let mut u = used_placeholders("subject", d.subject).unwrap_or_default();
            u.extend(used_placeholders("body", d.body).unwrap_or_default());
            u
        })
        .collect();
    [
        ("company_name", &p.company_name),
        ("sender_name", &p.sender_name),
        ("signature", &p.signature),
    ]
    .into_iter()
    .filter(|(k, v)| v.trim().is_empty() && used.contains(*k))
    .map(|(k, _)| k.to_string())
    .collect()
}

pub async fn save_profile(store: &Store, p: Profile) -> Result<Profile> {
    let clean = Profile {
        company_name: validate::optional_line("company_name", &p.company_name, 120)?
            .unwrap_or_default(),
        sender_name: validate::optional_line("sender_name", &p.sender_name, 120)?
            .unwrap_or_default(),
        signature: validate::optional_text("signature", &p.signature, 1000)?.unwrap_or_default(),
    };
    let values = [&clean.company_name, &clean.sender_name, &clean.signature];
    put_all(
        store,
        KEYS.iter()
            .zip(values)
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
    .await?;
    Ok(clean)
}

/// One step of the welcome plan: what to do, and when, in days from the start date
/// (negative: before the first day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WelcomeStep {
    pub title: String,
    pub days_from_start: i32,
}

/// How the follow-up desk behaves: the owner's defaults, each a setting. (A setting added
/// later reads as its default from what an older Kindly saved.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeskSettings {
    /// A thank-you promises news this many working days after the interview.
    pub follow_up_working_days: u32,
    /// The offer-expiry reminder comes this many days before the offer expires.
    pub offer_reminder_days: u32,
    /// The checklist every new hire's welcome plan starts from.
    pub welcome_plan: Vec<WelcomeStep>,
    /// Consent to stay in the talent pool lasts this many months.
    pub consent_months: u32,
    /// A talent-pool member is due a check-in this many days after the last contact.
    pub stay_in_touch_days: u32,
    /// A reference request is chased after this many days without an answer.
    pub reference_chase_days: u32,
    /// A background check still pending after this many days gets a reminder.
    pub background_check_days: u32,
    /// Candidates not hired and not in the talent pool are due for deletion this many months
    /// after the final decision.
    pub retention_months: u32,
    /// They are listed this many days before they are due, for the owner to review.
    pub retention_grace_days: u32,
    /// How many daily backups to keep.
    pub backups_kept: u32,
    /// Final messages (rejection, runner-up) end with "How did we do? Reply with a number
    /// from 1 to 5", and a reply that is just a number is counted in the pulse.
    pub ask_experience_score: bool,
}

impl Default for DeskSettings {
    fn default() -> Self {
        let step = |title: &str, days_from_start| WelcomeStep {
            title: title.into(),
            days_from_start,
        };
        DeskSettings {
            follow_up_working_days: 5,
            offer_reminder_days: 1,
            welcome_plan: vec![
                step("Send the welcome email", -7),
                step("Choose a buddy for the first weeks", -5),
                step("Set up equipment and accounts", -3),
                step("Plan the first day's schedule", -2),
                step("One-week check-in", 7),
                step("30-day check-in", 30),
            ],
            consent_months: 12,
            stay_in_touch_days: 90,
            reference_chase_days: 3,
            background_check_days: 10,
            retention_months: 6,
            retention_grace_days: 14,
            backups_kept: 7,
            ask_experience_score: false,
        }
    }
}

const DESK_KEY: &str = "desk.settings";

pub async fn desk(store: &Store) -> Result<DeskSettings> {
    // What was saved, over the defaults: a setting added since reads as its default.
    let mut merged = serde_json::to_value(DeskSettings::default()).expect("plain data");
    if let Ok(serde_json::Value::Object(saved)) =
        serde_json::from_str::<serde_json::Value>(&get_key(store, DESK_KEY).await?)
    {
        if let Some(m) = merged.as_object_mut() {
            m.extend(saved);
        }
    }
    Ok(serde_json::from_value(merged).unwrap_or_default())
}

pub async fn save_desk(store: &Store, d: DeskSettings) -> Result<DeskSettings> {
    use crate::error::CoreError;
    if !(1..=30).contains(&d.follow_up_working_days) {
        return Err(CoreError::invalid(
            "follow_up_working_days",
            format!(
                "{} is out of range; promise news within 1 to 30 working days",
                d.follow_up_working_days
            ),
        ));
    }
    if d.offer_reminder_days > 30 {
        return Err(CoreError::invalid(
            "offer_reminder_days",
            format!(
                "{} is out of range; use 0 to 30 days",
                d.offer_reminder_days
            ),
        ));
    }
    for (field, value, range) in [
        ("consent_months", d.consent_months, 1..=36),
        ("stay_in_touch_days", d.stay_in_touch_days, 7..=365),
        ("reference_chase_days", d.reference_chase_days, 1..=30),
        ("background_check_days", d.background_check_days, 1..=90),
        ("retention_months", d.retention_months, 1..=60),
        ("retention_grace_days", d.retention_grace_days, 0..=90),
        ("backups_kept", d.backups_kept, 1..=60),
    ] {
        if !range.contains(&value) {
            return Err(CoreError::invalid(
                field,
                format!(
                    "{value} is out of range; use {} to {}",
                    range.start(),
                    range.end()
                ),
            ));
        }
    }
    if d.welcome_plan.len() > 30 {
        return Err(CoreError::invalid(
            "welcome_plan",
            "keep the welcome plan to 30 steps or fewer",
        ));
    }
    let mut plan = Vec::with_capacity(d.welcome_plan.len());
    for (i, s) in d.welcome_plan.into_iter().enumerate() {
        let title = validate::required_line(&format!("welcome_plan.{i}.title"), &s.title, 200)?;
        if !(-365..=365).contains(&s.days_from_start) {
            return Err(CoreError::invalid(
                &format!("welcome_plan.{i}.days_from_start"),
                format!(
                    "{} is out of range; use days within a year of the start",
                    s.days_from_start
                ),
            ));
        }
        plan.push(WelcomeStep {
            title,
            days_from_start: s.days_from_start,
        });
    }
    plan.sort_by_key(|s| s.days_from_start);
    let clean = DeskSettings {
        welcome_plan: plan,
        ..d
    };
    let json = serde_json::to_string(&clean).map_err(|e| {
        CoreError::new(
            crate::error::ErrorCode::Database,
            format!("could not save: {e}"),
        )
    })?;
    put_all(store, vec![(DESK_KEY.to_string(), json)]).await?;
    Ok(clean)
}

/// Write settings in one transaction, replacing the values that were there.
pub(crate) async fn put_all(store: &Store, pairs: Vec<(String, String)>) -> Result<()> {
    let txn = store.db().begin().await?;
    for (key, value) in pairs {
        setting::Entity::insert(setting::ActiveModel {
            key: Set(key),
            value: Set(value),
            updated_at: Set(now()),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_messages_need_a_business_name_and_a_signature() {
        let blank = Profile {
            company_name: " ".into(),
            sender_name: String::new(),
            signature: String::new(),
        };
        // The built-in messages sign off and name the business; the sender's name is only the
        // From line, so it is not asked for first.
        assert_eq!(
            missing_for_messages(&blank),
            vec!["company_name", "signature"]
        );
        let done = Profile {
            company_name: "Riverside Café".into(),
            sender_name: String::new(),
            signature: "Maria".into(),
        };
        assert!(missing_for_messages(&done).is_empty());
    }
}
