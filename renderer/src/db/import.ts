/**
 * Writing imported documents into a project, in batches. Each batch (1,000 documents by default)
 * is ONE transaction holding every document of the batch together with its annotations,
 * relations, entities and corpus-index rows, so no document is ever half-imported: a failure or
 * a Cancel between batches leaves only whole documents behind.
 *
 * - Duplicates: a document whose text hash is already in the project, or earlier in the same
 *   import, is skipped (counted per file).
 * - Annotations get new ids; relations are re-pointed from the file's keys to those ids.
 *   Annotations without a layer go to `defaultLayer`; their origin is `import` unless the file says.
 * - Labels and relation types missing from the project's schema (and those of a brat
 *   `annotation.conf`) are added to it in the same transaction, so every imported annotation is
 *   usable in the editor.
 * - Entities (Claimscope JSONL) are created or merged by id: an entity with the same id in this
 *   project gains the imported name and aliases; an id taken by another project gets a new id and
 *   the annotations' attributes that pointed at it are re-pointed.
 * - Claim groups (Claimscope JSONL) are written after the last batch, in one transaction, with new
 *   ids and the members that were imported.
 *
 * Imports are not recorded in the undo log (one import can be 100,000 documents); the dialog says
 * so, and imported documents are removed with the corpus browser's delete.
 */
import Dexie from 'dexie';
import { newEntityId } from '../../core/model/ids.ts';
import { sha256Hex } from '../../core/model/hash.ts';
import { importedAnnotation, newClaimGroup, newDocument, newRelation } from '../../core/model/records.ts';
import { importedGroupInput } from '../../core/formats/groups.ts';
import { distinctAliases, mergedEntity } from '../../core/model/entities.ts';
import { growSchema } from '../../core/model/schema.ts';
import {
  SUGGESTIONS_LAYER,
  type Annotation,
  type AttributeValue,
  type ClaimGroup,
  type DocumentRecord,
  type Entity,
  type EntityId,
  type Project,
  type ProjectId,
  type Relation,
  type Schema,
} from '../../core/model/types.ts';
import type { ImportedClaimGroup, ImportedDocument, ImportedEntity } from '../../core/formats/types.ts';
import { ValidationError } from '../../core/model/validation.ts';
import type { AppDb } from './db.ts';
import { claimGroupRow } from './claimGroups.ts';
import { corpusIndexTables, indexDocuments } from './summaries.ts';

export const IMPORT_BATCH_SIZE = 1000;

/** One document to write, with the index of the file it came from (for per-file results). */
export interface ImportItem {
  file: number;
  doc: ImportedDocument;
  /** The text's SHA-256 when the caller has it already (the preview computed it). */
  hash?: string;
}

/**
 * The texts' SHA-256 hashes (lower-case hex): by the platform's native digest where there is one
 * (a secure context: the app, a worker of it; seven times faster than hashing in JavaScript),
 * else by {@link sha256Hex}.
 */
export async function textHashes(texts: readonly string[]): Promise<string[]> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return texts.map(sha256Hex);
  const encoder = new TextEncoder();
  const hex = (buf: ArrayBuffer) => {
    let out = '';
    for (const b of new Uint8Array(buf)) out += b.toString(16).padStart(2, '0');
    return out;
  };
  return Promise.all(texts.map(async (t) => hex(await subtle.digest('SHA-256', encoder.encode(t)))));
}

export interface FileTally {
  imported: number;
  duplicates: number;
  annotations: number;
  relations: number;
  /** Annotations or relations left out because they did not fit the text (should not happen). */
  leftOut: number;
}

export interface ImportProgress {
  done: number;
  total: number;
  imported: number;
  duplicates: number;
  /** The file of the last document written. */
  currentFile: number;
}

export interface WriteImportOptions {
  /** Who imports (createdBy/updatedBy where the file names no one). */
  by: string;
  /** Layer for annotations the file gives none; default `suggestions`. */
  defaultLayer?: string;
  batchSize?: number;
  /** Schemas read with the files (brat `annotation.conf`), merged into the project's. */
  schemas?: Schema[];
  /** Claim groups read with the files, their members among the items' documents; written once every batch is. */
  claimGroups?: readonly ImportedClaimGroup[];
  /** Checked before each batch: true stops the import there. */
  isCancelled?: () => boolean;
  /** Each batch's new documents once it has committed (the import's text index tokenises them: `indexWhileWriting`). */
  onWritten?: (docs: readonly DocumentRecord[]) => Promise<void>;
  onProgress?: (p: ImportProgress) => void;
}

export interface WriteImportResult {
  /** Per file index. */
  files: Map<number, FileTally>;
  imported: number;
  duplicates: number;
  annotations: number;
  /** Claim groups written (those with at least one member among the documents imported). */
  claimGroups: number;
  cancelled: boolean;
}

const now = () => new Date().toISOString();

