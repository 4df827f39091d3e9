//! Every string-coded column is a Rust enum with one mapping. A value the database holds that
//! this Kindly does not know is an error that names its column, never silently another value.

mod common;

use kindly_core::domain::defaults::Purpose;
use kindly_core::domain::states::*;
use kindly_core::domain::{RoleStatus, Stage};
use kindly_core::mail::smtp::Security;
use kindly_core::schedule::RepeatUnit;
use kindly_core::{CoreError, ErrorCode};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr};

fn unknown<E: ActiveEnum<Value = String>>() -> CoreError {
    let e: DbErr = E::try_from_value(&"promoted".to_string())
        .err()
        .expect("refused");
    e.into()
}

#[test]
fn an_unknown_value_names_its_column_for_every_stored_enum() {
    let cases = [
        (unknown::<Stage>(), "applications.stage"),
        (unknown::<RoleStatus>(), "roles.status"),
        (
            unknown::<Purpose>(),
            "templates.purpose or messages.purpose",
        ),
        (unknown::<MessageStatus>(), "messages.status"),
        (unknown::<ReminderKind>(), "reminders.kind"),
        (unknown::<RepeatUnit>(), "reminders.repeat_unit"),
        (unknown::<OfferStatus>(), "offers.status"),
        (unknown::<CheckStatus>(), "background_checks.status"),
        (unknown::<ConsentKind>(), "consents.kind"),
        (unknown::<ConsentMethod>(), "consents.method"),
        (unknown::<Relationship>(), "referees.relationship"),
        (unknown::<WorkAgain>(), "referees.work_again"),
        (unknown::<Security>(), "settings (smtp.security)"),
    ];
    assert_eq!(cases.len(), kindly_core::error::STORED_IN.len());
    for (e, column) in cases {
        assert_eq!(e.code, ErrorCode::Database);
        assert_eq!(
            e.message,
            format!("the database holds 'promoted' in {column}, which this version of Kindly does not know")
        );
    }
}

#[test]
fn the_database_and_the_window_use_the_same_names() {
    fn same<E: ActiveEnum<Value = String> + serde::Serialize + sea_orm::Iterable>() {
        for v in E::iter() {
            assert_eq!(serde_json::to_value(&v).unwrap(), v.to_value().as_str());
        }
    }
    same::<Stage>();
    same::<RoleStatus>();
    same::<Purpose>();
    same::<MessageStatus>();
    same::<ReminderKind>();
    same::<RepeatUnit>();
    same::<OfferStatus>();
    same::<CheckStatus>();
    same::<ConsentKind>();
    same::<ConsentMethod>();
    same::<Relationship>();
    same::<WorkAgain>();
    same::<Security>();
}

#[tokio::test]
async fn reading_a_stage_this_version_does_not_know_is_refused_by_column() {
    let t = common::sqlite().await;
    let store = &t.store;
    kindly_core::sample::load(store).await.unwrap();
    let page = kindly_core::service::candidates::list(
        store,
        kindly_core::service::candidates::CandidateQuery {
            search: None,
            role_id: None,
            stage: None,
            sort: kindly_core::service::candidates::CandidateSort::Name,
            offset: 0,
            limit: 1,
        },
    )
    .await
    .unwrap();
    let id = page.rows[0].id;
    // A newer Kindly (or a hand edit) wrote a stage this one has never heard of.
    store
        .db()
        .execute_unprepared("UPDATE applications SET stage = 'promoted'")
        .await
        .unwrap();
    let e = kindly_core::service::candidates::get(store, id)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Database);
    assert!(
        e.message.contains("'promoted' in applications.stage"),
        "{}",
        e.message
    );
}
