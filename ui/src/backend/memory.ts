// An in-memory Backend for unit tests of the UI: the same calls and result shapes as the
// Tauri bindings, with the rules the UI reacts to (field errors, duplicates, stage moves).
import type {
  Figure,
  Pulse,
  PulseFigures,
  PulsePerson,
  PulseQuery,
  ReportFormat,
  Field,
  ImportOptions,
  ImportPreview,
  ImportRow,
  RowProblem,
  BackupInfo,
  RetentionItem,
  BackgroundCheck,
  CheckInput,
  ConsentInput,
  PoolInput,
  PoolMember,
  Referee,
  RefereeInput,
  ReferenceRecord,
  ReferenceRequest,
  Accepted,
  DecisionRequest,
  DeskSettings,
  LooseEnd,
  Offer,
  OfferInput,
  WelcomePlan,
  Finding,
  Reminder,
  ReminderInput,
  Snooze,
  ComposeRequest,
  MessageStatus,
  OutboxMessage,
  SmtpSettings,
  Profile,
  Rendered,
  Template,
  TemplateInput,
  ApplicationView,
  Candidate,
  CandidateInput,
  CandidateRow,
  CoreError,
  Role,
  RoleInput,
  Stage,
} from "../bindings";
import type { Backend, Result } from "./index";

const ORDER: Stage[] = ["applied", "interviewing", "interviewed", "finalist", "offer", "hired"];

export function nextStages(from: Stage): Stage[] {
  if (from === "hired") return [];
  if (from === "rejected" || from === "withdrawn") return ["applied", "interviewing", "interviewed", "finalist"];
  const i = ORDER.indexOf(from);
  const out: Stage[] = [];
  if (i > 0) out.push(ORDER[i - 1]);
  out.push(ORDER[i + 1]);
  out.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return [...out, "rejected", "withdrawn"];
}

const ok = <T,>(data: T): Result<T> => ({ status: "ok", data });
const err = (code: CoreError["code"], message: string, field: string | null = null): Result<never> => ({
  status: "error",
  error: { code, message, field },
});