/**
 * Text hashes (of `hashes`) that the project already holds: one index count per hash, all asked
 * at once in one read transaction (or the caller's). The counts go to IndexedDB directly: through
 * Dexie, each count's collection and promise bookkeeping cost the window or worker as much CPU
 * time as writing the document's summary (import profile, 2026-12-06); IndexedDB's own counting
 * was within the noise.
 */
export async function existingHashes(db: AppDb, projectId: string, hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  const found = new Set<string>();
  if (unique.length === 0) return found;
  await db.transaction('r', db.documents, async (tx) => {
    const counts = await countByHash(tx.idbtrans, projectId, unique);
    unique.forEach((h, i) => {
      if (counts[i]! > 0) found.add(h);
    });
  });
  return found;
}

/** The project's documents with each text hash, counted in `trans` (a Dexie promise, so the transaction's zone is kept). */
function countByHash(trans: IDBTransaction, projectId: string, hashes: readonly string[]): Promise<number[]> {
  return new Dexie.Promise<number[]>((resolve, reject) => {
    const index = trans.objectStore('documents').index('[projectId+textHash]');
    const counts = new Array<number>(hashes.length).fill(0);
    let left = hashes.length;
    hashes.forEach((hash, i) => {
      const request = index.count([projectId, hash]);
      request.onsuccess = () => {
        counts[i] = request.result;
        if (--left === 0) resolve(counts);
      };
      request.onerror = () => reject(request.error);
    });
  });
}

export async function writeImport(
  db: AppDb,
  projectId: ProjectId,
  items: readonly ImportItem[],
  options: WriteImportOptions,
): Promise<WriteImportResult> {
  const batchSize = Math.max(1, options.batchSize ?? IMPORT_BATCH_SIZE);
  const defaultLayer = options.defaultLayer?.trim() || SUGGESTIONS_LAYER;
  const files = new Map<number, FileTally>();
  const tally = (file: number): FileTally => {
    let t = files.get(file);
    if (!t) files.set(file, (t = { imported: 0, duplicates: 0, annotations: 0, relations: 0, leftOut: 0 }));
    return t;
  };
  for (const item of items) tally(item.file);
  const result: WriteImportResult = { files, imported: 0, duplicates: 0, annotations: 0, claimGroups: 0, cancelled: false };
  /** Each imported document written, with its annotations by the file's keys (for the claim groups' members). */
  const writtenDocs = new Map<ImportedDocument, Map<string, Annotation>>();
  const seen = new Set<string>();
  /** Imported entity key → id in the database, across the whole import. */
  const entityIds = new Map<string, EntityId>();
  let schemasMerged = false;

  for (let start = 0; start < items.length; start += batchSize) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    const slice = items.slice(start, start + batchSize);
    const missing = slice.filter((item) => item.hash === undefined);
    const computed = await textHashes(missing.map((item) => item.doc.text));
    const hashOf = new Map(missing.map((item, i) => [item, computed[i]!]));
    const batch = slice.map((item) => ({ ...item, hash: item.hash ?? hashOf.get(item)! }));
    const tables = [db.projects, db.documents, db.annotations, db.relations, db.entities, ...corpusIndexTables(db)];
    const { counts: written, docs: added } = await db.transaction('rw', tables, async () => {
      const project = await db.projects.get(projectId);
      if (!project) throw new Error('The project to import into no longer exists.');
      const present = await existingHashes(
        db,
        projectId,
        batch.map((b) => b.hash),
      );
      const at = now();
      const docs: DocumentRecord[] = [];
      const annotations: Annotation[] = [];
      const relations: Relation[] = [];
      const entities = new Map<string, Entity>();
      const counts = new Map<number, FileTally>();
      const count = (file: number) => {
        let t = counts.get(file);
        if (!t) counts.set(file, (t = { imported: 0, duplicates: 0, annotations: 0, relations: 0, leftOut: 0 }));
        return t;
      };
      const labels = new Set<string>();
      const relationTypes = new Set<string>();
      // Entities of the whole batch first, in one step: the loop below then runs without awaiting
      // (many awaits of non-IndexedDB promises would lose Dexie's transaction zone).
      const entityMap = await resolveEntities(
        db,
        projectId,
        batch.flatMap((b) => b.doc.entities ?? []),
        entityIds,
        entities,
        at,
      );

      for (const { file, doc, hash } of batch) {
        const c = count(file);
        if (present.has(hash) || seen.has(hash)) {
          c.duplicates++;
          continue;
        }
        seen.add(hash);
        // Documents were checked when their file was read (import-files.ts); one that still does
        // not fit its text stops the batch here, so nothing of it is written.
        const record = newDocument(projectId, doc, at, hash);
        docs.push(record);
        c.imported++;

        const ids = new Map<string, Annotation>();
        writtenDocs.set(doc, ids);
        const stamp = { by: options.by, at };
        for (const a of doc.annotations) {
          const input = { ...a, attributes: remapEntities(a.attributes ?? {}, entityMap) };
          const annotation = ids.has(a.key)
            ? null
            : leftOutIfInvalid(() => importedAnnotation(record, input, { layer: defaultLayer }, stamp));
          if (!annotation) {
            c.leftOut++;
            continue;
          }
          ids.set(a.key, annotation);
          annotations.push(annotation);
          labels.add(a.label);
          c.annotations++;
        }
        for (const r of doc.relations) {
          const from = ids.get(r.from);
          const to = ids.get(r.to);
          const input = from && to && { ...r, layer: r.layer?.trim() || from.layer, from: from.id, to: to.id };
          const relation = input ? leftOutIfInvalid(() => newRelation(record, input, stamp)) : null;
          if (!relation) {
            c.leftOut++;
            continue;
          }
          relations.push(relation);
          relationTypes.add(r.type);
          c.relations++;
        }
      }

      const schema = growSchema(project.schema, schemasMerged ? [] : (options.schemas ?? []), { labels, relationTypes });
      if (schema !== project.schema) {
        const updated: Project = { ...project, schema, updatedAt: at };
        await db.projects.put(updated);
      }
      await db.documents.bulkAdd(docs);
      await db.annotations.bulkAdd(annotations);
      await db.relations.bulkAdd(relations);
      await db.entities.bulkPut([...entities.values()]);
      await indexDocuments(db, docs, annotations);
      return { counts, docs };
    });
    schemasMerged = true;
    await options.onWritten?.(added);
    let currentFile = 0;
    for (const [file, c] of written) {
      const t = tally(file);
      t.imported += c.imported;
      t.duplicates += c.duplicates;
      t.annotations += c.annotations;
      t.relations += c.relations;
      t.leftOut += c.leftOut;
      result.imported += c.imported;
      result.duplicates += c.duplicates;
      result.annotations += c.annotations;
      currentFile = file;
    }
    options.onProgress?.({
      done: Math.min(start + batchSize, items.length),
      total: items.length,
      imported: result.imported,
      duplicates: result.duplicates,
      currentFile,
    });
  }
  if (!result.cancelled && options.claimGroups?.length) result.claimGroups = await writeImportedGroups(db, projectId, options, writtenDocs);
  return result;
}

