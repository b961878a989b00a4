/**
 * Document numbers of the text index (textIndex.ts): each document gets a number in its project
 * when it is indexed, and `textNumbers` rows keep which document each number is. Rows are only
 * appended: a `retired` row ends the numbers its documents had before (deleted, moved away,
 * renamed), so such a document is pending until the index numbers it again. A document is indexed
 * while its latest number is a live one.
 *
 * What a connection has read of a project's numbers is kept in memory and read again only from the
 * first number not yet seen.
 */
import Dexie from 'dexie';
import type { AppDb } from './db.ts';

/** Document number → id, and whether the number is a retired one. */
export interface Numbering {
  ids: string[];
  retired: boolean[];
  /** Each document's latest number (−1: retired), up to `latestKnown` (worked out when asked: search does not need it). */
  latest: Map<string, number>;
  latestKnown: number;
}

const numberings = new WeakMap<AppDb, Map<string, Numbering>>();

/** Forgets what this connection knows of a project's numbers (the project is deleted: a restore may bring its id back). */
export function forgetNumbering(db: AppDb, projectId: string): void {
  numberings.get(db)?.delete(projectId);
}

/** The project's numbering, with the rows added since this connection last looked (inside the caller's transaction). */
export async function numbering(db: AppDb, projectId: string): Promise<Numbering> {
  let projects = numberings.get(db);
  if (!projects) numberings.set(db, (projects = new Map()));
  let known = projects.get(projectId);
  if (!known) projects.set(projectId, (known = { ids: [], retired: [], latest: new Map(), latestKnown: 0 }));
  const { ids, retired } = known;
  const rows = await db.textNumbers.where('[projectId+first]').between([projectId, ids.length], [projectId, Dexie.maxKey]).toArray();
  for (const row of rows) {
    const isRetired = row.retired === true;
    row.ids.forEach((id, i) => {
      ids[row.first + i] = id;
      retired[row.first + i] = isRetired;
    });
  }
  return known;
}

/** True when the document has a live number in the numbering (it is indexed). */
export function isNumbered(known: Numbering, id: string): boolean {
  const { ids, retired, latest } = known;
  for (let num = known.latestKnown; num < ids.length; num++) latest.set(ids[num]!, retired[num] ? -1 : num);
  known.latestKnown = ids.length;
  return (latest.get(id) ?? -1) >= 0;
}

/** The next free document number of the project (inside the caller's transaction, which includes `textNumbers`). */
export async function nextNumber(db: AppDb, projectId: string): Promise<number> {
  const last = await db.textNumbers.where('[projectId+first]').between([projectId, Dexie.minKey], [projectId, Dexie.maxKey]).last();
  return last ? last.first + last.ids.length : 0;
}

/**
 * Ends the numbers these documents have in their projects (deleted, moved away, or renamed: the
 * title's words are in the word rows under the old number), so one still there is indexed again.
 * Call inside the transaction that makes the change (it must include `textNumbers`), with each
 * document's project before the change.
 */
export async function retireNumbers(db: AppDb, docs: readonly { id: string; projectId: string }[]): Promise<void> {
  const byProject = new Map<string, string[]>();
  for (const d of docs) byProject.set(d.projectId, [...(byProject.get(d.projectId) ?? []), d.id]);
  for (const [projectId, ids] of byProject)
    await db.textNumbers.add({ projectId, first: await nextNumber(db, projectId), ids, retired: true });
}
