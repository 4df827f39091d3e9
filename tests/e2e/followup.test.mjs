// After the interviews, step by step, in the real app. Three finalists for Barista: with the
// offer to Ana open, Reject… for Ben (2nd) says why to wait. Ana declines; the role's board
// suggests Ben, his offer is accepted, and the board shows his row through to the welcome plan
// and the runner-up message ready for Cy (3rd), which arrives saying 24 months (the consent
// setting). Recording an interview moves the stage. Close the loop tells Dee, who only
// applied, that the role is filled, with no thanks for an interview.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { applicant, startDriver, stopDriver, launch, click, clickInDialog, openCandidate, setUpMail, settled, type, waitText, waitForArrival, WAIT, setValue } from "./harness.mjs";

before(startDriver);
after(stopDriver);

async function candidate(d, first, email) {
  await applicant(d, { first, email });
}

/** Interviewed today (recorded: the stage moves; the thank-you with its promise goes), a
 * finalist at `place`. */
async function finalist(d, first, place) {
  await candidate(d, first, `${first.toLowerCase()}.followup@example.com`);
  const notes = await d.wait(until.elementLocated(By.css("input[aria-label='Interview notes']")), WAIT);
  await notes.sendKeys("Quick and accurate on the till");
  await click(d, By.xpath("//button[normalize-space()='Record interview']"));
  await d.wait(until.elementLocated(By.css("form[role='dialog'][aria-label^='Write to']")), WAIT);
  await waitText(d, By.id("compose-preview"), /hear from me by \w+day \d+ \w+ with our decision/);
  await click(d, By.id("compose-send"));
  await waitText(d, By.css("[data-testid='stage']"), /^Interviewed$/);
  await settled(d);
  await click(d, By.css("button[data-stage='finalist']"));
  await waitText(d, By.css("[data-testid='stage']"), /^Finalist$/);
  await click(d, By.css(`select[id^='place-'] option[value='${place}']`));
  await d.wait(until.elementLocated(By.xpath(`//span[contains(@class,'place')][starts-with(normalize-space(.),'${place}')]`)), WAIT);
}


async function extendOffer(d) {
  await click(d, By.css("button[id^='extend-offer-']"));
  await waitText(d, By.id("offer-readiness"), /No reference has been asked for yet\./);
  await type(d, "offer-terms", "£12.50 an hour, 30 hours a week");
  await click(d, By.id("offer-save"));
  await waitText(d, By.id("compose-preview"), /The offer is open until \w+day \d+ \w+:/);
}

async function openBoard(d) {
  await settled(d);
  await click(d, By.id("nav-roles"));
  await click(d, By.css("button[data-role-board]"));
  return d.wait(until.elementLocated(By.css("table[aria-label='Follow-up board for Barista']")), WAIT);
}

const cell = (first, step) => By.xpath(`//tr[.//th//button[starts-with(normalize-space(),'${first} ')]]/td[@data-step='${step}']`);

