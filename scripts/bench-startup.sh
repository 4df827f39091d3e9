#!/usr/bin/env bash
# `make bench`'s start-up and memory figures (tests/bench/startup.rs): Kindly's release build and a
# hello-world Tauri 2 app (tests/bench/hello), both built in release here, in the same run, then
# started in turns under a private Xvfb display through tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --bin kindly
# The peer shares Kindly's dependency versions (its Cargo.lock) and its build folder, so only
# what differs is compiled again.
cp Cargo.lock tests/bench/hello/Cargo.lock
CARGO_TARGET_DIR=$PWD/target cargo build --release --manifest-path tests/bench/hello/Cargo.toml
export KINDLY_BENCH_APP=$PWD/target/release/kindly KINDLY_BENCH_PEER=$PWD/target/release/hello-tauri
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- cargo bench --bench startup
