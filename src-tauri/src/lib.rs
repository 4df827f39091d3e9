//! Kindly's desktop shell: it opens the store, registers the commands and runs the window.
//! Everything else lives in `kindly-core`.

pub mod commands;
pub mod live;
mod logging;
pub mod notify;
pub mod outbox;
pub mod state;
mod supervisor;
pub mod tray;
pub mod updates;

use std::path::PathBuf;
use tauri::{Manager, Runtime};

pub use state::AppState;

/// The commands the UI may call, with their TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::*;
    tauri_specta::Builder::<R>::new()
        .disable_serde_phases()
        .commands(tauri_specta::collect_commands![
            app_info,
            get_background,
            set_background,
            crash_report,
            get_updates,
            set_updates,
            check_for_update,
            install_update,
            load_sample_data,
            list_roles,
            get_role,
            role_board,
            create_role,
            update_role,
            set_role_status,
            list_candidates,
            get_candidate,
            create_candidate,
            update_candidate,
            reapply_candidate_edit,
            candidate_changed_since,
            delete_candidate,
            add_application,
            move_stage,
            set_place,
            add_interview,
            list_templates,
            update_template,
            duplicate_template,
            restore_template,
            delete_template,
            preview_template,
            list_placeholders,
            get_profile,
            save_profile,
            set_desktop_name,
            check_team_server,
            join_team,
            leave_team,
            get_mail_setup,
            suggest_mail_settings,
            save_smtp_settings,
            set_smtp_password,
            remove_smtp_password,
            send_test_email,
            list_outbox,
            sign_in_with_provider,
            cancel_sign_in,
            sign_out_of_provider,
            save_oauth_clients,
            open_provider_help,
            outbox_health,
            send_waiting_now,
            candidate_replies,
            unread_replies,
            mark_reply_read,
            record_consent_from_reply,
            candidate_bounce,
            send_email,
            send_batch,
            cancel_message,
            retry_message,
            mark_message_sent,
            today_reminders,
            create_reminder,
            complete_reminder,
            snooze_reminder,
            reschedule_reminder,
            export_reminders_ics,
            check_tone,
            default_follow_up_date,
            get_desk_settings,
            save_desk_settings,
            decision_draft,
            send_decisions,
            loose_ends,
            next_working_morning,
            extend_offer,
            offer_readiness,
            accept_offer,
            decline_offer,
            withdraw_offer,
            welcome_plans,
            talent_pool,
            pool_member,
            add_to_pool,
            record_consent,
            log_pool_contact,
            leave_pool,
            reconnect_suggestions,
            reference_summary,
            add_referee,
            delete_referee,
            record_reference,
            request_reference,
            save_background_check,
            retention_list,
            keep_longer,
            erase_candidate,
            copies_holding,
            export_candidate_data,
            list_backups,
            backup_now,
            restore_backup,
            pick_open,
            read_certificate,
            pick_save,
            test_answer_dialogs,
            test_fail_inside,
            test_fail_next,
            test_close_window,
            messages_waiting_since_restore,
            settle_restored_messages,
            preview_import,
            import_candidates,
            cancel_import,
            export_csv,
            pulse_check,
            save_report,
        ])
        .events(tauri_specta::collect_events![
            outbox::OutboxChanged,
            outbox::ImportProgressed,
            live::TeamChanged,
            tray::OpenSection,
            updates::UpdateReady
        ])
}

/// Where `ui/src/bindings.ts` is written from (`make bindings`) and checked against (tests).
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by `make bindings`. Do not edit.\n/* eslint-disable */"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// What the app's setup does after the shared part (tests pass one that does nothing).
pub type Setup<R> =
    Box<dyn FnOnce(&mut tauri::App<R>) -> Result<(), Box<dyn std::error::Error>> + Send>;

/// The builder shared by the app and its tests: the commands and their typed events, from one
/// tauri-specta builder, then `setup` (the app's: the store, the worker, notifications).
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, setup: Setup<R>) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    builder
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            setup(app)
        })
}

