import { useEffect, useState } from "react";
import type { Finding, Rendered } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";

/** The message as the candidate will see it, re-rendered (debounced) as the inputs change. */
export function usePreview(subject: string, body: string, candidateId: number | null, roleId: number | null, values: Record<string, string>) {
  const backend = useBackend();
  const [result, setResult] = useState<Rendered | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (candidateId === null) return;
    let live = true;
    const t = setTimeout(() => {
      unwrap(backend.previewTemplate({ subject, body, candidate_id: candidateId, role_id: roleId, values })).then(
        (r) => {
          if (!live) return;
          setResult(r);
          setProblem(null);
        },
        (e) => {
          if (!live) return;
          setResult(null);
          setProblem(messageOf(e));
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [backend, subject, body, candidateId, roleId, values]);
  return { result, problem };
}

/** Placeholders whose value belongs to one message, typed where the message is written. */
export const MESSAGE_VALUES = ["follow_up_date", "interview_date", "feedback", "offer_summary", "start_date", "reference_name"];
const LONG_VALUES = ["feedback", "offer_summary"];

export function usedPlaceholders(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) out.add(m[1]);
  return [...out];
}

/** The role a message is about, from the candidate's applications. */
export function RoleSelect(props: { id: string; label: string; roles: { role_id: number; role_title: string }[]; value: number | null; onChange: (id: number | null) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">No role</option>
        {props.roles.map((a) => (
          <option key={a.role_id} value={a.role_id}>{a.role_title}</option>
        ))}
      </select>
    </div>
  );
}

/** An input for each of the message's own values that the text uses. */
/** Values picked from a calendar; the core writes them as "Friday 6 March". */
const DATE_VALUES = ["follow_up_date", "start_date", "interview_date"];

export function MessageValueFields(props: {
  idPrefix: string;
  subject: string;
  body: string;
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  const wanted = usedPlaceholders(props.subject, props.body).filter((p) => MESSAGE_VALUES.includes(p));
  return (
    <>
      {wanted.map((p) => {
        const common = {
          id: `${props.idPrefix}-${p}`,
          value: props.values[p] ?? "",
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange({ ...props.values, [p]: e.target.value }),
        };
        return (
          <div className="field" key={p}>
            <label htmlFor={common.id}>{p.replace(/_/g, " ")}</label>
            {LONG_VALUES.includes(p) ? <textarea rows={3} {...common} /> : <input type={DATE_VALUES.includes(p) ? "date" : "text"} {...common} />}
          </div>
        );
      })}
    </>
  );
}

/** What the tone check found, each explained in a sentence: blocking first. A blocking word
 * written like a name, a place or a title ("Grace", "St Mary's Church") can be vouched for,
 * once for that word: the core then reads the message again without it. */
export function ToneFindings({ findings, onVouch }: { findings: Finding[]; onVouch?: (word: string) => void }) {
  if (findings.length === 0) return null;
  return (
    <section className="tone" aria-label="Tone check">
      <h3>Tone check</h3>
      <ul>
        {findings.map((f, i) => (
          <li key={i} className={`finding ${f.severity}`}>
            <strong>{f.severity === "blocking" ? "Must change" : "Worth a look"}:</strong> {f.explanation}
            {onVouch && f.name_or_title && f.excerpt && (
              <>
                {" "}
                <button type="button" className="btn small vouch-name" data-word={f.excerpt} onClick={() => onVouch(f.excerpt ?? "")}>
                  &ldquo;{f.excerpt}&rdquo; is a name / a title
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
