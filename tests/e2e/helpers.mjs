// Shared helpers of the end-to-end tests: temp databases, the real binaries, ports.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXE = process.platform === 'win32' ? '.exe' : '';
export const BINTEK = join(ROOT, 'target', 'debug', `bintek${EXE}`);
export const DESKTOP = join(ROOT, 'target', 'debug', `bintek-desktop${EXE}`);
/** Screenshots land here (ignored by git) so a person can look at them. */
export const OUTPUT = join(ROOT, 'tests', 'e2e', 'output');

export function tempDb(name = 'bintek.db') {
  const dir = mkdtempSync(join(tmpdir(), 'bintek-e2e-'));
  return join(dir, name);
}

export function outputFile(name) {
  mkdirSync(OUTPUT, { recursive: true });
  return join(OUTPUT, name);
}

export function requireFile(path, hint) {
  if (!existsSync(path)) throw new Error(`${path} not found: ${hint}`);
}

/** Runs the CLI and parses its JSON output. */
export function cli(db, ...args) {
  const out = execFileSync(BINTEK, ['--json', '--db', db, ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Starts `bintek serve` on a free loopback port; resolves with { url, stop }. */
/** Starts `bintek serve` on a free loopback port; `extra` adds flags (e.g. `--lan`).
 * Resolves to `{url, stop, info}` where `info` is the JSON line it printed. */
export async function startServer(db, extra = []) {
  requireFile(BINTEK, 'run `cargo build --workspace --bins` first');
  const child = spawn(BINTEK, ['--json', '--db', db, 'serve', '--bind', '127.0.0.1:0', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('bintek serve printed no URL in 20 s')), 20_000);
    child.once('exit', (code) => fail(new Error(`bintek serve exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      ok(JSON.parse(line));
    });
  });
  return {
    url: info.url,
    info,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((ok) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

export async function waitFor(check, what, timeoutMs = 20_000, everyMs = 100) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Waits (up to 5 s) until the element with this id has the focus: focus moves after the
 * UI's own async work, so an immediate check races on a loaded machine. */
export async function expectFocus(page, id) {
  try {
    await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 });
  } catch {
    const got = await page.evaluate(() => document.activeElement?.id ?? '(none)');
    throw new Error(`expected the focus on #${id}, it is on #${got}`);
  }
}

/** Like expectFocus, for a Playwright locator. */
export async function expectLocatorFocus(locator, message = 'the element has the focus') {
  const handle = await locator.elementHandle();
  try {
    await locator.page().waitForFunction((el) => el === document.activeElement, handle, { timeout: 5000 });
  } catch {
    throw new Error(message);
  }
}
