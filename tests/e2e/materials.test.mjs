// The materials (bahan tayang) in headless Debian Chromium against `bintek serve --lan`:
// the organizer uploads a narasumber's PDF per session through the file chooser in
// Evaluasi, a file that is not what its name says is refused beside its session, and a
// phone at 360×640 downloads the PDF of a session that has started (the same bytes;
// poppler reads it) while tomorrow's waits for its session. The organizer's count of who
// downloaded goes up. The agenda printed while the participants' page is open carries its
// address and QR code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tempDb, outputFile, cli } from './helpers.mjs';
import { startApp, api as callApi, today, shot } from './fixture.mjs';

let app;
let db;
let eventId;
let code;
const files = {};

const api = (name, args) => callApi(db, name, args);

function tomorrow() {
  const d = new Date(Date.now() + 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

before(async () => {
  db = tempDb();
  eventId = cli(db, 'event', 'create', '--title', 'Bimtek Satu Data', '--start', today(), '--end', tomorrow()).id;
  api('session_add', {
    event_id: eventId, title: 'Kebijakan Satu Data Indonesia', date: today(), start_time: '00:00', end_time: '23:59',
  });
  api('session_add', {
    event_id: eventId, title: 'Praktik Metadata Statistik', date: tomorrow(), start_time: '08:30', end_time: '12:00',
  });
  for (const [name, opd] of [['Siti Aminah', 'Dinas Kesehatan'], ['Budi Santoso', 'Inspektorat Daerah']]) {
    cli(db, 'participant', 'add', '--event', eventId, '--name', name, '--opd', opd, '--opd-baru');
  }
  code = cli(db, 'participant', 'list', '--event', eventId).find((p) => p.name === 'Siti Aminah').code;
  api('portal_set', { event_id: eventId, open: true });
  // A real PDF as the narasumber's slides (the event's agenda), a second one for tomorrow
  // (the same with a trailing comment, as readers allow), and an EXE named like a PDF.
  const agenda = Buffer.from(api('agenda_pdf', { event_id: eventId }).data, 'base64');
  files.today = outputFile('Paparan Satu Data.pdf');
  writeFileSync(files.today, agenda);
  files.tomorrow = outputFile('Modul Metadata.pdf');
  writeFileSync(files.tomorrow, Buffer.concat([agenda, Buffer.from('\n% hari kedua\n')]));
  files.fake = outputFile('Paparan Palsu.pdf');
  writeFileSync(files.fake, Buffer.from('MZ\x90\x00 this is a program'));
  app = await startApp(db, ['--lan', '--pin', '123456']);
});

after(async () => {
  await app?.close();
});

/** Chooses `path` through the session's "Unggah bahan" button, as a person does. */
async function upload(page, session, path) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    session.getByRole('button', { name: /Unggah bahan/ }).click(),
  ]);
  await chooser.setFiles(path);
}

test('the organizer uploads materials per session; a file that is not what its name says is refused', async () => {
  const { page, problems } = await app.newPage();
  await page.goto(app.server.info.organizer_url);
  await page.getByRole('link', { name: 'Evaluasi' }).click();
  const panel = page.getByTestId('materials');
  const first = panel.getByRole('region', { name: 'Kebijakan Satu Data Indonesia' });
  const second = panel.getByRole('region', { name: 'Praktik Metadata Statistik' });

  await upload(page, first, files.fake);
  await first.getByTestId('material-error').getByText(/Paparan Palsu\.pdf: .*bukan PDF/).waitFor();
  assert.equal(await first.getByTestId('material-list').count(), 0, 'nothing was kept');

  await upload(page, first, files.today);
  await first.getByTestId('material-list').getByText('Paparan Satu Data', { exact: true }).waitFor();
  await first.getByTestId('material-error').waitFor({ state: 'detached' });
  await upload(page, second, files.tomorrow);
  await second.getByTestId('material-list').getByText('Modul Metadata', { exact: true }).waitFor();
  assert.equal((await first.getByTestId('material-downloads').innerText()).trim(), '0 / 2 peserta');
  await shot(page, 'materials-organizer.png');

  // With the participants' page open, the printed agenda carries its address as a QR code.
  await page.getByRole('link', { name: 'Agenda' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Cetak Jadwal' }).click(),
  ]);
  const agenda = outputFile('materials-agenda.pdf');
  await download.saveAs(agenda);
  const text = execFileSync('pdftotext', [agenda, '-'], { encoding: 'utf8' });
  assert.match(text, /Halaman Peserta/);
  assert.match(text, new RegExp(`http://[0-9.]+:${new URL(app.server.url).port}/p/`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a phone downloads the material of a session that has started; tomorrow\'s waits', async () => {
  const { page, problems } = await app.newPage({ width: 360, height: 640 });
  await page.goto(`${app.server.url.replace(/\/$/, '')}/p/`);
  const field = page.getByLabel('Kode kartu peserta');
  await field.click();
  await field.pressSequentially(code, { delay: 90 });
  await field.press('Enter');
  const card = page.getByTestId('me-materials');
  await card.getByText('Paparan Satu Data').waitFor();
  // Tomorrow's is listed with its start, with nothing to press.
  const later = card.getByRole('listitem').filter({ hasText: 'Modul Metadata' });
  await later.getByText(/Mulai .*08\.30/).waitFor();
  assert.equal(await later.getByRole('button').count(), 0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('listitem').filter({ hasText: 'Paparan Satu Data' }).getByTestId('material-download').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Paparan Satu Data.pdf');
  const saved = outputFile('materials-downloaded.pdf');
  await download.saveAs(saved);
  assert.deepEqual(readFileSync(saved), readFileSync(files.today));
  assert.match(execFileSync('pdftotext', [saved, '-'], { encoding: 'utf8' }), /Kebijakan Satu Data Indonesia/);
  await card.getByText(/Diunduh: Paparan Satu Data\.pdf/).waitFor();
  await card.getByText(/sudah diunduh/).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `page is ${wide}px wide`);
  await shot(page, 'materials-phone.png');
  assert.deepEqual(problems, []);
  await page.close();

  // The organizer sees one of the two participants downloaded it.
  const list = api('material_list', { event_id: eventId });
  const pdf = list.materials.find((m) => m.title === 'Paparan Satu Data');
  assert.equal(pdf.downloaded_by, 1);
  const { page: organizer } = await app.newPage();
  await organizer.goto(app.server.info.organizer_url);
  await organizer.getByRole('link', { name: 'Evaluasi' }).click();
  await organizer
    .getByTestId('materials')
    .getByRole('region', { name: 'Kebijakan Satu Data Indonesia' })
    .getByTestId('material-downloads')
    .getByText('1 / 2 peserta')
    .waitFor();
  await organizer.close();
});
