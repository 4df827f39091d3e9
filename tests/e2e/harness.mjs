// Shared by the end-to-end tests: tauri-driver with the app's own data dir, and small helpers.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, until } from "selenium-webdriver";

const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.KINDLY_APP_BINARY ?? join(ROOT, "target/debug/kindly");
export const WAIT = 15000;
const PORT = 4444;
let driverProc;
let dataDir;

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

/** Start tauri-driver; the app it launches inherits a fresh KINDLY_DATA_DIR, never yours. */
export async function startDriver() {
  assert.ok(existsSync(APP), `no app binary at ${APP}: build it first (make test does)`);
  dataDir = mkdtempSync(join(tmpdir(), "kindly-e2e-"));
  driverProc = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, KINDLY_DATA_DIR: dataDir },
  });
  await waitForPort(PORT, 20000);
}

export async function stopDriver() {
  driverProc?.kill();
  await new Promise((r) => (driverProc ? driverProc.once("exit", r) : r()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

export async function launch() {
  const d = await new Builder()
    .usingServer(`http://127.0.0.1:${PORT}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: APP } })
    .build();
  await d.wait(until.elementLocated(By.css("nav.sidebar")), WAIT);
  return d;
}

export async function click(d, locator) {
  const el = await d.wait(until.elementLocated(locator), WAIT);
  await d.wait(until.elementIsEnabled(el), WAIT);
  await el.click();
  return el;
}

export async function type(d, id, text) {
  const el = await d.wait(until.elementLocated(By.id(id)), WAIT);
  await el.clear();
  await el.sendKeys(text);
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
