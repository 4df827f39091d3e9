import { useEffect, useState } from "react";
import type { Field, ImportPreview, ImportReport, OnDuplicate, PickedFile } from "../bindings";
import { messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import type { Nav } from "../App";
import { Dialog } from "../ui";
import { STAGE_LABEL } from "../labels";
import { pickOpen, pickSave } from "../platform";

const FIELD_LABEL: Record<Field, string> = {
  first_name: "First name",
  last_name: "Last name",
  name: "Full name",
  email: "Email",
  phone: "Phone",
  location: "Location",
  source: "Source",
  tags: "Tags",
  notes: "Notes",
  role: "Role",
  stage: "Stage",
};

/** Import, and the three exports, for the Candidates view's header. The chosen file goes to
 * `onImport`: the view keeps the import dialog where a change of page behind it can't close it. */
export function ImportExportButtons({ nav, onImport }: { nav: Nav; onImport: (file: PickedFile) => void }) {
  const backend = useBackend();
  const [error, setError] = useState<string | null>(null);
  const exportCsv = async (kind: "candidates" | "applications" | "messages") => {
    try {
      const p = await pickSave(backend, "export_csv", `kindly-${kind}.csv`);
      if (!p) return;
      await unwrap(backend.exportCsv(kind, p.token));
      nav.notify(`Saved ${p.name}.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        id="import-csv"
        onClick={async () => {
          try {
            const p = await pickOpen(backend, "import_csv");
            if (p) onImport(p);
          } catch (e) {
            setError(messageOf(e));
          }
        }}
      >
        Import CSV…
      </button>
      <select
        className="btn"
        id="export-csv"
        aria-label="Export as CSV"
        value=""
        onChange={(e) => {
          const k = e.target.value as "candidates" | "applications" | "messages";
          if (k) void exportCsv(k);
        }}
      >
        <option value="">Export CSV…</option>
        <option value="candidates">Candidates</option>
        <option value="applications">Applications</option>
        <option value="messages">Message log</option>
      </select>
      {error && <div className="banner error" role="alert">{error}</div>}
    </>
  );
}

/** Read a file, map its columns, preview the rows and their problems, then import. */
export function ImportDialog({ nav, file, onClose }: { nav: Nav; file: PickedFile; onClose: () => void }) {
  const backend = useBackend();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<(Field | null)[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dup, setDup] = useState<OnDuplicate>("skip");
  const [goodOnly, setGoodOnly] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    unwrap(backend.previewImport(file.token, mapping)).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setProblem(null);
      },
      (e) => live && setProblem(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [backend, file.token, mapping]);
  useCoreEvent("importProgressed", setProgress);
  const bad = preview?.problems.length ?? 0;
  const run = async () => {
    if (!preview) return;
    setBusy(true);
    setProblem(null);
    try {
      const r: ImportReport = await unwrap(backend.importCandidates(file.token, { mapping: mapping ?? preview.mapping, on_duplicate: dup, good_rows_only: goodOnly }));
      onClose();
      nav.changed();
      nav.notify(
        `Imported: ${r.created} new${r.merged ? `, ${r.merged} merged` : ""}${r.skipped ? `, ${r.skipped} already here skipped` : ""}${r.bad_rows ? `, ${r.bad_rows} bad rows left out` : ""}${r.erased_earlier ? `, ${r.erased_earlier} erased earlier left out` : ""}.`,
      );
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const current = mapping ?? preview?.mapping ?? [];
  return (
    <Dialog
      title="Import candidates"
      onClose={() => (busy ? void unwrap(backend.cancelImport()) : onClose())}
      onSubmit={run}
      footer={
        <>
          {busy ? (
            <button type="button" className="btn" onClick={() => void unwrap(backend.cancelImport())}>Stop the import</button>
          ) : (
            <button type="button" className="btn" onClick={onClose}>Cancel</button>
          )}
          <button type="submit" className="btn primary" id="import-run" disabled={busy || !preview || (bad > 0 && !goodOnly)}>
            {preview ? `Import ${preview.total - bad} ${preview.total - bad === 1 ? "row" : "rows"}` : "Import"}
          </button>
        </>
      }
    >
      <p className="mono">{file.name}</p>
      {problem && <div className="banner error" role="alert" id="import-problem">{problem}</div>}
      {busy && (
        <div role="status">
          <progress max={progress?.total ?? 1} value={progress?.done ?? 0} aria-label="Import progress" />{" "}
          {progress ? `${progress.done} of ${progress.total}` : "Starting…"}
        </div>
      )}
      {preview && (
        <>
          <p className="muted">
            {preview.total} rows · {preview.encoding} · {preview.delimiter}-separated
            {preview.duplicates > 0 && ` · ${preview.duplicates} already in Kindly (same email)`}
            {preview.erased_earlier > 0 &&
              ` · ${preview.erased_earlier} erased from Kindly earlier: left out (add one by hand if they came back to you themselves)`}
          </p>
          <div className="table-scroll">
            <table className="table" aria-label="Preview">
              <thead>
                <tr>
                  {preview.headers.map((h, i) => (
                    <th key={i}>
                      <div className="muted small">{h}</div>
                      <select
                        aria-label={`Column ${h}`}
                        value={current[i] ?? ""}
                        onChange={(e) => {
                          const next = [...current];
                          next[i] = (e.target.value || null) as Field | null;
                          setMapping(next);
                        }}
                      >
                        <option value="">Leave out</option>
                        {Object.entries(FIELD_LABEL).map(([k, v]) => (
                          <option key={k} value={k}>{v}</option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
            </table>
          </div>
          <table className="table" aria-label="First rows as they will be imported">
            <thead>
              <tr><th>Line</th><th>Name</th><th>Email</th><th>Role</th><th>Stage</th></tr>
            </thead>
            <tbody>
              {preview.sample.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{`${r.first_name} ${r.last_name}`.trim()}</td>
                  <td>{r.email}</td>
                  <td>{r.role ?? ""}</td>
                  <td>{r.stage ? STAGE_LABEL[r.stage] : r.role ? "Applied" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {bad > 0 && (
            <section className="tone" aria-label="Rows with problems">
              <h3>{bad} {bad === 1 ? "row has a problem" : "rows have problems"}</h3>
              <ul>
                {preview.problems.slice(0, 50).map((p) => (
                  <li key={p.line} className="finding warning">Line {p.line}: {p.reason}</li>
                ))}
              </ul>
              <label>
                <input type="checkbox" checked={goodOnly} onChange={(e) => setGoodOnly(e.target.checked)} /> Import the good rows and leave these out
              </label>
            </section>
          )}
          {preview.duplicates > 0 && (
            <div className="field">
              <label htmlFor="import-dup">Someone already in Kindly (same email)</label>
              <select id="import-dup" value={dup} onChange={(e) => setDup(e.target.value as OnDuplicate)}>
                <option value="skip">Skip them</option>
                <option value="merge">Merge: fill in what is missing and add the role</option>
              </select>
            </div>
          )}
        </>
      )}
    </Dialog>
  );
}
