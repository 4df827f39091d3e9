import { useCallback, useEffect, useState } from "react";
import type { ApplicationView, ConsentMethod, PoolMember, Role, Suggestion } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog, EmptyState, Field } from "../ui";
import { PLACE_LABEL, formatDate } from "../labels";
import { actWith, useFormErrors } from "./forms";
import { dayIn, ownerZone } from "../day";

export const METHOD_LABEL: Record<ConsentMethod, string> = {
  email_reply: "Replied by email",
  in_person: "In person",
  form: "On a form",
  phone: "By phone",
};

const STATUS_LABEL: Record<PoolMember["status"], string> = {
  active: "In the talent pool",
  expiring: "Consent ends soon",
  expired: "Consent has ended",
};

/** Their consent, as the owner records it: when, how, and anything worth noting. */
function ConsentFields(props: { idPrefix: string; givenOn: string; setGivenOn: (v: string) => void; method: ConsentMethod; setMethod: (m: ConsentMethod) => void; notes: string; setNotes: (v: string) => void; errors: Record<string, string> }) {
  return (
    <>
      <div className="grid2">
        <Field idPrefix={props.idPrefix} name="given_on" type="date" label="Consent given on" value={props.givenOn} onChange={props.setGivenOn} error={props.errors.given_on} required />
        <div className="field">
          <label htmlFor={`${props.idPrefix}-method`}>How they gave it</label>
          <select id={`${props.idPrefix}-method`} value={props.method} onChange={(e) => props.setMethod(e.target.value as ConsentMethod)}>
            {Object.entries(METHOD_LABEL).map(([k, v]) => (
              <option key={k} value={k}>{v}</option>
            ))}
          </select>
        </div>
      </div>
      <Field idPrefix={props.idPrefix} name="notes" label="Notes" value={props.notes} onChange={props.setNotes} error={props.errors.notes} />
    </>
  );
}

/** Record consent (to the talent pool or to contact references). */
export function ConsentDialog(props: {
  nav: Nav;
  title: string;
  explain: string;
  onClose: () => void;
  save: (givenOn: string, method: ConsentMethod, notes: string) => Promise<unknown>;
}) {
  const [givenOn, setGivenOn] = useState(() => dayIn(ownerZone(props.nav.info)));
  const [method, setMethod] = useState<ConsentMethod>("email_reply");
  const [notes, setNotes] = useState("");
  const { fieldErrors, formError, busy, run } = useFormErrors();
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={async () => {
        const done = await run(() => props.save(givenOn, method, notes));
        if (done === undefined) return;
        props.onClose();
        props.nav.changed();
      }}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="consent-save" disabled={busy}>Record consent</button>
        </>
      }
    >
      <p className="muted">{props.explain}</p>
      <ConsentFields idPrefix="consent" givenOn={givenOn} setGivenOn={setGivenOn} method={method} setMethod={setMethod} notes={notes} setNotes={setNotes} errors={fieldErrors} />
    </Dialog>
  );
}

/** A candidate's place in the talent pool, on their page. */
export function PoolCard({ nav, candidateId, applications }: { nav: Nav; candidateId: number; applications: ApplicationView[] }) {
  const backend = useBackend();
  const [member, setMember] = useState<PoolMember | null | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    unwrap(backend.poolMember(candidateId)).then(setMember, (e) => setError(messageOf(e)));
  }, [backend, candidateId, nav.version]);
  const act = actWith(nav, nav.changed, setError);
  if (member === undefined) return null;
  // The application they were placed in: a runner-up's, else the latest.
  const from = applications.find((a) => a.place === 2 || a.place === 3) ?? applications[0];
  return (
    <section className="card" aria-label="Talent pool">
      <h2>Talent pool</h2>
      {error && <div className="banner error" role="alert">{error}</div>}
      {member ? (
        <>
          <p>
            <span className={`badge pool-${member.status}`} id="pool-status">{STATUS_LABEL[member.status]}</span>{" "}
            <span className="muted">
              consent until {member.consent_expires_on ? formatDate(member.consent_expires_on) : "—"} · next check-in {formatDate(member.next_contact_on)}
              {member.contact_overdue && " (overdue)"}
            </span>
          </p>
          <div className="actions">
            <button type="button" className="btn small" onClick={() => nav.writeTo(candidateId, "stay_in_touch", { roleId: member.role_id ?? undefined })}>Write a check-in</button>
            <button type="button" className="btn small" onClick={() => act(() => unwrap(backend.logPoolContact(candidateId, "")), "Logged. The next check-in moves on.")}>We spoke</button>
            {member.status !== "active" && (
              <button type="button" className="btn small" onClick={() => nav.writeTo(candidateId, "consent_renewal", { roleId: member.role_id ?? undefined })}>Ask to renew consent</button>
            )}
            <button type="button" className="btn small quiet" onClick={() => act(() => unwrap(backend.leavePool(candidateId, "")), "Taken out of the talent pool.")}>Take out of the pool</button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">Runner-ups you would hire next time: keep them, with their consent, and Kindly reminds you to stay in touch.</p>
          <button type="button" className="btn small" id="add-to-pool" onClick={() => setAdding(true)}>Add to the talent pool…</button>
        </>
      )}
      {adding && (
        <ConsentDialog
          nav={nav}
          title="Add to the talent pool"
          explain="Only with their consent: record when and how they agreed that you may keep their details and contact them about future roles. It lasts 12 months unless changed in Settings."
          onClose={() => setAdding(false)}
          save={(given_on, method, notes) =>
            unwrap(backend.addToPool({ candidate_id: candidateId, application_id: from?.id ?? null, given_on, method, notes, time_zone: ownerZone(nav.info) })).then((m) => {
              nav.notify("In the talent pool. Kindly will remind you to stay in touch.");
              return m;
            })
          }
        />
      )}
    </section>
  );
}

