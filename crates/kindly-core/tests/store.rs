//! The store and services on a real SQLite file and on a real PostgreSQL server.

mod common;

use kindly_core::domain::{RoleStatus, Stage};
use kindly_core::service::candidates::{self, CandidateInput, CandidateQuery, CandidateSort};
use kindly_core::service::{applications, roles};
use kindly_core::{sample, ErrorCode, Store};

fn person(first: &str, last: &str, email: &str) -> CandidateInput {
    CandidateInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        ..Default::default()
    }
}

async fn role(store: &Store, title: &str) -> i32 {
    roles::create(
        store,
        roles::RoleInput {
            title: title.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn total(store: &Store) -> u32 {
    candidates::list(store, CandidateQuery::default())
        .await
        .unwrap()
        .total
}

async fn bad_input_is_refused_and_changes_nothing(store: &Store) {
    let e = candidates::create(store, person("Ana", "Lopez", "ana@"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("email"));
    assert_eq!(e.message, "email: 'ana@' is not an address");
    let e = candidates::create(store, person(" ", "Lopez", "ana@example.com"))
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("first_name"));
    assert_eq!(total(store).await, 0);

    let ana = candidates::create(store, person("Ana", "Lopez", "Ana@Example.com"))
        .await
        .unwrap();
    let e = candidates::create(store, person("Ann", "Other", "ana@example.COM"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.field.as_deref(), Some("email"));
    assert_eq!(total(store).await, 1);

    // A bad edit leaves the record as it was.
    let mut edit = person("Ana", "Lopez", "ana@example.com");
    edit.phone = "not a phone".into();
    let e = candidates::update(store, ana.id, edit).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("phone"));
    let detail = candidates::get(store, ana.id).await.unwrap();
    assert_eq!(detail.candidate.email, "Ana@Example.com");
    assert_eq!(detail.candidate.phone, None);
    assert_eq!(detail.timeline.len(), 1);

    let e = roles::create(store, roles::RoleInput::default())
        .await
        .unwrap_err();
    assert_eq!(e.message, "title: is required");
    assert!(roles::list(store).await.unwrap().is_empty());
}

async fn edits_are_saved_and_recorded_on_the_timeline(store: &Store) {
    let c = candidates::create(store, person("Ben", "Okafor", "ben@example.com"))
        .await
        .unwrap();
    let mut edit = person("Ben", "Okafor", "ben.okafor@example.com");
    edit.tags = vec!["barista".into(), "Barista".into(), "latte art".into()];
    edit.notes = "Great with regulars.\nAvailable weekends.".into();
    let saved = candidates::update(store, c.id, edit).await.unwrap();
    assert_eq!(saved.email, "ben.okafor@example.com");
    assert_eq!(saved.tags, vec!["barista", "latte art"]);
    let d = candidates::get(store, c.id).await.unwrap();
    let summaries: Vec<&str> = d.timeline.iter().map(|a| a.summary.as_str()).collect();
    assert_eq!(
        summaries,
        vec!["Updated email, tags, notes", "Added to Kindly"]
    );
    // The old address is free again, the new one is taken.
    candidates::create(store, person("Other", "", "BEN@example.com"))
        .await
        .unwrap();
    candidates::delete(store, c.id).await.unwrap();
    assert_eq!(
        candidates::get(store, c.id).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        candidates::delete(store, c.id).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

async fn search_filter_sort_and_page(store: &Store) {
    let barista = role(store, "Barista").await;
    let driver = role(store, "Driver").await;
    let names = [
        ("Zoe", "Clarke"),
        ("Ana", "Lopez"),
        ("Anand", "Rao"),
        ("Ben", "Lopez"),
        ("Cleo", "Ng"),
        ("Dan", "100%_Real"),
    ];
    let mut ids = Vec::new();
    for (i, (f, l)) in names.iter().enumerate() {
        let c = candidates::create(store, person(f, l, &format!("p{i}@mail{i}.example.org")))
            .await
            .unwrap();
        ids.push(c.id);
    }
    // Ana and Ben for Barista; Ana interviewed. Cleo for Driver.
    let a_ana = applications::add(store, ids[1], barista).await.unwrap();
    applications::add(store, ids[3], barista).await.unwrap();
    applications::add(store, ids[4], driver).await.unwrap();
    // Later, Ana moves on: she is the most recently changed.
    common::tick();
    applications::move_stage(store, a_ana.id, Stage::Interviewing)
        .await
        .unwrap();
    applications::move_stage(store, a_ana.id, Stage::Interviewed)
        .await
        .unwrap();

    let q = |search: &str| CandidateQuery {
        search: Some(search.into()),
        ..Default::default()
    };
    let names_of = |p: &candidates::CandidatePage| -> Vec<String> {
        p.rows.iter().map(|r| r.first_name.clone()).collect()
    };
    // Case-insensitive, name or email, every word must match.
    let p = candidates::list(store, q("LOPEZ")).await.unwrap();
    assert_eq!(names_of(&p), vec!["Ana", "Ben"]);
    assert_eq!(p.total, 2);
    assert_eq!(
        names_of(&candidates::list(store, q("ana")).await.unwrap()),
        vec!["Ana", "Anand"]
    );
    assert_eq!(
        names_of(&candidates::list(store, q("ana lop")).await.unwrap()),
        vec!["Ana"]
    );
    assert_eq!(
        names_of(&candidates::list(store, q("mail4.example")).await.unwrap()),
        vec!["Cleo"]
    );
    // LIKE wildcards in the search are literal.
    assert_eq!(
        names_of(&candidates::list(store, q("100%_")).await.unwrap()),
        vec!["Dan"]
    );
    assert_eq!(candidates::list(store, q("%")).await.unwrap().total, 1);
    assert_eq!(candidates::list(store, q("nobody")).await.unwrap().total, 0);

    // Filters.
    let by_role = candidates::list(
        store,
        CandidateQuery {
            role_id: Some(barista),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(names_of(&by_role), vec!["Ana", "Ben"]);
    let ana_row = &by_role.rows[0];
    assert_eq!(ana_row.applications.len(), 1);
    assert_eq!(ana_row.applications[0].role_title, "Barista");
    assert_eq!(ana_row.applications[0].stage, Stage::Interviewed);
    let by_stage = candidates::list(
        store,
        CandidateQuery {
            role_id: Some(barista),
            stage: Some(Stage::Interviewed),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(names_of(&by_stage), vec!["Ana"]);
    let nobody = candidates::list(
        store,
        CandidateQuery {
            role_id: Some(driver),
            stage: Some(Stage::Interviewed),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(nobody.total, 0);

    // Sorts: by last name then first; newest first.
    let all = candidates::list(store, CandidateQuery::default())
        .await
        .unwrap();
    let lasts: Vec<&str> = all.rows.iter().map(|r| r.last_name.as_str()).collect();
    assert_eq!(
        lasts,
        vec!["100%_Real", "Clarke", "Lopez", "Lopez", "Ng", "Rao"]
    );
    let newest = candidates::list(
        store,
        CandidateQuery {
            sort: CandidateSort::Newest,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(newest.rows[0].first_name, "Dan");
    assert_eq!(newest.rows[5].first_name, "Zoe");
    let updated = candidates::list(
        store,
        CandidateQuery {
            sort: CandidateSort::Updated,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(updated.rows[0].first_name, "Ana");

    // Paging: the total on every page, only the page's rows.
    let page2 = candidates::list(
        store,
        CandidateQuery {
            offset: 2,
            limit: 3,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page2.total, 6);
    assert_eq!(page2.offset, 2);
    let lasts: Vec<&str> = page2.rows.iter().map(|r| r.last_name.as_str()).collect();
    assert_eq!(lasts, vec!["Lopez", "Lopez", "Ng"]);
    let e = candidates::list(
        store,
        CandidateQuery {
            limit: 501,
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("limit"));
}

async fn the_pipeline_is_enforced_in_the_store(store: &Store) {
    let r = role(store, "Bookkeeper").await;
    let c = candidates::create(store, person("Farah", "Haddad", "farah@example.com"))
        .await
        .unwrap();
    let a = applications::add(store, c.id, r).await.unwrap();
    assert_eq!(a.stage, Stage::Applied);
    assert_eq!(
        a.next_stages,
        vec![Stage::Interviewing, Stage::Rejected, Stage::Withdrawn]
    );
    let dup = applications::add(store, c.id, r).await.unwrap_err();
    assert_eq!(dup.code, ErrorCode::Conflict);

    let e = applications::move_stage(store, a.id, Stage::Offer)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ForbiddenTransition);
    assert_eq!(
        kindly_core::service::application_view::get(store, a.id)
            .await
            .unwrap()
            .stage,
        Stage::Applied
    );

    for s in [Stage::Interviewing, Stage::Interviewed] {
        applications::move_stage(store, a.id, s).await.unwrap();
    }
    let a = applications::add_interview(store, a.id, "2026-03-02", "Strong on reconciliations.")
        .await
        .unwrap();
    assert_eq!(a.interviews.len(), 1);
    assert_eq!(a.interviews[0].held_on, "2026-03-02");
    let e = applications::add_interview(store, a.id, "2 March", "")
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("held_on"));

    // A place only for finalists.
    let e = applications::set_place(store, a.id, Some(2))
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("place"));
    applications::move_stage(store, a.id, Stage::Finalist)
        .await
        .unwrap();
    let e = applications::set_place(store, a.id, Some(4))
        .await
        .unwrap_err();
    assert_eq!(e.message, "place: 4 is not a place (1, 2 or 3)");
    let a = applications::set_place(store, a.id, Some(2)).await.unwrap();
    assert_eq!(a.place, Some(2));

    // Rejected keeps the place; an offer needs reopening first.
    let a = applications::move_stage(store, a.id, Stage::Rejected)
        .await
        .unwrap();
    assert_eq!(a.place, Some(2));
    let e = applications::move_stage(store, a.id, Stage::Offer)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ForbiddenTransition);
    assert!(e.message.contains("reopened"));
    applications::move_stage(store, a.id, Stage::Finalist)
        .await
        .unwrap();
    let a = applications::move_stage(store, a.id, Stage::Offer)
        .await
        .unwrap();
    assert_eq!(a.stage, Stage::Offer);
    // Going back before finalist clears the place.
    applications::move_stage(store, a.id, Stage::Finalist)
        .await
        .unwrap();
    let a = applications::move_stage(store, a.id, Stage::Interviewed)
        .await
        .unwrap();
    assert_eq!(a.place, None);

    let d = candidates::get(store, c.id).await.unwrap();
    let mut summaries: Vec<&str> = d.timeline.iter().map(|x| x.summary.as_str()).collect();
    summaries.reverse();
    assert_eq!(
        summaries,
        vec![
            "Added to Kindly",
            "Applied for Bookkeeper",
            "Moved from Applied to Interviewing for Bookkeeper",
            "Moved from Interviewing to Interviewed for Bookkeeper",
            "Interview on 2 March 2026",
            "Moved from Interviewed to Finalist for Bookkeeper",
            "Placed 2nd among the finalists",
            "Moved from Finalist to Rejected for Bookkeeper",
            "Reopened from Rejected to Finalist for Bookkeeper",
            "Moved from Finalist to Offer for Bookkeeper",
            "Moved from Offer to Finalist for Bookkeeper",
            "Moved from Finalist to Interviewed for Bookkeeper",
        ]
    );
}

async fn roles_count_their_stages_and_close(store: &Store) {
    let r = role(store, "Shop Assistant").await;
    let other = role(store, "Driver").await;
    for (i, stage) in [Stage::Applied, Stage::Applied, Stage::Interviewing]
        .iter()
        .enumerate()
    {
        let c = candidates::create(
            store,
            person("P", &format!("{i}"), &format!("p{i}@example.com")),
        )
        .await
        .unwrap();
        let a = applications::add(store, c.id, r).await.unwrap();
        if *stage != Stage::Applied {
            applications::move_stage(store, a.id, *stage).await.unwrap();
        }
    }
    let listed = roles::list(store).await.unwrap();
    let shop = listed.iter().find(|x| x.id == r).unwrap();
    let counts: Vec<(Stage, u32)> = shop
        .stage_counts
        .iter()
        .map(|c| (c.stage, c.count))
        .collect();
    assert_eq!(counts, vec![(Stage::Applied, 2), (Stage::Interviewing, 1)]);
    assert!(listed
        .iter()
        .find(|x| x.id == other)
        .unwrap()
        .stage_counts
        .is_empty());

    let edited = roles::update(
        store,
        r,
        roles::RoleInput {
            title: "Shop Assistant (weekends)".into(),
            department: "Retail".into(),
            tags: vec!["retail".into()],
            opened_on: Some("2026-01-05".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(edited.opened_on, "2026-01-05");
    assert_eq!(edited.department.as_deref(), Some("Retail"));

    let closed = roles::set_status(store, r, RoleStatus::Closed)
        .await
        .unwrap();
    assert_eq!(closed.status, RoleStatus::Closed);
    let listed = roles::list(store).await.unwrap();
    assert_eq!(listed.last().unwrap().id, r, "closed roles sort last");
    let c = candidates::create(store, person("Late", "Comer", "late@example.com"))
        .await
        .unwrap();
    let e = applications::add(store, c.id, r).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("role_id"));
    assert!(e.message.contains("closed"), "{}", e.message);
}

async fn sample_data_covers_every_stage_once(store: &Store) {
    let s = sample::load(store).await.unwrap();
    assert_eq!(s.candidates, 30);
    assert_eq!(total(store).await, 30);
    for stage in Stage::ALL {
        let n = candidates::list(
            store,
            CandidateQuery {
                stage: Some(stage),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .total;
        assert!(n > 0, "no sample candidate at {}", stage);
    }
    let all = candidates::list(store, CandidateQuery::default())
        .await
        .unwrap();
    assert!(
        all.rows.iter().all(|r| r.email.is_ascii()),
        "sample addresses any mail server accepts"
    );
    let e = sample::load(store).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(total(store).await, 30);
}

/// The search index follows every edit and deletion, and whatever is typed is looked for as
/// text, never as the index's query syntax: each search finds exactly the candidates whose name
/// or address holds every word.
async fn search_follows_edits_and_takes_any_text(store: &Store) {
    let add = |first: &str, last: &str, email: &str| {
        let input = CandidateInput {
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            ..Default::default()
        };
        async move { candidates::create(store, input).await.unwrap() }
    };
    let ana = add("Ana", "Lopez", "ana@example.org").await;
    add("Ben", "O'Neill-Or", "ben+near@example.org").await;
    add("Chloé", "Müller", "chloe@ex-ample.org").await;
    add("Dev", "\"Quoted\" Name", "dev@example.org").await;
    let count = |search: &str| {
        let q = CandidateQuery {
            search: Some(search.into()),
            ..Default::default()
        };
        async move { candidates::list(store, q).await.unwrap().total }
    };
    let everyone = candidates::list(store, CandidateQuery::default())
        .await
        .unwrap()
        .rows;
    for search in [
        "lopez",
        "LOPEZ",
        "ana lo",
        "\"",
        "ana\"",
        "near(ana",
        "ana*",
        "-ana",
        "ana or ben",
        "^ana",
        ":",
        "{ana}",
        "o'neill",
        "müller",
        "MÜLLER",
        "ex-ample",
        "\"quoted\"",
        "+near",
        "and",
        "not",
        "a",
        "or",
        "xyzzy",
        "'",
        "*",
        "(",
        ")",
    ] {
        let words: Vec<String> = search
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        let expected = everyone
            .iter()
            .filter(|r| {
                let key = format!("{} {} {}", r.first_name, r.last_name, r.email).to_lowercase();
                words.iter().all(|w| key.contains(w.as_str()))
            })
            .count() as u32;
        assert_eq!(count(search).await, expected, "search {search:?}");
    }
    // Renamed: found by the new name, not the old; deleted: not found at all.
    let mut renamed = ana.as_input();
    renamed.last_name = "Smith".into();
    candidates::update(store, ana.id, renamed).await.unwrap();
    assert_eq!(count("lopez").await, 0);
    assert_eq!(count("ana smith").await, 1);
    candidates::delete(store, ana.id).await.unwrap();
    assert_eq!(count("smith").await, 0);
}

/// More people than the index is asked for (10,000) have "example" in their address: that
/// search reads the table instead, and finds the same people, in the same order, as a search
/// the index answers and as the words themselves say.
async fn a_search_nearly_everyone_matches_finds_the_same_as_a_narrow_one(store: &Store) {
    use kindly_core::store::entities::candidate;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    const N: usize = 10_050;
    let barista = role(store, "Barista").await;
    let now = chrono::Utc::now();
    let first = ["Ana", "Ben", "Cleo", "Dan", "Eve", "Farah", "Gus"];
    let people: Vec<(String, String, String)> = (0..N)
        .map(|i| {
            let f = first[i % first.len()].to_string();
            let l = format!("Lopez{:02}", i % 13);
            let host = if i % 500 == 0 {
                "mail.test"
            } else {
                "example.org"
            };
            (f.clone(), l, format!("{}{i}@{host}", f.to_lowercase()))
        })
        .collect();
    for chunk in people.chunks(1000) {
        candidate::Entity::insert_many(chunk.iter().map(|(f, l, e)| candidate::ActiveModel {
            first_name: Set(f.clone()),
            last_name: Set(l.clone()),
            email_norm: Set(e.clone()),
            search_key: Set(candidates::search_key(f, l, e)),
            email: Set(e.clone()),
            tags: Set("[]".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .exec(store.db())
        .await
        .unwrap();
    }
    let someone = candidates::list(
        store,
        CandidateQuery {
            search: Some("eve4@".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows[0]
        .id;
    applications::add(store, someone, barista).await.unwrap();
    let query = |search: &str, role_id: Option<i32>| CandidateQuery {
        search: Some(search.into()),
        role_id,
        limit: 500,
        ..Default::default()
    };
    // What the words say, by name, then id.
    let expected = |search: &str| -> (u32, Vec<String>) {
        let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
        let mut hits: Vec<&(String, String, String)> = people
            .iter()
            .filter(|(f, l, e)| {
                let key = format!("{f} {l} {e}").to_lowercase();
                words.iter().all(|w| key.contains(w.as_str()))
            })
            .collect();
        hits.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        let emails = hits.iter().take(500).map(|p| p.2.clone()).collect();
        (hits.len() as u32, emails)
    };
    for (search, broad) in [
        ("example", Some(true)),
        ("example lopez", Some(true)),
        ("example lopez0", Some(false)),
        ("lopez03", Some(false)),
        ("ana lopez03", Some(false)),
        ("mail.test", Some(false)),
        // Too short for SQLite's index; PostgreSQL's finds it.
        ("an", None),
        ("an lopez1", Some(false)),
    ] {
        let q = query(search, None);
        let plan = candidates::search_plan(store, &q).await.unwrap();
        if let Some(broad) = broad {
            assert_eq!(plan.ids.is_none(), broad, "{search}: read the table");
        }
        let page = candidates::list(store, q).await.unwrap();
        let (total, emails) = expected(search);
        assert_eq!(page.total, total, "{search}");
        // Same-named people are in id order, which is the order they were made in.
        let got: Vec<String> = page.rows.iter().map(|r| r.email.clone()).collect();
        assert_eq!(got, emails, "{search}");
    }
    // A filter narrows a broad search and a narrow one alike.
    for search in ["example", "eve4@example"] {
        let page = candidates::list(store, query(search, Some(barista)))
            .await
            .unwrap();
        assert_eq!(page.total, 1, "{search}");
        assert_eq!(page.rows[0].id, someone);
    }
}

on_both!(
    a_search_nearly_everyone_matches_finds_the_same_as_a_narrow_one,
    search_follows_edits_and_takes_any_text,
    bad_input_is_refused_and_changes_nothing,
    edits_are_saved_and_recorded_on_the_timeline,
    search_filter_sort_and_page,
    the_pipeline_is_enforced_in_the_store,
    roles_count_their_stages_and_close,
    sample_data_covers_every_stage_once,
);

/// A migration that stops halfway (here: a table in its way, as a crash mid-migration leaves
/// one) leaves the file as it was: once the cause is gone, the next start migrates it whole and
/// Kindly works. Before, the migrations before it stayed applied and its first tables stayed
/// made, so no later start could migrate ("table consents already exists").
#[tokio::test]
async fn a_migration_stopped_halfway_leaves_nothing_half_made() {
    use sea_orm::{ConnectionTrait, Database};
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("kindly.db").display()
    );
    let raw = Database::connect(&url).await.unwrap();
    // m0007 makes consents and pool_members, then referees.
    raw.execute_unprepared("CREATE TABLE referees (id INTEGER PRIMARY KEY)")
        .await
        .unwrap();
    assert!(kindly_core::open(dir.path(), None).await.is_err());
    let left: Vec<String> = raw
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect();
    assert_eq!(
        left,
        vec!["referees".to_string()],
        "the failed start left: {left:?}"
    );
    raw.execute_unprepared("DROP TABLE referees").await.unwrap();
    raw.close().await.unwrap();
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let c = candidates::create(
        &store,
        CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: "ana.migrated@example.org".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(c.first_name, "Ana");
    assert_eq!(common::integrity(&store).await, "ok");
}
