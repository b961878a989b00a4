/** What the sync engine tells the app about itself: its status, and the words for its errors. */

export type SyncPhase = 'starting' | 'active' | 'synced' | 'offline' | 'error' | 'stopped';

export interface SyncStatus {
  phase: SyncPhase;
  /** When the replicas last agreed (ms since epoch). */
  lastSyncedAt: number | null;
  /** Local changes not yet on the server. */
  waiting: number;
  error: string | null;
  /** Ids of documents with unresolved conflicts. */
  conflicts: string[];
  /** Changes the server refused, with its reason (kept locally). */
  refused: { id: string; reason: string }[];
}

/** Retry delays: 1 s, doubling, at most 60 s. */
export const backOff = (delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, 60_000));

/** A sentence for a replication error. */
export function describe(err: unknown): string {
  const e = err as { status?: number; name?: string; reason?: string; message?: string };
  if (e?.status === 401) return 'the server refused the user name or password';
  if (e?.status === 403) return `the server refused access${e.reason ? `: ${e.reason}` : ''}`;
  if (e?.status === 404) return 'the database is not on the server';
  if (!e?.status || e.status === 0 || e.status >= 500) return 'the server cannot be reached';
  return e.reason ?? e.message ?? 'unknown error';
}
