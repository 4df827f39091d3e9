// The real app under Xvfb, through tauri-driver and WebKitWebDriver: create a role, add a
// candidate through the form, find them by search, move them to interviewed; restart on the
// same data dir and find them still there; a bad email shows the field error and saves nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, Key, until } from "selenium-webdriver";

const ROOT = resolve(import.meta.dirname, "../..");
const APP = process.env.KINDLY_APP_BINARY ?? join(ROOT, "target/debug/kindly");
const PORT = 4444;
const WAIT = 15000;

let driverProc;
const dataDir = mkdtempSync(join(tmpdir(), "kindly-e2e-"));

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

before(async () => {
  assert.ok(existsSync(APP), `no app binary at ${APP}: build it first (make test does)`);
  driverProc = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    // The app inherits this environment through WebKitWebDriver: its own data dir, never yours.
    env: { ...process.env, KINDLY_DATA_DIR: dataDir },
  });
  await waitForPort(PORT, 20000);
});

after(() => {
  driverProc?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function launch() {
  const d = await new Builder()
    .usingServer(`http://127.0.0.1:${PORT}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: APP } })
    .build();
  await d.wait(until.elementLocated(By.css("nav.sidebar")), WAIT);
  return d;
}

const byId = (id) => By.id(id);
async function click(d, locator) {
  const el = await d.wait(until.elementLocated(locator), WAIT);
  await d.wait(until.elementIsEnabled(el), WAIT);
  await el.click();
  return el;
}
async function type(d, id, text) {
  const el = await d.wait(until.elementLocated(byId(id)), WAIT);
  await el.clear();
  await el.sendKeys(text);
}
async function textOf(d, locator) {
  return (await d.wait(until.elementLocated(locator), WAIT)).getText();
}
async function waitText(d, locator, pattern) {
  await d.wait(async () => {
    try {
      return pattern.test(await (await d.findElement(locator)).getText());
    } catch {
      return false;
    }
  }, WAIT, `waiting for ${pattern} in ${locator}`);
}

test("a candidate goes from the form to interviewed, and is still there after a restart", async () => {
  let d = await launch();
  try {
    // A role.
    await click(d, byId("nav-roles"));
    await click(d, byId("new-role"));
    await type(d, "role-title", "Barista");
    await type(d, "role-department", "Café");
    await click(d, byId("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);

    // A candidate through the form; saving opens their page.
    await click(d, byId("nav-candidates"));
    await click(d, byId("new-candidate"));
    await type(d, "f-first_name", "Ana");
    await type(d, "f-last_name", "Lopez");
    await type(d, "f-email", "ana.lopez@example.com");
    await click(d, byId("save-candidate"));
    await waitText(d, byId("candidate-name"), /^Ana Lopez$/);

    // A bad email: the field says why, and nothing is saved.
    await click(d, byId("nav-candidates"));
    await click(d, byId("new-candidate"));
    await type(d, "f-first_name", "Bad");
    await type(d, "f-email", "ana@");
    await click(d, byId("save-candidate"));
    await waitText(d, byId("err-email"), /'ana@' is not an address/);
    assert.equal(await (await d.findElement(byId("f-email"))).getAttribute("aria-invalid"), "true");
    await (await d.findElement(byId("f-email"))).sendKeys(Key.ESCAPE);
    await d.wait(async () => (await d.findElements(By.css("[role='dialog']"))).length === 0, WAIT);
    await waitText(d, byId("candidate-count"), /^1 candidate$/);

    // Find by search, open, put forward for the role and move to interviewed.
    await type(d, "search", "LOPEZ");
    await waitText(d, byId("candidate-count"), /^1 candidate match$/);
    await click(d, By.xpath("//button[contains(@class,'cand-row')][.//span[text()='Ana Lopez']]"));
    await waitText(d, byId("candidate-name"), /^Ana Lopez$/);
    await click(d, By.css("#add-role option:nth-child(2)"));
    await click(d, byId("add-application"));
    await click(d, By.css("button[data-stage='interviewing']"));
    await waitText(d, By.css("[data-testid='stage']"), /^Interviewing$/);
    await click(d, By.css("button[data-stage='interviewed']"));
    await waitText(d, By.css("[data-testid='stage']"), /^Interviewed$/);
    await waitText(d, byId("timeline"), /Moved from Interviewing to Interviewed for Barista/);
  } finally {
    await d.quit();
  }

  // Restart on the same data dir.
  d = await launch();
  try {
    await click(d, byId("nav-candidates"));
    await waitText(d, byId("candidate-count"), /^1 candidate$/);
    await type(d, "search", "ana");
    await click(d, By.xpath("//button[contains(@class,'cand-row')][.//span[text()='Ana Lopez']]"));
    await waitText(d, By.css("[data-testid='stage']"), /^Interviewed$/);
    assert.match(await textOf(d, byId("candidate-email")), /ana\.lopez@example\.com/);
  } finally {
    await d.quit();
  }
});
