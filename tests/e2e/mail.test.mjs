// The real app: fill in the SMTP settings, store the password in the (test) keychain, send a
// test email, and find it at the test SMTP server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, type, waitText, WAIT } from "./harness.mjs";

before(startDriver);
after(stopDriver);

function env(k) {
  assert.ok(process.env[k], `${k} is not set: run through scripts/e2e.sh`);
  return process.env[k];
}

test("settings, keychain and a test email that arrives", async () => {
  const d = await launch();
  try {
    await click(d, By.id("nav-settings"));
    await type(d, "smtp-host", "127.0.0.1");
    await type(d, "smtp-port", env("KINDLY_TEST_SMTP_PORT"));
    await type(d, "smtp-username", env("KINDLY_TEST_SMTP_USER"));
    await type(d, "smtp-from_address", "owner@riverside.example");
    await type(d, "smtp-ca_file", env("KINDLY_TEST_SMTP_CA"));
    await click(d, By.id("save-smtp"));
    await type(d, "smtp-password", env("KINDLY_TEST_SMTP_PASSWORD"));
    await click(d, By.id("save-password"));
    await waitText(d, By.id("password-stored"), /Stored in the keychain/);
    // The password is nowhere in the page.
    assert.ok(!(await d.getPageSource()).includes(env("KINDLY_TEST_SMTP_PASSWORD")));

    await click(d, By.id("send-test"));
    await waitText(d, By.id("test-result"), /^Sent to owner@riverside\.example/);
    const dir = env("KINDLY_TEST_SMTP_DIR");
    await d.wait(async () => readdirSync(dir).some((f) => f.endsWith(".eml") && readFileSync(join(dir, f), "utf8").includes("Kindly test email")), WAIT);
    const f = readdirSync(dir).find((f) => f.endsWith(".eml") && readFileSync(join(dir, f), "utf8").includes("Kindly test email"));
    const envelope = JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, ".json")), "utf8"));
    assert.deepEqual(envelope.rcpt_tos, ["owner@riverside.example"]);
    assert.equal(envelope.mail_from, "owner@riverside.example");
    await d.wait(until.elementLocated(By.id("password-stored")), WAIT);
  } finally {
    await d.quit();
  }
});
