// The Agenda screen in headless Debian Chromium against the real `bintek serve` on a temp
// database: the day-by-day schedule and the session form with its Api errors next to the
// fields (dates, times, room overlaps), speakers added from the form, the Narasumber tab,
// the committee, the signatories, delete with undo, copy to new dates, markup as text,
// and a 360 px phone. Seeded with the CLI, checked through `bintek call`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tempDb, outputFile, cli, expectFocus } from './helpers.mjs';
import { startApp, api as callApi, shot } from './fixture.mjs';

const EVENT = 'Bimbingan Teknis Pengelolaan Media Sosial';
const ROOM = 'Ruang Rapat Utama';
const XSS = '<img src=x onerror=alert(1)> Rudi';
const XSS_TITLE = '<b>Sesi</b> <script>alert(1)</script> Tanya Jawab';

let server;
let app;
let db;
let eventId;

const api = (name, args) => callApi(db, name, args);
const sessions = () => api('session_list', { event_id: eventId });
const speakers = () => api('speaker_list', { event_id: eventId });

before(async () => {
  db = tempDb();
  eventId = cli(db, 'event', 'create', '--title', EVENT, '--start', '2019-09-17', '--end', '2019-09-18').id;
  // A participant (not a speaker), a known speaker, and the opening session.
  cli(db, 'participant', 'add', '--event', eventId, '--name', 'Bambang Riyadi', '--nip', '197011231995031002',
    '--opd', 'Dinas Komunikasi dan Informatika', '--opd-baru', '--position', 'Kepala Seksi');
  api('speaker_add', {
    event_id: eventId,
    name: 'Dr. Retno Wulandari, M.Kom.',
    position: 'Dosen Ilmu Komunikasi',
    institution: 'Universitas Diponegoro',
    as: 'speaker',
  });
  api('session_add', {
    event_id: eventId,
    title: 'Pembukaan',
    date: '2019-09-17',
    start_time: '08:00',
    end_time: '09:00',
    room: ROOM,
    kind: 'opening',
  });

  app = await startApp(db);
  server = app.server;
});

after(async () => {
  await app?.close();
});

const newPage = (viewport) => app.newPage(viewport);

/** Opens the app on the Agenda screen (the single current event becomes active). */
async function openAgenda(viewport, path = '/agenda') {
  const { page, problems } = await newPage(viewport);
  await page.goto(`${server.url}#${path}`);
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
  return { page, problems };
}

