// The UI tests' core: answers recorded from the real one, never a second copy of its rules.
//
// `startCore(name)` installs a mock of Tauri's IPC for one test. It answers each call from
// `fixtures/<name>.json`, written by `tests/commands/ui_fixtures.rs` from the real commands:
//  - writes (anything that is not a read) must come in the recorded order; each is answered
//    with its recorded answer, and the events it emitted are emitted again;
//  - reads are answered as the core answered them after the writes made so far, however often
//    the window asks.
// A call the fixture does not hold fails the test (see `test-setup.ts`).
//
// With KINDLY_RECORD=1 (`make fixtures`) the same calls go to the real core instead
// (`examples/core_bridge.rs`, a fresh database on the fixtures' clock), and the test's flow
// is written to the fixture for the Rust side to answer.
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { invoke } from "@tauri-apps/api/core";
import { expect, vi } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import type { CoreError } from "../bindings";
import { tauriBackend, type Backend } from "./index";

type Answer = { ok?: unknown; err?: CoreError; events?: { event: string; payload: unknown }[]; read?: boolean };
type Entry = Answer & { state: number; write?: boolean; cmd: string; args: unknown };
type Fixture = { scenario: string; now: string; time_zone: string; flow: { cmd: string; args: unknown }[]; answers?: Entry[] };

/** The instant and zone of every recording (`tests/commands/session.rs`). */
export const NOW = "2026-03-02T10:00:00Z";
const TIME_ZONE = "Europe/London";

// Vitest runs in ui/.
const fixturePath = (name: string) => resolve(process.cwd(), "src/backend/fixtures", `${name}.json`);
const bridgePath = () => resolve(process.cwd(), "../target/debug/examples/core_bridge");

