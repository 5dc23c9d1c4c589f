// The Sertifikat screen in headless Debian Chromium against the real `bintek serve` on a
// demo database (both days of attendance: 92 of 120 participants eligible): Kelayakan
// shows who is (not) eligible and why, and an override with a reason makes someone
// eligible; a copied template gets its Name field moved on the live preview and saved,
// and "Pratinjau PDF" downloads a PDF of the active event's data; participant certificates are numbered and printed
// as one PDF through the print job (one page per certificate); a certificate's code is
// SAH in Verifikasi, DICABUT after it is revoked in Daftar, and garbage is TIDAK DIKENAL;
// last, an event of its own made active shows its title and participant in the editor.
// Checked through `bintek call`, pdfinfo and pdftotext.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tempDb, outputFile, cli, waitFor, expectLocatorFocus } from './helpers.mjs';
import { startApp, api as callApi, shot } from './fixture.mjs';

let server;
let app;
let db;
let eventId;

const api = (name, args) => callApi(db, name, args);
const eligibility = () => api('certificate_eligibility', { event_id: eventId });
const certificates = () => api('certificate_list', { event_id: eventId });
const showCode = (c) => `${c.slice(0, 4)}-${c.slice(4)}`;

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
  await page.goto(`${server.url}#${route}`);
  await page.getByRole('heading', { name: 'Sertifikat', exact: true }).waitFor();
  return { page, problems };
}

/** Clicks and returns the download's suggested name and path. */
async function download(page, click, timeout = 30_000) {
  const waiting = page.waitForEvent('download', { timeout });
  await click();
  const file = await waiting;
  return { name: file.suggestedFilename(), path: await file.path() };
}

