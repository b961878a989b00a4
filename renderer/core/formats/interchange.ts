/**
 * Shared plumbing for the JSON-based interchange formats (doccano, Label Studio, W3C Web
 * Annotation, spaCy): reading JSON and JSON Lines with line numbers, turning foreign fields into
 * metadata, converting offset units at the boundary, canonicalising a document's text while
 * keeping its annotations anchored, and putting a dataset into a stable order for export.
 */
import { OffsetMap } from '../model/offsets.ts';
import { normalizeRanges, validateRanges } from '../model/spans.ts';
import { paragraphBlocks } from '../model/text.ts';
import type { Annotation, DocumentRecord, Metadata, MetadataValue, Relation } from '../model/types.ts';
import {
  fail,
  ok,
  type FormatWarning,
  type ImportedAnnotation,
  type ImportedDocument,
  type ImportedRelation,
  type Result,
} from './types.ts';

/** How a format counts offsets: JavaScript string indices, or Unicode code points (Python `str`). */
export type OffsetUnit = 'utf16' | 'codepoint';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole, non-negative number (as offsets and ids are). */
export function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

/** Reads JSON Lines: one JSON value per non-blank line. A bad line fails with its number. */
export function parseJsonLines(file: string, content: string): Result<JsonLine[]> {
  const out: JsonLine[] = [];
  const lines = stripBom(content).split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch (e) {
      return fail(file, `This line is not valid JSON (${jsonProblem(e)}).`, i + 1);
    }
  }
  return ok(out);
}

/**
 * The file's JSON lines, for formats of one document per line, each a JSON object: refused when
 * it holds none, or with `notObject` at the first line that is not an object.
 */
export function documentLines(file: string, content: string, notObject: string): Result<{ line: number; value: JsonRecord }[]> {
  const lines = parseJsonLines(file, content);
  if (!lines.ok) return lines;
  if (lines.value.length === 0) return fail(file, 'The file holds no documents (no non-empty lines).');
  const bad = lines.value.find((l) => !isRecord(l.value));
  if (bad) return fail(file, notObject, bad.line);
  return ok(lines.value as { line: number; value: JsonRecord }[]);
}

/** Parses a whole file as one JSON value; `undefined` when it is not valid JSON. */
export function tryParseJson(content: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(stripBom(content)) as unknown };
  } catch (e) {
    return { problem: jsonProblem(e) };
  }
}

function jsonProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 160 ? `${message.slice(0, 157)}…` : message;
}

export function stripBom(content: string): string {
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

/** A JSON value as a metadata value: scalars as they are, arrays and objects as JSON text. */
export function toMetadataValue(value: unknown): MetadataValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === undefined || typeof value === 'function') return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Copies the fields of `record` other than `skip` into metadata (empty arrays are left out). */
export function metadataFrom(record: JsonRecord, skip: ReadonlySet<string>): Metadata {
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(record)) {
    if (skip.has(key)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const v = toMetadataValue(value);
    if (v !== undefined) metadata[key] = v;
  }
  return metadata;
}

/** Metadata with its keys sorted, so exports do not depend on the order fields were added in. */
export function sortedMetadata(metadata: Metadata, skip: ReadonlySet<string> = new Set()): Metadata {
  const out: Metadata = {};
  for (const key of Object.keys(metadata).sort()) {
    if (!skip.has(key)) out[key] = metadata[key]!;
  }
  return out;
}

