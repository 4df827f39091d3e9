// Replies as everyday clients write them, in the real app: an Outlook reply (its From/Sent/To/
// Subject block and Word HTML under the answer) asking to erase their data, a bottom-posted
// Thunderbird yes under the quote of Kindly's runner-up message, and a French Exchange
// out-of-office with no Auto-Submitted header, all appended to Dovecot while Kindly runs. Each
// page shows only the person's own words and the right suggestion; the out-of-office never
// reaches Today.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, openCandidate, waitText, WAIT } from "./harness.mjs";
import { decided, deliver, readyToHear } from "./mailbox.mjs";

before(startDriver);
after(stopDriver);

/** Outlook for Windows: the answer, then the original's header block, in text and Word HTML. */
function outlookReply(from, to, inReplyTo, own) {
  return `From: ${from}
To: owner@riverside.example
Subject: RE: The Barista role
Date: ${new Date().toUTCString()}
Message-ID: <outlook.${Date.now()}@example.com>
In-Reply-To: ${inReplyTo}
References: ${inReplyTo}
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AQHZxYz1234567890abcdefABCDEF==
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="----=_NextPart_000_0011_01DB4A2B.6C3D5E70"

------=_NextPart_000_0011_01DB4A2B.6C3D5E70
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

${own}

From: Maria Lopez <owner@riverside.example>
Sent: Monday, December 7, 2026 10:15 AM
To: ${to}
Subject: The Barista role

Your coffee knowledge was impressive. You can ask us to remove them at any time.

------=_NextPart_000_0011_01DB4A2B.6C3D5E70
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: 7bit

<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=us-ascii"></head><body lang=EN-GB><div class=WordSection1>${own
    .split("\n")
    .map((l) => `<p class=MsoNormal>${l || "<o:p>&nbsp;</o:p>"}</p>`)
    .join("")}<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>From:</b> Maria Lopez &lt;owner@riverside.example&gt;<br><b>Sent:</b> Monday, December 7, 2026 10:15 AM<br><b>To:</b> ${to}<br><b>Subject:</b> The Barista role</p></div><p class=MsoNormal>Your coffee knowledge was impressive. You can ask us to remove them at any time.</p></div></body></html>

------=_NextPart_000_0011_01DB4A2B.6C3D5E70--
`;
}

/** Thunderbird, bottom-posted: the quote first, the answer under it, then a `-- ` signature. */
function thunderbirdBottomPosted(from, inReplyTo, own) {
  return `From: ${from}
To: Maria Lopez <owner@riverside.example>
Subject: Re: Thank you, Bea, and let's stay in touch
Date: ${new Date().toUTCString()}
Message-ID: <tb.${Date.now()}@example.com>
In-Reply-To: ${inReplyTo}
References: ${inReplyTo}
User-Agent: Mozilla Thunderbird
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

On 07/12/2026 10:15, Maria Lopez wrote:
> If you are happy for us to keep your details and contact you when a
> similar role opens, just reply to say so. We will keep them for 12
> months, and you can ask us to remove them at any time.

${own}

-- 
Bea Lopez
07700 900123
`;
}

/** Exchange's out-of-office in French: a localised subject and no Auto-Submitted header. */
function exchangeOutOfOffice(from, inReplyTo) {
  return `From: ${from}
To: owner@riverside.example
Subject: =?utf-8?Q?R=C3=A9ponse_automatique=C2=A0:_Thank_you=2C_Bea?=
Date: ${new Date().toUTCString()}
Message-ID: <oof.${Date.now()}@example.com>
In-Reply-To: ${inReplyTo}
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: bea.hearing@example.com
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Je suis absente jusqu'au 14 d=C3=A9cembre et je lirai votre message =C3=A0 mon retour.
`;
}


test("an Outlook erase request, a bottom-posted Thunderbird yes and a French out-of-office are each heard right", async () => {
  const d = await launch();
  try {
    await readyToHear(d);
    const toCy = await decided(d, "Cy", "cy.hearing@example.com", null, "Your espresso dialling-in was careful and quick.");
    const toBea = await decided(d, "Bea", "bea.hearing@example.com", 2, "The way you handled the Saturday rush stood out.");

    deliver(exchangeOutOfOffice("Bea Lopez <bea.hearing@example.com>", toBea));
    deliver(outlookReply("Cy Lopez <cy.hearing@example.com>", "Cy Lopez <cy.hearing@example.com>", toCy, "Hi Maria,\n\nPlease delete all the data you hold about me.\n\nThanks,\nCy"));
    deliver(thunderbirdBottomPosted("Bea Lopez <bea.hearing@example.com>", toBea, "Yes, please keep my details. I'd love to hear about the next role.\n\nBea"));

    // Today: both people's replies, never the out-of-office; Cy's request with its answer date.
    await click(d, By.id("nav-today"));
    const toRead = By.css("section[aria-label='Replies to read']");
    await d.wait(until.elementLocated(toRead), 30000, "the replies never reached Today");
    await waitText(d, toRead, /Please delete all the data you hold about me\.[\s\S]*Yes, please keep my details\.|Yes, please keep my details\.[\s\S]*Please delete all the data you hold about me\./);
    const today = await (await d.findElement(toRead)).getText();
    assert.doesNotMatch(today, /absente|Réponse automatique/, "an out-of-office is not a reply to read");
    assert.doesNotMatch(today, /From: Maria|remove them at any time|07700/, "only their own words");
    await waitText(d, By.css("section[aria-label='Reminders']"), /Answer Cy Lopez's request to erase their data/);

    // Cy's page: his words only, and the way to answer his request.
    await openCandidate(d, "Cy Lopez");
    const replies = By.css("section[aria-label='Replies']");
    await waitText(d, replies, /Cy replied[\s\S]*from cy\.hearing@example\.com[\s\S]*Please delete all the data you hold about me\./);
    assert.doesNotMatch(await (await d.findElement(replies)).getText(), /Sent:|coffee knowledge/);
    await waitText(d, By.css("[data-asks-erasure]"), /asks you to erase the data you hold about them[\s\S]*Erase their data…/);

    // Bea's page: her yes, suggested first; the out-of-office kept as what it is.
    await openCandidate(d, "Bea Lopez");
    await waitText(d, replies, /Bea replied[\s\S]*Yes, please keep my details\. I'd love to hear about the next role\./);
    const beas = await (await d.findElement(replies)).getText();
    assert.doesNotMatch(beas, /remove them at any time|07700|Maria Lopez wrote/);
    assert.match(beas, /Automatic reply \(out of office or similar\)/);
    assert.match(beas, /This reads as a yes\. Nothing is recorded until you say so\./);
    const record = await d.findElement(By.css("button[data-record-consent]"));
    assert.match(await record.getAttribute("class"), /\bprimary\b/);
  } finally {
    await d.quit();
  }
});
