#!/usr/bin/env bash
# End-to-end: the built app under a private Xvfb display, through tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export KINDLY_APP_BINARY=${KINDLY_APP_BINARY:-$PWD/target/debug/kindly}
# A home of its own, so WebKit's caches and any keychain stay out of the user's.
E2E_HOME=$(mktemp -d /tmp/kindly-e2e-home.XXXXXX)
trap 'rm -rf "$E2E_HOME"' EXIT
export HOME=$E2E_HOME XDG_DATA_HOME=$E2E_HOME/.local/share XDG_CONFIG_HOME=$E2E_HOME/.config XDG_CACHE_HOME=$E2E_HOME/.cache
export XDG_RUNTIME_DIR=$E2E_HOME/run; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
cd tests/e2e
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node --test --test-concurrency=1 "$@"
