// Indonesian dates as every screen shows them: "Selasa, 17 September 2019".
// Written out by hand so the output does not depend on the browser's locale data.

export const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];
export const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** Parses `YYYY-MM-DD` as a calendar date (no time zone shifts); null when invalid. */
export function parseDate(s: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((s ?? '').trim());
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
  return d;
}

export function dateLong(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `Selasa, 17 September 2019`. */
export function dateWithDay(s: string): string {
  const d = parseDate(s);
  return d ? `${DAYS[d.getUTCDay()]}, ${dateLong(d)}` : s;
}

/** `Selasa, 17 September 2019` for one day; `Selasa–Rabu, 17–18 September 2019` for two
 * days in one month; otherwise both dates in full. */
export function dateRange(start: string, end: string): string {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a || !b) return `${start} – ${end}`;
  if (start === end) return dateWithDay(start);
  const sameYear = a.getUTCFullYear() === b.getUTCFullYear();
  const sameMonth = sameYear && a.getUTCMonth() === b.getUTCMonth();
  const days = `${DAYS[a.getUTCDay()]}–${DAYS[b.getUTCDay()]}`;
  if (sameMonth) return `${days}, ${a.getUTCDate()}–${dateLong(b)}`;
  if (sameYear) return `${days}, ${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]} – ${dateLong(b)}`;
  return `${dateWithDay(start)} – ${dateWithDay(end)}`;
}

export function dayCount(start: string, end: string): number {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000) + 1;
}

export function number(n: number): string {
  return new Intl.NumberFormat('id-ID').format(n);
}

/** A file's size as people say it: "320 KB", "1,5 MB". */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}
