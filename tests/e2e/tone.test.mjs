// The tone check in the real app: a rejection to Anne-Marie for the Medical Receptionist role,
// with her feedback written in the body and no feedback slot, sends with no block and no "no
// feedback" warning. "We felt a man would suit the role better" is blocked with the
// explanation, and has no "is a name" button; a colleague called Guy can be vouched for, once,
// and the message then goes, with the choice on the timeline.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { applicant, startDriver, stopDriver, launch, click, setUpMail, type, waitText, waitForArrival, WAIT, gone } from "./harness.mjs";

before(startDriver);
after(stopDriver);

/** A candidate through the form, interviewed for the role, with the decision composer open. */
async function toReject(d, first, last, email) {
  await applicant(d, { first, last, email, stages: ["interviewing", "interviewed"] });
  await click(d, By.css("button[data-stage='rejected']"));
  await d.wait(until.elementLocated(By.id("decision-feedback")), WAIT);
  await type(d, "decision-reason", "Another applicant was a closer fit");
}

/** Put text with line breaks into a textarea, as pasting it would (WebKit's driver drops the
 * line breaks of typed keys). */
async function paste(d, id, text) {
  await d.wait(until.elementLocated(By.id(id)), WAIT);
  await d.executeScript(
    `const el = document.getElementById(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(el, arguments[1]);
     el.dispatchEvent(new Event("input", { bubbles: true }));`,
    id,
    text,
  );
}

/** The tone check's text once it has read the message as it now stands (empty when clean). */
async function toneAfter(d, previewText) {
  await waitText(d, By.id("decision-preview"), previewText);
  // The check is debounced with the preview: give it its turn, then read it.
  await d.sleep(1000);
  const found = await d.findElements(By.css("section[aria-label='Tone check']"));
  return found.length ? found[0].getText() : "";
}

test("names and titles never block, feedback in the body counts, and bias is blocked", async () => {
  const d = await launch();
  try {
    await setUpMail(d);
    await type(d, "profile-company_name", "Riverside Medical Practice");
    await type(d, "profile-sender_name", "Maria Lopez");
    await type(d, "profile-signature", "Maria Lopez");
    await click(d, By.id("save-profile"));
    await click(d, By.id("nav-roles"));
    await click(d, By.id("new-role"));
    await type(d, "role-title", "Medical Receptionist");
    await click(d, By.id("save-role"));
    await d.wait(until.elementLocated(By.css("article[aria-label='Medical Receptionist']")), WAIT);

    // Anne-Marie: the feedback is in the message itself, not in the slot.
    await toReject(d, "Anne-Marie", "O'Neil", "anne-marie.tone@example.com");
    await (await d.findElement(By.id("decision-feedback"))).clear();
    await click(d, By.xpath("//summary[normalize-space()='Edit the text for this message']"));
    await paste(
      d,
      "decision-body",
      "Dear Anne-Marie,\n\nThank you for interviewing for the Medical Receptionist role. We have decided to offer the position to someone else.\n\nYour answers about triaging the morning calls were calm and clear, and practising the booking system would help.\n\nKind regards,\nMaria Lopez",
    );
    const clean = await toneAfter(d, /triaging the morning calls/);
    assert.equal(clean, "", `no finding at all: no block, no "no feedback" warning, in:\n${await (await d.findElement(By.id("decision-preview"))).getText()}`);
    await click(d, By.id("decision-send"));
    const sent = await waitForArrival(d, "triaging the morning calls", "the rejection to Anne-Marie");
    assert.match(sent.raw, /Dear Anne-Marie,/);

    // Ben: bias is blocked, with the explanation, and cannot be vouched for.
    await toReject(d, "Ben", "Okafor", "ben.tone@example.com");
    await type(d, "decision-feedback", "We felt a man would suit the role better.");
    const biased = await toneAfter(d, /a man would suit/);
    assert.match(biased, /Must change: "man" touches on sex, a protected characteristic/);
    assert.equal((await d.findElements(By.css("button.vouch-name"))).length, 0);
    assert.equal(await (await d.findElement(By.id("decision-send"))).isEnabled(), false);

    // A colleague's name: the owner says so, once, and the message goes.
    await type(d, "decision-feedback", "Our practice manager, Guy, liked your answers on the phones; practising the booking system would help.");
    const named = await toneAfter(d, /practice manager, Guy, liked/);
    assert.match(named, /"Guy" touches on sex[\s\S]*if it is a name, a place or a title here, say so/);
    await click(d, By.css("button.vouch-name[data-word='Guy']"));
    await gone(d, By.css("section[aria-label='Tone check']"), "the check still blocks after vouching");
    await d.wait(async () => (await d.findElement(By.id("decision-send"))).isEnabled(), WAIT);
    await click(d, By.id("decision-send"));
    await waitForArrival(d, "practice manager, Guy, liked", "the rejection to Ben");
    await waitText(d, By.css("main"), /You told the tone check that "Guy" is a name, a place or a title/);
  } finally {
    await d.quit();
  }
});
