// Candidates in from a spreadsheet, then the pulse check, in the real app: a Windows-1252,
// semicolon-separated export goes through the import dialog into the list; the pulse check
// shows who was left waiting, draws its charts, and saves itself as a PNG and a PDF.
// (The native file dialogs are answered through the window's test queue: WebDriver cannot
// reach a GTK dialog. Everything after the chosen path is the real app.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { startDriver, stopDriver, launch, click, answerDialog, waitText, WAIT } from "./harness.mjs";

before(startDriver);
after(stopDriver);

/** Windows-1252 bytes for the text (Latin-1 covers the names used here). */
function cp1252(text) {
  return Buffer.from(text, "latin1");
}

test("a spreadsheet imported through the dialog, then the pulse check with its charts, saved as PNG and PDF", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kindly-pulse-"));
  const d = await launch();
  try {
    const csv = join(dir, "applicants.csv");
    writeFileSync(
      csv,
      cp1252(
        "First name;Last name;Email;Job;Status\r\n" +
          "José;Núñez;jose@example.org;Barista;Rejected\r\n" +
          "Zoë;Brontë;zoe@example.org;Barista;Applied\r\n" +
          "Ben;Okafor;ben@example.org;Cook;Applied\r\n",
      ),
    );

    await click(d, By.id("nav-candidates"));
    await answerDialog(d, csv);
    await click(d, By.id("import-csv"));
    const dialog = await d.wait(until.elementLocated(By.css("form[role='dialog'][aria-label='Import candidates']")), WAIT);
    await d.wait(until.elementTextContains(dialog, "José"), WAIT);
    await waitText(d, By.id("import-run"), /^Import 3 rows$/);
    await click(d, By.id("import-run"));
    await waitText(d, By.id("candidate-count"), /^3 candidates$/);
    for (const name of ["José Núñez", "Zoë Brontë", "Ben Okafor"]) {
      await d.wait(until.elementLocated(By.xpath(`//*[contains(@class,'cand-row')][.//*[normalize-space(.)='${name}']]`)), WAIT);
    }

    // The pulse check: José was rejected on import and never told.
    await click(d, By.id("nav-pulse"));
    const waiting = await d.wait(until.elementLocated(By.css("section[aria-label='Left waiting']")), WAIT);
    await d.wait(until.elementTextContains(waiting, "José Núñez"), WAIT);
    assert.doesNotMatch(await waiting.getText(), /Zoë/);
    // The charts are drawn: the trend, and a funnel for each role.
    for (const name of ["Trend by month", "Funnel: Barista", "Funnel: Cook"]) {
      await d.wait(until.elementLocated(By.css(`figure[aria-label='${name}'] svg.recharts-surface`)), WAIT);
    }
    const bars = await d.findElements(By.css("figure[aria-label='Funnel: Barista'] .recharts-bar-rectangle"));
    assert.ok(bars.length >= 1, "the Barista funnel has bars");

    // Saved as a picture and as a PDF, where the owner chose.
    const png = join(dir, "pulse.png");
    await answerDialog(d, png);
    await click(d, By.id("save-png"));
    await d.wait(until.elementLocated(By.xpath("//*[contains(normalize-space(.),'Saved the pulse check as pulse.png.')]")), WAIT);
    const pngBytes = readFileSync(png);
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(pngBytes.readUInt32BE(16), 1800, "900 px wide, drawn at twice the size");
    assert.ok(pngBytes.length > 20000, `a full page, not a blank one (${pngBytes.length} bytes)`);

    const pdf = join(dir, "pulse.pdf");
    await answerDialog(d, pdf);
    await click(d, By.id("save-pdf"));
    await d.wait(until.elementLocated(By.xpath("//*[contains(normalize-space(.),'Saved the pulse check as pulse.pdf.')]")), WAIT);
    const pdfText = readFileSync(pdf).toString("latin1");
    assert.ok(pdfText.startsWith("%PDF-"));
    assert.match(pdfText, /\/FontFile/);
    assert.ok(!existsSync(`${pdf}.part`));
    if (process.env.KINDLY_KEEP_PULSE) writeFileSync(process.env.KINDLY_KEEP_PULSE, pngBytes);
  } finally {
    await d.quit();
    rmSync(dir, { recursive: true, force: true });
  }
});
