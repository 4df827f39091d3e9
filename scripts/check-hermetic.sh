#!/usr/bin/env bash
# Tests must never touch a person's real Kindly data. `snapshot` records what the real data and
# log directories hold before the tests; `verify` fails if the tests changed anything there.
set -euo pipefail
cd "$(dirname "$0")/.."
state=target/hermetic-snapshot.txt
fingerprint() {
  for d in "$HOME/.local/share/app.kindly.desktop" "$HOME/.config/app.kindly.desktop" "$HOME/.cache/app.kindly.desktop"; do
    if [ -e "$d" ]; then find "$d" -printf '%p %s %T@\n' | sort; else echo "absent $d"; fi
  done
}
case "${1:-}" in
  snapshot) mkdir -p target && fingerprint > "$state" ;;
  verify)
    if ! diff -u "$state" <(fingerprint) >&2; then
      echo "check-hermetic: the tests changed Kindly's real data or log directories (above)" >&2
      exit 1
    fi
    echo "check-hermetic: the real data directories are untouched" ;;
  *) echo "usage: $0 snapshot|verify" >&2; exit 2 ;;
esac
