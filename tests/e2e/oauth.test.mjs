// The real app signs in with Google (the test's authorization server stands in for Google's,
// the test's SMTP server for Gmail's): a thank-you goes with XOAUTH2. The owner then removes
// Kindly's access in their account: the next message waits, Today, the Outbox and Settings
// say "Sign in again", and after signing in again it arrives once. The tokens are only in the
// keychain: not in the data folder, the logs or a backup.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, appDataDir, arrival, click, env, filesContaining, keychainService, type, waitText, waitForArrival, WAIT, gone, trustTestCertificate } from "./harness.mjs";

before(startDriver);
after(stopDriver);

const OWNER = "owner.e2e@gmail.com";

/** What the keychain holds for the sign-in (the test reads it to look for it elsewhere). */
function grant() {
  const json = execFileSync("secret-tool", ["lookup", "service", keychainService(), "username", "oauth-grant"], { encoding: "utf8" });
  return JSON.parse(json);
}

/** Write a short email to the candidate whose page is open, and send it. */
async function writeTo(d, subject) {
  await click(d, By.id("write-email"));
  await waitText(d, By.id("compose-preview"), /hear from me by \w+day \d+ \w+ with our decision/);
  await click(d, By.xpath("//form[@role='dialog']//summary[normalize-space()='Edit the text for this message']"));
  const s = await d.wait(until.elementLocated(By.id("compose-subject")), WAIT);
  await s.clear();
  await s.sendKeys(subject);
  await waitText(d, By.id("compose-preview"), new RegExp(subject));
  await click(d, By.id("compose-send"));
  await gone(d, By.css("form[role='dialog']"), "the composer closed");
}

test("sign in with Google, send with XOAUTH2, a revoked grant says Sign in again, and the message goes once", async () => {
  const d = await launch();
  try {
    await click(d, By.id("nav-settings"));
    await type(d, "setup-address", OWNER);
    await click(d, By.id("fill-in"));
    await waitText(d, By.id("provider-note"), /The easiest way: Sign in with Google below/);
    assert.equal(await (await d.findElement(By.id("smtp-sign_in"))).getAttribute("value"), "oauth_google");
    // The test's SMTP server stands in for smtp.gmail.com.
    await type(d, "smtp-host", "127.0.0.1");
    await type(d, "smtp-port", env("KINDLY_TEST_SMTP_PORT"));
    await trustTestCertificate(d);
    // Gmail keeps a copy of what is sent by itself; the test's Dovecot does not.
    assert.equal(await (await d.findElement(By.id("smtp-sent_copy"))).isSelected(), false);
    await click(d, By.id("smtp-sent_copy"));
    await type(d, "smtp-imap_host", "127.0.0.1");
    await type(d, "smtp-imap_port", env("KINDLY_TEST_IMAP_PORT"));
    await click(d, By.css("#advanced-sign-in summary"));
    await type(d, "oauth-google_client_id", env("KINDLY_TEST_OAUTH_CLIENT_ID"));
    await click(d, By.id("save-oauth-clients"));
    await click(d, By.id("oauth-sign-in"));
    await waitText(d, By.id("signed-in-as"), new RegExp(`^Signed in as ${OWNER.replace(".", "\\.")}$`));

    await type(d, "profile-sender_name", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await click(d, By.id("nav-today"));
    await click(d, By.id("load-sample"));
    await click(d, By.id("nav-candidates"));
    await click(d, By.css(".cand-row"));
    await d.wait(until.elementLocated(By.id("candidate-name")), WAIT);

    await writeTo(d, "Thank you, signed in with Google");
    const first = await waitForArrival(d, "Thank you, signed in with Google", "the first message");
    assert.equal(first.envelope.mechanism, "XOAUTH2");
    assert.equal(first.envelope.user, OWNER);
    assert.equal(first.envelope.mail_from, OWNER);
    // A copy in the owner's Sent folder, over IMAP with the same sign-in (XOAUTH2).
    const sentDir = join(env("KINDLY_TEST_IMAP_DIR"), OWNER);
    await d.wait(() => filesContaining(sentDir, "Thank you, signed in with Google").some((f) => f.includes("/.Sent/")), WAIT, "no copy in Sent");

    // The owner removes Kindly's access in their Google account.
    const g = grant();
    await fetch(`${env("KINDLY_TEST_OAUTH_URL")}/test/revoke?user=${encodeURIComponent(OWNER)}`, { method: "POST" });
    await writeTo(d, "A second note, after the sign-in ended");
    await click(d, By.id("nav-today"));
    await d.wait(until.elementLocated(By.css("[aria-label='Messages waiting']")), 40000, "Today says a message is waiting");
    await waitText(d, By.css("[aria-label='Messages waiting']"), /1 message is waiting to go\. Kindly cannot send right now: Sign in again in Settings/);
    await click(d, By.id("nav-outbox"));
    await waitText(d, By.css("[aria-label='Sending stopped']"), /Your sign-in has ended/);
    assert.equal(arrival("A second note, after the sign-in ended"), undefined);

    await click(d, By.id("nav-settings"));
    await waitText(d, By.id("sign-in-ended"), /Your sign-in has ended/);
    await waitText(d, By.id("oauth-sign-in"), /^Sign in again$/);
    await click(d, By.id("oauth-sign-in"));
    await waitText(d, By.id("signed-in-as"), /^Signed in as/);
    const second = await waitForArrival(d, "A second note, after the sign-in ended", "the waiting message");
    assert.equal(second.envelope.mechanism, "XOAUTH2");
    await click(d, By.id("nav-outbox"));
    await gone(d, By.css("[aria-label='Sending stopped']"), "the banner went");
    // Once: a little later there is still one copy of each at the server.
    await d.sleep(2000);
    const copies = (t) => filesContaining(env("KINDLY_TEST_SMTP_DIR"), t).filter((f) => f.endsWith(".eml")).length;
    assert.equal(copies("Thank you, signed in with Google"), 1);
    assert.equal(copies("A second note, after the sign-in ended"), 1);

    // The tokens (old and new) are in the keychain only.
    await click(d, By.id("nav-settings"));
    await click(d, By.id("backup-now"));
    await d.wait(until.elementLocated(By.css("ul[aria-label='Backups kept'] li")), WAIT);
    const now = grant();
    for (const t of [g.refresh_token, g.access_token, now.refresh_token, now.access_token]) {
      assert.ok(t && t.length > 20);
      assert.deepEqual(filesContaining(appDataDir(), t), [], "a token reached the data folder");
    }
    assert.ok(!(await d.getPageSource()).includes(now.access_token));
  } finally {
    await d.quit();
  }
});
