import { useCallback, useEffect, useRef, useState } from "react";
import type { CandidateRow, Placeholder, Purpose, Template } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { fullName } from "../labels";
import { useFormErrors } from "./forms";
import { MessageValueFields, RoleSelect, usePreview } from "./preview";

export const PURPOSE_LABEL: Record<Purpose, string> = {
  thank_you: "Thank you",
  update: "More time",
  rejection: "Rejection",
  role_filled: "Role filled",
  runner_up: "Runner-up",
  reference_supervisor: "Reference: supervisor",
  reference_colleague: "Reference: colleague",
  offer: "Offer",
  welcome: "Welcome",
  stay_in_touch: "Stay in touch",
  reconnect: "Reconnect",
  consent_renewal: "Consent renewal",
};

export function TemplatesView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [list, setList] = useState<Template[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      unwrap(backend.listTemplates()).then((l) => {
        setList(l);
        setSelected((s) => (s !== null && l.some((t) => t.id === s) ? s : (l[0]?.id ?? null)));
      }, (e) => setError(messageOf(e))),
    [backend],
  );
  useEffect(() => {
    reload();
  }, [reload, nav.version]);
  const current = list.find((t) => t.id === selected) ?? null;

  return (
    <div className="page wide">
      <header className="page-head">
        <h1>Templates</h1>
        <p className="muted">What Kindly writes from, for each moment after the interview. Placeholders are filled in for each candidate; a message with a missing value is never sent.</p>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      <div className="templates">
        <ul className="template-list" aria-label="Templates">
          {list.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className={t.id === selected ? "tpl active" : "tpl"}
                aria-current={t.id === selected ? "true" : undefined}
                onClick={() => setSelected(t.id)}
              >
                <span className="tpl-purpose">{PURPOSE_LABEL[t.purpose]}</span>
                <span className="tpl-name">{t.name}</span>
                {t.edited && <span className="badge">edited</span>}
                {!t.builtin && <span className="badge">copy</span>}
              </button>
            </li>
          ))}
        </ul>
        {current && (
          <TemplateEditor
            key={current.id + current.updated_at + String(current.edited)}
            template={current}
            onChanged={(id, text) => {
              if (id !== undefined) setSelected(id);
              if (text) nav.notify(text);
              reload();
            }}
          />
        )}
      </div>
    </div>
  );
}

function TemplateEditor({ template, onChanged }: { template: Template; onChanged: (select?: number, notice?: string) => void }) {
  const backend = useBackend();
  const [name, setName] = useState(template.name);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [placeholders, setPlaceholders] = useState<Placeholder[]>([]);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const dirty = name !== template.name || subject !== template.subject || body !== template.body;
  useEffect(() => {
    backend.listPlaceholders().then(setPlaceholders);
  }, [backend]);

  const insert = (p: string) => {
    const el = bodyRef.current;
    const token = `{{ ${p} }}`;
    if (!el) return setBody(body + token);
    const [a, b] = [el.selectionStart, el.selectionEnd];
    setBody(body.slice(0, a) + token + body.slice(b));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(a + token.length, a + token.length);
    });
  };
  const save = async () => {
    const t = await run(() => unwrap(backend.updateTemplate(template.id, template.version, { name, subject, body })));
    if (t) onChanged(t.id, "Template saved.");
  };
  const act = async (f: () => Promise<Template | null>, notice: string) => {
    const t = await run(f);
    if (t !== undefined) onChanged(t?.id, notice);
  };

  return (
    <div className="template-editor">
      <form
        className="card editor"
        aria-label="Edit template"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor="tpl-name">Name</label>
          <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
          {fieldErrors.name && <div className="field-error" role="alert">{fieldErrors.name}</div>}
        </div>
        <div className="field">
          <label htmlFor="tpl-subject">Subject</label>
          <input id="tpl-subject" value={subject} onChange={(e) => setSubject(e.target.value)} aria-invalid={fieldErrors.subject ? true : undefined} />
          {fieldErrors.subject && <div className="field-error" role="alert">{fieldErrors.subject}</div>}
        </div>
        <div className="field">
          <label htmlFor="tpl-body">Message</label>
          <textarea id="tpl-body" ref={bodyRef} rows={14} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={fieldErrors.body ? true : undefined} />
          {fieldErrors.body && <div className="field-error" role="alert">{fieldErrors.body}</div>}
        </div>
        <div className="placeholders" aria-label="Insert a placeholder">
          {placeholders.map((p) => (
            <button key={p.name} type="button" className="chip" title={p.description} onClick={() => insert(p.name)}>
              {p.name}
            </button>
          ))}
        </div>
        {formError && <div className="form-error" role="alert">{formError}</div>}
        <div className="actions">
          <button type="submit" className="btn primary" id="save-template" disabled={busy || !dirty}>Save</button>
          <button type="button" className="btn" onClick={() => act(() => unwrap(backend.duplicateTemplate(template.id)), "Copy made.")}>Duplicate</button>
          {template.builtin && template.edited && (
            <button type="button" className="btn quiet" onClick={() => act(() => unwrap(backend.restoreTemplate(template.id)), "Kindly's default restored.")}>
              Restore default
            </button>
          )}
          {!template.builtin && (
            <button type="button" className="btn danger" onClick={() => act(() => unwrap(backend.deleteTemplate(template.id)), "Copy deleted.")}>
              Delete copy
            </button>
          )}
        </div>
      </form>
      <Preview subject={subject} body={body} />
    </div>
  );
}

function Preview({ subject, body }: { subject: string; body: string }) {
  const backend = useBackend();
  const [search, setSearch] = useState("");
  const [people, setPeople] = useState<CandidateRow[]>([]);
  const [candidate, setCandidate] = useState<CandidateRow | null>(null);
  const [roleId, setRoleId] = useState<number | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});

  useEffect(() => {
    const t = setTimeout(() => {
      unwrap(backend.listCandidates({ search: search || null, role_id: null, stage: null, sort: "updated", offset: 0, limit: 20 })).then(
        (p) => {
          setPeople(p.rows);
          setCandidate((c) => c ?? p.rows[0] ?? null);
        },
        () => setPeople([]),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [backend, search]);
  useEffect(() => {
    setRoleId(candidate?.applications[0]?.role_id ?? null);
  }, [candidate]);
  const { result, problem } = usePreview(subject, body, candidate?.id ?? null, roleId, values);

  return (
    <section className="card preview" aria-label="Preview">
      <h2>Preview</h2>
      <div className="grid2">
        <div className="field">
          <label htmlFor="preview-search">Candidate</label>
          <input id="preview-search" type="search" placeholder="Search…" value={search} onChange={(e) => setSearch(e.target.value)} />
          <select
            aria-label="Candidate to preview for"
            id="preview-candidate"
            value={candidate?.id ?? ""}
            onChange={(e) => setCandidate(people.find((p) => p.id === Number(e.target.value)) ?? null)}
          >
            {people.map((p) => (
              <option key={p.id} value={p.id}>{fullName(p)}</option>
            ))}
          </select>
        </div>
        <RoleSelect id="preview-role" label="Role" roles={candidate?.applications ?? []} value={roleId} onChange={setRoleId} />
      </div>
      <MessageValueFields idPrefix="value" subject={subject} body={body} values={values} onChange={setValues} />
      {!candidate && <p className="muted">Add a candidate to see how this reads for them.</p>}
      {problem && <div className="banner error" role="alert" id="preview-problem">{problem}</div>}
      {result && (
        <article className="email" id="preview-email">
          <div className="email-subject">{result.subject}</div>
          <div className="email-body prewrap">{result.body}</div>
        </article>
      )}
    </section>
  );
}
