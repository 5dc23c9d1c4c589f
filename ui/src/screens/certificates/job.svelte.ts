// The certificate print job: started on the server, polled here, its file saved when it
// is done. The state lives in this module, not in a component, so the job keeps going
// (and shows again) when the organizer looks at another tab meanwhile.

import { call, desktop as desktopCommand, inDesktop, saveFile, ApiError } from '../../lib/transport';
import { toast } from '../../lib/state.svelte';
import type { CertJob, CertRoleChoice, FileData } from '../../lib/types';

export const printJob = $state({
  /** `running` while the server renders; `saving` while the file is fetched and saved. */
  phase: 'idle' as 'idle' | 'starting' | 'running' | 'cancelling' | 'saving',
  eventId: '',
  role: 'participant' as CertRoleChoice,
  perPerson: false,
  jobId: '',
  done: 0,
  total: 0,
  error: null as string | null,
  /** Where the last file went (a path in the desktop app, a file name in a browser). */
  saved: null as string | null,
});

const POLL_MS = 250;

function sleep(ms: number) {
  return new Promise((ok) => setTimeout(ok, ms));
}

export async function startPrint(eventId: string, role: CertRoleChoice, perPerson: boolean) {
  if (printJob.phase !== 'idle') return;
  Object.assign(printJob, {
    phase: 'starting',
    eventId,
    role,
    perPerson,
    jobId: '',
    done: 0,
    total: 0,
    error: null,
    saved: null,
  });
  try {
    // In the desktop app one PDF per person goes straight into a new folder in Downloads;
    // a browser cannot write a folder, so it gets a ZIP.
    const job =
      perPerson && inDesktop()
        ? await desktopCommand('print_certificates_folder', { event_id: eventId, role })
        : await call('certificate_print_start', { event_id: eventId, role, per_person: perPerson });
    printJob.jobId = job.job_id;
    printJob.total = job.total;
    printJob.done = job.done;
    // Batalkan may have been pressed while the job was being started.
    if ((printJob.phase as string) === 'cancelling') {
      await call('certificate_job_cancel', { job_id: job.job_id }).catch(() => undefined);
    } else {
      printJob.phase = 'running';
    }
    let state = job.state;
    while (state === 'running') {
      await sleep(POLL_MS);
      const s = await call('certificate_job', { job_id: job.job_id });
      printJob.done = s.done;
      printJob.total = s.total;
      state = s.state;
      if (state === 'failed') throw new ApiError(s.error ?? { message: 'Pencetakan sertifikat gagal.' });
    }
    if (state === 'cancelled') {
      // Nothing to fetch: the server forgets an ended job by itself.
      toast('Pencetakan sertifikat dibatalkan.');
      return;
    }
    printJob.phase = 'saving';
    const out = await call('certificate_job_result', { job_id: job.job_id });
    if ('folder' in out) {
      printJob.saved = out.folder;
      toast(`${out.files} sertifikat disimpan di folder ${out.folder}`);
    } else {
      const mime = perPerson ? 'application/zip' : 'application/pdf';
      printJob.saved = await saveFile(out.file_name, out.data, mime);
      toast(`Berkas disimpan: ${printJob.saved}`);
    }
  } catch (e) {
    const err = e as ApiError;
    if (err.code === 'cancelled') {
      toast('Pencetakan sertifikat dibatalkan.');
    } else {
      printJob.error = err.message;
      toast(err.message, 'error');
    }
  } finally {
    printJob.phase = 'idle';
    printJob.jobId = '';
  }
}

export async function cancelPrint() {
  if (printJob.phase === 'starting') {
    // No job id yet: startPrint cancels it as soon as it has one.
    printJob.phase = 'cancelling';
    return;
  }
  if (printJob.phase !== 'running' || !printJob.jobId) return;
  printJob.phase = 'cancelling';
  try {
    await call('certificate_job_cancel', { job_id: printJob.jobId });
  } catch (e) {
    toast((e as ApiError).message, 'error');
  }
}
