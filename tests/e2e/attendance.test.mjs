// The Kehadiran (check-in desk) screen in headless Debian Chromium against the real
// `bintek serve` on a temp database: the clock picks today's session, a partial name +
// Enter checks in (green), the same person's code typed like a scanner is "sudah hadir"
// (amber), an unknown code is refused (red), the counts follow, any check-in can be undone
// from its row, a person's history names the desks, the belum hadir list checks people in
// with one click, arrow keys pick another result, a walk-in registers and checks in, markup
// in a name stays text, full screen hides the menu, a 360 px phone does not overflow, and the
// Cetak panel saves the daftar hadir (blank and filled), the recap and the badges.
// Seeded with the CLI, checked through `bintek call`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tempDb, outputFile, cli, waitFor, expectLocatorFocus } from './helpers.mjs';
import { startApp, api as callApi, today, shot } from './fixture.mjs';

const EVENT = 'Bimbingan Teknis Tata Kelola Arsip Dinamis';
const XSS = '<img src=x onerror=alert(1)> Rudi';
const BAMBANG = 'Drs. Bambang Riyadi, M.Si.';

let server;
let app;
let db;
let eventId;
let sessionId;
/** name → check-in code */
const codes = {};

const api = (name, args) => callApi(db, name, args);
const counts = () => api('attendance_counts', { event_id: eventId, session_id: sessionId });
const present = () => api('attendance_list', { event_id: eventId, session_id: sessionId }).map((r) => r.name).sort();

