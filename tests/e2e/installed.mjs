// The installed package, as an owner gets it: `scripts/package-test.sh` installs the .deb with
// dpkg and runs this file with KINDLY_APP_BINARY=/usr/bin/kindly. The installed Kindly opens its
// window, keeps a candidate, and after `dpkg -r` is gone while the owner's data stays.
// (Not a *.test.mjs: `make test`'s e2e run uses the debug build; this file runs only on a package.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { By } from "selenium-webdriver";
import { APP, appDataDir, click, launch, startDriver, stopDriver, type, waitText } from "./harness.mjs";

before(startDriver);
after(stopDriver);

test("the installed .deb opens its window, keeps a candidate, and removing it leaves the data", async () => {
  assert.equal(APP, "/usr/bin/kindly", "run through scripts/package-test.sh, on the installed package");
  const files = execFileSync("dpkg", ["-L", "kindly"], { encoding: "utf8" }).split("\n");
  // The menu entry and its icons come with it.
  const entry = files.find((f) => /^\/usr\/share\/applications\/.*\.desktop$/.test(f));
  assert.ok(entry, `no desktop entry among ${files.join(" ")}`);
  const desktop = readFileSync(entry, "utf8");
  assert.match(desktop, /^Exec=kindly/m);
  assert.match(desktop, /^Categories=.*Office/m);
  assert.ok(files.some((f) => /^\/usr\/share\/icons\/hicolor\/128x128\/apps\/kindly\.png$/.test(f)), "the 128 px icon");

  const d = await launch();
  try {
    assert.equal(await d.getTitle(), "Kindly");
    await click(d, By.id("nav-candidates"));
    await click(d, By.id("new-candidate"));
    await type(d, "f-first_name", "Ana");
    await type(d, "f-last_name", "Installed");
    await type(d, "f-email", "ana.installed@example.com");
    await click(d, By.id("save-candidate"));
    await waitText(d, By.id("candidate-name"), /^Ana Installed$/);
  } finally {
    await d.quit();
  }

  execFileSync("dpkg", ["-r", "kindly"], { stdio: "inherit" });
  assert.ok(!existsSync("/usr/bin/kindly"), "dpkg -r removed the program");
  const db = join(appDataDir(), "kindly.db");
  assert.ok(existsSync(db), "the owner's data is still there");
  const kept = execFileSync("python3", ["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM candidates WHERE last_name = 'Installed'\").fetchone()[0])", db], { encoding: "utf8" });
  assert.equal(kept.trim(), "1", "Ana is still in the data the package left");
});
