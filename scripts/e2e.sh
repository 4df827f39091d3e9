#!/usr/bin/env bash
# End-to-end: the built app under a private Xvfb display, through tauri-driver, beside a test
# PostgreSQL server (the team test's shared database) and a test
# SMTP server and inside its own D-Bus session with gnome-keyring and a temporary HOME (so
# WebKit's caches and keychain entries stay out of the user's).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export KINDLY_APP_BINARY=${KINDLY_APP_BINARY:-$PWD/target/debug/kindly}
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
exec scripts/with-postgres.sh scripts/with-oauth.sh scripts/with-smtp.sh scripts/with-imap.sh scripts/with-dns.sh scripts/with-keyring.sh \
  bash -c 'cd tests/e2e && xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 --test-timeout=300000 "$@"' e2e "$@"
