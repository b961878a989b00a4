/**
 * The database's health as the researcher needs to know it: a full disk or storage quota, whether
 * the browser may evict the data, another window upgrading the database, and a project that lost
 * many annotations while Claimscope was not running.
 */
import Dexie from 'dexie';
import type { AppDb } from './db.ts';

/** True for a write refused because the disk or the origin's storage quota is full (as IndexedDB or Dexie reports it). */
export function isQuotaError(err: unknown): boolean {
  for (
    let e = err as { name?: string; message?: string; inner?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.inner as typeof e, depth++
  ) {
    if (e.name === 'QuotaExceededError' || e.name === Dexie.errnames.QuotaExceeded) return true;
    if (/quota|disk is full|no space left/i.test(e.message ?? '')) return true;
  }
  return false;
}

/** The sentence for a change that was not saved: a full storage is named as such, with what still works. */
export function saveFailureMessage(what: string, err: unknown): string {
  if (isQuotaError(err)) {
    return `${what} was not saved: the storage is full (the disk, or the space the browser gives Claimscope). Nothing was half-written. Free some disk space and try again; Export and backups still work.`;
  }
  return `${what} was not saved: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Closes this window's connection when another window opens the database at a newer version (an
 * upgraded Claimscope), so the upgrade is not blocked, and tells `onChange` so the window can ask
 * the user to reload. Returns a function that stops watching.
 */
export function watchVersionChange(db: AppDb, onChange: () => void): () => void {
  const handler = () => {
    db.close({ disableAutoOpen: true });
    onChange();
    return false;
  };
  db.on('versionchange', handler);
  return () => db.on('versionchange').unsubscribe(handler);
}

export interface CountDrop {
  projectId: string;
  name: string;
  before: number;
  now: number;
}

const COUNTS_KEY = 'annotationCounts';

/** A drop is sharp when at least this many annotations and this share of them are gone. */
export const SHARP_DROP = { atLeast: 20, share: 0.25 };

/** Each project's annotation count (or only `projectId`'s), from the corpus summaries (one small row per document). */
export async function annotationCounts(db: AppDb, projectId?: string): Promise<Record<string, { name: string; count: number }>> {
  return db.transaction('r', [db.projects, db.documentSummaries], async () => {
    const out: Record<string, { name: string; count: number }> = {};
    const projects = projectId === undefined ? await db.projects.toArray() : [await db.projects.get(projectId)];
    for (const p of projects) if (p && p.restoring === undefined) out[p.id] = { name: p.name, count: 0 };
    const rows = projectId === undefined ? db.documentSummaries.toCollection() : db.documentSummaries.where('projectId').equals(projectId);
    await rows.each((s) => {
      const entry = out[s.projectId];
      if (entry) entry.count += s.annotationCount;
    });
    return out;
  });
}

/**
 * Stores the projects' annotation counts as the ones to compare against next time: every
 * project's, or after a change in one project only that one's (the others keep theirs).
 */
export async function recordAnnotationCounts(db: AppDb, projectId?: string): Promise<void> {
  const counts = await annotationCounts(db, projectId);
  await db.transaction('rw', db.settings, async () => {
    const kept = projectId === undefined ? {} : (((await db.settings.get(COUNTS_KEY))?.value ?? {}) as Record<string, number>);
    for (const [id, c] of Object.entries(counts)) kept[id] = c.count;
    await db.settings.put({ key: COUNTS_KEY, value: kept });
  });
}

/**
 * The annotation counts of these documents' summaries that belong to `projectId` (0 for a
 * document without one, or in another project). Read before a change arriving from the team
 * server, for {@link creditAnnotationChange}; inside its transaction.
 */
export async function summaryCounts(db: AppDb, projectId: string, documentIds: Iterable<string>): Promise<Map<string, number>> {
  const ids = [...new Set(documentIds)];
  const rows = await db.documentSummaries.bulkGet(ids);
  return new Map(ids.map((id, i) => [id, rows[i]?.projectId === projectId ? rows[i]!.annotationCount : 0]));
}

/**
 * Inside the transaction that applied changes arriving from the team server (a teammate's
 * deliberate edits): the project's recorded count moves by what those changes did to these
 * documents' summaries (`before`: {@link summaryCounts} read before them), so a teammate's bulk
 * delete is not taken for a loss, while annotations that vanished otherwise, before or after it,
 * still count as lost. The transaction must include `documentSummaries` and `settings`.
 */
export async function creditAnnotationChange(db: AppDb, projectId: string, before: Map<string, number>): Promise<void> {
  if (before.size === 0) return;
  const after = await summaryCounts(db, projectId, before.keys());
  let delta = 0;
  for (const [id, count] of before) delta += after.get(id)! - count;
  if (delta === 0) return;
  const recorded = (await db.settings.get(COUNTS_KEY))?.value as Record<string, number> | undefined;
  if (recorded?.[projectId] === undefined) return;
  await db.settings.put({ key: COUNTS_KEY, value: { ...recorded, [projectId]: Math.max(0, recorded[projectId] + delta) } });
}

/**
 * At startup: the projects whose annotation count dropped sharply since it was last recorded
 * (while this window was open, counts are recorded as the user works, so their own deletions are
 * not counted; a teammate's arrive with their own credit, {@link creditAnnotationChange}). Records
 * the current counts afterwards, in the same transaction, so changes arriving meanwhile are not
 * counted twice or missed.
 */
export async function checkAnnotationCounts(db: AppDb): Promise<CountDrop[]> {
  return db.transaction('rw', [db.projects, db.documentSummaries, db.settings], async () => {
    const recorded = ((await db.settings.get(COUNTS_KEY))?.value ?? {}) as Record<string, number>;
    const counts = await annotationCounts(db);
    const drops: CountDrop[] = [];
    for (const [projectId, { name, count }] of Object.entries(counts)) {
      const before = recorded[projectId];
      if (before === undefined) continue;
      const lost = before - count;
      if (lost >= SHARP_DROP.atLeast && lost >= before * SHARP_DROP.share) drops.push({ projectId, name, before, now: count });
    }
    await recordAnnotationCounts(db);
    return drops;
  });
}
