#!/usr/bin/env bash
# The installers as an owner gets them (scripts/package.sh builds both):
# - the .deb: installed with `dpkg -i`, the installed /usr/bin/kindly driven under Xvfb through
#   tauri-driver (tests/e2e/installed.mjs), which ends with `dpkg -r` and checks the owner's data
#   stayed;
# - the AppImage: a copy started with --appimage-extract-and-run and driven the same way, then
#   updated from a local release server: a tampered and a mis-versioned update are refused, a
#   signed one is installed (tests/e2e/appimage.mjs).
# The packages are built with a throwaway update key made here (target/update-test-key, never
# committed), so the tests can sign updates and the release's latest.json is checked; `make package`
# builds with the release key.
# Refuses to run where Kindly is already installed: it would replace, then remove, that copy.
set -euo pipefail
cd "$(dirname "$0")/.."
if dpkg-query -W -f='${Status}' kindly 2>/dev/null | grep -q "install ok installed"; then
  echo "package-test: Kindly is installed on this machine; remove it first (dpkg -r kindly) or skip this test" >&2
  exit 1
fi
keys=target/update-test-key
if [ ! -s "$keys/kindly.key.pub" ]; then
  mkdir -p "$keys"
  ui/node_modules/.bin/tauri signer generate --ci -p "" -w "$keys/kindly.key" -f >/dev/null
fi
export KINDLY_UPDATE_PUBKEY
KINDLY_UPDATE_PUBKEY=$(cat "$keys/kindly.key.pub")
# Signed as a release is, with the release's latest.json.
TAURI_SIGNING_PRIVATE_KEY_PATH="$PWD/$keys/kindly.key" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
  KINDLY_RELEASE_URL=https://releases.example.test/kindly/ scripts/package.sh
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# latest.json names this version, and per platform the bundle's address and its .sig's text.
python3 - "$version" <<'PY'
import json, sys
version = sys.argv[1]
latest = json.load(open("target/release/bundle/latest.json"))
assert latest["version"] == version, latest["version"]
bundles = {
    "linux-x86_64-appimage": f"appimage/Kindly_{version}_amd64.AppImage",
    "linux-x86_64-deb": f"deb/Kindly_{version}_amd64.deb",
    "linux-x86_64": f"appimage/Kindly_{version}_amd64.AppImage",
}
for platform, path in bundles.items():
    entry = latest["platforms"][platform]
    assert entry["url"] == "https://releases.example.test/kindly/" + path.split("/")[1], entry["url"]
    assert entry["signature"] == open(f"target/release/bundle/{path}.sig").read().strip(), platform
print("package-test: latest.json names", version, "and the signatures of", ", ".join(bundles))
PY
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
apps=$(mktemp -d)
# Whatever happens in the test, the package does not stay installed.
trap '$SUDO dpkg -r kindly >/dev/null 2>&1 || true; rm -rf "$apps"' EXIT
$SUDO dpkg -i "target/release/bundle/deb/Kindly_${version}_amd64.deb"
KINDLY_APP_BINARY=/usr/bin/kindly scripts/e2e.sh installed.mjs

# The update replaces the AppImage it runs from: a copy, never the build's.
cp "target/release/bundle/appimage/Kindly_${version}_amd64.AppImage" "$apps/Kindly.AppImage"
KINDLY_APP_BINARY="$apps/Kindly.AppImage" KINDLY_UPDATE_KEY="$PWD/$keys/kindly.key" scripts/e2e.sh appimage.mjs
