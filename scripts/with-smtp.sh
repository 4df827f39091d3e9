#!/usr/bin/env bash
# Run a command beside a real SMTP server on loopback (aiosmtpd, AUTH + STARTTLS and implicit
# TLS, a self-signed certificate made here), then stop it. The command sees KINDLY_TEST_SMTP_*.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KINDLY_TOOLS:-$PWD/.tools}/venv
[ -x "$VENV/bin/python" ] || { echo "with-smtp: run scripts/deps.sh --test first" >&2; exit 1; }
ROOT=$(mktemp -d /tmp/kindly-smtp.XXXXXX)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$ROOT"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ROOT/key.pem" -out "$ROOT/cert.pem" -days 2 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
mkdir -p "$ROOT/mail"
coproc SMTP { exec "$VENV/bin/python" -u scripts/smtp_server.py "$ROOT/mail" "$ROOT/cert.pem" "$ROOT/key.pem" kindly s3cret-pass 2>"$ROOT/server.log"; }
SERVER=$SMTP_PID
read -r -t 20 ready port tls_port <&"${SMTP[0]}" || { cat "$ROOT/server.log" >&2; exit 1; }
[ "$ready" = ready ] || { cat "$ROOT/server.log" >&2; exit 1; }
export KINDLY_TEST_SMTP_PORT=$port KINDLY_TEST_SMTP_TLS_PORT=$tls_port
export KINDLY_TEST_SMTP_USER=kindly KINDLY_TEST_SMTP_PASSWORD=s3cret-pass
export KINDLY_TEST_SMTP_CA=$ROOT/cert.pem KINDLY_TEST_SMTP_KEY=$ROOT/key.pem KINDLY_TEST_SMTP_DIR=$ROOT/mail
echo "with-smtp: SMTP on 127.0.0.1:$port (STARTTLS) and :$tls_port (TLS)"
"$@"
