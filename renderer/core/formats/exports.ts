/**
 * Every export format in one place, for the export dialog, its worker and the command-line tool:
 * what each format is called and how its file is named, how a dataset is narrowed to the chosen
 * documents, layers and labels, what each format leaves out (the loss report), and the writing
 * itself — in steps, so a worker can report progress between them.
 *
 * The project archive is listed here too, but it is written from the database's tables (history,
 * statuses …), not from a Dataset: see `archive.ts` and `renderer/src/db/archive.ts`.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { serializeBrat, lossNotes as bratLoss } from './brat.ts';
import { lossNotes as claimReviewLoss, serializeClaimReview } from './claimreview.ts';
import { lossNotes as claimsCsvLoss, serializeClaimsCsv } from './claims-csv.ts';
import { lossNotes as conllLoss, serializeConll, type ConllReport } from './conll.ts';
import { lossNotes as doccanoLoss, serializeDoccano } from './doccano.ts';
import { lossNotes as labelStudioLoss, serializeLabelStudio } from './labelstudio.ts';
import { lossNotes as jsonlLoss, serializeJsonl } from './native-jsonl.ts';
import { lossNotes as spacyLoss, serializeSpacy } from './spacy.ts';
import type { Dataset } from './types.ts';
import { lossNotes as w3cLoss, serializeW3c } from './w3c.ts';

export type ExportFormatId =
  | 'jsonl'
  | 'archive'
  | 'claims-csv'
  | 'brat'
  | 'conll-bio'
  | 'conll-bilou'
  | 'doccano'
  | 'labelstudio'
  | 'w3c'
  | 'spacy'
  | 'claimreview';

export interface ExportFormat {
  id: ExportFormatId;
  /** The name shown to the researcher. */
  name: string;
  /** One line on what the format is for. */
  description: string;
  /** The file name after the project's stem: `sample-project` + suffix. */
  suffix: string;
  /** For save dialogs: the filter's name and extensions. */
  filter: { name: string; extensions: string[] };
  /** False for the archive: it is always the whole project, every layer and label. */
  selectable: boolean;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  { id: 'jsonl', name: 'Claimscope JSONL', description: 'Every document with its annotations, relations, attributes, notes and linked entities; re-imports losslessly.', suffix: '.jsonl', filter: { name: 'Claimscope JSONL', extensions: ['jsonl'] }, selectable: true },
  { id: 'archive', name: 'Project archive (.zip)', description: 'A complete backup of the project — schema, documents, annotations, entities, history and every other table — that restores to an identical project.', suffix: '.claimscope.zip', filter: { name: 'Claimscope project archive', extensions: ['zip'] }, selectable: false },
  { id: 'claims-csv', name: 'Claims table (CSV)', description: 'One row per claim with its speakers, cue, source chain, attributes and document; opens in spreadsheets, R and pandas.', suffix: '-claims.csv', filter: { name: 'CSV', extensions: ['csv'] }, selectable: true },
  { id: 'brat', name: 'brat standoff (.zip)', description: 'A .txt and .ann file per document plus annotation.conf, offsets in code points.', suffix: '-brat.zip', filter: { name: 'brat standoff (zip)', extensions: ['zip'] }, selectable: true },
  { id: 'conll-bio', name: 'CoNLL (BIO)', description: 'Tokens with B-/I-/O tags, one sentence per block, for sequence-labelling models.', suffix: '-bio.conll', filter: { name: 'CoNLL', extensions: ['conll', 'txt'] }, selectable: true },
  { id: 'conll-bilou', name: 'CoNLL (BILOU)', description: 'Tokens with B-/I-/L-/O-/U- tags, one sentence per block.', suffix: '-bilou.conll', filter: { name: 'CoNLL', extensions: ['conll', 'txt'] }, selectable: true },
  { id: 'doccano', name: 'doccano JSONL', description: 'doccano’s relation-extraction JSONL: entities and relations per document.', suffix: '-doccano.jsonl', filter: { name: 'doccano JSONL', extensions: ['jsonl'] }, selectable: true },
  { id: 'labelstudio', name: 'Label Studio JSON', description: 'Label Studio tasks with one annotation per layer, regions, choices and relations.', suffix: '-labelstudio.json', filter: { name: 'Label Studio JSON', extensions: ['json'] }, selectable: true },
  { id: 'w3c', name: 'W3C Web Annotation (JSON-LD)', description: 'An AnnotationCollection with TextQuote and TextPosition selectors (code points).', suffix: '-annotations.jsonld', filter: { name: 'JSON-LD', extensions: ['jsonld', 'json'] }, selectable: true },
  { id: 'spacy', name: 'spaCy JSONL', description: 'Text, character spans (code points) and relations per line, ready for spaCy.', suffix: '-spacy.jsonl', filter: { name: 'spaCy JSONL', extensions: ['jsonl'] }, selectable: true },
  { id: 'claimreview', name: 'ClaimReview (JSON-LD)', description: 'schema.org ClaimReview records for claims with a verdict.', suffix: '-claimreview.jsonld', filter: { name: 'JSON-LD', extensions: ['jsonld', 'json'] }, selectable: true },
];