test("runner-ups wait while the offer is open, the board leads to the next choice and the runner-up message", async () => {
  const d = await launch();
  try {
    await setUpMail(d);
    await type(d, "profile-company_name", "Riverside Café");
    await type(d, "profile-sender_name", "Maria Lopez");
    await type(d, "profile-signature", "Maria Lopez");
    await click(d, By.id("save-profile"));
    const months = await d.wait(until.elementLocated(By.id("desk-consent_months")), WAIT);
    await d.executeScript("arguments[0].select()", months);
    await months.sendKeys("24");
    await d.wait(async () => (await months.getAttribute("value")) === "24", WAIT, "the months field did not take 24");
    await click(d, By.id("save-desk"));
    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Barista");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Barista']")), WAIT);

    await finalist(d, "Ana", 1);
    await finalist(d, "Ben", 2);
    await finalist(d, "Cy", 3);
    await candidate(d, "Dee", "dee.followup@example.com");

    // Ana's offer: nothing is in yet, the owner goes ahead; the email says until when.
    await openCandidate(d, "Ana Lopez");
    await extendOffer(d);
    await clickInDialog(d, "Cancel");

    // Ben is 2nd: Reject… says why to wait, and Send waits for "Tell them anyway".
    await openCandidate(d, "Ben Lopez");
    await click(d, By.css("button[data-stage='rejected']"));
    await waitText(d, By.id("decision-hold-back"), /Your offer to Ana is open until \w+day \d+ \w+; if Ana declines, Ben may be your next choice\./);
    assert.equal(await (await d.findElement(By.id("decision-send"))).isEnabled(), false);
    await clickInDialog(d, "Cancel");

    // Ana declines. The board names Ben as the next choice, with Extend offer….
    await openCandidate(d, "Ana Lopez");
    await click(d, By.xpath("//button[normalize-space()='They declined']"));
    await type(d, "answer-reason", "Took a job closer to home");
    await clickInDialog(d, "Record it");
    await openBoard(d);
    await waitText(d, By.id("board-summary"), /^Ben is your next choice: extend an offer when you are ready;/);
    await waitText(d, cell("Ben", "offer"), /Next choice: not made/);
    await click(d, By.xpath("//tr[.//th//button[starts-with(normalize-space(),'Ben ')]]/td[@data-step='offer']//button"));
    await waitText(d, By.id("candidate-name"), /^Ben Lopez$/);
    await extendOffer(d);
    await clickInDialog(d, "Cancel");
    // Before his answer: a reference in, with both ratings, and a clear background check.
    await settled(d);
    await click(d, By.xpath("//button[normalize-space()='Add a reference']"));
    await type(d, "referee-name", "Sam Reid");
    await type(d, "referee-phone", "01632 960123");
    await click(d, By.id("referee-save"));
    await settled(d);
    await click(d, By.xpath("//button[normalize-space()='Record what they said']"));
    await click(d, By.css("#record-technical_rating option[value='4']"));
    await click(d, By.css("#record-interpersonal_rating option[value='5']"));
    await click(d, By.id("record-save"));
    await settled(d);
    await click(d, By.xpath("//div[@aria-label='Background check']//button[normalize-space()='Start']"));
    await type(d, "check-provider", "DBS");
    await click(d, By.css("#check-status option[value='clear']"));
    await setValue(d, "check-requested_on", "2026-11-30");
    await setValue(d, "check-completed_on", "2026-12-01");
    await click(d, By.id("check-save"));
    await settled(d);
    await click(d, By.css("button[id^='accept-offer-']"));
    await click(d, By.id("accept-save"));
    await waitText(d, By.id("celebration"), /Ben Lopez is joining as Barista/);
    await clickInDialog(d, "Done");

    // The board: Ben's row through to his welcome plan; Cy's runner-up message is ready.
    await openBoard(d);
    await waitText(d, cell("Ben", "decision"), /^Hired$/);
    await waitText(d, cell("Ben", "offer"), /^Accepted$/);
    await waitText(d, cell("Ben", "welcome"), /^0 of \d+ done/);
    // Every column of his row is filled in.
    await waitText(d, cell("Ben", "thanked"), /^Thanked \w{3} \d+ \w{3}$/);
    await waitText(d, cell("Ben", "news_by"), /^By \w{3} \d+ \w{3}/);
    await waitText(d, cell("Ben", "references"), /^1 of 1 in · technical 4\.0 · with others 5\.0$/);
    await waitText(d, cell("Ben", "background_check"), /^Clear$/);
    for (const step of ["thanked", "decision", "references", "background_check", "offer"]) {
      assert.equal(await (await d.findElement(cell("Ben", step))).getAttribute("data-state"), "done", step);
    }
    await click(d, By.xpath("//tr[.//th//button[starts-with(normalize-space(),'Cy ')]]/td[@data-step='told']//button[normalize-space()='Runner-up message…']"));
    // (WebKit's driver cannot read the text of an element holding a closed <details>: read the
    // line that says what the message is.)
    await waitText(d, By.css(".decision-editor > p.muted"), /a runner-up message/);
    await type(d, "decision-reason", "Runner-up");
    await type(d, "decision-feedback", "Your till work was quick and accurate; practising latte art would make you stronger.");
    await d.wait(async () => (await d.findElement(By.id("decision-send"))).isEnabled(), WAIT, "the runner-up message could not be sent");
    await click(d, By.id("decision-send"));
    const runnerUp = await waitForArrival(d, "practising latte art would make you stronger", "the runner-up message");
    assert.match(runnerUp.raw, /We will keep them for 24 months/);

    // Close the loop: Dee only applied, and hears the role is filled.
    await click(d, By.id("nav-roles"));
    await click(d, By.css("button[data-role-loop]"));
    await waitText(d, By.css(".decision-editor > p.muted"), /the role is filled: they were never interviewed/);
    await type(d, "decision-reason", "Role filled");
    await d.wait(async () => (await d.findElement(By.id("decision-send"))).isEnabled(), WAIT, "the role-filled message could not be sent");
    await click(d, By.id("decision-send"));
    const filled = await waitForArrival(d, "We have now filled the role", "the role-filled message");
    assert.deepEqual(filled.envelope.rcpt_tos, ["dee.followup@example.com"]);
    assert.doesNotMatch(filled.raw, /interview/i);
  } finally {
    await d.quit();
  }
});
