import { useCallback, useEffect, useRef, useState } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { Figure, FunnelStep, MonthPoint, Pulse, PulseFigures, PulseScope, ReportFormat } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { ROLE_STATUS_LABEL, STAGE_LABEL, formatDate } from "../labels";
import { pickSave } from "../platform";
import { DecisionComposer } from "./Decisions";
import { DARK, LIGHT, reportSvg, type Palette, type ReportSection } from "./pulseReport";
import { addDays, dayIn, ownerZone } from "../day";

type Preset = "30" | "90" | "365" | "year" | "custom";

const PRESETS: { id: Preset; label: string }[] = [
  { id: "30", label: "Last 30 days" },
  { id: "90", label: "Last 3 months" },
  { id: "365", label: "Last 12 months" },
  { id: "year", label: "This year" },
  { id: "custom", label: "Chosen dates" },
];

/** The preset's days, ending today in the owner's zone. */
function periodOf(preset: Preset, zone: string): { from: string; to: string } {
  const today = dayIn(zone);
  const from = preset === "year" ? `${today.slice(0, 4)}-01-01` : addDays(today, -(Number(preset) - 1));
  return { from, to: today };
}

/** The light or dark chart colours, following the system theme as the window does. */
const darkQuery = (): MediaQueryList | null =>
  typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function usePalette(): Palette {
  const [dark, setDark] = useState(() => darkQuery()?.matches ?? false);
  useEffect(() => {
    // Subscribed once, not on every render.
    const query = darkQuery();
    if (!query) return;
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener("change", on);
    return () => query.removeEventListener("change", on);
  }, []);
  return dark ? DARK : LIGHT;
}

const pct = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : "—");