const pdfPages = (path) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))[1]);
const pdfText = (path) => execFileSync('pdftotext', [path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

test('Kelayakan: who is (not) eligible and why; an override with a reason makes someone eligible', async () => {
  const { page, problems } = await open('/sertifikat');
  const summary = page.getByTestId('eligibility-summary');
  await summary.getByText('92 dari 120 peserta layak').waitFor();
  const table = page.getByTestId('eligibility-table');
  // An eligible participant and the reason, with the attendance as "7/7 (100%)".
  const eligibleRow = table.getByRole('row').filter({ hasText: /memenuhi batas 80%/ }).first();
  assert.match(await eligibleRow.innerText(), /Layak/);
  assert.match(await eligibleRow.innerText(), /\d\/7 \(\d+%\)/);

  // Only the not eligible: 28 participants, each with the reason.
  await page.getByTestId('eligible-filter').selectOption('no');
  await page.getByTestId('eligibility-count').getByText('28 dari 127 orang').waitFor();
  const rows = table.locator('tbody tr');
  assert.equal(await rows.count(), 28);
  for (const text of await rows.allInnerTexts()) {
    assert.match(text, /Tidak layak/);
    assert.match(text, /Hadir \d dari 7 sesi \(\d+%\), kurang dari batas 80%\./);
  }
  await shot(page, 'certificates-eligibility.png');

  // Override the first one with a reason.
  const first = eligibility().find((r) => r.role === 'participant' && !r.eligible);
  await table.getByRole('button', { name: `Luluskan ${first.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Luluskan dengan keputusan panitia' });
  await dialog.waitFor();
  const reason = dialog.getByLabel('Alasan');
  await expectLocatorFocus(reason, 'the reason has the focus');
  // A reason is required, said next to the field.
  await dialog.getByRole('button', { name: 'Luluskan', exact: true }).click();
  await dialog.getByText(/Tuliskan alasannya/).waitFor();
  await reason.fill('Sakit hari kedua, surat keterangan dokter');
  await page.screenshot({ path: outputFile('certificates-override.png') });
  await reason.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText(`${first.name} diluluskan oleh panitia.`).waitFor();
  const after = eligibility().find((r) => r.registration_id === first.registration_id);
  assert.equal(after.eligible, true);
  assert.equal(after.override.eligible, true);
  assert.equal(after.override.reason, 'Sakit hari kedua, surat keterangan dokter');
  await summary.getByText('93 dari 120 peserta layak').waitFor();

  // Shown with the organizer's decision among the overrides.
  await page.getByTestId('eligible-filter').selectOption('override');
  const decided = table.getByRole('row').filter({ hasText: first.name });
  assert.match(await decided.innerText(), /Diluluskan oleh panitia: Sakit hari kedua/);
  await decided.getByRole('button', { name: `Kembalikan ${first.name} ke aturan` }).waitFor();

  // The settings: a live example of the number, and errors next to the field.
  await page.getByRole('button', { name: 'Ubah pengaturan' }).click();
  const pattern = page.getByLabel('Pola nomor', { exact: true });
  await pattern.fill('{seq:4}/SERT/{org}/{year}');
  await page.getByTestId('number-example').getByText('0001/SERT/DISKOMINFO/2019').waitFor();
  await pattern.fill('SERT/{year}');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await waitFor(async () => (await pattern.getAttribute('aria-invalid')) === 'true', 'the pattern marked invalid');
  await page.locator('.error-text', { hasText: 'Pola nomor harus memuat nomor urut {seq} atau {seq:3}.' }).waitFor();
  await page.screenshot({ path: outputFile('certificates-settings.png'), fullPage: true });
  await pattern.press('Escape');
  await page.getByRole('button', { name: 'Ubah pengaturan' }).waitFor();
  assert.equal(api('certificate_settings_get', { event_id: eventId }).number_pattern, '{seq:3}/BIMTEK/{org}/{roman_month}/{year}');
  assert.deepEqual(problems, []);
  await page.close();
});

test('Templat: copy the built-in one, move the Name field on the preview, save; Pratinjau PDF', async () => {
  const { page, problems } = await open('/sertifikat/templat');
  await page.getByRole('button', { name: 'Salin templat bawaan', exact: true }).click();
  await page.getByTestId('template-editor').waitFor();
  await page.waitForURL(/#\/sertifikat\/templat\/[^/]+$/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop());
  assert.notEqual(id, 'bawaan');
  const before = api('certificate_template_get', { id }).fields.find((f) => f.kind.type === 'name');
  assert.equal(before.x_mm, 30);
  assert.equal(before.y_mm, 75);

  // Drag the Name box with the mouse, then nudge it with the keys (Shift: 5 mm).
  const name = page.getByTestId('template-canvas').locator('.fld[data-kind="name"]');
  const box = await name.boundingBox();
  const scale = box.width / 237; // px per mm: the box is 237 mm wide
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 8 * scale, box.y + box.height / 2 + 10 * scale, { steps: 8 });
  await page.mouse.up();
  await expectLocatorFocus(name, 'the dragged field has the focus');
  await name.press('Shift+ArrowRight');
  await name.press('ArrowDown');
  const x = Number(await page.getByLabel('X (mm)').inputValue());
  const y = Number(await page.getByLabel('Y (mm)').inputValue());
  assert.ok(Math.abs(x - 43) <= 1, `x ${x} ≈ 30 + 8 + 5`);
  assert.ok(Math.abs(y - 86) <= 1, `y ${y} ≈ 75 + 10 + 1`);
  await page.getByText('Ada perubahan yang belum disimpan.').waitFor();

  // A size the PDF cannot print is refused, next to the field.
  const size = page.getByLabel('Ukuran (pt)');
  await size.fill('200');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await page.getByTestId('field-props').getByText('Kolom Nama: ukuran huruf harus antara 6 dan 120 pt.').waitFor();
  await page.getByTestId('template-problems').waitFor();
  await size.fill('34');

  await page.getByLabel('Nama templat').fill('Desain Diskominfo 2019');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await page.getByText('Templat berhasil disimpan.').waitFor();
  await page.getByTestId('template-problems').waitFor({ state: 'hidden' });
  const saved = api('certificate_template_get', { id });
  const after = saved.fields.find((f) => f.kind.type === 'name');
  assert.equal(saved.name, 'Desain Diskominfo 2019');
  assert.equal(after.x_mm, x);
  assert.equal(after.y_mm, y);
  assert.notEqual(after.x_mm, before.x_mm);
  assert.notEqual(after.y_mm, before.y_mm);
  await shot(page, 'certificates-template-editor.png');

  const pdf = await download(page, () => page.getByRole('button', { name: 'Pratinjau PDF' }).click());
  assert.equal(pdf.name, 'pratinjau-sertifikat.pdf');
  assert.equal(readFileSync(pdf.path).subarray(0, 4).toString(), '%PDF');
  assert.equal(pdfPages(pdf.path), 1);
  // The active (demo) event's data, its first participant with the first number: no samples.
  const demo = api('event_get', { id: eventId });
  const data = api('certificate_preview_data', { event_id: eventId, template_id: id });
  assert.equal(data.person, 'registration');
  const printed = pdfText(pdf.path).replace(/\s+/g, ' ');
  for (const text of [demo.title, data.certificate.name, data.certificate.number]) {
    assert.ok(printed.includes(text), `${text} in ${printed}`);
  }
  assert.ok(!printed.includes('Siti Aminah'), printed);
  assert.ok(await page.getByTestId('template-canvas').getByText(data.certificate.name, { exact: true }).isVisible());

  // The list shows it.
  await page.getByRole('link', { name: '← Semua templat' }).click();
  const templates = page.getByTestId('template-table');
  await templates.getByRole('link', { name: 'Desain Diskominfo 2019', exact: true }).waitFor();

  // Ekspor gives the .json file; Impor brings it back as a new template; Hapus asks first.
  const json = await download(page, () => templates.getByRole('button', { name: 'Ekspor templat Desain Diskominfo 2019' }).click());
  assert.match(json.name, /\.json$/);
  assert.equal(JSON.parse(readFileSync(json.path, 'utf8')).fields.find((f) => f.kind.type === 'name').x_mm, x);
  await page.getByLabel('Impor berkas templat (.json)').setInputFiles({
    name: 'templat.json',
    mimeType: 'application/json',
    buffer: readFileSync(json.path),
  });
  await page.getByText('Templat "Desain Diskominfo 2019" diimpor.').waitFor();
  await waitFor(async () => (await templates.getByRole('link', { name: 'Desain Diskominfo 2019', exact: true }).count()) === 2, 'two copies');
  assert.equal(api('certificate_template_list', {}).length, 3);
  await shot(page, 'certificates-templates.png');
  await templates.getByRole('button', { name: 'Hapus templat Desain Diskominfo 2019' }).last().click();
  await page.getByRole('dialog', { name: 'Hapus templat?' }).getByRole('button', { name: 'Ya, hapus' }).click();
  await page.getByText(/Templat "Desain Diskominfo 2019" dihapus/).waitFor();
  assert.equal(api('certificate_template_list', {}).length, 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Terbitkan & cetak: numbers for the participants, one PDF through the print job', async () => {
  const { page, problems } = await open('/sertifikat/terbitkan');
  await page.getByRole('radio', { name: /Peserta/ }).check();
  await page.getByRole('button', { name: 'Terbitkan nomor' }).click();
  const result = page.getByTestId('issue-result');
  await result.waitFor();
  const shown = Number(await result.getByTestId('issued-count').innerText());
  const list = certificates().filter((c) => c.role === 'participant' && c.status === 'issued');
  assert.equal(shown, list.length);
  assert.equal(shown, 93);
  assert.match(await result.innerText(), /93 nomor baru/);
  assert.match(await result.innerText(), /27 tidak layak/);

  const waiting = page.waitForEvent('download', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Cetak satu PDF' }).click();
  await page.getByTestId('print-progress').getByText(/dari 93/).waitFor();
  await page.getByRole('button', { name: 'Batalkan' }).waitFor();
  await shot(page, 'certificates-printing.png');
  const file = await waiting;
  const path = await file.path();
  assert.match(file.suggestedFilename(), /^sertifikat-.*\.pdf$/);
  await page.getByText(`Berkas disimpan: ${file.suggestedFilename()}`).waitFor();
  assert.equal(pdfPages(path), list.length);
  const text = pdfText(path).replace(/\s+/g, ' ');
  assert.ok(text.includes(list[0].name), `${list[0].name} in the PDF`);
  assert.ok(text.includes(list[0].number), `${list[0].number} in the PDF`);
  await page.getByTestId('print-progress').waitFor({ state: 'hidden' });
  await shot(page, 'certificates-issued.png');

  // One PDF per person counts up, and Batalkan stops it: no download.
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByRole('button', { name: 'Cetak per orang (ZIP)' }).click();
  const cancel = page.getByTestId('print-progress').getByRole('button', { name: 'Batalkan' });
  await waitFor(() => cancel.isEnabled(), 'Batalkan enabled');
  await cancel.click();
  await page.getByText('Pencetakan sertifikat dibatalkan.').waitFor();
  await page.getByTestId('print-progress').waitFor({ state: 'hidden' });
  assert.equal(downloads, 0);
  await expectLocatorFocus(page.getByRole('button', { name: 'Cetak per orang (ZIP)' }), 'the focus is back on the print button');

  // Judged not eligible after the number was issued: Kelayakan says the certificate still stands.
  const later = list[list.length - 1];
  api('certificate_override', { registration_id: later.registration_id, eligible: false, reason: 'Titip absen' });
  await page.getByRole('link', { name: 'Kelayakan' }).click();
  const row = page.getByRole('row').filter({ hasText: later.number });
  await row.getByText('masih berlaku: cabut di Daftar bila perlu').waitFor();
  await row.getByText('Tidak layak', { exact: true }).waitFor();
  api('certificate_override', { registration_id: later.registration_id, eligible: null, reason: '' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('Verifikasi: SAH, then DICABUT after revoking in Daftar; garbage is TIDAK DIKENAL', async () => {
  const cert = certificates().find((c) => c.role === 'participant' && c.status === 'issued');
  const { page, problems } = await open('/sertifikat/verifikasi');
  const input = page.getByLabel('Pindai QR sertifikat atau ketik kode verifikasi');
  await expectLocatorFocus(input, 'the input has the focus');
  const result = page.getByTestId('verify-result');
  const title = result.getByTestId('verify-title');

  // Typed like a scanner: all keys, then Enter.
  await page.keyboard.type(showCode(cert.code));
  await page.keyboard.press('Enter');
  await title.getByText('SAH', { exact: true }).waitFor();
  assert.ok(await result.evaluate((el) => el.classList.contains('vr-valid')));
  assert.match(await result.innerText(), new RegExp(cert.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(await result.innerText(), new RegExp(cert.number.replace(/[/]/g, '\\/')));
  assert.equal(await input.inputValue(), '');
  await expectLocatorFocus(input, 'the focus stays in the input');
  await page.locator('details.key summary').click();
  await page.getByTestId('public-key').waitFor();
  assert.equal(await page.getByTestId('public-key').inputValue(), api('certificate_public_key', {}).public_key);
  await shot(page, 'certificates-verify-valid.png');

  // Revoke it in Daftar, with a reason.
  await page.getByRole('link', { name: 'Daftar' }).click();
  const table = page.getByTestId('certificate-table');
  await table.waitFor();
  await page.getByPlaceholder('Cari nomor, nama, atau kode verifikasi…').fill(cert.number);
  await page.getByTestId('certificate-count').getByText(/^1 dari 9\d sertifikat$/).waitFor();
  await table.getByRole('button', { name: `Cabut sertifikat ${cert.number} (${cert.name})` }).click();
  const dialog = page.getByRole('dialog', { name: 'Cabut sertifikat?' });
  await dialog.getByLabel('Alasan pencabutan').fill('Salah cetak nama, diganti');
  await dialog.getByLabel('Alasan pencabutan').press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await table.getByText('Alasan: Salah cetak nama, diganti').waitFor();
  const revoked = certificates().find((c) => c.id === cert.id);
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.revoke_reason, 'Salah cetak nama, diganti');
  await page.getByPlaceholder('Cari nomor, nama, atau kode verifikasi…').fill('');
  await shot(page, 'certificates-list.png');

  // The list the agency publishes: every certificate, the revoked one marked, no NIP.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Daftar verifikasi (CSV)' }).click();
  const csvFile = await download;
  assert.match(csvFile.suggestedFilename(), /^verifikasi-sertifikat-.*\.csv$/);
  const csv = readFileSync(await csvFile.path(), 'utf8');
  assert.equal(csv.trim().split(/\r?\n/).length, certificates().length + 1);
  assert.ok(csv.includes(`${revoked.number};`) && csv.includes('dicabut;Salah cetak nama, diganti'), csv.slice(0, 400));
  assert.ok(!/\b\d{18}\b/.test(csv), 'no NIP in the published list');

  // Verify again, the code typed without the dash: DICABUT with the reason.
  await page.getByRole('link', { name: 'Verifikasi' }).click();
  await expectLocatorFocus(input, 'the input has the focus again');
  await input.fill(cert.code.toLowerCase());
  await input.press('Enter');
  await title.getByText('DICABUT', { exact: true }).waitFor();
  assert.ok(await result.evaluate((el) => el.classList.contains('vr-revoked')));
  assert.match(await result.innerText(), /Salah cetak nama, diganti/);
  await shot(page, 'certificates-verify-revoked.png');

  // A forged token and plain garbage.
  await input.fill('BTK1.QUJDREVGR0h8MDAxfE5hbWE.c2lnbmF0dXJl');
  await input.press('Enter');
  await title.getByText('PALSU / DIUBAH', { exact: true }).waitFor();
  assert.ok(await result.evaluate((el) => el.classList.contains('vr-tampered')));
  await input.fill('bukan sertifikat 123');
  await input.press('Enter');
  await title.getByText('TIDAK DIKENAL', { exact: true }).waitFor();
  assert.ok(await result.evaluate((el) => el.classList.contains('vr-unknown')));
  await shot(page, 'certificates-verify-unknown.png');

  // The revocation was a mistake: a replacement with the next number, the old one stays revoked.
  await page.getByRole('link', { name: 'Daftar' }).click();
  await table.waitFor();
  await page.getByPlaceholder('Cari nomor, nama, atau kode verifikasi…').fill(cert.name);
  await table.getByRole('button', { name: `Terbitkan pengganti sertifikat ${cert.number} (${cert.name})` }).click();
  const replace = page.getByRole('dialog', { name: 'Terbitkan sertifikat pengganti?' });
  await replace.getByRole('button', { name: 'Ya, terbitkan pengganti' }).click();
  await replace.waitFor({ state: 'hidden' });
  await table.getByText(`pengganti ${cert.number}`).waitFor();
  const replacement = certificates().find((c) => c.registration_id === cert.registration_id && c.status === 'issued');
  assert.ok(replacement, 'a standing certificate again');
  assert.notEqual(replacement.number, cert.number);
  assert.equal(certificates().find((c) => c.id === cert.id).status, 'revoked');
  assert.equal(
    await table.getByRole('button', { name: `Terbitkan pengganti sertifikat ${cert.number} (${cert.name})` }).count(),
    0,
    'no second replacement offered',
  );
  await shot(page, 'certificates-replaced.png');
  await page.getByRole('link', { name: 'Verifikasi' }).click();
  await input.fill(cert.code);
  await input.press('Enter');
  await title.getByText('DICABUT', { exact: true }).waitFor();
  await result.getByText(replacement.number, { exact: true }).waitFor();
  await input.fill(replacement.code);
  await input.press('Enter');
  await title.getByText('SAH', { exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('Peserta: cancelling someone who holds a certificate says so and revokes it in the same step', async () => {
  const cert = certificates()
    .filter((c) => c.status === 'issued' && c.role === 'participant' && !c.replaces)
    .at(-1);
  assert.ok(cert, 'an issued certificate to work with');
  const { page, problems } = await app.newPage({ width: 1366, height: 800 });
  await page.goto(`${server.url}#/peserta`);
  await page.getByRole('heading', { name: 'Peserta', exact: true }).waitFor();
  await page.getByPlaceholder('Cari nama, NIP, OPD, atau kode…').fill(cert.name);
  await page.getByRole('button', { name: `Batalkan ${cert.name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Batalkan pendaftaran?' });
  const warning = dialog.getByTestId('cancel-certificate');
  await warning.getByText(cert.number, { exact: true }).waitFor();
  const revoke = warning.getByRole('checkbox', { name: new RegExp(`Cabut juga sertifikat ${cert.number}`) });
  assert.equal(await revoke.isChecked(), true, 'offered, ticked');
  await shot(page, 'participants-cancel-certificate.png');
  await dialog.getByLabel('Alasan (opsional)').fill('Mengundurkan diri');
  await dialog.getByRole('button', { name: 'Ya, batalkan' }).click();
  await page.getByText('sertifikatnya dicabut').waitFor();
  const now = certificates().find((c) => c.id === cert.id);
  assert.equal(now.status, 'revoked');
  assert.match(now.revoke_reason, /Pendaftaran dibatalkan: Mengundurkan diri/);
  await page.getByPlaceholder('Cari nama, NIP, OPD, atau kode…').fill('');
  assert.deepEqual(problems, []);
  await page.close();
});

// Last: it adds a second event, after which no event is active by itself.
test("Templat: the editor previews the active event's own title and participant, not the demo's", async () => {
  const title = 'Pelatihan Arsip Digital Desa Tahun 2026';
  const other = api('event_create', { title, start_date: '2026-03-10', end_date: '2026-03-11', city: 'Blora' });
  const person = 'Yohanes Wicaksono, S.Kom.';
  api('participant_add', { event_id: other.id, name: person, opd: 'Dinas Arsip dan Perpustakaan', create_opd: true });
  const demoTitle = api('event_get', { id: eventId }).title;

  const { page, problems } = await app.newPage({ width: 1366, height: 768 });
  await page.goto(`${server.url}#/kegiatan`);
  // Two events: none is active until one is chosen.
  await page.getByRole('button', { name: title }).click();
  await page.getByText(`Kegiatan aktif: ${title}`).waitFor();
  await page.goto(`${server.url}#/sertifikat/templat/bawaan`);
  const canvas = page.getByTestId('template-canvas');
  await canvas.waitFor();
  await canvas.getByText(title).waitFor();
  await canvas.getByText(person, { exact: true }).waitFor();
  await canvas.getByText('Blora, 10–11 Maret 2026').waitFor();
  const shown = await canvas.innerText();
  assert.ok(!shown.includes(demoTitle), shown);
  assert.ok(!shown.includes('Purwodadi'), shown);
  // The kop is the installation's agency profile (the demo set it), not a sample.
  await canvas.getByText('DINAS KOMUNIKASI DAN INFORMATIKA').waitFor();
  // What the event has not set yet is a sample, and said so.
  const note = page.getByTestId('preview-data');
  await note.getByText(title).waitFor();
  assert.match(await note.innerText(), /Contoh data: .*penanda tangan/);
  assert.doesNotMatch(await note.innerText(), /kop instansi/);
  await page.screenshot({ path: outputFile('certificates-template-event.png') });

  // "Pratinjau PDF" prints the same event's data.
  const pdf = await download(page, () => page.getByRole('button', { name: 'Pratinjau PDF' }).click());
  const printed = pdfText(pdf.path).replace(/\s+/g, ' ');
  assert.ok(printed.includes(title) && printed.includes(person), printed);
  assert.ok(!printed.includes('Grobogan'), printed);
  assert.deepEqual(problems, []);
  await page.close();
});
