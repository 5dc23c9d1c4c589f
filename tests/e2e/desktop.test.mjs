// The real Tauri window (bintek-desktop) under Xvfb, driven through tauri-driver and
// WebKitWebDriver, on a temp database given through BINTEK_DB.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebDriver, KEYS } from './webdriver.mjs';
import { DESKTOP, BINTEK, tempDb, outputFile, requireFile, portOpen, waitFor, cli } from './helpers.mjs';

let driver;
let wd;
let db;
// A home of its own, so exports land in a Downloads folder the test can read.
const home = mkdtempSync(join(tmpdir(), 'bintek-home-'));

function stopDriver() {
  // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
  return new Promise((ok) => {
    if (!driver || driver.exitCode !== null || driver.signalCode !== null) return ok();
    const timer = setTimeout(() => {
      driver.kill('SIGKILL');
      ok();
    }, 10_000);
    driver.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    driver.kill('SIGTERM');
  });
}

before(async () => {
  requireFile(DESKTOP, 'run `cargo build --workspace --bins` first');
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run under xvfb-run (scripts/test.sh does)');
  db = tempDb('desktop.db');
  driver = spawn('tauri-driver', [], {
    env: { ...process.env, BINTEK_DB: db, HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  driver.once('error', (e) => {
    throw new Error(`tauri-driver could not start: ${e.message}`);
  });
  // Both tauri-driver (4444) and WebKitWebDriver behind it (4445) must accept first.
  await waitFor(async () => (await portOpen(4444)) && (await portOpen(4445)), 'tauri-driver ports 4444 and 4445');
  wd = await WebDriver.start('http://127.0.0.1:4444', {
    browserName: 'wry',
    'tauri:options': { application: DESKTOP },
  });
});

after(async () => {
  await wd?.quit();
  await stopDriver();
  // A window the driver failed to close would keep this test process (and CI) waiting:
  // end any Bintek window of this checkout that is still running.
  spawnSync('pkill', ['-f', `^${DESKTOP}( |$)`], { stdio: 'ignore' });
});

test('the window opens on the first-run guide with the Bintek title', async () => {
  assert.equal(await wd.title(), 'Bintek');
  await wd.findWithText('h1', 'Selamat datang di Bintek');
  const nav = await wd.text(await wd.find('nav'));
  for (const item of ['Beranda', 'Kegiatan', 'Peserta', 'Agenda', 'Kehadiran', 'Sertifikat', 'Pengaturan']) {
    assert.ok(nav.includes(item), `menu has ${item}`);
  }
});

test('create an event in the window and read it back', async () => {
  await wd.click(await wd.findWithText('button', 'Tambah Kegiatan'));
  const title = await wd.find('#f-title');
  // An empty title is refused next to the field.
  await wd.click(await wd.findWithText('button', 'Simpan'));
  assert.equal(await wd.text(await wd.find('#e-title')), 'Judul kegiatan wajib diisi.');

  await wd.type(title, 'Bimbingan Teknis Pengelolaan Media Sosial');
  await wd.type(await wd.find('#f-venue'), 'Gedung Riptaloka');
  // Date inputs differ between engines: set the ISO value the way a picker would.
  await wd.execute(
    `const set = (id, v) => { const el = document.getElementById(id); el.value = v;
       el.dispatchEvent(new Event('input', { bubbles: true })); };
     set('f-start', '2019-09-17'); set('f-end', '2019-09-18');`,
  );
  await wd.findWithText('.hint', 'Selasa, 17 September 2019');
  await wd.type(title, KEYS.ENTER);

  const row = await wd.findWithText('tbody tr', 'Bimbingan Teknis Pengelolaan Media Sosial');
  const text = await wd.text(row);
  assert.match(text, /17–18 September 2019/);
  assert.match(text, /Gedung Riptaloka/);
  await wd.findWithText('[data-testid="active-event"]', 'Bimbingan Teknis Pengelolaan Media Sosial');
  writeFileSync(outputFile('desktop-events.png'), await wd.screenshot());
});

test('the event is in the database the window was given', async () => {
  const events = cli(db, 'event', 'list');
  assert.equal(events.length, 1);
  assert.equal(events[0].title, 'Bimbingan Teknis Pengelolaan Media Sosial');
  assert.equal(events[0].start_date, '2019-09-17');
  assert.equal(events[0].end_date, '2019-09-18');
});

test('settings show the database path from BINTEK_DB', async () => {
  await wd.click(await wd.findWithText('nav a', 'Pengaturan'));
  const facts = await wd.text(await wd.find('dl.facts'));
  assert.ok(facts.includes(db), `settings name ${db}: ${facts}`);
  assert.ok(facts.includes('Aplikasi desktop'));
});

test('the participants screen opens for the active event', async () => {
  await wd.click(await wd.findWithText('nav a', 'Peserta'));
  await wd.findWithText('.page', 'Belum ada peserta');
});

test('an export is saved into the Downloads folder without overwriting', async () => {
  const save = `const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('save_download', { args: { file_name: 'rekap: uji.csv', data: btoa('No;Nama\\r\\n1;Sri\\r\\n') } })
      .then(done, (e) => done('ERROR ' + JSON.stringify(e)));`;
  const first = await wd.executeAsync(save);
  const second = await wd.executeAsync(save);
  assert.equal(first, join(home, 'Downloads', 'rekap_ uji.csv'));
  assert.equal(second, join(home, 'Downloads', 'rekap_ uji (2).csv'));
  assert.equal(readFileSync(first, 'utf8'), 'No;Nama\r\n1;Sri\r\n');
});

test('certificates per person are printed into a new folder in Downloads', async () => {
  const event = cli(db, 'event', 'list').find((e) => e.title === 'Bimbingan Teknis Pengelolaan Media Sosial');
  for (const name of ['Sri Wahyuni', 'Budi Santoso', 'Dewi Lestari']) {
    cli(db, 'call', 'participant_add', JSON.stringify({ event_id: event.id, name, role: 'participant' }));
  }
  cli(db, 'call', 'session_add', JSON.stringify({ event_id: event.id, title: 'Materi', date: event.start_date, start_time: '08:00', end_time: '10:00' }));
  cli(db, 'call', 'certificate_settings_set', JSON.stringify({ event_id: event.id, min_attendance: 0 }));
  assert.equal(cli(db, 'call', 'certificate_issue', JSON.stringify({ event_id: event.id })).issued, 3);

  await wd.click(await wd.findWithText('nav a', 'Sertifikat'));
  await wd.click(await wd.findWithText('a', 'Terbitkan & cetak'));
  await wd.click(await wd.findWithText('button', 'Cetak per orang (folder)'));
  const toast = await wd.findWithText('.toast', 'sertifikat disimpan di folder', 30_000);
  const folder = join(home, 'Downloads', 'sertifikat-Bimbingan Teknis Pengelolaan Media Sosial');
  assert.match(await wd.text(toast), /^3 sertifikat disimpan di folder /);
  const files = readdirSync(folder).sort();
  assert.equal(files.length, 3, files.join(', '));
  for (const f of files) {
    assert.match(f, /\.pdf$/);
    assert.equal(readFileSync(join(folder, f)).subarray(0, 5).toString(), '%PDF-');
  }
  assert.ok(files.some((f) => f.includes('Sri Wahyuni')), files.join(', '));
  writeFileSync(outputFile('desktop-certificates.png'), await wd.screenshot());
});

test('desk mode: the window starts the LAN server, a desk pairs with its PIN, then it stops', async () => {
  await wd.click(await wd.findWithText('nav a', 'Pengaturan'));
  await wd.click(await wd.findWithText('button', 'Nyalakan mode meja registrasi'));
  // Either the address and PIN show, or (a machine without any network) the reason.
  const shown = await Promise.race([
    wd.find('[data-testid="lan-pin"]', 15_000).then((el) => ({ el })),
    wd.findWithText('[data-testid="desk-mode"] .alert', 'jaringan', 15_000).then((el) => ({ error: el })),
  ]);
  if (shown.error) {
    assert.match(await wd.text(shown.error), /belum tersambung ke jaringan/);
    return;
  }
  const pin = await wd.text(shown.el);
  assert.match(pin, /^\d{6}$/);
  const url = await wd.text(await wd.find('[data-testid="lan-url"]'));
  assert.match(url, /^http:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/);
  // The QR of the address is on screen.
  await wd.find('[data-testid="desk-mode"] img.qr');
  writeFileSync(outputFile('desktop-lan.png'), await wd.screenshot());

  const post = (name, body, token) =>
    fetch(`${url}api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  assert.equal((await post('event_list', {})).status, 401);
  const paired = await post('pair', { pin, desk: 'Meja Jendela' });
  assert.equal(paired.status, 200);
  const { token } = await paired.json();
  const who = await (await post('whoami', {}, token)).json();
  assert.deepEqual(who, { mode: 'lan', role: 'desk', desk: 'Meja Jendela' });
  // The desk checks someone in; the window lists the desk with its count.
  const eventId = cli(db, 'event', 'list')[0].id;
  const session = cli(db, 'session', 'add', '--event', eventId, '--title', 'Materi LAN', '--date', '2019-09-17',
    '--start', '13:00', '--end', '15:00');
  const person = cli(db, 'participant', 'add', '--event', eventId, '--name', 'Sri Wahyuni, S.Kom.');
  const code = person.code;
  const checked = await post('checkin', { event_id: eventId, session_id: session.id, code }, token);
  assert.equal(checked.status, 200, await checked.clone().text());
  assert.equal((await checked.json()).desk, 'Meja Jendela');
  await wd.findWithText('[data-testid="desk-list"] td', 'Meja Jendela', 15_000);
  await wd.findWithText('[data-testid="desk-checkins"]', '1', 15_000);

  await wd.click(await wd.findWithText('button', 'Matikan mode meja registrasi'));
  await wd.findWithText('button', 'Nyalakan mode meja registrasi');
  await assert.rejects(post('whoami', {}, token), 'the server is stopped');
});

test('a backup made in the window is restored from the window', async () => {
  await wd.click(await wd.findWithText('nav a', 'Pengaturan'));
  await wd.click(await wd.findWithText('button', 'Cadangkan sekarang'));
  await wd.findWithText('.toast', 'Cadangan dibuat dan lolos pemeriksaan', 15_000);
  // A change after the backup, made by the CLI on the same database.
  cli(db, 'event', 'create', '--title', 'Dibuat Sesudah Cadangan', '--start', '2020-02-02');
  assert.ok(cli(db, 'event', 'list').some((e) => e.title === 'Dibuat Sesudah Cadangan'));
  await wd.click(await wd.findWithText('[data-testid="backups"] button', 'Pulihkan'));
  await wd.click(await wd.findWithText('button', 'Ya, pulihkan'));
  await wd.findWithText('.toast', 'dipulihkan', 30_000);
  // The window reloads on the restored database: the later event is gone, the earlier stays.
  await waitFor(() => !cli(db, 'event', 'list').some((e) => e.title === 'Dibuat Sesudah Cadangan'), 'restored', 20_000);
  assert.ok(cli(db, 'event', 'list').some((e) => e.title === 'Bimbingan Teknis Pengelolaan Media Sosial'));
  const backups = JSON.parse(
    execFileSync(BINTEK, ['--json', '--db', db, 'backup', 'list'], { encoding: 'utf8' }),
  );
  assert.ok(backups.some((b) => b.reason === 'before-restore'), JSON.stringify(backups));
  await wd.findWithText('nav a', 'Pengaturan', 20_000);
});
