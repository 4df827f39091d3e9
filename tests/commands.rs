//! The commands through Tauri's mock runtime: what the window sends, what it gets back,
//! including how an error reaches it. And the committed TypeScript bindings are current.

#[path = "commands/session.rs"]
mod session;
#[path = "commands/ui_fixtures.rs"]
mod ui_fixtures;

use kindly_app::AppState;
use serde_json::{json, Value};
use session::MockApp;

struct App(MockApp);

fn app_with(state: AppState, dir: tempfile::TempDir) -> App {
    App(MockApp::new(state, Some(dir)))
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let state = tauri::async_runtime::block_on(AppState::open(
        dir.path().to_path_buf(),
        dir.path().join("logs"),
        None,
    ));
    app_with(state, dir)
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.0.call(cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// The owner chooses `path` in the save dialog for `purpose` (a test answers the dialog):
/// the token the commands take.
fn chosen(app: &App, purpose: &str, path: &std::path::Path) -> Value {
    app.ok(
        "test_answer_dialogs",
        json!({ "answers": [path.to_str().unwrap()] }),
    );
    let picked = app.ok(
        "pick_save",
        json!({ "purpose": purpose, "suggestedName": "x" }),
    );
    assert_eq!(
        picked["name"],
        path.file_name().unwrap().to_str().unwrap(),
        "the window is told the name, to show"
    );
    picked["token"].clone()
}

fn candidate(first: &str, email: &str) -> Value {
    json!({ "input": {
        "first_name": first, "last_name": "Lopez", "email": email, "phone": "",
        "location": "", "source": "", "tags": [], "notes": ""
    }, "reAddErased": false })
}

#[test]
fn a_role_and_a_candidate_through_the_pipeline() {
    let app = app();
    let info = app.ok("app_info", json!({}));
    assert_eq!(info["is_empty"], true);
    assert_eq!(info["store"]["backend"], "sqlite");
    assert_eq!(info["store_error"], Value::Null);

    let role = app.ok(
        "create_role",
        json!({ "input": { "title": "Barista", "department": "Café", "location": "", "tags": ["weekends"], "opened_on": null } }),
    );
    let role_id = role["id"].as_i64().unwrap();
    assert_eq!(role["status"], "open");

    let c = app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let cid = c["id"].as_i64().unwrap();
    let a = app.ok(
        "add_application",
        json!({ "candidateId": cid, "roleId": role_id }),
    );
    let aid = a["id"].as_i64().unwrap();
    for stage in ["interviewing", "interviewed"] {
        app.ok(
            "move_stage",
            json!({ "applicationId": aid, "stage": stage }),
        );
    }

    let page = app.ok(
        "list_candidates",
        json!({ "query": { "search": "ANA", "role_id": role_id, "stage": "interviewed", "sort": "name", "offset": 0, "limit": 50 } }),
    );
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["email"], "ana@example.com");
    assert_eq!(page["rows"][0]["applications"][0]["stage"], "interviewed");

    let detail = app.ok("get_candidate", json!({ "id": cid }));
    assert_eq!(
        detail["timeline"][0]["summary"],
        "Moved from Interviewing to Interviewed for Barista"
    );
    let roles = app.ok("list_roles", json!({}));
    assert_eq!(
        roles[0]["stage_counts"],
        json!([{ "stage": "interviewed", "count": 1 }])
    );
}

#[test]
fn errors_reach_the_window_as_code_message_and_field() {
    let app = app();
    let err = app
        .call("create_candidate", candidate("Ana", "ana@"))
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "validation", "message": "email: 'ana@' is not an address", "field": "email" })
    );
    let page = app.ok("list_candidates", json!({ "query": { "search": null, "role_id": null, "stage": null, "sort": "name", "offset": 0, "limit": 0 } }));
    assert_eq!(page["total"], 0, "nothing was saved");

    app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let err = app
        .call("create_candidate", candidate("Another", "ANA@example.com"))
        .unwrap_err();
    assert_eq!(err["code"], "conflict");
    assert_eq!(err["field"], "email");

    let err = app.call("get_candidate", json!({ "id": 999 })).unwrap_err();
    assert_eq!(err["code"], "not_found");

    let role = app.ok("create_role", json!({ "input": { "title": "Driver", "department": "", "location": "", "tags": [], "opened_on": null } }));
    let a = app.ok(
        "add_application",
        json!({ "candidateId": 1, "roleId": role["id"] }),
    );
    let err = app
        .call(
            "move_stage",
            json!({ "applicationId": a["id"], "stage": "hired" }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "forbidden_transition");
    assert_eq!(err["field"], "stage");

    // A stage the pipeline does not have is refused by deserialisation, before any work.
    assert!(app
        .call(
            "move_stage",
            json!({ "applicationId": a["id"], "stage": "promoted" })
        )
        .is_err());
}

