// The Api's error as the UI holds it: the message in Bahasa Indonesia, its code, and the
// fields it names (shared by the app and the participants' page).

import type { FieldError } from './api.gen';

export class ApiError extends Error {
  code: string;
  field: string | null;
  errors: FieldError[];

  constructor(e: { code?: string; message?: string; field?: string | null; errors?: FieldError[] }) {
    super(e.message ?? 'Terjadi kesalahan yang tidak diketahui.');
    this.code = e.code ?? 'internal';
    this.field = e.field ?? null;
    this.errors = e.errors ?? [];
  }

  /** Field → message, for forms that show errors next to their fields. */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.message;
    if (this.field && !out[this.field]) out[this.field] = this.message;
    return out;
  }
}
