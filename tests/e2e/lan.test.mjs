// LAN desk mode in headless Debian Chromium against `bintek serve --lan` (on loopback for
// the test, with a fixed PIN): the browser asks for the PIN, a wrong one is refused, the
// right one pairs "Meja 2"; the desk sees only the check-in desk, checks someone in, and
// the organizer (the host's database) sees the count and the desk. A name with markup
// shows as text. Revoking the desk sends the browser back to the PIN screen. The organizer
// (admin token) issues a new PIN in Pengaturan: the old one no longer pairs, the new one does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tempDb, outputFile, cli } from './helpers.mjs';
import { startApp, api as callApi, today } from './fixture.mjs';

const XSS = '<b>Tebal</b> <img src=x onerror=alert(1)> Wati';

let server;
let app;
let db;
let eventId;
let sessionId;
const codes = {};

const api = (name, args) => callApi(db, name, args);
before(async () => {
  db = tempDb();
  const date = today();
  eventId = cli(db, 'event', 'create', '--title', 'Bimtek Keamanan Informasi', '--start', date).id;
  sessionId = api('session_add', {
    event_id: eventId, title: 'Materi Sepanjang Hari', date, start_time: '00:00', end_time: '23:59',
  }).id;
  for (const [name, opd] of [['Siti Aminah, S.Kom.', 'Dinas Kesehatan'], [XSS, 'Inspektorat Daerah']]) {
    cli(db, 'participant', 'add', '--event', eventId, '--name', name, '--opd', opd, '--opd-baru');
  }
  for (const p of cli(db, 'participant', 'list', '--event', eventId)) codes[p.name] = p.code;
  app = await startApp(db, ['--lan', '--pin', '123456']);
  server = app.server;
});

after(async () => {
  await app?.close();
});

test('serve --lan prints the PIN and an admin token', () => {
  assert.equal(server.info.pin, '123456');
  assert.match(server.info.admin_token, /^[0-9a-f]{64}$/);
});

