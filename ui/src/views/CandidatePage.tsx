import { useCallback, useEffect, useState } from "react";
import type { Accepted, ApplicationView, CandidateDetail, Role } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { ComposeIntent, Nav } from "../App";
import { Dialog } from "../ui";
import { moveLabel, PLACE_LABEL, STAGE_LABEL, formatDate, formatDateTime, fullName } from "../labels";
import { CandidateForm } from "./CandidateForm";
import { actWith } from "./forms";
import { Composer } from "./Composer";
import { pickSave } from "../platform";
import { DecisionComposer } from "./Decisions";
import { Celebration, OfferPanel } from "./Offers";
import { PoolCard } from "./Pool";
import { ReferencesPanel, BackgroundCheckPanel } from "./References";
import { BounceFlag, CandidateReplies } from "./Replies";
import { CopiesHolding } from "./DataCare";
import { dayIn, ownerZone } from "../day";

/** What the composer opens on: a template for the moment, about a role. */
type Writing = { purpose?: ComposeIntent["purpose"]; about?: ComposeIntent["about"] };

export function CandidatePage({ nav, id }: { nav: Nav; id: number }) {
  const backend = useBackend();
  const [detail, setDetail] = useState<CandidateDetail | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [withReferences, setWithReferences] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [roleToAdd, setRoleToAdd] = useState("");
  const [writing, setWriting] = useState<Writing | null>(null);
  const [deciding, setDeciding] = useState<number[] | null>(null);
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const { compose, composed } = nav;
  useEffect(() => {
    if (compose?.candidateId === id) {
      setWriting({ purpose: compose.purpose, about: compose.about });
      composed();
    }
  }, [compose, composed, id]);

  const reload = useCallback(() => {
    unwrap(backend.getCandidate(id)).then(setDetail, (e) => setError(messageOf(e)));
  }, [backend, id]);
  useEffect(() => {
    reload();
    unwrap(backend.listRoles()).then(setRoles, () => setRoles([]));
  }, [reload, backend, nav.version]);

  const act = actWith(nav, nav.changed, setError);

  if (!detail)
    return (
      <div className="page">
        <button type="button" className="btn ghost" onClick={() => nav.go("candidates")}>← Candidates</button>
        {error ? <div className="banner error" role="alert">{error}</div> : <p className="muted">Loading…</p>}
      </div>
    );
  const c = detail.candidate;
  const inRoles = new Set(detail.applications.map((a) => a.role_id));
  const addable = roles.filter((r) => r.status === "open" && !inRoles.has(r.id));

  return (
    <div className="page">
      <button type="button" className="btn ghost" id="back" onClick={() => nav.go("candidates")}>← Candidates</button>
      <header className="page-head row">
        <div>
          <h1 id="candidate-name">{fullName(c)}</h1>
          <p className="muted">
            <span id="candidate-email">{c.email}</span>
            {c.phone && ` · ${c.phone}`}
            {c.location && ` · ${c.location}`}
            {c.source && ` · via ${c.source}`}
          </p>
          {c.tags.length > 0 && (
            <p>
              {c.tags.map((t) => (
                <span key={t} className="tag">{t}</span>
              ))}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="button" className="btn primary" id="write-email" onClick={() => setWriting({})}>Write an email</button>
          <button type="button" className="btn" id="edit-candidate" onClick={() => setEditing(true)}>Edit</button>
          <button
            type="button"
            className="btn"
            id="export-candidate"
            onClick={() => setExporting(true)}
          >
            Export their data
          </button>
          <button type="button" className="btn danger" id="delete-candidate" onClick={() => setConfirmDelete(true)}>Erase…</button>
        </div>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      <BounceFlag nav={nav} candidateId={c.id} />
      {c.notes && (
        <section className="card">
          <h2>Notes</h2>
          <p className="prewrap">{c.notes}</p>
        </section>
      )}

      <section className="card" aria-label="Applications">
        <h2>Applications</h2>
        {detail.applications.length === 0 && <p className="muted">Not in any role yet. Add them to the role they interviewed for.</p>}
        {detail.applications.map((a) => (
          <ApplicationCard
            key={a.id}
            nav={nav}
            app={a}
            act={act}
            onDecide={() => setDeciding([a.id])}
            onInterviewRecorded={() => setWriting({ purpose: "thank_you", about: { roleId: a.role_id } })}
            onExtended={(o) => setWriting({ purpose: "offer", about: { roleId: a.role_id, values: { offer_summary: o.terms, start_date: o.start_date } } })}
            onAccepted={(x) => {
              setAccepted(x);
              nav.changed();
            }}
          />
        ))}
        <div className="inline-form">
          <select id="add-role" aria-label="Add to role" value={roleToAdd} onChange={(e) => setRoleToAdd(e.target.value)}>
            <option value="">{addable.length ? "Add to a role…" : "No other open roles"}</option>
            {addable.map((r) => (
              <option key={r.id} value={r.id}>{r.title}</option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            id="add-application"
            disabled={!roleToAdd}
            onClick={() => act(() => unwrap(backend.addApplication(c.id, Number(roleToAdd))).then(() => setRoleToAdd("")), "Added to the role.")}
          >
            Add
          </button>
        </div>
      </section>

      <PoolCard nav={nav} candidateId={c.id} applications={detail.applications} />

      <CandidateReplies nav={nav} candidateId={c.id} onErase={() => setConfirmDelete(true)} onExport={() => setExporting(true)} />

      <section className="card" aria-label="Timeline">
        <h2>Timeline</h2>
        <ol className="timeline" id="timeline">
          {detail.timeline.map((t) => (
            <li key={t.id}>
              <span className="when">{formatDateTime(t.at)}</span>
              <span>{t.summary}</span>
              {t.actor && <span className="muted actor"> · {t.actor}</span>}
            </li>
          ))}
        </ol>
      </section>

      {editing && (
        <CandidateForm
          existing={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            nav.notify("Saved.");
            nav.changed();
          }}
        />
      )}
      {writing && (
        <Composer
          nav={nav}
          candidate={c}
          applications={detail.applications}
          initialPurpose={writing.purpose}
          about={writing.about}
          onClose={() => setWriting(null)}
        />
      )}
      {deciding && <DecisionComposer nav={nav} applicationIds={deciding} onClose={() => setDeciding(null)} />}
      {accepted && (
        <Celebration
          nav={nav}
          accepted={accepted}
          onClose={() => setAccepted(null)}
          onCloseTheLoop={(ids) => {
            setAccepted(null);
            setDeciding(ids);
          }}
        />
      )}
      {exporting && (
        <Dialog
          title={`Export what we hold about ${fullName(c)}`}
          onClose={() => setExporting(false)}
          onSubmit={async () => {
            await act(async () => {
              const file = await pickSave(backend, "access_export", detail.export_file_name);
              if (!file) return;
              setExporting(false);
              await unwrap(backend.exportCandidateData(c.id, withReferences, file.token));
              nav.notify("Saved: a readable page and the data, zipped.");
            });
          }}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setExporting(false)}>Cancel</button>
              <button type="submit" className="btn primary" id="export-save">Choose where to save…</button>
            </>
          }
        >
          <p>A readable page and the same data as a file, for an access request: their details, applications, interviews, messages, consents and history.</p>
          <label>
            <input type="checkbox" id="export-with-references" checked={withReferences} onChange={(e) => setWithReferences(e.target.checked)} /> Include what their referees said
          </label>
          <p className="muted" id="export-references-hint">
            Referees spoke to you in confidence, as your request promised them; a confidential reference may be left out of an answer to an access request, so it is left out unless you include it (their names stay in).
          </p>
        </Dialog>
      )}
      {confirmDelete && (
        <Dialog
          title={`Erase ${fullName(c)}?`}
          onClose={() => setConfirmDelete(false)}
          onSubmit={() =>
            act(async () => {
              await unwrap(backend.eraseCandidate(c.id));
              nav.go("candidates");
            }, `${fullName(c)} erased.`)
          }
          footer={
            <>
              <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>Keep</button>
              <button type="submit" className="btn danger" id="confirm-delete">Erase for good</button>
            </>
          }
        >
          <p>
            Everything Kindly holds about them goes: their details, applications, interviews, messages, references and notes,
            reminders and history. Only anonymous counts remain for your figures. This cannot be undone.
          </p>
          <CopiesHolding candidateId={c.id} />
        </Dialog>
      )}
    </div>
  );
}

function ApplicationCard(props: {
  nav: Nav;
  app: ApplicationView;
  act: (f: () => Promise<unknown>, done?: string) => Promise<void>;
  onDecide: () => void;
  onInterviewRecorded: () => void;
  onExtended: (o: NonNullable<ApplicationView["offer"]>) => void;
  onAccepted: (a: Accepted) => void;
}) {
  const { app, act } = props;
  const backend = useBackend();
  const [date, setDate] = useState(() => dayIn(ownerZone(props.nav.info)));
  const [notes, setNotes] = useState("");
  // Hired comes from an accepted offer (it fills the role and starts the welcome plan).
  const moves = app.next_stages.filter((s) => s !== "hired");
  return (
    <div className="app-card" data-application={app.id}>
      <div className="app-head">
        <strong>{app.role_title}</strong>
        <span className={`badge stage-${app.stage}`} data-testid="stage">{STAGE_LABEL[app.stage]}</span>
        {app.place && <span className="badge place">{PLACE_LABEL[app.place]} place</span>}
        <span className="muted">since {formatDate(app.stage_changed_at)}</span>
        <button type="button" className="btn small quiet" data-open-board={app.role_id} onClick={() => props.nav.openBoard(app.role_id)}>
          The role&rsquo;s follow-up board
        </button>
      </div>
      {app.decision_reason && <p className="muted">Reason: {app.decision_reason}</p>}
      {moves.length > 0 && (
        <div className="moves" role="group" aria-label={`Move ${app.role_title} application`}>
          <span className="muted">Move to</span>
          {moves.map((s) =>
            s === "rejected" ? (
              // A rejection is a message, not just a status: write it.
              <button key={s} type="button" className="btn small quiet" data-stage={s} onClick={props.onDecide}>
                Reject…
              </button>
            ) : (
              <button
                key={s}
                type="button"
                className={`btn small${s === "withdrawn" ? " quiet" : ""}`}
                data-stage={s}
                onClick={() => act(() => unwrap(backend.moveStage(app.id, app.stage, s)), `Moved to ${STAGE_LABEL[s]}.`)}
              >
                {moveLabel(app.stage, s)}
              </button>
            ),
          )}
        </div>
      )}
      <OfferPanel nav={props.nav} app={app} onAccepted={props.onAccepted} onExtended={props.onExtended} />
      {(app.stage === "finalist" || app.stage === "offer") && <ReferencesPanel nav={props.nav} app={app} />}
      <BackgroundCheckPanel nav={props.nav} app={app} />
      {app.stage === "finalist" && (
        <div className="moves">
          <label htmlFor={`place-${app.id}`} className="muted">Place</label>
          <select
            id={`place-${app.id}`}
            value={app.place ?? ""}
            onChange={(e) => act(() => unwrap(backend.setPlace(app.id, e.target.value ? Number(e.target.value) : null)))}
          >
            <option value="">Not placed</option>
            <option value="1">1st</option>
            <option value="2">2nd</option>
            <option value="3">3rd</option>
          </select>
        </div>
      )}
      {app.interviews.length > 0 && (
        <ul className="interviews">
          {app.interviews.map((i) => (
            <li key={i.id}>
              Interview {formatDate(i.held_on)}
              {i.notes && <span className="muted"> — {i.notes}</span>}
            </li>
          ))}
        </ul>
      )}
      {(app.stage === "applied" || app.stage === "interviewing" || app.stage === "interviewed" || app.stage === "finalist") && (
        <div className="inline-form">
          <input type="date" aria-label="Interview date" value={date} onChange={(e) => setDate(e.target.value)} />
          <input type="text" aria-label="Interview notes" placeholder="Notes (what stood out)" value={notes} onChange={(e) => setNotes(e.target.value)} />
          <button
            type="button"
            className="btn small"
            onClick={() =>
              act(
                () =>
                  unwrap(backend.addInterview(app.id, date, notes)).then(() => {
                    setNotes("");
                    // Thank them while the interview is fresh: the draft opens now.
                    props.onInterviewRecorded();
                  }),
                "Interview recorded.",
              )
            }
          >
            Record interview
          </button>
        </div>
      )}
    </div>
  );
}