export function exportFormat(id: ExportFormatId): ExportFormat {
  const f = EXPORT_FORMATS.find((x) => x.id === id);
  if (!f) throw new Error(`Unknown export format "${id}".`);
  return f;
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
  if (dataset.documentAttributes) out.documentAttributes = dataset.documentAttributes.filter((v) => docIds.has(v.documentId) && (!layers || layers.has(v.layer)));
  if (dataset.documentStatuses) out.documentStatuses = dataset.documentStatuses.filter((v) => docIds.has(v.documentId) && (!layers || layers.has(v.annotator)));
  if (dataset.entities) {
    const linked = new Set<string>();
    for (const a of annotations) {
      for (const v of Object.values(a.attributes)) for (const s of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) linked.add(s);
    }
    out.entities = dataset.entities.filter((e) => linked.has(e.id));
  }
  if (dataset.documentAttributes) {
    out.documentAttributes = dataset.documentAttributes.filter(
      (v) => docIds.has(v.documentId) && (!layers || layers.has(v.layer)),
    );
  }
  return out;
}

/** What the format leaves out of this dataset, in sentences with counts. The archive leaves out nothing. */
export function lossReport(id: ExportFormatId, dataset: Dataset): string[] {
  switch (id) {
    case 'jsonl':
      return jsonlLoss(dataset);
    case 'archive':
      return [];
    case 'claims-csv':
      return claimsCsvLoss(dataset);
    case 'brat':
      return bratLoss(dataset);
    case 'conll-bio':
      return conllLoss(dataset, { scheme: 'BIO' });
    case 'conll-bilou':
      return conllLoss(dataset, { scheme: 'BILOU' });
    case 'doccano':
      return doccanoLoss(dataset);
    case 'labelstudio':
      return labelStudioLoss(dataset);
    case 'w3c':
      return w3cLoss(dataset);
    case 'spacy':
      return spacyLoss(dataset);
    case 'claimreview':
      return claimReviewLoss(dataset);
  }
}

export interface ExportProgress {
  done: number;
  total: number;
  /** What is being written, for the progress line. */
  phase: string;
}

export interface ExportOutput {
  data: string | Uint8Array;
  /** CoNLL's account of what it had to change. */
  conll?: ConllReport;
}

/** Formats written a chunk of documents at a time: their output is the chunks' outputs joined. */
const CHUNKED: ReadonlySet<ExportFormatId> = new Set(['jsonl', 'spacy', 'conll-bio', 'conll-bilou']);

/** Documents per step of a chunked export. */
export const CHUNK_DOCUMENTS = 250;

/**
 * Writes a dataset in a format, step by step: yields progress after each chunk of documents (for
 * the line-per-document formats) or around the one step (for formats written whole), and returns
 * the file's content. Pure: the worker drives it and can be terminated between steps.
 */
