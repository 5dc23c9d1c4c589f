// Shared pieces of the Sertifikat screen: role words, the verification code as printed,
// the number pattern's example, and the template editor's vocabulary and how it fills a
// field with the preview's data (`certificate_preview_data`, the same data "Pratinjau PDF"
// prints).

import type {
  CertField,
  FieldKind,
  CertFieldType,
  CertFontFace,
  CertPreviewData,
  CertRoleChoice,
  CertTemplate,
  Event,
  Role,
} from '../../lib/types';
import greatVibesUrl from '@expo-google-fonts/great-vibes/400Regular/GreatVibes_400Regular.ttf?url';

export const ROLES: Role[] = ['participant', 'speaker', 'moderator', 'committee'];

export const ROLE_LABEL: Record<Role, string> = {
  participant: 'Peserta',
  speaker: 'Narasumber',
  moderator: 'Moderator',
  committee: 'Panitia',
};

/** "92 peserta", "3 narasumber", … */
export const ROLE_NOUN: Record<CertRoleChoice, string> = {
  participant: 'peserta',
  speaker: 'narasumber',
  moderator: 'moderator',
  committee: 'panitia',
  all: 'orang',
};

export const ROLE_CHOICES: { value: CertRoleChoice; label: string }[] = [
  { value: 'participant', label: 'Peserta' },
  { value: 'speaker', label: 'Narasumber' },
  { value: 'moderator', label: 'Moderator' },
  { value: 'committee', label: 'Panitia' },
  { value: 'all', label: 'Semua peran' },
];

/** The wording under the name when the event sets none (as the backend's default). */
export const DEFAULT_ROLE_TEXT: Record<Role, string> = {
  participant: 'sebagai Peserta',
  speaker: 'sebagai Narasumber',
  moderator: 'sebagai Moderator',
  committee: 'sebagai Panitia',
};

/** `K7Q2MX4P` → `K7Q2-MX4P`, as printed under the QR code. */
export function showCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** `2024-05-02T01:12:00Z` → `2 Mei 2024 08.12` in local time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric' });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date} ${p(d.getHours())}.${p(d.getMinutes())}`;
}

// ---- numbering ------------------------------------------------------------------------

export const NUMBER_TOKENS: { token: string; text: string }[] = [
  { token: '{seq:3}', text: 'nomor urut dengan 3 angka (001); {seq} tanpa nol di depan' },
  { token: '{org}', text: 'kode instansi' },
  { token: '{roman_month}', text: 'bulan terbit dalam angka Romawi (IX)' },
  { token: '{month}', text: 'bulan terbit dua angka (09)' },
  { token: '{year}', text: 'tahun terbit (2019)' },
];

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** The {org} code the backend derives from the organizer when none is set. */
export function orgFrom(organizer: string | null | undefined): string {
  const org = (organizer ?? '').toLowerCase();
  if (org.includes('komunikasi') && org.includes('informatika')) return 'DISKOMINFO';
  const unit = (org.split(/[,\n]/)[0] ?? '').split(' kabupaten')[0].split(' kota')[0];
  const initials = unit
    .split(/\s+/)
    .filter((w) => w && !['dan', 'dari', 'di', '&'].includes(w))
    .map((w) => w[0])
    .join('')
    .toUpperCase();
  return initials || 'BINTEK';
}

/** Fills a number pattern like the backend does (unknown tokens stay as written). */
export function formatNumber(pattern: string, seq: number, org: string, date: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
  const year = m ? m[1] : String(new Date().getFullYear());
  const month = m ? Number(m[2]) : new Date().getMonth() + 1;
  return pattern.replace(/\{([^{}]*)\}/g, (all, token: string) => {
    if (token === 'seq') return String(seq);
    if (token === 'org') return org;
    if (token === 'roman_month') return ROMAN[Math.min(12, Math.max(1, month)) - 1];
    if (token === 'month') return String(month).padStart(2, '0');
    if (token === 'year') return year;
    const w = /^seq:(\d)$/.exec(token);
    if (w) return String(seq).padStart(Number(w[1]), '0');
    return all;
  });
}

export function exampleNumber(
  pattern: string,
  orgCode: string,
  issueDate: string,
  event: Pick<Event, 'organizer' | 'end_date'>,
  seq = 1,
): string {
  return formatNumber(pattern, seq, orgCode.trim() || orgFrom(event.organizer), issueDate.trim() || event.end_date);
}

// ---- templates ------------------------------------------------------------------------

