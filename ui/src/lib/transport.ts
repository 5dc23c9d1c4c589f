// The one transport to the Api: Tauri `invoke` inside the desktop window, `fetch` to
// `POST /api/{name}` in a browser. Screens call `call()` and never know which.

import { invoke } from '@tauri-apps/api/core';
import type { Args, CommandName, FieldError, Output } from './api.gen';
import type { RoutesArgs, RoutesName, RoutesOutput } from './routes.gen';
import type { DesktopArgs, DesktopName, DesktopOutput } from './desktop.gen';
import { ApiError } from './errors';
import { base64Bytes, saveBlob } from './save';
import { readStored, writeStored } from './stored';

export type { FieldError };
export { ApiError };

export function inDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'message' in e) return new ApiError(e as ApiError);
  return new ApiError({ code: 'internal', message: String(e) });
}

const TOKEN_KEY = 'bintek.deskToken';

/** The token of a paired registration desk (LAN desk mode), kept in this browser. */
export function deskToken(): string | null {
  return readStored(TOKEN_KEY);
}

/** Without storage the desk pairs again after a reload. */
export function setDeskToken(token: string | null) {
  writeStored(TOKEN_KEY, token);
}

/** The arguments of command `K`, optional when it takes none. */
type CallArgs<K extends CommandName> = Record<string, never> extends Args<K> ? [args?: Args<K>] : [args: Args<K>];

/** Runs command `name` of the Api with its typed arguments; the answer is typed too
 * (both generated from the Rust types in `api.gen.ts`). */
export function call<K extends CommandName>(name: K, ...args: CallArgs<K>): Promise<Output<K>> {
  return send<Output<K>>(name, args[0] ?? {});
}

/** A route of `bintek serve` that is not a command of the Api (`pair`, `whoami`,
 * `lan_pin` …), typed from the server's Rust types in `routes.gen.ts`. */
export function route<K extends RoutesName>(
  name: K,
  ...args: Record<string, never> extends RoutesArgs<K> ? [args?: RoutesArgs<K>] : [args: RoutesArgs<K>]
): Promise<RoutesOutput<K>> {
  return send<RoutesOutput<K>>(name, args[0] ?? {});
}

/** One of the desktop window's own commands (saving into Downloads, desk mode, restore,
 * the folder print), typed from `desktop.gen.ts`. Only inside the desktop window. */
export async function desktop<K extends DesktopName>(name: K, args: DesktopArgs<K>): Promise<DesktopOutput<K>> {
  try {
    return await invoke<DesktopOutput<K>>(name, { args });
  } catch (e) {
    throw asApiError(e);
  }
}

async function send<T>(name: string, args: object): Promise<T> {
  if (inDesktop()) {
    try {
      return await invoke<T>('api', { name, args });
    } catch (e) {
      throw asApiError(e);
    }
  }
  let res: Response;
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = deskToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    res = await fetch(`api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers,
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
    // A revoked or unknown desk token: the app goes back to the pairing screen.
    if (res.status === 401 && name !== 'pair') window.dispatchEvent(new CustomEvent('bintek:unauthorized'));
    const err = (body as { error?: ConstructorParameters<typeof ApiError>[0] })?.error;
    throw new ApiError(err ?? { code: 'internal', message: `Server menjawab ${res.status}.` });
  }
  return body as T;
}

/** Decodes base64 to bytes (for downloads in a browser). */
/** Saves a file the Api made. In the desktop window it goes to the user's Downloads
 * folder (Tauri command `save_download`) and the full path comes back; in a browser the
 * browser downloads it and the file name comes back. Either way the UI shows the answer. */
export async function saveFile(fileName: string, base64: string, mime: string): Promise<string> {
  if (inDesktop()) {
    return desktop('save_download', { file_name: fileName, data: base64 });
  }
  saveBlob(fileName, new Blob([base64Bytes(base64)], { type: mime }));
  return fileName;
}

/** Reads a picked file as base64 (without the `data:` prefix), for the Api. */
export function readBase64(file: File): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => {
      const s = String(reader.result ?? '');
      ok(s.slice(s.indexOf(',') + 1));
    };
    reader.onerror = () =>
      fail(new ApiError({ code: 'io', message: `Berkas "${file.name}" tidak dapat dibaca.` }));
    reader.readAsDataURL(file);
  });
}

export const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;
