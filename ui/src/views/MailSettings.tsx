import { useCallback, useEffect, useState } from "react";
import type { MailSetup, MailSuggestion, OAuthClients, OutboxHealth, Security, SignIn, SmtpSettings } from "../bindings";
import { ERROR_HINTS, KindlyError, messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Field } from "../ui";
import { useFormErrors } from "./forms";

const EMPTY: SmtpSettings = { host: "", port: 587, security: "starttls", username: "", from_address: "", reply_to: "", ca_pem: "", sign_in: "password", sent_copy: false, imap_host: "", imap_port: 993, imap_security: "tls", daily_cap: 0, per_minute: 0 };

const isOAuth = (m: SignIn | undefined) => m === "oauth_google" || m === "oauth_microsoft";
const PROVIDER_NAME: Record<string, string> = { oauth_google: "Google", oauth_microsoft: "Microsoft" };

/** The owner's own mail server. The password goes to the OS keychain and never comes back. */
export function MailSettings({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [setup, setSetup] = useState<MailSetup | null>(null);
  const [s, setS] = useState<SmtpSettings>(EMPTY);
  const [port, setPort] = useState("587");
  const [imapPort, setImapPort] = useState("993");
  const [limits, setLimits] = useState({ daily_cap: "0", per_minute: "0" });
  const showLimits = (x: SmtpSettings) => setLimits({ daily_cap: String(x.daily_cap ?? 0), per_minute: String(x.per_minute ?? 0) });
  const [password, setPassword] = useState("");
  const [replacing, setReplacing] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useFormErrors();
  const pw = useFormErrors();
  const find = useFormErrors();
  const [address, setAddress] = useState("");
  const [found, setFound] = useState<MailSuggestion | null>(null);
  const [health, setHealth] = useState<OutboxHealth | null>(null);
  const [waitingForBrowser, setWaitingForBrowser] = useState(false);
  const oauth = useFormErrors();
  const fillIn = async () => {
    const r = await find.run(() => unwrap(backend.suggestMailSettings(address)));
    if (!r) return;
    setFound(r);
    if (r.settings) {
      setS(r.settings);
      setPort(String(r.settings.port));
      setImapPort(String(r.settings.imap_port ?? 993));
      showLimits(r.settings);
    }
  };

  const reload = useCallback(() => {
    unwrap(backend.outboxHealth()).then(setHealth, () => setHealth(null));
    return unwrap(backend.getMailSetup()).then((m) => {
      setSetup(m);
      if (m.settings) {
        setS(m.settings);
        setPort(String(m.settings.port));
        setImapPort(String(m.settings.imap_port ?? 993));
        showLimits(m.settings);
      }
    }, (e) => setTest({ ok: false, text: messageOf(e) }));
  }, [backend]);
  useEffect(() => {
    reload();
  }, [reload]);

  const set = (k: keyof SmtpSettings) => (v: string) => setS({ ...s, [k]: v });
  const [certName, setCertName] = useState<string | null>(null);
  const [certError, setCertError] = useState<string | null>(null);
  // The owner picks the file in Kindly's dialog; the core reads and checks it, and the form
  // keeps the certificate's text (saved with the settings).
  const chooseCertificate = async () => {
    setCertError(null);
    try {
      const picked = await unwrap(backend.pickOpen("certificate"));
      if (!picked) return;
      const pem = await unwrap(backend.readCertificate(picked.token));
      setS((now) => ({ ...now, ca_pem: pem }));
      setCertName(picked.name);
    } catch (e) {
      setCertError(messageOf(e).replace(/^ca_pem: /, ""));
    }
  };
  /** The form as settings to send, or a field error (the core checks the rest). */
  const fromForm = (): SmtpSettings | KindlyError => {
    const bad = (field: string, message: string) => new KindlyError({ code: "validation", message: `${field}: ${message}`, field });
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return bad("port", `'${port}' is not a port (1 to 65535)`);
    for (const k of ["daily_cap", "per_minute"] as const) {
      const v = Number(limits[k]);
      if (!Number.isInteger(v) || v < 0) return bad(k, `'${limits[k]}' is not a whole number (0 for no limit)`);
    }
    const ip = Number(imapPort);
    return {
      ...s,
      port: n,
      imap_port: Number.isInteger(ip) && ip > 0 && ip < 65536 ? ip : 0,
      daily_cap: Number(limits.daily_cap),
      per_minute: Number(limits.per_minute),
    };
  };
  const save = async () => {
    const settings = fromForm();
    const saved = await form.run(async () => {
      if (settings instanceof KindlyError) throw settings;
      return unwrap(backend.saveSmtpSettings(settings));
    });
    if (saved) {
      nav.notify("Mail settings saved.");
      reload();
    }
  };
  const savePassword = async () => {
    const done = await pw.run(() => unwrap(backend.setSmtpPassword(password)).then(() => true));
    if (done) {
      setPassword("");
      setReplacing(false);
      nav.notify("Password stored in the keychain.");
      reload();
    }
  };
  const removePassword = async () => {
    const done = await pw.run(() => unwrap(backend.removeSmtpPassword()).then(() => true));
    if (done) {
      nav.notify("Password removed from the keychain.");
      reload();
    }
  };
  const signIn = async () => {
    const settings = fromForm();
    setWaitingForBrowser(true);
    const done = await oauth.run(async () => {
      if (settings instanceof KindlyError) throw settings;
      return unwrap(backend.signInWithProvider(settings));
    });
    setWaitingForBrowser(false);
    if (done) {
      nav.notify(`Signed in as ${done.signed_in_as ?? s.username}. Messages go through ${PROVIDER_NAME[s.sign_in ?? ""] ?? "your provider"} now.`);
      nav.changed();
      reload();
    }
  };
  const signOut = async () => {
    const done = await oauth.run(() => unwrap(backend.signOutOfProvider()));
    if (done) {
      nav.notify("Signed out. Kindly gave the sign-in back and removed it from the keychain.");
      reload();
    }
  };
  const signInEnded = health?.problem?.code === "oauth_signin_needed" || !!setup?.server_changed;
  const sendTest = async () => {
    setTest({ ok: true, text: "Sending…" });
    try {
      const r = await unwrap(backend.sendTestEmail());
      setTest({ ok: true, text: `Sent to ${r.to}. Check your inbox.` });
    } catch (e) {
      const hint = e instanceof KindlyError ? ` ${ERROR_HINTS[e.code]}` : "";
      setTest({ ok: false, text: `${messageOf(e)}${hint}` });
    }
  };

  return (
    <section className="card" aria-label="Email">
      <h2>Email</h2>
      <p className="muted">Kindly sends through your own mail server, so candidates hear from your address and replies come to you.</p>
      <form
        className="inline-form"
        aria-label="Set up from your address"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          fillIn();
        }}
      >
        <Field idPrefix="setup" name="address" label="Your email address" type="email" value={address} onChange={setAddress} error={find.fieldErrors.address} hint="Kindly fills in the rest for the providers it knows" />
        <button type="submit" className="btn primary" id="fill-in" disabled={find.busy || !address.trim()}>Fill in for me</button>
      </form>
      {found && <ProviderNote found={found} />}
      <form
        className="stack"
        aria-label="Mail server"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="grid3">
          <Field idPrefix="smtp" name="host" label="Server" value={s.host} onChange={set("host")} error={form.fieldErrors.host} hint="smtp.yourprovider.com" />
          <Field idPrefix="smtp" name="port" label="Port" value={port} onChange={setPort} error={form.fieldErrors.port} />
          <div className={`field${form.fieldErrors.security ? " has-error" : ""}`}>
            <label htmlFor="smtp-security">Security</label>
            <select id="smtp-security" value={s.security} onChange={(e) => setS({ ...s, security: e.target.value as Security })}>
              <option value="starttls">STARTTLS (port 587)</option>
              <option value="tls">TLS (port 465)</option>
              <option value="none">None (this computer only)</option>
            </select>
            {form.fieldErrors.security && <div className="field-error" role="alert">{form.fieldErrors.security}</div>}
          </div>
        </div>
        <div className={`field${form.fieldErrors.sign_in ? " has-error" : ""}`}>
          <label htmlFor="smtp-sign_in">How Kindly signs in</label>
          <select id="smtp-sign_in" value={s.sign_in ?? "password"} onChange={(e) => setS({ ...s, sign_in: e.target.value as SignIn })}>
            <option value="password">With a password (or an app password)</option>
            <option value="oauth_google">Sign in with Google</option>
            <option value="oauth_microsoft">Sign in with Microsoft</option>
          </select>
        </div>
        <div className="grid2">
          <Field idPrefix="smtp" name="username" label="Username" value={s.username} onChange={set("username")} error={form.fieldErrors.username} />
          <Field idPrefix="smtp" name="from_address" label="Send from" type="email" value={s.from_address} onChange={set("from_address")} error={form.fieldErrors.from_address} hint="The address candidates see" />
        </div>
        <div className="grid2">
          <Field idPrefix="smtp" name="reply_to" label="Replies go to" type="email" value={s.reply_to} onChange={set("reply_to")} error={form.fieldErrors.reply_to} hint="Leave empty to use the send-from address" />
          <div className="field" aria-label="Trust this certificate" role="group">
            <span className="label">Trust this certificate</span>
            <div className="actions">
              <span id="smtp-ca-state">{s.ca_pem ? (certName ? `${certName}, trusted` : "A certificate of its own is trusted") : "None: only certificates your system trusts"}</span>
              <button type="button" className="btn small" id="choose-certificate" onClick={() => void chooseCertificate()}>Choose certificate…</button>
              {s.ca_pem && (
                <button type="button" className="btn small quiet" id="remove-certificate" onClick={() => setS({ ...s, ca_pem: "" })}>Remove</button>
              )}
            </div>
            {(certError ?? form.fieldErrors.ca_pem) && <div className="form-error" role="alert">{certError ?? form.fieldErrors.ca_pem}</div>}
            <p className="hint">Only for a server with its own certificate (a .pem file). Kindly keeps the certificate itself, not where the file was.</p>
          </div>
        </div>
        <div className="grid2">
          <Field idPrefix="smtp" name="daily_cap" label="At most a day" value={limits.daily_cap} onChange={(v) => setLimits({ ...limits, daily_cap: v })} error={form.fieldErrors.daily_cap} hint="Your provider's daily limit (0 for none); more waits for the next day" />
          <Field idPrefix="smtp" name="per_minute" label="At most a minute" value={limits.per_minute} onChange={(v) => setLimits({ ...limits, per_minute: v })} error={form.fieldErrors.per_minute} hint="A steady pace, so a big batch is never cut off halfway" />
        </div>
        <h3>Your inbox (IMAP)</h3>
        <p className="hint" id="imap-why">
          With your inbox, Kindly hears back: replies, consent and bounces for the messages it sent. It reads only those, never marks
          anything read, and stores none of your other mail.
        </p>
        <div className="grid2">
          <Field idPrefix="smtp" name="imap_host" label="IMAP server" value={s.imap_host ?? ""} onChange={set("imap_host")} error={form.fieldErrors.imap_host ?? form.fieldErrors.imap_security} hint="imap.yourprovider.com (TLS); empty: Kindly does not read your inbox" />
          <Field idPrefix="smtp" name="imap_port" label="IMAP port" value={imapPort} onChange={setImapPort} error={form.fieldErrors.imap_port} />
        </div>
        <div className="field check">
          <label>
            <input type="checkbox" id="smtp-sent_copy" checked={Boolean(s.sent_copy)} onChange={(e) => setS({ ...s, sent_copy: e.target.checked })} /> Save a copy
            of each message in my Sent folder
          </label>
          <div className="hint">So your own mail program shows what Kindly sent. Gmail keeps one by itself.</div>
        </div>
        {form.formError && <div className="form-error" role="alert">{form.formError}</div>}
        <div className="actions">
          <button type="submit" className="btn primary" id="save-smtp" disabled={form.busy}>Save mail settings</button>
        </div>
      </form>

      {isOAuth(s.sign_in) ? (
        <div className="password-row" aria-label="Sign-in">
          <h3>Sign-in</h3>
          {signInEnded && (
            <div className="banner warn" role="alert" id="sign-in-ended">
              {setup?.server_changed?.message ?? health?.problem?.message}
            </div>
          )}
          {setup?.signed_in_as && !signInEnded ? (
            <div className="actions">
              <span className="stored" id="signed-in-as">Signed in as {setup.signed_in_as}</span>
              <button type="button" className="btn small quiet" id="sign-out" onClick={signOut} disabled={oauth.busy}>Sign out</button>
            </div>
          ) : waitingForBrowser ? (
            <div className="actions" role="status">
              <span id="sign-in-waiting">Finish signing in in your browser; Kindly is waiting for it.</span>
              <button type="button" className="btn small" onClick={() => void backend.cancelSignIn()}>Cancel</button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" className="btn primary" id="oauth-sign-in" onClick={signIn}>
                {signInEnded ? "Sign in again" : `Sign in with ${PROVIDER_NAME[s.sign_in ?? ""]}`}
              </button>
            </div>
          )}
          {oauth.formError && <div className="form-error" role="alert">{oauth.formError}</div>}
          {Object.entries(oauth.fieldErrors).map(([k, v]) => (
            <div key={k} className="form-error" role="alert">{v}</div>
          ))}
          <p className="muted">
            Your browser opens {PROVIDER_NAME[s.sign_in ?? ""]}'s own sign-in page; Kindly never sees your password. What it is allowed
            to use stays only in your system keychain.
          </p>
        </div>
      ) : (
      <div className="password-row" aria-label="Password">
          <h3>Password</h3>
          {setup?.server_changed && (
            <div className="banner warn" role="alert" id="server-changed">{setup.server_changed.message}</div>
          )}
          {setup?.keychain_error ? (
            <div className="banner error" role="alert">{setup.keychain_error.message}</div>
          ) : setup?.password_stored && !replacing ? (
            <div className="actions">
              <span className="stored" id="password-stored">Stored in the keychain</span>
              <button type="button" className="btn small" onClick={() => setReplacing(true)}>Replace</button>
              <button type="button" className="btn small quiet" id="remove-password" onClick={removePassword}>Remove</button>
            </div>
          ) : (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                savePassword();
              }}
            >
              <input id="smtp-password" type="password" autoComplete="off" aria-label="SMTP password" value={password} onChange={(e) => setPassword(e.target.value)} />
              <button type="submit" className="btn" id="save-password" disabled={pw.busy || !password}>Store in keychain</button>
              {replacing && <button type="button" className="btn quiet" onClick={() => setReplacing(false)}>Cancel</button>}
            </form>
          )}
          {(pw.formError || pw.fieldErrors.password) && <div className="form-error" role="alert">{pw.formError ?? pw.fieldErrors.password}</div>}
          <p className="muted">Kept only in your system keychain, never in Kindly's database or files.</p>
        </div>
      )}

      {setup && <AdvancedSignIn clients={setup.oauth_clients} onSaved={() => reload()} />}

      <div className="actions">
        <button type="button" className="btn" id="send-test" onClick={sendTest} disabled={!setup?.settings}>Send a test email</button>
        {test && (
          <span className={test.ok ? "ok-text" : "form-error"} role={test.ok ? "status" : "alert"} id="test-result">
            {test.text}
          </span>
        )}
      </div>
    </section>
  );
}

