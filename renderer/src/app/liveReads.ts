/**
 * Every live database read a component makes, in one place (the read rule is in workspace.ts's
 * header): records the Workspace state does not hold, re-read by Dexie whenever a write that
 * touches them commits. `undefined` while the first read is running. What the Workspace does
 * hold is read from it: `useWorkspaceSelector` here for a single field.
 */
import { useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AppDb } from '../db/db.ts';
import { annotationHistory } from '../db/annotations.ts';
import { listEntities, listMentions } from '../db/entities.ts';
import { listClaimGroups } from '../db/claimGroups.ts';
import { getDocumentAttributes } from '../db/schema.ts';
import { getStatusRecord, teamProgress } from '../db/status.ts';
import { listProjects } from '../db/corpus.ts';
import type { Workspace, WorkspaceState } from './workspace.ts';

/** One field of the Workspace state; re-renders only when that field changes. */
export function useWorkspaceSelector<T>(workspace: Workspace, select: (state: WorkspaceState) => T): T {
  return useSyncExternalStore(workspace.subscribe, () => select(workspace.getState()));
}

/** The documents ticked in the corpus browser. */
export function useCorpusSelection(workspace: Workspace): ReadonlySet<string> {
  return useWorkspaceSelector(workspace, (s) => s.corpusSelection);
}

/** Every project in the database but one being restored (the project switcher, "move to project"). */
export function useProjects(db: AppDb) {
  return useLiveQuery(() => listProjects(db), [db]);
}

/** One annotator's status for each document of a project that has one (a missing one is "new"). */
export function useStatusesOf(db: AppDb, projectId: string, annotator: string) {
  return useLiveQuery(async () => {
    const map = new Map<string, string>();
    await db.documentStatus
      .where('projectId')
      .equals(projectId)
      .each((r) => {
        if (r.annotator === annotator) map.set(r.documentId, r.status);
      });
    return map;
  }, [db, projectId, annotator]);
}

/** Who works on a project, their last activity, and each annotator's status per document (the Team panel). */
export function useTeamProgress(db: AppDb, projectId: string, enabled: boolean) {
  return useLiveQuery(() => (enabled ? teamProgress(db, projectId) : null), [db, projectId, enabled]);
}

/** One annotator's status row for a document (`null` when there is none: the document is new). */
export function useStatusRecord(db: AppDb, documentId: string | null, annotator: string) {
  return useLiveQuery(
    async () => (documentId ? ((await getStatusRecord(db, documentId, annotator)) ?? null) : null),
    [db, documentId, annotator],
  );
}

/** One annotator's document-level attribute values for a document. */
export function useDocumentAttributes(db: AppDb, documentId: string, annotator: string) {
  return useLiveQuery(() => getDocumentAttributes(db, documentId, annotator), [db, documentId, annotator]);
}

/** The undo-log entries that touched an annotation, newest first. */
export function useAnnotationHistory(db: AppDb, annotationId: string) {
  return useLiveQuery(() => annotationHistory(db, annotationId), [db, annotationId]);
}

/** The project's entities. */
export function useEntities(db: AppDb, projectId: string) {
  return useLiveQuery(() => listEntities(db, projectId), [db, projectId]);
}

/** The project's annotations that can be entity mentions. */
export function useMentions(db: AppDb, projectId: string) {
  return useLiveQuery(() => listMentions(db, projectId), [db, projectId]);
}

/** A document's review decisions and reviewer comments. */
export function useDocumentReview(db: AppDb, documentId: string | null) {
  return useLiveQuery(async () => {
    if (!documentId) return { decisions: [], comments: [] };
    const [decisions, comments] = await Promise.all([
      db.reviewDecisions.where('documentId').equals(documentId).toArray(),
      db.comments.where('documentId').equals(documentId).toArray(),
    ]);
    return { decisions, comments };
  }, [db, documentId]);
}

/** Every annotation, relation, review decision and comment of a project (the claims queue). */
export function useProjectReview(db: AppDb, projectId: string) {
  return useLiveQuery(async () => {
    const [annotations, relations, decisions, comments] = await Promise.all([
      db.annotations.where('projectId').equals(projectId).toArray(),
      db.relations.where('projectId').equals(projectId).toArray(),
      db.reviewDecisions.where('projectId').equals(projectId).toArray(),
      db.comments.where('projectId').equals(projectId).toArray(),
    ]);
    return { annotations, relations, decisions, comments };
  }, [db, projectId]);
}

/** The project's claim groups, every layer's (the Claims view). */
export function useClaimGroups(db: AppDb, projectId: string) {
  return useLiveQuery(() => listClaimGroups(db, projectId), [db, projectId]);
}
