import { useEffect, useMemo, useState } from "react";
import type { ApplicationView, Candidate, ComposeRequest, Finding, Purpose, Template } from "../bindings";
import { unwrap, useBackend } from "../backend";
import type { ComposeIntent, Nav } from "../App";
import { Dialog } from "../ui";
import { fullName } from "../labels";
import { useFormErrors } from "./forms";
import { MessageValueFields, RoleSelect, ToneFindings, usePreview } from "./preview";
import { PURPOSE_LABEL } from "./Templates";
import { FormError } from "./FormError";

/** Write to a candidate from a template: fill the message's own values, read it as they will,
 * then send (after a short undo window) or schedule it. */
export function Composer(props: {
  nav: Nav;
  candidate: Candidate;
  applications: ApplicationView[];
  /** Start on the built-in template for this moment (e.g. "update" for Need more time). */
  initialPurpose?: Purpose;
  /** The role it is about and values already known (an offer's terms and start date). */
  about?: ComposeIntent["about"];
  onClose: () => void;
}) {
  const backend = useBackend();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [roleId, setRoleId] = useState<number | null>(props.about?.roleId ?? props.applications[0]?.role_id ?? null);
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...props.about?.values }));
  const [when, setWhen] = useState("");
  /** Words the owner said are a name or a title in this message. */
  const [vouched, setVouched] = useState<string[]>([]);
  const { formError, formCode, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.listTemplates()).then((l) => {
      setTemplates(l);
      const first = l.find((t) => t.builtin && t.purpose === props.initialPurpose) ?? l[0];
      if (first) {
        setTemplateId(first.id);
        setSubject(first.subject);
        setBody(first.body);
      }
    });
  }, [backend, props.initialPurpose]);
  // Their roles, and a role they have not applied for when this is a reconnect.
  const extra = props.about?.roleId !== undefined && props.about.roleTitle ? { role_id: props.about.roleId, role_title: props.about.roleTitle } : null;
  const roles = extra && !props.applications.some((a) => a.role_id === extra.role_id) ? [...props.applications, extra] : props.applications;
  const { result, problem } = usePreview(subject, body, props.candidate.id, roleId, values);
  const [findings, setFindings] = useState<Finding[]>([]);
  const timeZone = props.nav.info?.time_zone ?? null;
  /** The message as it would be sent now; Send adds the schedule and the acknowledgement. */
  const request: ComposeRequest = useMemo(
    () => ({
      candidate_id: props.candidate.id,
      role_id: roleId,
      template_id: templateId,
      subject,
      body,
      values,
      send_at: null,
      acknowledge_warnings: false,
      time_zone: timeZone,
      vouched_names: vouched,
    }),
    [props.candidate.id, roleId, templateId, subject, body, values, timeZone, vouched],
  );
  useEffect(() => {
    if (!result) return setFindings([]);
    let live = true;
    unwrap(backend.checkTone(request)).then(
      (f) => live && setFindings(f),
      () => live && setFindings([]),
    );
    return () => {
      live = false;
    };
  }, [backend, result, request]);
  const blocked = findings.some((f) => f.severity === "blocking");
  // A thank-you promises news by a date: 5 working days after the interview unless changed.
  useEffect(() => {
    unwrap(backend.defaultFollowUpDate(props.candidate.id, roleId)).then(
      (d) => setValues((v) => (v.follow_up_date ? v : { ...v, follow_up_date: d })),
      () => undefined,
    );
  }, [backend, props.candidate.id, roleId]);

  const send = async () => {
    const sendAt = when ? new Date(when).toISOString() : null;
    const m = await run(() =>
      unwrap(backend.sendEmail({ ...request, send_at: sendAt, acknowledge_warnings: findings.length > 0 })),
    );
    if (!m) return;
    props.onClose();
    props.nav.changed();
    if (sendAt) props.nav.notify(`Scheduled for ${new Date(sendAt).toLocaleString()}. You can stop it from the Outbox.`);
    else
      props.nav.notify(`Sending to ${m.to_name} in a few seconds.`, {
        label: "Undo",
        run: async () => {
          await unwrap(backend.cancelMessage(m.id));
          props.nav.notify("Stopped; it will not be sent.");
          props.nav.changed();
        },
      });
  };

  return (
    <Dialog
      title={`Write to ${fullName(props.candidate)}`}
      onClose={props.onClose}
      onSubmit={send}
      footer={
        <>
          <FormError text={formError} code={formCode} nav={props.nav} />
          <label className="muted" htmlFor="compose-when">Send at</label>
          <input id="compose-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-label="Send at (leave empty to send now)" />
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="compose-send" disabled={busy || !result || blocked}>
            {findings.length > 0 && !blocked ? (when ? "Schedule anyway" : "Send anyway") : when ? "Schedule" : "Send"}
          </button>
        </>
      }
    >
      <div className="grid2">
        <div className="field">
          <label htmlFor="compose-template">Template</label>
          <select
            id="compose-template"
            value={templateId ?? ""}
            onChange={(e) => {
              const t = templates.find((x) => x.id === Number(e.target.value));
              if (!t) return;
              setTemplateId(t.id);
              setSubject(t.subject);
              setBody(t.body);
            }}
          >
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {PURPOSE_LABEL[t.purpose]}: {t.name}
              </option>
            ))}
          </select>
        </div>
        <RoleSelect id="compose-role" label="About the role" roles={roles} value={roleId} onChange={setRoleId} />
      </div>
      <MessageValueFields idPrefix="compose" subject={subject} body={body} values={values} onChange={setValues} />
      <details>
        <summary>Edit the text for this message</summary>
        <div className="field">
          <label htmlFor="compose-subject">Subject</label>
          <input id="compose-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="compose-body">Message</label>
          <textarea id="compose-body" rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
      </details>
      {problem && <div className="banner error" role="alert" id="compose-problem">{problem}</div>}
      <ToneFindings findings={findings} onVouch={(w) => setVouched((v) => (v.includes(w) ? v : [...v, w]))} />
      {result && (
        <article className="email" id="compose-preview" aria-label="As they will see it">
          <div className="email-subject">{result.subject}</div>
          <div className="email-body prewrap">{result.body}</div>
        </article>
      )}
    </Dialog>
  );
}
