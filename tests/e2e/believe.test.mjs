// Believe the right people, in the real app: a yes written from another address in a
// candidate's thread (anyone can copy a thread's headers) is kept with that candidate's
// replies but marked as from another address, Record consent is not the one-click button,
// and the core's reason to ask first is shown before anything is recorded.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, openCandidate, waitText } from "./harness.mjs";
import { decided, deliver, readyToHear } from "./mailbox.mjs";

before(startDriver);
after(stopDriver);


test("a yes written from another address in Bea's thread is marked so, and consent from it asks first", async () => {
  const d = await launch();
  try {
    await readyToHear(d);
    const toBea = await decided(d, "Bea", "bea.other@example.com", 2, "Your calm with the queue at lunchtime stood out.");
    deliver(`From: Someone <someone@elsewhere.example>
To: owner@riverside.example
Subject: Re: Thank you, Bea
Date: ${new Date().toUTCString()}
Message-ID: <other.${Date.now()}@elsewhere.example>
In-Reply-To: ${toBea}
References: ${toBea}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Yes, please keep my details.
`);
    await click(d, By.id("nav-today"));
    const toRead = By.css("section[aria-label='Replies to read']");
    await d.wait(until.elementLocated(toRead), 30000, "the reply never reached Today");
    await openCandidate(d, "Bea Lopez");
    const replies = By.css("section[aria-label='Replies']");
    await waitText(d, replies, /From another address: someone@elsewhere\.example\. You wrote to bea\.other@example\.com\./);
    const record = await d.findElement(By.css("button[data-record-consent]"));
    assert.doesNotMatch(await record.getAttribute("class"), /\bprimary\b/, "not one click");
    await click(d, By.css("button[data-record-consent]"));
    const ask = By.css("[role='dialog'][aria-label='Is this address theirs?']");
    await waitText(d, ask, /This reply came from someone@elsewhere\.example, not from bea\.other@example\.com/);
    await click(d, By.xpath("//button[normalize-space(.)='Record consent anyway']"));
    await waitText(d, replies, /Consent recorded from this reply\./);
  } finally {
    await d.quit();
  }
});
