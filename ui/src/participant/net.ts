// The participants' page talks to `POST /api/{name}` with the participant's own token
// (kept in this phone's browser), typed by the generated files like the rest of the UI.

import type { Args, CommandName, Output } from '../lib/api.gen';
import type { RoutesArgs, RoutesName, RoutesOutput } from '../lib/routes.gen';
import { ApiError } from '../lib/errors';
import { base64Bytes, saveBlob } from '../lib/save';
import { readStored, writeStored } from '../lib/stored';

const TOKEN_KEY = 'bintek.participantToken';

export function participantToken(): string | null {
  return readStored(TOKEN_KEY);
}

/** Without storage the participant signs in again after a reload. */
export function setParticipantToken(token: string | null) {
  writeStored(TOKEN_KEY, token);
}

/** Fired when the server no longer knows this phone's token: back to signing in. */
export const SIGNED_OUT = 'bintek:participant-signed-out';

async function send<T>(name: string, args: object): Promise<T> {
  let res: Response;
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = participantToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    res = await fetch(`/api/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(args) });
  } catch {
    throw new ApiError({
      code: 'network',
      message: 'Koneksi terputus. Periksa Wi-Fi ponsel Anda, lalu coba lagi.',
    });
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError({ code: 'internal', message: `Server menjawab ${res.status} tanpa data yang dapat dibaca.` });
  }
  if (!res.ok) {
    if (res.status === 401 && name !== 'participant_login') window.dispatchEvent(new CustomEvent(SIGNED_OUT));
    const err = (body as { error?: ConstructorParameters<typeof ApiError>[0] })?.error;
    throw new ApiError(err ?? { code: 'internal', message: `Server menjawab ${res.status}.` });
  }
  return body as T;
}

type CallArgs<K extends CommandName> = Record<string, never> extends Args<K> ? [args?: Args<K>] : [args: Args<K>];

/** A participant command of the Api, as this phone's participant. */
export function call<K extends CommandName>(name: K, ...args: CallArgs<K>): Promise<Output<K>> {
  return send<Output<K>>(name, args[0] ?? {});
}

/** A route of the server (`participant_login`). */
export function route<K extends RoutesName>(name: K, args: RoutesArgs<K>): Promise<RoutesOutput<K>> {
  return send<RoutesOutput<K>>(name, args);
}

/** Saves a file the Api made (the certificate) through the browser's download. */
export function download(fileName: string, base64: string, mime: string) {
  saveBlob(fileName, new Blob([base64Bytes(base64)], { type: mime }));
}

/** Downloads a material as bytes (`POST /api/material_file`), telling `progress` the
 * share received so far (0–1, or null while the size is unknown), then saves it. */
export async function downloadMaterial(
  materialId: string,
  fileName: string,
  progress: (share: number | null) => void,
): Promise<void> {
  let res: Response;
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = participantToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    res = await fetch('/api/material_file', {
      method: 'POST',
      headers,
      body: JSON.stringify({ material_id: materialId }),
    });
  } catch {
    throw new ApiError({ code: 'network', message: 'Koneksi terputus. Periksa Wi-Fi ponsel Anda, lalu coba lagi.' });
  }
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new CustomEvent(SIGNED_OUT));
    const body = (await res.json().catch(() => null)) as { error?: ConstructorParameters<typeof ApiError>[0] } | null;
    throw new ApiError(body?.error ?? { code: 'internal', message: `Server menjawab ${res.status}.` });
  }
  const total = Number(res.headers.get('Content-Length')) || 0;
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let got = 0;
  try {
    const reader = res.body?.getReader();
    if (!reader) {
      parts.push(new Uint8Array(await res.arrayBuffer()));
    } else {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        got += value.length;
        progress(total ? got / total : null);
      }
    }
  } catch {
    throw new ApiError({
      code: 'network',
      message: 'Unduhan terputus sebelum selesai. Periksa Wi-Fi ponsel Anda, lalu unduh lagi.',
    });
  }
  saveBlob(fileName, new Blob(parts, { type }));
}
