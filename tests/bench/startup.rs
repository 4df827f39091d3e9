//! `make bench` (scripts/bench-startup.sh, under Xvfb): the release build's start to its first
//! painted list, with 10,000 candidates in its data folder, and the memory of all its processes
//! once idle. Beside it, in the same run, the peer: a hello-world Tauri 2 app (tests/bench/hello)
//! built in release, whose page holds a one-row list.
//!
//! Both are started the same way, through tauri-driver (WebDriver), which is also how the clock is
//! read: from asking for the session (the process is started) to the list's first row being on
//! the page, after a click on the sidebar (Kindly's Candidates; the hello page's sidebar does
//! nothing), in a window that is shown (the page's `visibilityState`). Runs alternate between
//! the two; the medians are compared. Memory: 10 s after the list, the sum over the app's process
//! and the WebKit processes it started, as resident (RSS) and as proportional (PSS, which counts
//! a shared library once across them).
//! Targets: start ≤ 1.5× the peer's, idle RSS ≤ 1.3× the peer's.
//!
//! Needs: KINDLY_BENCH_APP (target/release/kindly), KINDLY_BENCH_PEER (the hello app's binary),
//! a display, and tauri-driver on PATH.

use kindly_core::service::csv_io;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "people.rs"]
mod people;

const N: usize = 10_000;
const RUNS: usize = 9;
const PORT: u16 = 4460;
const IDLE: Duration = Duration::from_secs(10);

fn main() {
    let app = PathBuf::from(std::env::var("KINDLY_BENCH_APP").expect("KINDLY_BENCH_APP"));
    let peer = PathBuf::from(std::env::var("KINDLY_BENCH_PEER").expect("KINDLY_BENCH_PEER"));
    let data = tempfile::tempdir().unwrap();
    let seeded = tauri::async_runtime::block_on(seed(data.path()));
    println!("startup: {seeded} candidates in {}", data.path().display());
    if let Some(keep) = std::env::var_os("KINDLY_BENCH_KEEP_DATA") {
        // For looking into a start by hand: the seeded folder, copied out.
        let status = Command::new("cp")
            .arg("-a")
            .arg(data.path())
            .arg(&keep)
            .status();
        println!("startup: data copied to {keep:?} ({status:?})");
    }

    let home = tempfile::tempdir().unwrap();
    let mut driver = Command::new("tauri-driver")
        .args([
            "--port",
            &PORT.to_string(),
            "--native-port",
            &(PORT + 1).to_string(),
        ])
        .env("KINDLY_DATA_DIR", data.path())
        .env("KINDLY_KEYCHAIN_SERVICE", "kindly-bench")
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .spawn()
        .expect("tauri-driver on PATH");
    wait_for_port(PORT);

    let (mut kindly, mut hello) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        // Alternate which goes first, so neither always follows the other's cleanup.
        let order: [(&Path, &mut Vec<Sample>); 2] = if run % 2 == 0 {
            [(&app, &mut kindly), (&peer, &mut hello)]
        } else {
            [(&peer, &mut hello), (&app, &mut kindly)]
        };
        for (bin, into) in order {
            let s = sample(bin);
            println!(
                "  run {run} {:<12} window {:>5.0} ms  first list {:>6.0} ms  idle RSS {:>6.1} MB  PSS {:>6.1} MB ({} processes)",
                bin.file_name().unwrap().to_string_lossy(),
                ms(s.window),
                ms(s.first_list),
                mb(s.rss),
                mb(s.pss),
                s.processes
            );
            into.push(s);
        }
    }
    let _ = driver.kill();
    let _ = driver.wait();

    let (k, h) = (median(&kindly), median(&hello));
    println!("\nstartup (release, {N} candidates, median of {RUNS}):");
    println!(
        "  window on the page   Kindly {:>6.0} ms   hello-world {:>6.0} ms   {:.2}×",
        ms(k.window),
        ms(h.window),
        ratio(k.window.as_secs_f64(), h.window.as_secs_f64())
    );
    println!(
        "  first painted list   Kindly {:>6.0} ms   hello-world {:>6.0} ms   {:.2}×  (target ≤ 1.5×: {})",
        ms(k.first_list),
        ms(h.first_list),
        ratio(k.first_list.as_secs_f64(), h.first_list.as_secs_f64()),
        verdict(ratio(k.first_list.as_secs_f64(), h.first_list.as_secs_f64()) <= 1.5)
    );
    println!(
        "  idle RSS, all        Kindly {:>6.1} MB   hello-world {:>6.1} MB   {:.2}×  (target ≤ 1.3×: {})",
        mb(k.rss),
        mb(h.rss),
        ratio(k.rss as f64, h.rss as f64),
        verdict(ratio(k.rss as f64, h.rss as f64) <= 1.3)
    );
    println!(
        "  idle PSS, all        Kindly {:>6.1} MB   hello-world {:>6.1} MB   {:.2}×",
        mb(k.pss),
        mb(h.pss),
        ratio(k.pss as f64, h.pss as f64)
    );
}

