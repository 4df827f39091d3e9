import type { Nav } from "../App";

export function SettingsView({ nav }: { nav: Nav }) {
  const info = nav.info;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <section className="card">
        <h2>Your data</h2>
        <dl className="facts">
          <dt>Database</dt>
          <dd>{info?.store?.backend === "postgres" ? "Shared PostgreSQL server" : "On this computer (SQLite)"}</dd>
          <dt>Location</dt>
          <dd className="mono">{info?.store?.location ?? "—"}</dd>
          {info?.store?.backup_before_migration && (
            <>
              <dt>Copy before last update</dt>
              <dd className="mono">{info.store.backup_before_migration}</dd>
            </>
          )}
          <dt>Data folder</dt>
          <dd className="mono">{info?.data_dir}</dd>
          <dt>Logs</dt>
          <dd className="mono">{info?.log_dir}</dd>
          <dt>Version</dt>
          <dd>{info?.version}</dd>
        </dl>
        <p className="muted">
          Kindly keeps everything on this computer unless your team points it at a shared server (set
          KINDLY_DATABASE_URL). Appearance follows your system's light or dark setting.
        </p>
      </section>
    </div>
  );
}
