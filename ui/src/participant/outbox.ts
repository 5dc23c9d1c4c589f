// What a phone keeps of a form until the server has it: the answers typed so far (a
// draft, so a reload or a dropped connection loses nothing) and, once "Kirim" is pressed,
// the submission itself with its own id, sent again until the server answers. The server
// stores a submission id once, so sending it twice never doubles an answer.

import type { AnswerInput } from '../lib/api.gen';

export interface Draft {
  /** Names this submission; made once per draft. */
  submission_id: string;
  answers: Record<string, AnswerInput>;
  /** "Kirim" was pressed: send until the server answers. */
  pending: boolean;
}

const KEY = 'bintek.form.';

/** 128 random bits as hex (`crypto.getRandomValues` works on a plain-http LAN address,
 * where `crypto.randomUUID` does not). */
export function newSubmissionId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function loadDraft(formId: string): Draft | null {
  try {
    const raw = localStorage.getItem(KEY + formId);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    return typeof d.submission_id === 'string' && d.answers && typeof d.answers === 'object' ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft(formId: string, d: Draft) {
  try {
    localStorage.setItem(KEY + formId, JSON.stringify(d));
  } catch {
    // A full or disabled storage: the form still works while the page stays open.
  }
}

export function dropDraft(formId: string) {
  try {
    localStorage.removeItem(KEY + formId);
  } catch {
    // Nothing kept, nothing to drop.
  }
}

/** The forms with a submission waiting to be sent. */
export function pendingForms(): string[] {
  const out: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(KEY)) {
        const id = k.slice(KEY.length);
        if (loadDraft(id)?.pending) out.push(id);
      }
    }
  } catch {
    // No storage: nothing waits.
  }
  return out;
}

/** Sends every submission waiting on this phone; answers how many went in. One refused
 * by the server (closed meanwhile, already answered) stops waiting and stays a draft, to
 * be seen when its form is opened again. */
export async function flushPending(
  submit: (formId: string, d: Draft) => Promise<unknown>,
): Promise<number> {
  let sent = 0;
  for (const id of pendingForms()) {
    const d = loadDraft(id);
    if (!d) continue;
    try {
      await submit(id, d);
      dropDraft(id);
      sent++;
    } catch (e) {
      if ((e as { code?: string }).code === 'network') break;
      saveDraft(id, { ...d, pending: false });
    }
  }
  return sent;
}
