/**
 * The formats `claimscope convert` reads and writes, over the same core parsers and serializers
 * the app uses. A brat input or output is a folder of `.txt`/`.ann` pairs (with annotation.conf);
 * the archive is a project archive `.zip`; everything else is one file.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readArchive, datasetOfArchive, writeArchive, type ArchiveContents, type ArchiveRow } from '../renderer/core/formats/archive.ts';
import { parseArticle } from '../renderer/core/formats/article.ts';
import { parseAnnotationConf, parseBrat, serializeBrat } from '../renderer/core/formats/brat.ts';
import { serializeClaimsCsv } from '../renderer/core/formats/claims-csv.ts';
import { parseConll, serializeConll, type ConllScheme } from '../renderer/core/formats/conll.ts';
import { parseCsv } from '../renderer/core/formats/csv.ts';
import { decodeText } from '../renderer/core/formats/decode.ts';
import { detectFormat, type ImportFormat } from '../renderer/core/formats/detect.ts';
import { parseDoccano, serializeDoccano } from '../renderer/core/formats/doccano.ts';
import { parseHtml, type HtmlDom } from '../renderer/core/formats/html.ts';
import { parseLabelStudio, serializeLabelStudio } from '../renderer/core/formats/labelstudio.ts';
import { parseMarkdown } from '../renderer/core/formats/markdown.ts';
import { parseJsonl, serializeJsonl } from '../renderer/core/formats/native-jsonl.ts';
import { parsePdf, type PdfJs } from '../renderer/core/formats/pdf.ts';
import { parseSpacy, serializeSpacy } from '../renderer/core/formats/spacy.ts';
import { describeError, type Dataset, type FormatWarning, type ImportedDocument, type Result } from '../renderer/core/formats/types.ts';
import { parseW3c, serializeW3c } from '../renderer/core/formats/w3c.ts';
import type { Schema } from '../renderer/core/model/types.ts';
import { datasetFromImported } from '../renderer/core/formats/dataset.ts';
import { CliError } from './errors.ts';
import { writeFileAtomic, writeFolderAtomic } from './fsio.ts';

export const FORMATS = ['jsonl', 'archive', 'csv', 'brat', 'conll', 'doccano', 'labelstudio', 'w3c', 'spacy', 'txt', 'md', 'html', 'pdf'] as const;
export type CliFormat = (typeof FORMATS)[number];
/** Formats that are only read: they hold a text, not annotations. */
export const INPUT_ONLY: ReadonlySet<CliFormat> = new Set(['txt', 'md', 'html', 'pdf']);

export const FORMAT_HELP: Record<CliFormat, string> = {
  jsonl: 'Claimscope JSONL: one document per line with annotations, relations, attributes, notes, entities',
  archive: 'Claimscope project archive (.zip): the whole project, restorable in the app',
  csv: 'input: a table with one document per row (--text-column); output: the claims table',
  brat: 'brat standoff: a folder of .txt/.ann pairs plus annotation.conf (code point offsets)',
  conll: 'CoNLL-2003 style tokens and tags (output: --scheme BIO or BILOU)',
  doccano: 'doccano JSONL (relation-extraction variant)',
  labelstudio: 'Label Studio task JSON',
  w3c: 'W3C Web Annotation JSON-LD (AnnotationCollection)',
  spacy: 'spaCy-ready JSONL (text, character spans, relations)',
  txt: 'plain text article (input only)',
  md: 'Markdown article (input only)',
  html: 'HTML page, main text via Readability (input only)',
  pdf: 'PDF, text rebuilt into paragraphs (input only)',
};

const FROM_DETECTED: Partial<Record<ImportFormat, CliFormat>> = {
  jsonl: 'jsonl',
  doccano: 'doccano',
  spacy: 'spacy',
  labelstudio: 'labelstudio',
  json: 'labelstudio',
  w3c: 'w3c',
  conll: 'conll',
  archive: 'archive',
  csv: 'csv',
  txt: 'txt',
  md: 'md',
  html: 'html',
  pdf: 'pdf',
};