export function memoryBackend(): Backend & {
  files: Map<string, string>;
  calls: string[];
  exportedData: string[];
  sent: { to: string; message_id: string }[];
  setStatus: (id: number, status: MessageStatus, error?: string | null) => void;
  exported: string[];
  reports: { svg: string; format: ReportFormat; path: string }[];
} {
  const roles: Role[] = [];
  const candidates: Candidate[] = [];
  const apps: ApplicationView[] = [];
  const timeline = new Map<number, { id: number; application_id: number | null; kind: string; summary: string; at: string }[]>();
  const calls: string[] = [];
  let seq = 1;
  let profile: Profile = { company_name: "", sender_name: "", signature: "" };
  let smtp: SmtpSettings | null = null;
  let password: string | null = null;
  const sent: { to: string; message_id: string }[] = [];
  const outbox: OutboxMessage[] = [];
  const reminders: Reminder[] = [];
  const exported: string[] = [];
  const reports: { svg: string; format: ReportFormat; path: string }[] = [];
  const bucketOf = (due: string): Reminder["bucket"] => {
    const t = Date.parse(due);
    const n = Date.now();
    if (t < n) return "overdue";
    if (new Date(t).toISOString().slice(0, 10) === new Date(n).toISOString().slice(0, 10)) return "today";
    return t - n <= 7 * 864e5 ? "week" : "later";
  };
  const templates: Template[] = [
    {
      id: 9001,
      purpose: "thank_you",
      name: "Thank you after the interview",
      subject: "Thank you for your time, {{ candidate_first_name }}",
      body: "Hi {{ candidate_first_name }},\n\nYou will hear from me by {{ follow_up_date }}.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9003,
      purpose: "update",
      name: "We need a few more days",
      subject: "An update on the {{ role_title }} role",
      body: "Hi {{ candidate_first_name }},\n\nWe need a few more days. You will hear from me by {{ follow_up_date }}.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9002,
      purpose: "rejection",
      name: "Not this time, with feedback",
      subject: "Your application for the {{ role_title }} role",
      body: "Hi {{ candidate_first_name }},\n\nThank you for interviewing for the {{ role_title }} role. We have decided to offer the position to someone else.\n\n{{ feedback }}\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
  ];
  templates.push(
    {
      id: 9004,
      purpose: "runner_up",
      name: "Runner-up: thank you, and let's stay in touch",
      subject: "Thank you, {{ candidate_first_name }}, and let's stay in touch",
      body: "Hi {{ candidate_first_name }},\n\nThank you for the {{ role_title }} interviews. We offered the role to another candidate.\n\n{{ feedback }}\n\nMay we stay in touch?\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9005,
      purpose: "offer",
      name: "The offer",
      subject: "An offer for the {{ role_title }} role",
      body: "Hi {{ candidate_first_name }},\n\n{{ offer_summary }}\n\nWe would love you to start on {{ start_date }}.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9007,
      purpose: "reference_supervisor",
      name: "Reference request: a previous supervisor",
      subject: "A reference for {{ candidate_full_name }}",
      body: "Dear {{ reference_name }},\n\n{{ candidate_full_name }} has applied for the {{ role_title }} role.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9008,
      purpose: "reconnect",
      name: "Reconnect: a role like yours has opened",
      subject: "A new {{ role_title }} role",
      body: "Hi {{ candidate_first_name }},\n\nWe have just opened a {{ role_title }} role.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
    {
      id: 9006,
      purpose: "welcome",
      name: "Welcome to the team",
      subject: "Welcome, {{ candidate_first_name }}!",
      body: "Hi {{ candidate_first_name }},\n\nYour first day is {{ start_date }}.\n\n{{ signature }}",
      builtin: true,
      edited: false,
      updated_at: new Date().toISOString(),
    },
  );
  let desk: DeskSettings = {
    follow_up_working_days: 5,
    offer_reminder_days: 1,
    consent_months: 12,
    stay_in_touch_days: 90,
    reference_chase_days: 3,
    background_check_days: 10,
    retention_months: 6,
    retention_grace_days: 14,
    backups_kept: 7,
    welcome_plan: [
      { title: "Send the welcome email", days_from_start: -7 },
      { title: "Set up equipment and accounts", days_from_start: -3 },
      { title: "One-week check-in", days_from_start: 7 },
    ],
  };
  /** Applications that have had their decision message. */
  const told = new Set<number>();
  const offers: Offer[] = [];
  const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T09:00:00Z`) + n * 864e5).toISOString().slice(0, 10);
  const KNOWN = ["candidate_first_name", "candidate_last_name", "candidate_full_name", "candidate_email", "role_title", "company_name", "sender_name", "signature", "follow_up_date", "interview_date", "feedback", "offer_summary", "start_date", "reference_name"];
  const used = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
  const checkTemplate = (subject: string, body: string): Result<never> | null => {
    for (const [field, text] of [["subject", subject], ["body", body]] as const)
      for (const u of used(text))
        if (!KNOWN.includes(u)) return err("validation", `${field}: {{ ${u} }} is not a placeholder Kindly knows.`, field);
    return null;
  };
  const now = () => new Date().toISOString();
  const log = (cid: number, app: number | null, kind: string, summary: string) => {
    const list = timeline.get(cid) ?? [];
    list.unshift({ id: seq++, application_id: app, kind, summary, at: now() });
    timeline.set(cid, list);
  };
  const checkCandidate = (input: CandidateInput, except?: number): Result<never> | null => {
    if (!input.first_name.trim()) return err("validation", "first_name: is required", "first_name");
    const email = input.email.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(email))
      return err("validation", email ? `email: '${email}' is not an address` : "email: is required", "email");
    const dup = candidates.find((c) => c.email.toLowerCase() === email.toLowerCase() && c.id !== except);
    if (dup) return err("conflict", `email: '${dup.email}' already belongs to ${dup.first_name} ${dup.last_name}`, "email");
    return null;
  };
  const toCandidate = (id: number, input: CandidateInput, created: string): Candidate => ({
    id,
    first_name: input.first_name.trim(),
    last_name: input.last_name.trim(),
    email: input.email.trim(),
    phone: input.phone.trim() || null,
    location: input.location.trim() || null,
    source: input.source.trim() || null,
    tags: input.tags,
    notes: input.notes.trim() || null,
    created_at: created,
    updated_at: now(),
  });
  const roleCounts = (r: Role): Role => {
    const counts = new Map<Stage, number>();
    apps.filter((a) => a.role_id === r.id).forEach((a) => counts.set(a.stage, (counts.get(a.stage) ?? 0) + 1));
    return { ...r, stage_counts: [...counts].map(([stage, count]) => ({ stage, count })) };
  };
  const roleFrom = (id: number, input: RoleInput, status: Role["status"] = "open"): Role | Result<never> => {
    if (!input.title.trim()) return err("validation", "title: is required", "title");
    return {
      id,
      title: input.title.trim(),
      department: input.department.trim() || null,
      location: input.location.trim() || null,
      tags: input.tags,
      status,
      opened_on: input.opened_on || new Date().toISOString().slice(0, 10),
      created_at: now(),
      stage_counts: [],
    };
  };
  const rowOf = (c: Candidate): CandidateRow => ({
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    email: c.email,
    location: c.location,
    tags: c.tags,
    applications: apps
      .filter((a) => a.candidate_id === c.id)
      .map((a) => ({ application_id: a.id, role_id: a.role_id, role_title: a.role_title, stage: a.stage, place: a.place })),
  });
  const track = <A extends unknown[], T>(name: string, f: (...a: A) => Result<T>) =>
    async (...a: A): Promise<Result<T>> => {
      calls.push(name);
      return f(...a);
    };

  const render = (request: { subject: string; body: string; candidate_id: number; role_id: number | null; values: Partial<Record<string, string>> }): Result<Rendered> => {
    const bad = checkTemplate(request.subject, request.body);
    if (bad) return bad;
    const c = candidates.find((x) => x.id === request.candidate_id);
    if (!c) return err("not_found", `candidate ${request.candidate_id} does not exist`);
    const role = roles.find((r) => r.id === request.role_id);
    const values: Record<string, string> = {
      candidate_first_name: c.first_name,
      candidate_last_name: c.last_name,
      candidate_full_name: `${c.first_name} ${c.last_name}`.trim(),
      candidate_email: c.email,
      ...(role ? { role_title: role.title } : {}),
      company_name: profile.company_name,
      sender_name: profile.sender_name,
      signature: profile.signature || profile.sender_name,
    };
    for (const [k, v] of Object.entries(request.values))
      if (v)
        values[k] = /^\d{4}-\d{2}-\d{2}$/.test(v)
          ? new Date(`${v}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" })
          : v;
    const fill = (text: string): string | Result<never> => {
      for (const u of used(text))
        if (!values[u]?.trim()) return err("validation", `${u}: {{ ${u} }} has no value for this message`, u);
      return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => values[k]);
    };
    const subject = fill(request.subject);
    if (typeof subject !== "string") return subject;
    const body = fill(request.body);
    if (typeof body !== "string") return body;
    return ok({ subject, body });
  };

  /** A small stand-in for the Rust tone check: enough for the UI's flows. */
  const tone = (request: ComposeRequest, body: string): Finding[] => {
    const t = templates.find((x) => x.id === request.template_id);
    if (!t || (t.purpose !== "rejection" && t.purpose !== "runner_up")) return [];
    const out: Finding[] = [];
    if (/\byounger\b/i.test(body))
      out.push({ rule: "protected_characteristic", severity: "blocking", explanation: "\"younger\" touches on age, a protected characteristic.", excerpt: "younger" });
    if (/other candidates/i.test(request.values.feedback ?? ""))
      out.push({ rule: "compares_with_others", severity: "warning", explanation: "The feedback compares them with others.", excerpt: "other candidates" });
    return out;
  };

  const nameOf = (candidateId: number) => {
    const c = candidates.find((x) => x.id === candidateId);
    return c ? `${c.first_name} ${c.last_name}`.trim() : "";
  };
  const looseEnds = (roleId: number): LooseEnd[] =>
    apps
      .filter((a) => a.role_id === roleId && !told.has(a.id) && a.stage !== "hired" && a.stage !== "withdrawn")
      .map((a) => ({
        application_id: a.id,
        candidate_id: a.candidate_id,
        candidate_name: nameOf(a.candidate_id),
        stage: a.stage,
        place: a.place,
        purpose: a.place === 2 || a.place === 3 ? ("runner_up" as const) : ("rejection" as const),
      }));
  const queue = (request: ComposeRequest, subject: string, body: string, applicationId: number | null, batch: string | null): OutboxMessage => {
    const c = candidates.find((x) => x.id === request.candidate_id)!;
    const m: OutboxMessage = {
      id: seq++,
      candidate_id: c.id,
      application_id: applicationId,
      batch_id: batch,
      to_name: `${c.first_name} ${c.last_name}`.trim(),
      to_address: c.email,
      subject,
      body,
      message_id: `<m.${seq}@example.com>`,
      status: "queued",
      attempts: 0,
      send_after: request.send_at ?? new Date(Date.now() + 10000).toISOString(),
      last_error: null,
      created_at: now(),
      sent_at: null,
    };
    outbox.push(m);
    return m;
  };
  const setStage = (a: ApplicationView, stage: Stage) => {
    log(a.candidate_id, a.id, "stage_changed", `Moved from ${a.stage} to ${stage} for ${a.role_title}`);
    a.stage = stage;
    a.next_stages = nextStages(stage);
  };

  const pool: PoolMember[] = [];
  const consents: { candidate_id: number; application_id: number | null; kind: string; given_on: string }[] = [];
  const referees: Referee[] = [];
  const checks: BackgroundCheck[] = [];
  const today = () => new Date().toISOString().slice(0, 10);
  const addMonths = (iso: string, n: number) => {
    const d = new Date(`${iso}T12:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + n);
    return d.toISOString().slice(0, 10);
  };
  const words = (t: string) => new Set(t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1));

  const backups: BackupInfo[] = [];
  const exportedData: string[] = [];

  /** Test files by path: the import dialog reads them through preview/import. */
  const files = new Map<string, string>();
  const parseCsv = (text: string) => {
    const [head, ...lines] = text.trim().split(/\r?\n/);
    const headers = head.split(",").map((h) => h.trim());
    return { headers, rows: lines.map((l, i) => ({ line: i + 2, cells: l.split(",").map((c) => c.trim()) })) };
  };
  const guess = (h: string): Field | null => {
    const k = h.toLowerCase().replace(/[^a-z]/g, "");
    const table: Record<string, Field> = { firstname: "first_name", lastname: "last_name", name: "name", email: "email", job: "role", role: "role", position: "role", stage: "stage", status: "stage" };
    return table[k] ?? null;
  };
  const previewOf = (path: string, mapping: (Field | null)[] | null): Result<ImportPreview> => {
    const text = files.get(path);
    if (text === undefined) return err("io", `could not read ${path}: no such file`);
    const { headers, rows } = parseCsv(text);
    const m = mapping ?? headers.map(guess);
    if (!m.includes("email")) return err("validation", "mapping: choose the column that holds the email address", "mapping");
    const sample: ImportRow[] = [];
    const problems: RowProblem[] = [];
    for (const r of rows) {
      const v = (f: Field) => r.cells[m.indexOf(f)] ?? "";
      const email = v("email");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(email)) {
        problems.push({ line: r.line, reason: `email: '${email}' is not an address` });
        continue;
      }
      sample.push({ line: r.line, first_name: v("first_name"), last_name: v("last_name"), email, phone: "", location: "", source: "", tags: [], notes: "", role: v("role") || null, stage: null });
    }
    return ok({ encoding: "UTF-8", delimiter: "comma", headers, mapping: m, sample: sample.slice(0, 10), total: rows.length, problems, duplicates: sample.filter((x) => candidates.some((c) => c.email.toLowerCase() === x.email.toLowerCase())).length });
  };

  return {
    calls,
    sent,
    files,
    previewImport: track("previewImport", (path: string, mapping: (Field | null)[] | null) => previewOf(path, mapping)),
    importCandidates: track("importCandidates", (path: string, o: ImportOptions) => {
      const p = previewOf(path, o.mapping);
      if (p.status === "error") return p;
      if (p.data.problems.length && !o.good_rows_only)
        return err("validation", `file: ${p.data.problems.length} rows have problems; import the good rows or fix the file`, "file");
      const all = parseCsv(files.get(path)!).rows;
      let created = 0;
      let skipped = 0;
      for (const r of all) {
        const v = (f: Field) => r.cells[o.mapping.indexOf(f)] ?? "";
        if (p.data.problems.some((x) => x.line === r.line)) continue;
        if (candidates.some((c) => c.email.toLowerCase() === v("email").toLowerCase())) {
          skipped++;
          continue;
        }
        candidates.push(toCandidate(seq++, { first_name: v("first_name"), last_name: v("last_name"), email: v("email"), phone: "", location: "", source: "", tags: [], notes: "" }, now()));
        created++;
      }
      return ok({ created, merged: 0, skipped, bad_rows: p.data.problems.length, roles_created: 0 });
    }),
    cancelImport: track("cancelImport", () => ok(null)),
    exportCsv: track("exportCsv", (kind: string, path: string) => {
      exportedData.push(`${kind}:${path}`);
      return ok(null);
    }),
    exportedData,
    retentionList: track("retentionList", () => {
      const items: RetentionItem[] = candidates
        .filter((c) => {
          const mine = apps.filter((a) => a.candidate_id === c.id);
          return mine.length > 0 && mine.every((a) => a.stage === "rejected" || a.stage === "withdrawn") && !pool.some((m) => m.candidate_id === c.id);
        })
        .map((c) => ({
          candidate_id: c.id,
          candidate_name: nameOf(c.id),
          why: "Rejected",
          decided_on: today(),
          due_on: today(),
          status: "due" as const,
          hold_reason: null,
        }));
      return ok(items);
    }),
    keepLonger: track("keepLonger", (candidateId: number, until: string, reason: string) => {
      if (!reason.trim()) return err("validation", "reason: say why they are kept longer; it is recorded", "reason");
      if (!(until > today())) return err("validation", "until: must be after today", "until");
      log(candidateId, null, "retention_hold", `Kept until ${until}: ${reason}`);
      return ok(null);
    }),
    eraseCandidate: track("eraseCandidate", (candidateId: number) => {
      const i = candidates.findIndex((c) => c.id === candidateId);
      if (i < 0) return err("not_found", `candidate ${candidateId} does not exist`);
      candidates.splice(i, 1);
      for (let j = apps.length - 1; j >= 0; j--) if (apps[j].candidate_id === candidateId) apps.splice(j, 1);
      for (let j = outbox.length - 1; j >= 0; j--) if (outbox[j].candidate_id === candidateId) outbox.splice(j, 1);
      timeline.delete(candidateId);
      return ok(null);
    }),
    exportCandidateData: track("exportCandidateData", (candidateId: number, path: string) => {
      if (!candidates.some((c) => c.id === candidateId)) return err("not_found", `candidate ${candidateId} does not exist`);
      exportedData.push(path);
      return ok(null);
    }),
    listBackups: track("listBackups", () => ok(backups.map((b) => ({ ...b })))),
    backupNow: track("backupNow", () => {
      const b: BackupInfo = { path: `/tmp/kindly-test/backups/kindly-${seq}.db`, name: `kindly-${seq++}.db`, kib: 96, created_at: now() };
      backups.unshift(b);
      return ok({ ...b });
    }),
    restoreBackup: track("restoreBackup", (path: string) => {
      if (!backups.some((b) => b.path === path)) return err("database", `${path.split("/").pop()} is not a sound Kindly backup (integrity check: malformed); nothing was changed.`);
      return ok({ candidates: candidates.length, migrations: 8 });
    }),
    // The pulse from what this backend keeps: interviews, who was told, who is left waiting,
    // the pool and how far people got. (The full arithmetic is tested on the real core.)
    pulseCheck: track("pulseCheck", (q: PulseQuery) => {
      const date = /^\d{4}-\d{2}-\d{2}$/;
      if (!date.test(q.from)) return err("validation", `from: '${q.from}' is not a date (YYYY-MM-DD)`, "from");
      if (!date.test(q.to)) return err("validation", `to: '${q.to}' is not a date (YYYY-MM-DD)`, "to");
      if (q.to < q.from) return err("validation", "to: is before the start of the period", "to");
      const inPeriod = (d: string) => d.slice(0, 10) >= q.from && d.slice(0, 10) <= q.to;
      const person = (a: ApplicationView, detail: string): PulsePerson => ({
        candidate_id: a.candidate_id,
        name: nameOf(a.candidate_id),
        application_id: a.id,
        role_id: a.role_id,
        role_title: a.role_title,
        detail,
      });
      const fig = (people: PulsePerson[]): Figure => ({ count: people.length, people });
      const empty = fig([]);
      const months: string[] = [];
      for (let d = new Date(`${q.from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= q.to.slice(0, 7); d.setUTCMonth(d.getUTCMonth() + 1)) {
        months.push(d.toISOString().slice(0, 7));
      }
      const scopeOf = (roleId: number | null, title: string, status: Role["status"] | null) => {
        const mine = apps.filter((a) => roleId === null || a.role_id === roleId);
        const interviews = mine.flatMap((a) => a.interviews.filter((i) => inPeriod(i.held_on)).map((i) => ({ a, i })));
        const thanked = (a: ApplicationView) => outbox.some((m) => m.application_id === a.id && m.status === "sent" && /thank/i.test(m.subject));
        const roleOpen = (a: ApplicationView) => roles.find((r) => r.id === a.role_id)?.status === "open";
        const waiting = mine.filter((a) => !told.has(a.id) && a.stage !== "hired" && a.stage !== "withdrawn" && (a.stage === "rejected" || !roleOpen(a)));
        const figures: PulseFigures = {
          interviews: fig(interviews.map(({ a, i }) => person(a, `Interviewed ${i.held_on}`))),
          thanked_within_1: empty,
          thanked_within_2: empty,
          thanked_later: empty,
          not_thanked: fig(interviews.filter(({ a }) => !thanked(a)).map(({ a, i }) => person(a, `Interviewed ${i.held_on}, not thanked yet`))),
          promises_on_time: empty,
          promises_late: empty,
          promises_missed: empty,
          promises_open: empty,
          decisions: empty,
          median_days_to_decision: null,
          rejections: fig(mine.filter((a) => told.has(a.id)).map((a) => person(a, "Rejection queued"))),
          rejections_with_feedback: empty,
          warnings_sent_anyway: empty,
          left_waiting: fig(waiting.map((a) => person(a, a.stage === "rejected" ? "Rejected, never told" : "The role is no longer open"))),
          pool_members: fig(pool.filter((m) => m.status !== "expired" && (roleId === null || m.role_id === roleId)).map((m) => ({ candidate_id: m.candidate_id, name: m.candidate_name, application_id: m.application_id, role_id: m.role_id, role_title: m.role_title, detail: `Next check-in ${m.next_contact_on}` }))),
          pool_contacted_90: empty,
          pool_overdue: empty,
          pool_expiring_30: empty,
        };
        const reached = (a: ApplicationView) =>
          a.stage === "hired" ? 4 : a.stage === "offer" || a.offer ? 3 : a.stage === "finalist" || a.place ? 2 : a.interviews.length > 0 || a.stage === "interviewed" ? 1 : 0;
        const funnelStages: Stage[] = ["applied", "interviewed", "finalist", "offer", "hired"];
        return {
          role_id: roleId,
          title,
          status,
          figures,
          funnel: funnelStages.map((stage, k) => ({ stage, count: mine.filter((a) => reached(a) >= k).length })),
          trend: months.map((month) => ({
            month,
            interviews: interviews.filter(({ i }) => i.held_on.startsWith(month)).length,
            thanked_within_2: 0,
            promises_on_time: 0,
            promises_late: 0,
            promises_missed: 0,
            decisions: 0,
            rejections_with_feedback: 0,
          })),
        };
      };
      const pulse: Pulse = {
        from: q.from,
        to: q.to,
        scopes: [scopeOf(null, "All roles", null), ...roles.map((r) => scopeOf(r.id, r.title, r.status))],
        erased: { candidates: 0, applications: 0, messages_sent: 0 },
      };
      return ok(pulse);
    }),
    saveReport: track("saveReport", (svg: string, format: ReportFormat, path: string) => {
      if (!svg.startsWith("<svg")) return err("validation", "svg: is not a drawing Kindly can save", "svg");
      reports.push({ svg, format, path });
      return ok(null);
    }),
    reports,
    talentPool: track("talentPool", () => ok(pool.map((m) => ({ ...m })))),
    poolMember: track("poolMember", (candidateId: number) => ok(pool.find((m) => m.candidate_id === candidateId) ?? null)),
    addToPool: track("addToPool", (i: PoolInput) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(i.given_on)) return err("validation", `given_on: '${i.given_on}' is not a date (YYYY-MM-DD)`, "given_on");
      if (i.given_on > today()) return err("validation", "given_on: is in the future", "given_on");
      if (pool.some((m) => m.candidate_id === i.candidate_id)) return err("conflict", "candidate_id: already in the talent pool", "candidate_id");
      const c = candidates.find((x) => x.id === i.candidate_id);
      if (!c) return err("not_found", `candidate ${i.candidate_id} does not exist`);
      const a = apps.find((x) => x.id === i.application_id);
      consents.push({ candidate_id: c.id, application_id: i.application_id, kind: "talent_pool", given_on: i.given_on });
      const m: PoolMember = {
        id: seq++,
        candidate_id: c.id,
        candidate_name: nameOf(c.id),
        email: c.email,
        application_id: i.application_id,
        role_id: a?.role_id ?? null,
        role_title: a?.role_title ?? null,
        place: a?.place ?? null,
        joined_at: now(),
        consent_given_on: i.given_on,
        consent_expires_on: addMonths(i.given_on, 12),
        last_contact_at: now(),
        next_contact_on: addDays(today(), 90),
        contact_overdue: false,
        status: "active",
      };
      pool.push(m);
      log(c.id, i.application_id, "pool_joined", "Joined the talent pool");
      return ok({ ...m });
    }),
    recordConsent: track("recordConsent", (i: ConsentInput) => {
      if (i.given_on > today()) return err("validation", "given_on: is in the future", "given_on");
      consents.push({ candidate_id: i.candidate_id, application_id: i.application_id, kind: i.kind, given_on: i.given_on });
      const m = pool.find((x) => x.candidate_id === i.candidate_id);
      if (m && i.kind === "talent_pool") Object.assign(m, { consent_given_on: i.given_on, consent_expires_on: addMonths(i.given_on, 12), status: "active" });
      return ok({ id: seq++, candidate_id: i.candidate_id, application_id: i.application_id, kind: i.kind, given_on: i.given_on, method: i.method, expires_on: i.kind === "talent_pool" ? addMonths(i.given_on, 12) : null, notes: i.notes || null });
    }),
    logPoolContact: track("logPoolContact", (candidateId: number) => {
      const m = pool.find((x) => x.candidate_id === candidateId);
      if (!m) return err("validation", "candidate_id: they are not in the talent pool", "candidate_id");
      Object.assign(m, { last_contact_at: now(), next_contact_on: addDays(today(), 90), contact_overdue: false });
      return ok({ ...m });
    }),
    leavePool: track("leavePool", (candidateId: number) => {
      const i = pool.findIndex((x) => x.candidate_id === candidateId);
      if (i < 0) return err("validation", "candidate_id: they are not in the talent pool", "candidate_id");
      pool.splice(i, 1);
      return ok(null);
    }),
    reconnectSuggestions: track("reconnectSuggestions", (roleId: number) => {
      const open = roles.find((r) => r.id === roleId);
      if (!open) return err("not_found", `role ${roleId} does not exist`);
      return ok(
        pool
          .filter((m) => m.status !== "expired" && m.role_id !== null && m.role_id !== roleId)
          .map((m) => {
            const past = roles.find((r) => r.id === m.role_id)!;
            const shared = [...words(open.title)].filter((w) => words(past.title).has(w));
            return { member: { ...m }, similarity: shared.length * 3, reasons: shared.length ? [`Title: ${shared.join(", ")}`] : [] };
          })
          .filter((x) => x.similarity > 0)
          .sort((a, b) => b.similarity - a.similarity || (a.member.place ?? 9) - (b.member.place ?? 9)),
      );
    }),
    referenceSummary: track("referenceSummary", (applicationId: number) => {
      const list = referees.filter((r) => r.application_id === applicationId).map((r) => ({ ...r }));
      const c = consents.find((x) => x.application_id === applicationId && x.kind === "references");
      const avg = (f: (r: Referee) => number | null) => {
        const v = list.map(f).filter((x): x is number => x !== null);
        return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
      };
      return ok({
        application_id: applicationId,
        consent: c ? { id: 1, candidate_id: c.candidate_id, application_id: applicationId, kind: "references" as const, given_on: c.given_on, method: "in_person" as const, expires_on: null, notes: null } : null,
        referees: list,
        technical_average: avg((r) => r.record.technical_rating),
        interpersonal_average: avg((r) => r.record.interpersonal_rating),
        work_again_yes: list.filter((r) => r.record.work_again === "yes").length,
        work_again_no: list.filter((r) => r.record.work_again === "no").length,
        work_again_unsure: list.filter((r) => r.record.work_again === "unsure").length,
      });
    }),
    addReferee: track("addReferee", (applicationId: number, i: RefereeInput) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (a.stage !== "finalist" && a.stage !== "offer") return err("forbidden_transition", `References are checked for finalists and offers; this application is ${a.stage}.`);
      if (!i.name.trim()) return err("validation", "name: is required", "name");
      if (!i.email.trim() && !i.phone.trim()) return err("validation", "email: add an email address or a phone number to reach them", "email");
      const r: Referee = {
        id: seq++,
        application_id: applicationId,
        name: i.name.trim(),
        relationship: i.relationship,
        company: i.company || null,
        email: i.email || null,
        phone: i.phone || null,
        worked_together: i.worked_together || null,
        requested_at: null,
        answered_at: null,
        record: { technical_rating: null, technical_notes: "", interpersonal_rating: null, interpersonal_notes: "", strengths: "", growth: "", work_again: null, concerns: "", call_notes: "" },
        flags: [],
      };
      referees.push(r);
      return ok({ ...r });
    }),
    deleteReferee: track("deleteReferee", (id: number) => {
      const i = referees.findIndex((r) => r.id === id);
      if (i < 0) return err("not_found", `reference ${id} does not exist`);
      referees.splice(i, 1);
      return ok(null);
    }),
    recordReference: track("recordReference", (id: number, rec: ReferenceRecord) => {
      const r = referees.find((x) => x.id === id);
      if (!r) return err("not_found", `reference ${id} does not exist`);
      for (const [f, v] of [["technical_rating", rec.technical_rating], ["interpersonal_rating", rec.interpersonal_rating]] as const)
        if (v !== null && (v < 1 || v > 5)) return err("validation", `${f}: ${v} is not a rating; use 1 (weak) to 5 (excellent)`, f);
      r.record = { ...rec };
      r.answered_at = r.answered_at ?? now();
      const all = Object.values(rec).join(" ");
      r.flags = /\btoo old\b|\byounger\b/i.test(all) ? [{ rule: "protected_characteristic", severity: "blocking", explanation: "\"too old\" touches on age, a protected characteristic.", excerpt: "too old" }] : [];
      return ok({ ...r });
    }),
    requestReference: track("requestReference", (req: ReferenceRequest) => {
      const r = referees.find((x) => x.id === req.referee_id);
      if (!r) return err("not_found", `reference ${req.referee_id} does not exist`);
      if (!consents.some((c) => c.application_id === r.application_id && c.kind === "references"))
        return err("consent_required", "Record the candidate's consent to contact their references before asking them.");
      if (!r.email) return err("validation", `email: ${r.name} has no email address; call them instead`, "email");
      const a = apps.find((x) => x.id === r.application_id)!;
      const rendered = render({ subject: req.subject, body: req.body, candidate_id: a.candidate_id, role_id: a.role_id, values: { reference_name: r.name } });
      if (rendered.status === "error") return rendered;
      r.requested_at = now();
      const m = queue({ candidate_id: a.candidate_id, role_id: a.role_id, template_id: req.template_id, subject: req.subject, body: req.body, values: {}, send_at: req.send_at, acknowledge_warnings: false, time_zone: req.time_zone }, rendered.data.subject, rendered.data.body, a.id, null);
      m.to_name = r.name;
      m.to_address = r.email;
      return ok({ ...m });
    }),
    saveBackgroundCheck: track("saveBackgroundCheck", (applicationId: number, i: CheckInput) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (!(a.stage === "offer" || a.stage === "hired" || (a.stage === "finalist" && a.place === 1)))
        return err("forbidden_transition", "A background check is only for the chosen candidate: at the offer stage, or the finalist placed 1st.");
      if (!i.provider.trim()) return err("validation", "provider: is required", "provider");
      if (i.status !== "not_started" && !i.requested_on) return err("validation", "requested_on: say when it was requested", "requested_on");
      if ((i.status === "clear" || i.status === "needs_review") && !i.completed_on) return err("validation", "completed_on: say when it was completed", "completed_on");
      const existing = checks.find((c) => c.application_id === applicationId);
      const c: BackgroundCheck = { id: existing?.id ?? seq++, application_id: applicationId, provider: i.provider.trim(), requested_on: i.requested_on || null, status: i.status, completed_on: i.completed_on || null, notes: i.notes || null, updated_at: now() };
      if (existing) Object.assign(existing, c);
      else checks.push(c);
      a.background_check = { ...c };
      return ok({ ...c });
    }),

    getDeskSettings: track("getDeskSettings", () => ok(structuredClone(desk))),
    saveDeskSettings: track("saveDeskSettings", (d: DeskSettings) => {
      if (d.follow_up_working_days < 1 || d.follow_up_working_days > 30)
        return err("validation", `follow_up_working_days: ${d.follow_up_working_days} is out of range; promise news within 1 to 30 working days`, "follow_up_working_days");
      const blank = d.welcome_plan.findIndex((x) => !x.title.trim());
      if (blank >= 0) return err("validation", `welcome_plan.${blank}.title: is required`, `welcome_plan.${blank}.title`);
      desk = structuredClone(d);
      desk.welcome_plan.sort((a, b) => a.days_from_start - b.days_from_start);
      return ok(structuredClone(desk));
    }),
    decisionDraft: track("decisionDraft", (applicationId: number) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (a.stage === "hired") return err("forbidden_transition", "This candidate was hired; a rejection does not go to the person who got the job.");
      const purpose = a.place === 2 || a.place === 3 ? "runner_up" : "rejection";
      const t = templates.find((x) => x.purpose === purpose)!;
      const notes = a.interviews.map((i) => i.notes ?? "").filter((n) => n.trim());
      return ok({
        application_id: a.id,
        candidate_id: a.candidate_id,
        candidate_name: nameOf(a.candidate_id),
        role_id: a.role_id,
        role_title: a.role_title,
        stage: a.stage,
        place: a.place,
        purpose,
        template_id: t.id,
        subject: t.subject,
        body: t.body,
        values: { feedback: notes.join("\n") },
        interview_notes: notes,
      });
    }),
    sendDecisions: track("sendDecisions", (requests: DecisionRequest[]) => {
      if (!requests.length) return err("validation", "requests: there is nothing to send", "requests");
      const ready: { a: ApplicationView; r: DecisionRequest; subject: string; body: string }[] = [];
      for (const r of requests) {
        const a = apps.find((x) => x.id === r.application_id);
        if (!a) return err("not_found", `application ${r.application_id} does not exist`);
        const who = nameOf(a.candidate_id);
        if (told.has(a.id)) return err("conflict", `${who}: application_id: they have already been sent a decision; see the Outbox`, "application_id");
        const rendered = render(r.message);
        if (rendered.status === "error") return err(rendered.error.code, `${who}: ${rendered.error.message}`, rendered.error.field);
        const findings = tone(r.message, rendered.data.body);
        const blocking = findings.find((f) => f.severity === "blocking");
        if (blocking) return err("tone_blocked", `${who}: ${blocking.explanation}`);
        if (findings.length && !r.message.acknowledge_warnings) return err("needs_confirmation", `${who}: The tone check has warnings; read them, then send anyway.`);
        ready.push({ a, r, ...rendered.data });
      }
      const batch = ready.length > 1 ? `b${seq++}` : null;
      return ok(
        ready.map(({ a, r, subject, body }) => {
          if (a.stage !== "rejected") setStage(a, "rejected");
          a.decision_reason = r.reason.trim() || a.decision_reason;
          told.add(a.id);
          return { ...queue(r.message, subject, body, a.id, batch) };
        }),
      );
    }),
    looseEnds: track("looseEnds", (roleId: number) => ok(looseEnds(roleId))),
    nextWorkingMorning: track("nextWorkingMorning", () => {
      const d = new Date(Date.now() + 864e5);
      while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
      return ok(`${d.toISOString().slice(0, 10)}T09:00:00Z`);
    }),
    extendOffer: track("extendOffer", (applicationId: number, input: OfferInput) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (!input.terms.trim()) return err("validation", "terms: say what you are offering (pay, hours, role)", "terms");
      if (input.expires_on < new Date().toISOString().slice(0, 10)) return err("validation", "expires_on: is in the past", "expires_on");
      if (a.stage !== "finalist" && a.stage !== "offer") return err("forbidden_transition", `An offer goes to a finalist; this application is ${a.stage}.`);
      if (a.stage === "finalist") setStage(a, "offer");
      const o: Offer = {
        id: seq++,
        application_id: a.id,
        terms: input.terms.trim(),
        start_date: input.start_date,
        expires_on: input.expires_on,
        status: "extended",
        reason: null,
        decided_at: null,
        created_at: now(),
      };
      offers.push(o);
      a.offer = { ...o };
      return ok({ ...o });
    }),
    acceptOffer: track("acceptOffer", (offerId: number, startDate: string | null) => {
      const o = offers.find((x) => x.id === offerId);
      if (!o) return err("not_found", `offer ${offerId} does not exist`);
      if (o.status !== "extended") return err("conflict", `offer_id: this offer was already ${o.status}`, "offer_id");
      const a = apps.find((x) => x.id === o.application_id)!;
      o.status = "accepted";
      o.start_date = startDate || o.start_date;
      setStage(a, "hired");
      a.offer = { ...o };
      const r = roles.find((x) => x.id === a.role_id);
      if (r) r.status = "filled";
      const plan = desk.welcome_plan.map((step) => {
        const day = addDays(o.start_date, step.days_from_start);
        const rem: Reminder = {
          id: seq++,
          title: step.title,
          kind: "welcome_step",
          candidate_id: a.candidate_id,
          candidate_name: nameOf(a.candidate_id),
          application_id: a.id,
          due_local: `${day}T09:00`,
          time_zone: "UTC",
          due_at: `${day}T09:00:00Z`,
          snoozed: false,
          repeat_every: null,
          repeat_unit: null,
          done_at: null,
          bucket: bucketOf(`${day}T09:00:00Z`),
          source: `offer:${o.id}`,
        };
        reminders.push(rem);
        return { ...rem };
      });
      const accepted: Accepted = {
        application: { ...a },
        candidate_name: nameOf(a.candidate_id),
        role_title: a.role_title,
        welcome_plan: plan,
        loose_ends: looseEnds(a.role_id),
      };
      return ok(accepted);
    }),
    declineOffer: track("declineOffer", (offerId: number, reason: string) => {
      const o = offers.find((x) => x.id === offerId);
      if (!o) return err("not_found", `offer ${offerId} does not exist`);
      if (!reason.trim()) return err("validation", "reason: say why the offer was declined", "reason");
      const a = apps.find((x) => x.id === o.application_id)!;
      Object.assign(o, { status: "declined", reason: reason.trim() });
      setStage(a, "withdrawn");
      a.decision_reason = `declined the offer: ${reason.trim()}`;
      a.offer = { ...o };
      return ok({ ...a });
    }),
    withdrawOffer: track("withdrawOffer", (offerId: number, reason: string) => {
      const o = offers.find((x) => x.id === offerId);
      if (!o) return err("not_found", `offer ${offerId} does not exist`);
      if (!reason.trim()) return err("validation", "reason: say why the offer was withdrawn", "reason");
      const a = apps.find((x) => x.id === o.application_id)!;
      Object.assign(o, { status: "withdrawn", reason: reason.trim() });
      setStage(a, "finalist");
      a.offer = { ...o };
      return ok({ ...a });
    }),
    welcomePlans: track("welcomePlans", () => {
      const plans: WelcomePlan[] = offers
        .filter((o) => o.status === "accepted")
        .map((o) => {
          const a = apps.find((x) => x.id === o.application_id)!;
          return {
            offer_id: o.id,
            application_id: a.id,
            candidate_id: a.candidate_id,
            candidate_name: nameOf(a.candidate_id),
            role_title: a.role_title,
            start_date: o.start_date,
            steps: reminders.filter((r) => r.source === `offer:${o.id}`).map((r) => ({ ...r })),
          };
        })
        .filter((p) => p.steps.some((st) => !st.done_at));
      return ok(plans);
    }),
    exportRemindersIcs: track("exportRemindersIcs", (path: string) => {
      if (!path.startsWith("/")) return err("validation", `path: '${path}' is not a file path`, "path");
      exported.push(path);
      return ok(reminders.filter((r) => !r.done_at).length);
    }),
    exported,
    todayReminders: track("todayReminders", () => {
      const open = reminders.filter((r) => !r.done_at).map((r) => ({ ...r, bucket: bucketOf(r.due_at) }));
      return ok({
        overdue: open.filter((r) => r.bucket === "overdue"),
        today: open.filter((r) => r.bucket === "today"),
        week: open.filter((r) => r.bucket === "week"),
      });
    }),
    createReminder: track("createReminder", (i: ReminderInput) => {
      if (!i.title.trim()) return err("validation", "title: is required", "title");
      if (i.repeat_every !== null && i.repeat_every <= 0)
        return err("validation", `repeat_every: ${i.repeat_every} is not an interval`, "repeat_every");
      const due = new Date(`${i.due_local}:00Z`).toISOString().replace(".000Z", "Z");
      if (Date.parse(due) < Date.now() && !i.confirm_past)
        return err("needs_confirmation", `due_local: ${i.due_local} is in the past; confirm to add it as overdue`, "due_local");
      const c = candidates.find((x) => x.id === i.candidate_id);
      const r: Reminder = {
        id: seq++,
        title: i.title.trim(),
        kind: i.kind,
        candidate_id: i.candidate_id,
        candidate_name: c ? `${c.first_name} ${c.last_name}`.trim() : null,
        application_id: i.application_id,
        due_local: i.due_local,
        time_zone: i.time_zone,
        due_at: due,
        snoozed: false,
        repeat_every: i.repeat_every,
        repeat_unit: i.repeat_unit,
        done_at: null,
        bucket: bucketOf(due),
        source: i.source,
      };
      reminders.push(r);
      return ok({ ...r });
    }),
    completeReminder: track("completeReminder", (id: number) => {
      const r = reminders.find((x) => x.id === id);
      if (!r) return err("not_found", `reminder ${id} does not exist`);
      r.done_at = now();
      return ok(null);
    }),
    snoozeReminder: track("snoozeReminder", (id: number, s: Snooze) => {
      const r = reminders.find((x) => x.id === id);
      if (!r) return err("not_found", `reminder ${id} does not exist`);
      const hours = s.kind === "one_hour" ? 1 : s.kind === "tomorrow_morning" ? 24 : 24 * 7;
      r.due_at = s.kind === "until" ? new Date(`${s.until}:00Z`).toISOString() : new Date(Date.now() + hours * 36e5).toISOString();
      r.snoozed = true;
      r.bucket = bucketOf(r.due_at);
      return ok({ ...r });
    }),
    rescheduleReminder: track("rescheduleReminder", (id: number, dueLocal: string) => {
      const r = reminders.find((x) => x.id === id);
      if (!r) return err("not_found", `reminder ${id} does not exist`);
      r.due_local = dueLocal;
      r.due_at = new Date(`${dueLocal}:00Z`).toISOString();
      r.snoozed = false;
      r.bucket = bucketOf(r.due_at);
      return ok({ ...r });
    }),
    getMailSetup: track("getMailSetup", () => ok({ settings: smtp, password_stored: password !== null, keychain_error: null })),
    saveSmtpSettings: track("saveSmtpSettings", (s: SmtpSettings) => {
      if (!s.host.trim()) return err("validation", "host: is required", "host");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(s.from_address))
        return err("validation", `from_address: '${s.from_address}' is not an address`, "from_address");
      smtp = { ...s };
      return ok({ ...s });
    }),
    setSmtpPassword: track("setSmtpPassword", (p: string) => {
      if (!p) return err("validation", "password: is empty", "password");
      password = p;
      return ok(null);
    }),
    removeSmtpPassword: track("removeSmtpPassword", () => {
      password = null;
      return ok(null);
    }),
    sendTestEmail: track("sendTestEmail", () => {
      if (!smtp) return err("validation", "host: no mail server is set up yet; add yours in Settings", "host");
      if (smtp.username && password !== "right") return err("smtp_auth", `${smtp.host} did not accept the username or password.`);
      const m = { to: smtp.from_address, message_id: `<test.${seq++}@example.com>` };
      sent.push(m);
      return ok(m);
    }),
    listTemplates: track("listTemplates", () => ok(templates.map((t) => ({ ...t })))),
    updateTemplate: track("updateTemplate", (id: number, input: TemplateInput) => {
      const t = templates.find((x) => x.id === id);
      if (!t) return err("not_found", `template ${id} does not exist`);
      const bad = checkTemplate(input.subject, input.body);
      if (bad) return bad;
      Object.assign(t, input, { edited: t.builtin });
      return ok({ ...t });
    }),
    duplicateTemplate: track("duplicateTemplate", (id: number) => {
      const t = templates.find((x) => x.id === id);
      if (!t) return err("not_found", `template ${id} does not exist`);
      const copy = { ...t, id: seq++, name: `${t.name} (copy)`, builtin: false, edited: false };
      templates.push(copy);
      return ok(copy);
    }),
    restoreTemplate: track("restoreTemplate", (id: number) => {
      const t = templates.find((x) => x.id === id);
      if (!t?.builtin) return err("validation", "id: only a built-in template has a default to restore", "id");
      t.edited = false;
      return ok({ ...t });
    }),
    deleteTemplate: track("deleteTemplate", (id: number) => {
      const i = templates.findIndex((x) => x.id === id);
      if (i < 0 || templates[i].builtin) return err("validation", "id: a built-in template cannot be deleted", "id");
      templates.splice(i, 1);
      return ok(null);
    }),
    previewTemplate: track("previewTemplate", (request): Result<Rendered> => render(request)),
    listOutbox: track("listOutbox", (statuses: MessageStatus[]) =>
      ok(outbox.filter((m) => statuses.length === 0 || statuses.includes(m.status)).map((m) => ({ ...m })).reverse()),
    ),
    defaultFollowUpDate: track("defaultFollowUpDate", () => ok(new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10))),
    checkTone: track("checkTone", (request: ComposeRequest): Result<Finding[]> => {
      const r = render(request);
      if (r.status === "error") return r;
      return ok(tone(request, r.data.body));
    }),
    sendEmail: track("sendEmail", (request: ComposeRequest) => {
      const r = render(request);
      if (r.status === "error") return r;
      const findings = tone(request, r.data.body);
      const blocking = findings.find((f) => f.severity === "blocking");
      if (blocking) return err("tone_blocked", blocking.explanation);
      if (findings.length && !request.acknowledge_warnings) return err("needs_confirmation", "The tone check has warnings; read them, then send anyway.");
      return ok({ ...queue(request, r.data.subject, r.data.body, null, null) });
    }),
    sendBatch: track("sendBatch", () => err("validation", "requests: not in the in-memory backend", "requests")),
    cancelMessage: track("cancelMessage", (id: number) => {
      const m = outbox.find((x) => x.id === id);
      if (!m) return err("not_found", `message ${id} does not exist`);
      if (m.status !== "queued") return err("conflict", `This message is ${m.status} now, so it cannot be cancelled.`);
      m.status = "cancelled";
      return ok({ ...m });
    }),
    retryMessage: track("retryMessage", (id: number) => {
      const m = outbox.find((x) => x.id === id);
      if (!m || (m.status !== "failed" && m.status !== "unknown")) return err("conflict", "This message cannot be sent again.");
      m.status = "queued";
      return ok({ ...m });
    }),
    markMessageSent: track("markMessageSent", (id: number) => {
      const m = outbox.find((x) => x.id === id);
      if (!m || m.status !== "unknown") return err("conflict", "Only a message of unknown fate can be marked sent.");
      m.status = "sent";
      return ok({ ...m });
    }),
    /** Test helper: set a message's status as the worker would. */
    setStatus: (id: number, status: MessageStatus, error: string | null = null) => {
      const m = outbox.find((x) => x.id === id)!;
      m.status = status;
      m.last_error = error;
    },
    listPlaceholders: async () => KNOWN.map((name) => ({ name, description: name.replace(/_/g, " ") })),
    getProfile: track("getProfile", () => ok({ ...profile })),
    saveProfile: track("saveProfile", (p: Profile) => {
      if (/[\r\n]/.test(p.company_name)) return err("validation", "company_name: must be a single line of text", "company_name");
      profile = { ...p };
      return ok({ ...profile });
    }),
    appInfo: track("appInfo", () =>
      ok({
        version: "test",
        data_dir: "/tmp/kindly-test",
        log_dir: "/tmp/kindly-test/logs",
        store: { backend: "sqlite", location: "/tmp/kindly-test/kindly.db", backup_before_migration: null },
        store_error: null,
        is_empty: candidates.length === 0,
        time_zone: "UTC",
      }),
    ),
    loadSampleData: track("loadSampleData", () => {
      if (candidates.length) return err("conflict", "Sample data can only be loaded into an empty database.");
      const r = roleFrom(seq++, { title: "Barista", department: "Café", location: "", tags: [], opened_on: null }) as Role;
      roles.push(r);
      ["Ana Lopez", "Ben Okafor", "Chloé Martin"].forEach((n) => {
        const [f, l] = n.split(" ");
        const id = seq++;
        candidates.push(toCandidate(id, { first_name: f, last_name: l, email: `${f.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, now()));
      });
      return ok({ roles: 1, candidates: 3 });
    }),
    listRoles: track("listRoles", () => ok(roles.map(roleCounts))),
    getRole: track("getRole", (id: number) => {
      const r = roles.find((x) => x.id === id);
      return r ? ok(roleCounts(r)) : err("not_found", `role ${id} does not exist`);
    }),
    createRole: track("createRole", (input: RoleInput) => {
      const r = roleFrom(seq++, input);
      if ("status" in r && (r.status === "error" || r.status === "ok")) return r as Result<never>;
      roles.push(r as Role);
      return ok(r as Role);
    }),
    updateRole: track("updateRole", (id: number, input: RoleInput) => {
      const i = roles.findIndex((x) => x.id === id);
      if (i < 0) return err("not_found", `role ${id} does not exist`);
      const r = roleFrom(id, input, roles[i].status);
      if ((r as Result<never>).status === "error") return r as Result<never>;
      roles[i] = r as Role;
      return ok(roleCounts(roles[i]));
    }),
    setRoleStatus: track("setRoleStatus", (id: number, status: Role["status"]) => {
      const r = roles.find((x) => x.id === id);
      if (!r) return err("not_found", `role ${id} does not exist`);
      r.status = status;
      return ok(roleCounts(r));
    }),
    listCandidates: track("listCandidates", (q) => {
      let list = [...candidates];
      for (const w of (q.search ?? "").toLowerCase().split(/\s+/).filter(Boolean))
        list = list.filter((c) => `${c.first_name} ${c.last_name} ${c.email}`.toLowerCase().includes(w));
      if (q.role_id !== null || q.stage !== null)
        list = list.filter((c) =>
          apps.some((a) => a.candidate_id === c.id && (q.role_id === null || a.role_id === q.role_id) && (q.stage === null || a.stage === q.stage)),
        );
      list.sort((a, b) =>
        q.sort === "name" ? `${a.last_name} ${a.first_name}`.localeCompare(`${b.last_name} ${b.first_name}`) : b.id - a.id,
      );
      const limit = q.limit || 100;
      return ok({ total: list.length, offset: q.offset, rows: list.slice(q.offset, q.offset + limit).map(rowOf) });
    }),
    getCandidate: track("getCandidate", (id: number) => {
      const c = candidates.find((x) => x.id === id);
      if (!c) return err("not_found", `candidate ${id} does not exist`);
      return ok({ candidate: c, applications: apps.filter((a) => a.candidate_id === id), timeline: timeline.get(id) ?? [] });
    }),
    createCandidate: track("createCandidate", (input: CandidateInput) => {
      const bad = checkCandidate(input);
      if (bad) return bad;
      const c = toCandidate(seq++, input, now());
      candidates.push(c);
      log(c.id, null, "candidate_created", "Added to Kindly");
      return ok(c);
    }),
    updateCandidate: track("updateCandidate", (id: number, input: CandidateInput) => {
      const i = candidates.findIndex((x) => x.id === id);
      if (i < 0) return err("not_found", `candidate ${id} does not exist`);
      const bad = checkCandidate(input, id);
      if (bad) return bad;
      candidates[i] = toCandidate(id, input, candidates[i].created_at);
      log(id, null, "candidate_updated", "Updated");
      return ok(candidates[i]);
    }),
    deleteCandidate: track("deleteCandidate", (id: number) => {
      const i = candidates.findIndex((x) => x.id === id);
      if (i < 0) return err("not_found", `candidate ${id} does not exist`);
      candidates.splice(i, 1);
      return ok(null);
    }),
    addApplication: track("addApplication", (candidateId: number, roleId: number) => {
      const r = roles.find((x) => x.id === roleId);
      if (!r) return err("validation", `role_id: role ${roleId} does not exist`, "role_id");
      if (apps.some((a) => a.candidate_id === candidateId && a.role_id === roleId))
        return err("conflict", `role_id: this candidate is already in '${r.title}'`, "role_id");
      const a: ApplicationView = {
        id: seq++,
        candidate_id: candidateId,
        role_id: roleId,
        role_title: r.title,
        stage: "applied",
        place: null,
        next_stages: nextStages("applied"),
        stage_changed_at: now(),
        interviews: [],
        decision_reason: null,
        offer: null,
        background_check: null,
      };
      apps.push(a);
      log(candidateId, a.id, "application_created", `Applied for ${r.title}`);
      return ok(a);
    }),
    moveStage: track("moveStage", (applicationId: number, stage: Stage) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (!a.next_stages.includes(stage))
        return err("forbidden_transition", `stage: an application cannot move from ${a.stage} to ${stage}`, "stage");
      log(a.candidate_id, a.id, "stage_changed", `Moved from ${a.stage} to ${stage} for ${a.role_title}`);
      a.stage = stage;
      a.next_stages = nextStages(stage);
      return ok({ ...a });
    }),
    setPlace: track("setPlace", (applicationId: number, place: number | null) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (place !== null && a.stage !== "finalist")
        return err("validation", `place: only a finalist has a place; this application is ${a.stage}`, "place");
      a.place = place;
      return ok({ ...a });
    }),
    addInterview: track("addInterview", (applicationId: number, heldOn: string, notes: string) => {
      const a = apps.find((x) => x.id === applicationId);
      if (!a) return err("not_found", `application ${applicationId} does not exist`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(heldOn)) return err("validation", `held_on: '${heldOn}' is not a date (YYYY-MM-DD)`, "held_on");
      a.interviews.push({ id: seq++, held_on: heldOn, notes: notes || null });
      return ok({ ...a });
    }),
  };
}
