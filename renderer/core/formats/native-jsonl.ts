/**
 * Claimscope's own JSON Lines format: one document per line, with its annotations, relations and
 * (when the project has any) the entities its annotations link to. Offsets are UTF-16 code units
 * into `text`, which is canonical (NFC, `\n` line ends). Output is deterministic: fixed key order,
 * documents in the dataset's order, annotations by start, end, id.
 *
 *     {"id":"…","title":"…","text":"…","textHash":"…","metadata":{…},"blocks":[…],
 *      "annotations":[{"id":"…","label":"Claim","layer":"gold","start":0,"end":12,
 *                      "ranges":[{"start":0,"end":12}],"quote":"…","attributes":{…},"note":"",
 *                      "origin":"human","createdBy":"…","createdAt":"…","updatedBy":"…","updatedAt":"…"}],
 *      "relations":[{"id":"…","type":"said by","from":"…","to":"…","layer":"gold",…}],
 *      "entities":[{"id":"…","name":"Sergei Lavrov","aliases":["Lavrov"],"externalId":"Q178945"}]}
 *
 * Claim groups follow the documents, one line each, marked by `kind`:
 *
 *     {"kind":"claimGroup","id":"…","layer":"gold","canonical":"Russia is sending attack helicopters to Syria",
 *      "members":[{"document":"<document id>","annotation":"<annotation id>"}],"note":"…",
 *      "factChecks":[{"url":"…","publisher":"…","verdict":"False","date":"2012-06-20"}],"createdBy":"…",…}
 *
 * On import, annotation ids become keys (relations resolve through them; entity attributes keep
 * the entity ids, which are the imported entities' keys). The document's own id is not kept; a
 * group's members name their document by it, so it must be unique in a file that has groups.
 */
import { z } from 'zod';
import { sha256Hex } from '../model/hash.ts';
import {
  attributeValueShape,
  blockKindShape,
  documentStatusShape,
  idValueShape,
  metadataValueShape,
  offsetShape,
  originShape,
  timestampShape,
} from '../model/shapes.ts';
import { formatIssuePath, labelByName } from '../model/schema.ts';
import { compareSpans, coveringSpan, quoteOf, validateRanges } from '../model/spans.ts';
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { Annotation, AttributeValue, Block, DocumentRecord, Entity, Metadata, Relation, Schema, Span } from '../model/types.ts';
import {
  fail,
  ok,
  type Dataset,
  type FormatWarning,
  type ImportedAnnotation,
  type ImportedClaimGroup,
  type ImportedDocument,
  type ImportedEntity,
  type ImportedRelation,
  type Result,
} from './types.ts';
import { lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import { groupsWithin } from './groups.ts';
import { claimGroupLines, isClaimGroupLine, parseClaimGroupLine, readClaimGroups, type ClaimGroupLine } from './native-jsonl-groups.ts';
import type { PageWriterFactory } from './stream.ts';
import type { FormatModule, ReadOutput } from './module.ts';
import { plural } from '../model/plural.ts';

// ---------------------------------------------------------------------------------------------
// Export

export function serializeJsonl(dataset: Dataset): string {
  const withEntities = (dataset.entities?.length ?? 0) > 0;
  const entityById = new Map((dataset.entities ?? []).map((e) => [e.id as string, e]));
  const annotationsByDoc = groupBy(dataset.annotations, (a) => a.documentId);
  const relationsByDoc = groupBy(dataset.relations, (r) => r.documentId);
  const docAttributesByDoc = groupBy(dataset.documentAttributes ?? [], (v) => v.documentId);
  const statusesByDoc = groupBy(dataset.documentStatuses ?? [], (v) => v.documentId);
  let out = '';
  for (const doc of dataset.documents) {
    const annotations = (annotationsByDoc.get(doc.id) ?? []).map((a) => {
      const ranges = a.ranges.length === 1 ? a.ranges : [...a.ranges].sort(compareSpans);
      return { a, ranges, cover: coveringSpan(ranges) };
    });
    annotations.sort((x, y) => x.cover.start - y.cover.start || x.cover.end - y.cover.end || compareStrings(x.a.id, y.a.id));
    const position = new Map(annotations.map(({ a }, i) => [a.id as string, i]));
    const relations = (relationsByDoc.get(doc.id) ?? []).filter((r) => position.has(r.from) && position.has(r.to));
    relations.sort(
      (x, y) =>
        position.get(x.from)! - position.get(y.from)! ||
        position.get(x.to)! - position.get(y.to)! ||
        compareStrings(x.type, y.type) ||
        compareStrings(x.id, y.id),
    );
    const line: Record<string, unknown> = {
      id: doc.id,
      title: doc.title,
      text: doc.text,
      textHash: SHA256_HEX.test(doc.textHash) ? doc.textHash : sha256Hex(doc.text),
      metadata: sortKeys(doc.metadata),
      blocks: doc.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end })),
      annotations: annotations.map(({ a, ranges, cover }) => annotationLine(doc, a, ranges, cover)),
      relations: relations.map(relationLine),
    };
    if (withEntities) {
      const ids = new Set<string>();
      for (const { a } of annotations) for (const id of entityRefs(dataset.project.schema, a)) ids.add(id);
      line.entities = [...ids]
        .flatMap((id) => entityById.get(id) ?? [])
        .sort((x, y) => compareStrings(x.name, y.name) || compareStrings(x.id, y.id))
        .map(entityLine);
    }
    const docValues = (docAttributesByDoc.get(doc.id) ?? []).filter((v) => Object.keys(v.values).length > 0);
    if (docValues.length > 0) {
      line.documentAttributes = docValues
        .sort((x, y) => compareStrings(x.layer, y.layer))
        .map((v) => ({ layer: v.layer, values: sortKeys(v.values) }));
    }
    const statuses = statusesByDoc.get(doc.id) ?? [];
    if (statuses.length > 0) {
      line.statuses = [...statuses]
        .sort((x, y) => compareStrings(x.annotator, y.annotator))
        .map((v) => ({
          annotator: v.annotator,
          status: v.status,
          updatedAt: v.updatedAt,
          ...(v.overriddenProblems && v.overriddenProblems.length > 0 ? { overriddenProblems: [...v.overriddenProblems] } : {}),
        }));
    }
    out += JSON.stringify(line) + '\n';
  }
  return out + claimGroupLines(dataset.claimGroups ?? []);
}

