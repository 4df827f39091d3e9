//! A Kindly core behind Tauri's mock runtime, answering the window's calls as the app would:
//! a fresh data folder, a frozen clock, its own keychain entry. Shared by the command tests,
//! the fixture check (`ui_fixtures.rs`) and the bridge the UI's tests record through
//! (`examples/core_bridge.rs`).

use kindly_app::{app_builder, AppState};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

/// The instant a recorded scenario runs at: Monday 2 March 2026, 10:00 in London (UTC+0 then).
/// `replay.ts` sets the window's clock to the instant written in each fixture.
pub const NOW: &str = "2026-03-02T10:00:00Z";
pub const TIME_ZONE: &str = "Europe/London";
/// What the data folder's path reads as in fixtures (it is a new temp folder each run).
pub const DATA_DIR: &str = "/kindly-data";

/// The commands that only read: the window may repeat them at any moment, and a fixture
/// answers them as the core would after the writes so far. Every other call is a write,
/// made in the recorded order.
pub const READS: &[&str] = &[
    "app_info",
    "get_background",
    "get_updates",
    "crash_report",
    "list_roles",
    "get_role",
    "role_board",
    "list_candidates",
    "get_candidate",
    "candidate_changed_since",
    "list_templates",
    "preview_template",
    "list_placeholders",
    "get_profile",
    "get_mail_setup",
    "suggest_mail_settings",
    "list_outbox",
    "outbox_health",
    "candidate_replies",
    "unread_replies",
    "candidate_bounce",
    "today_reminders",
    "check_tone",
    "default_follow_up_date",
    "get_desk_settings",
    "decision_draft",
    "offer_readiness",
    "loose_ends",
    "next_working_morning",
    "welcome_plans",
    "talent_pool",
    "pool_member",
    "reconnect_suggestions",
    "reference_summary",
    "retention_list",
    "list_backups",
    "messages_waiting_since_restore",
    "copies_holding",
    "preview_import",
    "pulse_check",
];

pub fn is_read(cmd: &str) -> bool {
    READS.contains(&cmd)
}

pub struct MockApp {
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: Option<tempfile::TempDir>,
}

impl MockApp {
    pub fn new(state: AppState, dir: Option<tempfile::TempDir>) -> Self {
        let app = app_builder(mock_builder(), Box::new(|_| Ok(())))
            .manage(state)
            .build(mock_context(noop_assets()))
            .expect("app builds");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        MockApp {
            app,
            window,
            _dir: dir,
        }
    }

    pub fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }
}

