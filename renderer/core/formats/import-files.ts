/**
 * Reading a batch of picked files (or a folder, or a zip) into documents: each file's format is
 * detected, brat `.txt` + `.ann` pairs are put together (an `annotation.conf` gives a schema to
 * merge into the project's), text
 * is decoded (UTF-8 with or without BOM, UTF-16 with BOM; invalid UTF-8 fails naming the file),
 * and each file is dispatched to its parser. Every file gets its own result — parsed with its
 * documents and warnings, or failed with the parser's error — so one bad file never stops the
 * others. Nothing here throws on bad input.
 *
 * HTML needs a DOM and PDF needs pdf.js; both are passed in (`options.html`, `options.pdfjs`).
 * Without them, such files fail with a message saying they cannot be read here.
 */
import { unzipSync } from 'fflate';
import { documentProblem } from '../model/records.ts';
import type { Schema } from '../model/types.ts';
import { decodeText } from './decode.ts';
import { detectFormat, type ImportFormat } from './detect.ts';
import { baseNameOf, extensionOf, stemOf } from './paths.ts';
import type { CsvImportOptions, CsvPreview } from './csv.ts';
import type { HtmlDom } from './html.ts';
import type { ReadInput, ReadOptions } from './module.ts';
import type { PdfJs } from './pdf.ts';
import { readerOf } from './registry.ts';
import { fail, ok, type FormatError, type FormatWarning, type ImportedClaimGroup, type ImportedDocument, type Result } from './types.ts';

export interface ImportFile {
  /** The name as the user knows it; folder imports give the path below the folder (`news/a.txt`). */
  name: string;
  data: Uint8Array;
}

export interface ImportOptions {
  /** CSV/TSV options per file name; a file without them gets {@link guessCsvOptions}. */
  csv?: Record<string, CsvImportOptions>;
  /** The JSON field holding the text (doccano, Label Studio, generic JSON); default `text`. */
  textField?: string;
  /**
   * The layer for annotations whose format has no layers (doccano, spaCy, CoNLL, brat); default
   * `suggestions`, i.e. pre-annotations to review. Formats with layers (Claimscope JSONL, Label
   * Studio, W3C) keep theirs; Label Studio predictions always go to `suggestions`.
   */
  layer?: string;
  html?: HtmlDom;
  pdfjs?: PdfJs;
  /** Called before each file (or brat pair) is read. */
  onFile?: (name: string, index: number, total: number) => void;
}

export interface FileImportResult {
  /** The file's name; for a brat pair, the `.ann` file's name. */
  file: string;
  format: ImportFormat;
  status: 'parsed' | 'failed';
  documents?: ImportedDocument[];
  /** A schema read from the file (brat `annotation.conf`), for merging into the project's. */
  schema?: Schema;
  /** For CSV/TSV: the columns and first rows, and the options used. */
  csv?: { preview: CsvPreview; options: CsvImportOptions };
  /** Claim groups the file carries (Claimscope JSONL), their members among `documents`. */
  claimGroups?: ImportedClaimGroup[];
  error?: FormatError;
  warnings: FormatWarning[];
}

/** Files that systems leave in folders and archives, never meant as documents. */
export function isSystemFile(name: string): boolean {
  const base = baseNameOf(name);
  return base.startsWith('.') || base === 'Thumbs.db' || base === 'desktop.ini' || /(^|\/)__MACOSX\//.test(name);
}

export async function importFiles(files: ImportFile[], options: ImportOptions = {}): Promise<FileImportResult[]> {
  const expanded: ImportFile[] = [];
  const results: FileImportResult[] = [];
  for (const f of files) {
    if (isSystemFile(f.name)) continue;
    if (detectFormat(f.name, f.data.subarray(0, 4096)) === 'archive') {
      const entries = unzip(f);
      if (!entries.ok) results.push(failed(f.name, 'archive', entries.error));
      else expanded.push(...entries.value);
    } else {
      expanded.push(f);
    }
  }

  // Pair brat files: `x.ann` takes `x.txt` from the same folder.
  const byName = new Map(expanded.map((f) => [f.name, f]));
  const formats = new Map(expanded.map((f) => [f.name, detectFormat(f.name, f.data.subarray(0, 4096))]));
  const pairedTxt = new Set<string>();
  for (const f of expanded) {
    if (formats.get(f.name) !== 'brat') continue;
    const txt = byName.get(`${stemOf(f.name)}.txt`);
    if (txt) pairedTxt.add(txt.name);
  }

  const work = expanded.filter((f) => !pairedTxt.has(f.name));
  for (let i = 0; i < work.length; i++) {
    const f = work[i]!;
    options.onFile?.(f.name, i, work.length);
    const format = formats.get(f.name)!;
    try {
      results.push(checked(await readOne(f, format, byName, options)));
    } catch (e) {
      results.push(failed(f.name, format, { file: f.name, message: `Reading the file failed unexpectedly (${(e as Error).message}).` }));
    }
  }
  return results;
}

/** A parsed file with a document the record factory would refuse fails whole, naming the problem. */
function checked(result: FileImportResult): FileImportResult {
  for (const doc of result.documents ?? []) {
    const problem = documentProblem(doc);
    if (problem) return failed(result.file, result.format, { file: result.file, message: problem });
  }
  return result;
}

function failed(file: string, format: ImportFormat, error: FormatError): FileImportResult {
  return { file, format, status: 'failed', error, warnings: [] };
}

function unzip(f: ImportFile): Result<ImportFile[]> {
  try {
    const entries = unzipSync(f.data);
    const out: ImportFile[] = [];
    for (const [path, data] of Object.entries(entries)) {
      if (path.endsWith('/') || isSystemFile(path)) continue;
      out.push({ name: `${f.name}/${path}`, data });
    }
    if (out.length === 0) return fail(f.name, 'The archive holds no files.');
    return ok(out);
  } catch (e) {
    return fail(f.name, `The zip archive cannot be opened (${(e as Error).message}).`);
  }
}

async function readOne(
  f: ImportFile,
  format: ImportFormat,
  byName: Map<string, ImportFile>,
  options: ImportOptions,
): Promise<FileImportResult> {
  const found = readerOf(format);
  if (!found) {
    const ext = extensionOf(f.name);
    return failed(f.name, format, {
      file: f.name,
      message: `Claimscope does not import ${ext ? `.${ext} files` : 'files of this kind'}; import text, Markdown, HTML, PDF, CSV/TSV, JSON/JSONL, brat, CoNLL or zip files.`,
    });
  }
  const file = (g: ImportFile) => ({ name: g.name, text: () => decodeText(g.name, g.data) });
  const input: ReadInput = {
    ...file(f),
    kind: format,
    data: f.data,
    sibling: (name) => {
      const g = byName.get(name);
      return g && file(g);
    },
  };
  const readOptions: ReadOptions = {
    layer: options.layer ?? 'suggestions',
    textField: options.textField ?? 'text',
    ...(options.csv?.[f.name] && { csv: options.csv[f.name] }),
    ...(options.html && { html: options.html }),
    ...(options.pdfjs && { pdfjs: options.pdfjs }),
  };
  const r = await found.reader.read(input, readOptions);
  if (!r.ok) return failed(f.name, format, r.error);
  const result: FileImportResult = { file: f.name, format, status: 'parsed', documents: r.value.documents, warnings: r.warnings };
  if (r.value.schema) result.schema = r.value.schema;
  if (r.value.csv) result.csv = r.value.csv;
  if (r.value.claimGroups) result.claimGroups = r.value.claimGroups;
  return result;
}
