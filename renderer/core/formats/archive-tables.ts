/**
 * The tables a project archive knows (`archive.ts`), by database table name: the zod shape each
 * row is checked against on reading, the entry it is written to and the order of its rows. A table
 * not listed is still archived (as `<table>.jsonl`, rows as JSON objects).
 */
import { z } from 'zod';
import {
  attributeTypeShape,
  attributeValueShape,
  blockKindShape,
  factCheckShape,
  metadataValueShape,
  offsetShape,
  originShape,
  provenanceShape,
  timestampShape,
} from '../model/shapes.ts';

/** A row of any table, as JSON. */
export type ArchiveRow = Record<string, unknown>;

const timestamp = timestampShape;
const id = z.string().min(1, 'cannot be empty');
const offset = offsetShape;
const span = z.looseObject({ start: offset, end: offset });
const attributeValue = attributeValueShape;

const attributeDef = z.looseObject({
  name: z.string().min(1),
  type: attributeTypeShape,
  options: z.array(z.string()).optional(),
  required: z.boolean().optional(),
});

export const projectSchema = z.looseObject({
  id,
  name: z.string().min(1, 'cannot be empty'),
  schema: z.looseObject({
    version: z.literal(1),
    labels: z.array(
      z.looseObject({
        name: z.string().min(1),
        color: z.string(),
        hotkey: z.string().optional(),
        description: z.string().optional(),
        attributes: z.array(attributeDef).optional(),
      }),
    ),
    relationTypes: z.array(z.looseObject({ name: z.string().min(1), from: z.array(z.string()), to: z.array(z.string()) })),
    documentAttributes: z.array(attributeDef).optional(),
  }),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const documentRow = z.looseObject({
  id,
  projectId: id,
  title: z.string(),
  text: z.string(),
  blocks: z.array(z.looseObject({ kind: blockKindShape, start: offset, end: offset })),
  metadata: z.record(z.string(), metadataValueShape),
  textHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const annotationRow = z.looseObject({
  id,
  projectId: id,
  documentId: id,
  layer: z.string().min(1, 'cannot be empty'),
  label: z.string().min(1, 'cannot be empty'),
  ranges: z.array(span).min(1, 'needs at least one range'),
  quote: z.string(),
  attributes: z.record(z.string(), attributeValue),
  note: z.string(),
  origin: originShape,
  ...provenanceShape,
});

const relationRow = z.looseObject({
  id,
  projectId: id,
  documentId: id,
  layer: z.string().min(1, 'cannot be empty'),
  from: id,
  to: id,
  type: z.string().min(1, 'cannot be empty'),
  ...provenanceShape,
});

const entityRow = z.looseObject({
  id,
  projectId: id,
  name: z.string().min(1, 'cannot be empty'),
  aliases: z.array(z.string()),
  externalId: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const claimGroupRow = z.looseObject({
  id,
  projectId: id,
  layer: z.string().min(1, 'cannot be empty'),
  canonical: z.string(),
  members: z.array(z.looseObject({ documentId: id, annotationId: id })),
  note: z.string(),
  factChecks: z.array(factCheckShape),
  ...provenanceShape,
});

const documentAttributesRow = z.looseObject({ documentId: id, projectId: id, layer: z.string().min(1, 'cannot be empty') });
const snapshot = z.looseObject({
  annotations: z.array(annotationRow),
  relations: z.array(relationRow),
  entities: z.array(entityRow).optional(),
  projects: z.array(projectSchema).optional(),
  documentAttributes: z.array(documentAttributesRow).optional(),
  claimGroups: z.array(claimGroupRow).optional(),
});
const operationRow = z.looseObject({
  seq: z.number().int().positive().optional(),
  projectId: id,
  documentId: id,
  description: z.string(),
  at: timestamp,
  by: z.string(),
  before: snapshot,
  after: snapshot,
  undone: z.union([z.literal(0), z.literal(1)]),
});

interface KnownTable {
  file: string;
  row: z.ZodType<ArchiveRow>;
  /** Orders rows in the file; rows compare by their canonical JSON after this. */
  order: (a: ArchiveRow, b: ArchiveRow) => number;
}

const byId = (a: ArchiveRow, b: ArchiveRow) => cmp(String(a.id), String(b.id));

/**
 * Tables with a known shape, by database table name. A table not listed is still archived (as
 * `<table>.jsonl`, rows as JSON objects); listing it adds field-by-field validation.
 */
export const KNOWN_TABLES: Readonly<Record<string, KnownTable>> = {
  documents: { file: 'documents.jsonl', row: documentRow, order: (a, b) => cmp(String(a.createdAt), String(b.createdAt)) || byId(a, b) },
  annotations: {
    file: 'annotations.jsonl',
    row: annotationRow,
    order: (a, b) => cmp(String(a.documentId), String(b.documentId)) || byId(a, b),
  },
  relations: { file: 'relations.jsonl', row: relationRow, order: (a, b) => cmp(String(a.documentId), String(b.documentId)) || byId(a, b) },
  entities: { file: 'entities.jsonl', row: entityRow, order: byId },
  claimGroups: { file: 'claim-groups.jsonl', row: claimGroupRow, order: byId },
  // The undo log keeps its order: undo takes the latest entry, redo the earliest undone one.
  operations: { file: 'history.jsonl', row: operationRow, order: (a, b) => Number(a.seq ?? 0) - Number(b.seq ?? 0) },
};

/** The zip entry a table's rows go to. */
export function archiveFileFor(table: string): string {
  return KNOWN_TABLES[table]?.file ?? `${table}.jsonl`;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
