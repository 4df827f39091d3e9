//! Hearing back, against a real IMAP server (Dovecot): only replies to what Kindly sent (by
//! In-Reply-To, or from someone it wrote to) are stored, once, without the quoted history;
//! unrelated mail leaves no trace; a second look finds only what is new.

mod common;

use common::env;

use kindly_core::mail::imap;
use kindly_core::mail::outbox::NewMessage;
use kindly_core::mail::smtp::SmtpSettings;
use kindly_core::secrets::{Keychain, Secret};
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::service::{candidates, inbox, mail};
use kindly_core::store::entities::reply;
use sea_orm::{EntityTrait, QueryOrder};

fn settings() -> SmtpSettings {
    common::test_mailbox()
}

/// A message as it reaches the inbox.
fn mail(from: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: jobs@riverside.example\r\nSubject: {subject}\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nMessage-ID: <{}@mail.example>\r\n{extra}\r\n{body}\r\n",
        kindly_core::clock::unique_token()
    )
    .into_bytes()
}

async fn replies(s: &kindly_core::Store) -> Vec<reply::Model> {
    reply::Entity::find()
        .order_by_asc(reply::Column::Id)
        .all(s.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn only_replies_to_kindly_are_stored_once_and_unrelated_mail_leaves_no_trace() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-{}", std::process::id()));
    mail::save_smtp_settings(s, settings()).await.unwrap();
    mail::set_password(s, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let pid = std::process::id();
    let ana_address = format!("ana.inbox.{pid}@example.org");
    let ana = candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: ana_address.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let q = sending::enqueue(
        s,
        &k,
        vec![NewMessage {
            candidate_id: Some(ana.id),
            to_name: "Ana Lopez".into(),
            to_address: ana_address.clone(),
            subject: "Would you like to stay in touch?".into(),
            body: "Hi Ana,\n\nWould you like us to keep your details?\n\nMaria".into(),
            ..Default::default()
        }],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
            .await
            .unwrap()
            .sent,
        1
    );
    let ours = &q[0].message_id;
    let unrelated = format!("UNRELATED-BANK-STATEMENT-{pid}");
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[
            mail(
                &format!("Ana Lopez <{ana_address}>"),
                "Re: Would you like to stay in touch?",
                &format!("In-Reply-To: {ours}\r\nReferences: {ours}\r\n"),
                "Yes, please keep my details.\r\n\r\nAna\r\n\r\nOn Mon, 2 Mar 2026, Maria wrote:\r\n> Hi Ana,\r\n> Would you like us to keep your details?",
            ),
            mail(
                "Your Bank <statements@bank.example>",
                "Your statement",
                "",
                &format!("{unrelated}: your balance is ready."),
            ),
            // No In-Reply-To, from Ana's address, in ISO-8859-1 quoted-printable.
            mail(
                &ana_address,
                "Merci",
                "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                "Merci, =E7a me va tr=E8s bien.",
            ),
            // HTML only.
            mail(
                &format!("Ana <{ana_address}>"),
                "Re: Would you like to stay in touch?",
                &format!("In-Reply-To: {ours}\r\nContent-Type: text/html; charset=utf-8\r\n"),
                "<html><body><p>Happy to <b>stay</b> in touch!</p></body></html>",
            ),
        ],
    )
    .await
    .unwrap();

    // 500 more of the owner's own mail, none of it Kindly's.
    let others: Vec<Vec<u8>> = (0..500)
        .map(|i| {
            mail(
                &format!("Shop {i} <news{i}@shop.example>"),
                &format!("Offer {i} for you"),
                "",
                &format!("{unrelated}-{i}: a newsletter."),
            )
        })
        .collect();
    imap::append(&settings(), Some(&password), "INBOX", &others)
        .await
        .unwrap();

    let r = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!((r.stored, r.from_start), (3, true));
    let got = replies(s).await;
    let texts: Vec<&str> = got.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts[0], "Yes, please keep my details.\n\nAna");
    assert_eq!(texts[1], "Merci, ça me va très bien.");
    assert!(texts[2].contains("Happy to stay in touch!"), "{}", texts[2]);
    assert!(got.iter().all(|r| r.candidate_id == Some(ana.id)));
    assert!(got.iter().all(|r| r.message_ref == Some(q[0].id)));
    assert_eq!(got[0].from_address, ana_address);

    // The unrelated message is nowhere: not in the database, its journal or the logs.
    let data = t._dir.as_ref().unwrap().path();
    assert!(
        !common::files_containing(data, texts[0].as_bytes()).is_empty(),
        "the search reads the data folder"
    );
    assert!(common::files_containing(data, unrelated.as_bytes()).is_empty());
    assert!(common::files_containing(data, b"statements@bank.example").is_empty());
    assert!(common::files_containing(data, b"shop.example").is_empty());

    // A second look finds nothing new; a new reply is found, once.
    let again = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!((again.stored, again.from_start), (0, false));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[mail(
            &ana_address,
            "Re: Would you like to stay in touch?",
            &format!("References: <other@x.example> {ours}\r\n"),
            "One more thing: I can start in April.",
        )],
    )
    .await
    .unwrap();
    assert_eq!(
        inbox::scan(s, &k, "Europe/London")
            .await
            .unwrap()
            .unwrap()
            .stored,
        1
    );
    assert_eq!(
        inbox::scan(s, &k, "Europe/London")
            .await
            .unwrap()
            .unwrap()
            .stored,
        0
    );
    assert_eq!(replies(s).await.len(), 4);

    // Erasing Ana erases her replies.
    kindly_core::service::privacy::erase(s, ana.id, kindly_core::clock::now())
        .await
        .unwrap();
    assert!(replies(s).await.is_empty());
}

