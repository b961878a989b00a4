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
import type { Schema } from '../model/types.ts';
import { parseArticle } from './article.ts';
import { parseBrat } from './brat.ts';
import { readAnnotationConf } from './brat-conf.ts';
import { parseConll } from './conll.ts';
import { parseCsv, previewCsv, type CsvImportOptions, type CsvPreview } from './csv.ts';
import { decodeText } from './decode.ts';
import { baseNameOf, detectFormat, extensionOf, type ImportFormat } from './detect.ts';
import { parseDoccano } from './doccano.ts';
import { parseHtml, type HtmlDom } from './html.ts';
import { parseLabelStudio } from './labelstudio.ts';
import { parseMarkdown } from './markdown.ts';
import { parseJsonl } from './native-jsonl.ts';
import { parsePdf, type PdfJs } from './pdf.ts';
import { parseSpacy } from './spacy.ts';
import { fail, ok, type FormatError, type FormatWarning, type ImportedDocument, type Result } from './types.ts';
import { parseW3c } from './w3c.ts';

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
  error?: FormatError;
  warnings: FormatWarning[];
}

/** Files that systems leave in folders and archives, never meant as documents. */
export function isSystemFile(name: string): boolean {
  const base = baseNameOf(name);
  return base.startsWith('.') || base === 'Thumbs.db' || base === 'desktop.ini' || /(^|\/)__MACOSX\//.test(name);
}

const stem = (name: string) => name.replace(/\.[^./\\]*$/, '');

/** Text-column candidates, most likely first. */
const TEXT_COLUMNS = ['text', 'body', 'content', 'article', 'article_text', 'full_text', 'story', 'document'];
const TITLE_COLUMNS = ['title', 'headline', 'heading', 'name', 'subject'];

/**
 * Default CSV options: a column named like `text`/`body`/`content` (any case), else the column
 * with the longest cells; a `title`/`headline` column as title; every other column as metadata.
 */
export function guessCsvOptions(preview: CsvPreview): CsvImportOptions {
  const lower = preview.columns.map((c) => c.toLowerCase());
  const named = TEXT_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0);
  let textIndex = named ?? -1;
  if (textIndex < 0) {
    let best = -1;
    preview.columns.forEach((_, i) => {
      const total = preview.rows.reduce((sum, r) => sum + (r[i]?.length ?? 0), 0);
      if (total > best) [best, textIndex] = [total, i];
    });
  }
  const textColumn = preview.columns[Math.max(textIndex, 0)] ?? '';
  const titleIndex = TITLE_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0 && preview.columns[i] !== textColumn);
  const titleColumn = titleIndex === undefined ? undefined : preview.columns[titleIndex];
  const metadataColumns = preview.columns.filter((c) => c !== textColumn && c !== titleColumn);
  return titleColumn === undefined ? { textColumn, metadataColumns } : { textColumn, titleColumn, metadataColumns };
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
    const txt = byName.get(`${stem(f.name)}.txt`);
    if (txt) pairedTxt.add(txt.name);
  }

  const work = expanded.filter((f) => !pairedTxt.has(f.name));
  for (let i = 0; i < work.length; i++) {
    const f = work[i]!;
    options.onFile?.(f.name, i, work.length);
    const format = formats.get(f.name)!;
    try {
      results.push(await readOne(f, format, byName, options));
    } catch (e) {
      results.push(failed(f.name, format, { file: f.name, message: `Reading the file failed unexpectedly (${(e as Error).message}).` }));
    }
  }
  return results;
}

function failed(file: string, format: ImportFormat, error: FormatError): FileImportResult {
  return { file, format, status: 'failed', error, warnings: [] };
}

