import { useEffect, useMemo, useRef, useState } from "react";
import type { DecisionDraft, DecisionRequest, Finding, Rendered } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog } from "../ui";
import { PLACE_LABEL } from "../labels";
import { useFormErrors } from "./forms";
import { ToneFindings } from "./preview";
import { FormError } from "./FormError";
import { ownerZone } from "../day";

/** Reasons the owner can pick from (or write their own); kept for their records, never sent. */
const REASONS = [
  "Another candidate was a closer fit",
  "Skills or experience did not match the role",
  "The role was filled",
  "Availability or hours did not match",
  "Runner-up",
];

type Item = {
  draft: DecisionDraft;
  include: boolean;
  reason: string;
  feedback: string;
  subject: string;
  body: string;
  /** Words the owner said are a name or a title in this message. */
  vouched: string[];
  /** The owner read why this one should wait (an offer is open) and tells them anyway. */
  tellAnyway: boolean;
};

type Check = { rendered: Rendered | null; problem: string | null; findings: Finding[] };

type When = "now" | "morning" | "at";

function requestOf(it: Item, timeZone: string, sendAt: string | null, acknowledge: boolean): DecisionRequest {
  return {
    application_id: it.draft.application_id,
    reason: it.reason,
    message: {
      candidate_id: it.draft.candidate_id,
      role_id: it.draft.role_id,
      template_id: it.draft.template_id,
      subject: it.subject,
      body: it.body,
      values: { ...it.draft.values, feedback: it.feedback },
      send_at: sendAt,
      acknowledge_warnings: acknowledge,
      time_zone: timeZone,
      vouched_names: it.vouched,
    },
    tell_anyway: it.tellAnyway,
  };
}

/** Write the decision to one candidate or many: each message personal (reason, feedback from
 * the interview notes, the tone check), all sent as one batch — now, the next working
 * morning, or at a chosen time. */