#[test]
fn sample_data_is_offered_once() {
    let app = app();
    let s = app.ok("load_sample_data", json!({}));
    assert_eq!(s["candidates"], 30);
    assert_eq!(app.ok("app_info", json!({}))["is_empty"], false);
    let err = app.call("load_sample_data", json!({})).unwrap_err();
    assert_eq!(err["code"], "conflict");
}

#[test]
fn a_database_that_cannot_be_opened_is_explained_not_crashed_on() {
    let dir = tempfile::tempdir().unwrap();
    // A file that is not a database where Kindly's database should be.
    std::fs::write(dir.path().join("kindly.db"), vec![b'x'; 4096]).unwrap();
    let state = tauri::async_runtime::block_on(AppState::open(
        dir.path().to_path_buf(),
        dir.path().join("logs"),
        None,
    ));
    let app = app_with(state, dir);
    let info = app.ok("app_info", json!({}));
    assert_eq!(info["store"], Value::Null);
    assert_eq!(info["store_error"]["code"], "database");
    let err = app.call("list_roles", json!({})).unwrap_err();
    assert_eq!(err["code"], "database");
}

#[test]
fn committed_bindings_match_the_commands() {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    if std::env::var_os("KINDLY_WRITE_BINDINGS").is_some() {
        kindly_app::export_bindings(&committed).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    kindly_app::export_bindings(&fresh).unwrap();
    let want = std::fs::read_to_string(&fresh).unwrap();
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        want == have,
        "ui/src/bindings.ts is stale: run `make bindings` and commit the result"
    );
}

#[test]
fn templates_preview_through_the_window() {
    let app = app();
    let list = app.ok("list_templates", json!({}));
    assert_eq!(
        list.as_array().unwrap().len(),
        12,
        "one built-in per purpose"
    );
    assert_eq!(list[0]["purpose"], "thank_you");
    let c = app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let request = |values: Value| {
        json!({ "request": {
            "subject": list[0]["subject"], "body": list[0]["body"],
            "candidate_id": c["id"], "role_id": null, "values": values
        }})
    };
    // No role and no date: a missing placeholder is named as the field.
    let err = app
        .call("preview_template", request(json!({})))
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["field"], "follow_up_date");
    let role = app.ok("create_role", json!({ "input": { "title": "Barista", "department": "", "location": "", "tags": [], "opened_on": null } }));
    app.ok(
        "add_application",
        json!({ "candidateId": c["id"], "roleId": role["id"] }),
    );
    app.ok("save_profile", json!({ "profile": { "company_name": "Riverside Café", "sender_name": "Maria", "signature": "" } }));
    let mut req = request(json!({ "follow_up_date": "Friday 6 March" }));
    req["request"]["role_id"] = role["id"].clone();
    let r = app.ok("preview_template", req);
    assert_eq!(r["subject"], "Thank you for your time, Ana");
    assert!(r["body"].as_str().unwrap().ends_with("With thanks,\nMaria"));
    let placeholders = app.ok("list_placeholders", json!({}));
    assert!(placeholders
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "follow_up_date"));
}

/// A mail server that asks for no login (nothing in these tests is sent).
fn mail_set_up(app: &App) {
    app.ok(
        "save_smtp_settings",
        json!({ "settings": { "host": "127.0.0.1", "port": 9, "security": "starttls", "username": "",
            "from_address": "jobs@riverside.example", "reply_to": "", "ca_pem": "" } }),
    );
}

