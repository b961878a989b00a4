/**
 * The export worker: reads and writes one export job a page at a time, posting the file in chunks
 * (each taken by the window before the next is sent) and progress while it goes; or hashes a
 * project's rows for an automatic backup; or restores an archive. The window can terminate it at any
 * moment (Cancel): nothing is claimed as saved until the window has closed its file.
 */
import { chunkSender, sliceReader } from '../../platform/workerJob.ts';
import { runArchiveHashJob, runExportJob, runLossJob, runRestoreJob, type ExportWorkerJob } from './exportJob.ts';
import type { WorkerReply } from './exportClient.ts';

const post = (reply: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);
const sender = chunkSender((message, transfer) => post(message, transfer));
const reader = sliceReader((message) => post(message));

self.onmessage = async (event: MessageEvent<ExportWorkerJob | { type: 'ack' | 'slice' }>) => {
  if (sender.onMessage(event.data) || reader.onMessage(event.data)) return;
  const job = event.data as ExportWorkerJob;
  try {
    if (job.kind === 'restore') {
      post({ type: 'restored', result: await runRestoreJob(job, reader.read, (progress) => post({ type: 'progress', progress })) });
    } else if (job.kind === 'loss') {
      post({ type: 'notes', notes: await runLossJob(job) });
    } else if (job.kind === 'archive-hash') {
      post({ type: 'hash', hash: await runArchiveHashJob(job) });
    } else {
      const bytes = await runExportJob(job, sender, (progress) => post({ type: 'progress', progress }));
      post({ type: 'done', bytes });
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
