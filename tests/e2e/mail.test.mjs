// The real app: fill in the SMTP settings, store the password in the (test) keychain, send a
// test email, and find it at the test SMTP server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, appDataDir, click, env, filesContaining, setUpMail, type, waitForArrival, waitText, WAIT } from "./harness.mjs";

before(startDriver);
after(stopDriver);

test("settings, keychain and a test email that arrives", async () => {
  const d = await launch();
  try {
    await setUpMail(d);
    // The password is nowhere in the page.
    assert.ok(!(await d.getPageSource()).includes(env("KINDLY_TEST_SMTP_PASSWORD")));

    await click(d, By.id("send-test"));
    await waitText(d, By.id("test-result"), /^Sent to owner@riverside\.example/);
    const { envelope } = await waitForArrival(d, "Kindly test email", "the test email");
    assert.deepEqual(envelope.rcpt_tos, ["owner@riverside.example"]);
    assert.equal(envelope.mail_from, "owner@riverside.example");
    await d.wait(until.elementLocated(By.id("password-stored")), WAIT);

    // Sign as the owner, then write to a candidate from the thank-you template.
    await type(d, "profile-sender_name", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await click(d, By.id("nav-today"));
    await click(d, By.id("load-sample"));
    await click(d, By.id("nav-candidates"));
    await waitText(d, By.id("candidate-count"), /^30 candidates$/);
    await click(d, By.css(".cand-row"));
    const name = await (await d.wait(until.elementLocated(By.id("candidate-name")), WAIT)).getText();
    const email = await (await d.findElement(By.id("candidate-email"))).getText();
    await click(d, By.id("write-email"));
    // The promised date is filled in: five working days after the interview.
    await waitText(d, By.id("compose-preview"), /hear from me by \w+day \d+ \w+ with our decision/);
    const promise = (await (await d.findElement(By.id("compose-preview"))).getText()).match(/hear from me by (\w+day \d+ \w+)/)[1];
    await click(d, By.id("compose-send"));
    // It waits out the undo window, then the worker sends it.
    const { raw, envelope: sent } = await waitForArrival(d, promise, "the thank-you");
    assert.match(raw, new RegExp(`Subject: Thank you for your time, ${name.split(" ")[0]}`));
    assert.deepEqual(sent.rcpt_tos, [email]);
    await click(d, By.id("nav-outbox"));
    await d.wait(until.elementLocated(By.css("li[data-status='sent']")), WAIT);
    // Once sent, the promise is a reminder on the Today view.
    await click(d, By.id("nav-today"));
    await d.wait(until.elementLocated(By.xpath(`//*[@role='group']//li[.//span[text()='News promised to ${name}']]`)), WAIT);

    // The password was used to send, and it is nowhere in the data folder: not in the
    // database, the logs, or a backup made now.
    await click(d, By.id("nav-settings"));
    await click(d, By.id("backup-now"));
    await d.wait(until.elementLocated(By.css("ul[aria-label='Backups kept'] li")), WAIT);
    assert.ok(filesContaining(appDataDir(), email).length > 0, "the search reads the data folder");
    assert.deepEqual(filesContaining(appDataDir(), env("KINDLY_TEST_SMTP_PASSWORD")), []);
  } finally {
    await d.quit();
  }
});
