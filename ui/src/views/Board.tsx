import { useEffect, useState } from "react";
import type { Board, BoardCell, BoardRow, NextAction } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { DecisionComposer } from "./Decisions";
import { PLACE_LABEL } from "../labels";
import { ownerZone } from "../day";

/** The role's follow-up board: everyone interviewed, a column for each step of the guidance,
 * each cell its state in words with the next action as one click, and what is left for the
 * role in one sentence. Everything on it is the core's answer; this only lays it out. */
export function RoleBoard({ nav, roleId }: { nav: Nav; roleId: number }) {
  const backend = useBackend();
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<number | null>(null);
  const timeZone = ownerZone(nav.info);
  useEffect(() => {
    let live = true;
    unwrap(backend.roleBoard(roleId, timeZone)).then(
      (b) => live && setBoard(b),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [backend, roleId, timeZone, nav.version]);

  const act = (row: BoardRow, action: NextAction) => {
    const about = { roleId };
    switch (action) {
      case "draft_thank_you":
        return nav.writeTo(row.candidate_id, "thank_you", about);
      case "need_more_time":
        return nav.writeTo(row.candidate_id, "update", about);
      case "reject":
      case "runner_up_message":
      case "ask_consent":
        return setDeciding(row.application_id);
      case "welcome_plan":
        return nav.go("today");
      default:
        // References, the background check and the offer live on their page.
        return nav.openCandidate(row.candidate_id);
    }
  };

  return (
    <div className="page board-page">
      <header className="page-head row">
        <div>
          <h1>{board ? `${board.role_title}: the follow-up` : "The follow-up"}</h1>
          {board && (
            <p className="board-summary" id="board-summary">
              {board.summary}
            </p>
          )}
        </div>
        <button type="button" className="btn" onClick={() => nav.openBoard(null)}>
          All roles
        </button>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      {!board && !error && <p className="muted">Reading the role…</p>}
      {board && board.rows.length > 0 && (
        <div className="board-scroll">
          <table className="board" aria-label={`Follow-up board for ${board.role_title}`}>
            <thead>
              <tr>
                <th scope="col">Person</th>
                {board.columns.map((c) => (
                  <th scope="col" key={c.step} data-step={c.step}>
                    {c.title}
                    <details className="why">
                      <summary>Why</summary>
                      <p>{c.why}</p>
                    </details>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr key={r.application_id} data-application={r.application_id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => nav.openCandidate(r.candidate_id)}>
                      {r.candidate_name}
                    </button>
                    {r.place && <span className="muted"> · {PLACE_LABEL[r.place]}</span>}
                  </th>
                  {r.cells.map((c) => (
                    <Cell key={c.step} cell={c} onAct={(a) => act(r, a)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deciding !== null && (
        <DecisionComposer
          nav={nav}
          applicationIds={[deciding]}
          onClose={() => {
            setDeciding(null);
            nav.changed();
          }}
        />
      )}
    </div>
  );
}

function Cell({ cell, onAct }: { cell: BoardCell; onAct: (a: NextAction) => void }) {
  return (
    <td className={`cell cell-${cell.state}`} data-step={cell.step} data-state={cell.state}>
      <span className="cell-text">{cell.text}</span>
      {cell.action && (
        <button type="button" className="btn small" data-action={cell.action} onClick={() => onAct(cell.action as NextAction)}>
          {cell.action_label}
        </button>
      )}
    </td>
  );
}
