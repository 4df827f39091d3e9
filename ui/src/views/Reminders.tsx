import { useCallback, useEffect, useState } from "react";
import type { Reminder, RepeatUnit, Snooze, TodayReminders } from "../bindings";
import { KindlyError, messageOf, unwrap, useBackend, useCoreEvent } from "../backend";
import type { Nav } from "../App";
import { Dialog, Field } from "../ui";
import { formatDateTime } from "../labels";
import { actWith, useFormErrors } from "./forms";
import { pickSave } from "../platform";
import { ownerZone, timeIn } from "../day";

const SNOOZES: { label: string; snooze: Snooze }[] = [
  { label: "1 hour", snooze: { kind: "one_hour" } },
  { label: "Tomorrow morning", snooze: { kind: "tomorrow_morning" } },
  { label: "Next week", snooze: { kind: "next_week" } },
];

const GROUPS: { key: keyof TodayReminders; title: string }[] = [
  { key: "overdue", title: "Overdue" },
  { key: "today", title: "Due today" },
  { key: "week", title: "Next 7 days" },
  { key: "requests", title: "Requests about their data, to answer by the date shown" },
];

export function RemindersSection({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [data, setData] = useState<TodayReminders | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const reload = useCallback(() => {
    unwrap(backend.todayReminders()).then(setData, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(() => {
    reload();
    const t = setInterval(reload, 60_000);
    return () => clearInterval(t);
  }, [reload, nav.version]);
  // What arrives while Today is open (a request about someone's data in a reply) shows at once.
  useCoreEvent("outboxChanged", reload);

  const act = actWith(nav, reload, setError);
  const count = data ? data.overdue.length + data.today.length + data.week.length + data.requests.length : 0;
  const exportIcs = async () => {
    try {
      const file = await pickSave(backend, "calendar", "kindly-reminders.ics");
      if (!file) return;
      const n = await unwrap(backend.exportRemindersIcs(file.token));
      nav.notify(`Saved ${n} open reminder${n === 1 ? "" : "s"} to ${file.name}. Importing it again updates them.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section className="card" aria-label="Reminders">
      <div className="row">
        <h2>
          Reminders {count > 0 && <span className="count">{count}</span>}
        </h2>
        <div className="actions">
          <button type="button" className="btn small quiet" id="export-ics" onClick={exportIcs} disabled={count === 0}>
            Export to calendar
          </button>
          <button type="button" className="btn small" id="new-reminder" onClick={() => setAdding(true)}>New reminder</button>
        </div>
      </div>
      {error && <div className="banner error" role="alert">{error}</div>}
      {data && count === 0 && <p className="muted">Nothing due this week. Promises you make to candidates will show here.</p>}
      {data &&
        GROUPS.map((g) =>
          data[g.key].length === 0 ? null : (
            <div key={g.key} className={`reminder-group ${g.key}`} aria-label={g.title} role="group">
              <h3>{g.title}</h3>
              <ul className="reminders">
                {data[g.key].map((r) => (
                  <ReminderRow key={r.id} r={r} nav={nav} act={act} />
                ))}
              </ul>
            </div>
          ),
        )}
      {adding && <ReminderForm nav={nav} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); reload(); }} />}
    </section>
  );
}

function ReminderRow({ r, nav, act }: { r: Reminder; nav: Nav; act: (f: () => Promise<unknown>, text: string) => Promise<void> }) {
  const backend = useBackend();
  const [picking, setPicking] = useState(false);
  return (
    <li className="reminder" data-reminder={r.id}>
      <div className="reminder-main">
        <span className="reminder-title">{r.title}</span>
        {r.candidate_id !== null && (
          <button type="button" className="link" onClick={() => nav.openCandidate(r.candidate_id!)}>{r.candidate_name}</button>
        )}
        <span className="muted">
          {formatDateTime(r.due_at)}
          {r.snoozed && " · snoozed"}
          {r.repeat_every && ` · every ${r.repeat_every} ${r.repeat_unit}`}
        </span>
      </div>
      <div className="actions">
        {r.kind === "promised_follow_up" && r.candidate_id !== null && (
          <button type="button" className="btn small" onClick={() => nav.writeTo(r.candidate_id!, "update")}>
            Need more time
          </button>
        )}
        <button type="button" className="btn small" onClick={() => act(() => unwrap(backend.completeReminder(r.id)), "Done.")}>Done</button>
        <select
          aria-label={`Snooze ${r.title}`}
          value=""
          onChange={(e) => {
            if (e.target.value === "pick") return setPicking(true);
            const s = SNOOZES.find((x) => x.label === e.target.value);
            if (s) act(() => unwrap(backend.snoozeReminder(r.id, s.snooze)), `Snoozed: ${s.label.toLowerCase()}.`);
          }}
        >
          <option value="">Snooze…</option>
          {SNOOZES.map((s) => (
            <option key={s.label} value={s.label}>{s.label}</option>
          ))}
          <option value="pick">Until a date…</option>
        </select>
        {picking && (
          <input
            type="datetime-local"
            aria-label={`Snooze ${r.title} until`}
            onChange={(e) =>
              e.target.value &&
              act(() => unwrap(backend.snoozeReminder(r.id, { kind: "until", until: e.target.value })), "Snoozed.").then(() => setPicking(false))
            }
          />
        )}
        <input
          type="datetime-local"
          aria-label={`Reschedule ${r.title}`}
          onChange={(e) => e.target.value && act(() => unwrap(backend.rescheduleReminder(r.id, e.target.value)), "Rescheduled.")}
        />
      </div>
    </li>
  );
}

function ReminderForm({ nav, onClose, onSaved }: { nav: Nav; onClose: () => void; onSaved: () => void }) {
  const backend = useBackend();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState(() => timeIn(ownerZone(nav.info), new Date(Date.now() + 864e5)));
  const [every, setEvery] = useState("");
  const [unit, setUnit] = useState<RepeatUnit>("days");
  const [confirmPast, setConfirmPast] = useState(false);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const [askPast, setAskPast] = useState<string | null>(null);
  const save = async (confirm = confirmPast) => {
    const repeat = every.trim() === "" ? null : Number(every);
    const saved = await run(async () => {
      if (repeat !== null && !Number.isInteger(repeat))
        throw new KindlyError({ code: "validation", message: `repeat_every: '${every}' is not a whole number`, field: "repeat_every" });
      try {
        return await unwrap(
          backend.createReminder({
            title,
            kind: "custom",
            candidate_id: null,
            role_id: null,
            application_id: null,
            due_local: due,
            time_zone: ownerZone(nav.info),
            repeat_every: repeat,
            repeat_unit: repeat === null ? null : unit,
            confirm_past: confirm,
            source: null,
          }),
        );
      } catch (e) {
        if (e instanceof KindlyError && e.code === "needs_confirmation") {
          setAskPast(e.message.replace(/^due_local: /, ""));
          return undefined;
        }
        throw e;
      }
    });
    if (saved) {
      nav.notify("Reminder added.");
      onSaved();
    }
  };
  return (
    <Dialog
      title="New reminder"
      onClose={onClose}
      onSubmit={() => save()}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          {askPast && (
            <div className="confirm" role="alert">
              {askPast}.{" "}
              <button
                type="button"
                className="btn small"
                id="confirm-past"
                onClick={() => {
                  setConfirmPast(true);
                  setAskPast(null);
                  save(true);
                }}
              >
                Add as overdue
              </button>
            </div>
          )}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="save-reminder" disabled={busy}>Add reminder</button>
        </>
      }
    >
      <Field idPrefix="reminder" name="title" label="What" value={title} onChange={setTitle} error={fieldErrors.title} required />
      <div className="grid2">
        <Field idPrefix="reminder" name="due_local" label="When" type="datetime-local" value={due} onChange={(v) => { setDue(v); setConfirmPast(false); }} error={fieldErrors.due_local} />
        <div className="field">
          <label htmlFor="reminder-repeat_every">Repeat every</label>
          <div className="inline-form">
            <input id="reminder-repeat_every" inputMode="numeric" placeholder="No repeat" value={every} onChange={(e) => setEvery(e.target.value)} aria-invalid={fieldErrors.repeat_every ? true : undefined} />
            <select aria-label="Repeat unit" value={unit} onChange={(e) => setUnit(e.target.value as RepeatUnit)}>
              <option value="days">days</option>
              <option value="months">months</option>
            </select>
          </div>
          {fieldErrors.repeat_every && <div className="field-error" role="alert">{fieldErrors.repeat_every}</div>}
        </div>
      </div>
    </Dialog>
  );
}
