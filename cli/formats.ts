/**
 * The formats `claimscope convert` reads and writes, over the same core parsers and serializers
 * the app uses. A brat input or output is a folder of `.txt`/`.ann` pairs (with annotation.conf);
 * the archive is a project archive `.zip`; everything else is one file.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readArchive, datasetOfArchive, type ArchiveContents, type ArchiveRow } from '../renderer/core/formats/archive.ts';
import { archiveSourceOf, streamArchive } from '../renderer/core/formats/archive-stream.ts';
import { exportPieces, streamExport } from '../renderer/core/formats/exports.ts';
import { headOf, pagesOf, type Piece, type ZipEntry } from '../renderer/core/formats/stream.ts';
import { parseBrat } from '../renderer/core/formats/brat.ts';
import { readAnnotationConf } from '../renderer/core/formats/brat-conf.ts';
import { datasetFromImported } from '../renderer/core/formats/dataset.ts';
import type { ConllScheme } from '../renderer/core/formats/conll.ts';
import { decodeText } from '../renderer/core/formats/decode.ts';
import { detectFormat, type ImportFormat } from '../renderer/core/formats/detect.ts';
import type { HtmlDom } from '../renderer/core/formats/html.ts';
import type { ReadOptions as FormatReadOptions } from '../renderer/core/formats/module.ts';
import type { PdfJs } from '../renderer/core/formats/pdf.ts';
import { FORMATS as MODULES, formatModule, readerOf, writerOf } from '../renderer/core/formats/registry.ts';
import {
  describeError,
  type Dataset,
  type FormatWarning,
  type ImportedClaimGroup,
  type ImportedDocument,
  type Result,
} from '../renderer/core/formats/types.ts';
import type { Schema } from '../renderer/core/model/types.ts';
import { fileSizeProblem } from '../renderer/core/formats/limits.ts';
import { CliError } from './errors.ts';
import { writeFileAtomic, writeFolderAtomic } from './fsio.ts';

/** Every format of the registry, by its command-line id. */
export const FORMATS: readonly string[] = MODULES.map((m) => m.id);
export type CliFormat = string;
/** What `--from` takes: formats with a reader, and the project archive. */
export const INPUTS: readonly string[] = MODULES.filter((m) => m.reads || m.project).map((m) => m.id);
/** What `--to` takes: formats with a writer. */
export const OUTPUTS: readonly string[] = MODULES.filter((m) => m.writes).map((m) => m.id);
export const FORMAT_HELP: Readonly<Record<string, string>> = Object.fromEntries(MODULES.map((m) => [m.id, m.help]));

/** The command-line format of a detected kind: the module whose reader takes it. */
function fromDetected(kind: ImportFormat): CliFormat | undefined {
  return kind === 'archive' ? 'archive' : readerOf(kind)?.module.id;
}

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
    const format = fromDetected(detected);
    if (!format) throw new CliError(`${file}: the format could not be recognised; name it with --from (one of ${INPUTS.join(', ')}).`);
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
  const tooLarge = fileSizeProblem(file, s.size);
  if (tooLarge) throw new CliError(tooLarge);
  return new Uint8Array(await readFile(file));
}

async function readText(file: string): Promise<string> {
  return unwrap(decodeText(file, await readBytes(file))).value;
}

/** Reads an input in a format into a Dataset (throws a CliError naming the file on bad input). */
export async function readInput(file: string, format: CliFormat, options: ReadOptions): Promise<ReadResult> {
  const projectName = path.basename(file).replace(/\.[^.]+$/, '') || 'converted';
  const build = (
    docs: ImportedDocument[],
    warnings: FormatWarning[],
    schema?: Schema,
    groups: readonly ImportedClaimGroup[] = [],
  ): ReadResult => {
    const short = new Map(docs.map((doc) => [doc, withoutFolders(doc, file)]));
    const members = groups.map((g) => ({ ...g, members: g.members.map((m) => ({ ...m, document: short.get(m.document) ?? m.document })) }));
    const opts = { projectName, now: options.now, ...(options.layer !== undefined && { layer: options.layer }), ...(schema && { schema }) };
    return { dataset: datasetFromImported([...short.values()], opts, members), warnings };
  };
  if (format === 'brat') return readBratFolder(file, options, build);
  if (format === 'archive') {
    const contents = unwrap(readArchive(file, await readBytes(file))).value;
    const dataset = datasetOfArchive(contents);
    if (options.layer !== undefined) {
      dataset.annotations = dataset.annotations.map((a) => ({ ...a, layer: options.layer! }));
      dataset.relations = dataset.relations.map((r) => ({ ...r, layer: options.layer! }));
      if (dataset.claimGroups) dataset.claimGroups = dataset.claimGroups.map((g) => ({ ...g, layer: options.layer! }));
      return { dataset, warnings: [] };
    }
    return { dataset, warnings: [], archive: contents };
  }
  const reader = formatModule(format)?.reads;
  if (!reader) throw new CliError(`--from ${format}: ${format} is an output format only; read ${INPUTS.join(', ')}.`, 2);
  if (format === 'csv' && !options.textColumn)
    throw new CliError(`${file}: reading CSV needs --text-column NAME, the column that holds each document's text.`);
  const data = await readBytes(file);
  const readOptions: FormatReadOptions = {
    ...(options.layer !== undefined && { layer: options.layer }),
    ...(options.textColumn !== undefined && { csv: { textColumn: options.textColumn } }),
    ...(format === 'html' && { html: await nodeDom() }),
    ...(format === 'pdf' && { pdfjs: await nodePdfJs() }),
  };
  const kind = Object.keys(reader.detects)[0] as ImportFormat;
  const input = { name: file, kind, data, text: () => decodeText(file, data), sibling: () => undefined };
  const { value, warnings } = unwrap(await reader.read(input, readOptions));
  return build(value.documents, warnings, value.schema, value.claimGroups);
}

