import { useCallback, useEffect, useState } from "react";
import type { BatchProgress, MessageStatus, OutboxMessage } from "../bindings";
import { messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import type { Nav } from "../App";
import { EmptyState } from "../ui";
import { formatDateTime } from "../labels";
import { actWith } from "./forms";
import { SendingHealth } from "./SendingHealth";

/** Hear the outbox worker: what changed, and a batch's progress. */
export function useOutboxEvents(onChange: (p: BatchProgress | null) => void) {
  useCoreEvent("outboxChanged", (e) => onChange(e.progress));
}

const GROUPS: { status: MessageStatus[]; title: string; help: string }[] = [
  { status: ["unknown"], title: "Needs your decision", help: "Kindly stopped while sending these. Check your Sent folder: if it arrived, say so; if not, send it again." },
  { status: ["failed"], title: "Not sent", help: "The server refused these, or kept failing. Its reason is shown; fix what it says, then retry." },
  { status: ["queued", "sending"], title: "Waiting to go", help: "Scheduled, retrying, or in their undo window. You can still stop them." },
  { status: ["bounced"], title: "Did not arrive", help: "The receiving server sent these back. The person was not told: check their address, then write again." },
  { status: ["sent"], title: "Sent", help: "" },
];

export function OutboxView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [messages, setMessages] = useState<OutboxMessage[] | null>(null);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Messages that were waiting to go in a restored backup: the owner decides for them all.
  const [sinceRestore, setSinceRestore] = useState(0);
  const reload = useCallback(() => {
    unwrap(backend.listOutbox([])).then(setMessages, (e) => setError(messageOf(e)));
    unwrap(backend.messagesWaitingSinceRestore()).then(setSinceRestore, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(() => {
    reload();
    const t = setInterval(reload, 3000);
    return () => clearInterval(t);
  }, [reload, nav.version]);
  useOutboxEvents(
    useCallback(
      (p: BatchProgress | null) => {
        if (p) setProgress(p);
        reload();
      },
      [reload],
    ),
  );

  const act = actWith(nav, reload, setError);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Outbox</h1>
        <p className="muted">Every message is saved here before it goes, and stays here after.</p>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      <SendingHealth nav={nav} />
      {sinceRestore > 0 && (
        <div className="card" role="region" aria-label="Waiting since the restore" id="since-restore">
          <p>
            <strong>
              {sinceRestore} {sinceRestore === 1 ? "message was" : "messages were"} waiting to go when this backup was made.
            </strong>{" "}
            {sinceRestore === 1 ? "It" : "They"} may have gone out after that, so Kindly has not sent {sinceRestore === 1 ? "it" : "them"}. Check your Sent folder, then:
          </p>
          <div className="actions">
            <button type="button" className="btn" id="send-restored" onClick={() => act(() => unwrap(backend.settleRestoredMessages(true)), "Queued to go now.")}>
              Send {sinceRestore === 1 ? "it" : "them"}
            </button>
            <button type="button" className="btn quiet" id="drop-restored" onClick={() => act(() => unwrap(backend.settleRestoredMessages(false)), "Dropped; they will not be sent.")}>
              Drop {sinceRestore === 1 ? "it" : "them"}
            </button>
          </div>
        </div>
      )}
      {progress && progress.total > 0 && (
        <div className="card" aria-label="Batch progress">
          <div className="row">
            <strong>Sending {progress.total} messages</strong>
            <span className="muted" id="batch-counts">
              {progress.sent} sent · {progress.failed} not sent · {progress.pending} to go
            </span>
          </div>
          <progress max={progress.total} value={progress.sent + progress.failed} aria-label="Batch progress" />
        </div>
      )}
      {messages?.length === 0 && (
        <EmptyState title="Nothing sent yet">Messages you write to candidates appear here, from the moment you press Send.</EmptyState>
      )}
      {GROUPS.map((g) => {
        const list = (messages ?? []).filter((m) => g.status.includes(m.status));
        if (list.length === 0) return null;
        return (
          <section key={g.title} className="card" aria-label={g.title}>
            <h2>
              {g.title} <span className="count">{list.length}</span>
            </h2>
            {g.help && <p className="muted">{g.help}</p>}
            <ul className="messages">
              {list.map((m) => (
                <li key={m.id} className={`msg status-${m.status}`} data-status={m.status}>
                  <div className="msg-main">
                    <button type="button" className="link" onClick={() => m.candidate_id && nav.openCandidate(m.candidate_id)}>
                      {m.to_name || m.to_address}
                    </button>
                    <span className="msg-subject">{m.subject}</span>
                    <span className="muted">
                      {m.status === "sent" && m.sent_at ? `sent ${formatDateTime(m.sent_at)}` : m.status === "queued" ? `goes ${formatDateTime(m.send_after)}` : m.status}
                      {m.attempts > 1 && ` · ${m.attempts} tries`}
                    </span>
                  </div>
                  {m.last_error && m.status !== "sent" && <div className="msg-error">{m.last_error}</div>}
                  {m.status === "sent" && m.copy_warning && (
                    <div className="msg-warning" data-copy-warning>
                      {m.copy_warning} The message itself went; it is not sent again.
                    </div>
                  )}
                  <div className="actions">
                    {m.status === "queued" && (
                      <button type="button" className="btn small quiet" onClick={() => act(() => unwrap(backend.cancelMessage(m.id)), "Stopped; it will not be sent.")}>
                        Cancel
                      </button>
                    )}
                    {(m.status === "failed" || m.status === "unknown") && (
                      <button type="button" className="btn small" onClick={() => act(() => unwrap(backend.retryMessage(m.id)), "Queued again.")}>
                        {m.status === "unknown" ? "It did not arrive: send again" : "Retry"}
                      </button>
                    )}
                    {m.status === "unknown" && (
                      <button type="button" className="btn small quiet" onClick={() => act(() => unwrap(backend.markMessageSent(m.id)), "Marked as sent.")}>
                        It arrived
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