before(async () => {
  db = tempDb();
  const date = today();
  eventId = cli(db, 'event', 'create', '--title', EVENT, '--start', date, '--end', date).id;
  // A session that is not the current one, then the one covering the whole day.
  api('session_add', {
    event_id: eventId, title: 'Coffee break', date, start_time: '00:00', end_time: '00:01', kind: 'break',
    takes_attendance: false,
  });
  sessionId = api('session_add', {
    event_id: eventId, title: 'Materi Sepanjang Hari', date, start_time: '00:00', end_time: '23:59', kind: 'material',
    room: 'Aula Utama', takes_attendance: true,
  }).id;
  const people = [
    [BAMBANG, '197011231995031002', 'Dinas Komunikasi dan Informatika'],
    ['Siti Rahmawati, S.Kom.', '198503152010012003', 'Badan Perencanaan Pembangunan Daerah'],
    ['Sri Rahayu, S.E.', '', 'Badan Perencanaan Pembangunan Daerah'],
    [XSS, '', 'Inspektorat Daerah'],
  ];
  for (const [name, nip, opd] of people) {
    cli(db, 'participant', 'add', '--event', eventId, '--name', name, ...(nip ? ['--nip', nip] : []), '--opd', opd, '--opd-baru');
  }
  for (const p of cli(db, 'participant', 'list', '--event', eventId)) codes[p.name] = p.code;

  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

const newPage = (viewport) => app.newPage(viewport);

async function openDesk(viewport) {
  const { page, problems } = await newPage(viewport);
  await page.goto(`${server.url}#/kehadiran`);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await page.getByRole('heading', { name: 'Kehadiran', exact: true }).waitFor();
  await input(page).waitFor();
  return { page, problems };
}

const input = (page) => page.getByRole('combobox', { name: 'Pindai QR atau ketik nama / NIP / kode' });
const results = (page) => page.getByTestId('desk-results').getByRole('option');
const feedback = (page) => page.getByTestId('feedback');
const presentCount = (page) => page.getByTestId('present');
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Types like a person (slow keys), waits for the results, returns the options. */
async function typeName(page, text) {
  await input(page).pressSequentially(text, { delay: 70 });
  const options = results(page);
  await options.first().waitFor();
  return options;
}

/** Types like a USB scanner: all keys at once, then Enter. */
async function scan(page, text) {
  await input(page).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('without an active event the screen says where to choose one', async () => {
  const other = cli(db, 'event', 'create', '--title', 'Bintek Lain', '--start', today()).id;
  try {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}#/kehadiran`);
    await page.getByText('Pilih kegiatan aktif terlebih dahulu di menu Kegiatan.').waitFor();
    await page.screenshot({ path: outputFile('attendance-no-event.png') });
    await page.getByRole('button', { name: 'Buka menu Kegiatan' }).click();
    await page.getByRole('heading', { name: 'Kegiatan', exact: true }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    cli(db, 'event', 'archive', other);
  }
});

test('the desk: name + Enter is green, the code again is amber, garbage is red, undo', async () => {
  const { page, problems } = await openDesk();
  const registered = counts().registered;

  // The clock picks the session running now; the input has the focus.
  const select = page.getByLabel('Sesi');
  assert.equal(await select.inputValue(), sessionId);
  assert.match(await select.locator('option:checked').innerText(), /Materi Sepanjang Hari/);
  assert.equal(await select.locator('option', { hasText: 'Coffee break' }).count(), 0);
  await waitFor(async () => (await page.getByTestId('registered').innerText()) === String(registered), 'the counts');
  assert.equal(await presentCount(page).innerText(), '0');
  await expectLocatorFocus(input(page), 'the input has the focus');
  await shot(page, 'attendance-desk-empty.png');

  // A partial name that only one person matches: the results list, then Enter checks in.
  const options = await typeName(page, 'bamb');
  assert.equal(await options.count(), 1);
  assert.match(await options.first().innerText(), /Drs\. Bambang Riyadi, M\.Si\./);
  assert.match(await options.first().innerText(), new RegExp(codes[BAMBANG]));
  await shot(page, 'attendance-results.png');
  await page.keyboard.press('Enter');
  await feedback(page).getByText(BAMBANG).waitFor();
  assert.match(await feedback(page).innerText(), /HADIR/);
  assert.ok(await feedback(page).evaluate((el) => el.classList.contains('fb-ok')));
  assert.equal(await input(page).inputValue(), '');
  await expectLocatorFocus(input(page), 'the focus stays in the input');
  await waitFor(async () => (await presentCount(page).innerText()) === '1', 'present 1');
  assert.deepEqual(present(), [BAMBANG]);
  const row = page.getByTestId('opd-counts').getByRole('row', { name: /Dinas Komunikasi dan Informatika/ });
  assert.match(await row.innerText(), /1 \/ 1/);
  await shot(page, 'attendance-green.png');

  // The same person's code, typed fast like a scanner: amber, not counted twice.
  await scan(page, codes[BAMBANG]);
  await feedback(page).getByText(/SUDAH HADIR pukul \d{2}\.\d{2}/).waitFor();
  assert.ok(await feedback(page).evaluate((el) => el.classList.contains('fb-warn')));
  assert.equal(await input(page).inputValue(), '');
  await shot(page, 'attendance-amber.png');

  // Searching shows who is in, with the time.
  await typeName(page, 'bamb');
  assert.match(await results(page).first().innerText(), /✓ \d{2}\.\d{2}/);
  await input(page).press('Escape');
  assert.equal(await input(page).inputValue(), '');

  // Garbage: red with the reason.
  await scan(page, 'ZZZZZZ');
  await feedback(page).getByText('TIDAK DITEMUKAN').waitFor();
  assert.ok(await feedback(page).evaluate((el) => el.classList.contains('fb-error')));
  assert.match(await feedback(page).innerText(), /ZZZZZZ/);
  await shot(page, 'attendance-red.png');
  assert.equal(counts().present, 1);

  // Undo the check-in from the list of this desk, after a confirmation: the counts go back.
  const recent = page.getByTestId('recent');
  assert.match(await recent.innerText(), /Bambang/);
  await recent.getByRole('button', { name: 'Batalkan', exact: true }).click();
  await page.getByRole('dialog', { name: 'Batalkan kehadiran' }).getByRole('button', { name: 'Ya, batalkan' }).click();
  await feedback(page).getByText('KEHADIRAN DIBATALKAN').waitFor();
  await waitFor(async () => (await presentCount(page).innerText()) === '0', 'present back to 0');
  assert.deepEqual(present(), []);
  assert.equal(await recent.getByRole('button', { name: 'Batalkan', exact: true }).count(), 0);
  await expectLocatorFocus(input(page), 'the focus is back in the input');

  // And he can check in again.
  await scan(page, codes[BAMBANG]);
  // The undo's answer also names him: wait for the green one.
  await waitFor(
    () => feedback(page).evaluate((el) => el.classList.contains('fb-ok')),
    'green again after the undo',
  );
  await feedback(page).getByText(BAMBANG).waitFor();
  await waitFor(async () => (await presentCount(page).innerText()) === '1', 'present 1 again');
  assert.deepEqual(present(), [BAMBANG]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a name several people share: Enter checks no one in; ↑/↓ then Enter picks one', async () => {
  const ENDANG = ['Drs. Endang Kurniawan', 'Endang Kurniawan, S.Kom.', 'H. Endang Kurniawan, M.Si.'];
  const places = [
    ['Sekretariat Daerah', 'Kepala Bagian Umum'],
    ['Dinas Pendidikan', 'Pranata Komputer'],
    ['Dinas Kesehatan', 'Kepala Seksi Data'],
  ];
  ENDANG.forEach((name, i) =>
    api('participant_add', { event_id: eventId, name, opd: places[i][0], position: places[i][1], create_opd: true }),
  );
  const before = present();
  const { page, problems } = await newPage();
  // As a clerk arrives at the desk: from another screen, through the sidebar.
  await page.goto(`${server.url}#/peserta`);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await page.getByRole('link', { name: 'Kehadiran' }).click();
  await page.getByRole('heading', { name: 'Kehadiran', exact: true }).waitFor();
  await expectLocatorFocus(input(page), 'the scan box has the focus after the sidebar click');

  // Typed at human speed straight into the page, then Enter.
  await page.keyboard.type('Endang Kurniawan', { delay: 70 });
  await page.keyboard.press('Enter');
  await feedback(page).getByText('PILIH SATU · 3 orang cocok').waitFor();
  assert.match(await feedback(page).innerText(), /Belum ada yang dicatat hadir/);
  // Said where the clerk looks: on top of the open list.
  assert.match(await page.getByTestId('pick-hint').innerText(), /3 orang cocok, belum ada yang dicatat hadir/);
  assert.deepEqual(present(), before, 'no one was checked in');
  assert.equal(await input(page).inputValue(), 'Endang Kurniawan');
  const options = results(page);
  assert.equal(await options.count(), 3);
  const shown = (await options.allInnerTexts()).join('\n');
  for (const [opd, position] of places) {
    assert.ok(shown.includes(opd) && shown.includes(position), `${opd} · ${position} in ${shown}`);
  }
  await expectLocatorFocus(input(page), 'the focus stays in the box');
  await shot(page, 'attendance-pick-one.png');

  // Enter again without choosing still checks no one in.
  await page.keyboard.press('Enter');
  assert.deepEqual(present(), before);

  // Nobody is highlighted until the clerk picks; ↓ ↓ then Enter: exactly that one.
  assert.equal(await page.locator('[data-testid="desk-results"] [aria-selected="true"]').count(), 0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  const second = (await options.nth(1).locator('.r-name').innerText()).trim();
  assert.ok(ENDANG.includes(second), second);
  await page.keyboard.press('Enter');
  await feedback(page).getByText(second).waitFor();
  assert.match(await feedback(page).innerText(), /HADIR/);
  assert.deepEqual(present(), [...before, second].sort());
  assert.equal(await input(page).inputValue(), '');
  await expectLocatorFocus(input(page), 'the focus is back for the next person');
  assert.deepEqual(problems, []);
  await page.close();
});

test('arrow keys pick another result; NIP digits find the person', async () => {
  const { page, problems } = await openDesk();
  const options = await typeName(page, 'rah');
  await waitFor(async () => (await options.count()) >= 2, 'two results or more for "rah"');
  const second = (await options.nth(1).locator('.r-name').innerText()).trim();
  await page.keyboard.press('ArrowDown');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');
  await feedback(page).getByText(second).waitFor();
  assert.ok(present().includes(second));

  // A NIP typed by hand (with spaces) finds Siti; Enter checks her in (or says she is in).
  await typeName(page, '198503');
  assert.match(await results(page).first().innerText(), /Siti Rahmawati/);
  await page.keyboard.press('Enter');
  await feedback(page).getByText('Siti Rahmawati, S.Kom.').waitFor();
  assert.ok(present().includes('Siti Rahmawati, S.Kom.'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a walk-in is registered and checked in; markup in a name is text', async () => {
  const { page, problems } = await openDesk();
  const before = counts();
  await page.getByRole('button', { name: '+ Peserta datang langsung' }).click();
  const dialog = page.getByRole('dialog', { name: 'Peserta datang langsung' });
  await dialog.waitFor();
  // The name is required, said next to the field.
  await dialog.getByRole('button', { name: 'Daftarkan dan catat hadir' }).click();
  await dialog.getByText('Nama wajib diisi.').waitFor();
  await dialog.getByLabel('Nama lengkap dan gelar').fill('Ir. Wahyu Hidayat');
  await dialog.getByLabel('NIP').fill('197805102005011004');
  await dialog.getByLabel('OPD').fill('Dinas Pekerjaan Umum');
  await dialog.getByLabel('Jabatan').fill('Kepala Bidang Bina Marga');
  await shot(page, 'attendance-walkin.png');
  await dialog.getByRole('button', { name: 'Daftarkan dan catat hadir' }).click();
  // An OPD that matches none is asked about first (issue 14.7); nobody is registered yet.
  const ask = dialog.getByTestId('opd-ask');
  await ask.getByText('OPD "Dinas Pekerjaan Umum" belum terdaftar. Tambahkan sebagai OPD baru?').waitFor();
  assert.equal(counts().registered, before.registered);
  await ask.getByRole('button', { name: 'Ya, tambahkan OPD baru' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await feedback(page).getByText('Ir. Wahyu Hidayat').waitFor();
  assert.ok(await feedback(page).evaluate((el) => el.classList.contains('fb-ok')));
  const after = counts();
  assert.equal(after.present, before.present + 1);
  assert.equal(after.registered, before.registered + 1);
  await waitFor(async () => (await presentCount(page).innerText()) === String(after.present), 'the new count');
  assert.ok(present().includes('Ir. Wahyu Hidayat'));
  const person = cli(db, 'participant', 'list', '--event', eventId).find((p) => p.name === 'Ir. Wahyu Hidayat');
  assert.equal(person.position, 'Kepala Bidang Bina Marga');
  await expectLocatorFocus(input(page), 'the focus is back in the input');

  // Markup in a name shows as text in the results and the answer.
  const options = await typeName(page, 'rudi');
  assert.equal(await options.first().locator('.r-name').innerText(), XSS);
  await page.keyboard.press('Enter');
  await feedback(page).getByText(XSS).waitFor();
  assert.equal(await page.locator('.desk img').count(), 0);
  assert.match(await page.getByTestId('recent').innerText(), /<img src=x onerror=alert\(1\)> Rudi/);
  await shot(page, 'attendance-markup.png');
  assert.deepEqual(problems, []);
  await page.close();
});

test('full screen hides the menu; the desk works at 360 px without overflow', async () => {
  const { page, problems } = await openDesk();
  await page.getByRole('button', { name: 'Layar penuh' }).click();
  await page.locator('.sidebar').waitFor({ state: 'hidden' });
  await expectLocatorFocus(input(page));
  await shot(page, 'attendance-fullscreen.png');
  await page.getByRole('button', { name: 'Keluar layar penuh' }).click();
  await page.locator('.sidebar').waitFor();
  await page.close();

  const phone = await openDesk({ width: 360, height: 740 });
  assert.ok((await overflow(phone.page)) <= 0, 'no sideways scroll at 360 px');
  await shot(phone.page, 'attendance-360.png');
  const options = await typeName(phone.page, 'sri');
  assert.ok((await overflow(phone.page)) <= 0, 'results fit at 360 px');
  await shot(phone.page, 'attendance-360-results.png');
  await options.first().click();
  await feedback(phone.page).getByText('Sri Rahayu, S.E.').waitFor();
  assert.ok((await overflow(phone.page)) <= 0, 'the answer fits at 360 px');
  await shot(phone.page, 'attendance-360-green.png');
  assert.deepEqual(problems, []);
  assert.deepEqual(phone.problems, []);
  await phone.page.close();
});

test('any check-in is undone from its row; the history names the desks; belum hadir lists who is missing', async () => {
  const YOHANES = 'Yohanes Pratama, S.IP.';
  const WULAN = 'Wulan Sari Dewanti';
  for (const name of [YOHANES, WULAN]) {
    api('participant_add', { event_id: eventId, name, opd: 'Dinas Kearsipan dan Perpustakaan', position: 'Arsiparis', create_opd: true });
  }
  const { page, problems } = await newPage();
  await page.goto(`${server.url}#/peserta`);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await page.getByRole('link', { name: 'Kehadiran' }).click();
  await page.getByRole('heading', { name: 'Kehadiran', exact: true }).waitFor();
  await expectLocatorFocus(input(page), 'the scan box has the focus after the sidebar click');
  const deskName = await page.getByLabel('Nama meja').inputValue();

  // Two people in, Yohanes first.
  for (const [typed, name] of [['Yohanes', YOHANES], ['Wulan Sari', WULAN]]) {
    await page.keyboard.type(typed, { delay: 70 });
    await results(page).first().waitFor();
    await page.keyboard.press('Enter');
    await feedback(page).getByText(name).waitFor();
    await expectLocatorFocus(input(page), `the focus is back after ${name}`);
  }
  assert.ok(present().includes(YOHANES) && present().includes(WULAN));

  // Another clerk takes over the desk and undoes the FIRST one (not the newest) from his
  // row in the results; the confirmation names him and the session.
  await page.getByLabel('Nama meja').fill('Meja Depan');
  await input(page).click();
  await page.keyboard.type('Yohanes', { delay: 70 });
  const row = results(page).filter({ hasText: YOHANES });
  await row.getByRole('button', { name: 'Batalkan', exact: true }).waitFor();
  await shot(page, 'attendance-undo-row.png');
  await row.getByRole('button', { name: 'Batalkan', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Batalkan kehadiran' });
  await confirm.waitFor();
  await page.screenshot({ path: outputFile('attendance-undo-confirm.png') });
  const asked = await confirm.innerText();
  assert.ok(asked.includes(YOHANES) && asked.includes('Materi Sepanjang Hari'), asked);
  await confirm.getByRole('button', { name: 'Ya, batalkan' }).click();
  await confirm.waitFor({ state: 'hidden' });
  await feedback(page).getByText('KEHADIRAN DIBATALKAN').waitFor();
  assert.match(await feedback(page).innerText(), /Yohanes Pratama/);
  await expectLocatorFocus(input(page), 'the focus is back after the undo');
  assert.equal(await input(page).inputValue(), '');
  assert.ok(!present().includes(YOHANES), 'Yohanes is no longer in');
  assert.ok(present().includes(WULAN), 'Wulan stays in');

  // Belum hadir: Yohanes again, Wulan not; with the count, searchable.
  await page.getByTestId('absent-toggle').click();
  const absent = page.getByTestId('absent-list');
  await absent.getByText(YOHANES).waitFor();
  const total = api('attendance_absent', { event_id: eventId, session_id: sessionId }).total;
  assert.equal(total, counts().registered - counts().present);
  await waitFor(async () => (await page.getByTestId('absent-count').innerText()).includes(`${total} belum hadir`), 'the count');
  assert.equal(await absent.getByText(WULAN).count(), 0);
  await page.getByTestId('absent').scrollIntoViewIfNeeded();
  await page.screenshot({ path: outputFile('attendance-absent.png') });
  await page.getByLabel('Saring yang belum hadir').pressSequentially('yohan', { delay: 70 });
  await waitFor(async () => (await absent.getByRole('listitem').count()) === 1, 'one person for "yohan"');
  await waitFor(async () => (await page.getByTestId('absent-count').innerText()).includes(`1 dari ${total} belum hadir`), 'the filtered count');

  // His history: checked in at the first desk, undone by the second.
  await absent.getByRole('button', { name: `Riwayat ${YOHANES}` }).click();
  const history = page.getByRole('dialog', { name: 'Riwayat kehadiran' });
  // The dialog opens at once and says "Memuat…" until the history has come.
  await history.getByText(/Dibatalkan \d{2}\.\d{2}/).waitFor();
  const text = await history.innerText();
  assert.ok(text.includes(YOHANES), text);
  assert.ok(text.includes('Materi Sepanjang Hari'), text);
  assert.ok(text.includes(deskName), text);
  assert.match(text, /Dibatalkan \d{2}\.\d{2} oleh Meja Depan/);
  await page.screenshot({ path: outputFile('attendance-history.png') });
  await page.keyboard.press('Escape');
  await history.waitFor({ state: 'hidden' });
  await expectLocatorFocus(input(page), 'the focus is back after the history');

  // One click on his row checks him in by hand; he leaves the list.
  await absent.getByRole('button', { name: new RegExp(`^Catat hadir ${YOHANES}`) }).click();
  await feedback(page).getByText(YOHANES).waitFor();
  assert.match(await feedback(page).innerText(), /HADIR/);
  await waitFor(async () => (await absent.getByText(YOHANES).count()) === 0, 'Yohanes leaves the list');
  await expectLocatorFocus(input(page), 'the focus is back after the click');
  const again = api('attendance_list', { event_id: eventId, session_id: sessionId }).find((r) => r.name === YOHANES);
  assert.equal(again.method, 'manual');
  assert.equal(again.desk, 'Meja Depan');
  const h = api('attendance_history', { event_id: eventId, registration_id: again.registration_id });
  assert.deepEqual(
    h.entries.map((e) => [e.desk, e.method, e.undone_by]),
    [[deskName, 'search', 'Meja Depan'], ['Meja Depan', 'manual', null]],
  );

  // The belum hadir list fits a 360 px desk phone.
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok((await overflow(page)) <= 0, 'no sideways scroll at 360 px');
  await page.getByLabel('Saring yang belum hadir').fill('');
  await waitFor(async () => (await absent.getByRole('listitem').count()) > 1, 'the whole list again');
  await page.getByTestId('absent').scrollIntoViewIfNeeded();
  await page.screenshot({ path: outputFile('attendance-absent-360.png') });
  await page.setViewportSize({ width: 1366, height: 768 });

  // The organizer sees the same history from the participants list.
  await page.getByRole('link', { name: 'Peserta' }).click();
  await page.getByRole('button', { name: `Riwayat kehadiran ${YOHANES}` }).click();
  const fromList = page.getByRole('dialog', { name: 'Riwayat kehadiran' });
  await fromList.getByText('Berlaku').waitFor();
  assert.equal(await fromList.getByRole('row').count(), 3, 'a header and two check-ins');
  assert.match(await fromList.innerText(), /Manual/);
  await fromList.getByRole('button', { name: 'Tutup', exact: true }).first().click();
  await fromList.waitFor({ state: 'hidden' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('Cetak saves the daftar hadir, the recap and the badges', async () => {
  // A real bintek's twelve OPDs make the counts card tall.
  const opds = ['Dinas Pendidikan dan Kebudayaan', 'Dinas Kesehatan', 'Dinas Sosial', 'Dinas Perhubungan',
    'Dinas Lingkungan Hidup', 'Badan Kepegawaian Daerah', 'Badan Keuangan Daerah', 'Kecamatan Purwodadi',
    'Kecamatan Toroh', 'Dinas Pertanian', 'Dinas Pariwisata', 'Satuan Polisi Pamong Praja'];
  opds.forEach((opd, i) => api('participant_add', { event_id: eventId, name: `Peserta Cetak ${i + 1}`, opd, create_opd: true }));
  for (const p of api('participant_list', { event_id: eventId })) codes[p.name] = p.code;
  const { page, problems } = await openDesk();
  const prints = page.getByTestId('prints');
  await prints.scrollIntoViewIfNeeded();
  // At 1366×768 every button of the panel can be reached: brought into view (centre or
  // bottom), nothing lies over it (once the sticky "Kehadiran per OPD" card covered it).
  const covered = [];
  for (const button of await prints.getByRole('button').all()) {
    // (Not 'start': the sticky top bar covers whatever is scrolled to the very top.)
    for (const block of ['center', 'end']) {
      const hidden = await button.evaluate((b, block) => {
        b.scrollIntoView({ block });
        const r = b.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !b.contains(hit);
      }, block);
      if (hidden) covered.push(`${(await button.innerText()).trim()} (${block})`);
    }
  }
  assert.deepEqual(covered, []);
  await prints.scrollIntoViewIfNeeded();
  await page.screenshot({ path: outputFile('attendance-prints.png'), fullPage: true });

  /** Clicks a button of the panel and returns the saved file's name and bytes. */
  async function save(button) {
    const download = page.waitForEvent('download');
    await prints.getByRole('button', { name: button }).click();
    const file = await download;
    const path = await file.path();
    await page.getByText(`Berkas disimpan: ${file.suggestedFilename()}`).waitFor();
    return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
  }

  const sheet = await save('Daftar hadir (untuk tanda tangan)');
  assert.match(sheet.name, /^daftar-hadir-hari1-.*\.pdf$/);
  const text = execFileSync('pdftotext', ['-layout', sheet.path, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
  for (const name of Object.keys(codes)) {
    for (const word of name.split(/\s+/)) assert.ok(text.includes(word), `${word} of ${name} on the daftar hadir`);
  }
  assert.ok(text.includes('Materi Sepanjang Hari'));

  const filled = await save('Daftar hadir terisi (jam hadir)');
  const n = present().length;
  // Everyone registered, walk-ins of the earlier tests included.
  const registered = api('participant_list', { event_id: eventId, role: 'participant', status: 'registered' }).length;
  const filledText = execFileSync('pdftotext', [filled.path, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
  assert.ok(filledText.includes(`Hadir: ${n} dari ${registered} peserta`), filledText);

  const recap = await save('Rekap (PDF)');
  assert.equal(recap.bytes.subarray(0, 4).toString(), '%PDF');
  const xlsx = await save('Rekap (Excel)');
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');

  const badges = await save('Kartu peserta (PDF)');
  const badgeText = execFileSync('pdftotext', [badges.path, '-'], { encoding: 'utf8' });
  for (const code of Object.values(codes)) assert.ok(badgeText.includes(code), `badge with ${code}`);
  assert.deepEqual(problems, []);
  await page.close();
});
