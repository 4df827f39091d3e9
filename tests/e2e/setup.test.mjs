// The real app under Xvfb: the owner types their address in Settings → Email, and Kindly fills
// in the provider's server and says in plain words how to get the password it needs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, type, waitText } from "./harness.mjs";

before(startDriver);
after(stopDriver);

test("owner@gmail.com fills in Google's settings and shows the app-password steps", async () => {
  const d = await launch();
  try {
    await click(d, By.id("nav-settings"));
    await type(d, "setup-address", "owner@gmail.com");
    await click(d, By.id("fill-in"));
    await waitText(d, By.id("provider-note"), /Gmail: the server settings are filled in below/);
    await waitText(d, By.id("provider-note"), /2-Step Verification/);
    assert.equal(await (await d.findElement(By.id("smtp-host"))).getAttribute("value"), "smtp.gmail.com");
    assert.equal(await (await d.findElement(By.id("smtp-port"))).getAttribute("value"), "587");
    assert.equal(await (await d.findElement(By.id("smtp-username"))).getAttribute("value"), "owner@gmail.com");

    // A domain of the owner's own, whose MX records are Google's (the test's DNS server).
    await type(d, "setup-address", "maria@bakery.example");
    await click(d, By.id("fill-in"));
    await waitText(d, By.id("provider-note"), /The mail of bakery\.example is run by Google Workspace/);
    assert.equal(await (await d.findElement(By.id("smtp-host"))).getAttribute("value"), "smtp.gmail.com");

    // A domain Kindly does not know leaves the fields to the owner.
    await type(d, "setup-address", "maria@riverside-cafe.example");
    await click(d, By.id("fill-in"));
    await waitText(d, By.id("provider-note"), /does not know the mail settings for riverside-cafe\.example/);
  } finally {
    await d.quit();
  }
});
