import Dexie, { type Table } from 'dexie';
import type {
  Annotation,
  DocumentRecord,
  Entity,
  Project,
  Relation,
} from '../../core/model/types.ts';

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
  }
}
