// The Surat & Laporan screen in headless Debian Chromium against the real `bintek serve` on
// a demo database: the undangan's text with an unknown field is refused next to the text
// box and nothing is kept; fixed, "Unduh PDF" saves the pending settings and downloads one
// PDF with a numbered letter per OPD (read back with pdftotext), and the numbers stay on a
// second print; the narasumber letters come as a ZIP of Word files; the report's draft is
// kept between visits, a photo is added (a broken one refused) and the minutes of a
// session saved, and the downloaded PDF holds them; the screen fits a phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tempDb, cli, outputFile } from './helpers.mjs';
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
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Surat & Laporan' }).click();
  await page.getByRole('heading', { name: 'Surat & Laporan', exact: true }).waitFor();
  if (route !== '/surat') await page.goto(`${server.url}#${route}`);
  await page.getByTestId(route === '/surat/laporan' ? 'report-head' : 'letter-recipients').waitFor();
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

test('the report: the draft is kept between visits, a photo and the minutes go into the PDF', async () => {
  const { page, problems } = await open('/surat/laporan');
  const hambatan = page.getByRole('textbox', { name: 'Hambatan', exact: true });
  await hambatan.click();
  await page.keyboard.type('Proyektor ruang praktik rusak pada hari kedua; panitia meminjam dari Bappeda.', {
    delay: 15,
  });
  await page.getByRole('button', { name: 'Simpan draf' }).click();
  await page.getByText('Draf laporan disimpan.').waitFor();

  // Another visit: the draft is there.
  await page.reload();
  await page.getByTestId('report-head').waitFor();
  assert.equal(
    await page.getByRole('textbox', { name: 'Hambatan', exact: true }).inputValue(),
    'Proyektor ruang praktik rusak pada hari kedua; panitia meminjam dari Bappeda.',
  );

  // A file that is no photo is refused and nothing is added; a real one comes in.
  const photos = page.getByTestId('report-photos').getByTestId('photo');
  assert.equal(await photos.count(), 2, "the demo's photos");
  const broken = outputFile('bukan-foto.jpg');
  writeFileSync(broken, 'ini bukan foto');
  await page.getByLabel('Keterangan foto baru').fill('Penutupan');
  await page.getByTestId('photo-file').setInputFiles({ name: 'penutupan.jpg', mimeType: 'image/jpeg', buffer: readFileSync(broken) });
  await page.getByTestId('photo-error').getByText('Foto tidak dapat dipakai').waitFor();
  assert.equal(await photos.count(), 2);
  const existing = api('report_get', { event_id: eventId }).photos[0];
  const jpeg = Buffer.from(api('report_photo_get', { id: existing.id }).data, 'base64');
  await page.getByLabel('Keterangan foto baru').fill('Penutupan oleh Kepala Diskominfo');
  await page.getByTestId('photo-file').setInputFiles({ name: 'penutupan.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.getByLabel('Keterangan foto 3').waitFor();
  assert.equal(await page.getByLabel('Keterangan foto 3').inputValue(), 'Penutupan oleh Kepala Diskominfo');
  await page.getByRole('button', { name: 'Geser foto 3 ke depan' }).click();
  await waitForCaption(page, 2, 'Penutupan oleh Kepala Diskominfo');

  // The minutes of the closing session.
  const closing = page.getByTestId('report-minutes').locator('details', { hasText: 'Penutupan dan Rencana Tindak Lanjut' });
  await closing.locator('summary').click();
  await closing.getByRole('textbox', { name: 'Kesimpulan' }).click();
  await page.keyboard.type('Setiap OPD menyusun rencana konten tiga bulan.', { delay: 15 });
  await closing.getByRole('button', { name: 'Simpan notulen' }).click();
  await page.getByText('Notulen "Penutupan dan Rencana Tindak Lanjut OPD" disimpan.').waitFor();
  await shot(page, 'report-panel.png');

  const pdf = await download(page, () => page.getByTestId('report-pdf').click());
  assert.match(pdf.name, /^Laporan .*\.pdf$/);
  const text = pdfText(pdf.path);
  for (const want of [
    'LAPORAN PELAKSANAAN KEGIATAN',
    'DAFTAR ISI',
    'Proyektor ruang praktik rusak pada hari kedua; panitia meminjam dari Bappeda.',
    'Penutupan oleh Kepala Diskominfo',
    'Setiap OPD menyusun rencana konten tiga bulan.',
  ]) {
    assert.ok(text.includes(want), `${want} not in the report`);
  }
  const docx = await download(page, () => page.getByTestId('report-docx').click());
  assert.match(docx.name, /\.docx$/);
  assert.equal(readFileSync(docx.path).subarray(0, 2).toString(), 'PK');
  assert.deepEqual(problems, []);
});

async function waitForCaption(page, n, caption) {
  for (let i = 0; i < 100; i++) {
    if ((await page.getByLabel(`Keterangan foto ${n}`).inputValue()) === caption) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`photo ${n} is not "${caption}"`);
}

test('the letters screen fits a 360 px phone', async () => {
  const { page, problems } = await open('/surat/tugas', { width: 360, height: 740 });
  await page.getByLabel('Isi "Untuk" surat tugas').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, 'letters-phone.png');
  assert.deepEqual(problems, []);
});
