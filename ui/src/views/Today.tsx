import { useEffect, useState } from "react";
import type { CandidateRow, Stage, WelcomePlan } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { EmptyState } from "../ui";
import { PLACE_LABEL, STAGE_LABEL, formatDate, fullName } from "../labels";
import { actWith } from "./forms";
import { Welcome } from "./Welcome";
import { FirstSteps } from "./Profile";
import { RemindersSection } from "./Reminders";
import { SendingHealth } from "./SendingHealth";
import { RepliesToRead } from "./Replies";

/** Who is waiting on the owner: interviewed candidates without a decision, and finalists. */
const WAITING: { stage: Stage; title: string; why: string }[] = [
  { stage: "interviewed", title: "Interviewed, waiting for your decision", why: "They gave you their time. Let them know where they stand." },
  { stage: "finalist", title: "Finalists", why: "Check references, then make the offer — and keep your runner-ups warm." },
  { stage: "offer", title: "Offers out", why: "Stay close while they decide." },
];

export function TodayView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [groups, setGroups] = useState<Record<string, { total: number; rows: CandidateRow[] }>>({});
  const [error, setError] = useState<string | null>(null);
  const [plans, setPlans] = useState<WelcomePlan[]>([]);
  useEffect(() => {
    unwrap(backend.welcomePlans()).then(setPlans, (e) => setError(messageOf(e)));
  }, [backend, nav.version]);
  const act = actWith(nav, nav.changed, setError);
  useEffect(() => {
    let live = true;
    Promise.all(
      WAITING.map((w) =>
        unwrap(backend.listCandidates({ search: null, role_id: null, stage: w.stage, sort: "updated", offset: 0, limit: 8 })),
      ),
    ).then(
      (pages) => {
        if (!live) return;
        const g: Record<string, { total: number; rows: CandidateRow[] }> = {};
        WAITING.forEach((w, i) => (g[w.stage] = pages[i]));
        setGroups(g);
      },
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [backend, nav.version]);

  if (nav.info?.is_empty) return <Welcome nav={nav} />;
  const anything = WAITING.some((w) => (groups[w.stage]?.total ?? 0) > 0);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Today</h1>
        <p className="muted">The people waiting to hear from you.</p>
      </header>
      {error && <div className="banner error" role="alert">{error}</div>}
      <SendingHealth nav={nav} compact />
      <FirstSteps nav={nav} />
      <RepliesToRead nav={nav} />
      <RemindersSection nav={nav} />
      {plans.map((p) => (
        <section key={p.offer_id} className="card" aria-label={`Welcome plan for ${p.candidate_name}`}>
          <h2>
            Welcome plan: <button type="button" className="link" onClick={() => nav.openCandidate(p.candidate_id)}>{p.candidate_name}</button>
          </h2>
          <p className="muted">Starts {formatDate(p.start_date)} as {p.role_title}. A good first week is the last promise of the hiring process.</p>
          <ul className="checklist">
            {p.steps.map((st) => (
              <li key={st.id} className={st.done_at ? "done" : st.bucket}>
                <label>
                  <input
                    type="checkbox"
                    checked={Boolean(st.done_at)}
                    disabled={Boolean(st.done_at)}
                    onChange={() => act(() => unwrap(backend.completeReminder(st.id)), `Done: ${st.title}.`)}
                  />
                  <span>{st.title}</span>
                </label>
                <span className="muted">{formatDate(st.due_at)}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {!anything && !error && (
        <EmptyState title="Nobody is waiting on you">
          Every interviewed candidate has an answer. When you record an interview, they will show here until you decide.
        </EmptyState>
      )}
      {WAITING.map((w) => {
        const g = groups[w.stage];
        if (!g || g.total === 0) return null;
        return (
          <section key={w.stage} className="card" aria-label={w.title}>
            <h2>
              {w.title} <span className="count">{g.total}</span>
            </h2>
            <p className="muted">{w.why}</p>
            <ul className="people">
              {g.rows.map((r) => {
                const app = r.applications.find((a) => a.stage === w.stage);
                return (
                  <li key={r.id}>
                    <button type="button" className="link-row" onClick={() => nav.openCandidate(r.id)}>
                      <span className="name">{fullName(r)}</span>
                      <span className="muted">
                        {app?.role_title}
                        {app?.place ? ` · ${PLACE_LABEL[app.place]}` : ""}
                      </span>
                      <span className={`badge stage-${w.stage}`}>{STAGE_LABEL[w.stage]}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
