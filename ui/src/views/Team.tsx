import { useState } from "react";
import type { Nav } from "../App";
import type { TableMoved, TeamCheck, TeamServer } from "../bindings";
import { unwrap, useBackend } from "../backend";
import { Field } from "../ui";
import { useFormErrors } from "./forms";

/** The person at this computer: their name goes on what they do when a team shares a server. */
function DesktopName({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [name, setName] = useState(nav.info?.desktop_name ?? "");
  const { fieldErrors, formError, busy, run } = useFormErrors();
  return (
    <form
      aria-label="Your name on this computer"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await run(() => unwrap(backend.setDesktopName(name)));
        if (saved !== undefined) {
          setName(saved ?? "");
          nav.notify(saved ? `Your changes now show as ${saved}'s.` : "Saved.");
          nav.changed();
        }
      }}
    >
      <Field
        idPrefix="team"
        name="desktop_name"
        label="Your name on this computer"
        hint="Shown beside what you do, on every timeline, when your team shares a server."
        value={name}
        onChange={setName}
        error={fieldErrors.desktop_name}
      />
      {formError && <div className="form-error" role="alert">{formError}</div>}
      <div className="actions">
        <button type="submit" className="btn" id="save-desktop-name" disabled={busy}>Save name</button>
      </div>
    </form>
  );
}

/** What the server check found, in the owner's words. */
function checked(c: TeamCheck): string {
  const tls = c.verified_tls ? "its certificate checked" : "on this computer, so no certificate is needed";
  const held = c.candidates === 0 ? "It holds no candidates yet." : `It holds ${c.candidates.toLocaleString()} candidates.`;
  return `Connected to ${c.location}, ${tls}. ${held}`;
}

function movedSummary(moved: TableMoved[]): string {
  const n = (t: string, one: string, many: string) => {
    const rows = moved.find((m) => m.table === t)?.rows ?? 0;
    return `${rows.toLocaleString()} ${rows === 1 ? one : many}`;
  };
  return `Moved ${n("candidates", "candidate", "candidates")}, ${n("roles", "role", "roles")} and ${n("messages", "message", "messages")}; every table counted the same on both sides.`;
}

export function TeamCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const joined = nav.info?.team ?? null;
  const [server, setServer] = useState<TeamServer>({ host: "", port: 5432, database: "kindly", user: "" });
  const [password, setPassword] = useState("");
  const [found, setFound] = useState<TeamCheck | null>(null);
  const [moveData, setMoveData] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const set = (k: keyof TeamServer) => (v: string) => {
    setFound(null);
    setServer({ ...server, [k]: k === "port" ? (v.trim() === "" || Number.isNaN(Number(v)) ? 0 : Math.trunc(Number(v))) : v });
  };
  const hasData = nav.info ? !nav.info.is_empty : false;
  return (
    <section className="card" aria-label="Team">
      <h2>Team</h2>
      <DesktopName nav={nav} />
      {joined ? (
        <>
          <p id="team-joined">
            This computer works on your team's server: <span className="mono">{`${joined.user}@${joined.host}:${joined.port}/${joined.database}`}</span>.
          </p>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          {confirmLeave ? (
            <div className="confirm" role="alert">
              Work on this computer's own file again? The team's server keeps the team's work.{" "}
              <button type="button" className="btn small" id="confirm-leave-team" onClick={() => run(() => unwrap(backend.leaveTeam())).then(() => setDone("Kindly restarts on this computer's own file."))}>
                Leave the team
              </button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" className="btn" id="leave-team" onClick={() => setConfirmLeave(true)}>Leave the team…</button>
            </div>
          )}
        </>
      ) : (
        <form
          aria-label="Join a team's server"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!found) {
              const c = await run(() => unwrap(backend.checkTeamServer(server, password)));
              if (c) setFound(c);
              return;
            }
            const moved = await run(() => unwrap(backend.joinTeam(server, password, moveData && hasData && found.candidates === 0)));
            if (moved) setDone(`${moved.length ? movedSummary(moved) + " " : ""}Kindly restarts on the team's server.`);
          }}
        >
          <p className="muted">
            When several people hire together, Kindly can share one PostgreSQL server. Ask whoever runs it for these; the
            password is kept in this computer's keychain.
          </p>
          <div className="grid2">
            <Field idPrefix="team" name="host" label="Server" value={server.host} onChange={set("host")} error={fieldErrors.team_host} />
            <Field idPrefix="team" name="port" type="number" label="Port" value={String(server.port)} onChange={set("port")} error={fieldErrors.team_port} />
          </div>
          <div className="grid2">
            <Field idPrefix="team" name="database" label="Database" value={server.database} onChange={set("database")} error={fieldErrors.team_database} />
            <Field idPrefix="team" name="user" label="User" value={server.user} onChange={set("user")} error={fieldErrors.team_user} />
          </div>
          <Field idPrefix="team" name="password" type="password" label="Password" value={password} onChange={(v) => { setFound(null); setPassword(v); }} />
          {found && (
            <div role="status" id="team-found">
              <p>{checked(found)}</p>
              {hasData && found.candidates === 0 && (
                <div className="field check">
                  <label>
                    <input type="checkbox" id="team-move-data" checked={moveData} onChange={(e) => setMoveData(e.target.checked)} /> Move my data to the
                    team's server (once; this computer's file is kept as it is)
                  </label>
                </div>
              )}
            </div>
          )}
          {formError && <div className="form-error" role="alert">{formError}</div>}
          {done && <div role="status" id="team-done">{done}</div>}
          <div className="actions">
            <button type="submit" className="btn primary" id={found ? "join-team" : "check-team"} disabled={busy || done !== null}>
              {found ? "Join the team" : "Test connection"}
            </button>
          </div>
        </form>
      )}
      {joined && done && <div role="status" id="team-done">{done}</div>}
    </section>
  );
}
