/**
 * What a format module declares about itself: what it reads (which detected kinds, and the
 * parse), what it writes (file name, extension, MIME type, the writing) and what it loses (the
 * loss report). `registry.ts` lists the modules; detection names, import, export, the loss report
 * and the command line all read that list.
 */
import type { Schema } from '../model/types.ts';
import type { ConllReport } from './conll.ts';
import type { CsvImportOptions, CsvPreview } from './csv.ts';
import type { ImportFormat } from './detect.ts';
import type { HtmlDom } from './html.ts';
import type { PdfJs } from './pdf.ts';
import type { Dataset, ImportedClaimGroup, ImportedDocument, Result } from './types.ts';
import type { LossTallyFactory } from './loss.ts';
import { zipEntriesNow, type PageWriterFactory } from './stream.ts';

/** One file to read, as a reader sees it. */
export interface ReadInput {
  /** The name as the user knows it (`news/a.txt`). */
  name: string;
  /** What `detectFormat` recognised it as (one of the reader's {@link FormatReader.detects}). */
  kind: ImportFormat;
  data: Uint8Array;
  /** The file decoded as text (UTF-8 with or without BOM, UTF-16 with BOM), or why it cannot be. */
  text(): Result<string>;
  /** Another file of the same batch, by name (brat's `.ann` takes its `.txt`); undefined when absent. */
  sibling(name: string): { name: string; text(): Result<string> } | undefined;
}

/** The reader's settings, the same in the app and on the command line. */
export interface ReadOptions {
  /** The layer for annotations the file puts in no layer (see {@link FormatReader.usesLayer}). */
  layer?: string;
  /** The JSON field holding the text (see {@link FormatReader.usesTextField}). */
  textField?: string;
  /** CSV/TSV: which columns hold the text, title and metadata; guessed from the columns when absent. */
  csv?: CsvImportOptions;
  /** A DOM for HTML pages (the main thread's, or jsdom on the command line). */
  html?: HtmlDom;
  /** pdf.js, for PDF files. */
  pdfjs?: PdfJs;
}

export interface ReadOutput {
  documents: ImportedDocument[];
  /** A schema read from the file (brat's annotation.conf), for merging into the project's. */
  schema?: Schema;
  /** CSV/TSV: the columns and first rows, and the options used. */
  csv?: { preview: CsvPreview; options: CsvImportOptions };
  /** Claim groups the file carries (Claimscope JSONL), their members among `documents`. */
  claimGroups?: ImportedClaimGroup[];
}

export interface FormatReader {
  /** The kinds `detectFormat` names that this reader takes, each with the name the user sees. */
  detects: Partial<Record<ImportFormat, string>>;
  /** File extensions that decide a kind whatever the content (`md` → Markdown). */
  extensions?: Partial<Record<ImportFormat, readonly string[]>>;
  /** Its annotations have no layer of their own: the layer the user chooses applies. */
  usesLayer?: boolean;
  /** Its text sits in a JSON field the user can name. */
  usesTextField?: boolean;
  read(input: ReadInput, options: ReadOptions): Result<ReadOutput> | Promise<Result<ReadOutput>>;
}

/** What a writer produces. */
export interface ExportOutput {
  data: string | Uint8Array;
  /** CoNLL's account of what it had to change. */
  conll?: ConllReport;
}

/**
 * What a format module declares about a file it writes. The registry makes the {@link FormatWriter}
 * the rest of the app reads from it: the file filter and MIME type from the suffix where they are
 * the usual ones, the whole-file `write` from the page writer (or the page writer from `write`,
 * for a line-per-document format), and the loss report of a dataset held whole from `loses`.
 */
export interface WriterDeclaration {
  /** The export's id (in the export dialog and its worker). */
  id: string;
  /** The name shown to the researcher. */
  name: string;
  /** One line on what the format is for. */
  description: string;
  /** The file name after the project's stem: `sample-project` + suffix. */
  suffix: string;
  /** For save dialogs: the filter's name and extensions; by default the format's name and the suffix's extension. */
  filter?: { name: string; extensions: string[] };
  /** By default the one the suffix's extension has (`MIME_TYPES`). */
  mime?: string;
  /** False for the archive: it is always the whole project, every layer and label. Default true. */
  selectable?: boolean;
  /** Written a chunk of documents at a time, the chunks' outputs joined (line-per-document formats). */
  chunked?: boolean;
  /** The command line's `--scheme` this writer answers to, where a format has several (CoNLL). */
  scheme?: string;
  /**
   * True for a format that holds claim groups (its own loss notes say what of them it leaves out).
   * For every other format the registry adds the note that the groups are left out.
   */
  carriesGroups?: boolean;
  /** What the format leaves out, counted a page at a time as the export is written (`loss.ts`). */
  loses: LossTallyFactory;
  /** The file's content written whole; derived from `pages` where absent. Neither for the archive. */
  write?(dataset: Dataset): ExportOutput;
  /** The same file written a page of documents at a time (`stream.ts`); derived from `write` for a chunked writer. */
  pages?: PageWriterFactory;
}

/** A writer as the registry lists it: its declaration with every derived part filled in. */
export interface FormatWriter extends WriterDeclaration {
  filter: { name: string; extensions: string[] };
  mime: string;
  selectable: boolean;
  /** What the format leaves out of this dataset (held whole), in sentences with counts. */
  loss(dataset: Dataset): string[];
}

export interface FormatModule {
  /** The id on the command line (`--from`, `--to`). */
  id: string;
  /** A whole project (the archive): read and written from the database's tables, not as documents. */
  project?: boolean;
  /** One line for `claimscope convert --help`. */
  help: string;
  reads?: FormatReader;
  writes?: readonly WriterDeclaration[];
}

/** A reader's result for a parser that gives one document or several. */
export function documentsOf(r: Result<ImportedDocument | ImportedDocument[]>): Result<ReadOutput> {
  if (!r.ok) return r;
  return { ok: true, value: { documents: Array.isArray(r.value) ? r.value : [r.value] }, warnings: r.warnings };
}

/** Reads the input's text, then parses it. */
export function fromText(
  input: Pick<ReadInput, 'text'>,
  parse: (text: string) => Result<ImportedDocument | ImportedDocument[]>,
): Result<ReadOutput> {
  const text = input.text();
  return text.ok ? documentsOf(parse(text.value)) : text;
}

/** A deterministic zip of text files (fixed entry times, the given order): the same bytes as the streamed zip. */
export function zipFiles(files: readonly { path: string; content: string }[]): Uint8Array {
  return zipEntriesNow(files);
}
