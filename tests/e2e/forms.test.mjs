// Tests and evaluations on the participants' phones, in headless Debian Chromium against
// `bintek serve --lan`: the organizer makes a pre-test in the Evaluasi menu by typing its
// questions at human speed, a wrong one refused beside the question, and opens it; a
// phone (360×640) answers it, loses the connection as it sends (route aborted), keeps the
// answers, and sends them once when the connection is back; the organizer's live count
// goes to one and the results show the score. A Likert evaluation is answered by tapping,
// and a paired registration desk types in the paper copy of someone without a phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tempDb, cli, outputFile } from './helpers.mjs';
import { startApp, api as callApi, today, shot } from './fixture.mjs';

let app;
let db;
let eventId;
const codes = {};

const api = (name, args) => callApi(db, name, args);

before(async () => {
  db = tempDb();
  const date = today();
  eventId = cli(db, 'event', 'create', '--title', 'Bimtek Keamanan Informasi', '--start', date).id;
  api('session_add', { event_id: eventId, title: 'Phishing dan Sandi', date, start_time: '08:00', end_time: '10:00' });
  for (const [name, opd] of [['Siti Aminah', 'Dinas Kesehatan'], ['Budi Santoso', 'Inspektorat Daerah']]) {
    cli(db, 'participant', 'add', '--event', eventId, '--name', name, '--opd', opd, '--opd-baru');
  }
  for (const p of cli(db, 'participant', 'list', '--event', eventId)) codes[p.name] = p.code;
  api('portal_set', { event_id: eventId, open: true });
  app = await startApp(db, ['--lan', '--pin', '123456']);
});

after(async () => {
  await app?.close();
});

async function organizer() {
  const { page, problems } = await app.newPage();
  await page.goto(app.server.info.organizer_url);
  await page.getByRole('link', { name: 'Evaluasi' }).click();
  await page.getByTestId('forms').waitFor();
  return { page, problems };
}

async function phone(name) {
  const { page, problems } = await app.newPage({ width: 360, height: 640 });
  await page.goto(`${app.server.url}p/`);
  const code = page.getByLabel('Kode kartu peserta');
  await code.click();
  await code.pressSequentially(codes[name], { delay: 60 });
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('participant-name').getByText(name).waitFor();
  return { page, problems };
}

test('the organizer writes a pre-test and opens it', async () => {
  const { page, problems } = await organizer();
  await page.getByTestId('forms').getByRole('button', { name: 'Pre-test' }).click();
  const editor = page.getByTestId('form-editor');
  await editor.waitFor();
  for (const [i, [text, options, key]] of [
    ['Email yang meminta kata sandi disebut?', ['Phishing', 'Firewall', 'Enkripsi'], 'A. Phishing'],
    ['Sandi yang kuat paling sedikit berapa karakter?', ['4', '6', '12'], 'C. 12'],
  ].entries()) {
    await editor.getByRole('button', { name: '+ Tambah pertanyaan' }).click();
    const q = editor.getByLabel(`Teks pertanyaan ${i + 1}`);
    await q.click();
    await q.pressSequentially(text, { delay: 15 });
    const o = editor.getByLabel(`Pilihan jawaban ${i + 1} (satu per baris)`);
    await o.fill('');
    await o.pressSequentially(options.join('\n'), { delay: 15 });
    // The second question's key is left out first: refused beside it.
    if (i === 0) await editor.getByLabel(`Kunci jawaban ${i + 1}`).selectOption({ label: key });
  }
  await editor.getByRole('button', { name: 'Simpan' }).click();
  await editor.getByText('Pertanyaan 2: tentukan kunci jawabannya.').waitFor();
  assert.equal(api('form_list', { event_id: eventId })[0].questions.length, 0, 'nothing kept');
  await editor.getByLabel('Kunci jawaban 2').selectOption({ label: 'C. 12' });
  await editor.getByLabel('Batas waktu (menit, 0 tanpa batas)').fill('10');
  await editor.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Formulir disimpan.').waitFor();
  const [pre] = api('form_list', { event_id: eventId });
  assert.deepEqual(pre.questions.map((q) => q.answer), [0, 2]);
  assert.equal(pre.time_limit_min, 10);
  await shot(page, 'forms-editor.png');

  await page.getByRole('link', { name: '← Semua formulir' }).click();
  const row = page.getByTestId('form-list').getByRole('row', { name: /Pre-test/ });
  await row.getByRole('button', { name: 'Buka sekarang' }).click();
  await row.getByTestId('form-state').getByText('terbuka').waitFor();
  await row.getByTestId('form-count').getByText('0 / 2').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a phone answers the pre-test, loses the connection as it sends, and it arrives once', async () => {
  const { page, problems } = await phone('Siti Aminah');
  const list = page.getByTestId('me-forms');
  await list.getByRole('button', { name: 'Isi' }).click();
  const form = page.getByTestId('form-fill');
  await form.getByRole('timer').getByText(/Sisa waktu (9|10):/).waitFor();
  await form.getByRole('radio', { name: 'Phishing' }).check();
  await form.getByRole('radio', { name: '6' }).check();
  // A reload keeps what was answered.
  await page.reload();
  await page.getByTestId('me-forms').getByRole('button', { name: 'Isi' }).click();
  assert.equal(await form.getByRole('radio', { name: 'Phishing' }).isChecked(), true);
  await form.getByRole('radio', { name: '12' }).check();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `page is ${wide}px wide`);
  await shot(page, 'forms-phone.png');

  // The connection drops as it sends: kept on the phone, sent when it returns.
  await page.route('**/api/me_form_submit', (r) => r.abort('internetdisconnected'));
  await form.getByTestId('form-submit').click();
  await form.getByTestId('form-waiting').waitFor();
  assert.equal(await form.getByTestId('form-submit').isDisabled(), true, 'sent once, not twice');
  await shot(page, 'forms-phone-waiting.png');
  await page.unroute('**/api/me_form_submit');
  await page.getByTestId('form-thanks').getByText(/Nilai Anda: 100 \(2 dari 2 benar\)/).waitFor({ timeout: 15_000 });
  await page.getByTestId('me-forms').getByText('✓ Sudah diisi').waitFor();

  const [pre] = api('form_list', { event_id: eventId });
  const results = api('form_results', { form_id: pre.id });
  assert.equal(results.respondents, 1, 'one submission, not two');
  assert.deepEqual(results.missing.map(({ opd, names }) => ({ opd, names })), [{ opd: 'Inspektorat Daerah', names: ['Budi Santoso'] }]);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED \(.*\/api\/me_form_submit\)$/.test(p)), []);
  await page.close();
});