/** A stored text hash as the database keeps it (made from the text when the document was created; the text never changes). */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Claimscope JSONL a page of documents at a time: each page's document lines, then at the end the
 * head's groups with their members among the exported annotations (only member ids are remembered).
 */
export const jsonlPages: PageWriterFactory = ({ claimGroups }) => {
  const groups = claimGroups ?? [];
  const members = new Set(groups.flatMap((g) => g.members.map((m) => m.annotationId as string)));
  const exported: Pick<Annotation, 'id'>[] = [];
  return {
    page(page) {
      for (const a of page.annotations) if (members.has(a.id)) exported.push({ id: a.id });
      return serializeJsonl({ ...page, claimGroups: [] });
    },
    end: () => claimGroupLines(groupsWithin(groups, exported)),
  };
};

function annotationLine(doc: DocumentRecord, a: Annotation, ranges: Span[], cover: Span) {
  return {
    id: a.id,
    label: a.label,
    layer: a.layer,
    start: cover.start,
    end: cover.end,
    ranges: ranges.map((r) => ({ start: r.start, end: r.end })),
    quote: quoteOf(doc.text, ranges),
    attributes: sortKeys(a.attributes),
    note: a.note,
    origin: a.origin,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedBy: a.updatedBy,
    updatedAt: a.updatedAt,
  };
}

function relationLine(r: Relation) {
  return {
    id: r.id,
    type: r.type,
    from: r.from,
    to: r.to,
    layer: r.layer,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  };
}

function entityLine(e: Entity) {
  return { id: e.id, name: e.name, aliases: [...e.aliases], externalId: e.externalId ?? null };
}