/// 10,000 people in a fresh data folder, through Kindly's own CSV import.
async fn seed(dir: &Path) -> u32 {
    let store = kindly_core::open(dir, None).await.unwrap();
    let csv = people::csv(N);
    let preview = csv_io::preview(&store, csv.as_bytes(), None).await.unwrap();
    let report = people::import(&store, &csv, preview.mapping).await;
    store.close().await.unwrap();
    report.created
}

#[derive(Clone, Copy)]
struct Sample {
    /// To the window's sidebar on the page (the page's code ran).
    window: Duration,
    first_list: Duration,
    rss: u64,
    pss: u64,
    processes: usize,
}

fn sample(bin: &Path) -> Sample {
    let t = Instant::now();
    let session = webdriver(
        "POST",
        "/session",
        json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": bin}}}}),
    );
    let id = session["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string();
    let sidebar = find(&id, "nav.sidebar button, nav.sidebar");
    let window = t.elapsed();
    // Kindly opens on Today; its list of candidates is one click away (the peer's sidebar
    // takes the same click and does nothing).
    let target = if bin.ends_with("kindly") {
        find(&id, "#nav-candidates")
    } else {
        sidebar
    };
    webdriver(
        "POST",
        &format!("/session/{id}/element/{target}/click"),
        json!({}),
    );
    find(&id, ".cand-row");
    // Painted means on screen: Kindly keeps its window hidden until the page has loaded (so a
    // list in a window nobody sees yet would not count).
    wait_visible(&id);
    let first_list = t.elapsed();

    std::thread::sleep(IDLE);
    let pids = app_processes(bin);
    let (rss, pss) = pids.iter().fold((0, 0), |(r, p), pid| {
        (
            r + status_kb(*pid, "VmRSS:") * 1024,
            p + pss_kb(*pid) * 1024,
        )
    });
    webdriver("DELETE", &format!("/session/{id}"), Value::Null);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !app_processes(bin).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    Sample {
        window,
        first_list,
        rss,
        pss,
        processes: pids.len(),
    }
}

/// The element a CSS selector names, as soon as it is on the page.
fn find(session: &str, css: &str) -> String {
    poll(
        &format!("{css} on the page"),
        Duration::from_millis(5),
        || {
            let r = webdriver(
                "POST",
                &format!("/session/{session}/element"),
                json!({"using": "css selector", "value": css}),
            );
            let obj = r["value"]
                .as_object()
                .filter(|o| !o.contains_key("error"))?;
            obj.values().find_map(|v| v.as_str()).map(str::to_string)
        },
    )
}

/// Until the page says it is visible (its window is shown). Asked less often than `find`: a
/// script run every 5 ms while the window was being shown made WebKitWebDriver drop the session.
fn wait_visible(session: &str) {
    poll("the window shown", Duration::from_millis(20), || {
        let r = webdriver(
            "POST",
            &format!("/session/{session}/execute/sync"),
            json!({"script": "return document.visibilityState", "args": []}),
        );
        (r["value"] == "visible").then_some(())
    })
}

/// Asks `look` every `every` until it answers, for up to a minute.
fn poll<T>(what: &str, every: Duration, mut look: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(found) = look() {
            return found;
        }
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(every);
    }
}

fn webdriver(method: &str, path: &str, body: Value) -> Value {
    let url = format!("http://127.0.0.1:{PORT}{path}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let mut resp = match method {
        "POST" => agent
            .post(&url)
            .header("content-type", "application/json")
            .send(body.to_string().as_bytes()),
        "DELETE" => agent.delete(&url).call(),
        _ => agent.get(&url).call(),
    }
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The app's own process and the processes it started (WebKit's web and network processes).
fn app_processes(bin: &Path) -> Vec<u32> {
    let bin = std::fs::canonicalize(bin).unwrap();
    let all: Vec<(u32, u32, Option<PathBuf>)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .map(|pid| {
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
            (pid, status_kb(pid, "PPid:") as u32, exe)
        })
        .collect();
    let roots: Vec<u32> = all
        .iter()
        .filter(|(_, _, exe)| exe.as_deref() == Some(bin.as_path()))
        .map(|(pid, _, _)| *pid)
        .collect();
    let mut out = roots.clone();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            all.iter()
                .filter(|(_, pp, _)| *pp == parent)
                .map(|(pid, _, _)| *pid),
        );
        i += 1;
    }
    out
}

/// A number from /proc/PID/status ("VmRSS:" in kB, "PPid:").
fn status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn median(samples: &[Sample]) -> Sample {
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let secs = |f: fn(&Sample) -> Duration| {
        Duration::from_secs_f64(mid(samples.iter().map(|s| f(s).as_secs_f64()).collect()))
    };
    Sample {
        window: secs(|s| s.window),
        first_list: secs(|s| s.first_list),
        rss: mid(samples.iter().map(|s| s.rss as f64).collect()) as u64,
        pss: mid(samples.iter().map(|s| s.pss as f64).collect()) as u64,
        processes: samples[0].processes,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn ratio(a: f64, b: f64) -> f64 {
    a / b
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}