test('a desk pairs with the PIN, checks someone in, and the host sees it', async () => {
  const { page, problems } = await app.newPage({ width: 412, height: 915 });
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Pasang meja registrasi' }).waitFor();
  await page.screenshot({ path: outputFile('lan-pair.png') });

  // A wrong PIN: refused, with the tries left.
  await page.getByLabel('PIN').fill('000000');
  await page.getByLabel('Nama meja').fill('Meja 2');
  await page.getByRole('button', { name: 'Pasang meja' }).click();
  await page.getByText(/PIN salah\. Sisa 4 percobaan/).waitFor();

  await page.getByLabel('PIN').fill('123456');
  await page.getByRole('button', { name: 'Pasang meja' }).click();
  await page.getByTestId('desk-name').getByText('Meja 2').waitFor();
  // Only the desk: no organizer menu.
  assert.equal(await page.getByRole('navigation', { name: 'Menu utama' }).count(), 0);
  assert.equal(await page.getByTestId('prints').count(), 0);

  const input = page.getByRole('combobox', { name: 'Pindai QR atau ketik nama / NIP / kode' });
  await input.waitFor();
  await input.focus();
  await page.keyboard.type(codes[XSS]);
  await page.keyboard.press('Enter');
  const feedback = page.getByTestId('feedback');
  await feedback.getByText('Wati').waitFor();
  // Markup in a name is shown as text, never made into elements.
  assert.ok((await feedback.innerText()).includes('<b>Tebal</b>'));
  assert.equal(await page.locator('[data-testid="feedback"] b, [data-testid="feedback"] img').count(), 0);
  await page.getByTestId('present').getByText('1').waitFor();
  await page.screenshot({ path: outputFile('lan-desk.png') });

  // The host: the attendance is there, written by Meja 2, and the desk is listed.
  const list = api('attendance_list', { event_id: eventId, session_id: sessionId });
  assert.equal(list.length, 1);
  assert.equal(list[0].desk, 'Meja 2');
  const desks = api('desk_list', {});
  assert.equal(desks[0].name, 'Meja 2');
  assert.equal(desks[0].checkins, 1);

  // The organizer revokes the desk: its next call sends it back to the PIN screen.
  api('desk_revoke', { id: desks[0].id });
  await input.focus();
  await page.keyboard.type(codes['Siti Aminah, S.Kom.']);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Pasang meja registrasi' }).waitFor();
  assert.equal(api('attendance_list', { event_id: eventId, session_id: sessionId }).length, 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the organizer issues a new PIN: the new one pairs, the old one does not', async () => {
  // The organizer's browser on `serve --lan` carries the admin token the server printed.
  const { page: host, problems } = await app.newPage({ width: 1366, height: 768 });
  await host.addInitScript((t) => localStorage.setItem('bintek.deskToken', t), server.info.admin_token);
  await host.goto(`${server.url}#/pengaturan`);
  const shown = host.getByTestId('lan-pin');
  await shown.getByText('123456').waitFor();
  await host.getByRole('button', { name: 'Buat PIN baru' }).click();
  await host.getByText(/PIN baru dibuat/).waitFor();
  await host.waitForFunction(
    () => /^\d{6}$/.test(document.querySelector('[data-testid="lan-pin"]')?.textContent ?? '')
      && document.querySelector('[data-testid="lan-pin"]')?.textContent !== '123456',
  );
  const fresh = (await shown.innerText()).trim();
  assert.match(fresh, /^\d{6}$/);
  assert.notEqual(fresh, '123456');
  await host.screenshot({ path: outputFile('lan-new-pin.png') });

  // A desk: the old PIN is refused, the new one pairs.
  const { page: desk, problems: deskProblems } = await app.newPage({ width: 412, height: 915 });
  await desk.goto(server.url);
  await desk.getByRole('heading', { name: 'Pasang meja registrasi' }).waitFor();
  await desk.getByLabel('PIN').fill('123456');
  await desk.getByLabel('Nama meja').fill('Meja 5');
  await desk.getByRole('button', { name: 'Pasang meja' }).click();
  await desk.getByText(/PIN salah/).waitFor();
  await desk.getByLabel('PIN').fill(fresh);
  await desk.getByRole('button', { name: 'Pasang meja' }).click();
  await desk.getByTestId('desk-name').getByText('Meja 5').waitFor();
  assert.ok(api('desk_list', {}).some((d) => d.name === 'Meja 5' && !d.revoked_at));
  assert.deepEqual([...problems, ...deskProblems], []);
  await host.close();
  await desk.close();
});

test('the organizer opens the printed address and turns desk mode off and on from the browser', async () => {
  // `bintek serve --lan` prints the organizer's address: the page keeps the token and
  // drops it from the address bar.
  assert.match(server.info.organizer_url, /^http:\/\/127\.0\.0\.1:\d+\/#\/panitia\/[0-9a-f]{64}$/);
  const { page: host, problems } = await app.newPage({ width: 1366, height: 900 });
  await host.goto(server.info.organizer_url);
  await host.getByTestId('beranda').waitFor();
  assert.equal(new URL(host.url()).hash, '#/beranda');
  await host.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  const panel = host.getByTestId('desk-mode');
  await host.waitForFunction(() => /^\d{6}$/.test(document.querySelector('[data-testid="lan-pin"]')?.textContent ?? ''));
  const pin = (await panel.getByTestId('lan-pin').innerText()).trim();

  // A desk pairs while desk mode is on.
  const { page: desk, problems: deskProblems } = await app.newPage({ width: 412, height: 915 });
  await desk.goto(server.url);
  await desk.getByLabel('PIN').fill(pin);
  await desk.getByLabel('Nama meja').fill('Meja 6');
  await desk.getByRole('button', { name: 'Pasang meja' }).click();
  await desk.getByTestId('desk-name').getByText('Meja 6').waitFor();

  // Off: the desk's scan is refused with the reason, and it stays paired.
  await panel.getByRole('button', { name: 'Matikan mode meja registrasi' }).click();
  await panel.getByTestId('lan-off').waitFor();
  const input = desk.getByRole('combobox', { name: 'Pindai QR atau ketik nama / NIP / kode' });
  await input.focus();
  await desk.keyboard.type(codes['Siti Aminah, S.Kom.']);
  await desk.keyboard.press('Enter');
  await desk.getByTestId('feedback').getByText(/sedang dimatikan oleh panitia/).waitFor();
  assert.equal(await desk.getByRole('heading', { name: 'Pasang meja registrasi' }).count(), 0);
  assert.ok(!api('attendance_list', { event_id: eventId, session_id: sessionId }).some((r) => r.desk === 'Meja 6'));

  // On again: the same desk checks the person in.
  await panel.getByRole('button', { name: 'Nyalakan mode meja registrasi' }).click();
  await panel.getByTestId('lan-pin').waitFor();
  await input.focus();
  await desk.keyboard.type(codes['Siti Aminah, S.Kom.']);
  await desk.keyboard.press('Enter');
  await desk.getByTestId('feedback').getByText('Siti Aminah').waitFor();
  assert.ok(api('attendance_list', { event_id: eventId, session_id: sessionId }).some((r) => r.desk === 'Meja 6'));

  // F1 at the desk: the desk's own help page, with no way into the organizer's screens.
  await desk.keyboard.press('F1');
  const help = desk.getByTestId('help');
  await help.locator('[data-slug="kehadiran"]').waitFor();
  await help.getByRole('heading', { name: 'Pemindai mengetik ke kotak yang salah' }).waitFor();
  assert.equal(await help.getByRole('link').count(), 0);
  assert.equal(await help.getByRole('navigation').count(), 0);
  await desk.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  assert.deepEqual([...problems, ...deskProblems], []);
  await host.close();
  await desk.close();
});