/**
 * The document with the input's own name in place of the path it was read from: exported
 * metadata keeps `report.txt` (or `corpus/report.txt` inside a brat folder), never the folders
 * above it, which often hold the user's name.
 */
function withoutFolders(doc: ImportedDocument, input: string): ImportedDocument {
  const read = path.resolve(input);
  const short = (name: string) => {
    const resolved = path.resolve(name);
    const ours = resolved === read || resolved.startsWith(read + path.sep);
    return ours ? path.relative(path.dirname(read), resolved).split(path.sep).join('/') : name;
  };
  const fileName = doc.metadata['fileName'];
  const metadata = typeof fileName === 'string' ? { ...doc.metadata, fileName: short(fileName) } : doc.metadata;
  return { ...doc, metadata, sourceFile: short(doc.sourceFile) };
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
  const rel = (e: { parentPath?: string; path?: string; name: string }) =>
    path
      .relative(folder, path.join(e.parentPath ?? e.path ?? folder, e.name))
      .split(path.sep)
      .join('/');
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
    const conf = readAnnotationConf(confFile, await readText(confFile));
    if (conf.schema) schema = conf.schema;
    warnings.push(...conf.warnings);
  }
  const docs: ImportedDocument[] = [];
  for (const t of txts) {
    const txtFile = path.join(folder, t);
    const annName = [...anns].find((a) => a.toLowerCase() === t.replace(/\.txt$/i, '.ann').toLowerCase());
    const annFile = annName ? path.join(folder, annName) : null;
    const r = unwrap(
      parseBrat(
        { name: txtFile, content: await readText(txtFile) },
        annFile ? { name: annFile, content: await readText(annFile) } : null,
        options.layer,
      ),
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
  /** Told what the format left out (the loss report, counted as the file is written) and the format's name. */
  onLoss?: (notes: string[], format: string) => void;
}

/** Writes a dataset in a format; nothing is written unless the whole output is ready. */
export async function writeOutput(target: string, format: CliFormat, read: ReadResult, options: WriteOptions): Promise<string> {
  const { dataset } = read;
  const source = { head: headOf(dataset), documents: dataset.documents.length, pages: () => pagesOf(dataset, 200) };
  if (format === 'brat') {
    // The folder's files a page of documents at a time, the loss report counted from the same pages.
    let notes: string[] = [];
    const pieces = exportPieces('brat', source, {}, { onLoss: (n) => (notes = n) });
    await writeFolderAtomic(target, filesOf(pieces), options.force);
    options.onLoss?.(notes, writerOf('brat').name);
  } else if (format === 'archive') {
    const tables: Record<string, ArchiveRow[]> = read.archive
      ? read.archive.tables
      : {
          documents: dataset.documents as unknown as ArchiveRow[],
          annotations: dataset.annotations as unknown as ArchiveRow[],
          relations: dataset.relations as unknown as ArchiveRow[],
          entities: (dataset.entities ?? []) as unknown as ArchiveRow[],
          ...(dataset.claimGroups && { claimGroups: dataset.claimGroups as unknown as ArchiveRow[] }),
          documentStatus: (dataset.documentStatuses ?? []).map((v) => ({ ...v, projectId: dataset.project.id })),
          documentAttributes: (dataset.documentAttributes ?? []).map((v) => ({
            ...v,
            projectId: dataset.project.id,
            updatedBy: v.layer,
            updatedAt: options.now,
          })),
        };
    const input = {
      project: dataset.project,
      tables,
      appVersion: options.appVersion,
      created: read.archive?.manifest.created ?? options.now,
    };
    await writeFileAtomic(target, (sink) => streamArchive(archiveSourceOf(input), sink));
  } else {
    const writers = formatModule(format)?.writes ?? [];
    const writer = writers.find((w) => w.scheme === undefined || w.scheme === options.scheme);
    if (!writer || (!writer.write && !writer.pages))
      throw new CliError(`--to ${format}: ${format} is an input format only; write ${OUTPUTS.join(', ')}.`, 2);
    const onLoss = options.onLoss && ((notes: string[]) => options.onLoss!(notes, writerOf(writer.id).name));
    await writeFileAtomic(target, (sink) => streamExport(writer.id, source, {}, sink, onLoss ? { onLoss } : {}));
  }
  return `${dataset.documents.length} documents, ${dataset.annotations.length} annotations, ${dataset.relations.length} relations`;
}

/** The files of a folder export's pieces (each page's zip entries). */
async function* filesOf(pieces: AsyncIterable<Piece>): AsyncGenerator<ZipEntry> {
  for await (const piece of pieces) if (typeof piece !== 'string' && !('parts' in piece)) yield* piece;
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
