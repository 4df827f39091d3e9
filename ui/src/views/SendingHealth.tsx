import { useCallback, useEffect, useState } from "react";
import type { OutboxHealth, SendProblem } from "../bindings";
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
  if (error) return <div className="banner error" role="alert">{error}</div>;
  if (!health) return null;
  return (
    <>
      {health.reading && <ReadingStopped nav={nav} problem={health.reading} compact={compact} />}
      {health.problem && <SendingStopped nav={nav} health={health} problem={health.problem} compact={compact} onError={setError} />}
    </>
  );
}

function SendingStopped({
  nav,
  health,
  problem: p,
  compact,
  onError,
}: {
  nav: Nav;
  health: OutboxHealth;
  problem: SendProblem;
  compact: boolean;
  onError: (e: string) => void;
}) {
  const backend = useBackend();
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
              (e) => onError(messageOf(e)),
            )
          }
        >
          Try now
        </button>
      </div>
    </div>
  );
}

/** Why replies cannot be read, when the fix is the owner's: the core's words and its fix. */
function ReadingStopped({ nav, problem, compact }: { nav: Nav; problem: SendProblem; compact: boolean }) {
  return (
    <div className={compact ? "banner warn row" : "banner warn"} role="alert" aria-label="Reading replies stopped">
      <span>
        <strong>Kindly cannot read replies right now.</strong> {compact ? problem.fix : `${problem.message} ${problem.fix}`}
      </span>
      {problem.in_settings && (
        <button type="button" className="btn small" onClick={() => nav.go("settings")}>Open Settings</button>
      )}
    </div>
  );
}
