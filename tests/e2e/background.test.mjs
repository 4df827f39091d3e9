// Kindly with its window closed (the tray mode, on by default): the window hides instead of
// quitting, the same process keeps running, a reminder falling due a minute later pops up as a
// desktop notification (heard by a stand-in notification server on the test's session bus), and
// a message scheduled for that minute reaches the mail server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { By, until } from "selenium-webdriver";
import { APP, WAIT, appDataDir, appProcesses, arrival, click, launch, setUpMail, settled, startDriver, stopDriver, testHook, type, waitText, setValue, gone } from "./harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const PYTHON = join(process.env.KINDLY_TOOLS ?? join(ROOT, ".tools"), "venv/bin/python");
let server;
let shown;

/** The stand-in notification server, owning org.freedesktop.Notifications on this bus. */
async function startNotifications() {
  shown = join(mkdtempSync(join(tmpdir(), "kindly-notes-")), "shown.jsonl");
  server = spawn(PYTHON, [join(ROOT, "scripts/notifications.py"), shown], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((ok, fail) => {
    server.stdout.on("data", (b) => (String(b).includes("ready") ? ok() : undefined));
    server.once("exit", (code) => fail(new Error(`the notification server stopped (${code})`)));
  });
}

function notifications() {
  return existsSync(shown) ? readFileSync(shown, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
}

/** A local date and time `ms` from now, rounded up to the next whole minute, as a
 * `datetime-local` input takes it. */
function localIn(ms) {
  const t = new Date(Date.now() + ms);
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  const p = (n) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

before(async () => {
  await startNotifications();
  await startDriver();
});
after(async () => {
  await stopDriver();
  server?.kill();
});

test("with the window closed, Kindly keeps running: a reminder pops up and a scheduled message goes", async () => {
  const d = await launch();
  try {
    await setUpMail(d);
    await type(d, "profile-company_name", "Riverside Café");
    await type(d, "profile-sender_name", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await settled(d);
    // Settings says closing keeps Kindly running, as it is by default.
    const keep = await d.wait(until.elementLocated(By.id("bg-keep_running")), WAIT);
    assert.equal(await keep.isSelected(), true);

    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Barista");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);

    // Ana's message, scheduled for the next minute but one.
    await click(d, By.id("nav-candidates"));
    await click(d, By.id("new-candidate"));
    await type(d, "f-first_name", "Ana");
    await type(d, "f-last_name", "Tray");
    await type(d, "f-email", "ana.tray@example.com");
    await click(d, By.id("save-candidate"));
    await waitText(d, By.id("candidate-name"), /^Ana Tray$/);
    await click(d, By.css("#add-role option:nth-child(2)"));
    await click(d, By.id("add-application"));
    await waitText(d, By.css("[data-testid='stage']"), /^Applied$/);
    await click(d, By.id("write-email"));
    await click(d, By.xpath("//form[@role='dialog']//summary[normalize-space()='Edit the text for this message']"));
    const subject = await d.wait(until.elementLocated(By.id("compose-subject")), WAIT);
    await subject.clear();
    await subject.sendKeys("Sent with the window closed");
    // A body of its own: the SMTP server's folder is shared by every e2e file, and the
    // thank-you's text is what desk.test.mjs looks for.
    const body = await d.findElement(By.id("compose-body"));
    await body.clear();
    await body.sendKeys("Hi {{ candidate_first_name }}, a note from the tray test. {{ signature }}");
    const due = localIn(60000);
    await setValue(d, "compose-when", due);
    await waitText(d, By.id("compose-send"), /^Schedule/);
    await click(d, By.id("compose-send"));
    await gone(d, By.css("form[role='dialog']"), "the composer closed");
    await settled(d);

    // A reminder for the same minute.
    await click(d, By.id("nav-today"));
    await click(d, By.id("new-reminder"));
    await type(d, "reminder-title", "Ring the bakery back");
    await setValue(d, "reminder-due_local", due);
    await click(d, By.id("save-reminder"));
    await d.wait(until.elementLocated(By.xpath("//li[.//span[text()='Ring the bakery back']]")), WAIT);
    assert.equal(arrival("Sent with the window closed"), undefined, "nothing went early");

    // The close button: the window goes, Kindly stays.
    const pids = appProcesses(appDataDir());
    assert.equal(pids.length, 1, "one Kindly runs on this data");
    await testHook(d, "test_close_window");
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(appProcesses(appDataDir()), pids, "the same Kindly still runs with its window closed");

    // Within the minute after it falls due (the reminders are looked at every 30 s).
    await d.wait(async () => notifications().some((n) => n.body === "Ring the bakery back"), 180000, "the reminder never popped up");
    const note = notifications().find((n) => n.body === "Ring the bakery back");
    assert.equal(note.summary, "Reminder");
    await d.wait(async () => Boolean(arrival("Sent with the window closed")), 180000, "the scheduled message never went");
    assert.deepEqual(arrival("Sent with the window closed").envelope.rcpt_tos, ["ana.tray@example.com"]);
    assert.deepEqual(appProcesses(appDataDir()), pids, "still the same Kindly");
  } finally {
    await d.quit();
  }
});

test("a command that fails inside Kindly: the window says the data is safe, copies a report without names, and the next action works", async () => {
  const d = await launch();
  try {
    const pids = appProcesses(appDataDir());
    assert.equal(pids.length, 1, "one Kindly runs on this data");
    // A development build's hook: the next command the window calls panics inside Kindly.
    await testHook(d, "test_fail_next");
    // The owner opens Candidates; the first thing it asks the core for fails inside.
    await click(d, By.id("nav-candidates"));
    const banner = await d.wait(until.elementLocated(By.id("something-wrong")), WAIT);
    assert.match(await banner.getText(), /^Something went wrong inside Kindly; your data is safe\./);
    await click(d, By.id("copy-report"));
    const report = await d.wait(until.elementLocated(By.id("crash-report")), WAIT).getText();
    assert.match(report, /^Kindly \S+ report/);
    assert.match(report, /\nError: internal\n/);
    assert.match(report, /a command failed inside Kindly \(a panic\)/, "the report carries the log line around the error");
    assert.match(report, /a panic inside Kindly at=src-tauri\/src\/commands\/mod\.rs:\d+/, "the report says where it failed");
    assert.equal(report.includes("a test asked Kindly to fail"), false, "a panic's message (it may quote what was typed) stays out of the log");
    assert.deepEqual(appProcesses(appDataDir()), pids, "Kindly is still running: the panic was caught");

    // Dismissed, the window goes on: a role is saved and listed.
    await click(d, By.xpath("//section[@id='something-wrong']//button[normalize-space()='Dismiss']"));
    await gone(d, By.id("something-wrong"), "the message stayed");
    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Pastry chef");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Pastry chef']")), WAIT);
  } finally {
    await d.quit();
  }
});

test("started at login, Kindly waits in the tray without a window; launching it again shows the window", async () => {
  // The login item starts Kindly with --in-the-tray (tauri-plugin-autostart's entry).
  const d = await launch(["--in-the-tray"]);
  const visibility = () => d.executeScript("return document.visibilityState");
  try {
    // The page is loaded, and past the moment a window is shown at the latest (5 s), it is not.
    await new Promise((r) => setTimeout(r, 6000));
    assert.equal(await visibility(), "hidden", "the window opened at login");
    const pids = appProcesses(appDataDir());
    assert.equal(pids.length, 1);
    // Launched again from the desktop's menu: the running Kindly shows its window.
    const second = spawn(APP, [], { env: { ...process.env, KINDLY_DATA_DIR: appDataDir() }, stdio: "ignore" });
    assert.equal(await new Promise((ok) => second.once("exit", ok)), 0);
    await d.wait(async () => (await visibility()) === "visible", WAIT, "the window was never shown");
    assert.deepEqual(appProcesses(appDataDir()), pids, "the same Kindly, not a second one");
    // The login item the owner turns on starts Kindly that way.
    await click(d, By.id("nav-settings"));
    await click(d, By.id("bg-start_at_login"));
    await click(d, By.id("save-background"));
    await settled(d);
    const folder = join(process.env.XDG_CONFIG_HOME ?? join(process.env.HOME, ".config"), "autostart");
    const entries = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".desktop")) : [];
    assert.equal(entries.length, 1, `one login item in ${folder}`);
    const exec = readFileSync(join(folder, entries[0]), "utf8").split("\n").find((l) => l.startsWith("Exec="));
    assert.match(exec, /--in-the-tray/);
  } finally {
    await d.quit();
  }
});