test('the organizer sees the count and the results live', async () => {
  const { page, problems } = await organizer();
  const row = page.getByTestId('form-list').getByRole('row', { name: /Pre-test/ });
  await row.getByTestId('form-count').getByText('1 / 2').waitFor();
  await row.getByRole('link', { name: 'Hasil' }).click();
  const results = page.getByTestId('form-results');
  await results.getByTestId('results-count').getByText('1').waitFor();
  await results.getByTestId('results-missing').getByText('Budi Santoso').waitFor();
  await results.getByText('100% benar').first().waitFor();
  await shot(page, 'forms-results.png');
  // Budi has no phone: his paper form is typed in.
  const paper = results.getByTestId('paper-entry');
  await paper.getByTestId('paper-who').selectOption({ label: 'Budi Santoso' });
  await paper.getByRole('group', { name: /Email yang meminta/ }).getByLabel('A. Phishing').check();
  // A test question left open counts as wrong, so it is not refused: answer it first.
  await paper.getByRole('group', { name: /Sandi yang kuat/ }).getByLabel('B. 6').check();
  await paper.getByRole('button', { name: 'Simpan formulir kertas' }).click();
  await results.getByTestId('results-count').getByText('2').waitFor();
  await results.getByText('Semua peserta sudah mengisi.').waitFor();
  const entered = api('form_results', { form_id: api('form_list', { event_id: eventId })[0].id });
  assert.equal(entered.respondents, 2);
  // The results as a PDF, read back.
  await page.getByRole('link', { name: '← Semua formulir' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Unduh hasil (PDF)' }).click(),
  ]);
  const pdf = outputFile('forms-hasil.pdf');
  await download.saveAs(pdf);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /HASIL EVALUASI DAN TES/);
  assert.match(text, /Email yang meminta kata sandi disebut\?/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a Likert evaluation is answered by tapping, and an unrated item is named', async () => {
  const form = api('form_create', { event_id: eventId, kind: 'penyelenggaraan' });
  api('form_open', { id: form.id, open: true });
  const { page, problems } = await phone('Budi Santoso');
  await page.getByTestId('me-forms').getByRole('listitem').filter({ hasText: 'Evaluasi penyelenggaraan' })
    .getByRole('button', { name: 'Isi' }).click();
  const fill = page.getByTestId('form-fill');
  await fill.getByText('anonim').waitFor();
  const groups = fill.getByRole('radiogroup');
  const n = await groups.count();
  assert.equal(n, 9);
  // All but the last rated.
  for (let i = 0; i < n - 1; i++) await groups.nth(i).getByText('Baik', { exact: true }).click();
  await fill.getByTestId('form-submit').click();
  // Named beside the item left out.
  await fill.getByRole('group', { name: /Panitia memberikan informasi/ }).getByText('Pertanyaan 9 belum dinilai.').waitFor();
  await groups.nth(n - 1).getByText('Sangat baik').click();
  await fill.getByTestId('form-submit').click();
  await page.getByTestId('form-thanks').waitFor();
  const results = api('form_results', { form_id: form.id });
  assert.equal(results.respondents, 1);
  // Eight 3s and one 4: mean 3.11, index 77.78 (B).
  assert.equal(results.index, 77.78);
  assert.equal(results.category, 'B (Baik)');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a certificate can ask for the evaluation and a post-test score, shown in Kelayakan', async () => {
  const { page, problems } = await organizer();
  await page.getByRole('link', { name: 'Sertifikat' }).click();
  await page.getByRole('button', { name: 'Ubah pengaturan' }).click();
  await page.getByLabel('Peserta juga harus mengisi evaluasi (penyelenggaraan dan narasumber) yang sudah dibuka').check();
  const post = page.getByLabel('Nilai post-test minimal (kosongkan bila tidak disyaratkan)');
  await post.click();
  await post.pressSequentially('70', { delay: 80 });
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await page.getByText('Peserta juga harus mengisi evaluasi yang sudah dibuka. Nilai post-test minimal 70.').waitFor();
  const settings = api('certificate_settings_get', { event_id: eventId });
  assert.equal(settings.require_evaluation, true);
  assert.equal(settings.min_posttest, 70);
  // Siti did not fill the evaluation in; there is no post-test yet: both said.
  const row = page.getByTestId('eligibility-table').getByRole('row').filter({ hasText: 'Siti Aminah' });
  await row.getByText(/Belum mengisi Evaluasi penyelenggaraan\. Post-test belum dibuat\./).waitFor();
  assert.match(await row.innerText(), /Tidak layak/);
  await shot(page, 'forms-certificate-rule.png');
  assert.deepEqual(problems, []);
  await page.close();
});

