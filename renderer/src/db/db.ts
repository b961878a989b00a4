import Dexie, { type Table } from 'dexie';
import type {
  Annotation,
  DocumentRecord,
  Entity,
  Project,
  Relation,
} from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';

/** One step of the undo log: the records a change touched, before and after it. */
export interface OperationRecord {
  seq?: number;
  projectId: string;
  documentId: string;
  /** What the user did, worded for a history list: "Add Claim", "Delete Speaker" … */
  description: string;
  at: string;
  by: string;
  before: { annotations: Annotation[]; relations: Relation[] };
  after: { annotations: Annotation[]; relations: Relation[] };
  /** 1 once undone; a new operation discards every undone one (the redo branch). */
  undone: 0 | 1;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A document's search terms; multi-entry indexes make IndexedDB keep term → documents. */
export interface SearchTermsRecord {
  id: string;
  projectId: string;
  terms: string[];
  titleTerms: string[];
  frequentTerms: string[];
}

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
  searchTerms!: Table<SearchTermsRecord, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    // 2026-11-29 — first schema: projects, documents (text is the anchor), annotations with
    // layers and ranges, relations, entities, the undo log and app settings.
    this.version(1).stores({
      projects: 'id, name, updatedAt',
      documents: 'id, projectId, [projectId+textHash], updatedAt',
      annotations: 'id, documentId, projectId, [documentId+layer], label',
      relations: 'id, documentId, projectId, from, to',
      entities: 'id, projectId, name',
      operations: '++seq, projectId, [projectId+undone]',
      settings: 'key',
    });
    // 2026-11-29 — the corpus browser at 100,000 documents: a small summary row per document
    // (title, metadata subset, annotation count, labels, layers) so the list never loads texts,
    // and per-document search terms under multi-entry indexes (the full-text index). Rows for
    // documents that predate this version are built on first open (ensureCorpusIndex), in batches.
    this.version(3).stores({
      documentSummaries: 'id, projectId',
      searchTerms: 'id, projectId, *terms, *titleTerms, *frequentTerms',
    });
  }
}
