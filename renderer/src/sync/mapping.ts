/**
 * Dexie records ↔ CouchDB documents: the one place that knows how a team project is laid out
 * in its CouchDB database. Pure (no Dexie, no PouchDB), so it round-trips under fast-check.
 *
 * ## Document model
 * One CouchDB database holds one project. Every document has a `type` and a deterministic
 * `_id` built from the record's own key, so the same record written on two laptops lands on the
 * same document (and concurrent edits become CouchDB conflicts instead of duplicates):
 *
 * | type        | `_id`                               | Dexie table          | who may write (design doc) |
 * |-------------|-------------------------------------|----------------------|----------------------------|
 * | `project`   | `project`                           | projects (schema)    | the owner                  |
 * | `document`  | `document:<documentId>`             | documents (no text)  | the owner                  |
 * | `text`      | `text:<sha256 of the text>`         | documents.text       | anyone; never changes      |
 * | `annotation`| `annotation:<annotationId>`         | annotations          | layer = user; gold: reviewers |
 * | `relation`  | `relation:<relationId>`             | relations            | layer = user; gold: reviewers |
 * | `entity`    | `entity:<entityId>`                 | entities             | any member                 |
 * | `status`    | `status:<documentId>:<annotator>`   | documentStatus       | that annotator             |
 * | `docattrs`  | `docattrs:<documentId>:<layer>`     | documentAttributes   | that layer's annotator     |
 * | `comment`   | `comment:<commentId>`               | comments             | reviewers                  |
 * | `decision`  | `decision:<decisionId>`             | reviewDecisions      | reviewers                  |
 * | `claimgroup`| `claimgroup:<groupId>`              | claimGroups          | layer = user; gold: reviewers; anyone may only take members out |
 *
 * A document is `{ _id, type, record }`: the record's fields sit under `record`, so a field
 * named like CouchDB's own (`type`, `_rev`) can never collide. Parts of an id after the type are
 * `encodeURIComponent`-ed, so annotator names with `:` stay unambiguous. An article's text is stored once, in the `text:` document named by its hash:
 * two documents with the same text share it, and the `document:` document carries only the hash.
 * `projectId` is not stored on any document (the database is the project); reading a document
 * back takes the local project's id. A claim group's index fields (`annotationIds`, `documentIds`)
 * are not stored either: they are derived from its members when it arrives. Undo history, settings, search index, summaries and annotation packs are local
 * and never replicated (summaries and index rows are rebuilt from incoming documents).
 */
import type { Annotation, ClaimGroup, DocumentRecord, Entity, Project, ProjectId, Relation } from '../../core/model/types.ts';
import { memberIndex } from '../../core/model/claimGroups.ts';
import type { ClaimGroupRow, CommentRecord, DocumentAttributesRecord, DocumentStatusRecord, ReviewDecisionRecord } from '../db/db.ts';

