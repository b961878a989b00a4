/**
 * The export worker: writes one export job and posts progress while it goes. The window can
 * terminate it at any moment (Cancel); nothing is saved until the finished file comes back.
 */
import { runExportJob, type ExportJob } from './exportJob.ts';
import type { WorkerReply } from './exportClient.ts';

const post = (reply: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);

self.onmessage = (event: MessageEvent<ExportJob>) => {
  try {
    const output = runExportJob(event.data, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', output }, typeof output.data === 'string' ? [] : [output.data.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