/**
 * The claim groups of the import, in one transaction after the documents: each with a new id and
 * its members that were imported (a member in a document skipped as a duplicate is left out, and
 * a group with none left is not written).
 */
async function writeImportedGroups(
  db: AppDb,
  projectId: ProjectId,
  options: WriteImportOptions,
  writtenDocs: ReadonlyMap<ImportedDocument, Map<string, Annotation>>,
): Promise<number> {
  const at = now();
  const groups: ClaimGroup[] = [];
  for (const g of options.claimGroups ?? []) {
    const members = g.members.flatMap((m) => {
      const a = writtenDocs.get(m.document)?.get(m.annotation);
      return a ? [{ documentId: a.documentId, annotationId: a.id }] : [];
    });
    if (members.length === 0) continue;
    const group = leftOutIfInvalid(() => newClaimGroup(projectId, importedGroupInput(g, members), { by: options.by, at }));
    if (group) groups.push(group);
  }
  if (groups.length > 0) await db.transaction('rw', db.claimGroups, () => db.claimGroups.bulkAdd(groups.map(claimGroupRow)));
  return groups.length;
}

/** The record, or null when the factory refuses it (it is then counted as left out). */
function leftOutIfInvalid<T>(build: () => T): T | null {
  try {
    return build();
  } catch (e) {
    if (e instanceof ValidationError) return null;
    throw e;
  }
}

/**
 * Creates or merges the document's entities (inside the batch transaction); returns imported key
 * → database id for every entity of the document.
 */
async function resolveEntities(
  db: AppDb,
  projectId: ProjectId,
  imported: readonly ImportedEntity[],
  known: Map<string, EntityId>,
  pending: Map<string, Entity>,
  at: string,
): Promise<Map<string, EntityId>> {
  const out = new Map<string, EntityId>();
  for (const e of imported) {
    let id = known.get(e.key);
    if (!id) {
      const existing = await db.entities.get(e.key);
      id = existing && existing.projectId !== projectId ? newEntityId() : (e.key as EntityId);
      known.set(e.key, id);
    }
    out.set(e.key, id);
    const current = pending.get(id) ?? (await db.entities.get(id));
    if (current) {
      pending.set(id, mergedEntity(current, [e], at));
    } else {
      pending.set(id, {
        id,
        projectId,
        name: e.name,
        aliases: distinctAliases(e.name, e.aliases),
        ...(e.externalId ? { externalId: e.externalId } : {}),
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  return out;
}

/** Attribute values that name an imported entity key point at the entity's database id. */
function remapEntities(attributes: Record<string, AttributeValue>, map: Map<string, EntityId>): Record<string, AttributeValue> {
  if (map.size === 0) return attributes;
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(attributes)) {
    out[k] = typeof v === 'string' ? (map.get(v) ?? v) : Array.isArray(v) ? v.map((x) => map.get(x) ?? x) : v;
  }
  return out;
}