/** The Dexie tables that replicate, in the order incoming changes are applied. */
export const SYNCED_TABLES = [
  'projects',
  'documents',
  'annotations',
  'relations',
  'entities',
  'documentStatus',
  'documentAttributes',
  'comments',
  'reviewDecisions',
  'claimGroups',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export type DocType =
  'project' | 'document' | 'text' | 'annotation' | 'relation' | 'entity' | 'status' | 'docattrs' | 'comment' | 'decision' | 'claimgroup';

/** A CouchDB document as this module writes it (without `_rev`, which belongs to the replica). */
export interface CouchDoc {
  _id: string;
  type: DocType;
  /** The record's fields (not for `text` documents). */
  record?: Record<string, unknown>;
  /** The article's text (only `text` documents). */
  text?: string;
}

const TYPE_OF_TABLE: Record<SyncedTable, DocType> = {
  projects: 'project',
  documents: 'document',
  annotations: 'annotation',
  relations: 'relation',
  entities: 'entity',
  documentStatus: 'status',
  documentAttributes: 'docattrs',
  comments: 'comment',
  reviewDecisions: 'decision',
  claimGroups: 'claimgroup',
};
const TABLE_OF_TYPE = Object.fromEntries(Object.entries(TYPE_OF_TABLE).map(([t, d]) => [d, t])) as Record<
  Exclude<DocType, 'text'>,
  SyncedTable
>;

const part = (s: string) => encodeURIComponent(s);

/** The Dexie primary key of a table's record, as Dexie stores it. */
export type RecordKey = string | [string, string];

/** The CouchDB `_id` of the record with this key in this table. */
export function docIdOf(table: SyncedTable, key: RecordKey): string {
  const type = TYPE_OF_TABLE[table];
  if (table === 'projects') return 'project';
  if (Array.isArray(key)) return `${type}:${part(key[0])}:${part(key[1])}`;
  return `${type}:${part(key)}`;
}

export const textDocId = (textHash: string) => `text:${textHash}`;

/** The table and key a document id stands for; null for text, design and unknown documents. */
export function recordKeyOf(id: string, projectId: string): { table: SyncedTable; key: RecordKey } | null {
  if (id === 'project') return { table: 'projects', key: projectId };
  const [type, ...rest] = id.split(':');
  if (!type || type === 'text' || !(type in TABLE_OF_TYPE) || rest.length === 0) return null;
  const table = TABLE_OF_TYPE[type as Exclude<DocType, 'text'>];
  const parts = rest.map(decodeURIComponent);
  if (table === 'documentStatus' || table === 'documentAttributes') {
    return parts.length === 2 ? { table, key: [parts[0]!, parts[1]!] } : null;
  }
  return parts.length === 1 ? { table, key: parts[0]! } : null;
}

/** The Dexie key of a record of this table. */
export function keyOfRecord(table: SyncedTable, record: Record<string, unknown>): RecordKey {
  if (table === 'documentStatus') return [record.documentId as string, record.annotator as string];
  if (table === 'documentAttributes') return [record.documentId as string, record.layer as string];
  return record.id as string;
}

/** Maps of the records each table holds. */
export interface SyncedRecords {
  projects: Project;
  documents: DocumentRecord;
  annotations: Annotation;
  relations: Relation;
  entities: Entity;
  documentStatus: DocumentStatusRecord;
  documentAttributes: DocumentAttributesRecord;
  comments: CommentRecord;
  reviewDecisions: ReviewDecisionRecord;
  claimGroups: ClaimGroupRow;
}

/**
 * The documents that stand for one record: one, or for an article its `document:` and its
 * `text:` document. `projectId` is dropped; so is a project's `id` (the database is the project).
 */
export function toDocs<T extends SyncedTable>(table: T, record: SyncedRecords[T]): CouchDoc[] {
  const { projectId: _p, ...rest } = record as unknown as Record<string, unknown>;
  const key = keyOfRecord(table, record as unknown as Record<string, unknown>);
  const _id = docIdOf(table, key);
  const type = TYPE_OF_TABLE[table];
  if (table === 'projects') {
    const { id: _i, ...fields } = rest;
    return [{ _id, type, record: fields }];
  }
  if (table === 'documents') {
    const { text, ...fields } = rest as Record<string, unknown> & { text: string; textHash: string };
    return [
      { _id, type, record: fields },
      { _id: textDocId(fields.textHash), type: 'text', text },
    ];
  }
  if (table === 'claimGroups') {
    const { annotationIds: _a, documentIds: _d, ...group } = rest;
    return [{ _id, type, record: group }];
  }
  return [{ _id, type, record: rest }];
}

/**
 * The record a document stands for, in the local project `projectId`. A `document:` document
 * needs its text (from its `text:` document); without it, null (the text has not arrived yet).
 */
export function fromDoc(
  doc: CouchDoc,
  projectId: string,
  textOf: (hash: string) => string | undefined,
): { table: SyncedTable; record: SyncedRecords[SyncedTable] } | null {
  const target = recordKeyOf(doc._id, projectId);
  if (!target) return null;
  const fields = doc.record;
  if (!fields || typeof fields !== 'object') return null;
  const pid = projectId as ProjectId;
  if (target.table === 'projects') return { table: 'projects', record: { ...fields, id: pid } as unknown as Project };
  if (target.table === 'documents') {
    const text = textOf(fields.textHash as string);
    if (text === undefined) return null;
    return { table: 'documents', record: { ...fields, text, projectId: pid } as unknown as DocumentRecord };
  }
  if (target.table === 'claimGroups') {
    const group = { ...fields, projectId: pid } as unknown as ClaimGroup;
    if (!Array.isArray(group.members)) return null;
    return { table: 'claimGroups', record: { ...group, ...memberIndex(group) } };
  }
  return { table: target.table, record: { ...fields, projectId: pid } as unknown as SyncedRecords[SyncedTable] };
}
