import { useCallback, useEffect, useState } from "react";
import type { MailSetup, Security, SmtpSettings } from "../bindings";
import { ERROR_HINTS, KindlyError, messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Field } from "../ui";
import { useFormErrors } from "./forms";

const EMPTY: SmtpSettings = { host: "", port: 587, security: "starttls", username: "", from_address: "", reply_to: "", ca_file: "" };

/** The owner's own mail server. The password goes to the OS keychain and never comes back. */
export function MailSettings({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [setup, setSetup] = useState<MailSetup | null>(null);
  const [s, setS] = useState<SmtpSettings>(EMPTY);
  const [port, setPort] = useState("587");
  const [password, setPassword] = useState("");
  const [replacing, setReplacing] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useFormErrors();
  const pw = useFormErrors();

  const reload = useCallback(
    () =>
      unwrap(backend.getMailSetup()).then((m) => {
        setSetup(m);
        if (m.settings) {
          setS(m.settings);
          setPort(String(m.settings.port));
        }
      }, (e) => setTest({ ok: false, text: messageOf(e) })),
    [backend],
  );
  useEffect(() => {
    reload();
  }, [reload]);

  const set = (k: keyof SmtpSettings) => (v: string) => setS({ ...s, [k]: v });
  const save = async () => {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      await form.run(async () => {
        throw new KindlyError({ code: "validation", message: `port: '${port}' is not a port (1 to 65535)`, field: "port" });
      });
      return;
    }
    const saved = await form.run(() => unwrap(backend.saveSmtpSettings({ ...s, port: n })));
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
        <div className="grid2">
          <Field idPrefix="smtp" name="username" label="Username" value={s.username} onChange={set("username")} error={form.fieldErrors.username} />
          <Field idPrefix="smtp" name="from_address" label="Send from" type="email" value={s.from_address} onChange={set("from_address")} error={form.fieldErrors.from_address} hint="The address candidates see" />
        </div>
        <div className="grid2">
          <Field idPrefix="smtp" name="reply_to" label="Replies go to" type="email" value={s.reply_to} onChange={set("reply_to")} error={form.fieldErrors.reply_to} hint="Leave empty to use the send-from address" />
          <Field idPrefix="smtp" name="ca_file" label="Trust this certificate" value={s.ca_file} onChange={set("ca_file")} error={form.fieldErrors.ca_file} hint="Only for a server with its own certificate (a PEM file path)" />
        </div>
        {form.formError && <div className="form-error" role="alert">{form.formError}</div>}
        <div className="actions">
          <button type="submit" className="btn primary" id="save-smtp" disabled={form.busy}>Save mail settings</button>
        </div>
      </form>

      <div className="password-row" aria-label="Password">
        <h3>Password</h3>
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
