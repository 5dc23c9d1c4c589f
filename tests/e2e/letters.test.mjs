// The Surat screen in headless Debian Chromium against the real `bintek serve` on a demo
// database: the undangan's text with an unknown field is refused next to the text box and
// nothing is kept; fixed, "Unduh PDF" saves the pending settings and downloads one PDF with
// a numbered letter per OPD (read back with pdftotext), and the numbers stay on a second
// print; the narasumber letters come as a ZIP of Word files; the screen fits a phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tempDb, cli } from './helpers.mjs';
import { startApp, api as callApi, shot } from './fixture.mjs';

let server;
let app;
let db;
let eventId;

const api = (name, args) => callApi(db, name, args);
const letters = (kind) => api('letter_settings_get', { event_id: eventId, kind });
const flat = (s) => s.split(/\s+/).join(' ');
const pdfText = (path) => flat(execFileSync('pdftotext', [path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

before(async () => {
  db = tempDb();
  eventId = cli(db, 'demo').event_id;
  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

async function open(route, viewport = { width: 1366, height: 800 }) {
  const { page, problems } = await app.newPage(viewport);
  await page.goto(`${server.url}#/beranda`);
  await page.getByTestId('active-event').getByText('Bimbingan Teknis').waitFor();
  // As people get there: the sidebar, then the tab.
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Surat' }).click();
  await page.getByRole('heading', { name: 'Surat', exact: true }).waitFor();
  if (route !== '/surat') await page.goto(`${server.url}#${route}`);
  await page.getByTestId('letter-recipients').waitFor();
  return { page, problems };
}

async function download(page, click) {
  const waiting = page.waitForEvent('download', { timeout: 30_000 });
  await click();
  const file = await waiting;
  return { name: file.suggestedFilename(), path: await file.path() };
}

test('the undangan: an unknown field is refused by the text box, then every OPD gets a numbered letter', async () => {
  const { page, problems } = await open('/surat');
  const opds = letters('undangan').addressees;
  assert.ok(opds.length >= 3);
  const rows = page.getByTestId('letter-recipients').locator('tbody tr');
  assert.equal(await rows.count(), opds.length);
  await rows.first().getByText('belum bernomor').waitFor();

  const body = page.getByRole('textbox', { name: 'Isi surat', exact: true });
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\nMohon hadir di {lokasi}.', { delay: 25 });
  await page.getByRole('textbox', { name: 'Pakaian' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Batik Korpri', { delay: 25 });
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  const error = page.getByTestId('body-error');
  await error.waitFor();
  assert.match(await error.innerText(), /\{lokasi\} tidak dikenal\. Yang dapat dipakai: .*\{nama_kegiatan\}.*\{kuota\}/);
  assert.equal(await body.getAttribute('aria-invalid'), 'true');
  const kept = letters('undangan');
  assert.equal(kept.body_is_default, true, 'nothing of the refused change is kept');
  assert.equal(kept.dress_code, 'Batik lengan panjang');
  await shot(page, 'letters-unknown-field.png');

  // Back to the shipped text; the date typed as a clerk does.
  await page.getByRole('button', { name: 'Kembalikan teks bawaan' }).click();
  await page.getByLabel('Tanggal surat').fill('2019-09-03');
  const pdf = await download(page, () => page.getByTestId('letter-pdf').click());
  assert.match(pdf.name, /^Undangan .*\.pdf$/);
  const text = pdfText(pdf.path);
  assert.ok(text.includes('Nomor : 001/UND/DISKOMINFO/IX/2019'), text.slice(0, 600));
  assert.ok(text.includes(`${String(opds.length).padStart(3, '0')}/UND/DISKOMINFO/IX/2019`));
  assert.ok(text.includes(`Yth. Kepala ${opds[0].name}`), text.slice(0, 600));
  assert.ok(text.includes('Pakaian : Batik Korpri'), 'the pending change was saved first');
  assert.ok(text.includes('Purwodadi, 3 September 2019'));
  assert.ok(text.includes('KUOTA PESERTA PER PERANGKAT DAERAH'));
  await rows.first().getByText('001/UND/DISKOMINFO/IX/2019').waitFor();
  await page.getByTestId('next-number').getByText(`${String(opds.length + 1).padStart(3, '0')}/UND/`).waitFor();
  await shot(page, 'letters-undangan.png');

  // Printed again: the same numbers.
  const again = await download(page, () => page.getByTestId('letter-pdf').click());
  assert.ok(pdfText(again.path).includes('Nomor : 001/UND/DISKOMINFO/IX/2019'));
  assert.equal(letters('undangan').issued.length, opds.length);
  assert.deepEqual(problems, []);
});

test('the narasumber letters come as Word files in a ZIP', async () => {
  const { page, problems } = await open('/surat/narasumber');
  await page.getByRole('link', { name: 'Permohonan narasumber' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Permohonan narasumber' }).getAttribute('aria-current'), 'page');
  const zip = await download(page, () => page.getByTestId('letter-zip').click());
  assert.match(zip.name, /\.zip$/);
  assert.equal(readFileSync(zip.path).subarray(0, 2).toString(), 'PK');
  const numbered = letters('narasumber').addressees;
  assert.ok(numbered.length > 0 && numbered.every((a) => /\/NS\//.test(a.number ?? '')));
  await page.getByTestId('letter-recipients').locator('tbody tr').first().getByText('/NS/').waitFor();
  assert.deepEqual(problems, []);
});

test('the letters screen fits a 360 px phone', async () => {
  const { page, problems } = await open('/surat/tugas', { width: 360, height: 740 });
  await page.getByLabel('Isi "Untuk" surat tugas').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, 'letters-phone.png');
  assert.deepEqual(problems, []);
});
