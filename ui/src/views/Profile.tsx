// Who the messages come from: the business, the owner and their sign-off. On Today until the
// values every message needs are filled in (the core says which: AppInfo.profile_missing).
import { useEffect, useState, type ReactNode } from "react";
import type { Nav } from "../App";
import type { Profile } from "../bindings";
import { unwrap, useBackend } from "../backend";
import { Field } from "../ui";
import { useFormErrors } from "./forms";

const WHAT: Record<string, string> = {
  company_name: "your business's name",
  sender_name: "your name",
  signature: "how you sign off",
};

export function ProfileCard({
  nav,
  title = "You and your business",
  intro = "Used in every message: the name candidates know you by, and how you sign off.",
  extra,
}: {
  nav: Nav;
  title?: string;
  intro?: string;
  extra?: ReactNode;
}) {
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
      aria-label={title}
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.saveProfile(p)));
        if (saved) {
          setP(saved);
          nav.notify("Saved. Your messages will be signed this way.");
          nav.changed();
        }
      }}
    >
      <h2>{title}</h2>
      <p className="muted">{intro}</p>
      <div className="grid2">
        <Field idPrefix="profile" name="company_name" label="Business name" value={p.company_name} onChange={set("company_name")} error={fieldErrors.company_name} />
        <Field idPrefix="profile" name="sender_name" label="Your name" value={p.sender_name} onChange={set("sender_name")} error={fieldErrors.sender_name} />
      </div>
      <Field idPrefix="profile" name="signature" label="Signature" multiline value={p.signature} onChange={set("signature")} error={fieldErrors.signature} hint="A personal sign-off reads warmer than a company one." />
      {formError && <div className="form-error" role="alert">{formError}</div>}
      <div className="actions">
        <button type="submit" className="btn primary" id="save-profile" disabled={busy}>Save</button>
        {extra}
      </div>
    </form>
  );
}

/** Before the first message: what every message needs from the owner, and their email. */
export function FirstSteps({ nav }: { nav: Nav }) {
  const missing = nav.info?.profile_missing ?? [];
  if (missing.length === 0) return null;
  const list = missing.map((m) => WHAT[m] ?? m);
  const what = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : list[0];
  return (
    <section className="first-steps" aria-label="Before your first message">
      <ProfileCard
        nav={nav}
        title="Before your first message: you and your business"
        intro={`Every message Kindly writes for you uses ${what}. Fill ${list.length > 1 ? "them" : "it"} in once here, then set up your email so messages can go.`}
        extra={
          <button type="button" className="btn" id="first-steps-email" onClick={() => nav.go("settings")}>
            Set up email
          </button>
        }
      />
    </section>
  );
}