/** Pool members who fit a role, each with a reconnect draft. */
export function SuggestionsDialog({ nav, role, onClose }: { nav: Nav; role: Role; onClose: () => void }) {
  const backend = useBackend();
  const [list, setList] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    unwrap(backend.reconnectSuggestions(role.id)).then(setList, (e) => setError(messageOf(e)));
  }, [backend, role.id]);
  return (
    <Dialog
      title={`Runner-ups who might fit ${role.title}`}
      onClose={onClose}
      onSubmit={onClose}
      footer={<button type="submit" className="btn">Close</button>}
    >
      {error && <div className="banner error" role="alert">{error}</div>}
      {list?.length === 0 && <p className="muted">Nobody in the talent pool came close to a role like this one yet.</p>}
      <ul className="people suggestions">
        {list?.map((s) => (
          <li key={s.member.id} data-candidate={s.member.candidate_id}>
            <div>
              <strong>{s.member.candidate_name}</strong>{" "}
              <span className="muted">
                {s.member.place ? `${PLACE_LABEL[s.member.place]} for ` : ""}
                {s.member.role_title} · last in touch {formatDate(s.member.last_contact_at)}
              </span>
              <div className="muted small">{s.reasons.join(" · ")}</div>
            </div>
            <button
              type="button"
              className="btn small primary"
              onClick={() => {
                onClose();
                nav.writeTo(s.member.candidate_id, "reconnect", { roleId: role.id, roleTitle: role.title });
              }}
            >
              Write to {s.member.candidate_name.split(" ")[0]}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

/** Everyone in the pool: who is due a check-in, whose consent ends soon. */
export function PoolView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [list, setList] = useState<PoolMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.talentPool()).then(setList, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(reload, [reload, nav.version]);
  const renew = (list ?? []).filter((m) => m.status !== "active");
  return (
    <div className="page">
      <header className="page-head">
        <h1>Talent pool</h1>
        <p className="muted">Your runner-ups, kept warm with their consent. When a similar role opens, they are the first people to call.</p>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      {list?.length === 0 && <EmptyState title="Nobody in the pool yet">When a runner-up agrees to stay in touch, add them from their page.</EmptyState>}
      {renew.length > 0 && (
        <section className="card" aria-label="Consent to renew">
          <h2>Consent ending or ended</h2>
          <p className="muted">Ask before it ends; once it has, they are out of the pool and of suggestions until they agree again.</p>
          <ul className="people">
            {renew.map((m) => (
              <li key={m.id}>
                <button type="button" className="link" onClick={() => nav.openCandidate(m.candidate_id)}>{m.candidate_name}</button>{" "}
                <span className="muted">{STATUS_LABEL[m.status]} · {m.consent_expires_on && formatDate(m.consent_expires_on)}</span>{" "}
                <button type="button" className="btn small" onClick={() => nav.writeTo(m.candidate_id, "consent_renewal", { roleId: m.role_id ?? undefined })}>Ask to renew</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {list && list.length > 0 && (
        <section className="card" aria-label="Members">
          <h2>Members <span className="count">{list.length}</span></h2>
          <table className="table">
            <thead>
              <tr><th>Name</th><th>From</th><th>Last in touch</th><th>Next check-in</th><th>Consent until</th><th /></tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} className={m.contact_overdue ? "overdue" : undefined}>
                  <td><button type="button" className="link" onClick={() => nav.openCandidate(m.candidate_id)}>{m.candidate_name}</button></td>
                  <td>{m.role_title ?? "—"}{m.place ? ` (${PLACE_LABEL[m.place]})` : ""}</td>
                  <td>{formatDate(m.last_contact_at)}</td>
                  <td>{formatDate(m.next_contact_on)}{m.contact_overdue ? " · overdue" : ""}</td>
                  <td>{m.consent_expires_on ? formatDate(m.consent_expires_on) : "—"}</td>
                  <td>
                    {m.status !== "expired" && (
                      <button type="button" className="btn small" onClick={() => nav.writeTo(m.candidate_id, "stay_in_touch", { roleId: m.role_id ?? undefined })}>Write a check-in</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
