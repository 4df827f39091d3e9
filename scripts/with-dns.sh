#!/usr/bin/env bash
# Run a command beside a real DNS server on loopback (dnsmasq) that answers MX records for a
# few test domains, then stop it. The command sees KINDLY_TEST_DNS=127.0.0.1:PORT; only tests
# (and debug builds) point Kindly's resolver at it, never the system's.
set -euo pipefail
DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$DNSMASQ" ] || { echo "with-dns: run scripts/deps.sh --test first (dnsmasq-base)" >&2; exit 1; }
ROOT=$(mktemp -d /tmp/kindly-dns.XXXXXX)
cleanup() { [ -f "$ROOT/pid" ] && kill "$(cat "$ROOT/pid")" 2>/dev/null; rm -rf "$ROOT"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# bakery.example: Google Workspace; shop.example: Microsoft 365; plain.example: mail of its own.
"$DNSMASQ" --port="$port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --pid-file="$ROOT/pid" --user="$(id -un)" \
  --mx-host=bakery.example,aspmx.l.google.com,1 \
  --mx-host=bakery.example,alt1.aspmx.l.google.com,5 \
  --mx-host=shop.example,shop-example.mail.protection.outlook.com,0 \
  --mx-host=plain.example,mx.plain.example,10 \
  --address=/mx.plain.example/127.0.0.1 \
  --address=/smtp.probe.example/127.0.0.1 \
  --local=/example/ 2>"$ROOT/log"
for _ in $(seq 50); do [ -s "$ROOT/pid" ] && break; sleep 0.1; done
[ -s "$ROOT/pid" ] || { cat "$ROOT/log" >&2; exit 1; }
export KINDLY_TEST_DNS=127.0.0.1:$port
echo "with-dns: DNS on 127.0.0.1:$port"
"$@"
