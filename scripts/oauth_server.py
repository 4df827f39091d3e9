"""A real OAuth 2.0 authorization server for Kindly's tests, on loopback (authlib + Flask).

Authorization code with PKCE (S256, required) for a public client and any loopback redirect
port (RFC 8252), refresh tokens, revocation (RFC 7009) and introspection (RFC 7662). Access
tokens are JWTs (RFC 9068) signed with an RSA key made at start. The "browser" in the tests is
an HTTP client: /authorize approves the signed-in test user at once and redirects.

Test controls, as a person would do them in their account:
  POST /test/revoke?user=U   U removes Kindly's access (every token of U's stops working)
  GET  /test/stats?user=U    how many tokens were issued to U and refreshed

Clients: <client_id> (public), <client_id>-with-secret (secret "desktop-secret-not-secret",
as Google's desktop clients have), and <resource_id> (the mail servers, to introspect).
Usage: oauth_server.py <client_id> <resource_id> <resource_secret> <token_seconds>
Prints "ready <port>" when it listens.
"""
import secrets
import socket
import sys
import threading
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.jose import JsonWebKey
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

client_id, resource_id, resource_secret, token_seconds = sys.argv[1:5]
token_seconds = int(token_seconds)
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
lock = threading.Lock()
codes = {}
tokens = []
stats = {}


def count(user, what):
    with lock:
        s = stats.setdefault(user.email, {"issued": 0, "refreshed": 0, "revoked": 0})
        s[what] += 1


class User:
    def __init__(self, email):
        self.email = email

    def get_user_id(self):
        return self.email


class Client:
    """Kindly as a public client (PKCE, no secret), Kindly as a Google-style desktop client
    (PKCE and a client secret that is not secret), or the test mail server (introspects)."""

    def __init__(self, cid, secret=None, signs_in=True):
        self.client_id, self.secret, self.signs_in = cid, secret, signs_in

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return scope or ""

    def check_redirect_uri(self, uri):
        from urllib.parse import urlparse
        u = urlparse(uri)
        return self.signs_in and u.scheme == "http" and u.hostname in LOOPBACK

    def check_client_secret(self, secret):
        return self.secret is not None and secrets.compare_digest(secret, self.secret)

    def check_endpoint_auth_method(self, method, endpoint):
        if self.secret is None:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, rt):
        return self.signs_in and rt == "code"

    def check_grant_type(self, gt):
        return self.signs_in and gt in ("authorization_code", "refresh_token")


DESKTOP_SECRET = "desktop-secret-not-secret"
CLIENTS = {
    client_id: Client(client_id),
    client_id + "-with-secret": Client(client_id + "-with-secret", DESKTOP_SECRET),
    resource_id: Client(resource_id, resource_secret, signs_in=False),
}


class Code:
    def __init__(self, code, client_id, redirect_uri, scope, user, challenge, method):
        self.code, self.client_id, self.redirect_uri, self.scope = code, client_id, redirect_uri, scope
        self.user, self.code_challenge, self.code_challenge_method = user, challenge, method

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return None

    def get_auth_time(self):
        return None


