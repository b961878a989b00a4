/**
 * Exporting a dataset, for the export dialog, its worker and the benchmark: how a dataset is
 * narrowed to the chosen documents, layers and labels, the loss report, and the writing itself —
 * in steps, so a worker can report progress between them. What each format is called, how its
 * file is named, what it loses and how it is written come from the format registry
 * (`registry.ts`).
 *
 * The project archive is listed too, but it is written from the database's tables (history,
 * statuses …), not from a Dataset: see `archive.ts` and `renderer/src/db/archive.ts`.
 */
import type { ConllReport } from './conll.ts';
import { groupsWithin } from './groups.ts';
import type { ExportOutput, FormatWriter } from './module.ts';
import { ByteOutput, pagesOf, type ByteSink, type ExportHead, type PageWriterFactory, type Piece } from './stream.ts';
import { WRITERS, writerOf } from './registry.ts';
import type { Dataset } from './types.ts';
import type { Annotation, Entity } from '../model/types.ts';

export type { ExportOutput } from './module.ts';
export { zipFiles } from './module.ts';

/** An export's id, as a format module's writer declares it (`jsonl`, `conll-bio` …). */
export type ExportFormatId = string;
export type ExportFormat = FormatWriter;

/** The export dialog's choices: every writer of the format registry. */
export const EXPORT_FORMATS: readonly ExportFormat[] = WRITERS;

export function exportFormat(id: ExportFormatId): ExportFormat {
  return writerOf(id);
}

/** Which part of a project to export. `undefined` means all. */
export interface ExportSelection {
  documentIds?: readonly string[];
  layers?: readonly string[];
  labels?: readonly string[];
}

/**
 * The dataset narrowed to a selection: the chosen documents (in the dataset's order), their
 * annotations in the chosen layers with the chosen labels, the relations of those layers between
 * annotations that remain, and the entities those annotations link to.
 */
export function selectDataset(dataset: Dataset, selection: ExportSelection): Dataset {
  const docs = selection.documentIds ? new Set(selection.documentIds) : null;
  const layers = selection.layers ? new Set(selection.layers) : null;
  const labels = selection.labels ? new Set(selection.labels) : null;
  const documents = docs ? dataset.documents.filter((d) => docs.has(d.id)) : dataset.documents;
  const docIds = new Set(documents.map((d) => d.id as string));
  const annotations = dataset.annotations.filter(
    (a) => docIds.has(a.documentId) && (!layers || layers.has(a.layer)) && (!labels || labels.has(a.label)),
  );
  const kept = new Set(annotations.map((a) => a.id as string));
  const relations = dataset.relations.filter((r) => (!layers || layers.has(r.layer)) && kept.has(r.from) && kept.has(r.to));
  const out: Dataset = { project: dataset.project, documents, annotations, relations };
  if (dataset.documentAttributes)
    out.documentAttributes = dataset.documentAttributes.filter((v) => docIds.has(v.documentId) && (!layers || layers.has(v.layer)));
  if (dataset.documentStatuses)
    out.documentStatuses = dataset.documentStatuses.filter((v) => docIds.has(v.documentId) && (!layers || layers.has(v.annotator)));
  if (dataset.claimGroups) out.claimGroups = groupsWithin(dataset.claimGroups, annotations, layers);
  if (dataset.entities) out.entities = linkedEntityRecords(dataset.entities, annotations);
  return out;
}

/** The entity records some annotation's attribute value names (by the entity's id). */
function linkedEntityRecords(entities: readonly Entity[], annotations: readonly Annotation[]): Entity[] {
  if (entities.length === 0) return [];
  const linked = new Set<string>();
  for (const a of annotations) {
    for (const v of Object.values(a.attributes)) for (const s of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) linked.add(s);
  }
  return entities.filter((e) => linked.has(e.id));
}

/** What the format leaves out of this dataset, in sentences with counts. The archive leaves out nothing. */
export function lossReport(id: ExportFormatId, dataset: Dataset): string[] {
  return writerOf(id).loss(dataset);
}