/** One figure: its count, what it is out of, and the people behind it on request. */
function Stat(props: { id: string; label: string; figure: Figure; of?: number; tone?: "good" | "bad"; nav: Nav }) {
  const [open, setOpen] = useState(false);
  const { figure, of } = props;
  return (
    <div className={`stat ${figure.count > 0 ? (props.tone ?? "") : ""}`} data-figure={props.id}>
      <div className="stat-value">
        {figure.count}
        {of !== undefined && of > 0 && <span className="stat-of"> of {of}</span>}
      </div>
      <div className="stat-label">
        {props.label}
        {of !== undefined && of > 0 && <span className="muted"> · {pct(figure.count, of)}</span>}
      </div>
      {figure.count > 0 && (
        <button type="button" className="link small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Hide" : `Who (${figure.count})`}
        </button>
      )}
      {open && (
        <ul className="people">
          {figure.people.map((p, i) => (
            <li key={`${p.candidate_id}-${i}`}>
              <button type="button" className="link" onClick={() => props.nav.openCandidate(p.candidate_id)}>{p.name}</button>{" "}
              <span className="muted">{p.role_title ? `${p.role_title} · ` : ""}{p.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const TREND: { key: keyof MonthPoint; label: string }[] = [
  { key: "interviews", label: "Interviews" },
  { key: "thanked_within_2", label: "Thanked within 2 working days" },
  { key: "promises_on_time", label: "Promises kept on time" },
  { key: "promises_missed", label: "Promises missed" },
  { key: "decisions", label: "Decisions sent" },
];

function monthLabel(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return new Date(y, mo - 1, 1).toLocaleDateString(undefined, { month: "short", year: "numeric" });
}

function TrendChart(props: { trend: MonthPoint[]; palette: Palette }) {
  const pal = props.palette;
  const data = props.trend.map((m) => ({ ...m, label: monthLabel(m.month) }));
  const tick = { fill: pal.text, fontSize: 12 };
  return (
    <figure className="chart" aria-label="Trend by month">
      <BarChart width={Math.max(420, 120 + data.length * 90)} height={260} data={data} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={pal.line} vertical={false} />
        <XAxis dataKey="label" stroke={pal.muted} tick={tick} />
        <YAxis allowDecimals={false} stroke={pal.muted} tick={tick} width={36} />
        <Tooltip contentStyle={{ background: pal.panel, borderColor: pal.line, color: pal.text }} cursor={{ fill: pal.line }} />
        {TREND.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={pal.series[i]} isAnimationActive={false} />
        ))}
      </BarChart>
      <Legend items={TREND.map((s, i) => ({ label: s.label, color: pal.series[i] }))} />
    </figure>
  );
}

function Legend(props: { items: { label: string; color: string }[] }) {
  return (
    <figcaption className="legend">
      {props.items.map((l) => (
        <span key={l.label}>
          <i style={{ background: l.color }} data-color={l.color} aria-hidden="true" />
          {l.label}
        </span>
      ))}
    </figcaption>
  );
}

function FunnelChart(props: { title: string; funnel: FunnelStep[]; palette: Palette }) {
  const pal = props.palette;
  const data = props.funnel.map((f) => ({ stage: STAGE_LABEL[f.stage], count: f.count }));
  return (
    <figure className="chart funnel" aria-label={`Funnel: ${props.title}`}>
      <figcaption className="chart-title">{props.title}</figcaption>
      <BarChart width={360} height={190} data={data} layout="vertical" margin={{ top: 4, right: 30, bottom: 4, left: 10 }}>
        <CartesianGrid stroke={pal.line} horizontal={false} />
        <XAxis type="number" allowDecimals={false} stroke={pal.muted} tick={{ fill: pal.text, fontSize: 12 }} />
        <YAxis type="category" dataKey="stage" width={80} stroke={pal.muted} tick={{ fill: pal.text, fontSize: 12 }} />
        <Tooltip contentStyle={{ background: pal.panel, borderColor: pal.line, color: pal.text }} cursor={{ fill: pal.line }} />
        <Bar dataKey="count" name="People" fill={pal.series[0]} isAnimationActive={false} label={{ position: "right", fill: pal.text, fontSize: 12 }} />
      </BarChart>
    </figure>
  );
}

function days(d: number | null): string {
  if (d === null) return "—";
  return `${d.toLocaleString(undefined, { maximumFractionDigits: 1 })} day${d === 1 ? "" : "s"}`;
}

function median(d: number | null): string {
  if (d === null) return "—";
  return `${d.toLocaleString(undefined, { maximumFractionDigits: 1 })} working day${d === 1 ? "" : "s"}`;
}

/** The figures as report rows: the same numbers the tiles show. */
function sectionsOf(f: PulseFigures): ReportSection[] {
  const of = (x: Figure, n: number) => (n > 0 ? `${x.count} of ${n} (${pct(x.count, n)})` : String(x.count));
  const n = f.interviews.count;
  const promised = f.promises_on_time.count + f.promises_late.count + f.promises_missed.count;
  return [
    {
      heading: "Thank-yous after interviews",
      rows: [
        ["Interviews in the period", String(n)],
        ["Thanked within 1 working day", of(f.thanked_within_1, n)],
        ["Thanked within 2 working days", of(f.thanked_within_2, n)],
        ["Thanked later", String(f.thanked_later.count)],
        ["Not thanked", String(f.not_thanked.count)],
      ],
    },
    {
      heading: "Promises of news",
      rows: [
        ["Kept on time", of(f.promises_on_time, promised)],
        ["Kept late", String(f.promises_late.count)],
        ["Missed", String(f.promises_missed.count)],
        ["Not due yet", String(f.promises_open.count)],
      ],
    },
    {
      heading: "Decisions and rejections",
      rows: [
        ["Median time from last interview to decision", median(f.median_days_to_decision)],
        ["Decisions sent", String(f.decisions.count)],
        ["Told within 5 working days", of(f.rejections_within_5, f.rejections.count)],
        ["Rejections with personal feedback", of(f.rejections_with_feedback, f.rejections.count)],
        ["With no tone warning overridden", of(f.rejections_no_overrides, f.rejections.count)],
        ["Sent despite tone warnings", String(f.warnings_sent_anyway.count)],
        ["Words vouched for as names or titles", String(f.names_vouched.count)],
        ["Left waiting for a final word (today)", String(f.left_waiting.count)],
      ],
    },
    {
      heading: "Runner-ups in the talent pool (today)",
      rows: [
        ["In the pool with consent", String(f.pool_members.count)],
        ["In touch in the last 90 days", of(f.pool_contacted_90, f.pool_members.count)],
        ["Check-in overdue", String(f.pool_overdue.count)],
        ["Consent ends within 30 days", String(f.pool_expiring_30.count)],
        ["Hires from the talent pool", of(f.pool_hires, f.hires.count)],
        ["Median days to fill, hires from the pool", days(f.median_days_to_fill_pool)],
        ["Median days to fill, other hires", days(f.median_days_to_fill_others)],
      ],
    },
  ];
}

export function PulseView({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const palette = usePalette();
  const [preset, setPreset] = useState<Preset>("90");
  const [period, setPeriod] = useState(() => periodOf("90", ownerZone(nav.info)));
  const [scopeKey, setScopeKey] = useState<string>("all");
  const [pulse, setPulse] = useState<Pulse | null>(null);
  const [error, setError] = useState<{ text: string; field: string | null } | null>(null);
  const [drafting, setDrafting] = useState<{ title: string; ids: number[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const chartsRef = useRef<HTMLDivElement>(null);
  const timeZone = ownerZone(nav.info);

  const reload = useCallback(() => {
    unwrap(backend.pulseCheck({ from: period.from, to: period.to, time_zone: timeZone })).then(
      (p) => {
        setPulse(p);
        setError(null);
      },
      (e) => setError({ text: messageOf(e), field: (e as { field?: string | null }).field ?? null }),
    );
  }, [backend, period, timeZone]);
  useEffect(reload, [reload, nav.version]);

  const scope: PulseScope | undefined =
    pulse?.scopes.find((s) => (s.role_id === null ? "all" : String(s.role_id)) === scopeKey) ?? pulse?.scopes[0];
  const f = scope?.figures;
  const roleFunnels = scope?.role_id === null ? (pulse?.scopes.slice(1) ?? []).filter((s) => s.funnel[0].count > 0) : [];
  const promised = f ? f.promises_on_time.count + f.promises_late.count + f.promises_missed.count : 0;

  const save = async (format: ReportFormat) => {
    if (!pulse || !scope || !f) return;
    const ext = format === "png" ? "png" : "pdf";
    let file;
    try {
      file = await pickSave(backend, format === "png" ? "report_png" : "report_pdf", `Kindly pulse check ${pulse.from} to ${pulse.to}.${ext}`);
    } catch (e) {
      setError({ text: messageOf(e), field: null });
      return;
    }
    if (!file) return;
    setSaving(true);
    try {
      const figures = Array.from(chartsRef.current?.querySelectorAll<HTMLElement>("figure.chart") ?? []);
      const charts = figures.flatMap((fig) => {
        const svg = fig.querySelector<SVGSVGElement>("svg.recharts-surface");
        if (!svg) return [];
        const heading = fig.getAttribute("aria-label") ?? "";
        const legend = Array.from(fig.querySelectorAll<HTMLElement>(".legend span")).map((s) => ({
          label: s.textContent ?? "",
          color: s.querySelector("i")?.getAttribute("data-color") ?? "",
        }));
        return [{ heading, svg, legend }];
      });
      const svg = reportSvg({
        title: `Pulse check: ${scope.title}`,
        subtitle: `${formatDate(pulse.from)} to ${formatDate(pulse.to)}`,
        sections: sectionsOf(f),
        charts,
        note: pulse.erased.candidates > 0 ? erasedNote(pulse) : undefined,
        palette,
      });
      await unwrap(backend.saveReport(svg, format, file.token));
      nav.notify(`Saved the pulse check as ${file.name}.`);
    } catch (e) {
      setError({ text: messageOf(e), field: null });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page pulse">
      <header className="page-head row">
        <div>
          <h1>Pulse check</h1>
          <p className="muted">How well you keep your word to candidates: thanks, promises, kind decisions and runner-ups kept warm.</p>
        </div>
        <div className="toolbar">
          <button type="button" className="btn" id="save-png" disabled={!pulse || saving} onClick={() => save("png")}>Save as PNG</button>
          <button type="button" className="btn" id="save-pdf" disabled={!pulse || saving} onClick={() => save("pdf")}>Save as PDF</button>
        </div>
      </header>
      <div className="toolbar pulse-controls">
        <label>
          Period{" "}
          <select
            id="pulse-preset"
            value={preset}
            onChange={(e) => {
              const p = e.target.value as Preset;
              setPreset(p);
              if (p !== "custom") setPeriod(periodOf(p, ownerZone(nav.info)));
            }}
          >
            {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
        </label>
        {(["from", "to"] as const).map((end) => (
          <label key={end}>
            {end === "from" ? "From" : "To"}{" "}
            <input
              type="date"
              name={end}
              aria-invalid={error?.field === end || undefined}
              value={period[end]}
              onChange={(e) => {
                setPreset("custom");
                setPeriod({ ...period, [end]: e.target.value });
              }}
            />
          </label>
        ))}
        <label>
          Role{" "}
          <select id="pulse-role" value={scopeKey} onChange={(e) => setScopeKey(e.target.value)}>
            {(pulse?.scopes ?? []).map((s) => (
              <option key={s.role_id ?? "all"} value={s.role_id === null ? "all" : String(s.role_id)}>
                {s.title}{s.status && s.status !== "open" ? ` (${ROLE_STATUS_LABEL[s.status].toLowerCase()})` : ""}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <div className="banner error" role="alert">{error.text}</div>}
      {scope && f && (
        <>
          <section className="card answers" aria-label="The pulse check">
            <h2>The pulse check</h2>
            {scope.answers.map((a) => (
              <div key={a.question} className="answer">
                <h3>{a.question}</h3>
                <p>{a.answer}</p>
              </div>
            ))}
          </section>
          <section className="card" aria-label="Thank-yous">
            <h2>Thank-yous after interviews</h2>
            <p className="muted">A short thank-you the same day or the next is the kindest start. {f.interviews.count === 0 && "No interviews in this period."}</p>
            <div className="stats">
              <Stat id="interviews" label="Interviews" figure={f.interviews} nav={nav} />
              <Stat id="thanked_within_1" label="Thanked within 1 working day" figure={f.thanked_within_1} of={f.interviews.count} tone="good" nav={nav} />
              <Stat id="thanked_within_2" label="Within 2 working days" figure={f.thanked_within_2} of={f.interviews.count} tone="good" nav={nav} />
              <Stat id="thanked_later" label="Thanked later" figure={f.thanked_later} nav={nav} />
              <Stat id="not_thanked" label="Not thanked" figure={f.not_thanked} tone="bad" nav={nav} />
            </div>
          </section>
          <section className="card" aria-label="Promises">
            <h2>Promises of news</h2>
            <p className="muted">Each date you gave a candidate, and whether they heard from you by then.</p>
            <div className="stats">
              <Stat id="promises_on_time" label="Kept on time" figure={f.promises_on_time} of={promised} tone="good" nav={nav} />
              <Stat id="promises_late" label="Kept late" figure={f.promises_late} nav={nav} />
              <Stat id="promises_missed" label="Missed" figure={f.promises_missed} tone="bad" nav={nav} />
              <Stat id="promises_open" label="Not due yet" figure={f.promises_open} nav={nav} />
            </div>
          </section>
          <section className="card" aria-label="Decisions">
            <h2>Decisions, told with care</h2>
            <div className="stats">
              <div className="stat" data-figure="median_days_to_decision">
                <div className="stat-value">{median(f.median_days_to_decision)}</div>
                <div className="stat-label">Median from last interview to the decision message</div>
              </div>
              <Stat id="decisions" label="Decisions sent" figure={f.decisions} nav={nav} />
              <Stat id="rejections_within_5" label="Told within 5 working days" figure={f.rejections_within_5} of={f.rejections.count} tone="good" nav={nav} />
              <Stat id="rejections_with_feedback" label="Rejections with personal feedback" figure={f.rejections_with_feedback} of={f.rejections.count} tone="good" nav={nav} />
              <Stat id="warnings_sent_anyway" label="Sent despite tone warnings" figure={f.warnings_sent_anyway} tone="bad" nav={nav} />
              <Stat id="names_vouched" label="Words vouched for as names or titles" figure={f.names_vouched} nav={nav} />
              <div className="stat" data-figure="experience_average">
                <div className="stat-value">{f.experience_average === null ? "–" : `${f.experience_average} / 5`}</div>
                <div className="stat-label">
                  How candidates scored us ({f.experience_scores.count === 1 ? "1 score" : `${f.experience_scores.count} scores`})
                </div>
              </div>
            </div>
          </section>
          <section className="card" aria-label="Left waiting">
            <h2>Left waiting <span className="count">{f.left_waiting.count}</span></h2>
            <p className="muted">As of today: rejected, or their role is filled or closed, and no final message has gone to them.</p>
            {f.left_waiting.count === 0 ? (
              <p className="ok-text">Everyone has heard from you.</p>
            ) : (
              <ul className="people" data-figure="left_waiting">
                {f.left_waiting.people.map((p) => (
                  <li key={p.application_id ?? p.candidate_id}>
                    <button type="button" className="link" onClick={() => nav.openCandidate(p.candidate_id)}>{p.name}</button>{" "}
                    <span className="muted">{p.role_title ? `${p.role_title} · ` : ""}{p.detail}</span>{" "}
                    {p.application_id !== null && !p.being_told && (
                      <button
                        type="button"
                        className="btn small"
                        data-draft={p.application_id}
                        onClick={() => setDrafting({ title: `Write to ${p.name}`, ids: [p.application_id as number] })}
                      >
                        Draft a message
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-label="Runner-ups">
            <h2>Runner-ups kept warm</h2>
            <p className="muted">As of today, from the talent pool.</p>
            <div className="stats">
              <Stat id="pool_members" label="In the pool with consent" figure={f.pool_members} nav={nav} />
              <Stat id="pool_contacted_90" label="In touch in the last 90 days" figure={f.pool_contacted_90} of={f.pool_members.count} tone="good" nav={nav} />
              <Stat id="pool_overdue" label="Check-in overdue" figure={f.pool_overdue} tone="bad" nav={nav} />
              <Stat id="pool_expiring_30" label="Consent ends within 30 days" figure={f.pool_expiring_30} nav={nav} />
              <Stat id="pool_hires" label="Hires from the talent pool" figure={f.pool_hires} of={f.hires.count} tone="good" nav={nav} />
              <div className="stat" data-figure="days_to_fill">
                <div className="stat-value">
                  {days(f.median_days_to_fill_pool)} <span className="stat-of">vs {days(f.median_days_to_fill_others)}</span>
                </div>
                <div className="stat-label">Median days to fill: from the pool, and the others</div>
              </div>
            </div>
          </section>
          <section className="card" aria-label="Charts" ref={chartsRef}>
            <h2>Trend by month</h2>
            <TrendChart trend={scope.trend} palette={palette} />
            <h2>How far people got</h2>
            <p className="muted">People who applied in the period, by the furthest stage they reached.</p>
            <div className="funnels">
              {(roleFunnels.length > 0 ? roleFunnels : [scope]).map((s) => (
                <FunnelChart key={s.role_id ?? "all"} title={s.title} funnel={s.funnel} palette={palette} />
              ))}
            </div>
          </section>
          {pulse && pulse.erased.candidates > 0 && <p className="muted small">{erasedNote(pulse)}</p>}
        </>
      )}
      {drafting && <DecisionComposer nav={nav} title={drafting.title} applicationIds={drafting.ids} onClose={() => setDrafting(null)} />}
    </div>
  );
}

function erasedNote(p: Pulse): string {
  const e = p.erased;
  return `${e.candidates} candidate${e.candidates === 1 ? " was" : "s were"} erased in this period; only their counts remain (${e.applications} application${e.applications === 1 ? "" : "s"}, ${e.messages_sent} message${e.messages_sent === 1 ? "" : "s"} sent), so they are not in the figures above.`;
}
