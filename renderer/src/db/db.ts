import Dexie, { type DBCore, type Middleware, type Table, type Transaction } from 'dexie';
import type {
  DocumentAttributesRecord,
  Annotation,
  ClaimGroup,
  DocumentRecord,
  Entity,
  Project,
  Relation,
  DocumentStatusValue,
} from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';
import { annotationPacksMiddleware } from './annotationPacksMiddleware.ts';
import type { AnnotationPackRecord } from './annotationPacks.ts';
import { outboxMiddleware, type OutboxRecord, type SyncCheckpointRecord, type SyncConnectionRecord } from '../sync/outbox.ts';
import { countEveryProject, projectCountsMiddleware, type ProjectCountsRecord } from './projectCounts.ts';
import { changeMarksMiddleware } from './changeMarks.ts';
import { beforeImageMiddleware } from './beforeImage.ts';

/** One step of the undo log: the records a change touched, before and after it. */
export interface OperationRecord {
  seq?: number;
  projectId: string;
  documentId: string;
  /** What the user did, worded for a history list: "Add Claim", "Delete Speaker" … */
  description: string;
  at: string;
  by: string;
  before: OperationSnapshot;
  after: OperationSnapshot;
  /** 1 once undone; a new operation discards every undone one (the redo branch). */
  undone: 0 | 1;
  /**
   * The annotations this step touches (its records and both ends of its relations), under a
   * multi-entry index so an annotation's history is one lookup. Rows written before the index
   * existed get it from that version's upgrade (STORE_VERSIONS).
   */
  annotationIds?: string[];
}

/**
 * Every annotation an operation touches: its own records, both ends of its relations, and the
 * claims whose claim-group membership it changes (joined, left, or their group made or removed).
 */
export function touchedAnnotationIds(before: OperationSnapshot, after: OperationSnapshot): string[] {
  const ids = new Set<string>();
  for (const side of [before, after]) {
    for (const a of side.annotations) ids.add(a.id);
    for (const r of side.relations) {
      ids.add(r.from);
      ids.add(r.to);
    }
  }
  const membership = (side: OperationSnapshot) =>
    new Set((side.claimGroups ?? []).flatMap((g) => g.members.map((m) => `${g.id}\u0000${m.annotationId}`)));
  const [was, is] = [membership(before), membership(after)];
  for (const key of [...was].filter((k) => !is.has(k)).concat([...is].filter((k) => !was.has(k))))
    ids.add(key.slice(key.indexOf('\u0000') + 1));
  return [...ids];
}

/**
 * The records an operation touched. `entities`, `projects` (schema changes) and
 * `documentAttributes` are optional: entries written by a database older than version 5 lack
 * them, which undo/redo reads as "none touched"; likewise `claimGroups` before version 9.
 */
export interface OperationSnapshot {
  annotations: Annotation[];
  relations: Relation[];
  entities?: Entity[];
  projects?: Project[];
  documentAttributes?: DocumentAttributesRecord[];
  claimGroups?: ClaimGroup[];
}

/**
 * A claim group as stored: the group, plus the ids of its members' annotations and documents
 * under multi-entry indexes, so an annotation's group (or a document's groups) is one lookup.
 * Derived from `members` whenever a group is written (`db/claimGroups.ts`); never replicated or
 * archived on their own.
 */
export interface ClaimGroupRow extends ClaimGroup {
  annotationIds: string[];
  documentIds: string[];
}

export type { DocumentAttributesRecord };

export type { DocumentStatusValue } from '../../core/model/types.ts';

