#!/usr/bin/env bash
# The installer as an owner gets it: build the .deb (scripts/package.sh), install it with
# `dpkg -i`, drive the installed /usr/bin/kindly under Xvfb through tauri-driver
# (tests/e2e/installed.mjs), which ends with `dpkg -r` and checks the owner's data stayed.
# Refuses to run where Kindly is already installed: it would replace, then remove, that copy.
set -euo pipefail
cd "$(dirname "$0")/.."
if dpkg-query -W -f='${Status}' kindly 2>/dev/null | grep -q "install ok installed"; then
  echo "package-test: Kindly is installed on this machine; remove it first (dpkg -r kindly) or skip this test" >&2
  exit 1
fi
scripts/package.sh
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
# Whatever happens in the test, the package does not stay installed.
trap '$SUDO dpkg -r kindly >/dev/null 2>&1 || true' EXIT
$SUDO dpkg -i "target/release/bundle/deb/Kindly_${version}_amd64.deb"
KINDLY_APP_BINARY=/usr/bin/kindly scripts/e2e.sh installed.mjs