/// One scenario's core: what a window recorded against, and what its fixture is checked on.
pub struct Session {
    app: MockApp,
    dir: PathBuf,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Session {
    pub fn new(name: &str) -> Self {
        kindly_core::clock::freeze(
            chrono::DateTime::parse_from_rfc3339(NOW)
                .unwrap()
                .with_timezone(&chrono::Utc),
        );
        kindly_core::clock::restart_tokens();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let mut state =
            tauri::async_runtime::block_on(AppState::open(dir.clone(), dir.join("logs"), None));
        state.time_zone = TIME_ZONE.into();
        // Never the system's resolver: the test's DNS server, or a port where nothing answers.
        state.dns_server = Some(
            state
                .dns_server
                .unwrap_or_else(|| "127.0.0.1:9".parse().unwrap()),
        );
        let service = format!("{}.fixture.{name}", state.keychain.service());
        state.keychain = kindly_core::secrets::Keychain::new(service);
        let events: Arc<Mutex<Vec<Value>>> = Arc::default();
        let sink = events.clone();
        state.import_progress = Arc::new(move |done, total| {
            sink.lock().unwrap().push(
                json!({ "event": "import-progressed", "payload": { "done": done, "total": total } }),
            );
        });
        let s = Session {
            app: MockApp::new(state, Some(tmp)),
            dir,
            events,
        };
        // A keychain entry left by an earlier run of this scenario would change its answers.
        let _ = s.app.call("remove_smtp_password", json!({}));
        s
    }

    /// Answer one call: `{ "ok": … }` or `{ "err": … }`, and the events it emitted. Paths
    /// arrive and leave as `/kindly-data/…`.
    pub fn call(&self, cmd: &str, args: &Value) -> (Value, Vec<Value>) {
        let real = self.dir.display().to_string();
        let args: Value = serde_json::from_str(&args.to_string().replace(DATA_DIR, &real)).unwrap();
        self.events.lock().unwrap().clear();
        let r = match cmd.strip_prefix("test:") {
            Some(hook) => self.hook(hook, &args),
            None => self.app.call(cmd, args),
        };
        let events = std::mem::take(&mut *self.events.lock().unwrap());
        let answer = match r {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "err": e }),
        };
        let answer = serde_json::from_str(&answer.to_string().replace(&real, DATA_DIR)).unwrap();
        (answer, events)
    }

    /// What the window cannot do but a test must start from: what the worker or the mail
    /// server would have left behind.
    fn hook(&self, hook: &str, args: &Value) -> Result<Value, Value> {
        use kindly_core::store::entities::message;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let store = self.app.state().store().unwrap().clone();
        let id = args["id"].as_i64().unwrap_or_default() as i32;
        tauri::async_runtime::block_on(async {
            let set = |status: &str, error: Option<String>| {
                message::Entity::update_many()
                    .col_expr(message::Column::Status, Expr::value(status.to_string()))
                    .col_expr(message::Column::LastError, Expr::value(error))
                    .filter(message::Column::Id.eq(id))
                    .exec(store.db())
            };
            match hook {
                // Kindly stopped while the message was with the server.
                "interrupted_send" => {
                    set("sending", None).await.unwrap();
                    kindly_core::mail::outbox::recover_after_crash(&store)
                        .await
                        .unwrap();
                }
                // A backup made while messages waited to go was restored (the restore itself,
                // and what it leaves, are tested on real files in kindly-core's hardening.rs).
                "restored" => {
                    kindly_core::mail::outbox::hold_after_restore(store.db())
                        .await
                        .unwrap();
                }
                // The server refused it for good, with this reply.
                "server_refused" => {
                    let reply = args["reply"].as_str().unwrap_or_default();
                    set("failed", Some(reply.to_string())).await.unwrap();
                }
                // Set the clock, to make what a test starts from at another time.
                "clock" => {
                    let at = chrono::DateTime::parse_from_rfc3339(args["at"].as_str().unwrap())
                        .unwrap()
                        .with_timezone(&chrono::Utc);
                    kindly_core::clock::freeze(at);
                }
                // The outbox worker's run: it sends what is due through the saved server
                // (a closed port in the tests that show a server that is down).
                "drain" => {
                    let keychain = self.app.state().keychain.clone();
                    let cfg = kindly_core::service::sending::WorkerConfig {
                        send_timeout: std::time::Duration::from_secs(2),
                        ..Default::default()
                    };
                    let _ = kindly_core::service::sending::drain(
                        &store,
                        &keychain,
                        &cfg,
                        &kindly_core::service::sending::NoEvents,
                    )
                    .await;
                }
                // The server took the message.
                "sent" => {
                    message::Entity::update_many()
                        .col_expr(message::Column::Status, Expr::value("sent"))
                        .col_expr(
                            message::Column::SentAt,
                            Expr::value(kindly_core::clock::now()),
                        )
                        .filter(message::Column::Id.eq(id))
                        .exec(store.db())
                        .await
                        .unwrap();
                }
                // Mail arrived in the inbox and the inbox worker read it (its IMAP side is
                // tested against Dovecot in kindly-core's tests/inbox.rs).
                "mail" => {
                    let raw = args["raw"].as_str().unwrap().replace('\n', "\r\n");
                    kindly_core::service::inbox::deliver(&store, raw.into_bytes(), TIME_ZONE)
                        .await
                        .unwrap();
                }
                // A file the owner will pick in a dialog.
                "write_file" => {
                    let path = args["path"].as_str().unwrap();
                    std::fs::write(path, args["text"].as_str().unwrap()).unwrap();
                }
                other => panic!("no test hook {other}"),
            }
            Ok(Value::Null)
        })
    }
}