export function DecisionComposer(props: { nav: Nav; applicationIds: number[]; title?: string; onClose: () => void }) {
  const backend = useBackend();
  const [items, setItems] = useState<Item[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);
  const [checks, setChecks] = useState<Record<number, Check>>({});
  const [when, setWhen] = useState<When>("now");
  const [at, setAt] = useState("");
  const [morning, setMorning] = useState<string | null>(null);
  const { formError, formCode, busy, run } = useFormErrors();
  const timeZone = ownerZone(props.nav.info);
  const ids = props.applicationIds.join(",");

  useEffect(() => {
    let live = true;
    Promise.all(ids.split(",").map((id) => unwrap(backend.decisionDraft(Number(id))))).then(
      (drafts) =>
        live &&
        setItems(
          drafts.map((d) => ({
            draft: d,
            include: true,
            reason: d.purpose === "runner_up" ? "Runner-up" : "",
            feedback: d.values.feedback ?? "",
            subject: d.subject,
            body: d.body,
            vouched: [],
            tellAnyway: false,
          })),
        ),
      (e) => live && setLoadError(messageOf(e)),
    );
    unwrap(backend.nextWorkingMorning(timeZone)).then(
      (m) => live && setMorning(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [backend, ids, timeZone]);

  // Render and read each message when it changes (debounced), so the list shows which need
  // work; the others keep their last answer (an edit to one is not a re-check of all).
  const checkedAs = useRef<Record<number, string>>({});
  useEffect(() => {
    if (!items) return;
    let live = true;
    const t = setTimeout(() => {
      items.forEach((it) => {
        const req = requestOf(it, timeZone, null, false).message;
        const key = JSON.stringify(req);
        if (checkedAs.current[it.draft.application_id] === key) return;
        Promise.all([
          unwrap(backend.previewTemplate({ subject: req.subject, body: req.body, candidate_id: req.candidate_id, role_id: req.role_id, values: req.values })).then(
            (r) => ({ rendered: r, problem: null }),
            (e) => ({ rendered: null, problem: messageOf(e) }),
          ),
          unwrap(backend.checkTone(req)).catch(() => [] as Finding[]),
        ]).then(([r, findings]) => {
          if (!live) return;
          checkedAs.current[it.draft.application_id] = key;
          setChecks((c) => ({ ...c, [it.draft.application_id]: { ...r, findings } }));
        });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [backend, items, timeZone]);

  const chosen = useMemo(() => (items ?? []).filter((i) => i.include), [items]);
  const state = (it: Item) => {
    const c = checks[it.draft.application_id];
    if (!c) return "checking";
    if (it.draft.hold_back && !it.tellAnyway) return "waiting";
    if (c.problem || c.findings.some((f) => f.severity === "blocking")) return "blocked";
    return c.findings.length ? "warnings" : "ready";
  };
  const blocked = chosen.some((i) => ["blocked", "checking", "waiting"].includes(state(i)));
  const warned = chosen.some((i) => state(i) === "warnings");
  const update = (i: number, patch: Partial<Item>) => setItems((list) => list && list.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  const send = async () => {
    const sendAt = when === "morning" ? morning : when === "at" && at ? new Date(at).toISOString() : null;
    const sent = await run(() =>
      unwrap(backend.sendDecisions(chosen.map((it) => requestOf(it, timeZone, sendAt, (checks[it.draft.application_id]?.findings.length ?? 0) > 0)))),
    );
    if (!sent) return;
    props.onClose();
    props.nav.changed();
    const n = sent.length;
    if (sendAt) {
      props.nav.notify(`${n === 1 ? "Scheduled" : `${n} messages scheduled`} for ${new Date(sendAt).toLocaleString()}. You can stop them from the Outbox.`);
    } else if (n === 1) {
      props.nav.notify(`Sending to ${sent[0].to_name} in a few seconds.`, {
        label: "Undo",
        run: async () => {
          await unwrap(backend.cancelMessage(sent[0].id));
          props.nav.notify("Stopped; it will not be sent. The application stays closed — reopen it from their page if that was a mistake.");
          props.nav.changed();
        },
      });
    } else {
      props.nav.notify(`Sending ${n} messages.`);
      props.nav.go("outbox");
    }
  };

  const it = items?.[current];
  const check = it ? checks[it.draft.application_id] : undefined;
  const many = (items?.length ?? 0) > 1;
  const sendLabel = `${when === "now" ? "Send" : "Schedule"}${many ? ` ${chosen.length}` : ""}${warned ? " anyway" : ""}`;

  return (
    <Dialog
      title={props.title ?? (many ? `Decisions for ${items?.length} candidates` : `Write the decision${it ? ` to ${it.draft.candidate_name}` : ""}`)}
      onClose={props.onClose}
      onSubmit={send}
      footer={
        <>
          <FormError text={formError} code={formCode} nav={props.nav} />
          <label className="muted" htmlFor="decision-when">Send</label>
          <select id="decision-when" value={when} onChange={(e) => setWhen(e.target.value as When)}>
            <option value="now">Now</option>
            <option value="morning" disabled={!morning}>
              Next working morning{morning ? ` (${new Date(morning).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })})` : ""}
            </option>
            <option value="at">At a time…</option>
          </select>
          {when === "at" && <input type="datetime-local" aria-label="Send at" value={at} onChange={(e) => setAt(e.target.value)} />}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="decision-send" disabled={busy || !items || chosen.length === 0 || blocked || (when === "at" && !at)}>
            {sendLabel}
          </button>
        </>
      }
    >
      {loadError && <div className="banner error" role="alert">{loadError}</div>}
      {!items && !loadError && <p className="muted">Preparing the messages…</p>}
      {items && (
        <div className={many ? "decisions" : undefined}>
          {many && (
            <ul className="decision-list" aria-label="Candidates">
              {items.map((x, i) => (
                <li key={x.draft.application_id} className={i === current ? "current" : undefined}>
                  <input
                    type="checkbox"
                    checked={x.include}
                    aria-label={`Include ${x.draft.candidate_name}`}
                    onChange={(e) => update(i, { include: e.target.checked })}
                  />
                  <button type="button" className="link" onClick={() => setCurrent(i)} aria-current={i === current ? "true" : undefined}>
                    {x.draft.candidate_name}
                  </button>
                  <span className={`badge state-${state(x)}`} data-state={state(x)}>
                    {{ checking: "…", waiting: "Wait", blocked: "Must change", warnings: "Worth a look", ready: "Ready" }[state(x)]}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {it && (
            <div className="decision-editor" data-application={it.draft.application_id}>
              <p className="muted">
                {it.draft.role_title}
                {it.draft.place ? ` · ${PLACE_LABEL[it.draft.place]} place` : ""} ·{" "}
                {
                  {
                    runner_up: "a runner-up message: thanks, and an invitation to stay in touch",
                    role_filled: "the role is filled: they were never interviewed, so there is no interview to thank them for",
                  }[it.draft.purpose as string] ?? "a rejection with feedback"
                }
              </p>
              {it.draft.hold_back && (
                <div className="banner warning" role="status" id="decision-hold-back">
                  <p>
                    <strong>Not yet?</strong> {it.draft.hold_back} Telling them now would close that door; the guidance is to keep your runner-ups warm until your first choice has said yes.
                  </p>
                  <label>
                    <input type="checkbox" id="decision-tell-anyway" checked={it.tellAnyway} onChange={(e) => update(current, { tellAnyway: e.target.checked })} /> Tell them anyway
                  </label>
                </div>
              )}
              <div className="field">
                <label htmlFor="decision-reason">Reason (for your records, not sent)</label>
                <input id="decision-reason" list="decision-reasons" value={it.reason} onChange={(e) => update(current, { reason: e.target.value })} />
                <datalist id="decision-reasons">
                  {REASONS.map((r) => (
                    <option key={r} value={r} />
                  ))}
                </datalist>
              </div>
              <div className="field">
                <label htmlFor="decision-feedback">Feedback for {it.draft.candidate_name.split(" ")[0]}</label>
                <textarea id="decision-feedback" rows={4} value={it.feedback} onChange={(e) => update(current, { feedback: e.target.value })} />
                <div className="hint">
                  {it.draft.interview_notes.length
                    ? "Started from your interview notes: turn them into one or two specific, kind points about their interview."
                    : "One or two specific points from their interview are the most useful thing you can give them."}
                </div>
              </div>
              <details>
                <summary>Edit the text for this message</summary>
                <div className="field">
                  <label htmlFor="decision-subject">Subject</label>
                  <input id="decision-subject" value={it.subject} onChange={(e) => update(current, { subject: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor="decision-body">Message</label>
                  <textarea id="decision-body" rows={8} value={it.body} onChange={(e) => update(current, { body: e.target.value })} />
                </div>
              </details>
              {check?.problem && <div className="banner error" role="alert" id="decision-problem">{check.problem}</div>}
              <ToneFindings findings={check?.findings ?? []} onVouch={(w) => update(current, { vouched: it.vouched.includes(w) ? it.vouched : [...it.vouched, w] })} />
              {check?.rendered && (
                <article className="email" id="decision-preview" aria-label="As they will see it">
                  <div className="email-subject">{check.rendered.subject}</div>
                  <div className="email-body prewrap">{check.rendered.body}</div>
                </article>
              )}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