export interface ExportProgress {
  done: number;
  total: number;
  /** What is being written, for the progress line. */
  phase: string;
}

/** Documents per step of a chunked export. */
export const CHUNK_DOCUMENTS = 250;

/**
 * Writes a dataset in a format, step by step: yields progress after each chunk of documents (for
 * the line-per-document formats) or around the one step (for formats written whole), and returns
 * the file's content. Pure: the worker drives it and can be terminated between steps.
 */
export function* writeExport(
  id: ExportFormatId,
  dataset: Dataset,
  chunkDocuments = CHUNK_DOCUMENTS,
): Generator<ExportProgress, ExportOutput> {
  const total = dataset.documents.length;
  const writer = writerOf(id);
  const name = writer.name;
  const writeWhole = writer.write;
  if (!writeWhole) throw new Error(`${name} is written from the database tables, not from a dataset.`);
  if (!writer.chunked || total <= chunkDocuments) {
    yield { done: 0, total, phase: `Writing ${name}…` };
    const output = writeWhole(dataset);
    yield { done: total, total, phase: `Writing ${name}…` };
    return output;
  }
  const parts: string[] = [];
  let report: ConllReport | undefined;
  let done = 0;
  for (const chunk of pagesOf(dataset, chunkDocuments)) {
    done += chunk.documents.length;
    // Groups span documents: they are written once, after the last chunk's documents.
    if (dataset.claimGroups && done >= total) chunk.claimGroups = dataset.claimGroups;
    const out = writeWhole(chunk);
    parts.push(out.data as string);
    if (out.conll) report = addReports(report, out.conll);
    yield { done, total, phase: `Writing ${name}…` };
  }
  const output: ExportOutput = { data: parts.join('') };
  if (report) output.conll = report;
  return output;
}

/** A selection's documents a page at a time, each with all its records (the database's, or a dataset's: `pagesOf`). */
export interface PagedDataset {
  head: ExportHead;
  /** How many documents the pages hold, for progress. */
  documents: number;
  /** May be called twice (a writer with a first pass). */
  pages(): AsyncIterable<Dataset> | Iterable<Dataset>;
}

/** The page writer of an export (the registry derives it from `write` for a line-per-document format). */
export function pageWriterOf(id: ExportFormatId): PageWriterFactory {
  const writer = writerOf(id);
  if (!writer.pages) throw new Error(`${writer.name} cannot be written a page at a time.`);
  return writer.pages;
}

/** One page of a selection: as the format's writer gets it, and as its loss tally counts it. */
interface SelectedPage {
  /** The page narrowed to the selection, with every entity record of the project (Claimscope JSONL lists a line's own). */
  write: Dataset;
  /** The same, with the entity records its annotations link to, as {@link selectDataset} narrows a dataset held whole. */
  count: Dataset;
  /** Documents of the page as read, for progress. */
  documents: number;
}

/** The head every page of an export shares: the project, its entities, and the groups of the chosen layers. */
function exportHead(source: PagedDataset, selection: ExportSelection): ExportHead {
  const layers = selection.layers ? new Set(selection.layers) : null;
  const head: ExportHead = { project: source.head.project, entities: source.head.entities };
  // The groups of the chosen layers; their members are narrowed by the writer to what it exports.
  if (source.head.claimGroups) head.claimGroups = source.head.claimGroups.filter((g) => !layers || layers.has(g.layer));
  return head;
}

/** The selection's pages, read one at a time. */
async function* selectedPages(source: PagedDataset, selection: ExportSelection): AsyncGenerator<SelectedPage> {
  const entities = source.head.entities as Entity[];
  // Pages hold only the chosen documents; with every layer and label they are exported as they are.
  const whole = !selection.layers && !selection.labels && !selection.documentIds;
  for await (const page of source.pages()) {
    const selected = whole ? { ...page, entities: linkedEntityRecords(entities, page.annotations) } : selectDataset(page, selection);
    yield { write: { ...selected, entities }, count: selected, documents: page.documents.length };
  }
}

