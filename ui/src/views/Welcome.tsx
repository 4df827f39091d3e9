import { useState } from "react";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { EmptyState } from "../ui";
import { FirstSteps } from "./Profile";

export function Welcome({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setBusy(true);
    try {
      const s = await unwrap(backend.loadSampleData());
      nav.notify(`Loaded ${s.roles} sample roles and ${s.candidates} candidates.`);
      nav.changed();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <EmptyState
        title="Welcome to Kindly"
        actions={
          <>
            <button type="button" className="btn primary" id="load-sample" onClick={load} disabled={busy}>
              Load sample data
            </button>
            <button type="button" className="btn" onClick={() => nav.go("roles")}>
              Add your first role
            </button>
          </>
        }
      >
        <p>
          Kindly keeps your promises to candidates after the interviews: a thank-you and a date for news, a kind and
          useful answer, and a warm line to your runner-ups for the next opening.
        </p>
        <p className="muted">
          Start with a role you are hiring for, or load a few sample roles and candidates to look around first. Sample
          data can only be loaded while Kindly is empty.
        </p>
      </EmptyState>
      {error && <div className="banner error" role="alert">{error}</div>}
      <FirstSteps nav={nav} />
    </div>
  );
}
