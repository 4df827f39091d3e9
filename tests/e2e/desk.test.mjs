// The follow-up desk in the real app: record an interview and send the thank-you it drafts
// (it arrives with the promised date); reject a candidate with feedback, where a blocking
// tone finding stops the send until it is fixed; extend and accept an offer, and find the
// welcome plan on the Today view.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { applicant, startDriver, stopDriver, launch, click, clickInDialog, setUpMail, type, waitText, waitForArrival, WAIT, gone } from "./harness.mjs";

before(startDriver);
after(stopDriver);

/** A candidate through the form, put forward for the only role and moved to interviewing. */
async function interviewing(d, first, email) {
  await applicant(d, { first, email, stages: ["interviewing"] });
}

/** Record today's interview with notes: the thank-you draft opens. */
async function recordInterview(d, notes) {
  const field = await d.wait(until.elementLocated(By.css("input[aria-label='Interview notes']")), WAIT);
  await field.sendKeys(notes);
  await click(d, By.xpath("//button[normalize-space()='Record interview']"));
  await d.wait(until.elementLocated(By.css("form[role='dialog'][aria-label^='Write to']")), WAIT);
}

test("thank-you with a promise, a rejection the tone check stops, an offer accepted and a welcome plan", async () => {
  const d = await launch();
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

    // Ana: the interview is recorded and the thank-you is drafted with the promised date.
    await interviewing(d, "Ana", "ana.desk@example.com");
    await recordInterview(d, "Warm, quick, lovely latte art");
    // Recording it moved her on, on the timeline.
    await waitText(d, By.css("[data-testid='stage']"), /^Interviewed$/);
    await waitText(d, By.id("timeline"), /Moved from Interviewing to Interviewed for Barista/);
    await waitText(d, By.id("compose-preview"), /hear from me by \w+day \d+ \w+ with our decision/);
    const promise = (await (await d.findElement(By.id("compose-preview"))).getText()).match(/hear from me by (\w+day \d+ \w+)/)[1];
    await click(d, By.id("compose-send"));
    const thanks = await waitForArrival(d, `hear from me by ${promise}`, "the thank-you");
    assert.match(thanks.raw, /Subject: Thank you for your time, Ana/);
    assert.deepEqual(thanks.envelope.rcpt_tos, ["ana.desk@example.com"]);

    // Ben: the feedback starts from the notes, which touch on age; Send stays off until fixed.
    await interviewing(d, "Ben", "ben.desk@example.com");
    await recordInterview(d, "Friendly, but too old for our young team");
    await clickInDialog(d, "Cancel");
    await click(d, By.css("button[data-stage='rejected']"));
    const feedback = await d.wait(until.elementLocated(By.id("decision-feedback")), WAIT);
    assert.equal(await feedback.getAttribute("value"), "Friendly, but too old for our young team");
    await waitText(d, By.css("section[aria-label='Tone check']"), /Must change: "too old" touches on age/);
    assert.equal(await (await d.findElement(By.id("decision-send"))).isEnabled(), false);
    await type(d, "decision-reason", "Another candidate was a closer fit");
    const better = "You made every customer feel welcome; practising espresso dial-in would make you stronger.";
    await type(d, "decision-feedback", better);
    await gone(d, By.css("section[aria-label='Tone check']"), "the finding went away");
    await click(d, By.id("decision-send"));
    const rejection = await waitForArrival(d, "practising espresso dial-in", "the rejection");
    assert.match(rejection.raw, /Subject: Your application for the Barista role/);
    assert.deepEqual(rejection.envelope.rcpt_tos, ["ben.desk@example.com"]);
    await waitText(d, By.css("[data-testid='stage']"), /^Rejected$/);

    // Ana: finalist, an offer, accepted; the app celebrates and the loop is already closed.
    await click(d, By.id("nav-candidates"));
    await click(d, By.xpath("//button[contains(@class,'cand-row')][.//span[text()='Ana Lopez']]"));
    await click(d, By.css("button[data-stage='finalist']"));
    await click(d, By.css("button[id^='extend-offer-']"));
    await type(d, "offer-terms", "£12.50 an hour, 30 hours a week");
    await click(d, By.id("offer-save"));
    // The offer email opens with the terms in it; this test records the answer instead.
    await waitText(d, By.id("compose-preview"), /£12\.50 an hour, 30 hours a week/);
    // It says until when it is open: the date the offer was extended with.
    await waitText(d, By.id("compose-preview"), /The offer is open until \w+day \d+ \w+:/);
    await clickInDialog(d, "Cancel");
    await click(d, By.css("button[id^='accept-offer-']"));
    await click(d, By.id("accept-save"));
    await waitText(d, By.id("celebration"), /Ana Lopez is joining as Barista\. The role is filled/);
    await d.findElement(By.xpath("//form[@role='dialog']//p[text()='Everyone else in this role has heard from you.']"));
    await clickInDialog(d, "Done");
    await waitText(d, By.css("[data-testid='stage']"), /^Hired$/);

    await click(d, By.id("nav-today"));
    const plan = await d.wait(until.elementLocated(By.css("section[aria-label='Welcome plan for Ana Lopez']")), WAIT);
    const text = await plan.getText();
    for (const step of ["Send the welcome email", "Set up equipment and accounts", "30-day check-in"]) assert.ok(text.includes(step), `${step} in ${text}`);
  } finally {
    await d.quit();
  }
});
