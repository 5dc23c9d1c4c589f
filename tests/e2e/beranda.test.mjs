// Beranda in headless Debian Chromium against `bintek serve`: the first-run guide of an
// empty database (agency profile, then the demo, which is marked and removed in one
// step); the readiness checklist of a new empty event (every item pending, each link
// landing on the screen and panel where it is fixed); and the demo event's Beranda,
// whose numbers follow a check-in and a card print without a reload.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDb, cli } from './helpers.mjs';
import { startApp, api, shot } from './fixture.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let empty;
let emptyDb;
let demo;
let demoDb;
let demoId;

before(async () => {
  emptyDb = tempDb('kosong.db');
  empty = await startApp(emptyDb);
  demoDb = tempDb('demo.db');
  demoId = cli(demoDb, 'demo').event_id;
  demo = await startApp(demoDb);
});

after(async () => {
  await empty?.close();
  await demo?.close();
});

/** The checklist as the screen shows it: key → status. */
async function checklist(page) {
  const items = page.getByTestId('checklist').locator('li[data-testid^="check-"]');
  await items.first().waitFor();
  const out = {};
  for (const li of await items.all()) {
    out[(await li.getAttribute('data-testid')).replace('check-', '')] = await li.getAttribute('data-status');
  }
  return out;
}

test('an empty database opens on the guide: profile, then the demo, which goes away in one step', async () => {
  const { page, problems } = await empty.newPage({ width: 1366, height: 900 });
  await page.goto(empty.server.url);
  await page.getByRole('heading', { name: 'Selamat datang di Bintek' }).waitFor();
  assert.equal(new URL(page.url()).hash, '');
  await shot(page, 'beranda-first-run.png');

  // Step 1: the agency profile, checked field by field.
  const step = page.getByTestId('step-profile');
  await step.getByLabel('Email').pressSequentially('kominfo@', { delay: 20 });
  await step.getByRole('button', { name: 'Simpan profil' }).click();
  await step.getByText('Nama instansi wajib diisi').waitFor();
  await step.getByLabel('Nama instansi').pressSequentially('Dinas Komunikasi dan Informatika', { delay: 10 });
  await step.getByLabel('Pemerintah daerah').fill('Pemerintah Kabupaten Blora');
  await step.getByRole('button', { name: 'Simpan profil' }).click();
  await step.getByText(/Email "kominfo@" tidak valid/).waitFor();
  assert.equal(api(emptyDb, 'agency_profile_get', {}), null, 'nothing saved while a field is wrong');
  await step.getByLabel('Email').fill('kominfo@blorakab.go.id');
  // A logo too small for the kop is refused by the server with the reason; a proper one
  // shows in the preview and is saved.
  await step.locator('input[name="logo"]').setInputFiles(join(ROOT, 'icons', '32x32.png'));
  await step.getByTestId('logo-preview').waitFor();
  await step.getByRole('button', { name: 'Simpan profil' }).click();
  await step.getByTestId('logo-error').getByText(/Logo tidak dapat dipakai: gambarnya terlalu kecil/).waitFor();
  assert.equal(api(emptyDb, 'agency_profile_get', {}), null, 'nothing saved while the logo is wrong');
  await step.locator('input[name="logo"]').setInputFiles(join(ROOT, 'icons', '128x128.png'));
  await step.getByRole('button', { name: 'Simpan profil' }).click();
  await step.getByText('Dinas Komunikasi dan Informatika, Pemerintah Kabupaten Blora').waitFor();
  const saved = api(emptyDb, 'agency_profile_get', {});
  assert.equal(saved.logo.mime, 'image/png');
  assert.deepEqual(Buffer.from(saved.logo.data, 'base64'), readFileSync(join(ROOT, 'icons', '128x128.png')));

  // Step 2: the demo opens on its Beranda, marked as the demo.
  await page.getByRole('button', { name: 'Buka kegiatan contoh' }).click();
  await page.getByTestId('beranda').waitFor();
  await page.getByTestId('demo-banner').getByText('Ini kegiatan contoh (demo).').waitFor();
  await page.getByTestId('demo-badge').waitFor();
  const items = await checklist(page);
  assert.equal(items.profile, 'done', JSON.stringify(items));
  await page.getByTestId('demo-banner').getByRole('button', { name: 'Hapus data contoh' }).click();
  await page.getByTestId('demo-banner').getByRole('button', { name: 'Ya, hapus' }).click();
  await page.getByText(/Data contoh dihapus: kegiatan/).waitFor();
  // Back to the guide, the organizer's own profile kept.
  await page.getByRole('heading', { name: 'Selamat datang di Bintek' }).waitFor();
  await page.getByTestId('step-profile').getByText('Dinas Komunikasi dan Informatika').waitFor();
  assert.equal(await page.getByTestId('demo-badge').count(), 0);
  assert.deepEqual(problems, []);
});

