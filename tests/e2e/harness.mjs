// Shared by the end-to-end tests: tauri-driver with the app's own data dir, and small helpers.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, until } from "selenium-webdriver";

const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.KINDLY_APP_BINARY ?? join(ROOT, "target/debug/kindly");
/** An AppImage starts the way the AppImage docs give for machines without FUSE. */
const APP_ARGS = APP.endsWith(".AppImage") ? ["--appimage-extract-and-run"] : [];
export const WAIT = 15000;
const PORT = 4444;
let driverProc;
let dataDir;
/** What a test typed about people (names, addresses, notes…): none of it may reach a log. */
const personal = new Set();
const PERSONAL_FIELDS = /^(f-|profile-|decision-|offer-terms|reminder-title|search$)/;

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        ok();
      });
      s.on("error", () => (Date.now() > deadline ? fail(new Error(`port ${port} never opened`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

/** A tauri-driver on `port` (its WebKitWebDriver on `nativePort`) whose app gets `dir` as its
 * data folder and `env` besides: a second desktop beside the first, in the team test. */
export async function startDesktop({ port, nativePort, dir, env: extra = {} }) {
  assert.ok(existsSync(APP), `no app binary at ${APP}: build it first (make test does)`);
  const proc = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, KINDLY_DATA_DIR: dir, KINDLY_KEYCHAIN_SERVICE: `${process.env.KINDLY_KEYCHAIN_SERVICE ?? "kindly-test"}.${basename(dir)}`, ...extra },
  });
  await waitForPort(port, 20000);
  return {
    dir,
    launch: () => launchOn(port),
    stop: async () => {
      proc.kill();
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

/** Start tauri-driver; the app it launches inherits a fresh KINDLY_DATA_DIR, never yours. */
export async function startDriver() {
  assert.ok(existsSync(APP), `no app binary at ${APP}: build it first (make test does)`);
  dataDir = mkdtempSync(join(tmpdir(), "kindly-e2e-"));
  driverProc = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    // Each test file gets its own data dir and its own keychain entry, so one file's stored
    // password never decides what another sees.
    env: { ...process.env, KINDLY_DATA_DIR: dataDir, KINDLY_KEYCHAIN_SERVICE: keychainService() },
  });
  await waitForPort(PORT, 20000);
}

export async function stopDriver() {
  driverProc?.kill();
  await new Promise((r) => (driverProc ? driverProc.once("exit", r) : r()));
  try {
    if (dataDir) assertLogsHoldNoPersonalData(dataDir);
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    personal.clear();
  }
}

/** Say that a test used these people's details some other way (a CSV file, say). */
export function mentioned(...texts) {
  for (const t of texts) if (t.trim().length >= 3) personal.add(t.trim());
}

/** The app's logs (in data folder `dir`), searched byte by byte for everything the test typed
 * about people. */
export function assertLogsHoldNoPersonalData(dir) {
  const logs = join(dir, "logs");
  assert.ok(existsSync(logs), `the app wrote no logs in ${logs}`);
  const written = readdirSync(logs).filter((f) => readFileSync(join(logs, f)).length > 0);
  assert.ok(written.length > 0, "the app's logs are empty, so searching them would prove nothing");
  const found = [...personal].flatMap((t) => filesContaining(logs, t).map((f) => `"${t}" in ${basename(f)}`));
  assert.deepEqual(found, [], "personal data reached the logs");
}

/** Kindly through the driver; `args` are added to its command line. */
export async function launch(args = []) {
  return launchOn(PORT, args);
}

async function launchOn(port, args = []) {
  // tauri-driver starts WebKitWebDriver and forwards the new session to it; on a busy machine
  // the first request can reach it before it listens ("Connection refused", then ECONNRESET
  // here). Only that is retried, a few times; anything else fails the test.
  for (let attempt = 1; ; attempt++) {
    try {
      const d = await new Builder()
        .usingServer(`http://127.0.0.1:${port}/`)
        .withCapabilities({ browserName: "wry", "tauri:options": { application: APP, args: [...APP_ARGS, ...args] } })
        .build();
      await d.wait(until.elementLocated(By.css("nav.sidebar")), WAIT);
      return d;
    } catch (e) {
      const refused = /ECONNRESET|socket hang up|ECONNREFUSED/.test(String(e?.message ?? e));
      if (!refused || attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Whether `el` (an option: its select) is what a click at its centre would land on: nothing (a dialog's closing overlay,
 * a toast, a re-rendering card) lies over it. Scrolls it into view first. */
const UNCOVERED = `const el = arguments[0].tagName === "OPTION" ? arguments[0].closest("select") : arguments[0];
  el.scrollIntoView({ block: "center", inline: "nearest" });
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return top !== null && (top === el || el.contains(top));`;

/** Click once the target exists, is enabled and nothing covers it. A click the browser still
 * reports intercepted (an overlay that arrived between the look and the click) is tried again
 * until the same deadline; anything else fails at once. */
export async function click(d, locator) {
  const deadline = Date.now() + WAIT;
  const el = await d.wait(until.elementLocated(locator), WAIT);
  await d.wait(until.elementIsEnabled(el), WAIT);
  for (;;) {
    await d.wait(() => d.executeScript(UNCOVERED, el), Math.max(deadline - Date.now(), 1), `something covers ${locator}`);
    try {
      await el.click();
      return el;
    } catch (e) {
      if (e?.name !== "ElementClickInterceptedError" || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A candidate through the form, put forward for the first role (Applied), then moved through
 * `stages` one step at a time, each waited for. Their page stays open. */
/** A candidate's page, from the list: once nothing covers the page, and their name is shown. */
export async function openCandidate(d, name) {
  // A dialog just closed may still be on screen for a moment: wait until nothing covers the page.
  await settled(d);
  await click(d, By.id("nav-candidates"));
  await click(d, By.xpath(`//button[contains(@class,'cand-row')][.//span[text()='${name}']]`));
  await waitText(d, By.id("candidate-name"), new RegExp(`^${name}$`));
}

export async function applicant(d, { first, last = "Lopez", email, stages = [] }) {
  await click(d, By.id("nav-candidates"));
  await click(d, By.id("new-candidate"));
  await type(d, "f-first_name", first);
  await type(d, "f-last_name", last);
  await type(d, "f-email", email);
  await click(d, By.id("save-candidate"));
  await waitText(d, By.id("candidate-name"), new RegExp(`^${first} ${last}$`));
  await click(d, By.css("#add-role option:nth-child(2)"));
  await click(d, By.id("add-application"));
  await waitText(d, By.css("[data-testid='stage']"), /^Applied$/);
  for (const stage of stages) {
    await click(d, By.css(`button[data-stage='${stage}']`));
    await waitText(d, By.css("[data-testid='stage']"), new RegExp(`^${stage[0].toUpperCase()}${stage.slice(1)}$`));
  }
}

export async function type(d, id, text) {
  const el = await d.wait(until.elementLocated(By.id(id)), WAIT);
  await el.clear();
  await el.sendKeys(text);
  if (PERSONAL_FIELDS.test(id)) mentioned(text);
}

/** A date or date-and-time field set as its picker would (WebKit's driver types into these
 * unreliably): the value through the input's own setter, then the event React listens for. */
export async function setValue(d, id, value) {
  const el = await d.wait(until.elementLocated(By.id(id)), WAIT);
  await d.executeScript(
    `Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(arguments[0], arguments[1]);
     arguments[0].dispatchEvent(new Event("input", { bubbles: true }));`,
    el,
    value,
  );
}

export async function textOf(d, locator) {
  return (await d.wait(until.elementLocated(locator), WAIT)).getText();
}

export async function waitText(d, locator, pattern) {
  await d.wait(
    async () => {
      try {
        return pattern.test(await (await d.findElement(locator)).getText());
      } catch {
        return false;
      }
    },
    WAIT,
    `waiting for ${pattern} in ${locator}`,
  );
}

/** A variable the e2e script sets (the test SMTP server's port, user, password…). */
export function env(k) {
  assert.ok(process.env[k], `${k} is not set: run through scripts/e2e.sh`);
  return process.env[k];
}

/** Settings: the test SMTP server, its password in the (test) keychain, and the owner's name. */
/** The test mail servers' own certificate, chosen in Kindly's dialog (answered here). */
export async function trustTestCertificate(d) {
  await answerDialog(d, env("KINDLY_TEST_SMTP_CA"));
  await click(d, By.id("choose-certificate"));
  await waitText(d, By.id("smtp-ca-state"), /trusted/);
}

export async function setUpMail(d) {
  await click(d, By.id("nav-settings"));
  await type(d, "smtp-host", "127.0.0.1");
  await type(d, "smtp-port", env("KINDLY_TEST_SMTP_PORT"));
  await type(d, "smtp-username", env("KINDLY_TEST_SMTP_USER"));
  await type(d, "smtp-from_address", "owner@riverside.example");
  await trustTestCertificate(d);
  await click(d, By.id("save-smtp"));
  await type(d, "smtp-password", env("KINDLY_TEST_SMTP_PASSWORD"));
  await click(d, By.id("save-password"));
  await waitText(d, By.id("password-stored"), /Stored in the keychain/);
}

/** The message the test SMTP server received with `text` in it (quoted-printable soft breaks
 * undone): its raw text and envelope, or undefined. */
export function arrival(text) {
  const dir = env("KINDLY_TEST_SMTP_DIR");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".eml"))) {
    const raw = readFileSync(join(dir, f), "utf8");
    if (raw.replace(/=\r?\n/g, "").includes(text))
      return { raw, envelope: JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, ".json")), "utf8")) };
  }
  return undefined;
}

/** Wait (through the undo window and the worker) until a message with `text` arrives. */
export async function waitForArrival(d, text, what) {
  await d.wait(async () => Boolean(arrival(text)), 40000, `${what} never reached the server`);
  return arrival(text);
}

/** Click a button with this text inside the open dialog. */
export async function clickInDialog(d, label) {
  return click(d, By.xpath(`//form[@role='dialog']//button[normalize-space()='${label}']`));
}

/** The keychain service the app stores this test file's secrets under. */
export function keychainService() {
  return `${process.env.KINDLY_KEYCHAIN_SERVICE ?? "kindly-test"}.${basename(dataDir)}`;
}

/** The app's data folder for this test file (its database, logs and backups). */
export function appDataDir() {
  return dataDir;
}

/** Files under `root` whose bytes contain `text`. */
export function filesContaining(root, text) {
  const found = [];
  // The app keeps working while this reads: a file it writes and removes (a backup's
  // -journal) may be gone by the time it is opened, and holds nothing then.
  const gone = (e) => e.code === "ENOENT";
  const walk = (p) => {
    let entries = [];
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch (e) {
      if (!gone(e)) throw e;
    }
    for (const e of entries) {
      const f = join(p, e.name);
      if (e.isDirectory()) walk(f);
      else {
        try {
          if (readFileSync(f).includes(Buffer.from(text))) found.push(f);
        } catch (err) {
          if (!gone(err)) throw err;
        }
      }
    }
  };
  walk(root);
  return found;
}

/** The app processes (the debug build) running on data folder `dir`: one Kindly restarted
 * itself into (after a restore, or joining a team) is not the driver's, and is stopped here. */
export function appProcesses(dir) {
  const mine = `KINDLY_DATA_DIR=${dir}`;
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
        return /(^|\/)kindly$/.test(cmd.split("\0")[0]) && readFileSync(`/proc/${p}/environ`, "utf8").split("\0").includes(mine);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Stop the Kindly that restarted itself on data folder `dir`. */
export async function stopRestarted(dir) {
  const deadline = Date.now() + 30000;
  for (const pid of appProcesses(dir)) process.kill(pid, "SIGTERM");
  while (appProcesses(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

/** Wait until nothing on the page matches `locator` (a dialog closed, a notice or a finding went).
 * WebKitWebDriver can answer a search with "stale element" while the page re-renders: that is
 * "not yet", not a failure. */
export async function gone(d, locator, what = `waiting for ${locator} to go`) {
  await d.wait(
    async () => {
      try {
        return (await d.findElements(locator)).length === 0;
      } catch (e) {
        if (e?.name === "StaleElementReferenceError") return false;
        throw e;
      }
    },
    WAIT,
    what,
  );
}

/** No dialog open and no notice showing over the page. */
export async function settled(d) {
  await d
    .wait(async () => {
      // "Stale element" while the page re-renders is "not yet", as in gone(): before, it ended
      // the wait at once and the message blamed a dialog that was not there.
      try {
        return (await d.findElements(By.css(".overlay, div.notice > span"))).length === 0;
      } catch (e) {
        if (e?.name === "StaleElementReferenceError") return false;
        throw e;
      }
    }, 20000)
    .catch(async () => {
      const said = [];
      for (const e of await d.findElements(By.css(".dialog h2, [role='alert'], div.notice > span"))) said.push(await e.getText().catch(() => "?"));
      throw new Error(`a dialog or a notice stayed: ${JSON.stringify(said)}`);
    });
}

/** The next native dialog answers with `path` (WebDriver cannot reach a GTK dialog; the core
 * takes a test's answers only in a debug build). */
export async function answerDialog(d, path) {
  await testHook(d, "test_answer_dialogs", { answers: [path] });
}

/** Call one of a development build's test commands (`test_…`) from the page; throws if the core
 * refused it. */
export async function testHook(d, command, args = {}) {
  const err = await d.executeAsyncScript(
    "const done = arguments[arguments.length - 1];" +
      "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(() => done(null), (e) => done(JSON.stringify(e)));",
    command,
    args,
  );
  if (err) throw new Error(`${command} was refused: ${err}`);
}
