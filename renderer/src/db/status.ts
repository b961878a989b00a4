/**
 * Where each annotator is with each document: `new` → `in progress` (on their first annotation)
 * → `done` (after the done checks, or overriding them) → `reviewed`. One row per
 * [documentId+annotator] in the `documentStatus` table (db version 5). A document without a row
 * is `new` for that annotator.
 */
import { DOCUMENT_STATUSES, GOLD_LAYER, SUGGESTIONS_LAYER, type DocumentRecord } from '../../core/model/types.ts';
import type { AppDb, DocumentStatusRecord, DocumentStatusValue } from './db.ts';
import { ValidationError } from '../../core/model/validation.ts';

export type { DocumentStatusRecord, DocumentStatusValue } from './db.ts';

export const STATUSES: readonly DocumentStatusValue[] = DOCUMENT_STATUSES;

type Doc = Pick<DocumentRecord, 'id' | 'projectId'>;

/** The annotator's status for a document (`new` when nothing is stored). */
export async function getStatus(db: AppDb, documentId: string, annotator: string): Promise<DocumentStatusValue> {
  return (await db.documentStatus.get([documentId, annotator]))?.status ?? 'new';
}

/** The stored row, with overridden problems and when it changed; undefined for `new`. */
export function getStatusRecord(db: AppDb, documentId: string, annotator: string): Promise<DocumentStatusRecord | undefined> {
  return db.documentStatus.get([documentId, annotator]);
}

/**
 * Sets the annotator's status for a document. `overriddenProblems` records the done-check
 * problems the annotator chose to override; it is kept only with `done`.
 */
export async function setStatus(
  db: AppDb,
  doc: Doc,
  annotator: string,
  status: DocumentStatusValue,
  overriddenProblems?: string[],
): Promise<DocumentStatusRecord> {
  if (!STATUSES.includes(status)) throw new ValidationError(`"${status}" is not a document status.`);
  if (!annotator.trim()) throw new ValidationError('A status belongs to an annotator.');
  const row: DocumentStatusRecord = {
    documentId: doc.id,
    projectId: doc.projectId,
    annotator,
    status,
    updatedAt: new Date().toISOString(),
  };
  if (status === 'done' && overriddenProblems && overriddenProblems.length > 0) {
    row.overriddenProblems = overriddenProblems;
  }
  await db.documentStatus.put(row);
  return row;
}

/** Every stored status of a project's documents (all annotators). */
export function listStatuses(db: AppDb, projectId: string): Promise<DocumentStatusRecord[]> {
  return db.documentStatus.where('projectId').equals(projectId).toArray();
}

/**
 * Called when the annotator adds an annotation: a `new` document becomes `in progress`. Other
 * statuses stay as they are (adding to a done document does not silently reopen it).
 */
export async function markStarted(db: AppDb, doc: Doc, annotator: string): Promise<DocumentStatusValue> {
  return db.transaction('rw', db.documentStatus, async () => {
    const current = await getStatus(db, doc.id, annotator);
    if (current !== 'new') return current;
    await setStatus(db, doc, annotator, 'in progress');
    return 'in progress';
  });
}

/** One member of a team project as its records show them: whoever annotated, reviewed or set a status. */
export interface TeamMember {
  name: string;
  /** The newest change of theirs (ISO time). */
  lastActivity: string;
  annotations: number;
  /** Documents they marked done or reviewed. */
  done: number;
}

/** Who works on a project, when they last did, and where each annotator is with each document. */
export interface TeamProgress {
  members: TeamMember[];
  /** Per document (in title order), each annotator's status; a missing annotator is `new`. */
  documents: { id: string; title: string; statuses: Record<string, DocumentStatusValue> }[];
}

export async function teamProgress(db: AppDb, projectId: string): Promise<TeamProgress> {
  const members = new Map<string, TeamMember>();
  const member = (name: string, at: string) => {
    const m = members.get(name) ?? { name, lastActivity: at, annotations: 0, done: 0 };
    if (at > m.lastActivity) m.lastActivity = at;
    members.set(name, m);
    return m;
  };
  await db.annotations
    .where('projectId')
    .equals(projectId)
    .each((a) => {
      if (a.layer === SUGGESTIONS_LAYER) return;
      member(a.updatedBy, a.updatedAt);
      if (a.layer !== GOLD_LAYER) member(a.layer, a.layer === a.updatedBy ? a.updatedAt : '').annotations++;
    });
  const statuses = await listStatuses(db, projectId);
  for (const s of statuses) {
    const m = member(s.annotator, s.updatedAt);
    if (s.status === 'done' || s.status === 'reviewed') m.done++;
  }
  const byDocument = new Map<string, Record<string, DocumentStatusValue>>();
  for (const s of statuses) byDocument.set(s.documentId, { ...byDocument.get(s.documentId), [s.annotator]: s.status });
  const documents: TeamProgress['documents'] = [];
  await db.documentSummaries
    .where('projectId')
    .equals(projectId)
    .each((d) => documents.push({ id: d.id, title: d.title, statuses: byDocument.get(d.id) ?? {} }));
  documents.sort((a, b) => a.title.localeCompare(b.title));
  return {
    members: [...members.values()].filter((m) => m.name).sort((a, b) => a.name.localeCompare(b.name)),
    documents,
  };
}
