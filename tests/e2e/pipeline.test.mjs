// The real app under Xvfb, through tauri-driver and WebKitWebDriver: create a role, add a
// candidate through the form, find them by search, move them to interviewed; restart on the
// same data dir and find them still there; a bad email shows the field error and saves nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, Key, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, type, textOf, waitText, WAIT, gone } from "./harness.mjs";

before(startDriver);
after(stopDriver);

const byId = (id) => By.id(id);

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
    await gone(d, By.css("[role='dialog']"));
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