/// `KINDLY_DATA_DIR`, or the OS app data directory (a `dev` folder inside it for debug
/// builds, so development never touches an owner's real data).
fn data_dir<R: Runtime>(app: &tauri::App<R>) -> PathBuf {
    if let Some(dir) = std::env::var_os("KINDLY_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = app
        .path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("kindly-data"));
    if cfg!(debug_assertions) {
        base.join("dev")
    } else {
        base
    }
}

/// The automatic daily backup (SQLite only): checked at start and every few hours.
fn daily_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    crate::supervisor::watch(app.clone(), "daily backups", move || {
        run_daily_backups(app.clone())
    });
}

async fn run_daily_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    loop {
        let state = app.state::<AppState>();
        if let Ok(store) = state.store() {
            let keep = kindly_core::service::settings::desk(store)
                .await
                .map(|d| d.backups_kept as usize)
                .unwrap_or(7);
            let dir = kindly_core::store::backup::backup_dir(&state.data_dir);
            match kindly_core::store::backup::daily(store, &dir, keep, kindly_core::clock::now())
                .await
            {
                Ok(Some(b)) => tracing::info!(name = %b.name, "daily backup written"),
                Ok(None) => {}
                Err(e) => tracing::warn!(code = ?e.code, "daily backup failed"),
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(6 * 3600)).await;
    }
}

/// The name one running Kindly holds on the session bus, so a second launch on the same data
/// finds it, hands over and exits (no second store on the same file). A data folder set by
/// `KINDLY_DATA_DIR` (tests, a second profile) gets its own.
pub fn instance_id(data_dir: Option<&std::ffi::OsStr>) -> String {
    match data_dir.filter(|d| !d.is_empty()) {
        None => "app.kindly.desktop".into(),
        Some(d) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            d.hash(&mut h);
            format!("app.kindly.desktop.d{:016x}", h.finish())
        }
    }
}

/// The argument "Start Kindly when I log in" starts it with: in the tray, the window not shown
/// (the tray's Open, or launching Kindly again, shows it).
const IN_THE_TRAY: &str = "--in-the-tray";

/// Whether the window has been shown once since start.
static WINDOW_SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// How long a page that never says it loaded keeps the window hidden.
const FIRST_SHOW_LATEST: std::time::Duration = std::time::Duration::from_secs(5);

/// The window opens hidden (its config says `visible: false`) and is shown, once, when its page
/// has loaded (or after `FIRST_SHOW_LATEST`). Shown at once, GTK draws the web view while
/// WebKit's web process is still starting and waiting on this main thread; WebKitGTK's draw then
/// waits its full 500 ms for a frame that cannot come yet (about half of all starts here: a blank
/// window, and the page 500 ms late). Shown after the load, its first frame is the page. Later
/// loads (a reload while Kindly sits in the tray) leave the window as the owner left it.
fn show_first<R: Runtime>(app: &tauri::AppHandle<R>) {
    if !WINDOW_SHOWN.swap(true, std::sync::atomic::Ordering::SeqCst) {
        tray::show(app);
    }
}

