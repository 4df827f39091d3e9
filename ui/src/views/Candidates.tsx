import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { CandidateQuery, CandidateRow, CandidateSort, PickedFile, Role, Stage } from "../bindings";
import { messageOf, unwrap, useBackend, type Backend } from "../backend";
import type { Nav } from "../App";
import { EmptyState } from "../ui";
import { PLACE_LABEL, STAGES, STAGE_LABEL, fullName } from "../labels";
import { CandidateForm } from "./CandidateForm";
import { Welcome } from "./Welcome";
import { ImportDialog, ImportExportButtons } from "./ImportExport";

export const PAGE = 100;
const ROW_HEIGHT = 56;

type Filters = Omit<CandidateQuery, "offset" | "limit">;

/** Rows fetched a page at a time as they scroll into view; never the whole table. */
export function usePagedCandidates(backend: Backend, filters: Filters, version: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, CandidateRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const key = JSON.stringify(filters);

  const load = useCallback(
    async (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      const gen = generation.current;
      inflight.current.add(page);
      try {
        const r = await unwrap(backend.listCandidates({ ...(JSON.parse(key) as Filters), offset: page * PAGE, limit: PAGE }));
        if (gen !== generation.current) return;
        pages.current.set(page, r.rows);
        setTotal(r.total);
        setError(null);
        redraw();
      } catch (e) {
        if (gen === generation.current) setError(messageOf(e));
      } finally {
        inflight.current.delete(page);
      }
    },
    [backend, key],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inflight.current = new Set();
    load(0);
  }, [load, version]);

  const rowAt = (i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  return { total, error, rowAt, load };
}

export function CandidatesView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [searchText, setSearchText] = useState("");
  const [search, setSearch] = useState("");
  const [roleId, setRoleId] = useState<number | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [sort, setSort] = useState<CandidateSort>("name");
  const [roles, setRoles] = useState<Role[]>([]);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const t = setTimeout(() => setSearch(searchText.trim()), 150);
    return () => clearTimeout(t);
  }, [searchText]);
  useEffect(() => {
    unwrap(backend.listRoles()).then(setRoles, () => setRoles([]));
  }, [backend, nav.version]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === "/" && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const filters: Filters = { search: search || null, role_id: roleId, stage, sort };
  const { total, error, rowAt, load } = usePagedCandidates(backend, filters, nav.version);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 800, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) load(p);
  }, [first, last, total, load]);

  const filtered = Boolean(search || roleId !== null || stage !== null);
  const [importing, setImporting] = useState<PickedFile | null>(null);
  const form = creating && (
    <CandidateForm
      existing={null}
      onClose={() => setCreating(false)}
      onSaved={(c) => {
        setCreating(false);
        nav.notify(`${fullName(c)} added.`);
        nav.changed();
        nav.openCandidate(c.id);
      }}
    />
  );
  const newButton = (
    <button type="button" className="btn primary" id="new-candidate" onClick={() => setCreating(true)}>
      New candidate
    </button>
  );

  // The form stays where it is when the page behind it changes (the database turns out to be
  // empty, or the first person is added), so nothing typed into it is lost.
  if (nav.info?.is_empty && !filtered) {
    return (
      <>
        <div>
          <Welcome nav={nav} />
          <div className="page actions">
            {newButton}
            <ImportExportButtons nav={nav} onImport={setImporting} />
          </div>
        </div>
        {form}
        {importing && <ImportDialog nav={nav} file={importing} onClose={() => setImporting(null)} />}
      </>
    );
  }

  return (
    <>
      <div className="page list-page">
        <header className="page-head row">
          <div>
            <h1>Candidates</h1>
            <p className="muted" id="candidate-count" aria-live="polite">
              {total === null ? "Loading…" : `${total.toLocaleString()} ${total === 1 ? "candidate" : "candidates"}${filtered ? " match" : ""}`}
            </p>
          </div>
          <div className="actions">
            <ImportExportButtons nav={nav} onImport={setImporting} />
            {newButton}
          </div>
        </header>
        <div className="toolbar" role="search">
          <input
            ref={searchRef}
            id="search"
            type="search"
            placeholder="Search name or email  ( / )"
            aria-label="Search name or email"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          <select id="filter-role" aria-label="Role" value={roleId ?? ""} onChange={(e) => setRoleId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">All roles</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
          <select id="filter-stage" aria-label="Stage" value={stage ?? ""} onChange={(e) => setStage((e.target.value || null) as Stage | null)}>
            <option value="">All stages</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABEL[s]}
              </option>
            ))}
          </select>
          <select id="sort" aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value as CandidateSort)}>
            <option value="name">By name</option>
            <option value="newest">Newest first</option>
            <option value="updated">Recently changed</option>
          </select>
        </div>
        {error && <div className="banner error" role="alert">{error}</div>}
        {total === 0 && (
          <EmptyState title={filtered ? "No one matches" : "No candidates yet"}>
            {filtered ? "Try fewer words, or clear the role and stage filters." : "Add the people you are interviewing with New candidate."}
          </EmptyState>
        )}
        <div className="list-scroll" ref={scrollRef} role="list" aria-label="Candidates">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((v) => {
              const r = rowAt(v.index);
              return (
                <div
                  key={v.key}
                  role="listitem"
                  className="vrow"
                  style={{ position: "absolute", top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}
                >
                  {r ? (
                    <button type="button" className="cand-row" data-id={r.id} onClick={() => nav.openCandidate(r.id)}>
                      <span className="cell name">{fullName(r)}</span>
                      <span className="cell email">{r.email}</span>
                      <span className="cell apps">
                        {r.applications.slice(0, 2).map((a) => (
                          <span key={a.application_id} className={`badge stage-${a.stage}`} title={a.role_title}>
                            {a.role_title} · {STAGE_LABEL[a.stage]}
                            {a.place ? ` · ${PLACE_LABEL[a.place]}` : ""}
                          </span>
                        ))}
                        {r.applications.length > 2 && <span className="muted">+{r.applications.length - 2}</span>}
                      </span>
                    </button>
                  ) : (
                    <div className="cand-row placeholder" aria-hidden="true" />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {form}
      {importing && <ImportDialog nav={nav} file={importing} onClose={() => setImporting(null)} />}
    </>
  );
}
