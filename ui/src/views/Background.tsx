import { useEffect, useState } from "react";
import type { Nav } from "../App";
import type { Background } from "../bindings";
import { unwrap, useBackend } from "../backend";
import { useFormErrors } from "./forms";

/** Kindly with its window closed: it keeps running in the tray (so reminders fire and
 * scheduled messages go), and it can start when the owner logs in. This computer's settings. */
export function BackgroundCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [b, setB] = useState<Background | null>(null);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.getBackground()).then(setB, () => setB(null));
  }, [backend]);
  if (!b) return null;
  return (
    <form
      className="card"
      aria-label="When the window is closed"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.setBackground(b.keep_running, b.start_at_login ?? false)));
        if (saved) {
          setB(saved);
          nav.notify("Saved.");
        }
      }}
    >
      <h2>When the window is closed</h2>
      <div className="field check">
        <label>
          <input type="checkbox" id="bg-keep_running" checked={b.keep_running} onChange={(e) => setB({ ...b, keep_running: e.target.checked })} /> Keep Kindly running in the tray, so reminders
          still pop up and scheduled messages still go
        </label>
      </div>
      {b.start_at_login !== null && (
        <div className="field check">
          <label>
            <input type="checkbox" id="bg-start_at_login" checked={b.start_at_login} onChange={(e) => setB({ ...b, start_at_login: e.target.checked })} aria-invalid={fieldErrors.start_at_login ? true : undefined} /> Start Kindly when I log in,
            quietly in the tray
          </label>
          {fieldErrors.start_at_login && <div className="field-error" role="alert">{fieldErrors.start_at_login}</div>}
        </div>
      )}
      {b.sending_paused && <p className="muted" id="bg-paused">Sending is paused from the tray icon: messages wait in the Outbox until you resume it there.</p>}
      <p className="muted">{b.keep_running ? "Quit Kindly from its tray icon." : "Closing the window quits Kindly: reminders and scheduled messages wait until you open it again."}</p>
      {formError && <div className="form-error" role="alert">{formError}</div>}
      <div className="actions">
        <button type="submit" className="btn" id="save-background" disabled={busy}>Save</button>
      </div>
    </form>
  );
}
