// A restore in the real app. Ana's message is scheduled for tomorrow and Zed is in Kindly when
// the backup is made; then Zed is erased (the erase dialog names the backup that still holds
// him). Restoring that backup stops sending, restarts Kindly with the rebuilt file, erases Zed
// again and holds Ana's message for the owner, who drops it: nothing reaches the server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { applicant, startDriver, stopDriver, launch, click, answerDialog, setUpMail, settled, type, waitText, arrival, appDataDir, stopRestarted, WAIT, setValue, gone } from "./harness.mjs";

before(startDriver);
after(stopDriver);

const SUBJECT = "Tomorrow's news about the Barista role";

async function candidate(d, first, email) {
  await applicant(d, { first, last: "Restore", email });
}

/** The app processes running on this test's data folder (the one Kindly's restart started is
 * not the driver's). */
test("a restore stops sending, erases again, and holds what was waiting for the owner", async () => {
  const dir = appDataDir();
  let d = await launch();
  try {
    await setUpMail(d);
    await type(d, "profile-company_name", "Riverside Café");
    await type(d, "profile-sender_name", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Barista");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);

    // Ana's message, scheduled for tomorrow morning.
    await candidate(d, "Ana", "ana.restore@example.com");
    await click(d, By.id("write-email"));
    await click(d, By.xpath("//form[@role='dialog']//summary[normalize-space()='Edit the text for this message']"));
    const s = await d.wait(until.elementLocated(By.id("compose-subject")), WAIT);
    await s.clear();
    await s.sendKeys(SUBJECT);
    const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
    await setValue(d, "compose-when", `${tomorrow}T09:00`);
    await waitText(d, By.id("compose-send"), /^Schedule/);
    await click(d, By.id("compose-send"));
    await gone(d, By.css("form[role='dialog']"), "the composer closed");
    await settled(d);

    // Zed, then the backup.
    await candidate(d, "Zed", "zed.restore@example.com");
    await click(d, By.id("nav-settings"));
    await click(d, By.id("backup-now"));
    await d.wait(until.elementLocated(By.xpath("//*[normalize-space()='Backed up.']")), WAIT);
    // The newest (the daily one, made at start, was before anyone was added).
    const backups = readdirSync(join(dir, "backups"))
      .filter((f) => f.startsWith("kindly-"))
      .sort()
      .reverse();
    await settled(d);

    // Zed is erased: the dialog names the backup that still holds him.
    await click(d, By.id("nav-candidates"));
    await click(d, By.xpath("//*[normalize-space()='Zed Restore']"));
    await click(d, By.id("delete-candidate"));
    await waitText(d, By.id("copies-holding"), /1 backup still holds them/);
    await waitText(d, By.id("copies-holding"), new RegExp(backups[0].replace(/\./g, "\\.")));
    await click(d, By.id("confirm-delete"));
    await d.wait(until.elementLocated(By.xpath("//*[normalize-space()='Zed Restore erased.']")), WAIT);
    await settled(d);

    // Restore the backup.
    await click(d, By.id("nav-settings"));
    await answerDialog(d, join(dir, "backups", backups[0]));
    await click(d, By.id("restore"));
    await click(d, By.id("confirm-restore"));
    // Zed was in the backup and is erased again: one candidate comes back.
    await waitText(d, By.id("restored"), /Restored 1 candidate\./);
    await waitText(d, By.id("restored"), /1 person you erased since was erased again/);
    await waitText(d, By.id("restored"), /1 message was waiting to go in the backup/);
    // Kindly restarts itself (a new process, not the driver's); that one swaps the rebuilt
    // file in as it starts.
    const deadline = Date.now() + 30000;
    while (existsSync(join(dir, "kindly.db.restore")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(existsSync(join(dir, "kindly.db.restore")), false, "the restored file was swapped in");
  } finally {
    await d.quit().catch(() => {});
  }

  // The restarted Kindly is stopped, and the driver opens the data folder again.
  await stopRestarted(appDataDir());

  d = await launch();
  try {
    // Zed stays erased; Ana is there.
    await click(d, By.id("nav-candidates"));
    await d.wait(until.elementLocated(By.xpath("//*[normalize-space()='Ana Restore']")), WAIT);
    assert.equal((await d.findElements(By.xpath("//*[normalize-space()='Zed Restore']"))).length, 0);
    // Ana's message waits for the owner, who drops it.
    await click(d, By.id("nav-outbox"));
    await waitText(d, By.id("since-restore"), /1 message was waiting to go when this backup was made/);
    await click(d, By.id("drop-restored"));
    await gone(d, By.id("since-restore"), "the notice went away");
    assert.equal(arrival(SUBJECT), undefined, "nothing was sent");
  } finally {
    await d.quit();
  }
});