export interface DocumentStatusRecord {
  documentId: string;
  projectId: string;
  annotator: string;
  status: DocumentStatusValue;
  updatedAt: string;
  /** The done-check problems the annotator chose to override when marking the document done. */
  overriddenProblems?: string[];
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/**
 * Word rows of the text index (textIndex.ts), per pass chunk: a word in many of the chunk's
 * documents on its own (`key` is the word), or the chunk's other words sharing its first two
 * characters (`key` is those and a space). `words` are ascending, joined by spaces; word i's
 * documents (with the word in their text or title) are `docs[docEnds[i − 1] … docEnds[i]]`, those
 * that use it often likewise in `frequent`, and those with it in their title in `titles`, by their
 * numbers in the project ({@link TextNumbersRecord}), ascending. In a row of one word a list may
 * be a bitmap instead (a `Uint8Array`, where that is smaller): bit i of it (byte i >> 3, bit i & 7)
 * is document number `first + i`. Rows are only appended; documents deleted, moved or renamed since
 * (their numbers retired) are skipped at query time.
 */
export interface TextGroupRecord {
  seq?: number;
  projectId: string;
  key: string;
  /**
   * The numbers its documents are taken from, `first` … `end − 1`: its pass chunk's, or several
   * chunks' when merged. A word's own row holds every document with the word in that range (it is
   * merged only with the chunk right after it), so its group's rows within the range need not be read.
   */
  first: number;
  end: number;
  words: string;
  docEnds: Uint32Array;
  frequentEnds: Uint32Array;
  titleEnds: Uint32Array;
  docs: Uint32Array | Uint8Array;
  frequent: Uint32Array | Uint8Array;
  titles: Uint32Array | Uint8Array;
}

/**
 * The documents one text-index pass numbered: `ids[i]` is document number `first + i` of the
 * project. A `retired` row is written when documents leave the project (deleted or moved away) or
 * are renamed: its numbers have no word rows, and they end the documents' earlier numbers here, so
 * a document that comes back, or has a new title, is pending again until it is numbered anew.
 */
export interface TextNumbersRecord {
  projectId: string;
  first: number;
  ids: string[];
  retired?: true;
}

/** A reviewer's comment on an annotation; the first comment of an annotation opens its thread. */
export interface CommentRecord {
  id: string;
  projectId: string;
  documentId: string;
  annotationId: string;
  author: string;
  text: string;
  createdAt: string;
  /** Set on the thread's first comment when the thread is resolved (who and when). */
  resolvedBy?: string;
  resolvedAt?: string;
}

/**
 * A review decision about annotator layers' annotations, by layer signature (`layer|Label@s-e`,
 * see core/review/merge.ts): `reject` (not for gold), `nothing-right` (no candidate of the group
 * is right; not asked again), `accept` (copied into gold as `goldId`).
 */
export interface ReviewDecisionRecord {
  id: string;
  projectId: string;
  documentId: string;
  kind: 'accept' | 'reject' | 'nothing-right';
  signatures: string[];
  goldId?: string;
  by: string;
  at: string;
}

/** Which annotator bundle a layer was last filled from (newer bundles replace, older are refused). */
export interface LayerImportRecord {
  projectId: string;
  layer: string;
  /** The bundle's creation time. */
  created: string;
  importedAt: string;
  fileName: string;
  schemaFingerprint: string;
}

/**
 * Every version of the database's tables and indexes, kept forever, each with a dated note saying
 * why it changed; a version lists only the tables it adds or changes. `AppDb` declares them all;
 * migration tests open a database at any earlier version through `openDbAtVersion`
 * (`testing.ts`), so the two can never disagree about the history.
 */
export const STORE_VERSIONS: readonly {
  version: number;
  /** A table's primary key and indexes; null deletes the table. */
  stores: Record<string, string | null>;
  /** Fills what the version adds for rows written before it. */
  upgrade?: (tx: Transaction) => Promise<unknown>;
}[] = [
  // 2026-11-29 — first schema: projects, documents (text is the anchor), annotations with
  // layers and ranges, relations, entities, the undo log and app settings.
  {
    version: 1,
    stores: {
      projects: 'id, name, updatedAt',
      documents: 'id, projectId, [projectId+textHash], updatedAt',
      annotations: 'id, documentId, projectId, [documentId+layer], label',
      relations: 'id, documentId, projectId, from, to',
      entities: 'id, projectId, name',
      operations: '++seq, projectId, [projectId+undone]',
      settings: 'key',
    },
  },
  // 2026-11-29 — version 3, the corpus browser at 100,000 documents: a small summary row per
  // document (title, metadata subset, annotation count, labels, layers) so the list never loads
  // texts; the full-text index as title words per document (multi-entry index) and posting lists
  // of text words per write batch (one row per word and batch, ~10× fewer index entries than one
  // multi-entry row per document). Rows for documents that predate this version are built on
  // first open (ensureCorpusIndex), in batches. (Version 2 was never used.)
  {
    version: 3,
    stores: {
      documentSummaries: 'id, projectId',
      searchTerms: 'id, projectId, *titleTerms',
      textPostings: '++seq, term, projectId',
    },
  },
  // 2026-11-29 — version 4: the undo log is indexed by the annotations each step touches
  // (multi-entry `annotationIds`), for the per-annotation history in the annotate view.
  {
    version: 4,
    stores: { operations: '++seq, projectId, [projectId+undone], *annotationIds' },
    upgrade: (tx) =>
      tx
        .table<OperationRecord, number>('operations')
        .toCollection()
        .modify((op) => {
          op.annotationIds = touchedAnnotationIds(op.before, op.after);
        }),
  },
  // 2026-11-29 — version 5: per-annotator document status (new / in progress / done /
  // reviewed, for done checks and the corpus browser) and per-layer document-level attribute
  // values (topic, relevance …). Undo-log entries may now also carry entity, project (schema)
  // and document-attribute snapshots; older entries without them still undo as before.
  {
    version: 5,
    stores: {
      documentStatus: '[documentId+annotator], projectId, documentId',
      documentAttributes: '[documentId+layer], projectId, documentId',
    },
  },
  // 2026-11-29 — version 7: team review. Reviewer comment threads on annotations, review
  // decisions (reject / nothing here is right / accept into gold) and which annotator bundle each
  // imported layer came from, so a newer bundle replaces the layer and an older one is refused.
  // (Version 6 was never used.)
  {
    version: 7,
    stores: {
      comments: 'id, projectId, documentId, annotationId',
      reviewDecisions: 'id, projectId, documentId',
      layerImports: '[projectId+layer], projectId',
    },
  },
  // 2026-12-05 — version 8: team projects replicated through CouchDB (renderer/src/sync/).
  // The outbox of changes not yet handed to the replica (filled in the writing transaction),
  // each connected project's server settings (no password), and how far incoming changes have
  // been applied.
  {
    version: 8,
    stores: {
      syncOutbox: '++seq, projectId',
      syncConnections: 'projectId',
      syncCheckpoints: 'projectId',
    },
  },
  // 2026-12-06 — version 9: claim groups (issue #15), the same claim across articles with its
  // canonical wording, note and fact-checks, per grouping layer. Indexed by the members'
  // annotations and documents (multi-entry), so an annotation's group is one lookup and deleting
  // a document finds the groups that hold its claims. Undo-log entries may now carry claim-group
  // snapshots; older entries without them undo as before.
  {
    version: 9,
    stores: {
      claimGroups: 'id, projectId, [projectId+layer], *annotationIds, *documentIds',
    },
  },
  // 2026-12-06 — version 10, corpus scale (issue #16). Starting on a project of 100,000
  // documents: the summaries indexed in list order (project, then creation time; equal times by
  // id, as IndexedDB orders an index's equal keys by primary key), so the list's first page is
  // read without reading and sorting every summary; the index is filled from the existing rows
  // as it is created. Importing: the documents' `updatedAt` index, which nothing queries, is
  // dropped — every index entry is a write per imported document (see the import profile).
  {
    version: 10,
    stores: {
      documents: 'id, projectId, [projectId+textHash]',
      documentSummaries: 'id, projectId, [projectId+createdAt]',
    },
  },
  // 2026-12-06 — version 11, corpus scale (issue #16): the text index in compact form. Each
  // document gets a number in its project when the text index pass reaches it (`textNumbers`:
  // one row per pass chunk), and a word's documents are kept as those numbers in typed arrays
  // (`textBlocks`, looked up by project and word), which IndexedDB stores and structured-clones
  // as bytes rather than as thousands of 21-character ids. The old posting lists are dropped and
  // the title rows cleared, so every document is pending: the pass rebuilds the index from the
  // documents themselves (a search runs it first, showing its progress).
  {
    version: 11,
    stores: {
      textPostings: null,
      textBlocks: '++seq, [projectId+term], projectId',
      textNumbers: '[projectId+first], projectId',
    },
    upgrade: (tx) => tx.table('searchTerms').clear(),
  },
  // 2026-12-06 — version 12, corpus scale (issue #16): fewer, larger word rows. A pass chunk
  // wrote one row per word (about 8,000 per 1,000 documents, each costing its clone, two index
  // entries and its share of the commit); now a word in many of the chunk's documents keeps a row
  // of its own and the others share one per first two characters (`textGroups`), a few hundred
  // rows per chunk, and a prefix search still reads one group row per chunk. The old rows, numbers
  // and title rows are dropped, so every document is pending and the pass rebuilds the index from
  // the documents (a search runs it first, showing its progress).
  {
    version: 12,
    stores: {
      textBlocks: null,
      textGroups: '++seq, [projectId+key], projectId',
    },
    upgrade: async (tx) => {
      await tx.table('textNumbers').clear();
      await tx.table('searchTerms').clear();
    },
  },
  // 2026-12-06 — version 13, corpus scale (issue #16): title words in the word rows. A document's
  // title words were a row per document under a multi-entry index (`searchTerms`), 3.7× the raw
  // put at import and most of a search for a common word, which read its title matches as ids. Now
  // each word row holds a third list, the numbers of the documents with the word in their title;
  // a renamed document's number is retired and it is indexed again, like a moved one. Whether a
  // document is indexed is whether it has a live number. The title rows go, and the word rows and
  // numbers are cleared: every document is pending and the first search rebuilds the index.
  {
    version: 13,
    stores: { searchTerms: null },
    upgrade: async (tx) => {
      await tx.table('textGroups').clear();
      await tx.table('textNumbers').clear();
    },
  },
  // 2026-12-06 — version 14, corpus scale (issue #16): an import writes two index entries fewer
  // per document. Documents and summaries each had a `projectId` index beside a compound index
  // that starts with the project (`[projectId+textHash]`, `[projectId+createdAt]`); every entry
  // is a write per imported document, and the bare-IndexedDB profile put the two at a fifth of
  // writing documents with their summaries. Dexie answers `where('projectId')` through the
  // compound index (a virtual index), so queries by project are unchanged.
  {
    version: 14,
    stores: {
      documents: 'id, [projectId+textHash]',
      documentSummaries: 'id, [projectId+createdAt]',
    },
  },
  // 2026-12-06 — version 15, corpus scale (issue #16): each document's annotations as the
  // agreement reads them, in one compact row (`annotationPacks.ts`). Reading 250,000 annotation
  // rows cost the Agreement view 4.6–5.2 s of CPU, a cost per row; 1,000 rows of typed arrays cost
  // a fraction. Derived: deleted by a middleware in every transaction that writes the document's
  // annotations, built when next read. Empty at first: every pack is built by the first reading.
  {
    version: 15,
    stores: { annotationPacks: 'documentId, projectId' },
  },
  // 2026-12-06 — version 16, corpus scale (issue #16): each project's number of documents and of
  // summaries, kept in the same transaction as every write of them (`projectCounts.ts`, a
  // middleware). Counting a project of 100,000 documents through its index was one IndexedDB
  // request of seconds at start, which every other request of the page (the document a user
  // opens) waited behind; now the list's count and the index check read one row. Filled here from
  // the tables' project indexes.
  {
    version: 16,
    stores: { projectCounts: 'projectId' },
    upgrade: countEveryProject,
  },
  // 2026-12-06 — version 17, corpus scale (issue #16): a common word's rows as bitmaps. A search
  // for a word in every one of 100,000 documents read its 100,000 numbers three times over (in
  // the text, used often, in the title: 0.9 MB) and its group's rows beside them (1.3 MB) to find
  // nothing there. A word's own row now keeps a list as a bitmap of its chunk's numbers where that
  // is smaller (625 bytes for 5,000 documents), and every row the numbers it covers (`first`,
  // `end`, in its index), so a search skips the group rows its own rows cover. The word rows and
  // numbers are cleared: every document is pending and the first search rebuilds the index.
  {
    version: 17,
    stores: { textGroups: '++seq, [projectId+key+first+end], projectId' },
    upgrade: async (tx) => {
      await tx.table('textGroups').clear();
      await tx.table('textNumbers').clear();
    },
  },
  // 2026-12-06 — version 18, corpus scale (issue #16): an annotation pack keeps its ids as strings
  // of their own, not one joined string cut up when read (in the Agreement view's profile, hashing
  // those slices was most of reading a layer's attributions). Packs are derived: those of the
  // old form are cleared, and rebuilt in the background or when next read.
  {
    version: 18,
    stores: {},
    upgrade: (tx) => tx.table('annotationPacks').clear(),
  },
];

/**
 * The middlewares every write request passes, innermost first (Dexie puts the last of equal
 * level outermost), so a request meets them from the end of this list (docs/architecture.md).
 */
export const WRITE_PATH_MIDDLEWARES: readonly Middleware<DBCore>[] = [
  // Queues every write to a replicated table of a connected project in its own transaction.
  outboxMiddleware,
  // Marks each project a transaction changes, for the automatic backups' check (changeMarks.ts).
  changeMarksMiddleware,
  // Deletes a document's annotation pack in every transaction that writes its annotations.
  annotationPacksMiddleware,
  // Keeps each project's counts of documents and summaries in the transaction that changes them.
  projectCountsMiddleware,
  // Outside them all: reads each write's before-image once for those of them that need it.
  beforeImageMiddleware,
];

export const DB_NAME = 'claimscope';

/**
 * The local database. Every `version(n)` stays here forever, each with a dated note saying why
 * it changed, so a database created by any older release upgrades in place.
 */
export class AppDb extends Dexie {
  projects!: Table<Project, string>;
  documents!: Table<DocumentRecord, string>;
  annotations!: Table<Annotation, string>;
  relations!: Table<Relation, string>;
  entities!: Table<Entity, string>;
  operations!: Table<OperationRecord, number>;
  settings!: Table<SettingRecord, string>;
  documentSummaries!: Table<DocumentSummary, string>;
  textGroups!: Table<TextGroupRecord, number>;
  textNumbers!: Table<TextNumbersRecord, [string, number]>;
  documentStatus!: Table<DocumentStatusRecord, [string, string]>;
  documentAttributes!: Table<DocumentAttributesRecord, [string, string]>;
  comments!: Table<CommentRecord, string>;
  reviewDecisions!: Table<ReviewDecisionRecord, string>;
  layerImports!: Table<LayerImportRecord, [string, string]>;
  syncOutbox!: Table<OutboxRecord, number>;
  syncConnections!: Table<SyncConnectionRecord, string>;
  syncCheckpoints!: Table<SyncCheckpointRecord, string>;
  claimGroups!: Table<ClaimGroupRow, string>;
  annotationPacks!: Table<AnnotationPackRecord, string>;
  projectCounts!: Table<ProjectCountsRecord, string>;

