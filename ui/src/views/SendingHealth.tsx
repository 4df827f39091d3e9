import { useCallback, useEffect, useState } from "react";
import type { OutboxHealth } from "../bindings";
import { messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import type { Nav } from "../App";

const waitingWords = (n: number) => (n === 1 ? "1 message is waiting to go" : `${n} messages are waiting to go`);

/** Why messages cannot go (the server is down, the password was refused…) and the fix: on
 * the Outbox in full, on Today as one line that leads there. Nothing shows while mail flows. */
export function SendingHealth({ nav, compact = false }: { nav: Nav; compact?: boolean }) {
  const backend = useBackend();
  const [health, setHealth] = useState<OutboxHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.outboxHealth()).then(setHealth, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(reload, [reload, nav.version]);
  useCoreEvent("outboxChanged", reload);
  const p = health?.problem;
  if (error) return <div className="banner error" role="alert">{error}</div>;
  if (!health || !p) return null;
  if (compact) {
    return (
      <div className="banner warn row" role="status" aria-label="Messages waiting">
        <span>
          <strong>{waitingWords(health.waiting)}.</strong> Kindly cannot send right now: {p.fix}
        </span>
        <button type="button" className="btn small" onClick={() => nav.go("outbox")}>Open the Outbox</button>
      </div>
    );
  }
  return (
    <div className="banner warn" role="alert" aria-label="Sending stopped">
      <p>
        <strong>{waitingWords(health.waiting)}.</strong> {p.message}
      </p>
      <p>{p.fix} Nothing is lost: they go as soon as the server takes them, each once.</p>
      <div className="actions">
        {p.in_settings && (
          <button type="button" className="btn small primary" onClick={() => nav.go("settings")}>Open Settings</button>
        )}
        <button
          type="button"
          className="btn small"
          onClick={() =>
            unwrap(backend.sendWaitingNow()).then(
              () => nav.notify("Trying again now."),
              (e) => setError(messageOf(e)),
            )
          }
        >
          Try now
        </button>
      </div>
    </div>
  );
}
