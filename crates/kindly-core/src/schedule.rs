//! Time for reminders: the owner's local date and time in their zone, turned into UTC for
//! storage; what counts as overdue, today and this week; snoozing; and the next date of a
//! repeating reminder. Pure functions, so daylight-saving changes are tested directly.

use crate::error::{CoreError, Result};
use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

pub const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";
/// "Tomorrow morning" and "next week" mean this time of day.
pub const MORNING: (u32, u32) = (9, 0);

pub fn parse_zone(field: &str, s: &str) -> Result<Tz> {
    s.trim()
        .parse::<Tz>()
        .map_err(|_| CoreError::invalid(field, format!("'{s}' is not a time zone")))
}

pub fn parse_local(field: &str, s: &str) -> Result<NaiveDateTime> {
    let t = NaiveDateTime::parse_from_str(s.trim(), LOCAL_FORMAT).map_err(|_| {
        CoreError::invalid(
            field,
            format!("'{s}' is not a date and time (YYYY-MM-DDTHH:MM)"),
        )
    })?;
    crate::domain::validate::in_years(field, t.date())?;
    Ok(t)
}

pub fn format_local(t: NaiveDateTime) -> String {
    t.format(LOCAL_FORMAT).to_string()
}

/// A wall-clock time in a zone, as a UTC instant. A time skipped by a clock change (02:30 on
/// the spring-forward night) moves forward by the gap; a repeated one (autumn) takes the first.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let mut probe = local;
            for _ in 0..(4 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

stored! {
    /// How a repeating reminder counts its interval.
    pub enum RepeatUnit {
        Days,
        Months,
    }
}

pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The next due time of a repeating reminder completed at `completed`: the completion date (in
/// the owner's zone) plus the interval, at the original time of day.
pub fn next_after_completion(
    original: NaiveDateTime,
    completed: DateTime<Utc>,
    tz: Tz,
    every: u32,
    unit: RepeatUnit,
) -> NaiveDateTime {
    let day = local_date(completed, tz);
    let next = match unit {
        RepeatUnit::Days => day.checked_add_days(Days::new(every as u64)),
        RepeatUnit::Months => day.checked_add_months(Months::new(every)),
    }
    .unwrap_or(day);
    next.and_time(original.time())
}

/// Where a reminder sits on the Today view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    Today,
    /// Within the next 7 days.
    Week,
    Later,
}

pub fn bucket(due: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Bucket {
    if due < now {
        return Bucket::Overdue;
    }
    let today = local_date(now, tz);
    let day = local_date(due, tz);
    if day == today {
        Bucket::Today
    } else if day <= today + Days::new(7) {
        Bucket::Week
    } else {
        Bucket::Later
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "until")]
pub enum Snooze {
    OneHour,
    TomorrowMorning,
    NextWeek,
    /// A chosen local date and time (`YYYY-MM-DDTHH:MM`).
    Until(String),
}

/// 09:00 on a day, as a wall-clock time.
pub fn morning_local(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(MORNING.0, MORNING.1, 0).expect("valid"))
}

fn morning(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    to_utc(morning_local(day), tz)
}

pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// How many working days (Monday to Friday) after `from` it is on `to`: 0 the same day (or
/// before), 1 on the next working day, so Friday to Monday is 1.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.succ_opt().expect("a later date");
        if is_working_day(d) {
            n += 1;
        }
    }
    n
}

/// The next 09:00 on a working day (Monday to Friday) after `now` in the owner's zone: when
/// a batch of decisions is best delivered.
pub fn next_working_morning(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let mut day = local_date(now, tz);
    loop {
        if is_working_day(day) && morning(day, tz) > now {
            return morning(day, tz);
        }
        day = day.succ_opt().expect("a date after today");
    }
}

