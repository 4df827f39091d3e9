#!/usr/bin/env bash
# Run a command inside its own D-Bus session with a real gnome-keyring (Secret Service),
# unlocked, under a temporary HOME, so tests never see a person's real keychain.
set -euo pipefail
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
KR_HOME=$(mktemp -d /tmp/kindly-keyring.XXXXXX)
trap 'rm -rf "$KR_HOME"' EXIT
export HOME=$KR_HOME XDG_RUNTIME_DIR=$KR_HOME/run XDG_DATA_HOME=$KR_HOME/share
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
export KINDLY_KEYCHAIN_SERVICE=${KINDLY_KEYCHAIN_SERVICE:-kindly-test}
exec dbus-run-session -- bash -c '
  echo -n test-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
  exec "$@"' with-keyring "$@"