  /**
   * Every transaction commits with `durability` (Chromium's option; others ignore it): `strict`
   * by default, so a change shown as saved is on disk, not only in the OS cache, when the commit
   * completes. Bulk writers (the import worker) open a `relaxed` connection and end with
   * {@link strictCheckpoint}.
   */
  constructor(name: string = DB_NAME, options: { durability?: 'strict' | 'relaxed' } = {}) {
    super(name, { chromeTransactionDurability: options.durability ?? 'strict' });
    for (const { version, stores, upgrade } of STORE_VERSIONS) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    for (const middleware of WRITE_PATH_MIDDLEWARES) this.use(middleware);
  }
}

/**
 * True when a table's rows can be found by project: its primary key or an index is `projectId`,
 * or a compound index starts with it (documents and summaries since version 13, which Dexie
 * queries by `where('projectId')` through that index).
 */
export function isProjectScoped(table: Table): boolean {
  const first = (keyPath: string | string[] | undefined) => (Array.isArray(keyPath) ? keyPath[0] : keyPath);
  return first(table.schema.primKey.keyPath) === 'projectId' || table.schema.indexes.some((i) => first(i.keyPath) === 'projectId');
}

/**
 * The database as the release that declared `version` left it, without upgrading it (Dexie
 * opens it at that version): for the backup before an upgrade, and for migration tests.
 */
export function openDbAtVersion(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const v of STORE_VERSIONS) {
    if (v.version > version) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}

/** The version of the database `name` as it is on disk, without opening it at ours; null when there is none. */
export async function onDiskVersion(name: string): Promise<number | null> {
  if (!(await Dexie.exists(name))) return null;
  const probe = new Dexie(name);
  await probe.open();
  try {
    return probe.verno;
  } finally {
    probe.close();
  }
}

/**
 * A strict commit after relaxed ones (a bulk import): records what was written under `key` in
 * the settings through a strict connection, so when it completes the writes before it are on
 * disk too.
 */
export async function strictCheckpoint(name: string, key: string, value: unknown): Promise<void> {
  const db = new AppDb(name);
  try {
    await db.transaction('rw', db.settings, () => db.settings.put({ key, value }));
  } finally {
    db.close();
  }
}
