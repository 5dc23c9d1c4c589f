// The web UI in headless Debian Chromium against the real `bintek serve` on a temp database.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tempDb, outputFile, cli, expectFocus } from './helpers.mjs';
import { startApp } from './fixture.mjs';

const XSS = '<img src=x onerror=alert(1)> Bintek Keamanan Siber';

let server;
let app;
let db;

before(async () => {
  db = tempDb();
  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

const newPage = (viewport) => app.newPage(viewport);

test('create an event through the form and see it in the list', async () => {
  const { page, problems } = await newPage();
  // An empty database opens on the first-run guide (beranda.test.mjs); the list is empty.
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Selamat datang di Bintek' }).waitFor();
  await page.goto(`${server.url}#/kegiatan`);
  await page.getByText('Belum ada kegiatan.').waitFor();
  await page.getByRole('button', { name: '+ Tambah Kegiatan' }).first().click();
  await page.getByRole('heading', { name: 'Tambah Kegiatan' }).waitFor();

  await page.getByLabel('Judul kegiatan').fill('Bimbingan Teknis Pengelolaan Media Sosial');
  await page.getByLabel('Penyelenggara').fill('Dinas Komunikasi dan Informatika Kabupaten Grobogan');
  await page.getByLabel('Tempat').fill('Gedung Riptaloka');
  await page.getByLabel('Kota/Kabupaten').fill('Purwodadi');
  await page.getByLabel('Tanggal mulai').fill('2019-09-17');
  // The form confirms the date in Indonesian as it is typed.
  await page.getByText('Selasa, 17 September 2019').waitFor();
  await page.getByLabel('Tanggal selesai').fill('2019-09-18');
  await page.getByLabel('Jumlah JP').fill('12');
  await page.getByLabel('Dasar hukum').fill('Pasal 7 UU Nomor 14 Tahun 2008\nInpres Nomor 9 Tahun 2015');
  // Enter in a text field saves.
  await page.getByLabel('Judul kegiatan').press('Enter');

  await page.getByText('Data berhasil disimpan.').waitFor();
  const row = page.locator('tbody tr', { hasText: 'Bimbingan Teknis Pengelolaan Media Sosial' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Selasa–Rabu, 17–18 September 2019/);
  assert.match(text, /Gedung Riptaloka/);
  assert.match(text, /12/);
  assert.match(await page.getByTestId('event-count').innerText(), /1 kegiatan/);
  // The first event becomes the active one, shown in the header.
  assert.match(await page.getByTestId('active-event').innerText(), /Bimbingan Teknis Pengelolaan Media Sosial/);

  // It is really in the database the server was given.
  const events = cli(db, 'event', 'list');
  assert.equal(events.length, 1);
  assert.equal(events[0].venue, 'Gedung Riptaloka');
  assert.equal(events[0].legal_basis, 'Pasal 7 UU Nomor 14 Tahun 2008\nInpres Nomor 9 Tahun 2015');

  await page.screenshot({ path: outputFile('browser-events.png') });
  assert.deepEqual(problems, []);
});

test('an empty title shows an inline error and saves nothing', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${server.url}#/kegiatan/baru`);
  await page.getByLabel('Tanggal mulai').fill('2019-09-17');
  await page.getByLabel('Judul kegiatan').fill('   ');
  await page.getByRole('button', { name: 'Simpan' }).click();
  const error = page.locator('#e-title');
  await error.waitFor();
  assert.equal(await error.innerText(), 'Judul kegiatan wajib diisi.');
  assert.equal(await page.getByLabel('Judul kegiatan').getAttribute('aria-invalid'), 'true');
  // Focus goes to the field at fault.
  await expectFocus(page, 'f-title');
  await page.screenshot({ path: outputFile('browser-validation.png') });
  const before = cli(db, 'event', 'list', '--all').length;

  // An error only the server knows (JP out of range) shows next to its field too.
  await page.getByLabel('Judul kegiatan').fill('Bintek Uji JP');
  await page.getByLabel('Jumlah JP').fill('600');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Jumlah JP harus antara 0 dan 500.').waitFor();
  assert.equal(await page.getByLabel('Jumlah JP').getAttribute('aria-invalid'), 'true');
  assert.equal(cli(db, 'event', 'list', '--all').length, before);

  // Escape leaves the form without saving.
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Kegiatan', exact: true }).waitFor();
  assert.equal(cli(db, 'event', 'list', '--all').length, before);
  assert.deepEqual(problems, []);
});

test('a title with markup shows as text, never as HTML', async () => {
  cli(db, 'event', 'create', '--title', XSS, '--start', '2024-05-02', '--venue', 'Aula <b>Utama</b>');
  const { page, problems } = await newPage();
  await page.goto(`${server.url}#/kegiatan`);
  const row = page.locator('tbody tr', { hasText: 'Bintek Keamanan Siber' });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(XSS));
  assert.ok((await row.innerText()).includes('Aula <b>Utama</b>'));
  assert.equal(await page.locator('tbody img').count(), 0);
  assert.equal(await page.locator('tbody b').count(), 0);
  // A one-day event shows its day name.
  assert.match(await row.innerText(), /Kamis, 2 Mei 2024/);
  assert.deepEqual(problems, []);
});

test('edit, archive with undo, and filter', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${server.url}#/kegiatan`);
  const row = page.locator('tbody tr', { hasText: 'Pengelolaan Media Sosial' });
  await row.getByRole('link', { name: 'Ubah' }).click();
  await page.getByRole('heading', { name: 'Ubah Kegiatan' }).waitFor();
  assert.equal(await page.getByLabel('Tempat').inputValue(), 'Gedung Riptaloka');
  await page.getByLabel('Tempat').fill('Pendopo Kabupaten Grobogan');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data berhasil disimpan.').waitFor();
  await row.getByText('Pendopo Kabupaten Grobogan').waitFor();

  // Instant filter with counts.
  await page.getByPlaceholder('Cari judul, tempat, penyelenggara…').fill('siber');
  assert.match(await page.getByTestId('event-count').innerText(), /1 dari 2 kegiatan/);
  await page.getByPlaceholder('Cari judul, tempat, penyelenggara…').fill('');

  await row.getByRole('button', { name: 'Arsipkan' }).click();
  await page.getByText('diarsipkan.').waitFor();
  await row.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Urungkan' }).click();
  await page.locator('tbody tr', { hasText: 'Pengelolaan Media Sosial' }).waitFor();
  const events = cli(db, 'event', 'list');
  assert.equal(events.length, 2);
  assert.deepEqual(problems, []);
});

test('readable on a 360 px desk phone', async () => {
  const { page, problems } = await newPage({ width: 360, height: 740 });
  await page.goto(`${server.url}#/kegiatan`);
  await page.locator('tbody tr').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: outputFile('browser-phone.png') });
  assert.deepEqual(problems, []);
});
