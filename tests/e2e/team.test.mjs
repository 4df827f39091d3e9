// Two desktops of a team, two real windows on one PostgreSQL server: Maria's change shows in
// Sam's list within a second, Sam's open form says Maria changed the candidate, his save is
// stopped rather than written over hers, and after "Reload and keep my edits" nothing is lost.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { startDesktop, click, type, waitText, mentioned, assertLogsHoldNoPersonalData, stopRestarted, settled, APP, WAIT, gone } from "./harness.mjs";

const desks = [];
let database;

/** A new database on the test server (`scripts/with-postgres.sh`), by its address. */
function newDatabase(name = `kindly_e2e_team_${process.pid}`) {
  const admin = process.env.KINDLY_TEST_PG_URL;
  assert.ok(admin, "KINDLY_TEST_PG_URL is not set: run through scripts/e2e.sh");
  const bin = readdirSync("/usr/lib/postgresql").sort().at(-1);
  const r = spawnSync(`/usr/lib/postgresql/${bin}/bin/psql`, [admin, "-c", `CREATE DATABASE ${name}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/** A desktop's data folder, with the person at it named (Settings writes the same file). */
function deskFolder(name) {
  const dir = mkdtempSync(join(tmpdir(), `kindly-e2e-${name.toLowerCase()}-`));
  writeFileSync(join(dir, "desktop.json"), JSON.stringify({ id: `e2e-${name.toLowerCase()}`, name }));
  return dir;
}

before(async () => {
  database = newDatabase();
  desks.push(await startDesktop({ port: 4444, nativePort: 4445, dir: deskFolder("Maria"), env: { KINDLY_DATABASE_URL: database } }));
  desks.push(await startDesktop({ port: 4446, nativePort: 4447, dir: deskFolder("Sam"), env: { KINDLY_DATABASE_URL: database } }));
});

after(async () => {
  for (const desk of desks) {
    await desk.stop();
    try {
      assertLogsHoldNoPersonalData(desk.dir);
    } finally {
      rmSync(desk.dir, { recursive: true, force: true });
    }
  }
});

test("two desktops: a change shows on the other within a second, and a stale save is stopped and re-applied", async () => {
  const maria = await desks[0].launch();
  const sam = await desks[1].launch();
  try {
    await click(maria, By.id("nav-candidates"));
    await click(sam, By.id("nav-candidates"));
    await sam.wait(until.elementLocated(By.id("new-candidate")), WAIT);

    // Maria adds Ana; Sam's list shows her without a reload.
    await click(maria, By.id("new-candidate"));
    await type(maria, "f-first_name", "Ana");
    await type(maria, "f-last_name", "Lopez");
    await type(maria, "f-email", "ana.lopez@example.com");
    // Timed from Maria's click: her save, the server's announcement and Sam's refresh.
    const saved = Date.now();
    await click(maria, By.id("save-candidate"));
    await sam.wait(
      async () => (await sam.findElements(By.xpath("//button[contains(@class,'cand-row')][contains(.,'Ana')]"))).length > 0,
      5000,
      "Maria's new candidate never reached Sam's list",
    );
    const took = Date.now() - saved;
    console.log(`Maria's new candidate showed on Sam's desktop ${took} ms after she clicked Add`);
    assert.ok(took <= 1000, `it took ${took} ms to show on the other desktop`);
    await maria.wait(until.elementLocated(By.id("edit-candidate")), WAIT);

    // Both open Ana's form.
    await click(sam, By.xpath("//button[contains(@class,'cand-row')][contains(.,'Ana')]"));
    await click(sam, By.id("edit-candidate"));
    await click(maria, By.id("edit-candidate"));
    // Maria saves a phone number first.
    await type(maria, "f-phone", "+44 7700 900123");
    await click(maria, By.id("save-candidate"));
    // Sam's open form hears of it before he saves.
    await waitText(sam, By.id("changed-elsewhere"), /^Maria changed this candidate \(phone\) after you opened it/);
    mentioned("Can start in May");
    const notes = await sam.wait(until.elementLocated(By.id("f-notes")), WAIT);
    await notes.sendKeys("Can start in May");
    // Saving anyway is stopped: nothing is written over Maria's change.
    await click(sam, By.id("save-candidate"));
    await waitText(sam, By.id("changed-elsewhere"), /^Maria changed this candidate \(phone\)/);
    await click(sam, By.id("reapply-edit"));
    await waitText(sam, By.id("reapplied"), /Their change is in, with your edits on top/);
    assert.equal(await (await sam.findElement(By.id("f-phone"))).getAttribute("value"), "+44 7700 900123");
    assert.equal(await (await sam.findElement(By.id("f-notes"))).getAttribute("value"), "Can start in May");
    await click(sam, By.id("save-candidate"));
    await gone(sam, By.id("f-notes"), "the form stayed open");

    // Both timelines say who did what, Maria's without a reload.
    for (const d of [sam, maria]) {
      await waitText(d, By.id("timeline"), /Updated notes · Sam/);
      await waitText(d, By.id("timeline"), /Updated phone · Maria/);
    }
  } finally {
    await maria.quit();
    await sam.quit();
  }
});

/** Everything the app logged in a data folder, as text. */
function logsOf(dir) {
  const logs = join(dir, "logs");
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), "utf8"))
    .join("\n");
}

test("a second launch on the same data focuses the first window and opens no second store", async () => {
  const maria = await desks[0].launch();
  try {
    await maria.wait(until.elementLocated(By.css("nav.sidebar")), WAIT);
    const before = logsOf(desks[0].dir);
    // Launched again, as from the desktop's menu, with the same data folder.
    const second = spawn(APP, [], {
      env: { ...process.env, KINDLY_DATA_DIR: desks[0].dir, KINDLY_DATABASE_URL: database },
      stdio: "ignore",
    });
    const code = await new Promise((ok, fail) => {
      const t = setTimeout(() => {
        second.kill("SIGKILL");
        fail(new Error("the second launch kept running beside the first"));
      }, 15000);
      second.once("exit", (c) => {
        clearTimeout(t);
        ok(c);
      });
    });
    assert.equal(code, 0);
    // The first window heard it; the second never got as far as opening the store.
    await maria.wait(async () => logsOf(desks[0].dir).includes("a second launch focused this window"), WAIT, "the first window was not told");
    const added = logsOf(desks[0].dir).slice(before.length);
    assert.equal((added.match(/database migrated|Kindly started/g) ?? []).length, 0, added);
    // And the first window still works.
    await click(maria, By.id("nav-candidates"));
    await maria.wait(until.elementLocated(By.xpath("//button[contains(@class,'cand-row')][contains(.,'Ana')]")), WAIT);
  } finally {
    await maria.quit();
  }
});

test("a desktop of one joins a new team server from Settings, moving its data, and can leave again", async () => {
  const url = newDatabase(`kindly_e2e_join_${process.pid}`);
  const [, port, database] = url.match(/:(\d+)\/([^/]+)$/);
  const lee = await startDesktop({ port: 4448, nativePort: 4449, dir: deskFolder("Lee") });
  desks.push(lee);
  let d = await lee.launch();
  try {
    await click(d, By.id("nav-candidates"));
    await click(d, By.id("new-candidate"));
    await type(d, "f-first_name", "Bo");
    await type(d, "f-last_name", "Diaz");
    await type(d, "f-email", "bo.diaz@example.com");
    await click(d, By.id("save-candidate"));
    await d.wait(until.elementLocated(By.id("edit-candidate")), WAIT);
    await settled(d);
    await click(d, By.id("nav-settings"));
    await type(d, "team-host", "127.0.0.1");
    await type(d, "team-port", port);
    await type(d, "team-database", database);
    await type(d, "team-user", "kindly");
    await click(d, By.id("check-team"));
    await waitText(d, By.id("team-found"), /on this computer, so no certificate is needed\. It holds no candidates yet\./);
    assert.equal(await (await d.findElement(By.id("team-move-data"))).isSelected(), true);
    await click(d, By.id("join-team"));
    await waitText(d, By.id("team-done"), /^Moved 1 candidate, 0 roles and 0 messages; every table counted the same on both sides\. Kindly restarts on the team's server\.$/);
    // Kindly restarts itself (a new process, not the driver's) a few seconds later.
    await new Promise((r) => setTimeout(r, 4500));
  } finally {
    await d.quit().catch(() => {});
  }
  // The restarted one is stopped, and the driver opens the data folder again.
  await stopRestarted(lee.dir);
  d = await lee.launch();
  try {
    await click(d, By.id("nav-settings"));
    await waitText(d, By.id("team-joined"), new RegExp(`kindly@127\\.0\\.0\\.1:${port}/${database}`));
    await waitText(d, By.css("dl.facts"), /Shared PostgreSQL server/);
    await click(d, By.id("nav-candidates"));
    await d.wait(until.elementLocated(By.xpath("//button[contains(@class,'cand-row')][contains(.,'Bo Diaz')]")), WAIT);
    // Leaving goes back to this computer's own file, which kept Bo. (The Team card is far down
    // a long page: wait for it to have loaded and for nothing to cover it before clicking.)
    await click(d, By.id("nav-settings"));
    await waitText(d, By.id("team-joined"), /This computer works on your team's server/);
    await settled(d);
    await click(d, By.id("leave-team"));
    await click(d, By.id("confirm-leave-team"));
    await waitText(d, By.id("team-done"), /Kindly restarts on this computer's own file\./);
    await new Promise((r) => setTimeout(r, 4500));
  } finally {
    await d.quit().catch(() => {});
  }
  await stopRestarted(lee.dir);
  d = await lee.launch();
  try {
    await click(d, By.id("nav-settings"));
    await waitText(d, By.css("dl.facts"), /On this computer \(SQLite\)/);
    await d.wait(until.elementLocated(By.id("check-team")), WAIT);
    await click(d, By.id("nav-candidates"));
    await d.wait(until.elementLocated(By.xpath("//button[contains(@class,'cand-row')][contains(.,'Bo Diaz')]")), WAIT);
  } finally {
    await d.quit();
  }
});