/** The document's title: an explicit one, else the first non-blank line (at most 120 characters). */
export function titleFor(text: string, explicit: unknown): string {
  if (typeof explicit === 'string' && explicit.trim() !== '') return explicit.trim();
  const first =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  if (first.length <= 120) return first;
  const cut = first.slice(0, 119);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/**
 * Checks a range as the file states it, in the file's own unit, against a text of `length` units.
 * Returns the problem in words, or null.
 */
export function rawRangeProblem(start: unknown, end: unknown, length: number, unit: OffsetUnit): string | null {
  if (!isOffset(start) || !isOffset(end)) return 'its start and end are not whole, non-negative numbers';
  if (start >= end) return `its start (${start}) is not before its end (${end})`;
  if (end > length) {
    const what = unit === 'codepoint' ? 'characters (code points)' : 'UTF-16 code units';
    return `it ends at ${end}, past the end of the text (${length} ${what})`;
  }
  return null;
}

/** Converts between a format's unit and UTF-16 for one text. */
export class UnitConverter {
  private map: OffsetMap | null = null;
  constructor(
    private readonly text: string,
    readonly unit: OffsetUnit,
  ) {}

  /** Length of the text in the format's unit. */
  get length(): number {
    return this.unit === 'utf16' ? this.text.length : this.offsets().codePointLength;
  }

  toUtf16(offset: number): number {
    return this.unit === 'utf16' ? offset : this.offsets().toUtf16(offset);
  }

  fromUtf16(offset: number): number {
    return this.unit === 'utf16' ? offset : this.offsets().toCodePoint(offset);
  }

  private offsets(): OffsetMap {
    this.map ??= new OffsetMap(this.text);
    return this.map;
  }
}

/** An annotation read from a file, with ranges in UTF-16 offsets of the file's (raw) text. */
export interface DraftAnnotation extends ImportedAnnotation {
  /** Where the annotation was found, for warnings: `span 3`, `result "abc"`. */
  where: string;
  line?: number;
}

export interface DraftDocument {
  file: string;
  /** The line (JSONL) the document came from, for warnings. */
  line?: number;
  rawText: string;
  title?: unknown;
  metadata: Metadata;
  annotations: DraftAnnotation[];
  relations: ImportedRelation[];
}

/**
 * Turns a draft into an ImportedDocument: canonicalises the text (NFC, `\n` line ends) while
 * moving every range with it, checks every range against the canonical text and leaves out (with
 * a warning) annotations whose ranges are unusable and relations whose ends are missing.
 */
export function finishDocument(draft: DraftDocument, warnings: FormatWarning[]): ImportedDocument {
  const { file, line } = draft;
  const boundaries: number[] = [];
  for (const a of draft.annotations) for (const r of a.ranges) boundaries.push(r.start, r.end);
  const anchored = canonicalizeAnchored(draft.rawText, boundaries);
  if (!anchored.exact) {
    warnings.push(
      warning(
        file,
        line,
        'An annotation boundary falls inside a character sequence that Unicode normalisation or line-end conversion joins; offsets were kept at the nearest boundary.',
      ),
    );
  }
  const text = anchored.text;
  const annotations: ImportedAnnotation[] = [];
  const keys = new Set<string>();
  for (const draftAnnotation of draft.annotations) {
    const { where, line: aLine, ...imported } = draftAnnotation;
    const ranges = normalizeRanges(imported.ranges.map((r) => ({ start: anchored.map(r.start), end: anchored.map(r.end) })));
    const problem = validateRanges(text, ranges);
    if (problem) {
      warnings.push(warning(file, aLine ?? line, `Left out ${where}: ${problem}`));
      continue;
    }
    if (keys.has(imported.key)) {
      warnings.push(warning(file, aLine ?? line, `Left out ${where}: its id "${imported.key}" is used twice in this document.`));
      continue;
    }
    keys.add(imported.key);
    annotations.push({ ...imported, ranges });
  }
  const relations: ImportedRelation[] = [];
  for (const r of draft.relations) {
    if (!keys.has(r.from) || !keys.has(r.to)) {
      const missing = keys.has(r.from) ? r.to : r.from;
      warnings.push(
        warning(file, line, `Left out a "${r.type}" relation: it points at "${missing}", which is not an imported annotation.`),
      );
      continue;
    }
    relations.push(r);
  }
  return {
    title: titleFor(text, draft.title),
    text,
    blocks: paragraphBlocks(text),
    metadata: draft.metadata,
    annotations,
    relations,
    sourceFile: file,
  };
}

export function warning(file: string, line: number | undefined, message: string): FormatWarning {
  return line === undefined ? { file, message } : { file, line, message };
}

/**
 * Canonicalises `raw` (leading BOM dropped, `\r\n`/`\r` → `\n`, NFC) piece by piece between the
 * given offsets, so each offset can be carried over to the canonical text. `exact` is false when
 * piecewise canonicalisation differs from canonicalising the whole (an offset splits `\r\n` or a
 * base letter from its combining mark).
 */
export function canonicalizeAnchored(raw: string, offsets: number[]): { text: string; map: (offset: number) => number; exact: boolean } {
  const whole = canonicalPiece(stripBom(raw));
  const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (whole === raw) return { text: raw, map: (o) => o, exact: true };
  const cuts = [...new Set([bom, raw.length, ...offsets.filter((o) => Number.isSafeInteger(o) && o > bom && o < raw.length)])].sort(
    (a, b) => a - b,
  );
  const mapped = new Map<number, number>();
  let text = '';
  mapped.set(cuts[0]!, 0);
  for (let i = 1; i < cuts.length; i++) {
    text += canonicalPiece(raw.slice(cuts[i - 1]!, cuts[i]!));
    mapped.set(cuts[i]!, text.length);
  }
  const map = (o: number): number => (o <= bom ? 0 : (mapped.get(o) ?? o));
  return { text, map, exact: text === whole };
}

function canonicalPiece(piece: string): string {
  return piece.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** One document with its annotations and relations in export order. */
export interface DocumentBundle {
  document: DocumentRecord;
  annotations: Annotation[];
  relations: Relation[];
}

/**
 * Groups a dataset by document, in the dataset's document order. Annotations are ordered by their
 * first range (start, then end), label and layer, ties kept in dataset order; relations by the
 * positions of their ends. Relations whose ends are not both in the document are left out.
 */
export function bundleDataset(dataset: {
  documents: DocumentRecord[];
  annotations: Annotation[];
  relations: Relation[];
}): DocumentBundle[] {
  const byDoc = new Map<string, DocumentBundle>();
  for (const document of dataset.documents) byDoc.set(document.id, { document, annotations: [], relations: [] });
  for (const a of dataset.annotations) byDoc.get(a.documentId)?.annotations.push(a);
  for (const r of dataset.relations) byDoc.get(r.documentId)?.relations.push(r);
  for (const bundle of byDoc.values()) {
    bundle.annotations = stableSort(bundle.annotations, compareAnnotations);
    const position = new Map(bundle.annotations.map((a, i) => [a.id as string, i]));
    bundle.relations = stableSort(
      bundle.relations.filter((r) => position.has(r.from) && position.has(r.to)),
      (x, y) =>
        position.get(x.from)! - position.get(y.from)! ||
        position.get(x.to)! - position.get(y.to)! ||
        cmp(x.type, y.type) ||
        cmp(x.layer, y.layer),
    );
  }
  return [...byDoc.values()];
}

/**
 * How many documents, annotations and relations {@link bundleDataset} gives, counted without
 * grouping or sorting (a writer's first pass that only needs the totals).
 */
export function bundleCounts(dataset: { documents: DocumentRecord[]; annotations: Annotation[]; relations: Relation[] }): {
  documents: number;
  annotations: number;
  relations: number;
} {
  const documents = new Set<string>();
  for (const d of dataset.documents) documents.add(d.id);
  // Each annotation id once per document, as a bundle's `position` map holds it.
  const inDocument = new Map<string, Set<string>>();
  let annotations = 0;
  for (const a of dataset.annotations) {
    if (!documents.has(a.documentId)) continue;
    annotations++;
    const ids = inDocument.get(a.documentId);
    if (ids) ids.add(a.id);
    else inDocument.set(a.documentId, new Set([a.id]));
  }
  let relations = 0;
  for (const r of dataset.relations) {
    const ids = inDocument.get(r.documentId);
    if (ids?.has(r.from) && ids.has(r.to)) relations++;
  }
  return { documents: documents.size, annotations, relations };
}

function compareAnnotations(a: Annotation, b: Annotation): number {
  const ra = a.ranges[0] ?? { start: 0, end: 0 };
  const rb = b.ranges[0] ?? { start: 0, end: 0 };
  return ra.start - rb.start || ra.end - rb.end || cmp(a.label, b.label) || cmp(a.layer, b.layer);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => compare(x.item, y.item) || x.index - y.index)
    .map((x) => x.item);
}
