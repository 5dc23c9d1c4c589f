// Pengaturan in headless Debian Chromium against `bintek serve` on a demo database:
// a manual backup is made, checked and listed; the database check says it is intact;
// an offline desk's package (made and used with the CLI) merges back through the file
// picker, and merging it again adds nothing. The desk-mode panel lists no desks yet.
// A damaged database opens read-only with a banner on every screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, tempDb, outputFile, cli, BINTEK } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server;
let browser;
let db;
let pkg;

function bintek(dbPath, ...args) {
  return JSON.parse(execFileSync(BINTEK, ['--json', '--db', dbPath, ...args], { encoding: 'utf8' }));
}

before(async () => {
  db = tempDb();
  const eventId = bintek(db, 'demo').event_id;
  // The offline laptop: a package, one check-in on it.
  pkg = join(dirname(db), 'paket-meja.db');
  bintek(db, 'event', 'package', eventId, '--out', pkg);
  const sessions = bintek(pkg, 'session', 'list', '--event', eventId);
  const sid = sessions[sessions.length - 2].id;
  // Someone the demo did not check in for that session.
  const present = new Set(bintek(pkg, 'attendance', 'list', '--event', eventId, '--session', sid).map((r) => r.registration_id));
  const code = bintek(pkg, 'participant', 'list', '--event', eventId).find((p) => p.role === 'participant' && !present.has(p.id)).code;
  bintek(pkg, 'checkin', '--event', eventId, '--session', sid, '--desk', 'Laptop Offline', code);
  server = await startServer(db);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('backup, check and merge an offline package from Pengaturan', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}#/pengaturan`);
  await page.getByRole('heading', { name: 'Cadangan data' }).waitFor();

  const backups = page.getByTestId('backups');
  await backups.getByRole('button', { name: 'Cadangkan sekarang' }).click();
  await page.getByText(/Cadangan dibuat dan lolos pemeriksaan/).waitFor();
  await backups.getByRole('cell', { name: 'manual' }).first().waitFor();
  const listed = bintek(db, 'backup', 'list');
  assert.ok(listed.some((b) => b.reason === 'manual' && b.ok), JSON.stringify(listed));

  await backups.getByRole('button', { name: 'Periksa basis data' }).click();
  await page.getByTestId('db-check').getByText(/Basis data utuh/).waitFor();

  const offline = page.getByTestId('offline');
  await offline.getByLabel('Berkas paket meja offline').setInputFiles(pkg);
  const report = page.getByTestId('merge-report');
  await report.getByText(/1 kehadiran baru/).waitFor();
  await page.screenshot({ path: outputFile('settings-merge.png'), fullPage: true });
  // Again: nothing new.
  await offline.getByLabel('Berkas paket meja offline').setInputFiles(pkg);
  await report.getByText(/0 kehadiran baru/).waitFor();
  const list = bintek(db, 'attendance', 'list', '--event', cli(db, 'event', 'list')[0].id);
  assert.equal(list.filter((r) => r.desk === 'Laptop Offline').length, 1);

  await page.getByTestId('desk-mode').getByText('Belum ada meja yang terpasang.').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a damaged database opens read-only with a banner that leads to the backups', async () => {
  // A demo database, closed cleanly, then one page overwritten until `bintek check` fails.
  const good = tempDb();
  bintek(good, 'demo');
  const bytes = readFileSync(good);
  const damaged = join(dirname(good), 'rusak.db');
  let found = false;
  for (let page = 4; page * 4096 < bytes.length && !found; page += 3) {
    const copy = Buffer.from(bytes);
    copy.fill(0xa5, page * 4096, (page + 1) * 4096);
    writeFileSync(damaged, copy);
    try {
      execFileSync(BINTEK, ['--json', '--db', damaged, 'check'], { stdio: 'pipe' });
    } catch (e) {
      found = e.status === 1 && JSON.parse(e.stdout.toString()).ok === false;
    }
  }
  assert.ok(found, 'some page of the file is checked');
  const damagedServer = await startServer(damaged);
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${damagedServer.url}#/kegiatan`);
    const banner = page.getByTestId('read-only-banner');
    await banner.getByText('Basis data rusak dan dibuka hanya-baca.').waitFor();
    await page.screenshot({ path: outputFile('read-only-banner.png') });
    await banner.getByRole('button', { name: 'Buka Cadangan data' }).click();
    await page.getByTestId('read-only').waitFor();
    // Reading works; a write is refused with the reason.
    const out = execFileSync(BINTEK, ['--db', damaged, 'call', 'event_list', '{}'], { encoding: 'utf8' });
    assert.ok(Array.isArray(JSON.parse(out)));
    assert.throws(
      () =>
        execFileSync(BINTEK, ['--json', '--db', damaged, 'event', 'create', '--title', 'X', '--start', '2020-01-01'], {
          stdio: 'pipe',
        }),
      (e) => e.status === 1 && JSON.parse(e.stderr.toString()).error.code === 'read_only',
    );
    await page.close();
  } finally {
    await damagedServer.stop();
  }
});
