// What the tests that hear mail share: the owner's mailbox (the test SMTP server and Dovecot),
// delivering a message to its inbox as a mail server would, and a finalist told a decision.
import { execFileSync } from "node:child_process";
import { By, until } from "selenium-webdriver";
import { applicant, click, env, setUpMail, type, waitText, waitForArrival, WAIT } from "./harness.mjs";

/** Deliver a message to the owner's inbox over IMAP (TLS), as their mail server would. */
export function deliver(raw) {
  const script = `
import imaplib, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[3])
m = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[4]), ssl_context=ctx)
m.login(sys.argv[1], sys.argv[2])
m.append("INBOX", None, imaplib.Time2Internaldate(time.time()), sys.stdin.buffer.read().replace(b"\\n", b"\\r\\n"))
m.logout()
`;
  execFileSync("python3", ["-c", script, env("KINDLY_TEST_SMTP_USER"), env("KINDLY_TEST_SMTP_PASSWORD"), env("KINDLY_TEST_SMTP_CA"), env("KINDLY_TEST_IMAP_PORT")], { input: raw });
}

/** A finalist through the form, placed `place`, then told the decision with feedback. */
export async function decided(d, first, email, place, feedback) {
  await applicant(d, { first, email, stages: ["interviewing", "interviewed", "finalist"] });
  if (place) {
    await click(d, By.css(`select[id^='place-'] option[value='${place}']`));
    await d.wait(until.elementLocated(By.xpath(`//span[contains(@class,'place')][normalize-space(.)='${place}nd place']`)), WAIT);
  }
  await click(d, By.css("button[data-stage='rejected']"));
  await d.wait(until.elementLocated(By.id("decision-feedback")), WAIT);
  await type(d, "decision-reason", "Another finalist was a closer fit");
  await type(d, "decision-feedback", feedback);
  await click(d, By.id("decision-send"));
  const sent = await waitForArrival(d, feedback, `the message to ${first}`);
  return sent.raw.match(/^Message-ID: (<[^>]+>)/im)[1];
}

/** Settings: the test mailbox with its IMAP side, the owner's profile, and a Barista role. */
export async function readyToHear(d) {
    await setUpMail(d);
    await type(d, "smtp-imap_host", "127.0.0.1");
    await type(d, "smtp-imap_port", env("KINDLY_TEST_IMAP_PORT"));
    await click(d, By.id("save-smtp"));
    await type(d, "profile-company_name", "Riverside Café");
    await type(d, "profile-sender_name", "Maria Lopez");
    await type(d, "profile-signature", "Maria");
    await click(d, By.id("save-profile"));
    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Barista");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);
}