/// When a snoozed reminder comes back.
pub fn snooze_until(s: &Snooze, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>> {
    let today = local_date(now, tz);
    let t = match s {
        Snooze::OneHour => now + Duration::hours(1),
        Snooze::TomorrowMorning => morning(today + Days::new(1), tz),
        Snooze::NextWeek => {
            let to_monday = 7 - today.weekday().num_days_from_monday() as u64;
            let monday = today + Days::new(to_monday);
            debug_assert_eq!(monday.weekday(), Weekday::Mon);
            morning(monday, tz)
        }
        Snooze::Until(local) => to_utc(parse_local("until", local)?, tz),
    };
    if t <= now {
        return Err(CoreError::invalid("until", "is not in the future"));
    }
    Ok(t)
}

/// The day a request about someone's data, received at `received`, must be answered by in the
/// owner's `zone`: one calendar month later (GDPR Art. 12(3)), the month's last day where the
/// next month is shorter.
pub fn answer_by(received: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let day = received.with_timezone(&zone).date_naive();
    day.checked_add_months(chrono::Months::new(1))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz(s: &str) -> Tz {
        s.parse().unwrap()
    }
    fn local(s: &str) -> NaiveDateTime {
        parse_local("due", s).unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn local_times_become_the_right_instant_across_zones_and_dst() {
        let london = tz("Europe/London");
        assert_eq!(
            to_utc(local("2026-01-15T09:00"), london),
            utc("2026-01-15T09:00:00Z")
        );
        assert_eq!(
            to_utc(local("2026-07-15T09:00"), london),
            utc("2026-07-15T08:00:00Z")
        );
        let ny = tz("America/New_York");
        assert_eq!(
            to_utc(local("2026-07-15T09:00"), ny),
            utc("2026-07-15T13:00:00Z")
        );
        let tokyo = tz("Asia/Tokyo");
        assert_eq!(
            to_utc(local("2026-07-15T09:00"), tokyo),
            utc("2026-07-15T00:00:00Z")
        );
        // 01:30 does not exist in London on 29 March 2026: it becomes 02:00 BST (01:00 UTC).
        assert_eq!(
            to_utc(local("2026-03-29T01:30"), london),
            utc("2026-03-29T01:00:00Z")
        );
        // 01:30 happens twice on 25 October 2026: the first (BST) is taken.
        assert_eq!(
            to_utc(local("2026-10-25T01:30"), london),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn a_repeat_counts_from_completion_and_keeps_the_wall_clock_time_over_dst() {
        let london = tz("Europe/London");
        // Due Monday 9:00 in winter, completed late on Friday 27 March: next is 30 days later
        // from the completion date, still at 9:00 local even though the clocks changed.
        let next = next_after_completion(
            local("2026-03-23T09:00"),
            utc("2026-03-27T17:00:00Z"),
            london,
            30,
            RepeatUnit::Days,
        );
        assert_eq!(format_local(next), "2026-04-26T09:00");
        assert_eq!(to_utc(next, london), utc("2026-04-26T08:00:00Z"));
        // Monthly, from 31 January: the end of February.
        let next = next_after_completion(
            local("2026-01-10T10:30"),
            utc("2026-01-31T12:00:00Z"),
            london,
            1,
            RepeatUnit::Months,
        );
        assert_eq!(format_local(next), "2026-02-28T10:30");
        // The completion date is the owner's date: 23:30 UTC on the 1st is the 2nd in Tokyo.
        let next = next_after_completion(
            local("2026-05-01T09:00"),
            utc("2026-05-01T23:30:00Z"),
            tz("Asia/Tokyo"),
            1,
            RepeatUnit::Days,
        );
        assert_eq!(format_local(next), "2026-05-03T09:00");
    }

    #[test]
    fn buckets_follow_the_owners_calendar() {
        let ny = tz("America/New_York");
        let now = utc("2026-06-10T15:00:00Z"); // 11:00 in New York
        assert_eq!(
            bucket(utc("2026-06-10T14:00:00Z"), now, ny),
            Bucket::Overdue
        );
        assert_eq!(bucket(utc("2026-06-11T03:00:00Z"), now, ny), Bucket::Today); // 23:00 NY
        assert_eq!(bucket(utc("2026-06-11T05:00:00Z"), now, ny), Bucket::Week); // tomorrow 01:00
        assert_eq!(bucket(utc("2026-06-17T20:00:00Z"), now, ny), Bucket::Week);
        assert_eq!(bucket(utc("2026-06-18T20:00:00Z"), now, ny), Bucket::Later);
    }

    #[test]
    fn snoozing() {
        let london = tz("Europe/London");
        let now = utc("2026-03-28T20:00:00Z"); // Saturday evening, the night before BST
        assert_eq!(
            snooze_until(&Snooze::OneHour, now, london).unwrap(),
            utc("2026-03-28T21:00:00Z")
        );
        // Tomorrow 9:00 is already summer time.
        assert_eq!(
            snooze_until(&Snooze::TomorrowMorning, now, london).unwrap(),
            utc("2026-03-29T08:00:00Z")
        );
        assert_eq!(
            snooze_until(&Snooze::NextWeek, now, london).unwrap(),
            utc("2026-03-30T08:00:00Z")
        );
        assert_eq!(
            snooze_until(&Snooze::Until("2026-04-02T14:15".into()), now, london).unwrap(),
            utc("2026-04-02T13:15:00Z")
        );
        let e = snooze_until(&Snooze::Until("2026-03-01T09:00".into()), now, london).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("until"));
        let e = snooze_until(&Snooze::Until("soon".into()), now, london).unwrap_err();
        assert!(e.message.contains("not a date and time"));
    }

    #[test]
    fn zones_are_checked() {
        assert!(parse_zone("time_zone", "Europe/Paris").is_ok());
        assert_eq!(
            parse_zone("time_zone", "Mars/Olympus").unwrap_err().message,
            "time_zone: 'Mars/Olympus' is not a time zone"
        );
    }

    #[test]
    fn the_next_working_morning_skips_weekends_and_follows_the_zone() {
        let london = tz("Europe/London");
        // Friday 27 March 2026, 17:00 in London: Monday 30 March 09:00 BST.
        assert_eq!(
            next_working_morning(utc("2026-03-27T17:00:00Z"), london),
            utc("2026-03-30T08:00:00Z")
        );
        // Tuesday before nine: that same morning.
        assert_eq!(
            next_working_morning(utc("2026-03-24T07:00:00Z"), london),
            utc("2026-03-24T09:00:00Z")
        );
        // Tuesday after nine: Wednesday.
        assert_eq!(
            next_working_morning(utc("2026-03-24T09:00:00Z"), london),
            utc("2026-03-25T09:00:00Z")
        );
        // Saturday evening in New York is already Sunday in UTC: Monday 09:00 there.
        let ny = tz("America/New_York");
        assert_eq!(
            next_working_morning(utc("2026-11-29T01:00:00Z"), ny),
            utc("2026-11-30T14:00:00Z")
        );
    }

    #[test]
    fn a_request_is_answered_by_the_same_day_next_month_in_the_owners_zone() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            answer_by(at("2026-03-03T09:30:00Z"), chrono_tz::Europe::London),
            d("2026-04-03")
        );
        // The month's last day where the next month is shorter.
        assert_eq!(
            answer_by(at("2027-01-31T12:00:00Z"), chrono_tz::Europe::London),
            d("2027-02-28")
        );
        // 21:30 UTC on 31 December is already 1 January in Auckland.
        assert_eq!(
            answer_by(at("2026-12-31T21:30:00Z"), chrono_tz::Pacific::Auckland),
            d("2027-02-01")
        );
    }
}
