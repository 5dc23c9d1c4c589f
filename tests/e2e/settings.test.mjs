// Pengaturan in headless Debian Chromium against `bintek serve` on a demo database:
// a manual backup is made, checked and listed; the database check says it is intact;
// an offline desk's package (made and used with the CLI) merges back through the file
// picker, and merging it again adds nothing. The desk-mode panel lists no desks yet.
// A damaged database opens read-only with a banner on every screen. The certificate
// signing key's fingerprint is shown; the key is exported (with a warning that it is
// secret) and imported back, and another installation's key is refused. A backup is
// restored in the browser (from the list, and from an uploaded file): the change made
// after it is gone and the app keeps working.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, tempDb, outputFile, cli, BINTEK } from './helpers.mjs';
import { startApp, watch } from './fixture.mjs';

let server;
let app;
let db;
let pkg;
let eventId;

before(async () => {
  db = tempDb();
  eventId = cli(db, 'demo').event_id;
  // Certificates exist, so an import must match their key.
  cli(db, 'call', 'certificate_issue', JSON.stringify({ event_id: eventId }));
  // The offline laptop: a package, one check-in on it.
  pkg = join(dirname(db), 'paket-meja.db');
  cli(db, 'event', 'package', eventId, '--out', pkg);
  const sessions = cli(pkg, 'session', 'list', '--event', eventId);
  const sid = sessions[sessions.length - 2].id;
  // Someone the demo did not check in for that session.
  const present = new Set(cli(pkg, 'attendance', 'list', '--event', eventId, '--session', sid).map((r) => r.registration_id));
  const code = cli(pkg, 'participant', 'list', '--event', eventId).find((p) => p.role === 'participant' && !present.has(p.id)).code;
  cli(pkg, 'checkin', '--event', eventId, '--session', sid, '--desk', 'Laptop Offline', code);
  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

test('backup, check and merge an offline package from Pengaturan', async () => {
  const { page, problems } = await app.newPage({ width: 1366, height: 900 });
  await page.goto(`${server.url}#/pengaturan`);
  await page.getByRole('heading', { name: 'Cadangan data' }).waitFor();

  const backups = page.getByTestId('backups');
  await backups.getByRole('button', { name: 'Cadangkan sekarang' }).click();
  await page.getByText(/Cadangan dibuat dan lolos pemeriksaan/).waitFor();
  await backups.getByRole('cell', { name: 'manual' }).first().waitFor();
  const listed = cli(db, 'backup', 'list');
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
  const list = cli(db, 'attendance', 'list', '--event', cli(db, 'event', 'list')[0].id);
  assert.equal(list.filter((r) => r.desk === 'Laptop Offline').length, 1);

  await page.getByTestId('desk-mode').getByText('Belum ada meja yang terpasang.').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a damaged database opens read-only with a banner that leads to the backups', async () => {
  // A demo database, closed cleanly, then one page overwritten until `bintek check` fails.
  const good = tempDb();
  cli(good, 'demo');
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
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watch(page, damagedServer.url.replace(/\/$/, ''));
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
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await damagedServer.stop();
  }
});

test('the signing key: fingerprint shown, exported with a warning, a wrong key refused, imported back', async () => {
  const { page, problems } = await app.newPage({ width: 1366, height: 900 });
  await page.goto(`${server.url}#/pengaturan`);
  const panel = page.getByTestId('signing-key');
  await panel.getByRole('heading', { name: 'Kunci tanda tangan sertifikat' }).waitFor();
  const info = cli(db, 'call', 'signing_key_info', '{}');
  assert.match(info.fingerprint, /^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
  await panel.getByTestId('key-fingerprint').getByText(info.fingerprint).waitFor();

  // Export: first a warning that the file is secret.
  await panel.getByRole('button', { name: 'Ekspor kunci…' }).click();
  await panel.getByRole('alertdialog').getByText(/RAHASIA/).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Ya, ekspor kunci' }).click(),
  ]);
  const saved = join(dirname(db), download.suggestedFilename());
  await download.saveAs(saved);
  assert.match(readFileSync(saved, 'utf8'), /^BINTEK-KUNCI-1 /m);

  // Another installation's key: refused, nothing changes.
  const wrong = join(dirname(db), 'kunci-lain.key');
  // A fixed key, not random bytes: 32 bytes that start with `#` are read as a text key
  // file (and refused as not a key at all), one run in 256.
  writeFileSync(wrong, Buffer.alloc(32, 7));
  await panel.getByLabel('Berkas kunci tanda tangan').setInputFiles(wrong);
  await panel.getByRole('alert').getByText(/Kunci ini ditolak/).waitFor();
  assert.equal(cli(db, 'call', 'signing_key_info', '{}').fingerprint, info.fingerprint);

  // The exported key: taken.
  await panel.getByLabel('Berkas kunci tanda tangan').setInputFiles(saved);
  await page.getByText(/Kunci tanda tangan dipasang/).waitFor();
  await panel.getByTestId('key-fingerprint').getByText(info.fingerprint).waitFor();
  await page.screenshot({ path: outputFile('settings-signing-key.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a backup is restored in the browser, from the list and from an uploaded file', async () => {
  const { page, problems } = await app.newPage({ width: 1366, height: 900 });
  const titles = () => cli(db, 'event', 'list').map((e) => e.title);
  await page.goto(`${server.url}#/pengaturan`);
  const backups = page.getByTestId('backups');
  await backups.getByRole('button', { name: 'Cadangkan sekarang' }).click();
  await page.getByText(/Cadangan dibuat dan lolos pemeriksaan/).waitFor();
  const made = cli(db, 'backup', 'list').find((b) => b.reason === 'manual');

  // A change after the backup.
  cli(db, 'event', 'create', '--title', 'Perubahan Sesudah Cadangan', '--start', '2020-01-01');
  assert.ok(titles().includes('Perubahan Sesudah Cadangan'));

  await page.reload();
  const row = backups.getByRole('row').filter({ hasText: made.file_name });
  await row.getByRole('button', { name: 'Pulihkan' }).click();
  await backups.getByRole('alertdialog').getByRole('button', { name: 'Ya, pulihkan' }).click();
  await page.getByText(/Basis data dipulihkan dari/).waitFor();
  assert.ok(!titles().includes('Perubahan Sesudah Cadangan'), 'the change is gone');
  // The app keeps working after the reload: its screens read the restored database.
  await page.waitForURL(/#\/pengaturan/);
  await page.getByTestId('backups').getByRole('cell', { name: 'sebelum pemulihan' }).first().waitFor();
  await page.goto(`${server.url}#/kegiatan`);
  await page.getByRole('heading', { name: 'Kegiatan', exact: true }).waitFor();

  // From an uploaded file.
  cli(db, 'event', 'create', '--title', 'Perubahan Kedua', '--start', '2020-01-02');
  await page.goto(`${server.url}#/pengaturan`);
  await page.getByTestId('backups').getByLabel('Berkas cadangan untuk dipulihkan').setInputFiles(made.file);
  await page.getByTestId('backups').getByRole('alertdialog').getByRole('button', { name: 'Ya, pulihkan' }).click();
  await page.getByText(new RegExp(`Basis data dipulihkan dari ${made.file_name}`)).waitFor();
  assert.ok(!titles().includes('Perubahan Kedua'), 'the second change is gone');
  await page.screenshot({ path: outputFile('settings-restore.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