/** JSON with keys sorted, so two equal values compare equal as text. */
export function canonical(v: unknown): string {
  return JSON.stringify(v ?? {}, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

export type Core = {
  /** Every command the window called, in order. */
  calls: string[];
  /** The same calls with what was sent. */
  requests: { cmd: string; args: unknown }[];
  /** Calls the fixture did not hold (the test fails on any). */
  unrecorded: string[];
  /** Finish the test: in record mode, write the flow. */
  done: () => Promise<void>;
};

let current: Core | null = null;

/** The core the current test runs on, if any. */
export function currentCore(): Core | null {
  return current;
}

function respond(a: Answer): unknown {
  // The bindings turn a rejected call with a plain object into `{ status: "error" }`.
  if (a.err !== undefined) throw a.err;
  return a.ok ?? null;
}

async function emitAll(a: Answer) {
  for (const e of a.events ?? []) await emit(e.event, e.payload);
}

/** The bindings the window uses, over this test's core, and what the test can ask of it. */
export type TestBackend = Backend & Core;

/** The fixture's name for the running test: its file and its full name. */
function testName(): string {
  const { testPath, currentTestName } = expect.getState();
  const file = (testPath ?? "").split("/").pop()?.replace(/\.test\.tsx?$/, "") ?? "ui";
  const slug = `${file} ${currentTestName ?? ""}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return slug.slice(0, 90).replace(/-$/, "");
}

/** Answer this test's calls from `fixtures/<test name>.json` (or record them through the real
 * core, with KINDLY_RECORD). The window and the test both reach it through the bindings. */
export function startCore(name: string = testName()): TestBackend {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(NOW));
  // Answers arrive on their own time, as from the real core (a child process when recording):
  // React renders them as it would in the app, and the tests wait for what they show.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  const core: Core = process.env.KINDLY_RECORD ? recorder(name) : replayer(name);
  current = core;
  return Object.assign(Object.create(null) as object, tauriBackend, core) as TestBackend;
}

function replayer(name: string): Core {
  const path = fixturePath(name);
  if (!existsSync(path)) throw new Error(`no fixture ${name}.json: run \`make fixtures\``);
  const fixture = JSON.parse(readFileSync(path, "utf8")) as Fixture;
  if (!fixture.answers) throw new Error(`${name}.json has no answers: run \`make fixtures\``);
  if (fixture.now !== NOW || fixture.time_zone !== TIME_ZONE) throw new Error(`${name}.json was recorded at another time: run \`make fixtures\``);
  const writes = fixture.answers.filter((e) => e.write);
  const reads = new Map<string, Entry[]>();
  for (const e of fixture.answers.filter((x) => !x.write)) {
    const k = `${e.cmd} ${canonical(e.args)}`;
    reads.set(k, [...(reads.get(k) ?? []), e]);
  }
  let state = 0;
  const core: Core = { calls: [], requests: [], unrecorded: [], done: async () => undefined };
  mockIPC(
    async (cmd, args) => {
      core.calls.push(cmd);
      core.requests.push({ cmd, args });
      const key = `${cmd} ${canonical(args)}`;
      const next = writes[state];
      if (next && next.cmd === cmd && canonical(next.args) === canonical(args)) {
        state += 1;
        await emitAll(next);
        return respond(next);
      }
      const answers = reads.get(key)?.filter((e) => e.state <= state);
      if (answers && answers.length > 0) return respond(answers[answers.length - 1]);
      const expected = next ? `; the next recorded write is ${next.cmd} ${canonical(next.args)}` : "";
      core.unrecorded.push(`${key}${expected}`);
      throw new Error(`${name}.json does not hold ${key}${expected}`);
    },
    { shouldMockEvents: true },
  );
  return core;
}

function recorder(name: string): Core {
  const bridge = spawn(bridgePath(), [name], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: bridge.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (l) => waiting.shift()?.(l));
  let queue = Promise.resolve();
  const flow: { cmd: string; args: unknown }[] = [];
  const seen = new Set<string>();
  const core: Core = {
    calls: [],
    requests: [],
    unrecorded: [],
    done: async () => {
      await queue;
      bridge.stdin.end();
      const fixture: Fixture = { scenario: name, now: NOW, time_zone: TIME_ZONE, flow };
      writeFileSync(fixturePath(name), JSON.stringify(fixture, null, 2) + "\n");
    },
  };
  mockIPC(
    (cmd, args) => {
      core.calls.push(cmd);
      core.requests.push({ cmd, args });
      const a = JSON.parse(canonical(args)) as unknown;
      const key = `${cmd} ${canonical(args)}`;
      // One call at a time, in the order the window made them.
      const answer = new Promise<Answer>((resolve) => {
        queue = queue.then(
          () =>
            new Promise<void>((next) => {
              waiting.push((line) => {
                const x = JSON.parse(line) as Answer;
                // A read repeated is written once; the Rust side answers it at every state.
                if (!x.read || !seen.has(key)) flow.push({ cmd, args: a });
                seen.add(key);
                resolve(x);
                next();
              });
              bridge.stdin.write(JSON.stringify({ cmd, args: a }) + "\n");
            }),
        );
      });
      return answer.then(async (x) => {
        await emitAll(x);
        return respond(x);
      });
    },
    { shouldMockEvents: true },
  );
  return core;
}

/** End the current test's core (test-setup's afterEach). */
export async function endCore(): Promise<string[]> {
  const core = current;
  current = null;
  if (!core) return [];
  await core.done();
  clearMocks();
  vi.useRealTimers();
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  return core.unrecorded;
}

/** What the worker or the mail server would have left, or the clock a setup runs at: the
 * session's test hooks (`Session::hook` in `tests/commands/session.rs`), recorded as writes. */
export async function hook(name: "interrupted_send" | "server_refused" | "clock" | "write_file" | "drain" | "sent" | "mail" | "restored", args: Record<string, unknown>): Promise<void> {
  await invoke(`test:${name}`, args);
}

/** The data of a call expected to succeed. */
export function data<T>(r: { status: "ok"; data: T } | { status: "error"; error: CoreError }): T {
  if (r.status !== "ok") throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}