const SIGN_IN: Record<SignIn, string> = {
  password: "your usual password",
  app_password: "an app password",
  oauth_google: "signing in with Google",
  oauth_microsoft: "signing in with Microsoft",
};

/** What Kindly found for the address: the provider and how to get the password it needs. */
function ProviderNote({ found }: { found: MailSuggestion }) {
  const p = found.provider;
  if (!p && found.probed && found.settings)
    return (
      <div className="banner" role="status" id="provider-note">
        Kindly found a mail server for {found.domain} at <strong>{found.settings.host}</strong>, port {found.settings.port} (
        {found.settings.security === "tls" ? "TLS" : "STARTTLS"}), and filled it in below. Check it with your email provider if
        you can, add your password, then send yourself a test email.
      </div>
    );
  if (!p)
    return (
      <div className="banner" role="status" id="provider-note">
        Kindly does not know the mail settings for {found.domain} yet. Fill in your server below: your email provider's
        help pages list the SMTP server, its port and its security.
      </div>
    );
  const passwords = p.sign_in.filter((m) => m === "password" || m === "app_password");
  const oauthWay = p.sign_in.find(isOAuth);
  return (
    <div className="banner" role="status" id="provider-note" aria-label={`${p.name} settings`}>
      <p>
        {found.by_mx && <>The mail of {found.domain} is run by {p.name}. </>}
        <strong>{p.name}</strong>: the server settings are filled in below. {p.name} accepts{" "}
        {p.sign_in.map((m) => SIGN_IN[m]).join(" or ")}.
      </p>
      {oauthWay && <p>The easiest way: Sign in with {PROVIDER_NAME[oauthWay]} below, in your browser.</p>}
      {passwords.length > 0 ? <p>{oauthWay ? "Or use an app password: " : ""}{p.app_password_help}</p> : <p>{p.app_password_help}</p>}
      {p.app_password_url && passwords.length > 0 && <ProviderLink id={p.id} url={p.app_password_url} />}
    </div>
  );
}


