#!/usr/bin/env bash
# Run a command beside a real OAuth 2.0 authorization server on loopback (authlib: PKCE,
# refresh, revocation, introspection, signed JWT access tokens), then stop it. The command
# sees KINDLY_TEST_OAUTH_* (the server's URL, Kindly's client ID, and the test mail server's
# credentials for introspection). KINDLY_TEST_OAUTH_SECONDS sets the access tokens' lifetime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${KINDLY_TOOLS:-$ROOT/.tools}/venv
[ -x "$VENV/bin/python" ] || { echo "with-oauth: run scripts/deps.sh --test first" >&2; exit 1; }
LOG=$(mktemp /tmp/kindly-oauth.XXXXXX)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -f "$LOG"; }
trap cleanup EXIT
RESOURCE_SECRET=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
# Loopback only: authlib refuses plain HTTP unless told this is a test.
coproc OAUTH { AUTHLIB_INSECURE_TRANSPORT=1 exec "$VENV/bin/python" -u "$ROOT/scripts/oauth_server.py" \
  kindly-desktop test-mail-server "$RESOURCE_SECRET" "${KINDLY_TEST_OAUTH_SECONDS:-3600}" 2>"$LOG"; }
SERVER=$OAUTH_PID
read -r -t 20 ready port <&"${OAUTH[0]}" || { cat "$LOG" >&2; exit 1; }
[ "$ready" = ready ] || { cat "$LOG" >&2; exit 1; }
export KINDLY_TEST_OAUTH_URL=http://127.0.0.1:$port KINDLY_TEST_OAUTH_CLIENT_ID=kindly-desktop
export KINDLY_TEST_OAUTH_RESOURCE=test-mail-server KINDLY_TEST_OAUTH_RESOURCE_SECRET=$RESOURCE_SECRET
# What opens the sign-in page in debug builds under test: an HTTP client that follows redirects.
export KINDLY_TEST_BROWSER="$VENV/bin/python $ROOT/scripts/browser.py"
echo "with-oauth: authorization server on 127.0.0.1:$port"
"$@"
