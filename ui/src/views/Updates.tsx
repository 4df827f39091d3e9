import { useEffect, useState } from "react";
import type { Nav } from "../App";
import type { UpdateReady, UpdatesView } from "../bindings";
import { messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import { useFormErrors } from "./forms";

/** A newer Kindly that was found: what's new, and installing it on the owner's click. The
 * core checks its signature before anything is written; a refusal says so, and this version
 * keeps running. */
export function UpdateOffer({ ready, onLater }: { ready: UpdateReady; onLater?: () => void }) {
  const backend = useBackend();
  const [state, setState] = useState<"ready" | "installing" | "installed">("ready");
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="update-offer" id="update-offer" aria-label="A new version of Kindly">
      <p>
        <strong>Kindly {ready.version} is ready.</strong>
        {ready.date && <span className="muted"> Published {ready.date.slice(0, 10)}.</span>}
      </p>
      {ready.notes && (
        <>
          <p className="muted">What's new:</p>
          <pre className="update-notes" id="update-notes">{ready.notes}</pre>
        </>
      )}
      {error && (
        <div className="form-error" role="alert" id="update-error">
          {error}
        </div>
      )}
      {state === "installed" ? (
        <p role="status" id="update-installed">
          Installed. Kindly restarts into {ready.version} now; your data stays as it is.
        </p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn"
            id="install-update"
            disabled={state === "installing"}
            onClick={async () => {
              setError(null);
              setState("installing");
              try {
                await unwrap(backend.installUpdate());
                setState("installed");
              } catch (e) {
                setError(messageOf(e));
                setState("ready");
              }
            }}
          >
            {state === "installing" ? "Checking and installing…" : "Install and restart"}
          </button>
          {onLater && (
            <button type="button" className="btn ghost" onClick={onLater}>
              Later
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** What Kindly's own look for updates found (at start and once a day), at the top of the
 * window until installed or put off. */
export function UpdateBanner() {
  const [ready, setReady] = useState<UpdateReady | null>(null);
  useCoreEvent("updateReady", setReady);
  if (!ready) return null;
  return (
    <section className="banner" aria-label="Update">
      <UpdateOffer ready={ready} onLater={() => setReady(null)} />
    </section>
  );
}

/** Settings → Updates: whether Kindly looks by itself and where, and looking now. This
 * computer's settings. */
export function UpdatesCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [u, setU] = useState<UpdatesView | null>(null);
  const [endpoint, setEndpoint] = useState("");
  const [found, setFound] = useState<UpdateReady | "newest" | null>(null);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  useEffect(() => {
    unwrap(backend.getUpdates()).then(
      (v) => {
        setU(v);
        setEndpoint(v.endpoint ?? "");
      },
      () => setU(null),
    );
  }, [backend]);
  if (!u) return null;
  return (
    <form
      className="card"
      aria-label="Updates"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.setUpdates(u.check_automatically, endpoint)));
        if (saved) {
          setU(saved);
          setEndpoint(saved.endpoint ?? "");
          nav.notify("Saved.");
        }
      }}
    >
      <h2>Updates</h2>
      <p className="muted" id="up-version">
        This is Kindly {u.version}. A new version is installed only when its signature matches the one Kindly's makers sign with, and only when you click Install.
      </p>
      <div className="field check">
        <label>
          <input type="checkbox" id="up-check_automatically" checked={u.check_automatically} onChange={(e) => setU({ ...u, check_automatically: e.target.checked })} /> Look for a new
          version when Kindly starts and once a day
        </label>
      </div>
      <div className="field">
        <label htmlFor="up-endpoint">Update address</label>
        <input
          id="up-endpoint"
          value={endpoint}
          placeholder="Kindly's own"
          onChange={(e) => setEndpoint(e.target.value)}
          aria-invalid={fieldErrors.update_endpoint ? true : undefined}
          aria-describedby={fieldErrors.update_endpoint ? "up-endpoint-error" : undefined}
        />
        {fieldErrors.update_endpoint && (
          <div className="field-error" role="alert" id="up-endpoint-error">
            {fieldErrors.update_endpoint}
          </div>
        )}
      </div>
      {formError && <div className="form-error" role="alert">{formError}</div>}
      {!u.can_update && <p className="muted">This copy of Kindly was not installed from a package, so it can't update itself.</p>}
      <div className="actions">
        <button type="submit" className="btn" id="save-updates" disabled={busy}>
          Save
        </button>
        <button
          type="button"
          className="btn ghost"
          id="check-update"
          disabled={busy || !u.can_update}
          onClick={async () => {
            setFound(null);
            const r = await run(async () => (await unwrap(backend.checkForUpdate())) ?? ("newest" as const));
            if (r) setFound(r);
          }}
        >
          Look now
        </button>
      </div>
      {found === "newest" && (
        <p role="status" id="up-newest">
          This is the newest Kindly.
        </p>
      )}
      {found && found !== "newest" && <UpdateOffer ready={found} />}
    </form>
  );
}