const day = (page, n) => page.locator('[data-testid=agenda-day]').nth(n - 1);
const sessionRow = (page, text) => page.locator('[data-testid=session]', { hasText: text });
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('without an active event the screen says where to choose one', async () => {
  const other = cli(db, 'event', 'create', '--title', 'Bintek Arsip Dinamis', '--start', '2019-10-01').id;
  try {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}#/agenda`);
    await page.getByText('Pilih kegiatan aktif terlebih dahulu di menu Kegiatan.').waitFor();
    await page.screenshot({ path: outputFile('agenda-no-event.png') });
    await page.getByRole('button', { name: 'Buka menu Kegiatan' }).click();
    await page.getByRole('heading', { name: 'Kegiatan', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    cli(db, 'event', 'archive', other);
  }
});

test('the schedule shows one section per day with the Indonesian date', async () => {
  const { page, problems } = await openAgenda();
  await day(page, 1).getByRole('heading', { name: 'Hari ke-1 — Selasa, 17 September 2019' }).waitFor();
  await day(page, 2).getByRole('heading', { name: 'Hari ke-2 — Rabu, 18 September 2019' }).waitFor();
  const opening = sessionRow(page, 'Pembukaan');
  assert.match(await opening.innerText(), /08\.00–09\.00/);
  assert.match(await opening.innerText(), new RegExp(`Ruang: ${ROOM}`));
  assert.equal(await day(page, 2).getByTestId('session').count(), 0);
  await day(page, 2).getByText('Belum ada sesi.').waitFor();
  assert.equal(await page.getByTestId('total-jp').innerText(), 'Total JP: 0 (dari sesi materi)');
  // The tabs, as on Peserta.
  const tabs = page.getByRole('navigation', { name: 'Bagian Agenda' });
  for (const name of ['Susunan acara', 'Narasumber & moderator', 'Panitia', 'Penanda tangan']) {
    await tabs.getByRole('link', { name }).waitFor();
  }
  assert.deepEqual(problems, []);
});

test('adding a session through the form puts it under its day', async () => {
  const { page, problems } = await openAgenda();
  await page.getByRole('button', { name: 'Tambah sesi pada hari ke-2' }).click();
  await page.getByRole('heading', { name: 'Tambah sesi' }).waitFor();
  // The title has the focus; the day is the one the button was on.
  await expectFocus(page, 's-title');
  assert.equal(await page.getByLabel('Tanggal').inputValue(), '2019-09-18');
  assert.match(await page.getByLabel('Tanggal').locator('option:checked').innerText(), /Hari ke-2 — Rabu, 18 September 2019/);
  // Nothing on day 2 yet: the first session starts at 08.00 unless changed.
  assert.equal(await page.getByLabel('Jam mulai').inputValue(), '08.00');

  await page.getByLabel('Judul/Materi').fill('Strategi Komunikasi Publik melalui Media Sosial');
  await page.getByLabel('Jam mulai').fill('09:00');
  await page.getByLabel('Jam selesai').fill('10.30');
  await page.getByLabel('Ruang').fill(ROOM);
  await page.getByLabel('JP', { exact: true }).fill('3');
  // Istirahat takes no attendance by default; Materi does.
  const attendance = page.getByLabel('Ambil presensi');
  assert.equal(await attendance.isChecked(), true);
  await page.getByLabel('Jenis').selectOption({ label: 'Istirahat' });
  assert.equal(await attendance.isChecked(), false);
  await page.getByLabel('Jenis').selectOption({ label: 'Materi' });
  assert.equal(await attendance.isChecked(), true);
  await shot(page, 'agenda-form.png');
  // Enter in a text field saves.
  await page.getByLabel('Judul/Materi').press('Enter');

  await page.getByText('Sesi "Strategi Komunikasi Publik melalui Media Sosial" ditambahkan pada Rabu, 18 September 2019.').waitFor();
  const row = day(page, 2).locator('[data-testid=session]', { hasText: 'Strategi Komunikasi Publik' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /09\.00–10\.30/);
  assert.match(text, /Materi/);
  assert.match(text, /3 JP/);
  assert.equal(await day(page, 1).getByText('Strategi Komunikasi Publik').count(), 0);
  await page.getByTestId('total-jp').getByText('Total JP: 3').waitFor();
  assert.equal(await page.getByTestId('total-jp').innerText(), 'Total JP: 3 (dari sesi materi)');
  await shot(page, 'agenda-list.png');

  const saved = sessions().find((s) => s.title === 'Strategi Komunikasi Publik melalui Media Sosial');
  assert.deepEqual(
    [saved.date, saved.start_time, saved.end_time, saved.room, saved.jp, saved.kind, saved.takes_attendance],
    ['2019-09-18', '09:00', '10:30', ROOM, 3, 'material', true],
  );
  assert.deepEqual(problems, []);
});

test('a break set by hand to take attendance keeps it when the kind changes', async () => {
  const { page, problems } = await openAgenda();
  await page.getByRole('button', { name: '+ Tambah sesi' }).first().click();
  await page.getByLabel('Judul/Materi').fill('Ishoma');
  // Day 1 already has the opening until 09.00: the next session starts there.
  assert.equal(await page.getByLabel('Jam mulai').inputValue(), '09.00');
  await page.getByLabel('Jam mulai').fill('12.00');
  await page.getByLabel('Jam selesai').fill('13.00');
  await page.getByLabel('Jenis').selectOption('break');
  const attendance = page.getByLabel('Ambil presensi');
  assert.equal(await attendance.isChecked(), false);
  await attendance.check();
  await page.getByLabel('Jenis').selectOption('material');
  await page.getByLabel('Jenis').selectOption('break');
  assert.equal(await attendance.isChecked(), true, 'a choice made by hand stays');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await sessionRow(page, 'Ishoma').waitFor();
  assert.match(await sessionRow(page, 'Ishoma').innerText(), /12\.00–13\.00[\s\S]*Istirahat/);
  const ishoma = sessions().find((s) => s.title === 'Ishoma');
  assert.deepEqual([ishoma.kind, ishoma.takes_attendance], ['break', true]);
  assert.deepEqual(problems, []);
});

test('end before start shows its error next to the field; the event cannot shrink past a session', async () => {
  // End before start while adding.
  let { page, problems } = await openAgenda();
  const before = sessions();
  await page.getByRole('button', { name: '+ Tambah sesi' }).first().click();
  await page.getByLabel('Judul/Materi').fill('Praktik Membuat Konten');
  await page.getByLabel('Jam mulai').fill('14:00');
  await page.getByLabel('Jam selesai').fill('13:00');
  await page.getByRole('button', { name: 'Simpan' }).click();
  const endError = page.locator('#e-end_time');
  await endError.waitFor();
  assert.equal(await endError.innerText(), 'Jam selesai harus setelah jam mulai.');
  const end = page.getByLabel('Jam selesai');
  assert.equal(await end.getAttribute('aria-invalid'), 'true');
  assert.equal(await end.getAttribute('aria-describedby'), 'e-end_time');
  await expectFocus(page, 's-end');
  await page.screenshot({ path: outputFile('agenda-validation-time.png') });
  assert.equal(sessions().length, before.length);
  // Escape leaves the form without saving.
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Hari ke-1 — Selasa, 17 September 2019' }).waitFor();
  assert.equal(sessions().length, before.length);

  // Shrinking the event past its day-2 session is refused (sessions never end up outside
  // the event), and a manual JP shows as such.
  const event = api('event_get', { id: eventId });
  const update = (fields) =>
    api('event_update', {
      id: eventId,
      title: event.title,
      theme: event.theme,
      organizer: event.organizer,
      venue: event.venue,
      city: event.city,
      start_date: event.start_date,
      end_date: event.end_date,
      legal_basis: event.legal_basis,
      total_jp: event.total_jp,
      notes: event.notes,
      ...fields,
    });
  try {
    assert.throws(() => update({ end_date: '2019-09-17' }), /di luar tanggal baru/);
    update({ total_jp: 32 });
    ({ page, problems } = await openAgenda());
    await page.getByTestId('total-jp').waitFor();
    assert.equal(
      await page.getByTestId('total-jp').innerText(),
      'Total JP: 32 (ditetapkan di data kegiatan; sesi materi 3 JP)',
    );
    assert.equal(await page.locator('[data-testid=agenda-day]').count(), 2);
    assert.deepEqual(problems, []);
  } finally {
    update({});
  }
});

test('an overlap in the same room shows the conflict next to Jam mulai', async () => {
  const { page, problems } = await openAgenda();
  const before = sessions().length;
  await page.getByRole('button', { name: 'Tambah sesi pada hari ke-1' }).click();
  await page.getByLabel('Judul/Materi').fill('Kebijakan Komunikasi Pemerintah Daerah');
  await page.getByLabel('Jam mulai').fill('08:30');
  await page.getByLabel('Jam selesai').fill('09:30');
  // Same room, typed differently.
  await page.getByLabel('Ruang').fill('ruang rapat utama');
  await page.getByLabel('Jam selesai').press('Enter');
  const error = page.locator('#e-start_time');
  await error.waitFor();
  assert.match(await error.innerText(), /^Bentrok dengan "Pembukaan" \(08[.:]00–09[.:]00\) di Ruang Rapat Utama/);
  const start = page.getByLabel('Jam mulai');
  assert.equal(await start.getAttribute('aria-invalid'), 'true');
  assert.equal(await start.getAttribute('aria-describedby'), 'e-start_time');
  await expectFocus(page, 's-start');
  await page.screenshot({ path: outputFile('agenda-conflict.png') });
  assert.equal(sessions().length, before);

  // Another room is fine.
  await page.getByLabel('Ruang').fill('Ruang Data Center');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await sessionRow(page, 'Kebijakan Komunikasi').waitFor();
  assert.equal(sessions().length, before + 1);
  // Day 1 in time order: 08.00, 08.30, 12.00.
  const times = await day(page, 1).locator('.session-time').allInnerTexts();
  assert.deepEqual(times, ['08.00–09.00', '08.30–09.30', '12.00–13.00']);
  assert.deepEqual(problems, []);
});

test('a new speaker added from the session form is assigned to it', async () => {
  const { page, problems } = await openAgenda();
  await sessionRow(page, 'Strategi Komunikasi Publik').getByRole('link', { name: /^Ubah sesi/ }).click();
  await page.getByRole('heading', { name: 'Ubah sesi' }).waitFor();
  const speakerPicker = page.getByTestId('picker-speaker');
  const moderatorPicker = page.getByTestId('picker-moderator');

  // Someone registered as a participant cannot be added as a speaker: said next to the name.
  await speakerPicker.getByRole('button', { name: '+ Narasumber baru' }).click();
  const fresh = speakerPicker.getByRole('group', { name: 'Narasumber baru' });
  await fresh.getByLabel('Nama narasumber').fill('Bambang Riyadi');
  await fresh.getByLabel('Instansi').fill('Dinas Komunikasi dan Informatika');
  await fresh.getByLabel('Instansi').press('Enter');
  await fresh.getByText('Bambang Riyadi sudah terdaftar sebagai peserta kegiatan ini').waitFor();
  assert.equal(await fresh.getByLabel('Nama narasumber').getAttribute('aria-invalid'), 'true');
  // Enter there added the speaker, not saved the session; the form is still open.
  await page.getByRole('heading', { name: 'Ubah sesi' }).waitFor();

  await fresh.getByLabel('Nama narasumber').fill('Ir. Bambang Hartono, M.T.');
  await fresh.getByLabel('Jabatan').fill('Direktur Tata Kelola Aplikasi Informatika');
  await fresh.getByLabel('Instansi').fill('Kementerian Komunikasi dan Informatika');
  await shot(page, 'agenda-new-speaker.png');
  await fresh.getByRole('button', { name: 'Tambahkan narasumber' }).click();
  await speakerPicker.getByRole('list', { name: 'Narasumber terpilih' }).getByText('Ir. Bambang Hartono, M.T.').waitFor();
  // Registered and assigned to this saved session right away.
  const hartono = speakers().find((s) => s.name === 'Ir. Bambang Hartono, M.T.');
  assert.equal(hartono.role, 'speaker');
  // A ministry is no OPD of the pemda: kept as the speaker's institution (issue 14.7).
  assert.equal(hartono.opd, null);
  assert.equal(hartono.institution, 'Kementerian Komunikasi dan Informatika');
  assert.deepEqual(hartono.sessions.map((s) => [s.title, s.role]), [
    ['Strategi Komunikasi Publik melalui Media Sosial', 'speaker'],
  ]);

  // A known speaker as moderator: search, Enter picks the first match.
  const search = moderatorPicker.getByRole('searchbox', { name: 'Cari moderator' });
  await search.fill('retno');
  await moderatorPicker.getByRole('button', { name: 'Pilih Dr. Retno Wulandari, M.Kom. sebagai moderator' }).waitFor();
  await search.press('Enter');
  await moderatorPicker.getByRole('list', { name: 'Moderator terpilih' }).getByText('Dr. Retno Wulandari, M.Kom.').waitFor();
  await shot(page, 'agenda-pickers.png');
  await page.getByRole('button', { name: 'Simpan' }).click();

  await page.getByText('Sesi berhasil disimpan.').waitFor();
  const row = sessionRow(page, 'Strategi Komunikasi Publik');
  await row.locator('.chip', { hasText: 'Ir. Bambang Hartono, M.T.' }).waitFor();
  assert.match(await row.innerText(), /Narasumber:\s*Ir\. Bambang Hartono, M\.T\.\s*Moderator:\s*Dr\. Retno Wulandari, M\.Kom\./);
  const saved = sessions().find((s) => s.title.startsWith('Strategi Komunikasi'));
  assert.deepEqual(saved.speakers.map((p) => p.name), ['Ir. Bambang Hartono, M.T.']);
  assert.deepEqual(saved.moderators.map((p) => p.name), ['Dr. Retno Wulandari, M.Kom.']);

  // Removing a chip unassigns on save.
  await row.getByRole('link', { name: /^Ubah sesi/ }).click();
  await moderatorPicker.getByRole('button', { name: 'Hapus Dr. Retno Wulandari, M.Kom. dari moderator' }).click();
  await page.getByLabel('Judul/Materi').press('Enter');
  await page.getByText('Sesi berhasil disimpan.').waitFor();
  await sessionRow(page, 'Strategi Komunikasi Publik').getByText('Narasumber:').waitFor();
  assert.deepEqual(sessions().find((s) => s.title.startsWith('Strategi')).moderators, []);
  // And back, for the next tests.
  api('session_assign', {
    session_id: saved.id,
    registration_id: saved.moderators[0].registration_id,
    role: 'moderator',
  });
  assert.deepEqual(problems, []);
});

test('Narasumber & moderator lists each person with their sessions', async () => {
  const { page, problems } = await openAgenda(undefined, '/agenda/narasumber');
  const table = page.getByTestId('speaker-table');
  const hartono = table.locator('tbody tr', { hasText: 'Ir. Bambang Hartono, M.T.' });
  await hartono.waitFor();
  const text = await hartono.innerText();
  assert.match(text, /Direktur Tata Kelola Aplikasi Informatika/);
  assert.match(text, /Kementerian Komunikasi dan Informatika/);
  assert.match(text, /Narasumber/);
  assert.match(text, /Strategi Komunikasi Publik melalui Media Sosial[\s\S]*Rabu, 18 September 2019 · 09\.00–10\.30/);
  // Retno is a speaker, in this session as moderator.
  assert.match(await table.locator('tbody tr', { hasText: 'Retno' }).innerText(), /\(sebagai moderator\)/);
  await shot(page, 'agenda-speakers.png');

  // The speaker page: a click on the name.
  await hartono.getByRole('button', { name: 'Lihat sesi Ir. Bambang Hartono, M.T.' }).click();
  const sheet = page.getByRole('dialog', { name: 'Ir. Bambang Hartono, M.T.' });
  await sheet.waitFor();
  assert.match(await sheet.innerText(), /Sesi \(1\)[\s\S]*Strategi Komunikasi Publik[\s\S]*Rabu, 18 September 2019 · 09\.00–10\.30/);
  await page.screenshot({ path: outputFile('agenda-speaker-page.png') });
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'hidden' });

  // Add a moderator and put them on the opening right away.
  await page.getByRole('button', { name: '+ Tambah narasumber' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tambah narasumber atau moderator' });
  await dialog.getByLabel('Moderator').check();
  await dialog.getByLabel('NIP (bila ASN)').fill('19880715 201001 2 003');
  await dialog.getByText('Lahir: Jumat, 15 Juli 1988').waitFor();
  await dialog.getByLabel('Email').fill('bukan-email');
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  // The name first, locally.
  await dialog.locator('#sp-name-err').getByText('Nama wajib diisi.').waitFor();
  await dialog.getByLabel('Nama lengkap').fill('Siti Nurhaliza, S.Sos.');
  await dialog.getByLabel('Jabatan').fill('Pranata Humas Ahli Muda');
  await dialog.getByLabel('Instansi').fill('Bagian Protokol dan Komunikasi Pimpinan');
  await dialog.getByLabel('Tugaskan ke sesi').selectOption({ label: 'Selasa, 17 September 2019 · 08.00–09.00 · Pembukaan' });
  await dialog.getByLabel('Nama lengkap').press('Enter');
  // Then the Api's message next to the email.
  await dialog.locator('#sp-email-err').waitFor();
  assert.match(await dialog.locator('#sp-email-err').innerText(), /Email "bukan-email" tidak valid/);
  await expectFocus(page, 'sp-email');
  await page.screenshot({ path: outputFile('agenda-speaker-form.png') });
  await dialog.getByLabel('Email').fill('siti.nurhaliza@grobogan.go.id');
  await dialog.getByLabel('Email').press('Enter');
  await page.getByText('Siti Nurhaliza, S.Sos. tercatat sebagai moderator.').waitFor();
  const siti = table.locator('tbody tr', { hasText: 'Siti Nurhaliza' });
  assert.match(await siti.innerText(), /Moderator[\s\S]*Pembukaan[\s\S]*Selasa, 17 September 2019 · 08\.00–09\.00/);
  const s = speakers().find((p) => p.name === 'Siti Nurhaliza, S.Sos.');
  assert.deepEqual([s.role, s.nip, s.email], ['moderator', '198807152010012003', 'siti.nurhaliza@grobogan.go.id']);
  assert.deepEqual(s.sessions.map((x) => [x.title, x.role]), [['Pembukaan', 'moderator']]);
  assert.deepEqual(problems, []);
});

test('Panitia: add, edit and remove with undo', async () => {
  const { page, problems } = await openAgenda(undefined, '/agenda/panitia');
  await page.getByText('Belum ada panitia.').waitFor();
  const committee = () => api('participant_list', { event_id: eventId, role: 'committee', status: 'registered' });

  await page.getByRole('button', { name: '+ Tambah panitia' }).click();
  let dialog = page.getByRole('dialog', { name: 'Tambah panitia' });
  await dialog.getByLabel('Nama lengkap').fill('Sri Wahyuni, S.Kom.');
  await dialog.getByLabel('Tugas').fill('Ketua');
  await dialog.getByLabel('Jabatan').fill('Kepala Bidang Komunikasi Publik');
  await dialog.getByLabel('OPD').fill('Dinas Komunikasi dan Informatika');
  await page.screenshot({ path: outputFile('agenda-committee-form.png') });
  await dialog.getByLabel('Jabatan').press('Enter');
  await page.getByText('Sri Wahyuni, S.Kom. ditambahkan ke panitia.').waitFor();
  const table = page.getByTestId('committee-table');
  const sri = table.locator('tbody tr', { hasText: 'Sri Wahyuni' });
  assert.match(await sri.innerText(), /Ketua[\s\S]*Kepala Bidang Komunikasi Publik/);

  await sri.getByRole('button', { name: 'Ubah Sri Wahyuni, S.Kom.' }).click();
  dialog = page.getByRole('dialog', { name: 'Ubah data panitia' });
  assert.equal(await dialog.getByLabel('Tugas').inputValue(), 'Ketua');
  await dialog.getByLabel('Tugas').fill('Sekretaris');
  await dialog.getByLabel('Nama lengkap').press('Enter');
  await page.getByText('Data panitia berhasil disimpan.').waitFor();
  await sri.getByText('Sekretaris').waitFor();
  const saved = committee().find((p) => p.name === 'Sri Wahyuni, S.Kom.');
  assert.deepEqual([saved.role, saved.duty, saved.opd], ['committee', 'Sekretaris', 'Dinas Komunikasi dan Informatika']);
  await page.screenshot({ path: outputFile('agenda-committee.png') });

  await sri.getByRole('button', { name: 'Hapus Sri Wahyuni, S.Kom. dari panitia' }).click();
  const confirm = page.getByRole('dialog', { name: 'Hapus dari panitia?' });
  await confirm.getByRole('button', { name: 'Ya, hapus' }).click();
  await page.getByText('Sri Wahyuni, S.Kom. dihapus dari panitia.').waitFor();
  await page.getByText('Belum ada panitia.').waitFor();
  assert.equal(committee().length, 0);
  await page.getByRole('button', { name: 'Urungkan' }).click();
  await sri.waitFor();
  assert.equal(committee().length, 1);
  assert.deepEqual(problems, []);
});

test('two signatories are saved, left then right, and are there after a reload', async () => {
  const { page, problems } = await openAgenda(undefined, '/agenda/penanda-tangan');
  const first = page.getByTestId('signatory-1');
  await first.getByLabel('Jabatan').fill('Kepala Dinas Komunikasi dan Informatika');
  await first.getByLabel('Nama').fill('Drs. H. Moh. Sumarsono, M.Si.');
  await first.getByLabel('Pangkat/Golongan').fill('Pembina Utama Muda / IV/c');
  await first.getByLabel('NIP').fill('196503121990031005');
  await first.getByText('Lahir: Jumat, 12 Maret 1965').waitFor();
  await page.getByRole('button', { name: '+ Tambah penanda tangan kedua' }).click();
  const second = page.getByTestId('signatory-2');
  await second.waitFor();
  assert.match(await first.locator('legend').innerText(), /Penanda tangan 1 \(kiri\)/);
  assert.match(await second.locator('legend').innerText(), /Penanda tangan 2 \(kanan\)/);
  await expectFocus(page, 'sg-1-position');
  await second.getByLabel('Jabatan').fill('Ketua Panitia');
  await second.getByLabel('NIP').fill('1234');
  await second.getByLabel('Jabatan').press('Enter');
  // Errors of the second signatory stay with its fields.
  await second.getByText('Nama penanda tangan 2 wajib diisi.').waitFor();
  assert.equal(await second.getByLabel('Nama').getAttribute('aria-invalid'), 'true');
  assert.equal(await second.getByLabel('NIP').getAttribute('aria-invalid'), 'true');
  await expectFocus(page, 'sg-1-name');
  await shot(page, 'agenda-signatories-errors.png');
  assert.deepEqual(api('signatory_list', { event_id: eventId }), []);

  await second.getByLabel('Nama').fill('Sri Wahyuni, S.Kom.');
  await second.getByLabel('NIP').fill('');
  await second.getByLabel('Nama').press('Enter');
  await page.getByText('Penanda tangan berhasil disimpan.').waitFor();
  const list = api('signatory_list', { event_id: eventId });
  assert.deepEqual(
    list.map((s) => [s.ord, s.name, s.nip, s.position]),
    [
      [1, 'Drs. H. Moh. Sumarsono, M.Si.', '196503121990031005', 'Kepala Dinas Komunikasi dan Informatika'],
      [2, 'Sri Wahyuni, S.Kom.', null, 'Ketua Panitia'],
    ],
  );

  await page.reload();
  await page.getByTestId('signatory-2').waitFor();
  assert.equal(await page.getByTestId('signatory-1').getByLabel('Nama').inputValue(), 'Drs. H. Moh. Sumarsono, M.Si.');
  assert.equal(await page.getByTestId('signatory-1').getByLabel('NIP').inputValue(), '19650312 199003 1 005');
  assert.equal(await page.getByTestId('signatory-2').getByLabel('Jabatan').inputValue(), 'Ketua Panitia');
  assert.equal(await page.getByTestId('signatory-2').getByLabel('Nama').inputValue(), 'Sri Wahyuni, S.Kom.');
  await shot(page, 'agenda-signatories.png');

  // Swapping sides, then Escape undoes the unsaved change.
  await page.getByRole('button', { name: 'Tukar kiri dan kanan' }).click();
  assert.equal(await page.getByTestId('signatory-1').getByLabel('Nama').inputValue(), 'Sri Wahyuni, S.Kom.');
  await page.getByTestId('signatory-1').getByLabel('Nama').press('Escape');
  assert.equal(await page.getByTestId('signatory-1').getByLabel('Nama').inputValue(), 'Drs. H. Moh. Sumarsono, M.Si.');
  assert.deepEqual(problems, []);
});

test('names and titles with markup show as text', async () => {
  const { page, problems } = await openAgenda();
  await page.getByRole('button', { name: 'Tambah sesi pada hari ke-2' }).click();
  await page.getByLabel('Judul/Materi').fill(XSS_TITLE);
  await page.getByLabel('Jam mulai').fill('13:00');
  await page.getByLabel('Jam selesai').fill('14:00');
  // While adding, a new speaker is registered now and assigned when the session is saved.
  const picker = page.getByTestId('picker-speaker');
  await picker.getByRole('button', { name: '+ Narasumber baru' }).click();
  await picker.getByLabel('Nama narasumber').fill(XSS);
  await picker.getByLabel('Nama narasumber').press('Enter');
  await picker.getByRole('list', { name: 'Narasumber terpilih' }).getByText(XSS).waitFor();
  assert.deepEqual(speakers().find((s) => s.name === XSS).sessions, []);
  await page.getByRole('button', { name: 'Simpan' }).click();

  const row = day(page, 2).locator('[data-testid=session]', { hasText: 'Tanya Jawab' });
  await row.waitFor();
  assert.equal(await row.locator('.session-title strong').innerText(), XSS_TITLE);
  await row.locator('.chip', { hasText: XSS }).waitFor();
  assert.equal(await page.locator('.agenda-days img, .agenda-days script, .agenda-days b').count(), 0);
  assert.deepEqual(speakers().find((s) => s.name === XSS).sessions.map((s) => s.title), [XSS_TITLE]);
  await shot(page, 'agenda-markup.png');

  await page.getByRole('link', { name: 'Narasumber & moderator' }).click();
  const tr = page.getByTestId('speaker-table').locator('tbody tr', { hasText: 'Rudi' });
  await tr.waitFor();
  assert.match(await tr.innerText(), /<img src=x onerror=alert\(1\)> Rudi/);
  assert.equal(await page.locator('[data-testid=speaker-table] img').count(), 0);
  assert.deepEqual(problems, []);
});

test('deleting a session asks first and can be undone with its speakers', async () => {
  const { page, problems } = await openAgenda();
  const row = sessionRow(page, 'Strategi Komunikasi Publik');
  await row.getByRole('button', { name: /^Hapus sesi/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Hapus sesi?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Rabu, 18 September 2019 · 09\.00–10\.30/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(sessions().some((s) => s.title.startsWith('Strategi')));

  await row.getByRole('button', { name: /^Hapus sesi/ }).click();
  await page.screenshot({ path: outputFile('agenda-delete.png') });
  await dialog.getByRole('button', { name: 'Ya, hapus' }).click();
  await page.getByText('Sesi "Strategi Komunikasi Publik melalui Media Sosial" dihapus.').waitFor();
  await row.waitFor({ state: 'detached' });
  assert.ok(!sessions().some((s) => s.title.startsWith('Strategi')));

  await page.getByRole('button', { name: 'Urungkan' }).click();
  await page.getByText('Sesi "Strategi Komunikasi Publik melalui Media Sosial" dipulihkan.').waitFor();
  await row.locator('.chip', { hasText: 'Ir. Bambang Hartono, M.T.' }).waitFor();
  const back = sessions().find((s) => s.title.startsWith('Strategi'));
  assert.deepEqual(
    [back.date, back.start_time, back.end_time, back.room, back.jp],
    ['2019-09-18', '09:00', '10:30', ROOM, 3],
  );
  assert.deepEqual(back.speakers.map((p) => p.name), ['Ir. Bambang Hartono, M.T.']);
  assert.deepEqual(back.moderators.map((p) => p.name), ['Dr. Retno Wulandari, M.Kom.']);
  assert.deepEqual(problems, []);
});

test('usable on a 360 px desk phone', async () => {
  const { page, problems } = await openAgenda({ width: 360, height: 740 });
  await sessionRow(page, 'Pembukaan').waitFor();
  assert.ok((await overflow(page)) <= 0, `schedule is ${await overflow(page)}px wider than the screen`);
  await shot(page, 'agenda-phone.png');

  await sessionRow(page, 'Strategi Komunikasi Publik').getByRole('link', { name: /^Ubah sesi/ }).click();
  await page.getByTestId('picker-speaker').waitFor();
  await page.getByTestId('picker-speaker').getByRole('button', { name: '+ Narasumber baru' }).click();
  assert.ok((await overflow(page)) <= 0, `session form is ${await overflow(page)}px wider than the screen`);
  await shot(page, 'agenda-phone-form.png');
  await page.getByTestId('picker-speaker').getByLabel('Nama narasumber').press('Escape');
  await page.keyboard.press('Escape');
  await sessionRow(page, 'Pembukaan').waitFor();

  for (const [tab, name, ready] of [
    ['Narasumber & moderator', 'speakers', 'speaker-table'],
    ['Panitia', 'committee', 'committee-table'],
    ['Penanda tangan', 'signatories', 'signatory-form'],
  ]) {
    await page.getByRole('navigation', { name: 'Bagian Agenda' }).getByRole('link', { name: tab }).click();
    await page.getByTestId(ready).waitFor();
    assert.ok((await overflow(page)) <= 0, `${tab} is ${await overflow(page)}px wider than the screen`);
    await shot(page, `agenda-phone-${name}.png`);
  }
  assert.deepEqual(problems, []);
});

test('copy to new dates, then make the copy the active event', async () => {
  const { page, problems } = await openAgenda();
  await page.getByRole('button', { name: 'Salin ke tanggal baru…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Salin ke tanggal baru' });
  await dialog.getByRole('button', { name: 'Salin' }).click();
  await dialog.getByText('Tanggal mulai wajib diisi.').waitFor();
  await dialog.getByLabel('Tanggal mulai baru').fill('2020-09-15');
  await dialog.getByText('Salinan: Selasa–Rabu, 15–16 September 2020').waitFor();
  await dialog.getByLabel('Judul kegiatan').fill(`${EVENT} Angkatan II`);
  await page.screenshot({ path: outputFile('agenda-clone.png') });
  await dialog.getByLabel('Judul kegiatan').press('Enter');
  await dialog.getByTestId('clone-done').waitFor();
  const copy = cli(db, 'event', 'list').find((e) => e.title === `${EVENT} Angkatan II`);
  try {
    assert.deepEqual([copy.start_date, copy.end_date], ['2020-09-15', '2020-09-16']);
    await dialog.getByRole('button', { name: 'Jadikan kegiatan aktif' }).click();
    await page.getByTestId('active-event').getByText(`${EVENT} Angkatan II`).waitFor();
    await day(page, 2).getByRole('heading', { name: 'Hari ke-2 — Rabu, 16 September 2020' }).waitFor();
    const row = day(page, 2).locator('[data-testid=session]', { hasText: 'Strategi Komunikasi Publik' });
    await row.locator('.chip', { hasText: 'Ir. Bambang Hartono, M.T.' }).waitFor();
    assert.match(await row.innerText(), /09\.00–10\.30/);
    await shot(page, 'agenda-clone-active.png');
    const copied = api('session_list', { event_id: copy.id });
    assert.equal(copied.length, sessions().length);
    assert.equal(api('signatory_list', { event_id: copy.id }).length, 2);
    assert.deepEqual(problems, []);
  } finally {
    // Later tests count on a single current event.
    cli(db, 'event', 'archive', copy.id);
  }
});

test('Cetak Jadwal downloads the agenda as PDF', async () => {
  const { page, problems } = await openAgenda();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Cetak Jadwal' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /\.pdf$/);
  assert.equal(readFileSync(await file.path()).subarray(0, 4).toString(), '%PDF');
  await page.getByText(`Berkas disimpan: ${file.suggestedFilename()}`).waitFor();
  assert.deepEqual(problems, []);
});
