/**
 * The export worker: writes one export job (or checks an archive for Restore) and posts progress while it goes. The window can
 * terminate it at any moment (Cancel); nothing is saved until the finished file comes back.
 */
import { runArchiveReadJob, runExportJob, runLossJob, type ArchiveReadJob, type ExportJob, type LossJob } from './exportJob.ts';
import type { WorkerReply } from './exportClient.ts';

const post = (reply: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);

self.onmessage = (event: MessageEvent<ExportJob | LossJob | ArchiveReadJob>) => {
  try {
    if (event.data.kind === 'read-archive') {
      post({ type: 'archive', contents: runArchiveReadJob(event.data, (progress) => post({ type: 'progress', progress })) });
      return;
    }
    if (event.data.kind === 'loss') {
      post({ type: 'notes', notes: runLossJob(event.data) });
      return;
    }
    const output = runExportJob(event.data, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', output }, typeof output.data === 'string' ? [] : [output.data.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
