import { useCallback, useEffect, useState } from "react";
import type { Role, RoleInput, RoleStatus } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog, EmptyState, Field } from "../ui";
import { ROLE_STATUS_LABEL, STAGE_LABEL, formatDate, splitTags } from "../labels";
import { actWith, useFormErrors } from "./forms";
import { DecisionComposer } from "./Decisions";
import { SuggestionsDialog } from "./Pool";
import { RoleBoard } from "./Board";
import { dayIn, ownerZone } from "../day";

export function RolesView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Role | "new" | null>(null);
  const [deciding, setDeciding] = useState<{ role: Role; ids: number[] } | null>(null);
  const [suggesting, setSuggesting] = useState<Role | null>(null);
  /** A role that opens (new or reopened): who from the pool might fit, if anyone. */
  const suggestFor = async (r: Role) => {
    const list = await unwrap(backend.reconnectSuggestions(r.id)).catch(() => []);
    if (list.length > 0) setSuggesting(r);
  };
  /** Everyone in the role still without a final message, drafted one by one. */
  const closeTheLoop = (r: Role) =>
    act(async () => {
      const all = await unwrap(backend.looseEnds(r.id));
      const ends = all.filter((e) => !e.being_told);
      const telling = all.length - ends.length;
      const onTheWay = telling === 1 ? "1 message is on its way (see the Outbox)" : `${telling} messages are on their way (see the Outbox)`;
      if (ends.length > 0) setDeciding({ role: r, ids: ends.map((e) => e.application_id) });
      else if (telling > 0) nav.notify(`Nobody else in ${r.title} is waiting for a message; ${onTheWay}.`);
      else nav.notify(`Everyone in ${r.title} has heard from you.`);
    });
  const reload = useCallback(() => {
    unwrap(backend.listRoles()).then(setRoles, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(reload, [reload, nav.version]);

  const act = actWith(nav, nav.changed, setError);
  const setStatus = (r: Role, status: RoleStatus) =>
    act(async () => {
      const saved = await unwrap(backend.setRoleStatus(r.id, status));
      if (status === "open") await suggestFor(saved);
    }, `${r.title} is now ${ROLE_STATUS_LABEL[status].toLowerCase()}.`);

  if (nav.boardRoleId !== null) return <RoleBoard nav={nav} roleId={nav.boardRoleId} />;
  return (
    <div className="page">
      <header className="page-head row">
        <div>
          <h1>Roles</h1>
          <p className="muted">The openings you are hiring for.</p>
        </div>
        <button type="button" className="btn primary" id="new-role" onClick={() => setEditing("new")}>New role</button>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      {roles?.length === 0 && (
        <EmptyState title="No roles yet">Add the role you are interviewing for. Candidates join it as they apply.</EmptyState>
      )}
      <div className="role-list">
        {roles?.map((r) => (
          <article key={r.id} className={`card role status-${r.status}`} aria-label={r.title}>
            <div className="role-head">
              <h2>{r.title}</h2>
              <span className={`badge role-${r.status}`}>{ROLE_STATUS_LABEL[r.status]}</span>
            </div>
            <p className="muted">
              {[r.department, r.location].filter(Boolean).join(" · ")}
              {(r.department || r.location) && " · "}opened {formatDate(r.opened_on)}
            </p>
            {r.tags.length > 0 && <p>{r.tags.map((t) => <span key={t} className="tag">{t}</span>)}</p>}
            <div className="counts">
              {r.stage_counts.length === 0 && <span className="muted">No candidates yet</span>}
              {r.stage_counts.map((c) => (
                <span key={c.stage} className={`badge stage-${c.stage}`}>
                  {STAGE_LABEL[c.stage]} {c.count}
                </span>
              ))}
            </div>
            <div className="actions">
              <button type="button" className="btn small" onClick={() => setEditing(r)}>Edit</button>
              {r.stage_counts.length > 0 && (
                <button type="button" className="btn small primary" data-role-board={r.id} onClick={() => nav.openBoard(r.id)}>
                  Follow-up board
                </button>
              )}
              {r.status === "open" && (
                <button type="button" className="btn small" data-role-suggest={r.id} onClick={() => setSuggesting(r)}>
                  Runner-ups who might fit
                </button>
              )}
              {r.stage_counts.length > 0 && (
                <button type="button" className="btn small" data-role-loop={r.id} onClick={() => closeTheLoop(r)} title="Write to everyone who has not had a final message">
                  Close the loop
                </button>
              )}
              {r.status === "open" ? (
                <button type="button" className="btn small quiet" onClick={() => setStatus(r, "closed")}>Close</button>
              ) : (
                <button type="button" className="btn small" onClick={() => setStatus(r, "open")}>Reopen</button>
              )}
              {r.status === "open" && (
                <button type="button" className="btn small quiet" onClick={() => setStatus(r, "filled")}>Mark filled</button>
              )}
            </div>
          </article>
        ))}
      </div>
      {suggesting && <SuggestionsDialog nav={nav} role={suggesting} onClose={() => setSuggesting(null)} />}
      {deciding && (
        <DecisionComposer
          nav={nav}
          title={`Close the loop: ${deciding.role.title}`}
          applicationIds={deciding.ids}
          onClose={() => setDeciding(null)}
        />
      )}
      {editing && (
        <RoleForm
          zone={ownerZone(nav.info)}
          existing={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            const isNew = editing === "new";
            setEditing(null);
            nav.notify(`${r.title} saved.`);
            nav.changed();
            if (isNew) void suggestFor(r);
          }}
        />
      )}
    </div>
  );
}

function RoleForm(props: { existing: Role | null; zone: string; onClose: () => void; onSaved: (r: Role) => void }) {
  const backend = useBackend();
  const e = props.existing;
  const [title, setTitle] = useState(e?.title ?? "");
  const [department, setDepartment] = useState(e?.department ?? "");
  const [location, setLocation] = useState(e?.location ?? "");
  const [tags, setTags] = useState(e?.tags.join(", ") ?? "");
  const [openedOn, setOpenedOn] = useState(e?.opened_on ?? dayIn(props.zone));
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const save = async () => {
    const input: RoleInput = { title, department, location, tags: splitTags(tags), opened_on: openedOn || null };
    const saved = await run(() => unwrap(e ? backend.updateRole(e.id, e.version, input) : backend.createRole(input)));
    if (saved) props.onSaved(saved);
  };
  return (
    <Dialog
      title={e ? "Edit role" : "New role"}
      onClose={props.onClose}
      onSubmit={save}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="save-role" disabled={busy}>{e ? "Save changes" : "Add role"}</button>
        </>
      }
    >
      <Field idPrefix="role" name="title" label="Title" value={title} onChange={setTitle} error={fieldErrors.title} required />
      <div className="grid2">
        <Field idPrefix="role" name="department" label="Department" value={department} onChange={setDepartment} error={fieldErrors.department} />
        <Field idPrefix="role" name="location" label="Location" value={location} onChange={setLocation} error={fieldErrors.location} />
      </div>
      <div className="grid2">
        <Field idPrefix="role" name="tags" label="Tags" value={tags} onChange={setTags} error={fieldErrors.tags} hint="Separated by commas" />
        <Field idPrefix="role" name="opened_on" label="Opened on" type="date" value={openedOn} onChange={setOpenedOn} error={fieldErrors.opened_on} />
      </div>
    </Dialog>
  );
}
