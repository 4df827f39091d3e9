import { useEffect, useState } from "react";
import type { Nav } from "../App";
import type { Profile } from "../bindings";
import { unwrap, useBackend } from "../backend";
import { Field } from "../ui";
import { useFormErrors } from "./forms";
import { MailSettings } from "./MailSettings";

function ProfileCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [p, setP] = useState<Profile | null>(null);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.getProfile()).then(setP, () => setP({ company_name: "", sender_name: "", signature: "" }));
  }, [backend]);
  if (!p) return null;
  const set = (k: keyof Profile) => (v: string) => setP({ ...p, [k]: v });
  return (
    <form
      className="card"
      aria-label="You and your business"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.saveProfile(p)));
        if (saved) {
          setP(saved);
          nav.notify("Saved. Your messages will be signed this way.");
        }
      }}
    >
      <h2>You and your business</h2>
      <p className="muted">Used in every message: the name candidates know you by, and how you sign off.</p>
      <div className="grid2">
        <Field idPrefix="profile" name="company_name" label="Business name" value={p.company_name} onChange={set("company_name")} error={fieldErrors.company_name} />
        <Field idPrefix="profile" name="sender_name" label="Your name" value={p.sender_name} onChange={set("sender_name")} error={fieldErrors.sender_name} />
      </div>
      <Field idPrefix="profile" name="signature" label="Signature" multiline value={p.signature} onChange={set("signature")} error={fieldErrors.signature} hint="A personal sign-off reads warmer than a company one." />
      {formError && <div className="form-error" role="alert">{formError}</div>}
      <div className="actions">
        <button type="submit" className="btn primary" id="save-profile" disabled={busy}>Save</button>
      </div>
    </form>
  );
}

export function SettingsView({ nav }: { nav: Nav }) {
  const info = nav.info;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <ProfileCard nav={nav} />
      <MailSettings nav={nav} />
      <section className="card">
        <h2>Your data</h2>
        <dl className="facts">
          <dt>Database</dt>
          <dd>{info?.store?.backend === "postgres" ? "Shared PostgreSQL server" : "On this computer (SQLite)"}</dd>
          <dt>Location</dt>
          <dd className="mono">{info?.store?.location ?? "—"}</dd>
          {info?.store?.backup_before_migration && (
            <>
              <dt>Copy before last update</dt>
              <dd className="mono">{info.store.backup_before_migration}</dd>
            </>
          )}
          <dt>Data folder</dt>
          <dd className="mono">{info?.data_dir}</dd>
          <dt>Logs</dt>
          <dd className="mono">{info?.log_dir}</dd>
          <dt>Version</dt>
          <dd>{info?.version}</dd>
        </dl>
        <p className="muted">
          Kindly keeps everything on this computer unless your team points it at a shared server (set
          KINDLY_DATABASE_URL). Appearance follows your system's light or dark setting.
        </p>
      </section>
    </div>
  );
}
