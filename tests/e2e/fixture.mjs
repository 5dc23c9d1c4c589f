// The one set-up of the Playwright suites: `bintek serve` on a temp database, Chromium,
// pages that collect every problem with one filter, and closing it all again.

import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { BINTEK, startServer, outputFile } from './helpers.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The desk beeps without a click first.
  '--autoplay-policy=no-user-gesture-required',
];

/** `bintek call NAME JSON` on `db`: any Api command, its JSON answer parsed. */
export function api(db, name, args) {
  const out = execFileSync(BINTEK, ['--db', db, 'call', name, JSON.stringify(args)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/** Today in the machine's local time, as the desk's clock sees it. */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A full-page screenshot from the top (a scrolled page shows the sticky header mid-page). */
export async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: outputFile(name), fullPage: true });
}

const REFUSED = /^Failed to load resource: the server responded with a status of (4\d\d)\b/;

/**
 * The one filter: every page error, every dialog (dismissed) and every console error is a
 * problem, except the browser's own line about an Api refusal — a 4xx answer of
 * `POST /api/…`, which the UI shows as a message and the tests check on screen. A 5xx, a
 * failed script or style, or a 4xx of anything but the Api stays a problem.
 */
export function watch(page, base) {
  const problems = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const refused = REFUSED.test(m.text()) && (m.location().url ?? '').startsWith(`${base}/api/`);
    if (!refused) problems.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  return problems;
}

/**
 * Starts `bintek serve` on `db` (with `serveArgs`, e.g. `--lan`) and Chromium. Returns
 * `{server, browser, newPage, close}`; `newPage(viewport)` opens a page (downloads on)
 * watched by `watch`, resolving to `{page, problems}`.
 */
export async function startApp(db, serveArgs = []) {
  const server = await startServer(db, serveArgs);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await server.stop();
    throw e;
  }
  const base = server.url.replace(/\/$/, '');
  return {
    server,
    browser,
    async newPage(viewport = { width: 1366, height: 768 }) {
      const page = await browser.newPage({ viewport, acceptDownloads: true });
      return { page, problems: watch(page, base) };
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
