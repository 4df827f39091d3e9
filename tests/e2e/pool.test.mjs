// Runner-ups kept warm in the real app: place a runner-up, add them to the talent pool with
// their consent, open a similar role, find them suggested, and send the reconnect email (it
// arrives at the test SMTP server).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, clickInDialog, setUpMail, type, waitText, waitForArrival, WAIT } from "./harness.mjs";

before(startDriver);
after(stopDriver);

async function newRole(d, title) {
  await click(d, By.id("nav-roles"));
  await click(d, By.id("new-role"));
  await type(d, "role-title", title);
  await type(d, "role-department", "Café");
  await click(d, By.id("save-role"));
}

test("a runner-up with consent is suggested for a similar role, and the reconnect email arrives", async () => {
  const d = await launch();
  try {
    await setUpMail(d);
    await type(d, "profile-company_name", "Riverside Café");
    await type(d, "profile-sender_name", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await newRole(d, "Barista");
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);

    // Cy: a finalist placed 2nd.
    await click(d, By.id("nav-candidates"));
    await click(d, By.id("new-candidate"));
    await type(d, "f-first_name", "Cy");
    await type(d, "f-last_name", "Lopez");
    await type(d, "f-email", "cy.pool@example.com");
    await click(d, By.id("save-candidate"));
    await waitText(d, By.id("candidate-name"), /^Cy Lopez$/);
    await click(d, By.css("#add-role option:nth-child(2)"));
    await click(d, By.id("add-application"));
    for (const stage of ["interviewing", "interviewed", "finalist"]) {
      await click(d, By.css(`button[data-stage='${stage}']`));
      await waitText(d, By.css("[data-testid='stage']"), new RegExp(`^${stage[0].toUpperCase()}${stage.slice(1)}$`));
    }
    await click(d, By.css("select[id^='place-'] option[value='2']"));
    await d.wait(until.elementLocated(By.xpath("//span[contains(@class,'place')][normalize-space(.)='2nd place']")), WAIT);

    // Into the talent pool, with consent given today by email.
    await click(d, By.id("add-to-pool"));
    await click(d, By.id("consent-save"));
    await waitText(d, By.id("pool-status"), /^In the talent pool$/);

    // A similar role opens: Cy is suggested, and the reconnect draft is about the new role.
    await newRole(d, "Weekend Barista");
    const dialog = await d.wait(until.elementLocated(By.css("form[role='dialog'][aria-label='Runner-ups who might fit Weekend Barista']")), WAIT);
    await d.wait(until.elementLocated(By.xpath("//form[@role='dialog']//li[.//strong[text()='Cy Lopez']]")), WAIT);
    assert.match(await dialog.getText(), /2nd for Barista/);
    await clickInDialog(d, "Write to Cy");
    await waitText(d, By.id("compose-preview"), /We have just opened a Weekend Barista role/);
    await click(d, By.id("compose-send"));
    const mail = await waitForArrival(d, "We have just opened a Weekend Barista role", "the reconnect email");
    assert.match(mail.raw, /Subject: A new Weekend Barista role at Riverside/);
    assert.deepEqual(mail.envelope.rcpt_tos, ["cy.pool@example.com"]);

    // The talent pool lists Cy, last in touch today.
    await click(d, By.id("nav-pool"));
    await d.wait(until.elementLocated(By.xpath("//section[@aria-label='Members']//button[text()='Cy Lopez']")), WAIT);
  } finally {
    await d.quit();
  }
});
