import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { AppInfo, Purpose } from "./bindings";
import { BackendContext, messageOf, tauriBackend, unwrap, useCoreEvent, type Backend } from "./backend";
import { TodayView } from "./views/Today";
import { SomethingWentWrong } from "./views/SomethingWentWrong";
import { UpdateBanner } from "./views/Updates";
import { CandidatesView } from "./views/Candidates";
// What the window opens on (Today) and the list beside it load with it; every other section is
// loaded when first opened, so less code is read before the first screen (make bench: startup).
// The pulse check also brings the charting library.
const CandidatePage = lazy(() => import("./views/CandidatePage").then((m) => ({ default: m.CandidatePage })));
const RolesView = lazy(() => import("./views/Roles").then((m) => ({ default: m.RolesView })));
const SettingsView = lazy(() => import("./views/Settings").then((m) => ({ default: m.SettingsView })));
const TemplatesView = lazy(() => import("./views/Templates").then((m) => ({ default: m.TemplatesView })));
const OutboxView = lazy(() => import("./views/Outbox").then((m) => ({ default: m.OutboxView })));
const PoolView = lazy(() => import("./views/Pool").then((m) => ({ default: m.PoolView })));
const PulseView = lazy(() => import("./views/Pulse").then((m) => ({ default: m.PulseView })));

export type Section = "today" | "candidates" | "roles" | "pool" | "pulse" | "templates" | "outbox" | "settings";

export type NoticeAction = { label: string; run: () => Promise<void> };

export type Nav = {
  section: Section;
  candidateId: number | null;
  go: (section: Section) => void;
  openCandidate: (id: number) => void;
  /** The role whose follow-up board is open (on Roles), if any. */
  boardRoleId: number | null;
  openBoard: (roleId: number | null) => void;
  /** Open a candidate's page with the composer on a template for this moment (about a role,
   * with some of the message's values filled in). */
  writeTo: (id: number, purpose: Purpose, about?: ComposeIntent["about"]) => void;
  /** The composer the candidate page should open, once. */
  compose: ComposeIntent | null;
  composed: () => void;
  notify: (text: string, action?: NoticeAction) => void;
  /** Bumped after any change, so views reload what they show. */
  version: number;
  changed: () => void;
  info: AppInfo | null;
};

export type ComposeIntent = {
  candidateId: number;
  purpose: Purpose;
  /** `roleTitle` names a role they have not applied for (a reconnect). */
  about?: { roleId?: number; roleTitle?: string; values?: Record<string, string> };
};

const SECTIONS: { id: Section; label: string; key: string }[] = [
  { id: "today", label: "Today", key: "1" },
  { id: "candidates", label: "Candidates", key: "2" },
  { id: "roles", label: "Roles", key: "3" },
  { id: "pool", label: "Talent pool", key: "4" },
  { id: "pulse", label: "Pulse check", key: "5" },
  { id: "templates", label: "Templates", key: "6" },
  { id: "outbox", label: "Outbox", key: "7" },
  { id: "settings", label: "Settings", key: "8" },
];

/** Another desktop of the team changed something: every open list and page loads again. */
function LiveRefresh({ onChange }: { onChange: () => void }) {
  useCoreEvent("teamChanged", onChange);
  return null;
}

/** The tray asked for a section ("Today"). */
function TrayNavigation({ go }: { go: (s: Section) => void }) {
  useCoreEvent("openSection", (p) => {
    const s = SECTIONS.find((x) => x.id === p.section);
    if (s) go(s.id);
  });
  return null;
}

