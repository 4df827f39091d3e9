import { useCallback, useEffect, useState } from "react";
import type { BouncedAddress, Reply } from "../bindings";
import { KindlyError, messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import { Dialog } from "../ui";
import type { Nav } from "../App";
import { formatDate, formatDateTime } from "../labels";
import { ownerZone } from "../day";

function ReplyText({ r }: { r: Reply }) {
  return (
    <>
      <p className="prewrap reply-text">{r.text || <span className="muted">(no text of their own)</span>}</p>
      {r.attachments.length > 0 && <p className="muted">Attached: {r.attachments.join(", ")}</p>}
    </>
  );
}

/** A request about their data heard in a reply: what they ask, its month to answer, and the way to answer it. */
function DataRequest(props: { data: Record<string, number>; asks: string; action: string; danger?: boolean; onAct?: () => void }) {
  return (
    <div className="banner warn" {...props.data}>
      {props.asks} Answer within a month: it is on Today until you do.
      {props.onAct && (
        <div className="actions">
          <button type="button" className={props.danger ? "btn small danger" : "btn small"} onClick={props.onAct}>
            {props.action}
          </button>
        </div>
      )}
    </div>
  );
}

/** A candidate's replies (theirs and their referees'), reloaded with every change. */
export function useReplies(nav: Nav, candidateId: number): { replies: Reply[]; error: string | null } {
  const backend = useBackend();
  const [replies, setReplies] = useState<Reply[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.candidateReplies(candidateId)).then(
      (r) => {
        setReplies(r);
        setError(null);
      },
      (e) => setError(messageOf(e)),
    );
  }, [backend, candidateId]);
  useEffect(reload, [reload, nav.version]);
  useCoreEvent("outboxChanged", reload);
  return { replies, error };
}

/** How a reply is introduced: who wrote, and what kind of message it is. */
function heading(r: Reply, first: string): string {
  if (r.kind === "auto_reply") return "Automatic reply (out of office or similar)";
  if (r.kind === "score") return `${first} scored us ${r.score ?? "?"} of 5`;
  return `${r.referee_id !== null ? r.name : first} replied`;
}

/** Replies about one thing (a reference, an offer), where the owner records what they say. */
export function RepliesAbout({ replies }: { replies: Reply[] }) {
  if (replies.length === 0) return null;
  return (
    <ul className="replies" aria-label="Their reply">
      {replies.map((r) => (
        <li key={r.id}>
          <p>
            <strong>{r.name} replied</strong> <span className="muted">{formatDateTime(r.received_at)}</span>
          </p>
          <ReplyText r={r} />
        </li>
      ))}
    </ul>
  );
}

/** A bounced address, flagged on the candidate's page. */
export function BounceFlag({ nav, candidateId }: { nav: Nav; candidateId: number }) {
  const backend = useBackend();
  const [bounce, setBounce] = useState<BouncedAddress | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.candidateBounce(candidateId)).then(setBounce, () => setBounce(null));
  }, [backend, candidateId]);
  useEffect(reload, [reload, nav.version]);
  useCoreEvent("outboxChanged", reload);
  if (!bounce) return null;
  return (
    <div className="banner warn" role="alert" id="bounce-flag">
      This address bounced on {formatDateTime(bounce.bounced_at)}: {bounce.address} did not get your message.
      The server said: “{bounce.diagnostic}”. Check the address, then write again.
    </div>
  );
}

/** What a candidate wrote back, newest first, on their page: with Record consent where the
 * reply answers a request to keep their details, and the way out where it asks to be removed. */
