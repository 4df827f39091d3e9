#!/usr/bin/env bash
# Run a command beside a real IMAP server on loopback (Dovecot, implicit TLS with the test SMTP
# server's certificate, a Sent folder marked \Sent), then stop it. The account is the SMTP
# server's (same user and password); with KINDLY_TEST_OAUTH_URL set it also takes XOAUTH2
# tokens, checked with the authorization server's introspection. Run inside with-smtp.sh (and
# with-oauth.sh). The command sees KINDLY_TEST_IMAP_PORT and KINDLY_TEST_IMAP_DIR (the
# mailboxes, to read what arrived).
set -euo pipefail
: "${KINDLY_TEST_SMTP_CA:?run inside scripts/with-smtp.sh}"
command -v dovecot >/dev/null || { echo "with-imap: run scripts/deps.sh --test first (dovecot-imapd)" >&2; exit 1; }
D=$(mktemp -d /tmp/kindly-imap.XXXXXX)
chmod 755 "$D"
mkdir -p "$D/run" "$D/home"
chown dovecot:dovecot "$D/home"
cleanup() { doveadm -c "$D/dovecot.conf" stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "$KINDLY_TEST_SMTP_USER:{PLAIN}$KINDLY_TEST_SMTP_PASSWORD" > "$D/passwd"
MECHS="plain login"
OAUTH_PASSDB=""
if [ -n "${KINDLY_TEST_OAUTH_URL:-}" ]; then
  MECHS="plain login xoauth2 oauthbearer"
  HOSTPORT=${KINDLY_TEST_OAUTH_URL#http://}
  cat > "$D/oauth2.conf.ext" <<CONF
introspection_mode = post
introspection_url = http://$KINDLY_TEST_OAUTH_RESOURCE:$KINDLY_TEST_OAUTH_RESOURCE_SECRET@$HOSTPORT/introspect
username_attribute = username
active_attribute = active
active_value = true
CONF
  OAUTH_PASSDB="passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $D/oauth2.conf.ext
}"
fi
cat > "$D/dovecot.conf" <<CONF
base_dir = $D/run
log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$KINDLY_TEST_SMTP_CA
ssl_key = <$KINDLY_TEST_SMTP_KEY
disable_plaintext_auth = yes
auth_mechanisms = $MECHS
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
$OAUTH_PASSDB
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$D/home/%u allow_all_users=yes
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $PORT
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
CONF
dovecot -c "$D/dovecot.conf" || { cat "$D/dovecot.log" >&2 2>/dev/null; exit 1; }
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
  sleep 0.1
done
export KINDLY_TEST_IMAP_PORT=$PORT KINDLY_TEST_IMAP_DIR=$D/home
echo "with-imap: IMAP (TLS) on 127.0.0.1:$PORT"
"$@"
