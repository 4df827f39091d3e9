// Hearing back in the real app: a runner-up message goes to Bea; her "Yes, please keep my
// details" is delivered to the owner's inbox (Dovecot, IMAP APPEND) while Kindly runs and
// appears on her page within seconds (IDLE); Today lists it until Mark as read; Record consent
// puts her in the talent pool by email reply. A bounce for Cy's rejection flags his address.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, waitText, WAIT, gone } from "./harness.mjs";
import { decided, deliver, readyToHear } from "./mailbox.mjs";

before(startDriver);
after(stopDriver);

test("a reply arrives by IDLE, Today lists it, consent is recorded from it, and a bounce flags the address", async () => {
  const d = await launch();
  try {
    await readyToHear(d);

    const toCy = await decided(d, "Cy", "cy.replies@example.com", null, "Your coffee knowledge was impressive.");
    const toBea = await decided(d, "Bea", "bea.replies@example.com", 2, "Your latte art in the trial shift was lovely.");

    // Bea answers while Kindly runs; her page shows it without a reload.
    deliver(`From: Bea Lopez <bea.replies@example.com>\nTo: owner@riverside.example\nSubject: Re: Riverside\nDate: ${new Date().toUTCString()}\nMessage-ID: <bea.yes.${Date.now()}@mail.example>\nIn-Reply-To: ${toBea}\nReferences: ${toBea}\n\nYes, please keep my details.\n\nBea\n\nOn Monday, Maria wrote:\n> Would you like us to keep your details?\n`);
    const replies = await d.wait(until.elementLocated(By.css("section[aria-label='Replies']")), 20000, "the reply never showed on her page");
    await waitText(d, By.css("section[aria-label='Replies']"), /Bea replied[\s\S]*Yes, please keep my details\./);
    assert.doesNotMatch(await replies.getText(), /Would you like us to keep/);

    // Today lists it until it is marked read.
    await click(d, By.id("nav-today"));
    await waitText(d, By.css("section[aria-label='Replies to read']"), /Bea Lopez[\s\S]*Yes, please keep my details\./);
    await click(d, By.xpath("//section[@aria-label='Replies to read']//button[normalize-space()='Mark as read']"));
    await gone(d, By.css("section[aria-label='Replies to read']"), "the reply left Today");

    // On her page: Record consent, by email reply, on the reply's date.
    await click(d, By.id("nav-candidates"));
    await click(d, By.xpath("//button[contains(@class,'cand-row')][.//span[text()='Bea Lopez']]"));
    const record = await d.wait(until.elementLocated(By.css("button[data-record-consent]")), WAIT);
    assert.match(await record.getText(), /^Record consent \(email reply, /);
    await click(d, By.css("button[data-record-consent]"));
    await waitText(d, By.css("section[aria-label='Replies']"), /Consent recorded from this reply\./);
    await waitText(d, By.id("pool-status"), /^In the talent pool$/);

    // Cy's rejection bounces: his page flags the address, and the Outbox says it did not arrive.
    deliver(`From: MAILER-DAEMON@mx.riverside.example\nTo: owner@riverside.example\nSubject: Undelivered Mail Returned to Sender\nDate: ${new Date().toUTCString()}\nMessage-ID: <dsn.${Date.now()}@mx.riverside.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.riverside.example\n\nFinal-Recipient: rfc822; cy.replies@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <cy.replies@example.com>: User unknown\n--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: ${toCy}\n--b--\n`);
    await click(d, By.id("nav-candidates"));
    await click(d, By.xpath("//button[contains(@class,'cand-row')][.//span[text()='Cy Lopez']]"));
    await d.wait(until.elementLocated(By.id("bounce-flag")), 20000, "the bounce never flagged Cy's address");
    await waitText(d, By.id("bounce-flag"), /This address bounced on[\s\S]*User unknown/);
    await click(d, By.id("nav-outbox"));
    await waitText(d, By.css("main"), /Did not arrive/);
  } finally {
    await d.quit();
  }
});