function fromResult(file: string, format: ImportFormat, r: Result<ImportedDocument[]>): FileImportResult {
  return r.ok ? { file, format, status: 'parsed', documents: r.value, warnings: r.warnings } : failed(file, format, r.error);
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

async function readOne(f: ImportFile, format: ImportFormat, byName: Map<string, ImportFile>, options: ImportOptions): Promise<FileImportResult> {
  const layer = options.layer ?? 'suggestions';
  const textField = options.textField ?? 'text';
  if (format === 'unknown') {
    const ext = extensionOf(f.name);
    return failed(f.name, format, { file: f.name, message: `Claimscope does not import ${ext ? `.${ext} files` : 'files of this kind'}; import text, Markdown, HTML, PDF, CSV/TSV, JSON/JSONL, brat, CoNLL or zip files.` });
  }
  if (format === 'pdf') {
    if (!options.pdfjs) return failed(f.name, format, { file: f.name, message: 'PDF files cannot be read here (no PDF reader is available).' });
    const r = await parsePdf(f.name, f.data, options.pdfjs);
    return r.ok ? { file: f.name, format, status: 'parsed', documents: [r.value], warnings: r.warnings } : failed(f.name, format, r.error);
  }
  const decoded = decodeText(f.name, f.data);
  if (!decoded.ok) return failed(f.name, format, decoded.error);
  const content = decoded.value;
  const one = (r: Result<ImportedDocument>): FileImportResult =>
    r.ok ? { file: f.name, format, status: 'parsed', documents: [r.value], warnings: r.warnings } : failed(f.name, format, r.error);

  switch (format) {
    case 'txt': {
      const r = parseArticle(f.name, content);
      if (!r.ok) return failed(f.name, format, r.error);
      const { title, text, blocks, metadata } = r.value;
      return { file: f.name, format, status: 'parsed', documents: [{ title, text, blocks, metadata, annotations: [], relations: [], sourceFile: f.name }], warnings: r.warnings };
    }
    case 'md':
      return one(parseMarkdown(f.name, content));
    case 'html':
      if (!options.html) return failed(f.name, format, { file: f.name, message: 'HTML pages cannot be read here (no DOM is available).' });
      return one(parseHtml(f.name, content, options.html));
    case 'csv':
    case 'tsv': {
      const preview = previewCsv(f.name, content);
      if (!preview.ok) return failed(f.name, format, preview.error);
      const csvOptions = options.csv?.[f.name] ?? guessCsvOptions(preview.value);
      const r = parseCsv(f.name, content, csvOptions);
      const result = fromResult(f.name, format, r);
      return { ...result, csv: { preview: preview.value, options: csvOptions } };
    }
    case 'jsonl':
      return fromResult(f.name, format, parseJsonl(f.name, content));
    case 'doccano':
      return fromResult(f.name, format, parseDoccano(f.name, content, { textField, layer }));
    case 'spacy':
      return fromResult(f.name, format, parseSpacy(f.name, content, { layer }));
    case 'labelstudio':
    case 'json':
      return fromResult(f.name, format, parseLabelStudio(f.name, content, { textField }));
    case 'w3c':
      return fromResult(f.name, format, parseW3c(f.name, content));
    case 'conll':
      return fromResult(f.name, format, parseConll(f.name, content, { layer }));
    case 'brat-conf': {
      const r = readAnnotationConf(f.name, content);
      return { file: f.name, format, status: 'parsed', documents: [], ...(r.schema && { schema: r.schema }), warnings: r.warnings };
    }
    case 'brat': {
      const txtFile = byName.get(`${stem(f.name)}.txt`);
      if (!txtFile) return failed(f.name, format, { file: f.name, message: `There is no text file ${baseNameOf(stem(f.name))}.txt beside it; brat annotations need their .txt.` });
      const txt = decodeText(txtFile.name, txtFile.data);
      if (!txt.ok) return failed(f.name, format, txt.error);
      return one(parseBrat({ name: txtFile.name, content: txt.value }, { name: f.name, content }, layer));
    }
    default:
      return failed(f.name, format, { file: f.name, message: 'Claimscope does not import files of this kind.' });
  }
}
