import { useEffect, useState } from "react";
import type { Nav } from "../App";
import type { DeskSettings } from "../bindings";
import { unwrap, useBackend } from "../backend";
import { Field } from "../ui";
import { useFormErrors } from "./forms";
import { MailSettings } from "./MailSettings";
import { ProfileCard } from "./Profile";
import { BackupsCard, RetentionCard } from "./DataCare";
import { TeamCard } from "./Team";
import { BackgroundCard } from "./Background";
import { UpdatesCard } from "./Updates";

function DeskCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [d, setD] = useState<DeskSettings | null>(null);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.getDeskSettings()).then(setD, () => setD(null));
  }, [backend]);
  if (!d) return null;
  const step = (i: number, patch: Partial<DeskSettings["welcome_plan"][number]>) =>
    setD({ ...d, welcome_plan: d.welcome_plan.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const num = (v: string) => (v.trim() === "" || Number.isNaN(Number(v)) ? 0 : Math.trunc(Number(v)));
  return (
    <form
      className="card"
      aria-label="Promises and the welcome plan"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.saveDeskSettings(d)));
        if (saved) {
          setD(saved);
          nav.notify("Saved.");
        }
      }}
    >
      <h2>Promises and the welcome plan</h2>
      <div className="grid2">
        <Field idPrefix="desk" name="follow_up_working_days" type="number" label="A thank-you promises news within (working days)" value={String(d.follow_up_working_days)} onChange={(v) => setD({ ...d, follow_up_working_days: num(v) })} error={fieldErrors.follow_up_working_days} />
        <Field idPrefix="desk" name="offer_reminder_days" type="number" label="Remind me before an offer expires (days)" value={String(d.offer_reminder_days)} onChange={(v) => setD({ ...d, offer_reminder_days: num(v) })} error={fieldErrors.offer_reminder_days} />
      </div>
      <div className="grid2">
        <Field idPrefix="desk" name="consent_months" type="number" label="Talent-pool consent lasts (months)" value={String(d.consent_months)} onChange={(v) => setD({ ...d, consent_months: num(v) })} error={fieldErrors.consent_months} />
        <Field idPrefix="desk" name="stay_in_touch_days" type="number" label="Check in with the pool every (days)" value={String(d.stay_in_touch_days)} onChange={(v) => setD({ ...d, stay_in_touch_days: num(v) })} error={fieldErrors.stay_in_touch_days} />
      </div>
      <div className="grid2">
        <Field idPrefix="desk" name="reference_chase_days" type="number" label="Chase a reference after (days)" value={String(d.reference_chase_days)} onChange={(v) => setD({ ...d, reference_chase_days: num(v) })} error={fieldErrors.reference_chase_days} />
        <Field idPrefix="desk" name="background_check_days" type="number" label="Remind me of a pending background check after (days)" value={String(d.background_check_days)} onChange={(v) => setD({ ...d, background_check_days: num(v) })} error={fieldErrors.background_check_days} />
      </div>
      <div className="grid2">
        <Field idPrefix="desk" name="retention_months" type="number" label="Keep details of people not hired for (months)" value={String(d.retention_months)} onChange={(v) => setD({ ...d, retention_months: num(v) })} error={fieldErrors.retention_months} />
        <Field idPrefix="desk" name="retention_grace_days" type="number" label="List them this many days ahead (days)" value={String(d.retention_grace_days)} onChange={(v) => setD({ ...d, retention_grace_days: num(v) })} error={fieldErrors.retention_grace_days} />
      </div>
      <div className="field check">
        <label>
          <input type="checkbox" id="desk-ask_experience_score" checked={d.ask_experience_score} onChange={(e) => setD({ ...d, ask_experience_score: e.target.checked })} /> End rejections and runner-up messages with “How did we do? Reply with a number from 1 to 5”
        </label>
      </div>
      <Field idPrefix="desk" name="backups_kept" type="number" label="Daily backups to keep" value={String(d.backups_kept)} onChange={(v) => setD({ ...d, backups_kept: num(v) })} error={fieldErrors.backups_kept} />
      <h3>Welcome plan</h3>
      <p className="muted">Every new hire's checklist starts from this. Days count from their first day (negative: before it).</p>
      <ul className="plan-editor">
        {d.welcome_plan.map((s, i) => (
          <li key={i}>
            <input aria-label={`Step ${i + 1}`} value={s.title} onChange={(e) => step(i, { title: e.target.value })} aria-invalid={fieldErrors[`welcome_plan.${i}.title`] ? true : undefined} />
            <input aria-label={`Step ${i + 1}: days from the start`} type="number" value={s.days_from_start} onChange={(e) => step(i, { days_from_start: num(e.target.value) })} />
            <button type="button" className="btn small quiet" aria-label={`Remove step ${i + 1}`} onClick={() => setD({ ...d, welcome_plan: d.welcome_plan.filter((_, j) => j !== i) })}>Remove</button>
            {(fieldErrors[`welcome_plan.${i}.title`] || fieldErrors[`welcome_plan.${i}.days_from_start`]) && (
              <div className="field-error" role="alert">{fieldErrors[`welcome_plan.${i}.title`] ?? fieldErrors[`welcome_plan.${i}.days_from_start`]}</div>
            )}
          </li>
        ))}
      </ul>
      {formError && <div className="form-error" role="alert">{formError}</div>}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setD({ ...d, welcome_plan: [...d.welcome_plan, { title: "", days_from_start: 0 }] })}>Add a step</button>
        <button type="submit" className="btn primary" id="save-desk" disabled={busy}>Save</button>
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
      <DeskCard nav={nav} />
      <RetentionCard nav={nav} />
      <BackupsCard nav={nav} />
      <TeamCard nav={nav} />
      <BackgroundCard nav={nav} />
      <UpdatesCard nav={nav} />
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
          Kindly keeps everything on this computer unless your team shares a server (Team, above). Appearance
          follows your system's light or dark setting.
        </p>
      </section>
    </div>
  );
}
