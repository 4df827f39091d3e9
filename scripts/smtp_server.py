"""A real SMTP server for Kindly's tests: aiosmtpd on loopback, AUTH required, STARTTLS
required on one port and implicit TLS on another, each accepted message saved as a file.

Recipients steer failures: reject*@ gets a permanent 550, tempfail*@ a 451 the first time,
a message to slow*@ takes 20 ms to accept (so a test can stop a sender mid-batch), and a
message to stall*@ is stored at once but answered only after 1.5 s (a server that has the
message while its sender has stopped waiting).
AUTH XOAUTH2 (Google's and Microsoft's OAuth for SMTP) is offered when KINDLY_TEST_OAUTH_URL
is set: the bearer token is checked with the authorization server's introspection endpoint,
and must be active and issued to the user named beside it.
Usage: smtp_server.py DIR CERT KEY USER PASSWORD  (prints "ready PORT TLS_PORT" when listening)
"""
import asyncio
import base64
import json
import urllib.parse
import urllib.request
import os
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

outdir, cert, key, user, password = sys.argv[1:6]
OAUTH = os.environ.get("KINDLY_TEST_OAUTH_URL")


def introspect(token):
    """What the authorization server says about a bearer token."""
    req = urllib.request.Request(
        OAUTH + "/introspect", data=urllib.parse.urlencode({"token": token}).encode(), method="POST")
    basic = "%s:%s" % (os.environ["KINDLY_TEST_OAUTH_RESOURCE"], os.environ["KINDLY_TEST_OAUTH_RESOURCE_SECRET"])
    req.add_header("Authorization", "Basic " + base64.b64encode(basic.encode()).decode())
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.load(r)


class Handler:
    def __init__(self):
        self.attempts = {}
        self.lock = threading.Lock()
        self.count = 0

    async def auth_XOAUTH2(self, server, args):
        if not OAUTH:
            return AuthResult(success=False, handled=False)
        try:
            if len(args) > 1:
                text = base64.b64decode(args[1]).decode()
            else:
                answer = await server.challenge_auth("")  # decoded from base64 already
                text = answer.decode() if isinstance(answer, bytes) else ""
            fields = dict(p.split("=", 1) for p in text.split("\x01") if "=" in p)
            token = fields["auth"].removeprefix("Bearer ").strip()
            info = await asyncio.to_thread(introspect, token)
        except Exception:
            return AuthResult(success=False, handled=False)
        ok = info.get("active") is True and info.get("username") == fields.get("user")
        if ok:
            server.session.kindly_mechanism = "XOAUTH2"
            server.session.kindly_user = fields.get("user")
        return AuthResult(success=ok, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local.startswith("tempfail"):
            with self.lock:
                self.attempts[address] = self.attempts.get(address, 0) + 1
                first = self.attempts[address] == 1
            if first:
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.split("@")[0].lower().startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(0.02)
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(outdir, "%d-%06d" % (time.time_ns(), n))
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "auth": getattr(session, "authenticated", False),
                       "mechanism": getattr(session, "kindly_mechanism", "PLAIN/LOGIN"),
                       "user": getattr(session, "kindly_user", user)}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")
        if any(r.split("@")[0].lower().startswith("stall") for r in envelope.rcpt_tos):
            await asyncio.sleep(1.5)
        return "250 2.0.0 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and \
        auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


handler = Handler()
# AUTH lines may be long (an OAuth token): RFC 4954 allows 12,288 octets.
SMTP.command_size_limit = 12288
SMTP.line_length_limit = 12288
common = dict(hostname="127.0.0.1", authenticator=authenticator, auth_required=True)
port, tls_port = free_port(), free_port()
starttls = Controller(handler, port=port, tls_context=ctx, require_starttls=True,
                      auth_require_tls=True, **common)
implicit = Controller(handler, port=tls_port, ssl_context=ctx, auth_require_tls=False, **common)
starttls.start()
implicit.start()
print("ready %d %d" % (port, tls_port), flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
starttls.stop()
implicit.stop()
