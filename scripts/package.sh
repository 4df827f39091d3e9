#!/usr/bin/env bash
# `make package`: Kindly's installers, built with the Tauri bundler from a release build.
# - Linux: a .deb (the binary stripped, the package compressed with xz). It must stay under
#   15 MB.
# - Linux: an AppImage carrying WebKitGTK (scripts/appimage.sh; the bundler's own way fetches
#   linuxdeploy from outside the package registries). Its size is reported, not capped.
# - Updates are checked against the public key in tauri.conf.json, or KINDLY_UPDATE_PUBKEY when
#   set (the package tests' throwaway key). With TAURI_SIGNING_PRIVATE_KEY_PATH (or
#   TAURI_SIGNING_PRIVATE_KEY) set, each bundle is signed for the updater (a .sig beside it), and
#   with KINDLY_RELEASE_URL set too, the release's latest.json is written beside them.
# - macOS (.dmg) and Windows (.msi, NSIS) are configured in tauri.conf.json and are built on
#   those systems with the same `tauri build`.
# Prints each bundle's path and size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
MAX_DEB=$((15 * 1024 * 1024))

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# The version comes from Cargo.toml (tauri.conf.json names none).
# The UI is built here: the CLI would run tauri.conf.json's beforeBuildCommand from the first folder
# with a package.json it finds, which is tests/e2e's.
npm --prefix ui run build >&2
ui/node_modules/.bin/tauri build --ci --bundles deb --config '{"build":{"beforeBuildCommand":""}}' >&2

deb=target/release/bundle/deb/Kindly_${version}_amd64.deb
[ -f "$deb" ] || { echo "package: the bundler made no $deb" >&2; exit 1; }
# The bundler neither strips the binary nor compresses past gzip: both are done here, on the
# package it made (its file list, control data and desktop entry stay as they are). The release
# build itself keeps its symbols for `make bench`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/root"
strip "$work/root/usr/bin/kindly"
# What it takes on disk now (KiB), as dpkg shows it.
installed=$(du -sk --exclude=DEBIAN "$work/root" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $installed/" "$work/root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -z9 -b "$work/root" "$work/kindly.deb" >/dev/null
mv "$work/kindly.deb" "$deb"

size=$(stat -c %s "$deb")
awk -v f="$deb" -v s="$size" 'BEGIN { printf "package: %s  %.1f MB (limit 15 MB)\n", f, s / 1048576 }'
dpkg-deb -f "$deb" Package Version Architecture Depends Section
if [ "$size" -gt "$MAX_DEB" ]; then
  echo "package: the .deb is over 15 MB" >&2
  exit 1
fi

appimage=target/release/bundle/appimage/Kindly_${version}_amd64.AppImage
mkdir -p "$(dirname "$appimage")"
scripts/appimage.sh "$deb" "$appimage"
size=$(stat -c %s "$appimage")
awk -v f="$appimage" -v s="$size" 'BEGIN { printf "package: %s  %.1f MB (carries WebKitGTK)\n", f, s / 1048576 }'

if [ -n "${TAURI_SIGNING_PRIVATE_KEY_PATH:-}${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  for bundle in "$deb" "$appimage"; do
    ui/node_modules/.bin/tauri signer sign --app-version "$version" "$bundle" >/dev/null
    echo "package: signed $bundle.sig (version $version)"
  done
  # The release's latest.json, for the address the bundles will be uploaded to
  # (KINDLY_RELEASE_URL), with the notes the window shows (KINDLY_RELEASE_NOTES, a file).
  if [ -n "${KINDLY_RELEASE_URL:-}" ]; then
    latest=target/release/bundle/latest.json
    python3 - "$version" "${KINDLY_RELEASE_URL%/}" "${KINDLY_RELEASE_NOTES:-}" "$deb" "$appimage" >"$latest" <<'PY'
import datetime, json, os, sys
version, base, notes, deb, appimage = sys.argv[1:]
def entry(path):
    with open(path + ".sig") as sig:
        return {"signature": sig.read().strip(), "url": f"{base}/{os.path.basename(path)}"}
print(json.dumps({
    "version": version,
    "notes": open(notes).read().strip() if notes else "",
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "platforms": {
        "linux-x86_64-appimage": entry(appimage),
        "linux-x86_64-deb": entry(deb),
        "linux-x86_64": entry(appimage),
    },
}, indent=2))
PY
    echo "package: wrote $latest (bundles at ${KINDLY_RELEASE_URL%/}/)"
  fi
fi
