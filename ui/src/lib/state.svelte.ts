// App-wide state: the route (from the URL hash), the active event and the toast.

import { call, route, inDesktop, setDeskToken } from './transport';
import type { Event } from './types';
import { readStored, writeStored } from './stored';

const ACTIVE_KEY = 'bintek.activeEvent';

function currentRoute(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/beranda';
}

export const app = $state({
  route: currentRoute(),
  active: null as Event | null,
  /** True until the active event of last time (or the only event) has been looked up. */
  restoring: true,
  toast: null as { text: string; kind: 'ok' | 'error'; undo?: () => void } | null,
  /** `desktop` (the Tauri window), `local` (bintek serve on loopback) or `lan` (desk mode);
   * null until asked. */
  mode: null as 'desktop' | 'local' | 'lan' | null,
  /** `admin` (the organizer), `desk` (a paired registration desk) or null (LAN mode, not
   * paired yet: the pairing screen shows). */
  role: null as 'admin' | 'desk' | null,
  /** The paired desk's name. */
  desk: null as string | null,
  /** The demo event's id while it exists (the organizer only). */
  demoId: null as string | null,
});

/** Asks which event is the demo, for its marks in the header and on the Beranda. */
export async function loadDemo() {
  try {
    app.demoId = (await call('demo_info', {})).event_id;
  } catch {
    app.demoId = null;
  }
}

/** The organizer's address printed by `bintek serve --lan` (`#/panitia/TOKEN`): the page
 * keeps the admin token like a desk's and takes it out of the address bar and history. */
function takeOrganizerToken() {
  const m = /^#\/panitia\/([0-9a-f]{64})$/.exec(window.location.hash);
  if (!m) return;
  setDeskToken(m[1]);
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/beranda`);
  app.route = '/beranda';
}

/** Asks the server who this browser is (the desktop window is always the organizer). */
export async function whoami() {
  takeOrganizerToken();
  if (inDesktop()) {
    app.mode = 'desktop';
    app.role = 'admin';
    return;
  }
  try {
    const w = await route('whoami');
    app.mode = w.mode;
    // A participant's token belongs to the participants' page (`/p/`), never here.
    app.role = w.role === 'participant' ? null : w.role;
    app.desk = w.desk;
    if (w.mode === 'lan' && !app.role) setDeskToken(null);
  } catch {
    // An older server without whoami: the organizer on loopback.
    app.mode = 'local';
    app.role = 'admin';
  }
}

window.addEventListener('bintek:unauthorized', () => {
  if (app.mode === 'lan') {
    setDeskToken(null);
    app.role = null;
    app.desk = null;
  }
});

window.addEventListener('hashchange', () => {
  app.route = currentRoute();
});

export function go(route: string) {
  if (window.location.hash !== `#${route}`) window.location.hash = route;
  else app.route = route;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string, kind: 'ok' | 'error' = 'ok', undo?: () => void) {
  app.toast = { text, kind, undo };
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (app.toast = null), undo ? 8000 : 4000);
}

export function setActive(e: Event | null) {
  app.active = e;
  writeStored(ACTIVE_KEY, e?.id ?? null);
}

/** Restores the active event chosen last time, if it still exists; with none chosen and
 * exactly one current event, that one is active (there is nothing to choose). */
export async function restoreActive() {
  const id = readStored(ACTIVE_KEY);
  try {
    if (id) {
      try {
        app.active = await call('event_get', { id });
        return;
      } catch {
        setActive(null);
      }
    }
    const events = await call('event_list', {});
    if (!app.active && events.length === 1) setActive(events[0]);
  } catch {
    // No database or no connection: the screens show the error themselves.
  } finally {
    app.restoring = false;
  }
}
