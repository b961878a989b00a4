/**
 * The import worker: parses files (everything but HTML, which needs the main thread's DOMParser —
 * workers have no DOM, and DOMPurify cannot sanitise without a real one) and writes the documents
 * to IndexedDB in batches, so the window never freezes. PDF runs on pdf.js inside this worker: its
 * own worker code is loaded here as `globalThis.pdfjsWorker`, so no nested worker is started.
 */
import { importFiles, type FileImportResult } from '../../../core/formats/import-files.ts';
import type { PdfJs } from '../../../core/formats/pdf.ts';
import { readerOf } from '../../../core/formats/registry.ts';
import type { ProjectId, Schema } from '../../../core/model/types.ts';
import { AppDb } from '../../db/db.ts';
import { existingHashes, textHashes, writeImport, type ImportItem } from '../../db/import.ts';
import { indexWhileWriting } from '../../db/textIndex.ts';
import { strictCheckpoint } from '../../db/db.ts';
import { isQuotaError, saveFailureMessage } from '../../db/storage.ts';
import type { FileOutcome, FileSummary, FromWorker, ToWorker } from './protocol.ts';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

let db: AppDb | null = null;
let projectId = '';
let results: FileImportResult[] = [];
/** Each read document's text hash, per file, in the order of `results`. */
let hashesOf: string[][] = [];
let summaries: FileSummary[] = [];
let cancelled = false;
let indexing = false;
let closing = false;

async function loadPdfjs(): Promise<PdfJs> {
  const [lib, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.mjs')]);
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  return lib as unknown as PdfJs;
}

async function read(msg: Extract<ToWorker, { type: 'read' }>): Promise<void> {
  // Batches commit relaxed; the import ends with one strict commit (strictCheckpoint).
  db ??= new AppDb(msg.dbName, { durability: 'relaxed' });
  projectId = msg.projectId;
  const needsPdf = msg.files.some((f) => /\.pdf$/i.test(f.name) || (f.data[0] === 0x25 && f.data[1] === 0x50));
  const parsed = await importFiles(msg.files, {
    csv: msg.options.csv,
    textField: msg.options.textField,
    layer: msg.options.layer,
    ...(needsPdf ? { pdfjs: await loadPdfjs() } : {}),
    onFile: (file, index, total) => post({ type: 'reading', file, index, total }),
  });
  results = [...parsed, ...msg.preparsed];
  const hashes = await textHashes(results.flatMap((r) => (r.documents ?? []).map((d) => d.text)));
  let k = 0;
  hashesOf = results.map((r) => (r.documents ?? []).map(() => hashes[k++]!));
  const present = await existingHashes(db, projectId, hashes);
  const seen = new Set<string>();
  let h = 0;
  summaries = results.map((r) => {
    let duplicates = 0;
    for (const _ of r.documents ?? []) {
      const hash = hashes[h++]!;
      if (present.has(hash) || seen.has(hash)) duplicates++;
      seen.add(hash);
    }
    const docs = r.documents ?? [];
    const summary: FileSummary = {
      file: r.file,
      format: r.format,
      status: r.status,
      documents: docs.length,
      annotations: docs.reduce((n, d) => n + d.annotations.length, 0),
      duplicates,
      warnings: r.warnings.slice(0, 20),
      usesLayer: readerOf(r.format)?.reader.usesLayer === true,
      usesTextField: readerOf(r.format)?.reader.usesTextField === true,
    };
    if (r.error) summary.error = r.error;
    if (r.csv) summary.csv = r.csv;
    return summary;
  });
  post({ type: 'read', files: summaries });
}

async function runImport(msg: Extract<ToWorker, { type: 'import' }>): Promise<void> {
  if (!db) throw new Error('Nothing has been read to import.');
  cancelled = false;
  const items: ImportItem[] = [];
  results.forEach((r, file) => {
    (r.documents ?? []).forEach((doc, i) => items.push({ file, doc, hash: hashesOf[file]![i]! }));
  });
  const schemas = results.map((r) => r.schema).filter((s): s is Schema => s !== undefined);
  const started = performance.now();
  // The text index is built from the texts as they are written (no reading them back after).
  const indexer = indexWhileWriting(db, projectId);
  const outcome = await writeImport(db, projectId as ProjectId, items, {
    onWritten: (docs) => indexer.add(docs),
    by: msg.by,
    defaultLayer: msg.layer,
    schemas,
    claimGroups: results.flatMap((r) => r.claimGroups ?? []),
    isCancelled: () => cancelled,
    onProgress: (p) => {
      const seconds = (performance.now() - started) / 1000;
      post({
        type: 'progress',
        done: p.done,
        total: p.total,
        imported: p.imported,
        duplicates: p.duplicates,
        file: results[p.currentFile]?.file ?? '',
        rate: seconds > 0 ? p.done / seconds : 0,
      });
    },
  });
  await strictCheckpoint(db.name, 'lastImport', { projectId, imported: outcome.imported, at: new Date().toISOString() });
  const files: FileOutcome[] = summaries.map((s, i) => {
    const tally = outcome.files.get(i);
    return tally ? { ...s, tally } : s;
  });
  post({
    type: 'done',
    files,
    imported: outcome.imported,
    duplicates: outcome.duplicates,
    annotations: outcome.annotations,
    cancelled: outcome.cancelled,
  });
  // The last chunk's word rows, then a pass over anything else pending (textIndex.ts). A search
  // in the window meanwhile runs the pass itself (one at a time); if the worker is ended first,
  // the documents it did not reach stay pending, whole, for the next search.
  indexing = true;
  try {
    await indexer.finish({ onProgress: (done, total) => post({ type: 'indexing', done, total }) });
  } catch (err) {
    // The import itself is saved; what is not indexed stays pending for the next search.
    console.error('The text index pass stopped:', err);
  } finally {
    indexing = false;
    if (closing) self.close();
  }
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (msg.type === 'close') {
    closing = true;
    if (!indexing) self.close();
    return;
  }
  const run = msg.type === 'read' ? read(msg) : runImport(msg);
  run.catch((err: unknown) =>
    post({
      type: 'error',
      message: isQuotaError(err) ? saveFailureMessage('The rest of the import', err) : err instanceof Error ? err.message : String(err),
    }),
  );
});