export function App({ backend = tauriBackend }: { backend?: Backend }) {
  const [section, setSection] = useState<Section>("today");
  const [candidateId, setCandidateId] = useState<number | null>(null);
  const [boardRoleId, setBoardRoleId] = useState<number | null>(null);
  const [compose, setCompose] = useState<ComposeIntent | null>(null);
  const [notice, setNotice] = useState<{ text: string; action?: NoticeAction } | null>(null);
  const [version, setVersion] = useState(0);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  const changed = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    unwrap(backend.appInfo()).then(setInfo, (e) => setFatal(messageOf(e)));
  }, [backend, version]);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), notice.action ? 9000 : 5000);
    return () => clearTimeout(t);
  }, [notice]);

  const nav: Nav = useMemo(
    () => ({
      section,
      candidateId,
      go: (s) => {
        setSection(s);
        setCandidateId(null);
        setBoardRoleId(null);
      },
      boardRoleId,
      openBoard: (roleId) => {
        setSection("roles");
        setCandidateId(null);
        setBoardRoleId(roleId);
      },
      openCandidate: (id) => {
        setSection("candidates");
        setCandidateId(id);
      },
      writeTo: (id, purpose, about) => {
        setSection("candidates");
        setCandidateId(id);
        setCompose({ candidateId: id, purpose, about });
      },
      compose,
      composed: () => setCompose(null),
      notify: (text, action) => setNotice({ text, action }),
      version,
      changed,
      info,
    }),
    [section, candidateId, boardRoleId, version, changed, info, compose],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey || e.metaKey) || e.ctrlKey) return;
      const s = SECTIONS.find((x) => x.key === e.key);
      if (s) {
        e.preventDefault();
        nav.go(s.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nav]);

  const storeError = info?.store_error ?? null;

  return (
    <BackendContext.Provider value={backend}>
      <LiveRefresh onChange={changed} />
      <TrayNavigation go={nav.go} />
      <div className="shell">
        <nav className="sidebar" aria-label="Sections">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">K</span>
            <span>Kindly</span>
          </div>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  id={`nav-${s.id}`}
                  className={section === s.id ? "nav active" : "nav"}
                  aria-current={section === s.id ? "page" : undefined}
                  onClick={() => nav.go(s.id)}
                  title={`Alt+${s.key}`}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
          <p className="sidebar-foot">Every candidate deserves an answer.</p>
        </nav>
        <main className="content">
          {fatal && <div className="banner error" role="alert">{fatal}</div>}
          <SomethingWentWrong />
          <UpdateBanner />
          {info && info.stopped_parts.length > 0 && (
            <div className="banner error" role="alert" id="stopped-parts">
              Part of Kindly keeps failing in the background: {info.stopped_parts.join(", ")}. It keeps trying on its own, and your
              data is safe; restarting Kindly may help.
            </div>
          )}
          {storeError ? (
            <section className="empty" role="alert">
              <h2>Kindly could not open its database</h2>
              <p>{storeError.message}</p>
              <p className="muted">Your data has not been changed. Data folder: {info?.data_dir}</p>
            </section>
          ) : !info ? (
            // Every view needs the owner's zone and whether there is any data yet.
            !fatal && <p className="muted" role="status">Opening Kindly…</p>
          ) : (
            <Suspense fallback={<p className="muted">Loading…</p>}>
              {section === "today" && <TodayView nav={nav} />}
              {section === "candidates" &&
                (candidateId === null ? <CandidatesView nav={nav} /> : <CandidatePage nav={nav} id={candidateId} />)}
              {section === "roles" && <RolesView nav={nav} />}
              {section === "pool" && <PoolView nav={nav} />}
              {section === "pulse" && <PulseView nav={nav} />}
              {section === "templates" && <TemplatesView nav={nav} />}
              {section === "outbox" && <OutboxView nav={nav} />}
              {section === "settings" && <SettingsView nav={nav} />}
            </Suspense>
          )}
          <div className="notice" role="status" aria-live="polite">
            {notice && (
              <>
                <span>{notice.text}</span>
                {notice.action && (
                  <button
                    type="button"
                    className="notice-action"
                    onClick={() => {
                      const a = notice.action!;
                      setNotice(null);
                      a.run().catch((e) => setNotice({ text: messageOf(e) }));
                    }}
                  >
                    {notice.action.label}
                  </button>
                )}
              </>
            )}
          </div>
        </main>
      </div>
    </BackendContext.Provider>
  );
}
