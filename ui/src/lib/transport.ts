// The one transport to the Api: Tauri `invoke` inside the desktop window, `fetch` to
// `POST /api/{name}` in a browser. Screens call `call()` and never know which.

import { invoke } from '@tauri-apps/api/core';

export interface FieldError {
  field: string;
  message: string;
}

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

export function inDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'message' in e) return new ApiError(e as ApiError);
  return new ApiError({ code: 'internal', message: String(e) });
}

export async function call<T>(name: string, args: object = {}): Promise<T> {
  if (inDesktop()) {
    try {
      return await invoke<T>('api', { name, args });
    } catch (e) {
      throw asApiError(e);
    }
  }
  let res: Response;
  try {
    res = await fetch(`api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
  } catch {
    throw new ApiError({
      code: 'network',
      message: 'Tidak dapat terhubung ke server Bintek. Periksa jaringan, lalu coba lagi.',
    });
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError({ code: 'internal', message: `Server menjawab ${res.status} tanpa data yang dapat dibaca.` });
  }
  if (!res.ok) {
    const err = (body as { error?: ConstructorParameters<typeof ApiError>[0] })?.error;
    throw new ApiError(err ?? { code: 'internal', message: `Server menjawab ${res.status}.` });
  }
  return body as T;
}
