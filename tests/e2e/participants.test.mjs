// The Peserta screen in headless Debian Chromium against the real `bintek serve` on a
// temp database: list and instant search, the add form with its live NIP decoding, Api
// errors next to their fields, markup shown as text, substitution, cancel with undo,
// quotas, the import wizard and the export. Seeded with the CLI, checked with the CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDb, outputFile, cli, ROOT, EXE, expectFocus } from './helpers.mjs';
import { startApp } from './fixture.mjs';

const EVENT = 'Bimbingan Teknis Pengelolaan Media Sosial';
const KOMINFO = 'Dinas Komunikasi dan Informatika';
const BAPPEDA = 'Badan Perencanaan Pembangunan Daerah';
const XSS = '<img src=x onerror=alert(1)> Rudi';

let server;
let app;
let db;
let eventId;

before(async () => {
  db = tempDb();
  eventId = cli(db, 'event', 'create', '--title', EVENT, '--start', '2019-09-17', '--end', '2019-09-18').id;
  const add = (...args) => cli(db, 'participant', 'add', '--event', eventId, ...args);
  add('--name', 'Drs. H. Moh. Sumarsono, M.Si.', '--nip', '196503121990031005', '--opd', KOMINFO, '--opd-baru',
    '--position', 'Kepala Dinas', '--rank', 'Pembina Utama Muda / IV/c');
  add('--name', 'Bambang Riyadi', '--nip', '197011231995031002', '--opd', KOMINFO, '--opd-baru', '--position', 'Kepala Seksi');
  add('--name', 'Siti Aminah, S.Kom.', '--nip', '198807152010012003', '--opd', BAPPEDA, '--opd-baru', '--position', 'Perencana Ahli Muda');
  add('--name', 'Dr. Retno Wulandari', '--role', 'speaker');

  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

const newPage = (viewport) => app.newPage(viewport);

/** Once an answer has reached the page: waits for the page's next rendered frame and the
 * task after it, by which the UI has shown (or left out) what the answer held. The form
 * has no "no suggestion" text to wait for instead. */
async function afterAnswer(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
}

/** Opens the app (its single event becomes the active one), then Peserta. */
async function openPeserta(viewport) {
  const { page, problems } = await newPage(viewport);
  await page.goto(server.url);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Peserta' }).click();
  await page.getByRole('heading', { name: 'Peserta', exact: true }).waitFor();
  return { page, problems };
}

const rowOf = (page, text) => page.locator('[data-testid=participant-table] tbody tr', { hasText: text });
const count = (page) => page.getByTestId('participant-count').innerText();
const listed = () => cli(db, 'participant', 'list', '--event', eventId);

test('with one event it is chosen by itself; with several the screen says where to choose', async () => {
  // A fresh browser with a single current event: nothing to choose.
  let { page, problems } = await newPage();
  await page.goto(`${server.url}#/peserta`);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await rowOf(page, 'Sumarsono').waitFor();
  assert.deepEqual(problems, []);

  // Two current events and none chosen yet: the screen says where to choose.
  const other = cli(db, 'event', 'create', '--title', 'Bintek Arsip Dinamis', '--start', '2019-10-01').id;
  try {
    ({ page, problems } = await newPage());
    await page.goto(`${server.url}#/peserta`);
    await page.getByText('Pilih kegiatan aktif terlebih dahulu di menu Kegiatan.').waitFor();
    await page.screenshot({ path: outputFile('participants-no-event.png') });
    await page.getByRole('button', { name: 'Buka menu Kegiatan' }).click();
    await page.getByRole('heading', { name: 'Kegiatan', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    cli(db, 'event', 'archive', other);
  }
});

test('the list shows the seeded people and instant search narrows it', async () => {
  const { page, problems } = await openPeserta();
  await rowOf(page, 'Sumarsono').waitFor();
  assert.match(await count(page), /^4 orang/);
  // NIP as Indonesians write it, position over rank, OPD, role badge for the speaker.
  const row = await rowOf(page, 'Sumarsono').innerText();
  assert.match(row, /19650312 199003 1 005/);
  assert.match(row, /Kepala Dinas/);
  assert.match(row, /Pembina Utama Muda \/ IV\/c/);
  // The OPD by its short name: added from the CLI, it got the well-known "Diskominfo".
  assert.match(row, /Diskominfo/);
  assert.match(await rowOf(page, 'Retno').innerText(), /Narasumber/);
  await page.screenshot({ path: outputFile('participants-list.png') });

  const search = page.getByPlaceholder('Cari nama, NIP, OPD, atau kode…');
  await search.fill('retno');
  assert.equal(await count(page), '1 dari 4 orang');
  await rowOf(page, 'Retno').waitFor();
  // NIP digits, also as written with spaces.
  await search.fill('19880715');
  assert.equal(await count(page), '1 dari 4 orang');
  await rowOf(page, 'Siti Aminah').waitFor();
  await search.fill('19701123 199503');
  await rowOf(page, 'Bambang').waitFor();
  assert.equal(await page.locator('[data-testid=participant-table] tbody tr').count(), 1);
  // The OPD name and the check-in code.
  await search.fill('komunikasi');
  assert.equal(await count(page), '2 dari 4 orang');
  const code = listed().find((p) => p.name === 'Siti Aminah, S.Kom.').code;
  await search.fill(code.toLowerCase());
  await rowOf(page, 'Siti Aminah').waitFor();
  assert.equal(await count(page), '1 dari 4 orang');
  // Escape clears the search; the role filter narrows too.
  await search.press('Escape');
  assert.match(await count(page), /^4 orang/);
  await page.getByLabel('Saring menurut peran').selectOption('speaker');
  assert.equal(await count(page), '1 dari 4 orang');
  await page.getByLabel('Saring menurut peran').selectOption('');
  assert.deepEqual(problems, []);
});

test('adding a person through the form decodes the NIP live', async () => {
  const { page, problems } = await openPeserta();
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await page.getByRole('heading', { name: 'Tambah peserta' }).waitFor();
  // The name field has the focus.
  await expectFocus(page, 'p-name');
  await page.getByLabel('Nama lengkap').fill('Ir. Agus Setiawan, M.T.');
  const nip = page.getByLabel('NIP', { exact: true });
  await nip.fill('1975081720001210');
  await page.getByText('NIP terdiri dari 18 digit; yang diketik 16 digit.').waitFor();
  await nip.fill('19750817 200012 1 001');
  await page.getByText('Lahir: Minggu, 17 Agustus 1975 · Laki-laki · Diangkat Desember 2000').waitFor();
  assert.match(await page.getByLabel('Jenis kelamin').innerText(), /Otomatis dari NIP \(Laki-laki\)/);
  await page.getByLabel('Pangkat/Golongan').fill('Penata Tingkat I / III/d');
  await page.getByLabel('Jabatan').fill('Kepala Bidang Aplikasi Informatika');
  await page.getByLabel('OPD').fill(KOMINFO);
  await page.getByLabel('No. HP/WA').fill('0812 3456 7890');
  await page.screenshot({ path: outputFile('participants-form.png') });
  // Enter in a text field saves.
  await page.getByLabel('Jabatan').press('Enter');

  await page.getByText('Data berhasil disimpan.').waitFor();
  const row = rowOf(page, 'Agus Setiawan');
  await row.waitFor();
  assert.match(await row.innerText(), /19750817 200012 1 001/);
  assert.match(await count(page), /^5 orang/);
  const saved = listed().find((p) => p.name === 'Ir. Agus Setiawan, M.T.');
  assert.equal(saved.nip, '197508172000121001');
  assert.equal(saved.gender, 'L');
  assert.equal(saved.phone, '+6281234567890');
  assert.equal(saved.opd, KOMINFO);
  assert.deepEqual(problems, []);
});

test('a person from an earlier event can be picked instead of typed again', async () => {
  // An archived event keeps the current one the only choice on the Kegiatan screen.
  const earlier = cli(db, 'event', 'create', '--title', 'Bintek Kearsipan 2018', '--start', '2018-04-10').id;
  const wahyu = cli(db, 'participant', 'add', '--event', earlier, '--name', 'Wahyu Hidayat, S.Sos.',
    '--nip', '198104222006041004', '--opd', BAPPEDA, '--opd-baru', '--position', 'Arsiparis').person_id;
  cli(db, 'event', 'archive', earlier);

  const { page, problems } = await openPeserta();
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  // People already registered here are not suggested.
  const pick = page.getByRole('group', { name: 'Data yang pernah tercatat' });
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/person_search') && JSON.parse(r.request().postData() ?? '{}').q === 'Siti Ami',
  );
  await page.getByLabel('Nama lengkap').fill('Siti Ami');
  // The search has answered, and with her: she is left out because she is registered
  // here, not because the answer has not come yet.
  const found = await (await answered).json();
  assert.ok(found.some((p) => p.name === 'Siti Aminah, S.Kom.'), JSON.stringify(found));
  await afterAnswer(page);
  assert.equal(await pick.count(), 0);
  await page.getByLabel('Nama lengkap').fill('wahyu hid');
  await pick.getByText('Wahyu Hidayat, S.Sos.').waitFor();
  await pick.getByRole('button', { name: 'Pakai data ini' }).click();
  assert.equal(await page.getByLabel('NIP', { exact: true }).inputValue(), '19810422 200604 1 004');
  assert.equal(await page.getByLabel('Jabatan').inputValue(), 'Arsiparis');
  assert.equal(await page.getByLabel('OPD').inputValue(), BAPPEDA);
  await page.getByLabel('Jabatan').press('Enter');
  await rowOf(page, 'Wahyu Hidayat').waitFor();
  // The same person, registered in a second event.
  assert.equal(listed().find((p) => p.name === 'Wahyu Hidayat, S.Sos.').person_id, wahyu);
  assert.deepEqual(problems, []);
});

test('an invalid NIP shows the Api message next to the field and saves nothing', async () => {
  const { page, problems } = await openPeserta();
  const before = listed().length;
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await page.getByLabel('Nama lengkap').fill('Uji NIP Salah');
  const nip = page.getByLabel('NIP', { exact: true });
  await nip.fill('196513121990031005');
  // The gentle hint while typing…
  await page.getByText('8 digit pertama (19651312) bukan tanggal lahir yang benar.').waitFor();
  await page.getByRole('button', { name: 'Simpan' }).click();
  // …and the Api's own message once saved, tied to the field.
  const error = page.locator('#e-nip');
  await error.waitFor();
  assert.match(await error.innerText(), /NIP "196513121990031005" tidak valid/);
  assert.equal(await nip.getAttribute('aria-invalid'), 'true');
  assert.equal(await nip.getAttribute('aria-describedby'), 'e-nip');
  await expectFocus(page, 'p-nip');
  await page.screenshot({ path: outputFile('participants-validation.png') });
  assert.equal(listed().length, before);

  // The NIP of someone already registered: a conflict next to the NIP, with the stored name.
  await nip.fill('196503121990031005');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.locator('#e-nip', { hasText: 'sudah terdaftar di kegiatan ini' }).waitFor();
  assert.match(await page.locator('#e-nip').innerText(), /^Drs\. H\. Moh\. Sumarsono, M\.Si\. sudah terdaftar/);
  assert.equal(listed().length, before);
  assert.ok(listed().some((p) => p.name === 'Drs. H. Moh. Sumarsono, M.Si.'), 'nothing renamed');

  // Escape leaves the form without saving.
  await page.keyboard.press('Escape');
  await rowOf(page, 'Sumarsono').waitFor();
  assert.equal(listed().length, before);
  assert.deepEqual(problems, []);
});

test('a name with markup shows as text, never as HTML', async () => {
  cli(db, 'participant', 'add', '--event', eventId, '--name', XSS, '--opd', '<b>Dinas</b> Uji', '--opd-baru');
  const { page, problems } = await openPeserta();
  const row = rowOf(page, 'Rudi');
  await row.waitFor();
  assert.ok((await row.innerText()).includes(XSS));
  assert.ok((await row.innerText()).includes('<b>Dinas</b> Uji'));
  assert.equal(await page.locator('[data-testid=participant-table] img').count(), 0);
  assert.equal(await page.locator('[data-testid=participant-table] b').count(), 0);
  // The edit form shows it as text too.
  await row.getByRole('link', { name: 'Ubah' }).click();
  await page.getByRole('heading', { name: 'Ubah data peserta' }).waitFor();
  assert.equal(await page.getByLabel('Nama lengkap').inputValue(), XSS);
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(problems, []);
});

test('edit keeps the NIK that the list masks', async () => {
  const id = cli(db, 'participant', 'add', '--event', eventId, '--name', 'Dewi Lestari', '--nik', '3315015507900001', '--opd', BAPPEDA, '--opd-baru').id;
  const { page, problems } = await openPeserta();
  await rowOf(page, 'Dewi Lestari').getByRole('link', { name: 'Ubah' }).click();
  await page.getByRole('heading', { name: 'Ubah data peserta' }).waitFor();
  assert.equal(await page.getByLabel('NIK').inputValue(), '3315015507900001');
  await page.getByLabel('Jabatan').fill('Analis Kebijakan');
  await page.getByLabel('Jabatan').press('Enter');
  await page.getByText('Data berhasil disimpan.').waitFor();
  await rowOf(page, 'Analis Kebijakan').waitFor();
  const full = cli(db, 'participant', 'list', '--event', eventId, '--reveal-nik').find((p) => p.id === id);
  assert.equal(full.nik, '3315015507900001');
  assert.equal(full.position, 'Analis Kebijakan');
  assert.deepEqual(problems, []);
});

test('substitution shows the new person and the old one as Digantikan', async () => {
  const { page, problems } = await openPeserta();
  await rowOf(page, 'Bambang Riyadi').getByRole('link', { name: 'Ganti' }).click();
  await page.getByRole('heading', { name: 'Ganti peserta: Bambang Riyadi' }).waitFor();
  // The substitute comes from the same OPD unless changed.
  assert.equal(await page.getByLabel('OPD').inputValue(), KOMINFO);
  await page.getByLabel('Nama pengganti').fill('Rina Marlina, S.E.');
  await page.getByLabel('NIP', { exact: true }).fill('199002102015032001');
  await page.getByText('Lahir: Sabtu, 10 Februari 1990 · Perempuan · Diangkat Maret 2015').waitFor();
  await page.getByLabel('Jabatan').fill('Pranata Humas');
  await page.screenshot({ path: outputFile('participants-substitute.png') });
  await page.getByRole('button', { name: 'Simpan pengganti' }).click();

  await page.getByText('Bambang Riyadi digantikan oleh Rina Marlina, S.E.').waitFor();
  const fresh = rowOf(page, 'menggantikan Bambang Riyadi');
  await fresh.waitFor();
  assert.match(await fresh.innerText(), /Rina Marlina, S\.E\./);
  const old = rowOf(page, 'Bambang Riyadi').filter({ hasText: 'Digantikan' });
  await old.waitFor();
  assert.match(await old.innerText(), /digantikan oleh Rina Marlina, S\.E\./);
  assert.match((await old.getAttribute('class')) ?? '', /inactive/);
  // A replaced registration offers neither Ganti nor Batalkan.
  assert.equal(await old.getByRole('link', { name: 'Ganti' }).count(), 0);

  const rows = listed();
  assert.equal(rows.find((p) => p.name === 'Bambang Riyadi').status, 'replaced');
  const rina = rows.find((p) => p.name === 'Rina Marlina, S.E.');
  assert.equal(rina.status, 'registered');
  assert.equal(rina.opd, KOMINFO);
  assert.equal(rina.replaces_name, 'Bambang Riyadi');
  assert.deepEqual(problems, []);
});

test('cancel asks first and can be undone', async () => {
  const { page, problems } = await openPeserta();
  await rowOf(page, 'Siti Aminah').getByRole('button', { name: 'Batalkan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Batalkan pendaftaran?' });
  await dialog.waitFor();
  // Escape closes the dialog without cancelling anything.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(listed().find((p) => p.name === 'Siti Aminah, S.Kom.').status, 'registered');

  await rowOf(page, 'Siti Aminah').getByRole('button', { name: 'Batalkan' }).click();
  await dialog.getByLabel('Alasan (opsional)').fill('Berhalangan hadir');
  await page.screenshot({ path: outputFile('participants-cancel.png') });
  await dialog.getByRole('button', { name: 'Ya, batalkan' }).click();
  await page.getByText('Pendaftaran Siti Aminah, S.Kom. dibatalkan.').waitFor();
  await rowOf(page, 'Siti Aminah').filter({ hasText: 'Dibatalkan' }).waitFor();
  assert.equal(listed().find((p) => p.name === 'Siti Aminah, S.Kom.').status, 'cancelled');

  await page.getByRole('button', { name: 'Urungkan' }).click();
  await rowOf(page, 'Siti Aminah').getByRole('button', { name: 'Batalkan' }).waitFor();
  assert.equal(listed().find((p) => p.name === 'Siti Aminah, S.Kom.').status, 'registered');
  assert.deepEqual(problems, []);
});

test('OPD & kuota: setting a quota shows registered against it', async () => {
  const { page, problems } = await openPeserta();
  await page.getByRole('link', { name: 'OPD & kuota' }).click();
  const kominfo = page.locator('[data-testid=opd-table] tbody tr', { hasText: KOMINFO });
  await kominfo.waitFor();
  const quota = page.getByLabel(`Kuota ${KOMINFO}`);
  await quota.fill('2');
  await quota.press('Enter');
  await page.getByText(`Kuota ${KOMINFO}: 2 orang.`).waitFor();
  // Sumarsono, Agus and Rina; Bambang was replaced.
  await kominfo.getByText('3 dari 2 · lebih 1').waitFor();
  assert.match((await kominfo.getAttribute('class')) ?? '', /over/);

  // Saved when the field loses focus, too.
  const bappeda = page.locator('[data-testid=opd-table] tbody tr', { hasText: BAPPEDA });
  await page.getByLabel(`Kuota ${BAPPEDA}`).fill('5');
  await page.getByPlaceholder('Cari nama OPD, singkatan, atau alias…').click();
  await bappeda.getByText('3 dari 5 · sisa 2').waitFor();
  await page.screenshot({ path: outputFile('participants-opd.png') });

  const rows = cli(db, 'call', 'quota_list', JSON.stringify({ event_id: eventId }));
  const k = rows.find((r) => r.opd === KOMINFO);
  assert.deepEqual([k.quota, k.registered, k.over], [2, 3, true]);
  assert.equal(rows.find((r) => r.opd === BAPPEDA).quota, 5);

  // An invalid quota stays next to its field.
  await quota.fill('-3');
  await quota.press('Enter');
  await kominfo.getByText('Kuota harus bilangan bulat 0 sampai 10.000, atau kosong.').waitFor();
  assert.equal(await quota.getAttribute('aria-invalid'), 'true');
  await quota.press('Escape');
  assert.equal(await quota.inputValue(), '2');
  assert.deepEqual(problems, []);
});

test('OPD & kuota: add an OPD, an alias, and merge with a confirmation', async () => {
  const { page, problems } = await openPeserta();
  await page.getByRole('link', { name: 'OPD & kuota' }).click();
  await page.getByRole('button', { name: '+ Tambah OPD' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nama OPD').fill('Diskominfo Grobogan');
  await dialog.getByLabel('Nama OPD').press('Enter');
  await page.getByText('OPD Diskominfo Grobogan ditambahkan.').waitFor();
  const dup = page.locator('[data-testid=opd-table] tbody tr', { hasText: 'Diskominfo Grobogan' });
  await dup.getByRole('button', { name: 'Tambah alias' }).click();
  await dialog.getByLabel('Alias').fill('Kominfo GBG');
  await dialog.getByLabel('Alias').press('Enter');
  await dup.getByText('Alias: Kominfo GBG').waitFor();

  await dup.getByRole('button', { name: 'Gabungkan' }).click();
  // Added from a form, the OPD got its well-known short name.
  await dialog.getByLabel('Gabungkan ke').selectOption({ label: `${KOMINFO} (Diskominfo)` });
  assert.match(await dialog.getByTestId('merge-summary').innerText(), /dipindahkan ke Dinas Komunikasi dan Informatika/);
  await page.screenshot({ path: outputFile('participants-merge.png') });
  await dialog.getByRole('button', { name: 'Gabungkan' }).click();
  await page.getByText(`Diskominfo Grobogan digabungkan ke ${KOMINFO}.`).waitFor();
  // Its names live on as aliases of the OPD it went into.
  const kominfo = page.locator('[data-testid=opd-table] tbody tr', { hasText: KOMINFO });
  await kominfo.getByText(/Alias: .*Diskominfo Grobogan/).waitFor();
  assert.equal(await page.locator('[data-testid=opd-table] tbody strong', { hasText: /^Diskominfo Grobogan$/ }).count(), 0);
  const opds = cli(db, 'opd', 'list');
  assert.ok(!opds.some((o) => o.name === 'Diskominfo Grobogan'));
  assert.ok(opds.find((o) => o.name === KOMINFO).aliases.includes('Kominfo GBG'));
  assert.deepEqual(problems, []);
});

// ---- import and export --------------------------------------------------------------

/** A list as an OPD sends it: title rows, a header, data, a bad NIP, totals, sign-off.
 * CSV with `;` and a UTF-8 BOM, as Indonesian Excel writes it. */
function opdListCsv() {
  const lines = [
    'DAFTAR PESERTA BIMBINGAN TEKNIS;;;;',
    'DINAS PERTANIAN KABUPATEN GROBOGAN;;;;',
    ';;;;',
    'No;Nama Lengkap;NIP;Jabatan;Unit Kerja',
    "1;Joko Susilo, S.P.;'198001012005011001;Penyuluh Pertanian;Dinas Pertanian",
    "2;Sri Wahyuni;'198502142010012002;Analis Tanaman;Dinas Pertanian",
    '3;Heru Prasetyo;1.98E+17;Pengawas Benih;Dinas Pertanian',
    ';Jumlah;3;;',
    ';Mengetahui,;;;',
  ];
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

test('import wizard: preview, mapping, rejected rows, then import', async () => {
  const { page, problems } = await openPeserta();
  const before = listed().length;
  await page.getByRole('button', { name: 'Impor dari Excel' }).click();
  await page.getByRole('heading', { name: '1. Pilih berkas' }).waitFor();
  await page.screenshot({ path: outputFile('participants-import-start.png') });
  await page.getByLabel('Pilih berkas').setInputFiles({
    name: 'peserta-distan.csv',
    mimeType: 'text/csv',
    buffer: opdListCsv(),
  });
  // The dry run finds the header under the title rows and maps the columns.
  const mapping = page.getByTestId('import-mapping');
  await mapping.waitFor();
  assert.equal(await page.getByLabel('Baris judul kolom').inputValue(), '4');
  assert.equal(await page.getByLabel('Kolom B diisi ke').inputValue(), 'name');
  assert.equal(await page.getByLabel('Kolom C diisi ke').inputValue(), 'nip');
  // The rounded NIP is rejected with a reason; nothing is written yet.
  const errors = page.getByTestId('import-errors');
  await errors.waitFor();
  assert.match(await errors.innerText(), /Heru|1\.98E\+17/);
  assert.equal(listed().length, before);
  // The rejected rows come back as a workbook with the reason, to send back to the OPD.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Unduh baris yang ditolak (.xlsx)' }).click();
  const rejects = await download;
  assert.match(rejects.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await rejects.path()).subarray(0, 2).toString(), 'PK');
  await page.getByText(`Berkas disimpan: ${rejects.suggestedFilename()}`).waitFor();
  await page.screenshot({ path: outputFile('participants-import.png'), fullPage: true });

  // Ignoring the position column re-runs the preview.
  const rerun = page.waitForResponse((r) => r.url().endsWith('/api/participant_import'));
  await page.getByLabel('Kolom D diisi ke').selectOption('');
  await rerun;
  await page.locator('.busy').waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Kolom D diisi ke').inputValue(), '');

  const go = page.getByRole('button', { name: /^Impor \d+ peserta$/ });
  const n = Number(/Impor (\d+)/.exec(await go.innerText())[1]);
  assert.equal(n, 2);
  await go.click();
  await page.getByTestId('import-done').waitFor();
  await page.screenshot({ path: outputFile('participants-import-done.png') });
  await page.getByRole('button', { name: 'Lihat daftar peserta' }).click();
  await rowOf(page, 'Joko Susilo').waitFor();
  const rows = listed();
  assert.equal(rows.length, before + 2);
  const joko = rows.find((p) => p.name === 'Joko Susilo, S.P.');
  assert.equal(joko.nip, '198001012005011001');
  assert.equal(joko.position, null);
  assert.deepEqual(problems, []);
});

test('export downloads the list, NIK masked unless asked for', async () => {
  const { page, problems } = await openPeserta();
  await page.getByRole('button', { name: 'Ekspor' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ekspor daftar peserta' });
  await dialog.getByLabel('CSV (.csv, pemisah titik koma)').check();
  let download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Unduh' }).click();
  let file = await download;
  assert.match(file.suggestedFilename(), /\.csv$/);
  let text = readFileSync(await file.path(), 'utf8');
  assert.match(text, /Dewi Lestari/);
  assert.ok(!text.includes('3315015507900001'), 'NIK must be masked by default');
  await page.getByText(`Berkas disimpan: ${file.suggestedFilename()}`).waitFor();

  await page.getByRole('button', { name: 'Ekspor' }).click();
  await dialog.getByLabel('CSV (.csv, pemisah titik koma)').check();
  await dialog.getByLabel('Sertakan NIK lengkap').check();
  await dialog.getByText('NIK adalah data pribadi').waitFor();
  await page.screenshot({ path: outputFile('participants-export.png') });
  download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Unduh' }).click();
  file = await download;
  text = readFileSync(await file.path(), 'utf8');
  assert.ok(text.includes('3315015507900001'), 'NIK in full when asked for');
  assert.deepEqual(problems, []);
});

test('Cetak kartu prints the people the filtered list shows; narasumber get a card too', async () => {
  const add = (...args) => cli(db, 'participant', 'add', '--event', eventId, ...args);
  add('--name', 'Kartika Sari Dewi', '--opd', BAPPEDA, '--opd-baru');
  add('--name', 'Ir. Bonifasius Wicaksono', '--role', 'speaker');
  const pdfText = (path) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  const { page, problems } = await openPeserta();
  const search = page.getByPlaceholder('Cari nama, NIP, OPD, atau kode…');
  await search.fill('');

  // Unfiltered: everyone registered, the narasumber included.
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Cetak kartu', exact: true }).click();
  let text = pdfText(await (await download).path());
  assert.match(text, /Kartika Sari Dewi/);
  assert.match(text, /Ir\. Bonifasius Wicaksono/);
  assert.match(text, /NARASUMBER/);

  // Filtered to one person: that person's card only.
  await search.fill('kartika');
  const button = page.getByRole('button', { name: 'Cetak kartu (1)' });
  await button.waitFor();
  download = page.waitForEvent('download');
  await button.click();
  text = pdfText(await (await download).path());
  assert.match(text, /Kartika Sari Dewi/);
  assert.ok(!/Bonifasius|Retno/.test(text), text);
  await search.fill('');
  await page.getByRole('button', { name: 'Cetak kartu', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

// ---- small screens ------------------------------------------------------------------

test('usable on a 360 px desk phone', async () => {
  const { page, problems } = await openPeserta({ width: 360, height: 740 });
  await rowOf(page, 'Sumarsono').waitFor();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok((await overflow()) <= 0, `list is ${await overflow()}px wider than the screen`);
  await page.screenshot({ path: outputFile('participants-phone.png') });
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await page.getByLabel('NIP', { exact: true }).fill('196503121990031005');
  await page.getByText('Lahir: Jumat, 12 Maret 1965').waitFor();
  assert.ok((await overflow()) <= 0, `form is ${await overflow()}px wider than the screen`);
  await page.screenshot({ path: outputFile('participants-phone-form.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'OPD & kuota' }).click();
  await page.getByTestId('opd-table').waitFor();
  assert.ok((await overflow()) <= 0, `OPD tab is ${await overflow()}px wider than the screen`);
  await page.screenshot({ path: outputFile('participants-phone-opd.png') });
  assert.deepEqual(problems, []);
});

test('import wizard with a messy OPD workbook, then find a person by part of the name', async () => {
  // The generated fixtures of tests/fixtures/messy.rs (built by `cargo test`).
  const dir = mkdtempSync(join(tmpdir(), 'bintek-fixtures-'));
  execFileSync(join(ROOT, 'target', 'debug', 'examples', `make_fixtures${EXE}`), [dir]);
  const { page, problems } = await openPeserta();
  await page.getByRole('button', { name: 'Impor dari Excel' }).click();
  await page.getByLabel('Pilih berkas').setInputFiles(join(dir, 'peserta-diskominfo.xlsx'));
  await page.getByTestId('import-mapping').waitFor();
  // Title rows, a merged title and a column-number row: the header is row 5.
  assert.equal(await page.getByLabel('Baris judul kolom').inputValue(), '5');
  const errors = page.getByTestId('import-errors');
  await errors.waitFor();
  const text = await errors.innerText();
  for (const row of ['9', '14', '15']) {
    assert.match(text, new RegExp(`(^|\\s)${row}\\s`), `row ${row} is listed`);
  }
  assert.match(text, /tersimpan sebagai angka/);
  // Fix nothing: import the valid rows.
  const go = page.getByRole('button', { name: /^Impor \d+ peserta$/ });
  await go.click();
  await page.getByTestId('import-done').waitFor();
  await page.getByRole('button', { name: 'Lihat daftar peserta' }).click();
  const search = page.getByPlaceholder('Cari nama, NIP, OPD, atau kode…');
  await search.fill('setiawan');
  await rowOf(page, 'Agus Setiawan, S.E.').waitFor();
  await search.fill('wahyuni, s.k');
  await rowOf(page, 'Sri Wahyuni, S.Kom.').waitFor();
  assert.equal(await page.locator('[data-testid=participant-table] tbody tr').count(), 1);
  // Markup from the file is text.
  assert.equal(await page.locator('[data-testid=participant-table] img').count(), 0);
  await page.screenshot({ path: outputFile('participants-import-xlsx.png') });
  assert.deepEqual(problems, []);
});

test('typing a short OPD name suggests the OPD and creates nothing; a new OPD is asked about first', async () => {
  const opds = () => cli(db, 'call', 'opd_list');
  const before = opds().length;
  const { page, problems } = await openPeserta();
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await page.getByRole('heading', { name: 'Tambah peserta' }).waitFor();
  await page.getByLabel('Nama lengkap').fill('Rizky Pratama, S.Kom.');
  // Issue 14.7: "Diskominfo" typed at human speed finds Dinas Komunikasi dan Informatika.
  const opd = page.getByRole('combobox', { name: 'OPD' });
  await opd.click();
  await opd.pressSequentially('Diskominfo', { delay: 90 });
  const option = page.getByRole('option', { name: new RegExp(KOMINFO) });
  await option.waitFor();
  assert.equal(await opd.getAttribute('aria-expanded'), 'true');
  await page.screenshot({ path: outputFile('participants-opd-suggest.png') });
  // Keyboard: the first suggestion is active; Enter picks it (and does not save yet).
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  await opd.press('Enter');
  assert.equal(await opd.inputValue(), KOMINFO);
  await page.getByRole('heading', { name: 'Tambah peserta' }).waitFor();
  await opd.press('Enter');
  await rowOf(page, 'Rizky Pratama').waitFor();
  let saved = listed().find((p) => p.name === 'Rizky Pratama, S.Kom.');
  assert.equal(saved.opd, KOMINFO);
  assert.equal(opds().length, before, 'no OPD was added');

  // An OPD that matches none: the form asks, saves nothing until confirmed.
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await page.getByRole('heading', { name: 'Tambah peserta' }).waitFor();
  await page.getByLabel('Nama lengkap').fill('Yanti Susanti');
  await opd.click();
  await opd.pressSequentially('Kantor Arsip Daerah', { delay: 40 });
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const ask = page.getByTestId('opd-ask');
  await ask.getByText('OPD "Kantor Arsip Daerah" belum terdaftar. Tambahkan sebagai OPD baru?').waitFor();
  await page.screenshot({ path: outputFile('participants-opd-ask.png') });
  assert.equal(listed().find((p) => p.name === 'Yanti Susanti'), undefined, 'nothing saved yet');
  assert.equal(opds().length, before);
  await ask.getByRole('button', { name: 'Ya, tambahkan OPD baru' }).click();
  await rowOf(page, 'Yanti Susanti').waitFor();
  saved = listed().find((p) => p.name === 'Yanti Susanti');
  assert.equal(saved.opd, 'Kantor Arsip Daerah');
  assert.equal(opds().length, before + 1);
  assert.deepEqual(problems, []);
});