pub fn run() {
    let setup: Setup<tauri::Wry> = Box::new(|app| {
        let data_dir = data_dir(app);
        let log_dir = if std::env::var_os("KINDLY_DATA_DIR").is_some() {
            data_dir.join("logs")
        } else {
            app.path()
                .app_log_dir()
                .unwrap_or_else(|_| data_dir.join("logs"))
        };
        logging::init(&log_dir);
        let url = std::env::var("KINDLY_DATABASE_URL").ok();
        let mut state =
            tauri::async_runtime::block_on(AppState::open(data_dir, log_dir, url.as_deref()));
        let handle = app.handle().clone();
        state.import_progress = std::sync::Arc::new(move |done, total| {
            use tauri_specta::Event;
            let _ = outbox::ImportProgressed { done, total }.emit(&handle);
        });
        let opener = app.handle().clone();
        state.system_browser = Some(std::sync::Arc::new(move |url: &str| {
            use tauri_plugin_opener::OpenerExt;
            opener
                .opener()
                .open_url(url, None::<&str>)
                .map_err(|e| e.to_string())
        }));
        let dialogs = app.handle().clone();
        state.native_dialog = Some(std::sync::Arc::new(
            move |req: commands::files::DialogRequest| {
                use tauri_plugin_dialog::DialogExt;
                let (name, exts) = req.purpose.filter();
                let mut d = dialogs.dialog().file().add_filter(name, exts);
                if let Some(n) = req.suggested_name {
                    d = d.set_file_name(n);
                }
                if let Some(f) = req.folder {
                    d = d.set_directory(f);
                }
                let chosen = if req.purpose.saves() {
                    d.blocking_save_file()
                } else {
                    d.blocking_pick_file()
                };
                chosen.and_then(|p| p.into_path().ok())
            },
        ));
        let login = app.handle().clone();
        state.autostart = Some(std::sync::Arc::new(move |on: Option<bool>| {
            use tauri_plugin_autostart::ManagerExt;
            let a = login.autolaunch();
            match on {
                Some(true) => a.enable().map_err(|e| e.to_string())?,
                Some(false) if a.is_enabled().unwrap_or(false) => {
                    a.disable().map_err(|e| e.to_string())?
                }
                _ => {}
            }
            a.is_enabled().map_err(|e| e.to_string())
        }));
        let closer = app.handle().clone();
        state.close_window = Some(std::sync::Arc::new(move || {
            closer
                .get_webview_window("main")
                .ok_or_else(|| "no main window".to_string())?
                .close()
                .map_err(|e| e.to_string())
        }));
        if updates::installed_from_package() {
            state.updates = Some(updates::hooks(app.handle().clone()));
        }
        app.manage(state);
        updates::spawn_checks(app.handle().clone());
        match tray::build(app.handle()) {
            // Started at login: Kindly waits in the tray, its window shown when asked for.
            Ok(()) if std::env::args().any(|a| a == IN_THE_TRAY) => {
                WINDOW_SHOWN.store(true, std::sync::atomic::Ordering::SeqCst);
                tracing::info!("started in the tray");
            }
            Ok(()) => {}
            // Without a tray the window is the only way in, so it opens however Kindly started.
            Err(e) => tracing::warn!(error = %e, "no tray icon on this desktop"),
        }
        outbox::spawn(app.handle().clone());
        outbox::spawn_inbox(app.handle().clone());
        notify::spawn(app.handle().clone());
        live::spawn(app.handle().clone());
        daily_backups(app.handle().clone());
        let handle = app.handle().clone();
        tauri::async_runtime::spawn(async move {
            let restart = handle.state::<AppState>().restart.clone();
            restart.notified().await;
            // Let the window say why (a restore is staged, an update installed) before it goes.
            tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
            handle.restart();
        });
        let shower = app.handle().clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(FIRST_SHOW_LATEST).await;
            show_first(&shower);
        });
        Ok(())
    });
    let first = tauri::Builder::default().plugin(
        tauri_plugin_single_instance::Builder::new()
            .dbus_id(instance_id(std::env::var_os("KINDLY_DATA_DIR").as_deref()))
            .callback(|app, _argv, _cwd| {
                tray::show(app);
                tracing::info!("a second launch focused this window");
            })
            .build(),
    );
    app_builder(first, setup)
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![IN_THE_TRAY]),
        ))
        // Where and how large the window was; never whether it was hidden in the tray (it
        // opens shown).
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .on_page_load(|webview, payload| {
            if webview.label() == "main"
                && payload.event() == tauri::webview::PageLoadEvent::Finished
            {
                show_first(webview.app_handle());
            }
        })
        .on_window_event(|window, event| {
            // Closing the window leaves Kindly running in the tray, unless the owner said
            // closing quits.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main" && !kindly_core::desktop::current().quit_on_close {
                    api.prevent_close();
                    let _ = window.hide();
                    tracing::info!("the window was closed; Kindly keeps running in the tray");
                }
            }
        })
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .run(tauri::generate_context!())
        .expect("error while running Kindly");
}