test('questions come in from a spreadsheet, and a bad row is named with nothing changed', async () => {
  const form = api('form_create', { event_id: eventId, kind: 'umum', title: 'Kesan peserta' });
  const { page, problems } = await organizer();
  await page.goto(`${app.server.info.organizer_url.split('#')[0]}#/evaluasi/formulir/${form.id}`);
  const editor = page.getByTestId('form-editor');
  await editor.waitFor();
  const input = editor.getByTestId('bank-import');
  const bad = 'Pertanyaan;Jenis\r\nApa kesan Anda?;isian\r\nNilai ruangan?;bintang\r\n';
  await input.setInputFiles({ name: 'soal.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await editor.getByTestId('bank-errors').getByText('Baris 3, kolom Jenis: "bintang" tidak dikenal; tulis pilihan, skala atau isian.').waitFor();
  assert.equal(api('form_get', { id: form.id }).questions.length, 2, 'the template\'s two questions kept');
  const good = 'Pertanyaan;Jenis\r\nApa kesan Anda?;isian\r\nMateri apa yang perlu ditambah?;isian\r\nApa yang paling berguna?;isian\r\n';
  await input.setInputFiles({ name: 'soal.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByText('3 pertanyaan diimpor dari soal.csv.').waitFor();
  assert.deepEqual(api('form_get', { id: form.id }).questions.map((q) => q.text), [
    'Apa kesan Anda?', 'Materi apa yang perlu ditambah?', 'Apa yang paling berguna?',
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a registration desk types in the paper evaluation of someone without a phone', async () => {
  const form = api('form_list', { event_id: eventId }).find((f) => f.kind === 'penyelenggaraan');
  const { page, problems } = await app.newPage();
  await page.goto(app.server.url);
  await page.getByLabel('PIN').fill('123456');
  await page.getByLabel('Nama meja').fill('Meja Evaluasi');
  await page.getByRole('button', { name: 'Pasang meja' }).click();
  await page.getByTestId('desk-name').getByText('Meja Evaluasi').waitFor();
  await page.getByRole('tab', { name: 'Formulir kertas' }).click();
  const desk = page.getByTestId('desk-paper');
  await desk.getByLabel('Formulir').selectOption({ label: form.title });
  const entry = desk.getByTestId('paper-entry');
  // Budi answered on his phone: only Siti is waiting.
  const who = entry.getByTestId('paper-who');
  assert.deepEqual(await who.locator('option:not([value=""])').allInnerTexts(), ['Siti Aminah']);
  await who.selectOption({ label: 'Siti Aminah' });
  const items = entry.locator('fieldset').filter({ has: page.getByRole('radio') });
  const n = await items.count();
  assert.equal(n, 9);
  for (let i = 0; i < n - 1; i++) await items.nth(i).getByLabel('4', { exact: true }).check();
  await entry.getByRole('button', { name: 'Simpan formulir kertas' }).click();
  await entry.getByText('Pertanyaan 9 belum dinilai.').waitFor();
  await items.nth(n - 1).getByLabel('3', { exact: true }).check();
  await entry.getByRole('button', { name: 'Simpan formulir kertas' }).click();
  await page.getByText('Formulir kertas dimasukkan.').waitFor();
  await shot(page, 'forms-desk-paper.png');
  assert.equal(api('form_results', { form_id: form.id }).respondents, 2);
  // Back at the check-in, the scan box has the focus: a scanner's keys land there.
  await page.getByRole('tab', { name: 'Check-in' }).click();
  await page.keyboard.type(codes['Siti Aminah'], { delay: 40 });
  await page.keyboard.press('Enter');
  await page.getByTestId('feedback').getByText('Siti Aminah').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
