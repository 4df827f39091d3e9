// The AppImage as an owner gets it, and its signed updates: `scripts/package-test.sh` builds the
// AppImage with the package tests' throwaway signing key built in, copies it into a folder of its
// own and runs this file with KINDLY_APP_BINARY pointing at the copy (and KINDLY_UPDATE_KEY at the
// throwaway private key). (Not a *.test.mjs: it runs only on a package.)
//
// A local HTTP server plays the release server: a `latest.json` and a newer AppImage. A file whose
// signature doesn't match, and a genuine signature announced as another version, are refused with
// the window still working and the AppImage untouched; the genuine one is verified, written over
// the AppImage, and Kindly restarts into it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { By, until } from "selenium-webdriver";
import { APP, click, launch, settled, startDriver, stopDriver, type, waitText } from "./harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const KEY = process.env.KINDLY_UPDATE_KEY;
const NEW = "9.9.9";
let server;
let port;
/** What the release server answers with, by path. */
const served = new Map();

before(async () => {
  await startDriver();
  server = createServer((req, res) => {
    const body = served.get(req.url);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": req.url.endsWith(".json") ? "application/json" : "application/octet-stream" });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  port = server.address().port;
});
after(async () => {
  server?.close();
  await stopDriver();
});

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** `file` signed with the throwaway key, bound to `version`, as the release server carries it. */
function sign(file, version) {
  execFileSync(join(ROOT, "ui/node_modules/.bin/tauri"), ["signer", "sign", "-f", KEY, "-p", "", "--app-version", version, file], { stdio: "ignore" });
  return readFileSync(`${file}.sig`, "utf8").trim();
}

/** The release server now announces `version` with this file and signature. */
function announce(bytes, signature, version = NEW) {
  const name = `/Kindly_${version}_amd64.${sha(bytes).slice(0, 8)}.AppImage`;
  served.set(name, bytes);
  const platform = { signature, url: `http://127.0.0.1:${port}${name}` };
  served.set(
    "/latest.json",
    JSON.stringify({
      version,
      notes: "Reminders now say which promise they keep.\nA quicker start.",
      pub_date: "2026-12-01T09:00:00Z",
      platforms: { "linux-x86_64-appimage": platform, "linux-x86_64": platform },
    }),
  );
}

/** The Kindly processes running from an unpacked AppImage, by the folder they run from. */
function unpackedKindlies() {
  const found = [];
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const exe = readlinkSync(`/proc/${p}/exe`);
      if (/\/kindly\/appimage\/[^/]+\/usr\/bin\/kindly$/.test(exe)) found.push({ pid: Number(p), exe });
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

async function lookNow(d) {
  await click(d, By.id("check-update"));
  await d.wait(until.elementLocated(By.css("#update-offer, form[aria-label='Updates'] [role='alert']")), 60000);
}

async function installRefused(d, why) {
  await lookNow(d);
  await waitText(d, By.css("#update-offer strong"), new RegExp(`^Kindly ${NEW.replace(/\./g, "\\.")} is ready\\.$`));
  await click(d, By.id("install-update"));
  const error = await d.wait(until.elementLocated(By.id("update-error")), 60000);
  assert.match(await error.getText(), why);
}

test("the AppImage runs with its own WebKit, refuses a bad update and installs a signed one", { timeout: 600000 }, async () => {
  assert.match(APP, /\.AppImage$/, "run through scripts/package-test.sh, on a built AppImage");
  assert.ok(KEY, "KINDLY_UPDATE_KEY: the package tests' throwaway private key");
  const original = readFileSync(APP);
  // The next release: the same program with a different image tail, so the file is new.
  const work = join(tmpdir(), `kindly-update-${process.pid}`);
  execFileSync("mkdir", ["-p", work]);
  const next = join(work, `Kindly_${NEW}_amd64.AppImage`);
  writeFileSync(next, Buffer.concat([original, Buffer.from(`\nkindly release ${NEW} ${Date.now()}\n`)]));
  const nextBytes = readFileSync(next);

  const d = await launch();
  let restarted = [];
  try {
    assert.equal(await d.getTitle(), "Kindly");
    // It runs from the unpacked image, with the WebKit it carries (not the system's).
    const running = unpackedKindlies();
    assert.equal(running.length, 1, `one Kindly from the AppImage: ${JSON.stringify(running)}`);
    const appdir = dirname(dirname(dirname(running[0].exe)));
    const helpers = readdirSync("/proc")
      .filter((x) => /^\d+$/.test(x))
      .map((p) => {
        try {
          return readlinkSync(`/proc/${p}/exe`);
        } catch {
          return "";
        }
      })
      .filter((exe) => exe.endsWith("/WebKitWebProcess"));
    assert.ok(
      helpers.some((h) => h.startsWith(appdir)),
      `WebKit's web process runs from the AppImage (${appdir}); running: ${helpers.join(", ")}`,
    );

    await click(d, By.id("nav-settings"));
    await waitText(d, By.id("up-version"), /^This is Kindly \d+\.\d+\.\d+\./);
    await type(d, "up-endpoint", `http://127.0.0.1:${port}/latest.json`);
    await click(d, By.id("save-updates"));
    await settled(d);

    // A file that isn't the one that was signed.
    const tampered = Buffer.from(nextBytes);
    tampered[tampered.length - 3] ^= 0x20;
    announce(tampered, sign(next, NEW));
    await installRefused(d, /signature does not match Kindly's, so it was not installed/);
    assert.equal(sha(readFileSync(APP)), sha(original), "the AppImage is untouched");

    // A genuine signature of an older release, announced as the new one.
    const old = join(work, "Kindly_0.0.1_amd64.AppImage");
    writeFileSync(old, nextBytes);
    announce(nextBytes, sign(old, "0.0.1"));
    await installRefused(d, /signature does not match Kindly's, so it was not installed/);
    assert.equal(sha(readFileSync(APP)), sha(original), "the AppImage is untouched");

    // Kindly keeps working: a candidate is added.
    await click(d, By.id("nav-candidates"));
    await click(d, By.id("new-candidate"));
    await type(d, "f-first_name", "Ana");
    await type(d, "f-last_name", "Appimage");
    await type(d, "f-email", "ana.appimage@example.com");
    await click(d, By.id("save-candidate"));
    await waitText(d, By.id("candidate-name"), /^Ana Appimage$/);

    // The genuine release: what's new is shown, and it installs on the click.
    announce(nextBytes, sign(next, NEW));
    await click(d, By.id("nav-settings"));
    await lookNow(d);
    await waitText(d, By.id("update-notes"), /^Reminders now say which promise they keep\.\nA quicker start\.$/);
    await click(d, By.id("install-update"));
    await waitText(d, By.id("update-installed"), new RegExp(`^Installed\\. Kindly restarts into ${NEW.replace(/\./g, "\\.")} now`));
    assert.equal(sha(readFileSync(APP)), sha(nextBytes), "the AppImage is now the signed release");
    // Kindly restarts into the new file: unpacked anew, in a folder of its own.
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      restarted = unpackedKindlies().filter((k) => !k.exe.startsWith(appdir));
      if (restarted.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(restarted.length, 1, "the new version started");
  } finally {
    await d.quit().catch(() => {});
    for (const k of unpackedKindlies()) process.kill(k.pid, "SIGTERM");
    const deadline = Date.now() + 20000;
    while (unpackedKindlies().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    execFileSync("rm", ["-rf", work]);
  }
});
