import { useEffect, useMemo, useState } from "react";
import type { ApplicationView, CheckStatus, Referee, ReferenceRecord, ReferenceSummary, Relationship, Reply, Template, WorkAgain } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog, Field } from "../ui";
import { formatDate } from "../labels";
import { useFormErrors } from "./forms";
import { ConsentDialog, METHOD_LABEL } from "./Pool";
import { ToneFindings, usePreview } from "./preview";
import { FormError } from "./FormError";
import { RepliesAbout, useReplies } from "./Replies";
import { dayIn, ownerZone } from "../day";

const RELATIONSHIP_LABEL: Record<Relationship, string> = {
  supervisor: "Previous supervisor",
  colleague: "Colleague",
  direct_report: "Direct report",
  client: "Client",
};
const WORK_AGAIN_LABEL: Record<WorkAgain, string> = { yes: "Yes", no: "No", unsure: "Unsure" };
const CHECK_LABEL: Record<CheckStatus, string> = {
  not_started: "Not started",
  requested: "Requested",
  in_progress: "In progress",
  clear: "Clear",
  needs_review: "Needs review",
};

/** References for a finalist or an offer: consent first, requests, what they said side by side. */
export function ReferencesPanel({ nav, app }: { nav: Nav; app: ApplicationView }) {
  const backend = useBackend();
  const [sum, setSum] = useState<ReferenceSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: "consent" | "add" } | { kind: "request" | "record"; referee: Referee } | null>(null);
  const { replies } = useReplies(nav, app.candidate_id);
  const from = (r: Referee) => replies.filter((x) => x.referee_id === r.id);
  useEffect(() => {
    unwrap(backend.referenceSummary(app.id)).then(setSum, (e) => setError(messageOf(e)));
  }, [backend, app.id, nav.version]);
  if (!sum) return error ? <div className="banner error" role="alert">{error}</div> : null;
  const close = () => setDialog(null);
  return (
    <div className="references" aria-label="References">
      <p>
        <strong>References</strong>{" "}
        {sum.consent ? (
          <span className="muted" id={`ref-consent-${app.id}`}>Consent to contact them given {formatDate(sum.consent.given_on)} ({METHOD_LABEL[sum.consent.method].toLowerCase()})</span>
        ) : (
          <button type="button" className="btn small" onClick={() => setDialog({ kind: "consent" })}>Record their consent…</button>
        )}{" "}
        <button type="button" className="btn small" onClick={() => setDialog({ kind: "add" })}>Add a reference</button>
      </p>
      {sum.referees.length > 0 && (
        <table className="table side-by-side">
          <thead>
            <tr>
              <th />
              {sum.referees.map((r) => (
                <th key={r.id} scope="col">
                  {r.name}
                  <div className="muted small">{RELATIONSHIP_LABEL[r.relationship]}{r.company ? `, ${r.company}` : ""}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row label="Status" refs={sum.referees} cell={(r) => (r.answered_at ? `Answered ${formatDate(r.answered_at)}` : r.requested_at ? `Asked ${formatDate(r.requested_at)}` : "Not asked yet")} />
            <Row label={`Technical skills${sum.technical_average ? ` (avg ${sum.technical_average.toFixed(1)})` : ""}`} refs={sum.referees} cell={(r) => rating(r.record.technical_rating, r.record.technical_notes)} />
            <Row label={`Working with others${sum.interpersonal_average ? ` (avg ${sum.interpersonal_average.toFixed(1)})` : ""}`} refs={sum.referees} cell={(r) => rating(r.record.interpersonal_rating, r.record.interpersonal_notes)} />
            <Row label="Strengths" refs={sum.referees} cell={(r) => r.record.strengths} />
            <Row label="Areas to grow" refs={sum.referees} cell={(r) => r.record.growth} />
            <Row label="Would work with them again" refs={sum.referees} cell={(r) => (r.record.work_again ? WORK_AGAIN_LABEL[r.record.work_again] : "")} />
            <Row label="Concerns" refs={sum.referees} cell={(r) => r.record.concerns} />
            <tr>
              <th scope="row" />
              {sum.referees.map((r) => (
                <td key={r.id}>
                  {r.flags.length > 0 && <ToneFindings findings={r.flags} />}
                  <div className="actions">
                    {r.email && !r.answered_at && (
                      <button type="button" className="btn small" onClick={() => setDialog({ kind: "request", referee: r })}>Ask by email</button>
                    )}
                    <button type="button" className="btn small" onClick={() => setDialog({ kind: "record", referee: r })}>Record what they said</button>
                  </div>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {dialog?.kind === "consent" && (
        <ConsentDialog
          nav={nav}
          title="Consent to contact references"
          explain="Ask the candidate first. Kindly sends no reference request until their consent is on record."
          onClose={close}
          save={(given_on, method, notes) => unwrap(backend.recordConsent({ candidate_id: app.candidate_id, application_id: app.id, kind: "references", given_on, method, notes }))}
        />
      )}
      {dialog?.kind === "add" && <AddReferee nav={nav} app={app} onClose={close} />}
      {dialog?.kind === "request" && <RequestReference nav={nav} app={app} referee={dialog.referee} onClose={close} />}
      {sum.referees.filter((r) => from(r).length > 0).map((r) => (
        <div key={r.id} className="reference-reply" data-referee-reply={r.id}>
          <RepliesAbout replies={from(r)} />
          {!r.answered_at && (
            <button type="button" className="btn small primary" onClick={() => setDialog({ kind: "record", referee: r })}>
              Record what {r.name} said
            </button>
          )}
        </div>
      ))}
      {dialog?.kind === "record" && <RecordReference nav={nav} referee={dialog.referee} replies={from(dialog.referee)} onClose={close} />}
    </div>
  );
}

function rating(n: number | null, notes: string) {
  return [n ? `${n}/5` : "", notes].filter(Boolean).join(" — ");
}

function Row({ label, refs, cell }: { label: string; refs: Referee[]; cell: (r: Referee) => string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {refs.map((r) => (
        <td key={r.id} className="prewrap">{cell(r)}</td>
      ))}
    </tr>
  );
}

function AddReferee({ nav, app, onClose }: { nav: Nav; app: ApplicationView; onClose: () => void }) {
  const backend = useBackend();
  const [f, setF] = useState({ name: "", relationship: "supervisor" as Relationship, company: "", email: "", phone: "", worked_together: "" });
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <Dialog
      title="Add a reference"
      onClose={onClose}
      onSubmit={async () => {
        if (await run(() => unwrap(backend.addReferee(app.id, f)))) {
          onClose();
          nav.changed();
        }
      }}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="referee-save" disabled={busy}>Add</button>
        </>
      }
    >
      <div className="grid2">
        <Field idPrefix="referee" name="name" label="Name" value={f.name} onChange={set("name")} error={fieldErrors.name} required />
        <div className="field">
          <label htmlFor="referee-relationship">Relationship</label>
          <select id="referee-relationship" value={f.relationship} onChange={(e) => setF({ ...f, relationship: e.target.value as Relationship })}>
            {Object.entries(RELATIONSHIP_LABEL).map(([k, v]) => (
              <option key={k} value={k}>{v}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="grid2">
        <Field idPrefix="referee" name="email" label="Email" value={f.email} onChange={set("email")} error={fieldErrors.email} />
        <Field idPrefix="referee" name="phone" label="Phone" value={f.phone} onChange={set("phone")} error={fieldErrors.phone} />
      </div>
      <div className="grid2">
        <Field idPrefix="referee" name="company" label="Company" value={f.company} onChange={set("company")} error={fieldErrors.company} />
        <Field idPrefix="referee" name="worked_together" label="When they worked together" value={f.worked_together} onChange={set("worked_together")} error={fieldErrors.worked_together} />
      </div>
    </Dialog>
  );
}

function RequestReference({ nav, app, referee, onClose }: { nav: Nav; app: ApplicationView; referee: Referee; onClose: () => void }) {
  const backend = useBackend();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [t, setT] = useState<Template | null>(null);
  const { formError, formCode, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.listTemplates()).then((all) => {
      const mine = all.filter((x) => x.purpose === "reference_supervisor" || x.purpose === "reference_colleague");
      setTemplates(mine);
      setT(mine.find((x) => x.purpose === (referee.relationship === "supervisor" ? "reference_supervisor" : "reference_colleague")) ?? mine[0] ?? null);
    });
  }, [backend, referee.relationship]);
  const values = useMemo(() => ({ reference_name: referee.name }), [referee.name]);
  const { result, problem } = usePreview(t?.subject ?? "", t?.body ?? "", app.candidate_id, app.role_id, values);
  return (
    <Dialog
      title={`Ask ${referee.name} for a reference`}
      onClose={onClose}
      onSubmit={async () => {
        if (!t) return;
        const m = await run(() => unwrap(backend.requestReference({ referee_id: referee.id, template_id: t.id, subject: t.subject, body: t.body, send_at: null, time_zone: ownerZone(nav.info) })));
        if (!m) return;
        onClose();
        nav.changed();
        nav.notify(`Sending to ${referee.name} in a few seconds. Kindly reminds you if there is no answer.`);
      }}
      footer={
        <>
          <FormError text={formError} code={formCode} nav={nav} />
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="reference-send" disabled={busy || !result}>Send</button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="reference-template">Template</label>
        <select id="reference-template" value={t?.id ?? ""} onChange={(e) => setT(templates.find((x) => x.id === Number(e.target.value)) ?? null)}>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>{x.name}</option>
          ))}
        </select>
      </div>
      <p className="muted">To {referee.email}</p>
      {problem && <div className="banner error" role="alert">{problem}</div>}
      {result && (
        <article className="email" aria-label="As they will see it">
          <div className="email-subject">{result.subject}</div>
          <div className="email-body prewrap">{result.body}</div>
        </article>
      )}
    </Dialog>
  );
}

function RecordReference({ nav, referee, replies, onClose }: { nav: Nav; referee: Referee; replies: Reply[]; onClose: () => void }) {
  const backend = useBackend();
  const [r, setR] = useState<ReferenceRecord>({ ...referee.record });
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const text = (k: keyof ReferenceRecord) => (v: string) => setR({ ...r, [k]: v });
  const score = (k: "technical_rating" | "interpersonal_rating", label: string) => (
    <div className={`field${fieldErrors[k] ? " has-error" : ""}`}>
      <label htmlFor={`record-${k}`}>{label}</label>
      <select id={`record-${k}`} value={r[k] ?? ""} onChange={(e) => setR({ ...r, [k]: e.target.value ? Number(e.target.value) : null })}>
        <option value="">Not rated</option>
        {[1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>{n}</option>
        ))}
      </select>
      {fieldErrors[k] && <div className="field-error" role="alert">{fieldErrors[k]}</div>}
    </div>
  );
  return (
    <Dialog
      title={`What ${referee.name} said`}
      onClose={onClose}
      onSubmit={async () => {
        const saved = await run(() => unwrap(backend.recordReference(referee.id, r)));
        if (!saved) return;
        onClose();
        nav.changed();
        nav.notify(saved.flags.length ? "Saved — one note touches on a protected characteristic; see the flag." : "Saved.");
      }}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="record-save" disabled={busy}>Save</button>
        </>
      }
    >
      <RepliesAbout replies={replies} />
      <div className="grid2">
        {score("technical_rating", "Technical skills (1–5)")}
        <Field idPrefix="record" name="technical_notes" label="Technical: what they said" value={r.technical_notes} onChange={text("technical_notes")} />
      </div>
      <div className="grid2">
        {score("interpersonal_rating", "Working with others (1–5)")}
        <Field idPrefix="record" name="interpersonal_notes" label="Interpersonal: what they said" value={r.interpersonal_notes} onChange={text("interpersonal_notes")} />
      </div>
      <div className="grid2">
        <Field idPrefix="record" name="strengths" label="Strengths" value={r.strengths} onChange={text("strengths")} />
        <Field idPrefix="record" name="growth" label="Areas to grow" value={r.growth} onChange={text("growth")} />
      </div>
      <div className="field">
        <label htmlFor="record-work_again">Would they work with them again?</label>
        <select id="record-work_again" value={r.work_again ?? ""} onChange={(e) => setR({ ...r, work_again: (e.target.value || null) as WorkAgain | null })}>
          <option value="">Not asked</option>
          {Object.entries(WORK_AGAIN_LABEL).map(([k, v]) => (
            <option key={k} value={k}>{v}</option>
          ))}
        </select>
      </div>
      <Field idPrefix="record" name="concerns" label="Concerns" value={r.concerns} onChange={text("concerns")} />
      <Field idPrefix="record" name="call_notes" label="Call notes" multiline value={r.call_notes} onChange={text("call_notes")} />
    </Dialog>
  );
}

/** The background check, for the chosen candidate only. */
export function BackgroundCheckPanel({ nav, app }: { nav: Nav; app: ApplicationView }) {
  const [open, setOpen] = useState(false);
  const allowed = app.stage === "offer" || app.stage === "hired" || (app.stage === "finalist" && app.place === 1);
  if (!allowed) return null;
  const c = app.background_check;
  return (
    <div className="check" aria-label="Background check">
      <strong>Background check</strong>{" "}
      {c ? (
        <span className="muted" id={`check-${app.id}`}>
          {c.provider}: {CHECK_LABEL[c.status]}
          {c.requested_on && ` · requested ${formatDate(c.requested_on)}`}
          {c.completed_on && ` · completed ${formatDate(c.completed_on)}`}
        </span>
      ) : (
        <span className="muted">not started</span>
      )}{" "}
      <button type="button" className="btn small" onClick={() => setOpen(true)}>{c ? "Update" : "Start"}</button>
      {open && <CheckDialog nav={nav} app={app} onClose={() => setOpen(false)} />}
    </div>
  );
}

function CheckDialog({ nav, app, onClose }: { nav: Nav; app: ApplicationView; onClose: () => void }) {
  const backend = useBackend();
  const c = app.background_check;
  const [f, setF] = useState({ provider: c?.provider ?? "", status: c?.status ?? ("requested" as CheckStatus), requested_on: c?.requested_on ?? dayIn(ownerZone(nav.info)), completed_on: c?.completed_on ?? "", notes: c?.notes ?? "" });
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <Dialog
      title="Background check"
      onClose={onClose}
      onSubmit={async () => {
        if (await run(() => unwrap(backend.saveBackgroundCheck(app.id, { ...f, time_zone: ownerZone(nav.info) })))) {
          onClose();
          nav.changed();
        }
      }}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="check-save" disabled={busy}>Save</button>
        </>
      }
    >
      <div className="grid2">
        <Field idPrefix="check" name="provider" label="Provider" value={f.provider} onChange={set("provider")} error={fieldErrors.provider} required />
        <div className="field">
          <label htmlFor="check-status">Status</label>
          <select id="check-status" value={f.status} onChange={(e) => setF({ ...f, status: e.target.value as CheckStatus })}>
            {Object.entries(CHECK_LABEL).map(([k, v]) => (
              <option key={k} value={k}>{v}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="grid2">
        <Field idPrefix="check" name="requested_on" type="date" label="Requested on" value={f.requested_on} onChange={set("requested_on")} error={fieldErrors.requested_on} />
        <Field idPrefix="check" name="completed_on" type="date" label="Completed on" value={f.completed_on} onChange={set("completed_on")} error={fieldErrors.completed_on} />
      </div>
      <Field idPrefix="check" name="notes" label="Notes" multiline value={f.notes} onChange={set("notes")} error={fieldErrors.notes} />
      <p className="muted">Kindly reminds you if it is still pending after the days set in Settings.</p>
    </Dialog>
  );
}