/** A provider's help page, opened in the system browser (only pages from Kindly's table). */
function ProviderLink({ id, url }: { id: string; url: string }) {
  const backend = useBackend();
  const [error, setError] = useState<string | null>(null);
  return (
    <p className="muted">
      <button type="button" className="link" id="provider-help" onClick={() => unwrap(backend.openProviderHelp(id)).then(() => setError(null), (e) => setError(messageOf(e)))}>
        Open the page in your browser
      </button>{" "}
      <span className="mono">{url}</span>
      {error && <span className="form-error" role="alert"> {error}</span>}
    </p>
  );
}

/** The client IDs Kindly signs in to Google and Microsoft with: built in, or your IT's own. */
function AdvancedSignIn({ clients, onSaved }: { clients: OAuthClients; onSaved: () => void }) {
  const backend = useBackend();
  const [c, setC] = useState<OAuthClients>(clients);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const [saved, setSaved] = useState(false);
  useEffect(() => setC(clients), [clients]);
  const set = (k: keyof OAuthClients) => (v: string) => setC({ ...c, [k]: v });
  return (
    <details className="advanced" id="advanced-sign-in">
      <summary>Advanced: sign-in client IDs</summary>
      <p className="muted">
        Sign in with Google or Microsoft needs a client ID registered for Kindly. If your copy of Kindly has none, or your IT
        registered their own, paste it here. The README says how to register one.
      </p>
      <form
        className="stack"
        aria-label="Sign-in client IDs"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          if (await run(() => unwrap(backend.saveOauthClients(c)))) {
            setSaved(true);
            onSaved();
          }
        }}
      >
        <div className="grid2">
          <Field idPrefix="oauth" name="google_client_id" label="Google client ID" value={c.google_client_id} onChange={set("google_client_id")} error={fieldErrors.google_client_id} />
          <Field idPrefix="oauth" name="google_client_secret" label="Google client secret (desktop clients)" value={c.google_client_secret} onChange={set("google_client_secret")} error={fieldErrors.google_client_secret} />
        </div>
        <Field idPrefix="oauth" name="microsoft_client_id" label="Microsoft client (application) ID" value={c.microsoft_client_id} onChange={set("microsoft_client_id")} error={fieldErrors.microsoft_client_id} />
        {formError && <div className="form-error" role="alert">{formError}</div>}
        <div className="actions">
          <button type="submit" className="btn" id="save-oauth-clients" disabled={busy}>Save client IDs</button>
          {saved && <span className="ok-text" role="status">Saved.</span>}
        </div>
      </form>
    </details>
  );
}
