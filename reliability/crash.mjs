// (a) SIGKILL during annotation. Debian's Chromium runs the web build with a persistent profile;
// a script annotates the sample article word by word (keys 1–3), and at a random moment (seeded,
// counted from when the article is ready, so that the kill lands while annotating however long
// the start takes) the whole browser — every process of it — is killed with SIGKILL. Chromium is
// then started again on the same profile and every annotation the UI acknowledged as saved (the
// status went "Saving…" → "Saved: Add …" for it) must be in the database. An app that no longer
// opens after a kill counts as a failure too.
// Usage: node reliability/crash.mjs --url http://127.0.0.1:4406/ --kills 100 --seed 1 [--out dir]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../bench/lib/chromium.mjs';
import { prng } from '../bench/lib/docgen.mjs';
import { storedRows } from '../e2e/pages/storedRows.mjs';
import { arg, writeFigures } from './common.mjs';

const url = arg('url', 'http://127.0.0.1:4406/');
const kills = Number(arg('kills', '3'));
const seed = Number(arg('seed', '1'));
const maxKillMs = Number(arg('max-kill-ms', '9000'));
const random = prng(seed);

/** Starts Chromium in its own process group on the profile; resolves with its DevTools endpoint. */
function launch(profile) {
  const child = spawn(
    CHROMIUM,
    ['--headless=new', ...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened: ${err.slice(-500)}`)));
  });
  const gone = new Promise((resolve) => child.on('exit', resolve));
  return { child, endpoint, gone };
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The annotations in the app's database: id → "label start-end". */
async function annotationsInDb(page) {
  const { annotations } = await storedRows(page, ['annotations']);
  return annotations.map((a) => [a.id, `${a.label} ${a.ranges.map((r) => `${r.start}-${r.end}`).join(',')}`]);
}

async function openApp(endpoint) {
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(new URL('index.html', url).href);
  await page.getByRole('textbox', { name: /^Article:/ }).waitFor({ timeout: 30_000 });
  return { browser, page };
}

/** Watches the save status so that "Saving…" followed by "Saved: …" can be seen for each change. */
async function watchStatus(page) {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="save-status"]');
    window.__statusLog = [el?.textContent ?? ''];
    new MutationObserver(() => window.__statusLog.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}

/** Selects a random word of the article (as a mouse drag would) and presses a label key. */
async function annotateOnce(page) {
  const [key, label] = [
    ['1', 'Claim'],
    ['2', 'Speaker'],
    ['3', 'Source'],
  ][Math.floor(random() * 3)];
  const pick = random();
  const wordPick = random();
  const ok = await page.evaluate(
    ([pick, wordPick]) => {
      const root = document.querySelector('[role="textbox"][aria-label^="Article:"]');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/\w{3,}/.test(n.data)) nodes.push(n);
      const node = nodes[Math.floor(pick * nodes.length)];
      if (!node) return false;
      const words = [...node.data.matchAll(/\w{3,}/g)];
      const w = words[Math.floor(wordPick * words.length)];
      const r = document.createRange();
      r.setStart(node, w.index);
      r.setEnd(node, w.index + w[0].length);
      root.focus();
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      window.__statusLog = [];
      return true;
    },
    [pick, wordPick],
  );
  if (!ok) return false;
  await page.keyboard.press(key);
  // Acknowledged: "Saving…" was shown for this change and then "Saved: Add <label>".
  await page.waitForFunction(
    (what) => {
      const log = window.__statusLog;
      const saving = log.indexOf('Saving…');
      return saving >= 0 && log.indexOf(what, saving) > saving;
    },
    `Saved: Add ${label}`,
    { timeout: 10_000, polling: 10 },
  );
  return true;
}

const profile = await mkdtemp(join(tmpdir(), 'claimscope-crash-'));
const acknowledged = new Map(); // id → description
const seen = new Set(); // every annotation id ever read from the database
const lost = new Map();
let unopenable = 0;
let pendingAcks = 0;
let attempts = 0;
let duringAnnotation = 0;
const started = Date.now();

/** After a restart: every acknowledged annotation must be there. */
async function verify(page) {
  const now = new Map(await annotationsInDb(page));
  // An annotation acknowledged just before the kill, whose id was not read yet, is a new id now.
  const fresh = [...now.keys()].filter((id) => !seen.has(id));
  for (const id of now.keys()) seen.add(id);
  for (let i = 0; i < pendingAcks; i++) {
    if (fresh[i]) acknowledged.set(fresh[i], now.get(fresh[i]));
    else lost.set(`unidentified-${lost.size}`, 'acknowledged just before the kill, not in the database');
  }
  pendingAcks = 0;
  for (const [id, what] of acknowledged) if (!now.has(id) && !lost.has(id)) lost.set(id, what);
  return now;
}

try {
  for (let k = 0; k < kills; k++) {
    const { child, endpoint, gone } = launch(profile);
    const killAt = Math.floor(random() * maxKillMs);
    let timer;
    let fired = false;
    try {
      const { page } = await openApp(await endpoint);
      await verify(page);
      await watchStatus(page);
      timer = setTimeout(() => {
        fired = true;
        killGroup(child);
      }, killAt);
      for (;;) {
        attempts++;
        let known = new Set((await annotationsInDb(page)).map(([id]) => id));
        if (!(await annotateOnce(page))) continue;
        pendingAcks++;
        const now = await annotationsInDb(page);
        const added = now.filter(([id]) => !known.has(id));
        pendingAcks--;
        if (added.length === 0) lost.set(`missing-at-ack-${lost.size}`, 'acknowledged but not in the database');
        for (const [id, what] of added) {
          acknowledged.set(id, what);
          seen.add(id);
        }
        known = new Set(now.map(([id]) => id));
      }
    } catch (e) {
      // The kill ends the session; anything else is the app failing to open or to annotate.
      if (fired) duringAnnotation++;
      else if (child.exitCode === null && child.signalCode === null) {
        clearTimeout(timer);
        killGroup(child);
        if (!/Target page, context or browser has been closed|Browser closed|has been closed|WebSocket|ECONNREFUSED/i.test(String(e))) {
          unopenable++;
          console.error(`kill ${k + 1}: ${String(e).split('\n')[0]}`);
        }
      }
    }
    clearTimeout(timer);
    await gone;
    if ((k + 1) % 10 === 0 || k + 1 === kills)
      console.log(
        `  crash: ${k + 1}/${kills} kills (${duringAnnotation} while annotating), ${acknowledged.size + pendingAcks} acknowledged, ${lost.size} lost`,
      );
  }
  // The final restart: everything acknowledged over all kills must still be there.
  const { child, endpoint, gone } = launch(profile);
  try {
    const { page, browser } = await openApp(await endpoint);
    await verify(page);
    await browser.close();
  } catch (e) {
    unopenable++;
    console.error(`final restart: ${String(e).split('\n')[0]}`);
  }
  killGroup(child);
  await gone;
} finally {
  await rm(profile, { recursive: true, force: true });
}

const figures = {
  seed,
  kills,
  duringAnnotation,
  attempts,
  acknowledged: acknowledged.size,
  lost: lost.size,
  unopenable,
  lostExamples: [...lost.values()].slice(0, 5),
  seconds: Math.round((Date.now() - started) / 1000),
};
await writeFigures('crash', figures);
console.log(`  crash: ${JSON.stringify(figures)}`);
process.exit(figures.lost > 0 || figures.unopenable > 0 ? 1 : 0);