/** Entity ids an annotation links to: the values of its label's `entity`-typed attributes. */
function entityRefs(schema: Schema, a: Annotation): string[] {
  const defs = labelByName(schema, a.label)?.attributes ?? [];
  const names = defs.filter((d) => d.type === 'entity').map((d) => d.name);
  if (defs.length === 0 && 'entity' in a.attributes) names.push('entity');
  return names.flatMap((n) => {
    const v = a.attributes[n];
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  const keys = Object.keys(record);
  // Already in order (most are: none, one, or written sorted): the same JSON as a sorted copy.
  if (keys.every((k, i) => i === 0 || compareStrings(keys[i - 1]!, k) < 0)) return record;
  // fromEntries defines own properties, so even a key named `__proto__` stays data.
  return Object.fromEntries(
    Object.keys(record)
      .sort(compareStrings)
      .map((k) => [k, record[k]!]),
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Import

const offset = offsetShape;
const timestamp = timestampShape;
const idValue = idValueShape;
const span = z.object({ start: offset, end: offset });
const attributeValue = attributeValueShape;

const annotationSchema = z.object({
  id: idValue.optional(),
  label: z.string().min(1, 'cannot be empty'),
  layer: z.string().optional(),
  start: offset.optional(),
  end: offset.optional(),
  ranges: z.array(span).min(1, 'needs at least one range').optional(),
  quote: z.string().optional(),
  attributes: z.record(z.string(), attributeValue).optional(),
  note: z.string().optional(),
  origin: originShape.optional(),
  createdBy: z.string().optional(),
  createdAt: timestamp.optional(),
  updatedBy: z.string().optional(),
  updatedAt: timestamp.optional(),
});

const relationSchema = z.object({
  id: idValue.optional(),
  type: z.string().min(1, 'cannot be empty'),
  from: idValue,
  to: idValue,
  layer: z.string().optional(),
  createdBy: z.string().optional(),
  createdAt: timestamp.optional(),
  updatedBy: z.string().optional(),
  updatedAt: timestamp.optional(),
});

const entitySchema = z.object({
  id: idValue,
  name: z.string().min(1, 'cannot be empty'),
  aliases: z.array(z.string()).optional(),
  externalId: z.string().nullable().optional(),
});

const documentSchema = z.object({
  id: idValue.optional(),
  title: z.string().optional(),
  text: z.string(),
  textHash: z.string().optional(),
  metadata: z.record(z.string(), metadataValueShape).optional(),
  blocks: z
    .array(
      z.object({
        kind: blockKindShape,
        start: offset,
        end: offset,
      }),
    )
    .optional(),
  annotations: z.array(annotationSchema).optional(),
  relations: z.array(relationSchema).optional(),
  entities: z.array(entitySchema).optional(),
  statuses: z
    .array(
      z.object({
        annotator: z.string().min(1, 'an annotator name cannot be empty'),
        status: documentStatusShape,
        updatedAt: timestamp,
        overriddenProblems: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  documentAttributes: z
    .array(
      z.object({
        layer: z.string().min(1, 'a layer name cannot be empty'),
        values: z.record(z.string(), attributeValue),
      }),
    )
    .optional(),
});

type DocumentLine = z.infer<typeof documentSchema>;

/** Reads Claimscope JSONL. Never throws; the first problem fails the import with its line. */
export function parseJsonl(fileName: string, content: string): Result<ImportedDocument[]> {
  const r = parseJsonlFile(fileName, content);
  return r.ok ? ok(r.value.documents, r.warnings) : r;
}

/** Reads Claimscope JSONL: its documents and its claim groups (members resolved to the documents read). */
export function parseJsonlFile(
  fileName: string,
  content: string,
): Result<{ documents: ImportedDocument[]; claimGroups: ImportedClaimGroup[] }> {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const lines = body.split('\n');
  const documents: ImportedDocument[] = [];
  const warnings: FormatWarning[] = [];
  const docsById = new Map<string, { doc: ImportedDocument; keys: Set<string> } | null>();
  const groupLines: { line: number; group: ClaimGroupLine }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      return fail(fileName, `Line ${lineNo} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`, lineNo);
    }
    if (isClaimGroupLine(json)) {
      const group = parseClaimGroupLine(fileName, lineNo, json);
      if (!group.ok) return group;
      groupLines.push({ line: lineNo, group: group.value });
      continue;
    }
    const parsed = documentSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatIssuePath(issue.path);
      const message = /received undefined$/.test(issue.message) ? 'is missing' : issue.message;
      return fail(fileName, where ? `${fieldName(where, json)}: ${message}.` : `The line is not a document: ${message}.`, lineNo);
    }
    const doc = readDocument(fileName, lineNo, parsed.data, warnings);
    if (!doc.ok) return doc;
    documents.push(doc.value);
    if (parsed.data.id !== undefined) {
      const id = String(parsed.data.id);
      docsById.set(id, docsById.has(id) ? null : { doc: doc.value, keys: new Set(doc.value.annotations.map((a) => a.key)) });
    }
  }
  if (documents.length === 0) return fail(fileName, 'The file contains no documents.');
  const claimGroups = readClaimGroups(fileName, groupLines, docsById);
  if (!claimGroups.ok) return claimGroups;
  return ok({ documents, claimGroups: claimGroups.value }, warnings);
}

/** `annotations[2].label` → `Field annotations[2].label (annotation "T3")`. */
function fieldName(path: string, json: unknown): string {
  const m = /^(annotations|relations|entities)\[(\d+)\]/.exec(path);
  const list = m && (json as Record<string, unknown>)[m[1]!];
  const item = Array.isArray(list) ? (list[Number(m![2])] as Record<string, unknown> | undefined) : undefined;
  const id = item && (typeof item.id === 'string' || typeof item.id === 'number') ? ` (id "${item.id}")` : '';
  return `Field ${path}${id}`;
}

function readDocument(file: string, line: number, d: DocumentLine, warnings: FormatWarning[]): Result<ImportedDocument> {
  const bad = (message: string) => fail<ImportedDocument>(file, message, line);
  if (d.text.length === 0) return bad('The document has no text.');
  const hasOffsets = (d.annotations?.length ?? 0) > 0 || (d.blocks?.length ?? 0) > 0;
  let text = canonicalizeText(d.text);
  if (text !== d.text) {
    if (hasOffsets) {
      return bad('The text is not in canonical form (Unicode NFC with \\n line ends); converting it would shift the annotations’ offsets.');
    }
    warnings.push({ file, line, message: 'The text was converted to canonical form (Unicode NFC with \\n line ends).' });
  } else {
    text = d.text;
  }
  if (d.textHash !== undefined && d.textHash.toLowerCase() !== sha256Hex(text)) {
    warnings.push({ file, line, message: 'The text does not match its textHash: it was changed after export.' });
  }

  const blocks: Block[] = [];
  for (const [i, b] of (d.blocks ?? []).entries()) {
    const problem = validateRanges(text, [b]);
    if (problem) return bad(`Block ${i + 1}: ${problem}`);
    blocks.push({ kind: b.kind, start: b.start, end: b.end });
  }

  const annotations: ImportedAnnotation[] = [];
  const keys = new Set<string>();
  for (const [i, a] of (d.annotations ?? []).entries()) {
    const key = a.id === undefined ? `#${i + 1}` : String(a.id);
    const name = `Annotation "${key}"`;
    if (keys.has(key)) return bad(`${name} appears twice in this document.`);
    keys.add(key);
    let ranges: Span[];
    if (a.ranges) {
      ranges = a.ranges.map((r) => ({ start: r.start, end: r.end }));
      const cover = coveringSpan(ranges);
      if ((a.start !== undefined && a.start !== cover.start) || (a.end !== undefined && a.end !== cover.end)) {
        return bad(
          `${name}: start/end (${a.start ?? '?'}–${a.end ?? '?'}) do not match its ranges, which cover ${cover.start}–${cover.end}.`,
        );
      }
    } else if (a.start !== undefined && a.end !== undefined) {
      ranges = [{ start: a.start, end: a.end }];
    } else {
      return bad(`${name} needs either ranges or both start and end.`);
    }
    const problem = validateRanges(text, ranges);
    if (problem) return bad(`${name}: ${problem}`);
    ranges.sort(compareSpans);
    const actual = quoteOf(text, ranges);
    if (a.quote !== undefined && a.quote !== actual) {
      return bad(`${name}: its quote ${show(a.quote)} does not match the text at its offsets, which reads ${show(actual)}.`);
    }
    const imported: ImportedAnnotation = {
      key,
      label: a.label,
      ranges,
      attributes: (a.attributes ?? {}) as Record<string, AttributeValue>,
      note: a.note ?? '',
    };
    if (a.origin !== undefined) imported.origin = a.origin;
    copyStamps(a, imported);
    annotations.push(imported);
  }

  const relations: ImportedRelation[] = [];
  for (const [i, r] of (d.relations ?? []).entries()) {
    const from = String(r.from);
    const to = String(r.to);
    const name = r.id === undefined ? `Relation ${i + 1}` : `Relation "${r.id}"`;
    for (const end of [from, to]) {
      if (!keys.has(end)) return bad(`${name} (${r.type}) points to annotation "${end}", which is not in this document.`);
    }
    const imported: ImportedRelation = { from, to, type: r.type };
    if (r.id !== undefined) imported.key = String(r.id);
    copyStamps(r, imported);
    relations.push(imported);
  }

  const doc: ImportedDocument = {
    title: d.title ?? fallbackTitle(text),
    text,
    blocks: blocks.length > 0 ? blocks : paragraphBlocks(text),
    metadata: (d.metadata ?? {}) as Metadata,
    annotations,
    relations,
    sourceFile: file,
  };
  if (d.entities) {
    const entityKeys = new Set<string>();
    const entities: ImportedEntity[] = [];
    for (const e of d.entities) {
      const key = String(e.id);
      if (entityKeys.has(key)) return bad(`Entity "${key}" appears twice in this document.`);
      entityKeys.add(key);
      const entity: ImportedEntity = { key, name: e.name, aliases: e.aliases ?? [] };
      if (typeof e.externalId === 'string') entity.externalId = e.externalId;
      entities.push(entity);
    }
    doc.entities = entities;
  }
  if (d.documentAttributes) {
    const layers = new Set<string>();
    for (const v of d.documentAttributes) {
      if (layers.has(v.layer)) return bad(`Document attributes for layer "${v.layer}" appear twice.`);
      layers.add(v.layer);
    }
    doc.documentAttributes = d.documentAttributes.map((v) => ({ layer: v.layer, values: v.values as Record<string, AttributeValue> }));
  }
  if (d.statuses) {
    const annotators = new Set<string>();
    for (const v of d.statuses) {
      if (annotators.has(v.annotator)) return bad(`The status of annotator "${v.annotator}" appears twice.`);
      annotators.add(v.annotator);
    }
    doc.statuses = d.statuses.map((v) => ({
      annotator: v.annotator,
      status: v.status,
      updatedAt: v.updatedAt,
      ...(v.overriddenProblems && v.overriddenProblems.length > 0 ? { overriddenProblems: v.overriddenProblems } : {}),
    }));
  }
  return ok(doc);
}

/** The layer, who and when of a read annotation or relation, where the line has them. */
const STAMPS = ['layer', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'] as const;
type Stamps = Partial<Record<(typeof STAMPS)[number], string>>;

function copyStamps(from: Stamps, to: Stamps): void {
  for (const k of STAMPS) if (from[k] !== undefined) to[k] = from[k];
}

function fallbackTitle(text: string): string {
  const first = text.trim().split('\n')[0]!.trim();
  return first.length <= 120 ? first : `${first.slice(0, 119)}…`;
}

/** A quote for a message, shortened when long. */
function show(s: string): string {
  const chars = [...s];
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : s);
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset): string[] => lossOf(jsonlLoss, dataset);

/**
 * What Claimscope JSONL leaves out: it holds documents with their annotations, relations and
 * linked entities, but not the project's schema (label colours, hotkeys, relation types), entities
 * no annotation links to, or the documents' own ids and dates (an import gives new ones). The
 * project archive keeps all of it.
 */
export const jsonlLoss: LossTallyFactory = lossTally(({ project }) => {
  const linked = new Set<string>();
  return {
    count: (_page, { annotations }) => {
      for (const a of annotations) for (const id of entityRefs(project.schema, a)) linked.add(id);
    },
    notes: (c) => {
      let unlinked = 0;
      for (const id of c.entities) if (!linked.has(id)) unlinked++;
      const s = project.schema;
      return [
        unlinked > 0 &&
          `Claimscope JSONL writes the entities that annotations link to: ${plural(unlinked, 'entity', 'entities')} linked to no exported annotation will be left out.`,
        `Claimscope JSONL holds documents and their annotations, not the project: the schema (${plural(s.labels.length, 'label')}, ${plural(s.relationTypes.length, 'relation type')}) and the documents' ids and dates are not kept — use the project archive for a complete backup.`,
      ];
    },
  };
});

export const jsonlFormat: FormatModule = {
  id: 'jsonl',
  help: 'Claimscope JSONL: one document per line with annotations, relations, attributes, notes, entities',
  reads: {
    detects: { jsonl: 'Claimscope JSONL' },
    read: (input): Result<ReadOutput> => {
      const text = input.text();
      if (!text.ok) return text;
      const r = parseJsonlFile(input.name, text.value);
      if (!r.ok) return r;
      const out: ReadOutput = { documents: r.value.documents };
      if (r.value.claimGroups.length > 0) out.claimGroups = r.value.claimGroups;
      return ok(out, r.warnings);
    },
  },
  writes: [
    {
      id: 'jsonl',
      name: 'Claimscope JSONL',
      description: 'Every document with its annotations, relations, attributes, notes and linked entities; re-imports losslessly.',
      suffix: '.jsonl',
      chunked: true,
      carriesGroups: true,
      write: (dataset) => ({ data: serializeJsonl(dataset) }),
      pages: jsonlPages,
      loses: jsonlLoss,
    },
  ],
};