#[test]
fn an_email_is_queued_listed_and_can_be_undone() {
    let app = app();
    let c = app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let request = json!({ "request": {
        "candidate_id": c["id"], "role_id": null, "template_id": null,
        "subject": "Hello {{ candidate_first_name }}", "body": "Hi {{ candidate_first_name }}.",
        "values": {}, "send_at": null, "acknowledge_warnings": false
    }});
    // Nothing can go before the owner's email is set up: refused, and nothing queued.
    let err = app.call("send_email", request.clone()).unwrap_err();
    assert_eq!(err["code"], "mail_not_set_up");
    assert_eq!(app.ok("list_outbox", json!({ "statuses": [] })), json!([]));
    mail_set_up(&app);
    let m = app.ok("send_email", request);
    assert_eq!(m["status"], "queued");
    assert_eq!(m["to_address"], "ana@example.com");
    assert_eq!(m["subject"], "Hello Ana");
    let listed = app.ok("list_outbox", json!({ "statuses": ["queued"] }));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let undone = app.ok("cancel_message", json!({ "id": m["id"] }));
    assert_eq!(undone["status"], "cancelled");
    let err = app
        .call("cancel_message", json!({ "id": m["id"] }))
        .unwrap_err();
    assert_eq!(err["code"], "conflict");
    let err = app
        .call(
            "send_email",
            json!({ "request": {
                "candidate_id": c["id"], "role_id": null, "template_id": null,
                "subject": "Hi", "body": "By {{ follow_up_date }}", "values": {}, "send_at": null, "acknowledge_warnings": false
            }}),
        )
        .unwrap_err();
    assert_eq!(err["field"], "follow_up_date");
}