test('a new empty event: every item pending, and each link lands where it is fixed', async () => {
  const { page, problems } = await empty.newPage({ width: 1366, height: 900 });
  await page.goto(empty.server.url);
  await page.getByRole('button', { name: '+ Tambah Kegiatan' }).click();
  await page.getByLabel('Judul kegiatan').pressSequentially('Bimtek Tata Naskah Dinas', { delay: 10 });
  await page.getByLabel('Tanggal mulai').fill('2031-02-03');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data berhasil disimpan.').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Beranda' }).click();
  await page.getByTestId('beranda').waitFor();
  assert.equal(await page.getByTestId('phase').innerText(), 'Persiapan');
  const items = await checklist(page);
  // The profile was set in the guide before; everything about the event is still to do.
  assert.deepEqual(
    Object.entries(items).filter(([k]) => k !== 'profile' && k !== 'backup'),
    ['agenda', 'speakers', 'signatories', 'registrations', 'badges', 'template'].map((k) => [k, 'pending']),
  );
  // The backup is pending until one is made, or asks for a second location.
  assert.ok(['pending', 'warn'].includes(items.backup), items.backup);
  await shot(page, 'beranda-empty-event.png');

  // Item → [the route, the panel in view (and focused, where the last part of the
  // route names a panel rather than a tab), or the screen's heading].
  const lands = {
    profile: ['#/pengaturan/profil', 'agency-profile', true],
    agenda: ['#/agenda', 'Agenda'],
    speakers: ['#/agenda', 'Agenda'],
    signatories: ['#/agenda/penanda-tangan', 'signatory-form', false],
    registrations: ['#/peserta', 'Peserta'],
    badges: ['#/peserta/kartu', 'Peserta'],
    template: ['#/sertifikat/pengaturan', 'cert-settings', true],
    backup: ['#/pengaturan/cadangan', 'backups', true],
  };
  for (const [key, [hash, target, focused]] of Object.entries(lands)) {
    await page.getByTestId(`check-${key}`).getByRole('link').click();
    await page.waitForURL((u) => u.hash === hash);
    if (focused === undefined) {
      await page.getByRole('heading', { name: target, level: 1 }).waitFor();
    } else {
      const panel = page.getByTestId(target);
      await panel.waitFor();
      const inView = await panel.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top < window.innerHeight && r.bottom > 0;
      });
      assert.ok(inView, `${key}: ${target} in view`);
      if (focused) {
        await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, target);
      }
    }
    if (key === 'badges') {
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-anchor') === 'kartu');
    }
    await page.goBack();
    await page.getByTestId('beranda').waitFor();
  }
  assert.deepEqual(problems, []);
});

