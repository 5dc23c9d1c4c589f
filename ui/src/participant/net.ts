// The participants' page talks to `POST /api/{name}` with the participant's own token
// (kept in this phone's browser), typed by the generated files like the rest of the UI.

import type { Args, CommandName, Output } from '../lib/api.gen';
import type { RoutesArgs, RoutesName, RoutesOutput } from '../lib/routes.gen';
import { ApiError } from '../lib/errors';

const TOKEN_KEY = 'bintek.participantToken';

export function participantToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setParticipantToken(token: string | null) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage may be unavailable; the participant then signs in again after a reload.
  }
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
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