#[test]
fn a_rejection_the_tone_check_blocks_and_an_offer_accepted_through_the_window() {
    let app = app();
    app.ok(
        "save_profile",
        json!({ "profile": { "company_name": "Riverside Café", "sender_name": "Maria Lopez", "signature": "Maria" } }),
    );
    mail_set_up(&app);
    let role = app.ok(
        "create_role",
        json!({ "input": { "title": "Barista", "department": "", "location": "", "tags": [], "opened_on": null } }),
    );
    let mut apps = vec![];
    for (first, email) in [("Ana", "ana@example.org"), ("Ben", "ben@example.org")] {
        let c = app.ok("create_candidate", candidate(first, email));
        let a = app.ok(
            "add_application",
            json!({ "candidateId": c["id"], "roleId": role["id"] }),
        );
        for stage in ["interviewing", "interviewed", "finalist"] {
            app.ok(
                "move_stage",
                json!({ "applicationId": a["id"], "stage": stage }),
            );
        }
        apps.push(a["id"].clone());
    }

    // Ben's decision: the draft, then a blocking word in the feedback.
    let draft = app.ok("decision_draft", json!({ "applicationId": apps[1] }));
    assert_eq!(draft["purpose"], "rejection");
    let request = |feedback: &str| {
        json!({ "requests": [{
            "application_id": apps[1],
            "reason": "Another candidate was a closer fit",
            "message": {
                "candidate_id": draft["candidate_id"], "role_id": draft["role_id"],
                "template_id": draft["template_id"], "subject": draft["subject"],
                "body": draft["body"], "values": { "feedback": feedback },
                "send_at": null, "acknowledge_warnings": false, "time_zone": "Europe/London"
            }
        }]})
    };
    let e = app
        .call("send_decisions", request("We wanted someone younger."))
        .unwrap_err();
    assert_eq!(e["code"], "tone_blocked");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("Ben Lopez: \"younger\" touches on age"));
    let sent = app.ok(
        "send_decisions",
        request("Your latte art was lovely; practise a busy Saturday service."),
    );
    assert_eq!(sent.as_array().unwrap().len(), 1);

    // Ana's offer, accepted: hired, the role filled, a welcome plan, nobody left untold.
    // Nothing is in yet: the window is told what, and the owner goes ahead.
    let input = json!({
        "terms": "£12.50 an hour", "start_date": "2031-04-07",
        "expires_on": "2031-03-10", "time_zone": "Europe/London"
    });
    let e = app
        .call(
            "extend_offer",
            json!({ "applicationId": apps[0], "input": input }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "needs_confirmation");
    assert_eq!(e["field"], "go_ahead");
    let ready = app.ok("offer_readiness", json!({ "applicationId": apps[0] }));
    assert_eq!(ready["references_received"], 0);
    let mut input = input;
    input["go_ahead"] = json!(true);
    let offer = app.ok(
        "extend_offer",
        json!({ "applicationId": apps[0], "input": input }),
    );
    assert_eq!(offer["status"], "extended");
    let e = app
        .call(
            "decline_offer",
            json!({ "offerId": offer["id"], "reason": "" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "validation");
    assert_eq!(e["field"], "reason");
    let done = app.ok(
        "accept_offer",
        json!({ "offerId": offer["id"], "startDate": null }),
    );
    assert_eq!(done["application"]["stage"], "hired");
    // Ben's rejection is queued, not yet with the server: he is being told.
    let ends = done["loose_ends"].as_array().unwrap();
    assert_eq!(ends.len(), 1);
    assert_eq!(ends[0]["candidate_name"], "Ben Lopez");
    assert_eq!(ends[0]["being_told"], true);
    assert_eq!(done["welcome_plan"].as_array().unwrap().len(), 6);
    let r = app.ok("get_role", json!({ "id": role["id"] }));
    assert_eq!(r["status"], "filled");
    let plans = app.ok("welcome_plans", json!({}));
    assert_eq!(plans[0]["candidate_name"], "Ana Lopez");
}

#[test]
fn the_pulse_check_and_saving_it_through_the_window() {
    let app = app();
    let role = app.ok("create_role", json!({ "input": { "title": "Barista", "department": "", "location": "", "tags": [], "opened_on": null } }));
    app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let a = app.ok(
        "add_application",
        json!({ "candidateId": 1, "roleId": role["id"] }),
    );
    app.ok(
        "move_stage",
        json!({ "applicationId": a["id"], "stage": "rejected" }),
    );
    let today = kindly_core::clock::now().date_naive().to_string();
    let p = app.ok(
        "pulse_check",
        json!({ "query": { "from": today, "to": today, "time_zone": "UTC" } }),
    );
    assert_eq!(p["scopes"][0]["title"], "All roles");
    assert_eq!(p["scopes"][1]["title"], "Barista");
    let waiting = &p["scopes"][0]["figures"]["left_waiting"];
    assert_eq!(waiting["count"], 1);
    assert_eq!(waiting["people"][0]["name"], "Ana Lopez");
    assert_eq!(waiting["people"][0]["application_id"], a["id"]);

    let err = app
        .call(
            "pulse_check",
            json!({ "query": { "from": today, "to": "2000-01-01", "time_zone": "UTC" } }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["field"], "to");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pulse.png");
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#c25f3c"/></svg>"##;
    let file = chosen(&app, "report_png", &path);
    app.ok(
        "save_report",
        json!({ "svg": svg, "format": "png", "file": file }),
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..4], b"\x89PNG");
    let file = chosen(&app, "report_pdf", &dir.path().join("x.pdf"));
    let err = app
        .call(
            "save_report",
            json!({ "svg": "<p>no</p>", "format": "pdf", "file": file }),
        )
        .unwrap_err();
    assert_eq!(err["field"], "svg");
    assert!(!dir.path().join("x.pdf").exists());
}

/// The window never names a path: a file is read or written only through a token Kindly issued
/// when the owner chose it in its own dialog, for that purpose. A path, an invented token or a
/// token for another purpose is refused by field, and nothing is written.
#[test]
fn a_path_the_dialog_did_not_return_is_refused() {
    let app = app();
    app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("candidates.csv");
    for file in [json!(target.to_str().unwrap()), json!("file-99")] {
        let err = app
            .call("export_csv", json!({ "kind": "candidates", "file": file }))
            .unwrap_err();
        assert_eq!(err["code"], "validation", "{err}");
        assert_eq!(err["field"], "file", "{err}");
    }
    // A token for a report cannot write a CSV, nor restore a backup.
    let report = chosen(&app, "report_png", &target);
    for (cmd, args) in [
        (
            "export_csv",
            json!({ "kind": "candidates", "file": report }),
        ),
        ("restore_backup", json!({ "file": report })),
        ("preview_import", json!({ "file": report, "mapping": null })),
    ] {
        let err = app.call(cmd, args).unwrap_err();
        assert_eq!(err["field"], "file", "{cmd}: {err}");
    }
    assert!(!target.exists(), "nothing was written");
    // Chosen for a CSV export, it is written.
    let csv = chosen(&app, "export_csv", &target);
    app.ok("export_csv", json!({ "kind": "candidates", "file": csv }));
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("ana@example.com"));
    // A cancelled dialog gives no token; an open purpose cannot be asked to save.
    app.ok("test_answer_dialogs", json!({ "answers": [null] }));
    assert_eq!(
        app.ok("pick_open", json!({ "purpose": "import_csv" })),
        Value::Null
    );
    let err = app
        .call(
            "pick_save",
            json!({ "purpose": "backup", "suggestedName": "x" }),
        )
        .unwrap_err();
    assert_eq!(err["field"], "purpose");
}

/// A command that fails inside Kindly (a panic) answers with the `internal` error, and the next
/// command works: the window is never left waiting.
#[test]
fn a_panic_inside_a_command_is_an_internal_error_and_the_next_call_works() {
    let app = app();
    let err = app.call("test_fail_inside", json!({})).unwrap_err();
    assert_eq!(err["code"], "internal", "{err}");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("your data is safe"));
    app.ok("create_candidate", candidate("Ana", "ana@example.com"));
    assert_eq!(app.ok("app_info", json!({}))["is_empty"], false);
}