class Token:
    def __init__(self, client_id, user, data):
        self.client_id, self.user = client_id, user
        self.access_token = data["access_token"]
        self.refresh_token = data.get("refresh_token")
        self.scope = data.get("scope", "")
        self.issued_at = int(time.time())
        self.expires_in = data.get("expires_in", token_seconds)
        self.revoked = False

    def check_client(self, client):
        return client.get_client_id() == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self):
        return self.revoked

    def get_client(self):
        return CLIENTS[self.client_id]

    def get_user(self):
        return self.user


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post"]

    def save_authorization_code(self, code, req):
        p = req.payload
        with lock:
            codes[code] = Code(code, req.client.get_client_id(), p.redirect_uri, req.scope, req.user,
                               p.data.get("code_challenge"), p.data.get("code_challenge_method"))

    def query_authorization_code(self, code, client):
        with lock:
            c = codes.get(code)
        return c if c and c.client_id == client.get_client_id() else None

    def delete_authorization_code(self, authorization_code):
        with lock:
            codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post"]
    INCLUDE_NEW_REFRESH_TOKEN = False

    def authenticate_refresh_token(self, refresh_token):
        with lock:
            for t in tokens:
                if t.refresh_token == refresh_token and not t.revoked:
                    return t
        return None

    def authenticate_user(self, refresh_token):
        return refresh_token.user

    def revoke_old_credential(self, refresh_token):
        # The refresh token stays valid (as Google's does).
        count(refresh_token.user, "refreshed")


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = ["none", "client_secret_basic"]

    def query_token(self, token_string, token_type_hint):
        return find(token_string)

    def revoke_token(self, token, req):
        revoke_grant(token)


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def query_token(self, token_string, token_type_hint):
        return find(token_string)

    def check_permission(self, token, client, req):
        return client.get_client_id() == resource_id

    def introspect_token(self, token):
        return {"active": True, "client_id": token.client_id, "token_type": "Bearer",
                "username": token.user.email, "sub": token.user.email, "scope": token.scope,
                "exp": token.issued_at + token.expires_in, "iat": token.issued_at}


def find(token_string):
    with lock:
        for t in tokens:
            if token_string in (t.access_token, t.refresh_token):
                return t
    return None


def revoke_grant(token):
    """Revoking either token of a grant ends the whole grant (as Google does)."""
    with lock:
        for t in tokens:
            if t.refresh_token == token.refresh_token or t is token:
                t.revoked = True
    count(token.user, "revoked")


KEY = JsonWebKey.generate_key("RSA", 2048, is_private=True)
KEY_DICT = KEY.as_dict(is_private=True, kid="kindly-test")


class Signed(JWTBearerTokenGenerator):
    def get_jwks(self):
        return {"keys": [KEY_DICT]}


app = Flask(__name__)


def query_client(cid):
    return CLIENTS.get(cid)


def save_token(data, req):
    user = req.user
    if user is None and getattr(req, "refresh_token", None) is not None:
        user = req.refresh_token.user
        # The refreshed grant keeps its refresh token.
        data.setdefault("refresh_token", req.refresh_token.refresh_token)
    with lock:
        tokens.append(Token(req.client.get_client_id(), user, data))
    count(user, "issued")


server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
server.register_token_generator("default", Signed(
    issuer="http://kindly-test-issuer",
    refresh_token_generator=lambda *args, **kwargs: secrets.token_urlsafe(48),
    expires_generator=lambda client, grant_type: token_seconds))
server.register_grant(AuthorizationCodeGrant, [CodeChallenge(required=True)])
server.register_grant(RefreshTokenGrant)
server.register_endpoint(Revocation)
server.register_endpoint(Introspection)


@app.route("/authorize")
def authorize():
    # The person signs in and approves at once: the test's "browser" only follows redirects.
    user = User(request.args.get("login_hint") or "owner@example.com")
    return server.create_authorization_response(grant_user=user)


@app.route("/token", methods=["POST"])
def issue_token():
    return server.create_token_response()


@app.route("/revoke", methods=["POST"])
def revoke():
    return server.create_endpoint_response(Revocation.ENDPOINT_NAME)


@app.route("/introspect", methods=["POST"])
def introspect():
    return server.create_endpoint_response(Introspection.ENDPOINT_NAME)


@app.route("/jwks")
def jwks():
    return jsonify({"keys": [KEY.as_dict(is_private=False, kid="kindly-test")]})


@app.route("/test/revoke", methods=["POST"])
def revoke_user():
    user = request.args["user"]
    with lock:
        for t in tokens:
            if t.user.email == user:
                t.revoked = True
    count(User(user), "revoked")
    return jsonify(ok=True)


@app.route("/test/stats")
def get_stats():
    user = request.args["user"]
    with lock:
        s = dict(stats.get(user, {"issued": 0, "refreshed": 0, "revoked": 0}))
        s["active"] = sum(1 for t in tokens if t.user.email == user and not t.revoked and not t.is_expired())
    return jsonify(s)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


port = free_port()
http = make_server("127.0.0.1", port, app, threaded=True)
print(f"ready {port}", flush=True)
http.serve_forever()
