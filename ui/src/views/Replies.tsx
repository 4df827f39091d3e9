import { useCallback, useEffect, useState } from "react";
import type { Reply } from "../bindings";
import { messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import type { Nav } from "../App";
import { formatDateTime } from "../labels";

function ReplyText({ r }: { r: Reply }) {
  return (
    <>
      <p className="prewrap reply-text">{r.text || <span className="muted">(no text of their own)</span>}</p>
      {r.attachments.length > 0 && <p className="muted">Attached: {r.attachments.join(", ")}</p>}
    </>
  );
}

/** What a candidate wrote back, newest first, on their page. */
export function CandidateReplies({ nav, candidateId }: { nav: Nav; candidateId: number }) {
  const backend = useBackend();
  const [replies, setReplies] = useState<Reply[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.candidateReplies(candidateId)).then(setReplies, (e) => setError(messageOf(e)));
  }, [backend, candidateId]);
  useEffect(reload, [reload, nav.version]);
  useCoreEvent("outboxChanged", reload);
  if (error) return <div className="banner error" role="alert">{error}</div>;
  if (replies.length === 0) return null;
  const first = replies[0].name.split(" ")[0];
  return (
    <section className="card" aria-label="Replies">
      <h2>Replies</h2>
      <ul className="replies">
        {replies.map((r) => (
          <li key={r.id}>
            <p>
              <strong>{first} replied</strong> <span className="muted">{formatDateTime(r.received_at)} · “{r.subject}”</span>
            </p>
            <ReplyText r={r} />
          </li>
        ))}
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
