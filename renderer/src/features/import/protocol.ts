/**
 * Messages between the import dialog (main thread) and the import worker. The worker keeps the
 * parsed documents between "read" and "import", so they cross the thread boundary once only, as
 * counts; the worker writes them to IndexedDB itself in batches.
 */
import type { CsvImportOptions, CsvPreview } from '../../../core/formats/csv.ts';
import type { ImportFormat } from '../../../core/formats/detect.ts';
import type { FileImportResult, ImportFile } from '../../../core/formats/import-files.ts';
import type { FormatError, FormatWarning } from '../../../core/formats/types.ts';
import type { FileTally } from '../../db/import.ts';

export interface ReadOptions {
  csv: Record<string, CsvImportOptions>;
  textField: string;
  layer: string;
}

export type ToWorker =
  /** Parse the files (HTML ones come already parsed on the main thread) and count duplicates. */
  | { type: 'read'; files: ImportFile[]; preparsed: FileImportResult[]; options: ReadOptions; projectId: string; dbName: string }
  | { type: 'import'; by: string; layer: string }
  | { type: 'cancel' }
  /** The dialog is done with the worker: it ends once the text index pass it runs is over. */
  | { type: 'close' };

/** What the preview shows for one file. */
export interface FileSummary {
  file: string;
  format: ImportFormat;
  status: 'parsed' | 'failed';
  documents: number;
  annotations: number;
  /** Documents whose text is already in the project or earlier in this batch. */
  duplicates: number;
  error?: FormatError;
  warnings: FormatWarning[];
  csv?: { preview: CsvPreview; options: CsvImportOptions };
  /** Has annotations without a layer of their own (the target layer applies). */
  usesLayer: boolean;
  /** Reads a JSON text field (the text field option applies). */
  usesTextField: boolean;
}

export interface FileOutcome extends FileSummary {
  tally?: FileTally;
}

export type FromWorker =
  | { type: 'reading'; file: string; index: number; total: number }
  | { type: 'read'; files: FileSummary[] }
  | { type: 'progress'; done: number; total: number; imported: number; duplicates: number; file: string; rate: number }
  | { type: 'done'; files: FileOutcome[]; imported: number; duplicates: number; annotations: number; cancelled: boolean }
  /** After `done`: the imported documents being indexed for search (textIndex.ts). */
  | { type: 'indexing'; done: number; total: number }
  | { type: 'error'; message: string };
