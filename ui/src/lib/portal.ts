// The participants' page address that phones on this network can open, and its QR code:
// the desktop app asks its LAN server, a browser on `bintek serve --lan` asks the route.
// Null while phones cannot reach this computer (desk mode off, or no network).

import { desktop, inDesktop, route } from './transport';
import { app } from './state.svelte';

export async function participantAddress(): Promise<{ url: string; qr: string | null } | null> {
  try {
    if (inDesktop()) {
      const s = await desktop('lan_mode', { action: 'status' });
      return s.participant_url ? { url: s.participant_url, qr: s.participant_qr_svg } : null;
    }
    if (app.mode === 'lan') {
      const l = await route('participant_link');
      return l.url ? { url: l.url, qr: l.qr_svg } : null;
    }
  } catch {
    // No address to show: the panel says how to turn desk mode on.
  }
  return null;
}