export const PAGE_W = 297;
export const PAGE_H = 210;
/** Millimetres per typographic point. */
export const MM_PER_PT = 25.4 / 72;

export const FONT_LABEL: Record<CertFontFace, string> = {
  sans: 'Sans',
  sans_bold: 'Sans tebal',
  serif: 'Serif',
  serif_bold: 'Serif tebal',
  serif_italic: 'Serif miring',
  script: 'Script',
};

export const FONTS = Object.keys(FONT_LABEL) as CertFontFace[];

/**
 * The PDF's script face for names, Great Vibes (SIL OFL 1.1), from the same npm package the
 * Rust build embeds, loaded once for the live preview. Resolves when the face is ready, or
 * when it could not load (the preview then shows a serif italic in its place).
 */
let scriptFace: Promise<void> | null = null;
export function loadScriptFace(): Promise<void> {
  if (!scriptFace) {
    scriptFace = (async () => {
      try {
        const face = new FontFace('Bintek Great Vibes', `url(${greatVibesUrl})`);
        document.fonts.add(face);
        await face.load();
      } catch {
        // The fallback in FONT_CSS.script shows instead.
      }
    })();
  }
  return scriptFace;
}

/** CSS for each face, close to the bundled faces of the PDF (DejaVu, Great Vibes). */
export const FONT_CSS: Record<CertFontFace, { family: string; weight: number; style: string }> = {
  sans: { family: "'DejaVu Sans', 'Segoe UI', Arial, sans-serif", weight: 400, style: 'normal' },
  sans_bold: { family: "'DejaVu Sans', 'Segoe UI', Arial, sans-serif", weight: 700, style: 'normal' },
  serif: { family: "'DejaVu Serif', Georgia, 'Times New Roman', serif", weight: 400, style: 'normal' },
  serif_bold: { family: "'DejaVu Serif', Georgia, 'Times New Roman', serif", weight: 700, style: 'normal' },
  serif_italic: { family: "'DejaVu Serif', Georgia, 'Times New Roman', serif", weight: 400, style: 'italic' },
  script: { family: "'Bintek Great Vibes', 'DejaVu Serif', Georgia, serif", weight: 400, style: 'normal' },
};

const KIND_LABEL: Record<CertFieldType, string> = {
  agency: 'Instansi',
  title: 'Judul',
  number: 'Nomor',
  given_to: 'Diberikan kepada',
  name: 'Nama',
  role_phrase: 'Peran',
  event_title: 'Nama kegiatan',
  event_detail: 'Waktu dan tempat',
  jp: 'JP',
  place_date: 'Tempat dan tanggal',
  signatory: 'Penanda tangan',
  qr: 'QR',
  code: 'Kode verifikasi',
  logo: 'Logo instansi',
  text: 'Teks',
};

/** What a new field of each kind may be (one signatory choice per block). */
export const ADDABLE: { value: string; label: string }[] = [
  { value: 'text', label: 'Teks bebas' },
  ...(
    ['agency', 'title', 'number', 'given_to', 'name', 'role_phrase', 'event_title', 'event_detail', 'jp', 'place_date', 'qr', 'code', 'logo'] as CertFieldType[]
  ).map((t) => ({ value: t, label: KIND_LABEL[t] })),
  { value: 'signatory:0', label: 'Penanda tangan 1' },
  { value: 'signatory:1', label: 'Penanda tangan 2' },
];

export function kindLabel(kind: CertField['kind']): string {
  return kind.type === 'signatory' ? `Penanda tangan ${(kind.index ?? 0) + 1}` : KIND_LABEL[kind.type];
}

/** The signatory number of a field kind (0 for every other kind). */
function kindIndex(k: FieldKind): number {
  return 'index' in k ? k.index : 0;
}

/** "Nama", or "Teks (ke-2)" when the template has several fields of that kind (as the
 * backend's messages call them). */
export function fieldLabel(t: CertTemplate, i: number): string {
  const f = t.fields[i];
  const same = t.fields
    .map((g, j) => ({ g, j }))
    .filter(({ g }) => g.kind.type === f.kind.type && kindIndex(g.kind) === kindIndex(f.kind));
  const label = kindLabel(f.kind);
  if (same.length < 2) return label;
  return `${label} (ke-${same.findIndex(({ j }) => j === i) + 1})`;
}

