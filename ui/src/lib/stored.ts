// Small values this browser keeps (tokens, the desk's chosen event). Storage may be
// unavailable (a private window, a full disk): then reading gives null and writing does
// nothing, and the value lasts this page only.

export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; null or empty forgets it. */
export function writeStored(key: string, value: string | null) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // See above: the value lasts this page only.
  }
}
