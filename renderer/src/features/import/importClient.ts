/**
 * The main thread's side of an import: starts the import worker, parses HTML pages here (the
 * worker has no DOM; each page is parsed in its own task so the window stays responsive) and
 * forwards the worker's messages to the dialog.
 */
import type { FileImportResult, ImportFile } from '../../../core/formats/import-files.ts';
import { importFiles } from '../../../core/formats/import-files.ts';
import { detectFormat } from '../../../core/formats/detect.ts';
import type { HtmlDom } from '../../../core/formats/html.ts';
import { openWorker, type AppWorker } from '../../platform/workerJob.ts';
import type { FromWorker, ReadOptions, ToWorker } from './protocol.ts';

const browserDom: HtmlDom = {
  parseDocument: (html) => new DOMParser().parseFromString(html, 'text/html') as never,
  window,
};

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class ImportSession {
  private worker: AppWorker<ToWorker>;
  private html = new Map<string, FileImportResult[]>();

  constructor(
    private readonly dbName: string,
    private readonly projectId: string,
    listener: (message: FromWorker) => void,
  ) {
    this.worker = openWorker<ToWorker, FromWorker>({
      createWorker: () => new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'claimscope-import' }),
      onReply: listener,
      onFailure: (message) => listener({ type: 'error', message }),
      failure: 'The import worker stopped.',
    });
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.post(message, transfer);
  }

  /** Parses the files (HTML here, the rest in the worker); the worker answers with `read`. */
  async read(files: ImportFile[], options: ReadOptions): Promise<void> {
    const rest: ImportFile[] = [];
    const preparsed: FileImportResult[] = [];
    for (const f of files) {
      if (detectFormat(f.name, f.data.subarray(0, 4096)) !== 'html') {
        rest.push(f);
        continue;
      }
      let parsed = this.html.get(f.name);
      if (!parsed) {
        await nextTask();
        parsed = await importFiles([f], { html: browserDom });
        this.html.set(f.name, parsed);
      }
      preparsed.push(...parsed);
    }
    // Copies are handed over (transferred, not cloned again), so the dialog can read the files again with other options.
    const copies = rest.map((f) => ({ name: f.name, data: f.data.slice() }));
    this.send(
      { type: 'read', files: copies, preparsed, options, projectId: this.projectId, dbName: this.dbName },
      copies.map((f) => f.data.buffer),
    );
  }

  start(by: string, layer: string): void {
    this.send({ type: 'import', by, layer });
  }

  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /** Lets the worker go: it ends at once, or after the text index pass it is running. */
  dispose(): void {
    this.send({ type: 'close' });
  }
}