test("the demo event's Beranda follows a check-in and a card print without a reload", async () => {
  const { page, problems } = await demo.newPage({ width: 1366, height: 900 });
  await page.goto(demo.server.url);
  await page.getByTestId('beranda').waitFor();
  assert.equal(await page.getByTestId('phase').innerText(), 'Selesai');
  const items = await checklist(page);
  assert.deepEqual(
    { ...items, backup: undefined },
    {
      profile: 'done',
      agenda: 'done',
      speakers: 'done',
      signatories: 'done',
      registrations: 'done',
      badges: 'pending',
      template: 'pending',
      backup: undefined,
    },
  );
  await page.getByTestId('check-registrations').getByText('120 peserta dari 20 OPD, kuota 120.').waitFor();
  const tile = page.getByTestId('tile-present');
  const before = await tile.locator('strong').innerText();
  const [present, registered] = before.split(' / ').map(Number);
  assert.equal(registered, 120);

  // A desk checks in someone missing from the last session: the tile follows.
  const sessions = api(demoDb, 'session_list', { event_id: demoId }).filter((s) => s.takes_attendance);
  const last = sessions[sessions.length - 1];
  const absent = api(demoDb, 'attendance_absent', { event_id: demoId, session_id: last.id, limit: 1 });
  api(demoDb, 'checkin', { event_id: demoId, session_id: last.id, code: absent.people[0].code, desk: 'Meja 3' });
  await tile.getByText(`${present + 1} / 120`).waitFor({ timeout: 12_000 });

  // Print the cards from where the checklist points; the item turns done.
  await page.getByTestId('check-badges').getByRole('link', { name: 'Atur' }).click();
  await page.waitForURL((u) => u.hash === '#/peserta/kartu');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Cetak kartu' }).click();
  await download;
  await page.getByRole('navigation').getByRole('link', { name: 'Beranda' }).click();
  await page.getByTestId('check-badges').getByText('Semua 120 peserta sudah punya kartu.').waitFor();
  assert.equal(await page.getByTestId('check-badges').getAttribute('data-status'), 'done');
  await shot(page, 'beranda-demo.png');
  assert.deepEqual(problems, []);

  // On a desk clerk's phone it reads without sideways scrolling.
  const phone = await demo.newPage({ width: 360, height: 740 });
  await phone.page.goto(demo.server.url);
  await phone.page.getByTestId('checklist').waitFor();
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the Beranda is ${overflow}px wider than the phone`);
  assert.deepEqual(phone.problems, []);
});

test('Bantuan: F1 opens the help of the screen in view, searchable and offline', async () => {
  const { page, problems } = await demo.newPage({ width: 1366, height: 900 });
  await page.goto(demo.server.url);
  await page.getByTestId('beranda').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Peserta' }).click();
  await page.getByRole('heading', { name: 'Peserta', level: 1 }).waitFor();
  // The help is part of the app: it opens with the network gone.
  await page.context().setOffline(true);
  await page.keyboard.press('F1');
  const help = page.getByTestId('help');
  await help.getByTestId('help-page').and(page.locator('[data-slug="peserta"]')).waitFor();
  await help.getByRole('heading', { name: 'NIP berubah menjadi angka bulat' }).waitFor();
  // Markdown marks become elements and text, never markup from the file.
  assert.equal(await help.locator('strong', { hasText: 'Format Cells' }).count(), 1);
  assert.equal(await help.locator('.help-page').evaluate((el) => el.innerHTML.includes('**')), false);

  // Search across pages, with case and accents ignored.
  const search = help.getByTestId('help-search');
  for (const [q, page_, section] of [
    ['pemindai', 'Kehadiran', 'Pemindai mengetik ke kotak yang salah'],
    ['palsu', 'Sertifikat', 'Sertifikat terverifikasi sebagai PALSU / DIUBAH'],
    ['tidak bisa terhubung', 'Kehadiran', 'Meja tidak bisa terhubung ke komputer panitia'],
  ]) {
    await search.fill('');
    await search.pressSequentially(q, { delay: 20 });
    const hit = help.getByTestId('help-hits').getByRole('button', { name: `${page_} › ${section}` }).first();
    await hit.click();
    await help.getByRole('heading', { name: section }).waitFor();
  }
  await search.fill('zzzz tidak ada');
  await help.getByTestId('help-no-hits').waitFor();
  await shot(page, 'help-search.png');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.context().setOffline(false);

  // The "?" opens the page of the screen in view; a link in it goes to that screen.
  await page.getByRole('navigation').getByRole('link', { name: 'Kehadiran' }).click();
  await page.getByTestId('help-button').click();
  await help.locator('[data-slug="kehadiran"]').waitFor();
  await help.getByRole('link', { name: 'Pengaturan' }).first().click();
  await help.waitFor({ state: 'hidden' });
  await page.waitForURL((u) => u.hash === '#/pengaturan');
  assert.deepEqual(problems, []);
});
