// The real app: a reminder due in the past (confirmed), a restart, the reminder overdue on the
// Today view, snoozed out of it; another marked done.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, type, waitText, WAIT, setValue, gone } from "./harness.mjs";

before(startDriver);
after(stopDriver);

const group = (name) => By.css(`[role='group'][aria-label='${name}']`);
const item = (name, title) => By.xpath(`//*[@role='group'][@aria-label='${name}']//li[.//span[text()='${title}']]`);

test("a past reminder is overdue after a restart; snooze and done", async () => {
  let d = await launch();
  try {
    await click(d, By.id("load-sample"));
    await d.wait(until.elementLocated(By.id("new-reminder")), WAIT);
    await click(d, By.id("new-reminder"));
    await type(d, "reminder-title", "Call Ana back");
    await setValue(d, "reminder-due_local", "2024-01-08T09:00");
    await click(d, By.id("save-reminder"));
    await click(d, By.id("confirm-past"));
    await d.wait(until.elementLocated(item("Overdue", "Call Ana back")), WAIT);

    await click(d, By.id("new-reminder"));
    await type(d, "reminder-title", "Order aprons");
    await click(d, By.id("save-reminder")); // default: tomorrow
    await d.wait(until.elementLocated(item("Next 7 days", "Order aprons")), WAIT);
  } finally {
    await d.quit();
  }

  d = await launch();
  try {
    const overdue = await d.wait(until.elementLocated(item("Overdue", "Call Ana back")), WAIT);
    assert.ok(overdue);
    await click(d, By.css("select[aria-label='Snooze Call Ana back'] option[value='Tomorrow morning']"));
    await gone(d, group("Overdue"), "the snoozed reminder left Overdue");
    await d.wait(until.elementLocated(item("Next 7 days", "Call Ana back")), WAIT);

    await click(d, By.xpath("//li[.//span[text()='Order aprons']]//button[text()='Done']"));
    await gone(d, By.xpath("//li[.//span[text()='Order aprons']]"));
    await waitText(d, By.css("[role='status']"), /Done\./);
  } finally {
    await d.quit();
  }
});
