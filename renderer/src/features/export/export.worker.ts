/**
 * The export worker: reads and writes one export job a page at a time, posting the file in chunks
 * (each taken by the window before the next is sent) and progress while it goes; or writes an
 * automatic backup's archive; or checks an archive for Restore. The window can terminate it at any
 * moment (Cancel): nothing is claimed as saved until the window has closed its file.
 */
import { chunkSender } from '../../platform/workerJob.ts';
import { runArchiveBytesJob, runArchiveReadJob, runExportJob, runLossJob, type ExportWorkerJob } from './exportJob.ts';
import type { WorkerReply } from './exportClient.ts';

const post = (reply: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);
const sender = chunkSender((message, transfer) => post(message, transfer));

self.onmessage = async (event: MessageEvent<ExportWorkerJob | { type: 'ack' }>) => {
  if (sender.onMessage(event.data)) return;
  const job = event.data as ExportWorkerJob;
  try {
    if (job.kind === 'read-archive') {
      post({ type: 'archive', contents: runArchiveReadJob(job, (progress) => post({ type: 'progress', progress })) });
    } else if (job.kind === 'loss') {
      post({ type: 'notes', notes: await runLossJob(job) });
    } else if (job.kind === 'archive-bytes') {
      const bytes = runArchiveBytesJob(job);
      post({ type: 'bytes', bytes }, [bytes.buffer as ArrayBuffer]);
    } else {
      const bytes = await runExportJob(job, sender, (progress) => post({ type: 'progress', progress }));
      post({ type: 'done', bytes });
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