/** The format of an input: a folder is brat; a file is recognised from its name and first bytes. */
export async function detectInputFormat(file: string): Promise<CliFormat> {
  const s = await stat(file).catch(() => null);
  if (!s) throw new CliError(`${file}: no such file or folder.`);
  if (s.isDirectory()) return 'brat';
  const handle = await open(file, 'r');
  try {
    const buf = new Uint8Array(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const detected = detectFormat(path.basename(file), buf.subarray(0, bytesRead));
    if (detected === 'brat') throw new CliError(`${file}: is one brat .ann file; pass its folder instead.`);
    const format = FROM_DETECTED[detected];
    if (!format) throw new CliError(`${file}: the format could not be recognised; name it with --from (one of ${FORMATS.join(', ')}).`);
    return format;
  } finally {
    await handle.close();
  }
}

export interface ReadOptions {
  textColumn?: string;
  layer?: string;
  now: string;
}

export interface ReadResult {
  dataset: Dataset;
  warnings: FormatWarning[];
  /** The archive as read, when the input was one (so archive → archive keeps every table). */
  archive?: ArchiveContents;
}

function unwrap<T>(r: Result<T>): { value: T; warnings: FormatWarning[] } {
  if (!r.ok) throw new CliError(describeError(r.error));
  return { value: r.value, warnings: r.warnings };
}

async function readBytes(file: string): Promise<Uint8Array> {
  const s = await stat(file).catch(() => null);
  if (!s) throw new CliError(`${file}: no such file.`);
  if (s.isDirectory()) throw new CliError(`${file}: is a folder; this format reads one file (only brat reads a folder).`);
  return new Uint8Array(await readFile(file));
}

async function readText(file: string): Promise<string> {
  return unwrap(decodeText(file, await readBytes(file))).value;
}

/** Reads an input in a format into a Dataset (throws a CliError naming the file on bad input). */
export async function readInput(file: string, format: CliFormat, options: ReadOptions): Promise<ReadResult> {
  const projectName = path.basename(file).replace(/\.[^.]+$/, '') || 'converted';
  const build = (docs: ImportedDocument[], warnings: FormatWarning[], schema?: Schema): ReadResult => {
    const opts = { projectName, now: options.now, ...(options.layer !== undefined && { layer: options.layer }), ...(schema && { schema }) };
    return { dataset: datasetFromImported(docs, opts), warnings };
  };
  const many = (r: Result<ImportedDocument[]>) => {
    const { value, warnings } = unwrap(r);
    return build(value, warnings);
  };
  switch (format) {
    case 'jsonl':
      return many(parseJsonl(file, await readText(file)));
    case 'doccano':
      return many(parseDoccano(file, await readText(file)));
    case 'labelstudio':
      return many(parseLabelStudio(file, await readText(file)));
    case 'w3c':
      return many(parseW3c(file, await readText(file)));
    case 'spacy':
      return many(parseSpacy(file, await readText(file)));
    case 'conll':
      return many(parseConll(file, await readText(file)));
    case 'csv': {
      if (!options.textColumn) throw new CliError(`${file}: reading CSV needs --text-column NAME, the column that holds each document's text.`);
      return many(parseCsv(file, await readText(file), { textColumn: options.textColumn }));
    }
    case 'txt': {
      const { value, warnings } = unwrap(parseArticle(file, await readText(file)));
      return build([{ ...value, annotations: [], relations: [], sourceFile: file }], warnings);
    }
    case 'md': {
      const { value, warnings } = unwrap(parseMarkdown(file, await readText(file)));
      return build([value], warnings);
    }
    case 'html': {
      const { value, warnings } = unwrap(parseHtml(file, await readText(file), await nodeDom()));
      return build([value], warnings);
    }
    case 'pdf': {
      const { value, warnings } = unwrap(await parsePdf(file, await readBytes(file), await nodePdfJs()));
      return build([value], warnings);
    }
    case 'brat':
      return readBratFolder(file, options, build);
    case 'archive': {
      const contents = unwrap(readArchive(file, await readBytes(file))).value;
      const dataset = datasetOfArchive(contents);
      if (options.layer !== undefined) {
        dataset.annotations = dataset.annotations.map((a) => ({ ...a, layer: options.layer! }));
        dataset.relations = dataset.relations.map((r) => ({ ...r, layer: options.layer! }));
        return { dataset, warnings: [] };
      }
      return { dataset, warnings: [], archive: contents };
    }
  }
}

async function readBratFolder(
  folder: string,
  options: ReadOptions,
  build: (docs: ImportedDocument[], warnings: FormatWarning[], schema?: Schema) => ReadResult,
): Promise<ReadResult> {
  const s = await stat(folder).catch(() => null);
  if (!s) throw new CliError(`${folder}: no such folder.`);
  if (!s.isDirectory()) throw new CliError(`${folder}: brat input is a folder of .txt/.ann pairs, not a file.`);
  const entries = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const rel = (e: { parentPath?: string; path?: string; name: string }) => path.relative(folder, path.join(e.parentPath ?? e.path ?? folder, e.name)).split(path.sep).join('/');
  const names = entries.map(rel).sort();
  const txts = names.filter((n) => n.toLowerCase().endsWith('.txt'));
  const anns = new Set(names.filter((n) => n.toLowerCase().endsWith('.ann')));
  if (txts.length === 0) throw new CliError(`${folder}: the folder holds no .txt files, so it is not a brat folder.`);
  for (const a of anns) {
    if (!txts.includes(a.replace(/\.ann$/i, '.txt'))) throw new CliError(`${path.join(folder, a)}: has no matching .txt file.`);
  }
  const warnings: FormatWarning[] = [];
  let schema: Schema | undefined;
  if (names.includes('annotation.conf')) {
    const confFile = path.join(folder, 'annotation.conf');
    const conf = unwrap(parseAnnotationConf(confFile, await readText(confFile)));
    schema = conf.value;
    warnings.push(...conf.warnings);
  }
  const docs: ImportedDocument[] = [];
  for (const t of txts) {
    const txtFile = path.join(folder, t);
    const annName = [...anns].find((a) => a.toLowerCase() === t.replace(/\.txt$/i, '.ann').toLowerCase());
    const annFile = annName ? path.join(folder, annName) : null;
    const r = unwrap(
      parseBrat({ name: txtFile, content: await readText(txtFile) }, annFile ? { name: annFile, content: await readText(annFile) } : null, options.layer),
    );
    docs.push(r.value);
    warnings.push(...r.warnings);
  }
  return build(docs, warnings, schema);
}

export interface WriteOptions {
  scheme: ConllScheme;
  force: boolean;
  appVersion: string;
  now: string;
}

/** Writes a dataset in a format; nothing is written unless the whole output is ready. */
export async function writeOutput(target: string, format: CliFormat, read: ReadResult, options: WriteOptions): Promise<string> {
  const { dataset } = read;
  switch (format) {
    case 'jsonl':
      await writeFileAtomic(target, serializeJsonl(dataset));
      break;
    case 'csv':
      await writeFileAtomic(target, serializeClaimsCsv(dataset));
      break;
    case 'conll':
      await writeFileAtomic(target, serializeConll(dataset, { scheme: options.scheme }).content);
      break;
    case 'doccano':
      await writeFileAtomic(target, serializeDoccano(dataset));
      break;
    case 'labelstudio':
      await writeFileAtomic(target, serializeLabelStudio(dataset));
      break;
    case 'w3c':
      await writeFileAtomic(target, serializeW3c(dataset));
      break;
    case 'spacy':
      await writeFileAtomic(target, serializeSpacy(dataset));
      break;
    case 'brat':
      await writeFolderAtomic(target, serializeBrat(dataset).files, options.force);
      break;
    case 'archive': {
      const tables: Record<string, ArchiveRow[]> = read.archive
        ? read.archive.tables
        : {
            documents: dataset.documents as unknown as ArchiveRow[],
            annotations: dataset.annotations as unknown as ArchiveRow[],
            relations: dataset.relations as unknown as ArchiveRow[],
            entities: (dataset.entities ?? []) as unknown as ArchiveRow[],
            documentStatus: (dataset.documentStatuses ?? []).map((v) => ({ ...v, projectId: dataset.project.id })),
            documentAttributes: (dataset.documentAttributes ?? []).map((v) => ({ ...v, projectId: dataset.project.id, updatedBy: v.layer, updatedAt: options.now })),
          };
      await writeFileAtomic(target, writeArchive({ project: dataset.project, tables, appVersion: options.appVersion, created: read.archive?.manifest.created ?? options.now }));
      break;
    }
    case 'txt':
    case 'md':
    case 'html':
    case 'pdf':
      throw new CliError(`--to ${format}: ${format} is an input format only; write jsonl, archive, csv, brat, conll, doccano, labelstudio, w3c or spacy.`, 2);
  }
  return `${dataset.documents.length} documents, ${dataset.annotations.length} annotations, ${dataset.relations.length} relations`;
}

/** jsdom as the DOM for the HTML importer (a dev dependency: present in a checkout after npm ci). */
async function nodeDom(): Promise<HtmlDom> {
  let JSDOM: typeof import('jsdom').JSDOM;
  try {
    ({ JSDOM } = await import('jsdom'));
  } catch {
    throw new CliError('Reading HTML needs jsdom, which is not installed here: run npm ci in the Claimscope checkout.');
  }
  return { parseDocument: (html) => new JSDOM(html).window.document as never, window: new JSDOM('').window };
}

/** pdf.js's Node build. */
async function nodePdfJs(): Promise<PdfJs> {
  try {
    return (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
  } catch {
    throw new CliError('Reading PDF needs pdfjs-dist, which is not installed here: run npm ci in the Claimscope checkout.');
  }
}