/// Someone interviewed and placed: Applied → Interviewing → Interviewed → Finalist.
async fn finalist(
    s: &kindly_core::Store,
    first: &str,
    email: &str,
    role_id: i32,
    place: Option<i32>,
) -> (i32, i32) {
    use kindly_core::domain::Stage;
    use kindly_core::service::applications;
    let c = candidates::create(
        s,
        candidates::CandidateInput {
            first_name: first.into(),
            last_name: "Test".into(),
            email: email.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let a = applications::add(s, c.id, role_id).await.unwrap();
    for st in [Stage::Interviewing, Stage::Interviewed, Stage::Finalist] {
        applications::move_stage(s, a.id, st).await.unwrap();
    }
    if place.is_some() {
        applications::set_place(s, a.id, place).await.unwrap();
    }
    (c.id, a.id)
}

/// The test mailbox (the SMTP server and Dovecot) with its password in the keychain, the
/// owner's profile, and a score asked at the end of each decision message.
async fn mailbox_asking_scores(s: &kindly_core::Store, k: &Keychain) {
    use kindly_core::service::settings;
    mail::save_smtp_settings(s, settings()).await.unwrap();
    mail::set_password(s, k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    common::owner(s).await;
    settings::save_desk(
        s,
        settings::DeskSettings {
            ask_experience_score: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

/// Each of `people` (candidate, application) told the decision Kindly drafts for them, with
/// feedback, in one batch; each message ends by asking for a score.
async fn tell(s: &kindly_core::Store, k: &Keychain, role_id: i32, people: &[(i32, i32)]) {
    use kindly_core::service::compose::ComposeRequest;
    use kindly_core::service::decisions;
    let mut requests = vec![];
    for &(cand, app) in people {
        let d = decisions::draft(s, app).await.unwrap();
        assert!(d
            .body
            .ends_with(kindly_core::domain::replies::SCORE_QUESTION));
        requests.push(decisions::DecisionRequest {
            application_id: app,
            reason: String::new(),
            message: ComposeRequest {
                candidate_id: cand,
                role_id: Some(role_id),
                template_id: Some(d.template_id),
                subject: d.subject,
                body: d.body,
                values: [(
                    "feedback".to_string(),
                    "Your latte art in the trial shift was lovely.".to_string(),
                )]
                .into(),
                send_at: None,
                acknowledge_warnings: true,
                time_zone: Some("Europe/London".into()),
                vouched_names: vec![],
            },
            tell_anyway: false,
        });
    }
    decisions::send(s, k, requests).await.unwrap();
}

/// Past the undo window, everything queued goes to the test SMTP server.
async fn send_now(s: &kindly_core::Store, k: &Keychain) -> sending::DrainReport {
    use kindly_core::store::entities::message;
    message::Entity::update_many()
        .col_expr(
            message::Column::NotBefore,
            sea_orm::sea_query::Expr::value(kindly_core::clock::now()),
        )
        .exec(s.db())
        .await
        .unwrap();
    sending::drain(s, k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap()
}

/// A delivery-status report as Postfix writes one: the original's headers attached.
fn postfix_dsn(to: &str, original_id: &str) -> Vec<u8> {
    format!(
        "From: MAIL-DAEMON@mx.riverside.example (Mail Delivery System)\r\nTo: jobs@riverside.example\r\nSubject: Undelivered Mail Returned to Sender\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <{}@mx.riverside.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"pf\"\r\n\r\n--pf\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n--pf\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.riverside.example\r\nArrival-Date: Tue,  3 Mar 2026 09:59:58 +0000\r\n\r\nFinal-Recipient: rfc822; {to}\r\nOriginal-Recipient: rfc822;{to}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.example.org\r\nDiagnostic-Code: smtp; 550 5.1.1 <{to}>: Recipient address rejected:\r\n    User unknown in virtual mailbox table\r\n\r\n--pf\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: Maria Lopez <jobs@riverside.example>\r\nTo: {to}\r\nSubject: Your application\r\nMessage-ID: {original_id}\r\n\r\n--pf--\r\n",
        kindly_core::clock::unique_token()
    )
    .into_bytes()
}

/// …and as Exchange Online writes one: the whole original attached, no Message-ID match in
/// the headers of the report itself.
fn exchange_dsn(to: &str, original_id: &str) -> Vec<u8> {
    format!(
        "From: Microsoft Outlook <postmaster@riverside.onmicrosoft.com>\r\nTo: jobs@riverside.example\r\nSubject: Undeliverable: Your application\r\nDate: Tue, 3 Mar 2026 10:05:00 +0000\r\nMessage-ID: <{}@exchange.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"ex_boundary\"\r\nX-MS-Exchange-Message-Is-Ndr:\r\n\r\n--ex_boundary\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\nYour message to {to} couldn't be delivered.\r\n--alt\r\nContent-Type: text/html; charset=\"us-ascii\"\r\n\r\n<html><body><p>Your message couldn't be delivered.</p></body></html>\r\n--alt--\r\n\r\n--ex_boundary\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.outlook.com\r\nReceived-From-MTA: dns;AM0PR01MB1234.eurprd01.prod.outlook.com\r\nArrival-Date: Tue, 3 Mar 2026 10:04:58 +0000\r\n\r\nFinal-Recipient: rfc822;{to}\r\nAction: failed\r\nStatus: 5.1.10\r\nDiagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not\r\n found by SMTP address lookup\r\n\r\n--ex_boundary\r\nContent-Type: message/rfc822\r\n\r\nFrom: Maria Lopez <jobs@riverside.example>\r\nTo: <{to}>\r\nSubject: Your application\r\nMessage-ID: {original_id}\r\nContent-Type: text/plain\r\n\r\nHi,\r\n\r\n--ex_boundary--\r\n",
        kindly_core::clock::unique_token()
    )
    .into_bytes()
}

#[tokio::test]
async fn bounces_auto_replies_references_scores_and_consent_each_land_where_they_belong() {
    use kindly_core::domain::replies::ReadsAs;
    use kindly_core::domain::states::{ConsentMethod, ReplyKind};
    use kindly_core::mail::outbox::MessageStatus;
    use kindly_core::service::{pool, pulse, references, templates};
    use kindly_core::store::entities::{mailbox_state, message, reminder};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, QueryFilter};

    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-more-{}", std::process::id()));
    mailbox_asking_scores(s, &k).await;
    let pid = std::process::id();
    let addr = |who: &str| format!("{who}.more.{pid}@example.org");
    let role = common::role(s, "Barista").await;
    let (bea, bea_app) = finalist(s, "Bea", &addr("bea"), role.id, Some(2)).await;
    let (cleo, cleo_app) = finalist(s, "Cleo", &addr("cleo"), role.id, None).await;
    let (dan, dan_app) = finalist(s, "Dan", &addr("dan"), role.id, None).await;
    let (eve, eve_app) = finalist(s, "Eve", &addr("eve"), role.id, Some(1)).await;

    // Bea hears she is the runner-up; Cleo and Dan are told no: each message asks for a score.
    tell(
        s,
        &k,
        role.id,
        &[(bea, bea_app), (cleo, cleo_app), (dan, dan_app)],
    )
    .await;
    // Eve's reference, Rita, is asked (with Eve's consent).
    let rita = references::add(
        s,
        eve_app,
        references::RefereeInput {
            name: "Rita Reyes".into(),
            relationship: kindly_core::domain::states::Relationship::Supervisor,
            company: String::new(),
            email: addr("rita"),
            phone: String::new(),
            worked_together: String::new(),
        },
    )
    .await
    .unwrap();
    pool::record_consent(
        s,
        pool::ConsentInput {
            candidate_id: eve,
            application_id: Some(eve_app),
            kind: kindly_core::domain::states::ConsentKind::References,
            given_on: "2026-03-01".into(),
            method: ConsentMethod::InPerson,
            notes: String::new(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    let tpl = templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.purpose == kindly_core::domain::defaults::Purpose::ReferenceSupervisor)
        .unwrap();
    references::request(
        s,
        &k,
        references::ReferenceRequest {
            referee_id: rita.id,
            template_id: tpl.id,
            subject: tpl.subject,
            body: tpl.body,
            send_at: None,
            time_zone: "Europe/London".into(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    let drained = send_now(s, &k).await;
    assert_eq!(drained.sent, 4);
    let sent = |who: &str| {
        let who = addr(who);
        async move {
            message::Entity::find()
                .filter(message::Column::ToAddress.eq(who))
                .one(s.db())
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (to_bea, to_cleo, to_dan, to_rita) = (
        sent("bea").await,
        sent("cleo").await,
        sent("dan").await,
        sent("rita").await,
    );
    let chase = || async {
        reminder::Entity::find()
            .filter(reminder::Column::Source.eq(format!("referee:{}", rita.id)))
            .one(s.db())
            .await
            .unwrap()
            .unwrap()
    };
    assert!(
        chase().await.done_at.is_none(),
        "Rita is chased until she answers"
    );

    let replying_to = |id: &str| format!("In-Reply-To: {id}\r\nReferences: {id}\r\n");
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));

    // Eve writes her own glowing reference from her address, in Rita's thread: it is kept
    // with Rita's reference, marked as from another address, and the chase for Rita goes on.
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[mail(
            &addr("eve"),
            "Re: A reference for Eve",
            &replying_to(&to_rita.message_id),
            "Eve was the best barista we ever had.",
        )],
    )
    .await
    .unwrap();
    inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    let glowing = inbox::unread(s).await.unwrap().remove(0);
    assert_eq!(glowing.referee_id, Some(rita.id));
    assert_eq!(glowing.wrote_to.as_deref(), Some(addr("rita").as_str()));
    assert!(chase().await.done_at.is_none(), "Rita is still chased");
    inbox::mark_read(s, glowing.id).await.unwrap();

    let bea_yes = format!("yes.{}@mail.example", kindly_core::clock::unique_token());
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[
            format!(
                "From: Bea <{}>\r\nTo: jobs@riverside.example\r\nSubject: Re: Riverside\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nMessage-ID: <{bea_yes}>\r\n{}\r\nYes, please keep my details.\r\n",
                addr("bea"),
                replying_to(&to_bea.message_id)
            )
            .into_bytes(),
            mail(
                &addr("bea"),
                "Automatic reply: Riverside",
                &format!("Auto-Submitted: auto-replied\r\n{}", replying_to(&to_bea.message_id)),
                "I am away until Monday.",
            ),
            mail(&addr("bea"), "Re: Riverside", &replying_to(&to_bea.message_id), "4"),
            postfix_dsn(&addr("cleo"), &to_cleo.message_id),
            exchange_dsn(&addr("dan"), &to_dan.message_id),
            mail(
                &format!("Rita Reyes <{}>", addr("rita")),
                "Re: A reference for Eve",
                &replying_to(&to_rita.message_id),
                "Eve was reliable and kind with customers. Happy to talk on the phone.",
            ),
        ],
    )
    .await
    .unwrap();

    let r = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!((r.stored, r.replies, r.bounced), (4, 2, 2), "{r:?}");

    // Today lists what people wrote: not the out-of-office, not the score.
    let unread = inbox::unread(s).await.unwrap();
    let names: Vec<&str> = unread.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Bea Test", "Rita Reyes"]);
    let beas = inbox::for_candidate(s, bea).await.unwrap();
    let kinds: Vec<ReplyKind> = beas.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&ReplyKind::AutoReply) && kinds.contains(&ReplyKind::Score));
    let yes = beas.iter().find(|r| r.kind == ReplyKind::Reply).unwrap();
    assert!(yes.asks_consent);
    assert_eq!(yes.reads_as, ReadsAs::Yes);
    assert_eq!(yes.received_on, "2026-03-03");
    let score = beas.iter().find(|r| r.kind == ReplyKind::Score).unwrap();
    assert_eq!(score.score, Some(4));

    // Rita's answer sits on her reference and ends the chase.
    let from_rita = &unread[1];
    assert_eq!(from_rita.referee_id, Some(rita.id));
    assert!(!from_rita.asks_consent);
    assert!(chase().await.done_at.is_some());

    // Consent only on the click: then Bea is in the pool, by email reply, on the reply's day.
    assert!(pool::member(s, bea, kindly_core::clock::now())
        .await
        .unwrap()
        .is_none());
    let refused = inbox::record_consent(
        s,
        score.id,
        "Europe/London",
        false,
        kindly_core::clock::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("reply_id"));
    let member =
        inbox::record_consent(s, yes.id, "Europe/London", false, kindly_core::clock::now())
            .await
            .unwrap();
    assert_eq!(member.consent_given_on.as_deref(), Some("2026-03-03"));
    let consent = kindly_core::store::entities::consent::Entity::find()
        .filter(kindly_core::store::entities::consent::Column::CandidateId.eq(bea))
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(consent.method, ConsentMethod::EmailReply);
    assert_eq!(
        inbox::unread(s).await.unwrap().len(),
        1,
        "read once recorded"
    );
    let again = inbox::record_consent(s, yes.id, "Europe/London", false, kindly_core::clock::now())
        .await
        .unwrap_err();
    assert_eq!(again.code, kindly_core::ErrorCode::Conflict);

    // Both reports marked their rejection bounced, with the server's words.
    for (m, words) in [
        (&to_cleo, "User unknown in virtual mailbox table"),
        (&to_dan, "RESOLVER.ADR.RecipientNotFound"),
    ] {
        let now = message::Entity::find_by_id(m.id)
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.status, MessageStatus::Bounced);
        assert!(
            now.last_error.as_deref().unwrap().contains(words),
            "{:?}",
            now.last_error
        );
    }
    let flag = inbox::bounced_address(s, cleo).await.unwrap().unwrap();
    assert_eq!(flag.address, addr("cleo"));
    assert!(inbox::bounced_address(s, bea).await.unwrap().is_none());

    // The pulse: Cleo and Dan were never told; Bea's score counts.
    let p = pulse::pulse(
        s,
        &pulse::PulseQuery {
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
            time_zone: "Europe/London".into(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    let all = &p.scopes[0].figures;
    let told: Vec<i32> = all
        .rejections
        .people
        .iter()
        .map(|p| p.candidate_id)
        .collect();
    assert_eq!(told, [bea]);
    let waiting: Vec<i32> = all
        .left_waiting
        .people
        .iter()
        .map(|p| p.candidate_id)
        .collect();
    assert!(
        waiting.contains(&cleo) && waiting.contains(&dan),
        "{waiting:?}"
    );
    assert_eq!(all.experience_scores.count, 1);
    assert_eq!(all.experience_average, Some(4.0));

    // The next message to Bea continues her thread: her latest reply, the thread before it.
    let q = sending::enqueue(
        s,
        &k,
        vec![NewMessage {
            candidate_id: Some(bea),
            to_name: "Bea Test".into(),
            to_address: addr("bea"),
            subject: "Thank you".into(),
            body: "Hi Bea,\n\nThank you.\n\nMaria".into(),
            ..Default::default()
        }],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    let next = message::Entity::find_by_id(q[0].id)
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    let in_reply_to = next.in_reply_to.clone().unwrap();
    let refs = next.thread_references.clone().unwrap();
    assert!(refs.starts_with(&to_bea.message_id), "{refs}");
    assert!(refs.ends_with(&in_reply_to), "{refs}");
    assert_ne!(next.message_id, to_bea.message_id);
    let written_by_bea: Vec<String> = replies(s)
        .await
        .into_iter()
        .filter(|r| r.candidate_id == Some(bea) && r.kind != ReplyKind::AutoReply)
        .map(|r| format!("<{}>", r.rfc_message_id))
        .collect();
    assert!(written_by_bea.contains(&in_reply_to), "{in_reply_to}");
    assert!(written_by_bea.contains(&format!("<{bea_yes}>")));

    // A changed UIDVALIDITY reads the mailbox again from its start: nothing twice.
    let mut st: mailbox_state::ActiveModel = mailbox_state::Entity::find_by_id("INBOX".to_string())
        .one(s.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    st.uid_validity = Set(1);
    st.update(s.db()).await.unwrap();
    let again = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!(
        (again.from_start, again.stored, again.bounced),
        (true, 0, 0)
    );
    // The four of the main batch and Eve's.
    assert_eq!(replies(s).await.len(), 5);
}

#[tokio::test]
async fn twenty_kills_mid_scan_lose_no_reply_and_store_none_twice() {
    use std::time::{Duration, Instant};
    let t = common::sqlite().await;
    let s = &t.store;
    let dir = t._dir.as_ref().unwrap().path().to_path_buf();
    let k = Keychain::new(format!("kindly-test-inbox-kills-{}", std::process::id()));
    mail::save_smtp_settings(s, settings()).await.unwrap();
    mail::set_password(s, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let pid = std::process::id();
    let address = format!("kills.{pid}@example.org");
    let q = sending::enqueue(
        s,
        &k,
        vec![NewMessage {
            to_name: "Kim".into(),
            to_address: address.clone(),
            subject: "Would you like to stay in touch?".into(),
            body: "Hi Kim,\n\nWould you like us to keep your details?\n\nMaria".into(),
            ..Default::default()
        }],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    let ours = q[0].message_id.clone();
    s.db().clone().close().await.unwrap();
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    let mut appended = 0;
    // Each round: 15 new replies among 30 messages of the owner's own.
    let mut deliver = |round: usize| {
        let mut batch = vec![];
        for i in 0..45 {
            batch.push(if i % 3 == 0 {
                appended += 1;
                mail(
                    &address,
                    "Re: Would you like to stay in touch?",
                    &format!("In-Reply-To: {ours}\r\n"),
                    &format!("Reply {round}-{i}"),
                )
            } else {
                mail("news@shop.example", "News", "", "Not Kindly's.")
            });
        }
        batch
    };
    let run = |kill_after: Option<Duration>| {
        for f in ["scan-started", "scan-done"] {
            let _ = std::fs::remove_file(dir.join(f));
        }
        let mut child = std::process::Command::new(common::example("scan_inbox"))
            .arg(&dir)
            .env("KINDLY_KEYCHAIN_SERVICE", k.service())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let began = Instant::now();
        while !dir.join("scan-started").exists() && began.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(1));
        }
        let started = Instant::now();
        match kill_after {
            Some(d) => {
                std::thread::sleep(d);
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
            }
            None => assert!(child.wait().unwrap().success()),
        }
        (started.elapsed(), dir.join("scan-done").exists())
    };
    // A first look, timed: the kills land within a look's length.
    let first = deliver(0);
    imap::append(&settings(), Some(&password), "INBOX", &first)
        .await
        .unwrap();
    let (length, done) = run(None);
    assert!(done);
    let span = (length.as_millis() as u64).max(5);
    let mut moments = common::Moments::new(0x9e37_79b9_7f4a_7c15);
    let (mut mid_scan, mut committed) = (0, 0);
    // At least twenty kills, ten of them mid-look. A busy machine makes a look's length vary:
    // each kill that came too late narrows the window for the next.
    let mut upper = 2 * span;
    let mut round = 0;
    while mid_scan + committed < 20 || mid_scan < 10 {
        round += 1;
        assert!(
            round <= 60,
            "only {mid_scan} kills landed mid-scan in 60 rounds"
        );
        let batch = deliver(round);
        imap::append(&settings(), Some(&password), "INBOX", &batch)
            .await
            .unwrap();
        // A random moment within the window: most land mid-look, some after.
        let wait = Duration::from_millis(moments.next_ms(0, upper));
        let (_, done) = run(Some(wait));
        if done {
            committed += 1;
            upper = (upper * 3 / 4).max(2);
        } else {
            mid_scan += 1;
        }
        let store = kindly_core::open(&dir, None).await.unwrap();
        assert_eq!(common::integrity(&store).await, "ok", "round {round}");
        store.db().clone().close().await.unwrap();
    }
    eprintln!("kills mid-scan: {mid_scan}, looks that committed: {committed}, a look: {length:?}");
    // One last look to the end: every reply once.
    let (_, done) = run(None);
    assert!(done);
    let store = kindly_core::open(&dir, None).await.unwrap();
    let got = replies(&store).await;
    assert_eq!(got.len(), appended, "no reply lost, none twice");
    let texts: std::collections::HashSet<&str> = got.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts.len(), appended);
}

/// Replies shaped the way everyday clients write them, against Dovecot: an Outlook reply asking
/// to erase their data (Kindly's own "remove them" in the quote) goes on Today with its answer
/// date a month on; a request for a copy is answered by the export; a French Exchange
/// out-of-office with no Auto-Submitted is an automatic answer, never on Today; a score above
/// an Outlook quote is a score; a plain-text Exim bounce marks its message bounced.
#[tokio::test]
async fn replies_as_clients_write_them_are_heard_right() {
    use kindly_core::domain::states::{ReminderKind, ReplyKind};
    use kindly_core::mail::outbox::MessageStatus;
    use kindly_core::service::{privacy, reminders};
    use kindly_core::store::entities::{message, reminder};
    use sea_orm::{ColumnTrait, QueryFilter};

    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-heard-{}", std::process::id()));
    mailbox_asking_scores(s, &k).await;
    let pid = std::process::id();
    let addr = |who: &str| format!("{who}.heard.{pid}@example.org");
    let role = common::role(s, "Barista").await;
    let mut people = vec![];
    for (who, place) in [
        ("ana", Some(2)),
        ("ben", None),
        ("cy", None),
        ("dee", Some(3)),
    ] {
        people.push(finalist(s, who, &addr(who), role.id, place).await);
    }
    tell(s, &k, role.id, &people).await;
    let drained = send_now(s, &k).await;
    assert_eq!(drained.sent, 4);
    let sent_to = |who: &str| {
        let who = addr(who);
        async move {
            message::Entity::find()
                .filter(message::Column::ToAddress.eq(who))
                .one(s.db())
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (to_ana, to_ben, to_cy, to_dee) = (
        sent_to("ana").await,
        sent_to("ben").await,
        sent_to("cy").await,
        sent_to("dee").await,
    );
    let now = kindly_core::clock::now();
    let date = now.to_rfc2822();
    let outlook = |from: &str, subject: &str, extra: &str, own: &str, answers: &message::Model| {
        format!(
            "From: {from}\r\nTo: jobs@riverside.example\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{}@outlook.example>\r\nIn-Reply-To: {id}\r\nReferences: {id}\r\nX-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AQHZ1234567890abcdef==\r\n{extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\n{own}\r\n\r\nFrom: Maria Lopez <jobs@riverside.example>\r\nSent: Monday, March 2, 2026 10:15 AM\r\nTo: {from}\r\nSubject: {}\r\n\r\nYou can ask us to remove them at any time. Yes, we will keep them.\r\n",
            kindly_core::clock::unique_token(),
            answers.subject,
            id = answers.message_id,
        )
        .into_bytes()
    };
    let exim = format!(
        "From: Mail Delivery System <Mailer-Daemon@mx.riverside.example>\r\nTo: jobs@riverside.example\r\nSubject: Mail delivery failed: returning message to sender\r\nDate: {date}\r\nMessage-ID: <{}@mx.riverside.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis message was created automatically by mail delivery software.\r\n\r\nA message that you sent could not be delivered to one or more of its\r\nrecipients. This is a permanent error. The following address(es) failed:\r\n\r\n  {cy}\r\n    host mx.example.org [192.0.2.10]\r\n    SMTP error from remote mail server after RCPT TO:<{cy}>:\r\n    550 5.1.1 User unknown\r\n\r\n------ This is a copy of the message, including all the headers. ------\r\n\r\nMessage-ID: {id}\r\nFrom: Maria Lopez <jobs@riverside.example>\r\nTo: {cy}\r\nSubject: {subject}\r\n\r\nHi Cy,\r\n",
        kindly_core::clock::unique_token(),
        cy = addr("cy"),
        id = to_cy.message_id,
        subject = to_cy.subject,
    )
    .into_bytes();
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[
            outlook(
                &format!("Ana <{}>", addr("ana")),
                "RE: Thank you",
                "",
                "Hi Maria,\r\n\r\nPlease delete all the data you hold about me.\r\n\r\nAna",
                &to_ana,
            ),
            outlook(
                &format!("Ben <{}>", addr("ben")),
                "=?utf-8?Q?R=C3=A9ponse_automatique=C2=A0:_Thank_you?=",
                "X-Auto-Response-Suppress: All\r\nX-MS-Exchange-Inbox-Rules-Loop: ben@example.org\r\n",
                "Je suis absent jusqu'au 10 mars. Oui, je lirai votre message à mon retour.",
                &to_ben,
            ),
            outlook(&format!("Ben <{}>", addr("ben")), "RE: Thank you", "", "5", &to_ben),
            exim,
            outlook(
                &format!("Dee <{}>", addr("dee")),
                "RE: Thank you",
                "",
                "Could you send me a copy of the information you hold about me?",
                &to_dee,
            ),
        ],
    )
    .await
    .unwrap();
    // A zone that is not one is refused, naming the field, and nothing is read or stored.
    let bad = inbox::scan(s, &k, "Nowhere/Land").await.unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("time_zone"));
    assert!(replies(s).await.is_empty());
    let r = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!((r.stored, r.bounced), (4, 1), "{r:?}");

    let stored = replies(s).await;
    let of = |who: &str| {
        let a = addr(who);
        stored
            .iter()
            .filter(|r| r.from_address == a)
            .collect::<Vec<_>>()
    };
    // Only her own words; the quote's "remove them" is not hers.
    assert_eq!(
        of("ana")[0].text,
        "Hi Maria,\n\nPlease delete all the data you hold about me.\n\nAna"
    );
    let ben = of("ben");
    assert_eq!(ben.len(), 2);
    assert!(ben.iter().any(|r| r.kind == ReplyKind::AutoReply));
    assert!(ben
        .iter()
        .any(|r| r.kind == ReplyKind::Score && r.score == Some(5)));
    let unread = inbox::unread(s).await.unwrap();
    let unread_from: Vec<&str> = unread.iter().map(|r| r.from_address.as_str()).collect();
    assert_eq!(unread_from.len(), 2, "{unread_from:?}");
    assert!(
        !unread_from.contains(&addr("ben").as_str()),
        "an out-of-office is not for Today"
    );
    let ana_view = inbox::for_candidate(s, people[0].0).await.unwrap();
    assert_eq!(
        ana_view[0].reads_as,
        kindly_core::domain::replies::ReadsAs::Erase
    );

    // Both requests are on Today, due a month after they came, at nine in the owner's zone.
    let today = reminders::today(s, now).await.unwrap();
    assert_eq!(today.requests.len(), 2, "{today:?}");
    let by = kindly_core::schedule::answer_by(now, chrono_tz::Europe::London);
    for q in &today.requests {
        assert_eq!(q.kind, ReminderKind::PrivacyRequest);
        assert_eq!(q.due_local, format!("{}T09:00", by.format("%Y-%m-%d")));
    }
    assert!(today
        .requests
        .iter()
        .any(|q| q.title == "Answer ana Test's request to erase their data"));
    // The export answers Dee's.
    let dir = tempfile::tempdir().unwrap();
    privacy::export_access(s, people[3].0, false, &dir.path().join("dee.zip"))
        .await
        .unwrap();
    let open: Vec<reminder::Model> = reminder::Entity::find()
        .filter(reminder::Column::Kind.eq(ReminderKind::PrivacyRequest))
        .filter(reminder::Column::DoneAt.is_null())
        .all(s.db())
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].candidate_id, Some(people[0].0));

    // The plain-text bounce: Cy's message did not arrive.
    let cy = message::Entity::find_by_id(to_cy.id)
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cy.status, MessageStatus::Bounced);
    assert!(cy.last_error.unwrap().contains("550 5.1.1"));
}

/// "Believe the right people": a delivery report that names no message Kindly sent changes
/// nothing and is only a hint on the timeline; a reply from one person's address, threaded on
/// another person's message, is the writer's own; what a message brings in is cut to size and
/// shown as it is (direction controls replaced), and its ids are copied on only when valid.
#[tokio::test]
async fn forged_bounces_borrowed_threads_and_oversized_headers_are_not_believed() {
    use kindly_core::mail::outbox::MessageStatus;
    use kindly_core::store::entities::{activity, message, reply};
    use sea_orm::{ColumnTrait, QueryFilter};

    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-believe-{}", std::process::id()));
    mailbox_asking_scores(s, &k).await;
    let pid = std::process::id();
    let addr = |who: &str| format!("{who}.believe.{pid}@example.org");
    let role = common::role(s, "Barista").await;
    let (bea, bea_app) = finalist(s, "Bea", &addr("bea"), role.id, Some(2)).await;
    let (cleo, cleo_app) = finalist(s, "Cleo", &addr("cleo"), role.id, None).await;
    tell(s, &k, role.id, &[(bea, bea_app), (cleo, cleo_app)]).await;
    assert_eq!(send_now(s, &k).await.sent, 2);
    let sent_to = |who: &str| {
        let who = addr(who);
        async move {
            message::Entity::find()
                .filter(message::Column::ToAddress.eq(who))
                .one(s.db())
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (to_bea, to_cleo) = (sent_to("bea").await, sent_to("cleo").await);

    let forged = postfix_dsn(&addr("cleo"), "<never.sent.by.kindly@riverside.example>");
    let long_words = format!("reach her at another address\u{202E} {}", "x".repeat(2000));
    let proven = String::from_utf8(postfix_dsn(&addr("bea"), &to_bea.message_id))
        .unwrap()
        .replace("User unknown in virtual mailbox table", &long_words)
        .into_bytes();
    // Cleo writes from her own address, but threads her mail on Bea's runner-up message.
    let borrowed = format!(
        "From: Cleo <{}>\r\nTo: jobs@riverside.example\r\nSubject: =?UTF-8?B?{}?=\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nMessage-ID: <{}@mail.example>\r\nIn-Reply-To: {}\r\nReferences: {} <{}@x>\r\n\r\nYes, please keep my details.\r\n",
        addr("cleo"),
        base64_of("Re: CV_\u{202E}xcod.exe"),
        "m".repeat(5000),
        to_bea.message_id,
        to_bea.message_id,
        "r".repeat(3000),
    );
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[forged, proven, borrowed.into_bytes()],
    )
    .await
    .unwrap();
    let r = inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    assert_eq!(r.bounced, 1, "{r:?}");

    // The forged report: Cleo's message is as it was, no banner, a hint on her timeline.
    let cleo_msg = message::Entity::find_by_id(to_cleo.id)
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cleo_msg.status, MessageStatus::Sent);
    assert!(inbox::bounced_address(s, cleo).await.unwrap().is_none());
    let hints = activity::Entity::find()
        .filter(activity::Column::CandidateId.eq(cleo))
        .filter(activity::Column::Kind.eq("bounce_unproven"))
        .all(s.db())
        .await
        .unwrap();
    assert_eq!(hints.len(), 1);
    assert!(hints[0].summary.contains("check with them another way"));

    // The proven one: Bea's message bounced, with at most 300 bytes of the server's words,
    // its direction control shown for what it is.
    let bea_msg = message::Entity::find_by_id(to_bea.id)
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bea_msg.status, MessageStatus::Bounced);
    let words = bea_msg.last_error.unwrap();
    assert!(
        words.len() <= 300 && words.contains("reach her at another address\u{FFFD}"),
        "{words}"
    );

    // A stranger's yes in Bea's thread is kept with Bea's replies, marked as from another
    // address: consent from it needs the owner's confirmation, which the core asks for.
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[mail(
            &addr("stranger"),
            "Re: Riverside",
            &format!("In-Reply-To: {}\r\n", to_bea.message_id),
            "Yes, please keep my details.",
        )],
    )
    .await
    .unwrap();
    inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    let stranger = inbox::for_candidate(s, bea).await.unwrap().remove(0);
    assert_eq!(stranger.wrote_to.as_deref(), Some(addr("bea").as_str()));
    assert!(stranger.asks_consent);
    let ask = inbox::record_consent(s, stranger.id, "UTC", false, kindly_core::clock::now())
        .await
        .unwrap_err();
    assert_eq!(ask.field.as_deref(), Some("sender"));
    assert!(ask.message.contains(&addr("stranger")) && ask.message.contains(&addr("bea")));
    inbox::record_consent(s, stranger.id, "UTC", true, kindly_core::clock::now())
        .await
        .unwrap();

    // The borrowed thread: Cleo's words are Cleo's, never offered as Bea's consent.
    let from_cleo = reply::Entity::find()
        .filter(reply::Column::FromAddress.eq(addr("cleo")))
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(from_cleo.candidate_id, Some(cleo));
    let beas = inbox::for_candidate(s, bea).await.unwrap();
    assert!(beas.iter().all(|r| r.from_address != addr("cleo")));
    assert_eq!(from_cleo.subject, "Re: CV_\u{FFFD}xcod.exe");
    // A 5,000-character Message-ID is not kept to reply with; only valid, few ids go on.
    assert!(
        from_cleo.rfc_message_id.len() < 100,
        "{}",
        from_cleo.rfc_message_id
    );
    let refs = from_cleo.thread_references.clone().unwrap_or_default();
    assert!(refs.len() < 998 && !refs.contains("rrrr"), "{refs}");
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Mail built to hurt: a 30 MB message, 10,000 attachments, parts nested 10,000 deep and a
/// 5,000-character Message-ID, each threaded on Kindly's message. Each is dealt with (the big
/// one by its headers alone), and a normal reply after them is still stored.
#[tokio::test]
async fn mail_built_to_hurt_is_read_within_limits_and_the_next_reply_still_lands() {
    use kindly_core::store::entities::reply;
    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-hurt-{}", std::process::id()));
    mailbox_asking_scores(s, &k).await;
    let pid = std::process::id();
    let addr = |who: &str| format!("{who}.hurt.{pid}@example.org");
    let role = common::role(s, "Barista").await;
    let (bea, bea_app) = finalist(s, "Bea", &addr("bea"), role.id, Some(2)).await;
    tell(s, &k, role.id, &[(bea, bea_app)]).await;
    assert_eq!(send_now(s, &k).await.sent, 1);
    let to_bea = kindly_core::mail::outbox::list(s, &[])
        .await
        .unwrap()
        .remove(0);
    let head = |extra: &str| {
        format!(
            "From: Bea <{}>\r\nTo: jobs@riverside.example\r\nSubject: Re: Riverside\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nIn-Reply-To: {}\r\n{extra}",
            addr("bea"),
            to_bea.message_id
        )
    };
    let id = || {
        format!(
            "Message-ID: <{}@mail.example>\r\n",
            kindly_core::clock::unique_token()
        )
    };
    let big = format!(
        "{}{}Content-Type: text/plain\r\n\r\nYes, keep them.\r\n{}",
        head(""),
        id(),
        "x".repeat(76)
            .repeat(30 * 1024 * 1024 / 78)
            .replace(&"x".repeat(76), &format!("{}\r\n", "x".repeat(76)))
    );
    let mut many = format!(
        "{}{}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nYes, keep them.\r\n",
        head(""),
        id()
    );
    for i in 0..10_000 {
        many.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"cv{i}.pdf\"\r\n\r\nAA==\r\n"
        ));
    }
    many.push_str("--b--\r\n");
    let mut nested = format!("{}{}MIME-Version: 1.0\r\n", head(""), id());
    for i in 0..10_000 {
        nested.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n--n{i}\r\n"
        ));
    }
    nested.push_str("Content-Type: text/plain\r\n\r\nYes.\r\n");
    let long_id = format!(
        "{}Message-ID: <{}@mail.example>\r\n\r\nYes, please keep my details.\r\n",
        head(""),
        "m".repeat(5000)
    );
    let normal = format!(
        "{}{}\r\nThank you for letting me know.\r\n",
        head(""),
        "Message-ID: <after.the.hurt@mail.example>\r\n"
    );
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[
            big.into_bytes(),
            many.into_bytes(),
            nested.into_bytes(),
            long_id.into_bytes(),
            normal.into_bytes(),
        ],
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    inbox::scan(s, &k, "Europe/London").await.unwrap().unwrap();
    println!("scanned the five in {:?}", started.elapsed());
    let stored = reply::Entity::find().all(s.db()).await.unwrap();
    assert!(
        stored
            .iter()
            .any(|r| r.rfc_message_id == "after.the.hurt@mail.example"),
        "the normal reply after them is stored"
    );
    // The 30 MB one is kept by its headers: a reply with no words of its own fetched.
    let big = stored.iter().find(|r| r.text.is_empty());
    assert!(
        big.is_some(),
        "the big message is read by its headers alone"
    );
    for r in &stored {
        assert!(r.text.len() <= 64 * 1024, "text capped");
        let names: Vec<String> = serde_json::from_str(&r.attachments).unwrap();
        assert!(names.len() <= 100, "{} attachment names", names.len());
        assert!(r.rfc_message_id.len() <= 250);
        assert!(r.thread_references.as_deref().is_none_or(|x| x.len() < 998));
    }
}
