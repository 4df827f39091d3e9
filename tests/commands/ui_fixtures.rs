//! The answers the UI's tests replay, checked against the real core.
//!
//! Each file in `ui/src/backend/fixtures/` holds a `flow`: the calls one UI test made, in
//! order, recorded through the real core (`make fixtures` runs the UI tests against
//! `examples/core_bridge.rs`). This test runs each flow again on a fresh core with the same
//! frozen clock and writes the `answers`: every write in order with its answer and events, and
//! every read the flow makes, asked at the start and again after each write (kept when its
//! answer changed). The replay (`ui/src/backend/replay.ts`) answers a read with the latest
//! answer at the current write, so a read the window repeats is answered as the core would.
//!
//! A rule or a text changed in Rust changes an answer, and this test fails until
//! `make fixtures` rewrites the files.

use super::session::{is_read, Session, NOW, TIME_ZONE};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/backend/fixtures")
}

/// The fixture a flow makes on the real core.
pub fn answer_flow(name: &str, flow: &[Value]) -> Value {
    let session = Session::new(name);
    let mut reads: Vec<(String, Value)> = vec![];
    for c in flow {
        let cmd = c["cmd"].as_str().unwrap();
        if is_read(cmd) && !reads.iter().any(|(k, a)| k == cmd && a == &c["args"]) {
            reads.push((cmd.to_string(), c["args"].clone()));
        }
    }
    let mut answers: Vec<Value> = vec![];
    let mut last: HashMap<String, Value> = HashMap::new();
    let mut snapshot = |state: usize, answers: &mut Vec<Value>| {
        for (cmd, args) in &reads {
            let (answer, _) = session.call(cmd, args);
            let key = format!("{cmd} {args}");
            if last.get(&key) == Some(&answer) {
                continue;
            }
            let mut e = json!({ "state": state, "cmd": cmd, "args": args });
            e.as_object_mut()
                .unwrap()
                .extend(answer.as_object().unwrap().clone());
            answers.push(e);
            last.insert(key, answer);
        }
    };
    let mut state = 0;
    snapshot(state, &mut answers);
    for c in flow {
        let cmd = c["cmd"].as_str().unwrap();
        if is_read(cmd) {
            continue;
        }
        let (answer, events) = session.call(cmd, &c["args"]);
        let mut e = json!({ "state": state, "write": true, "cmd": cmd, "args": c["args"] });
        e.as_object_mut()
            .unwrap()
            .extend(answer.as_object().unwrap().clone());
        if !events.is_empty() {
            e["events"] = Value::Array(events);
        }
        answers.push(e);
        state += 1;
        snapshot(state, &mut answers);
    }
    json!({
        "scenario": name,
        "now": NOW,
        "time_zone": TIME_ZONE,
        "flow": flow,
        "answers": answers,
    })
}

#[test]
fn ui_fixtures_hold_the_cores_answers() {
    let write = std::env::var_os("KINDLY_WRITE_FIXTURES").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("ui/src/backend/fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures: run `make fixtures`");
    let mut stale = vec![];
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let have = std::fs::read_to_string(&path).unwrap();
        let parsed: Value = serde_json::from_str(&have)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
        let flow = parsed["flow"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no flow", path.display()));
        let want = serde_json::to_string_pretty(&answer_flow(&name, flow)).unwrap() + "\n";
        if want == have {
            continue;
        }
        if write {
            std::fs::write(&path, want).unwrap();
        } else {
            let line = have
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            stale.push(format!("{name}.json (line {})", line + 1));
        }
    }
    assert!(
        stale.is_empty(),
        "stale UI fixtures: {}. Run `make fixtures` and commit the result",
        stale.join(", ")
    );
}