export function CandidateReplies({
  nav,
  candidateId,
  onErase,
  onExport,
}: {
  nav: Nav;
  candidateId: number;
  onErase?: () => void;
  onExport?: () => void;
}) {
  const backend = useBackend();
  const { replies, error: loadError } = useReplies(nav, candidateId);
  const [actError, setError] = useState<string | null>(null);
  // The core's reason to ask first (a reply from another address), and the reply it is about.
  const [confirmSender, setConfirmSender] = useState<{ id: number; why: string } | null>(null);
  const error = actError ?? loadError;
  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await run();
      nav.notify(done);
      nav.changed();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const recordConsent = async (id: number, senderConfirmed: boolean) => {
    setError(null);
    try {
      await unwrap(backend.recordConsentFromReply(id, ownerZone(nav.info), senderConfirmed));
      setConfirmSender(null);
      nav.notify(`${first} is in the talent pool, with consent by email reply.`);
      nav.changed();
    } catch (e) {
      if (e instanceof KindlyError && e.field === "sender") {
        const why = e.message.replace(/^sender: /, "");
        setConfirmSender({ id, why: why.charAt(0).toUpperCase() + why.slice(1) });
      }
      else setError(messageOf(e));
    }
  };
  const own = replies.filter((r) => r.referee_id === null);
  if (own.length === 0) return error ? <div className="banner error" role="alert">{error}</div> : null;
  const first = own[0].name.split(" ")[0];
  return (
    <section className="card" aria-label="Replies">
      {confirmSender && (
        <Dialog
          title="Is this address theirs?"
          onClose={() => setConfirmSender(null)}
          onSubmit={() => void recordConsent(confirmSender.id, true)}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setConfirmSender(null)}>Cancel</button>
              <button type="submit" className="btn primary">Record consent anyway</button>
            </>
          }
        >
          <p>{confirmSender.why}</p>
          <p className="muted">Anyone can reply in a conversation. If you are not sure, write to them at the address you know.</p>
        </Dialog>
      )}
      <h2>Replies</h2>
      {error && <div className="banner error" role="alert">{error}</div>}
      <ul className="replies">
        {own.map((r) => {
          const consent = r.asks_consent && !r.consent_recorded && (
            <button
              type="button"
              className={r.reads_as === "yes" && !r.wrote_to ? "btn small primary" : "btn small"}
              data-record-consent={r.id}
              onClick={() => void recordConsent(r.id, false)}
            >
              Record consent (email reply, {formatDate(r.received_on)})
            </button>
          );
          return (
            <li key={r.id} data-reply={r.id} data-kind={r.kind}>
              <p>
                <strong>{heading(r, first)}</strong> <span className="muted">{formatDateTime(r.received_at)} · “{r.subject}” · from {r.from_address}</span>
              </p>
              {r.wrote_to && (
                <p className="banner warn" data-other-address={r.id}>
                  From another address: {r.from_address}. You wrote to {r.wrote_to}.
                </p>
              )}
              {r.kind !== "score" && <ReplyText r={r} />}
              {r.reads_as === "yes" && consent && <p className="muted">This reads as a yes. Nothing is recorded until you say so.</p>}
              {r.reads_as === "unsure" && consent && <p className="muted">This reads as “not decided yet”: nothing to record until they say.</p>}
              {r.reads_as === "erase" && (
                <DataRequest data={{ "data-asks-erasure": r.id }} asks={`${first} asks you to erase the data you hold about them.`} action="Erase their data…" danger onAct={onErase} />
              )}
              {r.reads_as === "access" && (
                <DataRequest data={{ "data-asks-access": r.id }} asks={`${first} asks for a copy of the data you hold about them.`} action="Export their data…" onAct={onExport} />
              )}
              {r.reads_as === "remove" && (
                <div className="banner warn" data-asks-removal={r.id}>
                  {first} asks to be removed. Take them out of the talent pool, or erase what you hold about them.
                  <div className="actions">
                    <button type="button" className="btn small" onClick={() => act(() => unwrap(backend.leavePool(candidateId, "Asked by email to be removed")), "Taken out of the talent pool.")}>
                      Take out of the pool
                    </button>
                    {onErase && (
                      <button type="button" className="btn small danger" onClick={onErase}>
                        Erase their data…
                      </button>
                    )}
                  </div>
                </div>
              )}
              {r.consent_recorded && <p className="ok-text">Consent recorded from this reply.</p>}
              {consent && <div className="actions">{consent}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Today: replies not read yet, each with Open and Mark as read. */
export function RepliesToRead({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [replies, setReplies] = useState<Reply[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.unreadReplies()).then(setReplies, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(reload, [reload, nav.version]);
  useCoreEvent("outboxChanged", reload);
  if (error) return <div className="banner error" role="alert">{error}</div>;
  if (replies.length === 0) return null;
  return (
    <section className="card" aria-label="Replies to read">
      <h2>
        Replies to read <span className="count">{replies.length}</span>
      </h2>
      <ul className="replies">
        {replies.map((r) => (
          <li key={r.id}>
            <p>
              <strong>{r.name}</strong> <span className="muted">{formatDateTime(r.received_at)} · “{r.subject}”</span>
            </p>
            <ReplyText r={r} />
            <div className="actions">
              {r.candidate_id !== null && (
                <button type="button" className="btn small" onClick={() => nav.openCandidate(r.candidate_id as number)}>
                  Open
                </button>
              )}
              <button
                type="button"
                className="btn small quiet"
                onClick={() => unwrap(backend.markReplyRead(r.id)).then(reload, (e) => setError(messageOf(e)))}
              >
                Mark as read
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
