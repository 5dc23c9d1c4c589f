// Debian Chromium against `bintek.exe serve` installed in a Wine prefix (run by
// tests/windows/installer.sh with BINTEK_URL): the Beranda sends to the event list, which
// shows the demo event; the chosen event's Beranda shows its checklist; and a
// desk checks a participant in by typing their name at human speed, then Enter; that
// participant then signs in on the participants' page (`/p/`) at a phone's size.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const URL_ = process.env.BINTEK_URL;
const SHOTS = process.env.BINTEK_SHOTS;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EVENT = 'Bimtek Uji Windows';
const PERSON = 'Sri Rahayu, S.E.';

let browser;

async function api(name, args) {
  const res = await fetch(new URL(`/api/${name}`, URL_), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body;
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

before(async () => {
  assert.ok(URL_, 'BINTEK_URL is set by tests/windows/installer.sh');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
});

test('the event list and a desk check-in, served by bintek.exe under Wine', async () => {
  const date = today();
  const event = await api('event_create', { title: EVENT, start_date: date, end_date: date, venue: 'Aula Ñusantara' });
  const session = await api('session_add', {
    event_id: event.id, title: 'Materi Sepanjang Hari', date, start_time: '00:00', end_time: '23:59',
    kind: 'material', takes_attendance: true,
  });
  await api('participant_add', { event_id: event.id, name: PERSON, opd: 'Badan Perencanaan Pembangunan Daerah', create_opd: true });

  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(URL_);
  // Two events and none chosen: the Beranda says where to choose.
  await page.getByTestId('choose-event').getByRole('button', { name: 'Buka menu Kegiatan' }).click();
  // The demo event that `bintek.exe demo` made, and ours.
  await page.locator('tbody tr', { hasText: 'Pengelolaan Media Sosial' }).first().waitFor();
  const row = page.locator('tbody tr', { hasText: EVENT });
  await row.getByRole('button', { name: EVENT }).click();
  await page.getByTestId('active-event').getByText(EVENT).waitFor();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'wine-events.png') });
  // Its Beranda: the checklist from event_overview, served by bintek.exe.
  await page.getByRole('link', { name: 'Beranda' }).click();
  await page.getByTestId('check-registrations').getByText('1 peserta dari 1 OPD.').waitFor();

  await page.getByRole('link', { name: 'Kehadiran' }).click();
  await page.getByRole('heading', { name: 'Kehadiran', exact: true }).waitFor();
  const input = page.getByRole('combobox', { name: 'Pindai QR atau ketik nama / NIP / kode' });
  await input.click();
  await input.pressSequentially('rahayu', { delay: 70 });
  await page.getByTestId('desk-results').getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
  const feedback = page.getByTestId('feedback');
  await feedback.getByText(PERSON).waitFor();
  assert.match(await feedback.innerText(), /HADIR/);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'wine-desk.png') });

  const present = await api('attendance_list', { event_id: event.id, session_id: session.id });
  assert.deepEqual(present.map((p) => p.name), [PERSON]);
  assert.deepEqual(problems, []);
});

test('a participant signs in on the participants\' page of bintek.exe from a phone', async () => {
  const event = (await api('event_list', {})).find((e) => e.title === EVENT);
  const person = (await api('participant_list', { event_id: event.id })).find((p) => p.name === PERSON);
  await api('portal_set', { event_id: event.id, open: true });
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(new URL('/p', URL_).href);
  const code = page.getByLabel('Kode kartu peserta');
  await code.click();
  await code.pressSequentially(person.code, { delay: 70 });
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('participant-name').getByText(PERSON).waitFor();
  await page.getByTestId('attended').getByText('✓ Hadir').waitFor();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'wine-participant.png') });
  assert.deepEqual(problems, []);
});