export function defaultText(type: CertFieldType): string {
  switch (type) {
    case 'agency':
      return '{instansi}';
    case 'title':
      return 'SERTIFIKAT';
    case 'number':
      return 'Nomor: {nomor}';
    case 'given_to':
      return 'diberikan kepada:';
    case 'name':
      return '{nama}';
    case 'role_phrase':
      return '{peran}';
    case 'event_title':
      return '{kegiatan}';
    case 'event_detail':
      return '{rincian}';
    case 'jp':
      return '{jp}';
    case 'place_date':
      return '{tempat_tanggal}';
    case 'code':
      return '{kode}';
    default:
      return '';
  }
}

/** Whether the field prints wording (the QR code and signature blocks do not). */
export function hasText(type: CertFieldType): boolean {
  return type !== 'qr' && type !== 'signatory' && type !== 'logo';
}

export const PLACEHOLDERS: { name: string; text: string }[] = [
  { name: 'instansi', text: 'baris kop instansi' },
  { name: 'nomor', text: 'nomor sertifikat' },
  { name: 'nama', text: 'nama penerima' },
  { name: 'peran', text: 'frasa peran, mis. "sebagai Peserta"' },
  { name: 'kegiatan', text: 'nama kegiatan' },
  { name: 'rincian', text: 'waktu dan tempat kegiatan' },
  { name: 'jp', text: 'jam pelajaran, mis. "16 JP"' },
  { name: 'tempat_tanggal', text: 'tempat dan tanggal terbit' },
  { name: 'kode', text: 'kode verifikasi' },
];

/** The placeholder each kind of field is about: when its value is empty the field prints
 * nothing (as bintek-docs' `own_value`). */
const OWN_VALUE: Partial<Record<CertFieldType, string>> = {
  agency: 'instansi',
  number: 'nomor',
  name: 'nama',
  role_phrase: 'peran',
  event_title: 'kegiatan',
  event_detail: 'rincian',
  jp: 'jp',
  place_date: 'tempat_tanggal',
  code: 'kode',
};

/** What each placeholder stands for in a preview (as bintek-docs' `Values`). */
export function previewValues(d: CertPreviewData): Record<string, string> {
  return {
    instansi: d.common.agency
      .map((l) => l.trim())
      .filter((l) => l)
      .join('\n'),
    nomor: d.certificate.number.trim(),
    nama: d.certificate.name.trim(),
    peran: d.certificate.role_phrase.trim(),
    kegiatan: d.common.event_title.trim(),
    rincian: d.common.event_detail.trim(),
    jp: (d.common.jp ?? '').trim(),
    tempat_tanggal: d.common.place_date.trim(),
    kode: d.certificate.code.trim(),
  };
}

/** The field's wording with the preview's values in place of known placeholders; empty
 * when the PDF prints nothing for it. */
export function previewText(f: CertField, values: Record<string, string>): string {
  const own = OWN_VALUE[f.kind.type];
  if (own && !values[own]) return '';
  const text = f.text ?? defaultText(f.kind.type);
  return text.replace(/\{([a-z_]+)\}/g, (all, name: string) => values[name] ?? all);
}

/** `NIP. 19650312 199003 1 005` for an 18-digit NIP (as bintek-docs prints it); empty for none. */
export function nipLine(nip: string): string {
  const bare = nip.trim().replace(/^NIP\.?/, '').trim();
  if (!bare) return '';
  const digits = bare.replace(/\s+/g, '');
  const shown = /^\d{18}$/.test(digits)
    ? `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`
    : bare;
  return `NIP. ${shown}`;
}

/** A new field of a kind, centred on the page. */
export function newField(choice: string): CertField {
  const [type, index] = choice.split(':') as [CertFieldType, string | undefined];
  const qr = type === 'qr' || type === 'logo';
  const sign = type === 'signatory';
  const w = qr ? 30 : sign ? 86 : 120;
  const h = qr ? 30 : sign ? 45 : 12;
  return {
    kind: sign ? { type, index: Number(index ?? 0) } : { type },
    x_mm: round((PAGE_W - w) / 2),
    y_mm: round((PAGE_H - h) / 2),
    width_mm: w,
    height_mm: h,
    font: type === 'name' ? 'script' : 'serif',
    size_pt: type === 'name' ? 34 : 12,
    min_size_pt: type === 'name' ? 18 : 8,
    color: qr ? '#000000' : '#222222',
    align: 'center',
    valign: sign ? 'top' : 'middle',
    letter_spacing_pt: 0,
    text: type === 'text' ? 'Teks baru' : null,
  };
}

/** Rounds millimetres to 0.1 (what the inputs show). */
export function round(mm: number): number {
  return Math.round(mm * 10) / 10;
}