/**
 * An export's output a page at a time: each page narrowed to the selection and handed to the
 * format's page writer, which gives that page's text or zip entries, then the end of the file.
 * Pages carry the project's entities (`head.entities`), so Claimscope JSONL lists a line's
 * entities whenever the project has any. The format's loss report is counted from the same pages
 * as they are written and handed to `onLoss` after the last piece.
 */
export async function* exportPieces(
  id: ExportFormatId,
  source: PagedDataset,
  selection: ExportSelection,
  options: { onProgress?: (p: ExportProgress) => void; onLoss?: (notes: string[]) => void } = {},
): AsyncGenerator<Piece> {
  const format = writerOf(id);
  const head = exportHead(source, selection);
  const writer = pageWriterOf(id)(head);
  const loss = options.onLoss ? format.loses(head) : null;
  const onProgress = options.onProgress ?? (() => {});
  const total = source.documents;
  if (writer.prepass) {
    let counted = 0;
    for await (const page of selectedPages(source, selection)) {
      writer.prepass(page.write);
      counted += page.documents;
      onProgress({ done: 0, total, phase: `Counting for ${format.name}… ${counted.toLocaleString('en')} documents` });
    }
  }
  let done = 0;
  onProgress({ done, total, phase: `Writing ${format.name}…` });
  for await (const page of selectedPages(source, selection)) {
    yield writer.page(page.write);
    loss?.page(page.count);
    done += page.documents;
    onProgress({ done, total, phase: `Writing ${format.name}…` });
  }
  yield writer.end();
  if (loss) options.onLoss!(loss.notes());
}

/**
 * Writes an export a page at a time into a byte sink ({@link exportPieces}), its zip entries
 * deflated as they come and the bytes cut into chunks; the loss report goes to `onLoss` once the
 * last byte is handed over. Returns the bytes written.
 */
export async function streamExport(
  id: ExportFormatId,
  source: PagedDataset,
  selection: ExportSelection,
  sink: ByteSink,
  options: { chunkBytes?: number; onProgress?: (p: ExportProgress) => void; onLoss?: (notes: string[]) => void } = {},
): Promise<number> {
  let notes: string[] | null = null;
  const pieces = exportPieces(id, source, selection, {
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.onLoss && { onLoss: (n: string[]) => (notes = n) }),
  });
  const out = new ByteOutput(sink, options.chunkBytes);
  for await (const piece of pieces) await out.add(piece);
  await out.finish();
  if (notes) options.onLoss!(notes);
  return out.written;
}

/**
 * The loss report of an export, counted over the selection's pages in one pass as
 * {@link streamExport} counts it, without writing: what the export dialog shows before writing.
 */
export async function countLoss(
  id: ExportFormatId,
  source: PagedDataset,
  selection: ExportSelection,
  onProgress: (p: ExportProgress) => void = () => {},
): Promise<string[]> {
  const format = writerOf(id);
  const loss = format.loses(exportHead(source, selection));
  let done = 0;
  for await (const page of selectedPages(source, selection)) {
    loss.page(page.count);
    done += page.documents;
    onProgress({ done, total: source.documents, phase: `Counting what ${format.name} leaves out…` });
  }
  return loss.notes();
}

/** Runs {@link writeExport} to the end. */
export function writeExportNow(id: ExportFormatId, dataset: Dataset): ExportOutput {
  const steps = writeExport(id, dataset);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function addReports(a: ConllReport | undefined, b: ConllReport): ConllReport {
  if (!a) return { ...b };
  return {
    overlapsDropped: a.overlapsDropped + b.overlapsDropped,
    documentsAffected: a.documentsAffected + b.documentsAffected,
    spansWidened: a.spansWidened + b.spansWidened,
    discontinuousJoined: a.discontinuousJoined + b.discontinuousJoined,
    emptyDropped: a.emptyDropped + b.emptyDropped,
  };
}

/** A file name from a project name: letters, digits and dashes (`Sample project` → `sample-project`). */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'claimscope-project';
}

/** The suggested file name for an export of a project. */
export function exportFileName(id: ExportFormatId, projectName: string): string {
  return `${fileStem(projectName)}${exportFormat(id).suffix}`;
}