export function* writeExport(id: ExportFormatId, dataset: Dataset, chunkDocuments = CHUNK_DOCUMENTS): Generator<ExportProgress, ExportOutput> {
  const total = dataset.documents.length;
  const name = exportFormat(id).name;
  if (id === 'archive') throw new Error('The project archive is written from the database tables, not from a dataset.');
  if (!CHUNKED.has(id) || total <= chunkDocuments) {
    yield { done: 0, total, phase: `Writing ${name}…` };
    const output = writeWhole(id, dataset);
    yield { done: total, total, phase: `Writing ${name}…` };
    return output;
  }
  const annotationsByDoc = groupByDocument(dataset.annotations);
  const relationsByDoc = groupByDocument(dataset.relations);
  const documentAttributesByDoc = dataset.documentAttributes ? groupByDocument(dataset.documentAttributes) : null;
  const statusesByDoc = dataset.documentStatuses ? groupByDocument(dataset.documentStatuses) : null;
  const parts: string[] = [];
  let report: ConllReport | undefined;
  for (let i = 0; i < total; i += chunkDocuments) {
    const documents = dataset.documents.slice(i, i + chunkDocuments);
    const chunk: Dataset = {
      project: dataset.project,
      documents,
      annotations: documents.flatMap((d) => annotationsByDoc.get(d.id) ?? []),
      relations: documents.flatMap((d) => relationsByDoc.get(d.id) ?? []),
    };
    if (dataset.entities) chunk.entities = dataset.entities;
    if (documentAttributesByDoc) chunk.documentAttributes = documents.flatMap((d) => documentAttributesByDoc.get(d.id) ?? []);
    if (statusesByDoc) chunk.documentStatuses = documents.flatMap((d) => statusesByDoc.get(d.id) ?? []);
    const out = writeWhole(id, chunk);
    parts.push(out.data as string);
    if (out.conll) report = addReports(report, out.conll);
    yield { done: Math.min(total, i + chunkDocuments), total, phase: `Writing ${name}…` };
  }
  const output: ExportOutput = { data: parts.join('') };
  if (report) output.conll = report;
  return output;
}

/** Runs {@link writeExport} to the end. */
export function writeExportNow(id: ExportFormatId, dataset: Dataset): ExportOutput {
  const steps = writeExport(id, dataset);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function writeWhole(id: ExportFormatId, dataset: Dataset): ExportOutput {
  switch (id) {
    case 'jsonl':
      return { data: serializeJsonl(dataset) };
    case 'claims-csv':
      return { data: serializeClaimsCsv(dataset) };
    case 'brat':
      return { data: zipFiles(serializeBrat(dataset).files) };
    case 'conll-bio':
    case 'conll-bilou': {
      const { content, report } = serializeConll(dataset, { scheme: id === 'conll-bio' ? 'BIO' : 'BILOU' });
      return { data: content, conll: report };
    }
    case 'doccano':
      return { data: serializeDoccano(dataset) };
    case 'labelstudio':
      return { data: serializeLabelStudio(dataset) };
    case 'w3c':
      return { data: serializeW3c(dataset) };
    case 'spacy':
      return { data: serializeSpacy(dataset) };
    case 'claimreview':
      return { data: serializeClaimReview(dataset) };
    case 'archive':
      throw new Error('The project archive is written from the database tables, not from a dataset.');
  }
}

const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);

/** A deterministic zip of text files (fixed entry times, the given order). */
export function zipFiles(files: readonly { path: string; content: string }[]): Uint8Array {
  const zippable: Zippable = {};
  for (const f of files) zippable[f.path] = [strToU8(f.content), { mtime: ENTRY_TIME }];
  return zipSync(zippable, { level: 6, mtime: ENTRY_TIME });
}

function groupByDocument<T extends { documentId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.documentId);
    if (list) list.push(item);
    else map.set(item.documentId, [item]);
  }
  return map;
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
