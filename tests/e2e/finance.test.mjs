// The Keuangan screen in headless Debian Chromium against the real `bintek serve` on a demo
// database: the honoraria with their trace; the daftar nominatif downloaded (read back
// with pdftotext), then a golongan typed for a speaker changes the tax on screen and marks
// the printed list outdated until it is printed again; a transport correction without a
// reason is refused beside the field; a rate changed in the table; a broken rate file
// refused row by row with the table unchanged; the screen fits a phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tempDb, cli, outputFile } from './helpers.mjs';
import { startApp, api as callApi, shot } from './fixture.mjs';

let server;
let app;
let db;
let eventId;

const api = (name, args) => callApi(db, name, args);
const flat = (s) => s.split(/\s+/).join(' ');
const pdfText = (path) => flat(execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }));
const ENRICO = 'Enrico Adrian Ramandha, S.Kom.';

before(async () => {
  db = tempDb();
  eventId = cli(db, 'demo').event_id;
  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

async function open(route, viewport = { width: 1366, height: 900 }) {
  const { page, problems } = await app.newPage(viewport);
  await page.goto(`${server.url}#/beranda`);
  await page.getByTestId('active-event').getByText('Bimbingan Teknis').waitFor();
  // As people get there: the sidebar, then the tab.
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Keuangan' }).click();
  await page.getByRole('heading', { name: 'Keuangan', exact: true }).waitFor();
  if (route !== '/keuangan') {
    await page.goto(`${server.url}#${route}`);
  }
  return { page, problems };
}

async function download(page, click) {
  const waiting = page.waitForEvent('download', { timeout: 30_000 });
  await click();
  const file = await waiting;
  return { name: file.suggestedFilename(), path: await file.path() };
}

function honorRow(page, name) {
  return page.getByTestId('honor-lines').getByTestId('line').filter({ hasText: name });
}

test('a golongan typed for a speaker changes the tax and marks the printed list outdated', async () => {
  const { page, problems } = await open('/keuangan');
  const enrico = honorRow(page, ENRICO);
  await enrico.waitFor();
  assert.match(flat(await enrico.innerText()), /7 jam Rp900\.000 Rp6\.300\.000 Rp315\.000 5% Rp5\.985\.000/);

  const pdf = await download(page, () => page.getByTestId('print-nominatif-pdf').click());
  assert.match(pdf.name, /^Daftar nominatif honorarium .*\.pdf$/);
  const text = pdfText(pdf.path);
  assert.match(text, /6\.300\.000 5% 315\.000 5\.985\.000/);
  await page.getByTestId('doc-nominatif').getByText(/^Dicetak /).waitFor();

  await enrico.getByTestId('line-edit').click();
  const trace = page.getByTestId('line-trace');
  await trace.getByText(/Jumlah 450 menit, dibulatkan ke bawah: 7 jam/).waitFor();
  await trace.getByText(/Media Sosial sebagai Aset Digital Pemerintah Daerah/).waitFor();
  const golongan = page.getByRole('textbox', { name: 'Golongan' });
  await golongan.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('iv/a', { delay: 40 });
  await page.getByTestId('recipient-form').getByRole('button', { name: 'Simpan' }).click();
  await page.getByText(`Data pembayaran ${ENRICO} disimpan.`).waitFor();
  // IV/a: 15 % of 6.300.000.
  await honorRow(page, ENRICO).getByText('Rp945.000').waitFor();
  assert.match(flat(await honorRow(page, ENRICO).innerText()), /PNS IV\/a/);
  await page.getByTestId('doc-nominatif').getByTestId('doc-outdated').waitFor();
  await shot(page, 'finance-outdated.png');

  const again = await download(page, () => page.getByTestId('print-nominatif-pdf').click());
  assert.match(pdfText(again.path), /6\.300\.000 15% 945\.000 5\.355\.000/);
  await page.getByTestId('doc-nominatif').getByText(/^Dicetak /).waitFor();
  assert.equal(await page.getByTestId('doc-outdated').count(), 0);
  assert.deepEqual(problems, []);
});

test('a transport correction needs a reason, and the kwitansi and rekap PPh download', async () => {
  const { page, problems } = await open('/keuangan');
  const rows = page.getByTestId('transport-lines').getByTestId('line');
  await rows.first().waitFor();
  const first = rows.first();
  const name = (await first.locator('.person').innerText()).trim();
  await first.getByTestId('line-edit').click();
  const days = page.getByRole('textbox', { name: 'Hari transport (koreksi)' });
  await days.click();
  await page.keyboard.type('3', { delay: 40 });
  await page.getByTestId('recipient-form').getByRole('button', { name: 'Simpan' }).click();
  const reason = page.getByRole('textbox', { name: 'Alasan koreksi' });
  await page.getByText(/Tulis alasan koreksi hari transport/).waitFor();
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  const line = (await api('finance_get', { event_id: eventId })).transport.find((l) => l.name === name);
  assert.notEqual(line.quantity, 3, 'nothing kept');
  await reason.click();
  await page.keyboard.type('Hadir hari kedua, kartu tertinggal', { delay: 20 });
  await page.getByTestId('recipient-form').getByRole('button', { name: 'Simpan' }).click();
  await page.getByText(`Data pembayaran ${name} disimpan.`).waitFor();
  const saved = (await api('finance_get', { event_id: eventId })).transport.find((l) => l.name === name);
  assert.equal(saved.quantity, 3);
  assert.equal(saved.gross, 3 * saved.rate);

  const kwitansi = await download(page, () => page.getByTestId('print-kwitansi-pdf').click());
  const text = pdfText(kwitansi.path);
  assert.match(text, /KWITANSI/);
  assert.match(text, /Enam juta tiga ratus ribu rupiah/);
  assert.match(text, /meterai Rp10\.000/, 'Enrico is paid above Rp5.000.000');
  const pph = await download(page, () => page.getByTestId('print-pph-xlsx').click());
  assert.match(pph.name, /^Rekap PPh 21 .*\.xlsx$/);
  assert.deepEqual(problems, []);
});

test('the rate table: a rate changed in place, a broken file refused row by row', async () => {
  const { page, problems } = await open('/keuangan/tarif');
  const row = page.getByTestId('rate-narasumber/eselon_3');
  await row.getByText('contoh — sesuaikan dengan Perbup/SSH daerah').waitFor();
  const amount = row.getByRole('textbox', { name: 'Tarif' });
  await amount.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('950000', { delay: 40 });
  await row.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Tarif disimpan.').waitFor();
  await row.getByText('contoh — sesuaikan').waitFor({ state: 'detached' });
  const rates = (await api('finance_get', { event_id: eventId })).rates;
  assert.equal(rates.find((r) => r.kind === 'narasumber' && r.level === 'eselon_3').amount, 950000);

  const bad = outputFile('tarif-rusak.csv');
  writeFileSync(bad, 'Jenis;Tingkat;Uraian;Tarif;Batas\r\nnarasumber;eselon_3;Honor;sembilan ratus ribu;\r\nkonsumsi;;Snack;25000;\r\n');
  await page.getByTestId('rates-import').setInputFiles(bad);
  const errors = page.getByTestId('rates-import-errors');
  await errors.getByText(/Baris 2, kolom Tarif/).waitFor();
  await errors.getByText(/Baris 3, kolom Jenis/).waitFor();
  const after = (await api('finance_get', { event_id: eventId })).rates;
  assert.deepEqual(after, rates, 'the table is unchanged');
  await shot(page, 'finance-rates.png');
  assert.deepEqual(problems, []);
});

test('the keuangan screen fits a 360 px phone', async () => {
  const { page, problems } = await open('/keuangan', { width: 360, height: 740 });
  await honorRow(page, ENRICO).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, 'finance-phone.png');
  assert.deepEqual(problems, []);
});

test('the budget coding and signatories: a wrong NIP is refused beside its field, the rest kept after a fix', async () => {
  const { page, problems } = await open('/keuangan/pengaturan');
  const form = page.getByTestId('finance-settings');
  await form.waitFor();
  const program = page.getByRole('textbox', { name: 'Program', exact: true });
  await program.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Program Penyelenggaraan Persandian', { delay: 25 });
  const nip = page.getByRole('textbox', { name: 'NIP PPTK' });
  await nip.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1978041', { delay: 40 });
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await form.getByText(/^NIP PPTK: /).waitFor();
  assert.equal(await nip.getAttribute('aria-invalid'), 'true');
  let s = (await api('finance_get', { event_id: eventId })).settings;
  assert.equal(s.program, 'Program Informasi dan Komunikasi Publik', 'nothing of the refused change is kept');

  await nip.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('197804122005011004', { delay: 25 });
  await page.getByRole('combobox', { name: 'Pembulatan jam narasumber' }).selectOption('nearest');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await page.getByText('Pengaturan keuangan disimpan.').waitFor();
  s = (await api('finance_get', { event_id: eventId })).settings;
  assert.equal(s.program, 'Program Penyelenggaraan Persandian');
  assert.equal(s.pptk_nip, '19780412 200501 1 004');
  assert.equal(s.hour_rounding, 'nearest');
  // The nearest hour: Enrico's 450 minutes are 8 hours now.
  const enrico = (await api('finance_get', { event_id: eventId })).honor.find((l) => l.name === ENRICO);
  assert.equal(enrico.quantity, 8);
  assert.deepEqual(problems, []);
});
