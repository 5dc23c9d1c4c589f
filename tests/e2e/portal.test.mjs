// The participants' page in headless Debian Chromium at a small Android phone's size
// (360×640) against `bintek serve --lan`: the organizer opens it in the Evaluasi menu and
// shows its address as a QR code (zbar reads it back); a phone opens `/p/`, types a wrong
// code and then the right one at human speed, sees its own name, agenda and attendance,
// survives a dropped connection, and downloads its own certificate, whose QR code the
// organizer's verification accepts. The organizer's count of signed-in phones goes up.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tempDb, outputFile, cli } from './helpers.mjs';
import { startApp, api as callApi, today, shot } from './fixture.mjs';

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
  for (const [name, opd] of [['Siti Aminah, S.Kom.', 'Dinas Kesehatan'], ['Budi Santoso', 'Inspektorat Daerah']]) {
    cli(db, 'participant', 'add', '--event', eventId, '--name', name, '--opd', opd, '--opd-baru');
  }
  for (const p of cli(db, 'participant', 'list', '--event', eventId)) codes[p.name] = p.code;
  api('checkin', { event_id: eventId, session_id: sessionId, code: codes['Siti Aminah, S.Kom.'] });
  api('certificate_settings_set', { event_id: eventId, min_attendance: 100 });
  // Siti attended and gets a certificate; Budi did not.
  assert.equal(api('certificate_issue', { event_id: eventId }).issued, 1);
  app = await startApp(db, ['--lan', '--pin', '123456']);
});

after(async () => {
  await app?.close();
});

/** The text of a QR code in a PNG, through zbar. */
function qrText(png) {
  return execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' }).trim();
}

test('the organizer opens the participants\' page and shows its address as a QR code', async () => {
  const { page, problems } = await app.newPage();
  await page.goto(app.server.info.organizer_url);
  await page.getByRole('link', { name: 'Evaluasi' }).click();
  const panel = page.getByTestId('portal');
  await panel.getByTestId('portal-state').getByText('tertutup').waitFor();
  await panel.getByRole('button', { name: 'Buka halaman peserta' }).click();
  await panel.getByTestId('portal-state').getByText('terbuka').waitFor();
  const port = new URL(app.server.url).port;
  const url = (await panel.getByTestId('portal-url').innerText()).trim();
  assert.match(url, new RegExp(`^http://[0-9.]+:${port}/p/$`));
  const png = outputFile('portal-qr.png');
  await panel.getByRole('img', { name: 'Kode QR alamat halaman peserta' }).screenshot({ path: png });
  assert.equal(qrText(png), url);
  await shot(page, 'portal-organizer.png');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a phone signs in with the badge code and sees only its own page', async () => {
  const { page, problems } = await app.newPage({ width: 360, height: 640 });
  await page.goto(`${app.server.url.replace(/\/$/, '')}/p`);
  assert.match(page.url(), /\/p\/$/);
  const code = page.getByLabel('Kode kartu peserta');
  await code.waitFor();
  // A typo first: refused beside the field, nothing else happens.
  await code.click();
  await code.pressSequentially('K7Q2MX', { delay: 90 });
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('alert').getByText(/Kode tidak dikenal/).waitFor();
  await shot(page, 'portal-phone-wrong.png');
  // The right one, typed in lower case with a dash as people do.
  const own = codes['Siti Aminah, S.Kom.'];
  await code.fill('');
  await code.pressSequentially(`${own.slice(0, 3).toLowerCase()}-${own.slice(3).toLowerCase()}`, { delay: 90 });
  await code.press('Enter');
  await page.getByTestId('participant-name').getByText('Siti Aminah, S.Kom.').waitFor();
  await page.getByText('Dinas Kesehatan').waitFor();
  await page.getByTestId('attended').getByText('✓ Hadir').waitFor();
  // No sideways scrolling on a 360 px phone.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `page is ${wide}px wide`);
  await shot(page, 'portal-phone.png');

  // The connection drops: the page says so and keeps the participant signed in.
  await page.route('**/api/me_get', (r) => r.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Muat ulang' }).click();
  await page.getByRole('alert').getByText(/Koneksi terputus/).waitFor();
  await page.unroute('**/api/me_get');
  await page.getByRole('button', { name: 'Muat ulang' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await page.getByTestId('participant-name').getByText('Siti Aminah, S.Kom.').waitFor();
  // A reload keeps the sign-in (the token stays on the phone).
  await page.reload();
  await page.getByTestId('participant-name').getByText('Siti Aminah, S.Kom.').waitFor();

  // The certificate: the PDF of this person, whose QR code verifies.
  const number = (await page.getByTestId('certificate-number').innerText()).trim();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('certificate-download').click(),
  ]);
  const pdf = outputFile('portal-certificate.pdf');
  await download.saveAs(pdf);
  assert.match(download.suggestedFilename(), /Siti Aminah, S\.Kom\.pdf$/);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /Siti Aminah/);
  assert.doesNotMatch(text, /Budi Santoso/);
  const prefix = outputFile('portal-certificate');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const verified = api('certificate_verify', { text: qrText(`${prefix}.png`) });
  assert.equal(verified.status, 'valid', JSON.stringify(verified));
  assert.equal(verified.number, number);
  assert.equal(verified.name, 'Siti Aminah, S.Kom.');

  // The token cannot reach anyone else's data.
  const token = await page.evaluate(() => localStorage.getItem('bintek.participantToken'));
  const res = await page.request.post(`${app.server.url}api/participant_list`, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    data: { event_id: eventId },
  });
  assert.equal(res.status(), 403);
  // The one failed load is the connection this test cut.
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED \(.*\/api\/me_get\)$/.test(p)), []);
  assert.equal(problems.length, 1, problems.join('\n'));
  await page.close();
});

test('a participant without a certificate is told so, and signing out forgets the phone', async () => {
  const { page, problems } = await app.newPage({ width: 360, height: 640 });
  await page.goto(`${app.server.url}p/`);
  const code = page.getByLabel('Kode kartu peserta');
  await code.click();
  await code.pressSequentially(codes['Budi Santoso'], { delay: 80 });
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('certificate-none').waitFor();
  await page.getByTestId('attended').getByText('—').waitFor();
  await page.getByRole('button', { name: 'Keluar' }).click();
  await code.waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('bintek.participantToken')), null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the organizer sees how many phones signed in', async () => {
  const { page, problems } = await app.newPage();
  await page.goto(app.server.info.organizer_url);
  await page.getByRole('link', { name: 'Evaluasi' }).click();
  await page.getByTestId('portal-signed-in').getByText('2').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
