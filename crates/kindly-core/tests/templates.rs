//! Templates in the store, on SQLite and PostgreSQL: the built-ins, edits, copies, restoring a
//! default, and a preview for a real candidate.

mod common;

use kindly_core::domain::defaults::{Purpose, DEFAULTS};
use kindly_core::service::settings::{self, Profile};
use kindly_core::service::templates::{self, PreviewRequest, TemplateInput};
use kindly_core::service::{applications, candidates, roles};
use kindly_core::{ErrorCode, Store};

async fn builtin(store: &Store, p: Purpose) -> templates::Template {
    templates::list(store)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.builtin && t.purpose == p)
        .unwrap()
}

async fn every_moment_has_a_builtin_that_can_be_edited_and_restored(store: &Store) {
    let all = templates::list(store).await.unwrap();
    assert_eq!(all.len(), DEFAULTS.len());
    assert_eq!(
        all[0].purpose,
        Purpose::ThankYou,
        "in the order of the follow-up"
    );
    assert!(all.iter().all(|t| t.builtin && !t.edited));

    let t = builtin(store, Purpose::Rejection).await;
    let edited = templates::update(
        store,
        t.id,
        TemplateInput {
            name: "Not this time".into(),
            subject: "About the {{ role_title }} role".into(),
            body: "Hi {{ candidate_first_name }},\n\n{{ feedback }}\n\n{{ signature }}".into(),
        },
    )
    .await
    .unwrap();
    assert!(edited.edited);

    // A bad edit is refused and changes nothing.
    let e = templates::update(
        store,
        t.id,
        TemplateInput {
            name: "Broken".into(),
            subject: "Hi".into(),
            body: "Dear {{ first_name }}".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("body"));
    assert!(e.message.contains("{{ first_name }} is not a placeholder"));
    assert_eq!(
        templates::get(store, t.id).await.unwrap().name,
        "Not this time"
    );

    let copy = templates::duplicate(store, t.id).await.unwrap();
    assert_eq!(copy.name, "Not this time (copy)");
    assert!(!copy.builtin);
    assert_eq!(copy.purpose, Purpose::Rejection);
    let e = templates::restore_default(store, copy.id)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);

    let restored = templates::restore_default(store, t.id).await.unwrap();
    assert!(!restored.edited);
    assert_eq!(
        restored.body,
        DEFAULTS
            .iter()
            .find(|d| d.purpose == Purpose::Rejection)
            .unwrap()
            .body
    );

    let e = templates::delete(store, t.id).await.unwrap_err();
    assert!(e.message.contains("cannot be deleted"));
    templates::delete(store, copy.id).await.unwrap();
    assert_eq!(templates::list(store).await.unwrap().len(), DEFAULTS.len());
}

async fn a_preview_reads_as_the_candidate_will_see_it(store: &Store) {
    settings::save_profile(
        store,
        Profile {
            company_name: "Riverside Café".into(),
            sender_name: "Maria Lopez".into(),
            signature: "Maria Lopez\nOwner, Riverside Café".into(),
        },
    )
    .await
    .unwrap();
    let role = roles::create(
        store,
        roles::RoleInput {
            title: "Barista".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let c = candidates::create(
        store,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: "ana@example.com".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let a = applications::add(store, c.id, role.id).await.unwrap();
    applications::move_stage(store, a.id, kindly_core::domain::Stage::Interviewing)
        .await
        .unwrap();
    applications::add_interview(store, a.id, "2026-03-03", "")
        .await
        .unwrap();

    let thanks = builtin(store, Purpose::ThankYou).await;
    let req = |values: &[(&str, &str)]| PreviewRequest {
        subject: thanks.subject.clone(),
        body: thanks.body.clone(),
        candidate_id: c.id,
        role_id: Some(role.id),
        values: values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    // The promise date is this message's own value: without it, no message.
    let e = templates::preview(store, req(&[])).await.unwrap_err();
    assert!(
        e.message.contains("{{ follow_up_date }} has no value"),
        "{}",
        e.message
    );
    assert_eq!(e.field.as_deref(), Some("follow_up_date"));
    let e = templates::preview(store, req(&[("follow_up_date", "  ")]))
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("follow_up_date"));

    let r = templates::preview(store, req(&[("follow_up_date", "Friday 6 March")]))
        .await
        .unwrap();
    assert_eq!(r.subject, "Thank you for your time, Ana");
    assert!(r
        .body
        .starts_with("Hi Ana,\n\nThank you for meeting with us about the Barista role."));
    assert!(r.body.contains("you will hear from me by Friday 6 March"));
    assert!(r
        .body
        .ends_with("With thanks,\nMaria Lopez\nOwner, Riverside Café"));

    // The interview date comes from the record.
    // A draft being edited previews the same way; the interview date comes from the record.
    let r = templates::preview(
        store,
        PreviewRequest {
            body: "Since we met on {{ interview_date }}: {{ follow_up_date }}.".into(),
            ..req(&[("follow_up_date", "Monday")])
        },
    )
    .await
    .unwrap();
    assert_eq!(r.body, "Since we met on Tuesday 3 March: Monday.");

    // Without a role, a template naming the role cannot be written.
    let e = templates::preview(
        store,
        PreviewRequest {
            role_id: None,
            ..req(&[("follow_up_date", "Friday")])
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("role_title"));
}

async fn the_profile_is_validated_and_kept(store: &Store) {
    let e = settings::save_profile(
        store,
        Profile {
            company_name: "A\nB".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("company_name"));
    assert_eq!(settings::profile(store).await.unwrap(), Profile::default());
    let p = Profile {
        company_name: " Riverside Café ".into(),
        sender_name: "Maria".into(),
        signature: "Maria\nRiverside".into(),
    };
    let saved = settings::save_profile(store, p.clone()).await.unwrap();
    assert_eq!(saved.company_name, "Riverside Café");
    settings::save_profile(store, p).await.unwrap();
    assert_eq!(settings::profile(store).await.unwrap(), saved);
}

on_both!(
    every_moment_has_a_builtin_that_can_be_edited_and_restored,
    a_preview_reads_as_the_candidate_will_see_it,
    the_profile_is_validated_and_kept,
);
