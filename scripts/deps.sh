#!/usr/bin/env bash
# Install whatever Kindly needs to build, run and test, and only what is missing. Safe to run
# again: each step checks first. Debian 12 / Ubuntu 22.04+ (apt); elsewhere it says what to get.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(build-essential pkg-config file libssl-dev libdbus-1-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  squashfs-tools)
# squashfs-tools: mksquashfs packs the AppImage (scripts/appimage.sh).
# fonts-dejavu-core: a known font for the saved pulse check (PNG/PDF) in the tests.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools postgresql
  openssl python3-venv fonts-dejavu-core dnsmasq-base dovecot-imapd)
want=("${SYSTEM_PACKAGES[@]}")
[ "${1:-}" = "--test" ] && want+=("${TEST_PACKAGES[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "deps: please install the equivalents of: ${missing[*]}" >&2; exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js 20.19+ for the UI toolchain (Vite 7).
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "deps: Kindly's UI needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# Rust components and tools.
command -v cargo >/dev/null || { echo "deps: install Rust with rustup (https://rustup.rs)" >&2; exit 1; }
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done
if [ "${1:-}" = "--test" ]; then
  command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked
  if ! tauri-driver --help >/dev/null 2>&1; then
    cargo install tauri-driver --version 2.1.0 --locked
  fi
fi

# The test SMTP server (aiosmtpd), the test OAuth 2.0 authorization server (authlib on Flask),
# an independent .ics parser (icalendar) and a stand-in notification server on the test's D-Bus
# (dbus-next), in a venv of the project's own.
if [ "${1:-}" = "--test" ]; then
  VENV=${KINDLY_TOOLS:-$PWD/.tools}/venv
  if ! "$VENV/bin/python" -c 'import aiosmtpd, icalendar, authlib, flask, dbus_next' 2>/dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check aiosmtpd==1.4.6 icalendar==6.1.3 \
      authlib==1.9.10 flask==3.1.3 dbus-next==0.2.3
  fi
fi

# npm packages, reinstalled only when the lockfile changed.
npm_ci() {
  local dir=$1 stamp="$1/node_modules/.kindly-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci ui
[ "${1:-}" = "--test" ] && npm_ci tests/e2e
exit 0
