//! The real core for the UI's tests to record against (`make fixtures`): one JSON request a
//! line on stdin, `{ "cmd": …, "args": … }`, one answer a line on stdout, `{ "ok": … }` or
//! `{ "err": … }` with the `events` the call emitted. A fresh data folder and the fixtures'
//! frozen clock, as `tests/commands/ui_fixtures.rs` uses to check them.

#[path = "../tests/commands/session.rs"]
#[allow(dead_code)]
mod session;

use serde_json::{json, Value};
use std::io::{BufRead, Write};

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "bridge".into());
    let session = session::Session::new(&name);
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let req: Value = serde_json::from_str(&line).expect("a JSON request");
        let cmd = req["cmd"].as_str().unwrap_or_default();
        let (mut answer, events) = session.call(cmd, &req["args"]);
        answer["events"] = Value::Array(events);
        answer["read"] = Value::Bool(session::is_read(cmd));
        writeln!(out, "{}", json!(answer)).unwrap();
        out.flush().unwrap();
    }
}
