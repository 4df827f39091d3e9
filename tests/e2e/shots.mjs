// Not a test: screenshots of the main screens with sample data, for a person to look at.
// `make screenshots` runs it (app built, tauri-driver on PATH) and writes PNGs to target/shots.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Builder, By, until } from "selenium-webdriver";

const ROOT = resolve(import.meta.dirname, "../..");
const APP = process.env.KINDLY_APP_BINARY ?? join(ROOT, "target/debug/kindly");
const out = process.argv[2] ?? ".";
const dataDir = mkdtempSync(join(tmpdir(), "kindly-shots-"));
const drv = spawn("tauri-driver", ["--port", "4446"], { stdio: "ignore", env: { ...process.env, KINDLY_DATA_DIR: dataDir } });
await new Promise((r) => setTimeout(r, 1500));
const d = await new Builder().usingServer("http://127.0.0.1:4446/").withCapabilities({ browserName: "wry", "tauri:options": { application: APP } }).build();
const shot = async (name) => writeFileSync(join(out, `${name}.png`), await d.takeScreenshot(), "base64");
try {
  await d.wait(until.elementLocated(By.css("nav.sidebar")), 15000);
  const load = await d.wait(until.elementLocated(By.id("load-sample")), 15000);
  await d.sleep(500);
  await shot("welcome");
  await load.click();
  await d.sleep(1500);
  await shot("today");
  await (await d.findElement(By.id("nav-candidates"))).click();
  await d.sleep(800);
  await shot("candidates");
  await (await d.findElement(By.css(".cand-row"))).click();
  await d.sleep(800);
  await shot("candidate");
  await (await d.findElement(By.id("write-email"))).click();
  await d.sleep(800);
  await (await d.findElement(By.id("compose-follow_up_date"))).sendKeys("Friday 6 March");
  await d.sleep(800);
  await shot("composer");
  await (await d.findElement(By.css("[role=dialog] .btn:not(.primary)"))).click();
  await (await d.findElement(By.id("nav-settings"))).click();
  await d.sleep(800);
  await shot("settings");
  await (await d.findElement(By.id("nav-outbox"))).click();
  await d.sleep(800);
  await shot("outbox");
  await (await d.findElement(By.id("nav-templates"))).click();
  await d.sleep(1200);
  await shot("templates");
  await (await d.findElement(By.id("nav-pulse"))).click();
  await d.sleep(1200);
  await shot("pulse");
  await d.executeScript("document.querySelector(\"section[aria-label='Charts']\").scrollIntoView()");
  await d.sleep(300);
  await shot("pulse-charts");
  await (await d.findElement(By.id("nav-roles"))).click();
  await d.sleep(800);
  await shot("roles");
  await (await d.findElement(By.id("new-role"))).click();
  await (await d.findElement(By.id("save-role"))).click();
  await d.sleep(500);
  await shot("role-error");
} finally {
  await d.quit();
  drv.kill();
}
