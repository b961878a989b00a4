/**
 * Joining a team project: the first copy of the server's database, read from its change feed in
 * large pages, instead of the replicator's batches (each a `_changes`, a local `_revs_diff`, a
 * `_bulk_get` and two checkpoint writes, then read back from the replica's change feed; the
 * push side then asks the server about every document it has just received).
 *
 * Each page (`_changes?include_docs=true&conflicts=true&style=all_docs`) is written into the
 * empty local replica as the server's revisions (`new_edits: false`, as the replicator writes
 * them), with every other leaf of a conflicted document fetched by `_bulk_get`, then handed to
 * the engine, which applies it to Dexie with the replica's sequence as its checkpoint; the next
 * page is fetched and written while one is applied. The replication then starts from where the
 * copy ended on both sides (`since`), so nothing is read twice.
 *
 * Only the copy is special: it is what the replicator would have written, so a restart in the
 * middle just replicates the rest the ordinary way (from the checkpoint, asking the server what
 * the replica lacks).
 */
import type PouchDB from 'pouchdb-browser';
import type { CouchDoc } from './mapping.ts';

type Change = PouchDB.Core.ChangesResponseChange<CouchDoc>;

/** Changes per page: big enough that round trips and transactions are few, small enough to keep the heap flat. */
export const SEED_PAGE = 2000;

export interface SeedResult {
  /** The server's sequence the copy reached: the pull starts there. */
  remoteSeq: string | number;
  /** The replica's sequence after the copy: the push starts there (everything before came from the server). */
  localSeq: string | number;
}

interface ChangesPage {
  results: Change[];
  last_seq: string | number;
}

async function fetchPage(remote: PouchDB.Database<CouchDoc>, since: string | number, limit: number): Promise<ChangesPage> {
  const query = new URLSearchParams({
    include_docs: 'true',
    conflicts: 'true',
    style: 'all_docs',
    limit: String(limit),
    since: typeof since === 'object' ? JSON.stringify(since) : String(since),
  });
  const res = await remote.fetch(`_changes?${query}`);
  if (!res.ok) throw Object.assign(new Error(`the server answered ${res.status}`), { status: res.status });
  return (await res.json()) as ChangesPage;
}

/** The other leaves of conflicted documents (the change lists every leaf; the doc is the winner). */
async function otherLeaves(remote: PouchDB.Database<CouchDoc>, results: Change[]): Promise<PouchDB.Core.PutDocument<CouchDoc>[]> {
  const wanted = results.flatMap((c) => c.changes.filter((ch) => ch.rev !== c.doc?._rev).map((ch) => ({ id: c.id, rev: ch.rev })));
  if (wanted.length === 0) return [];
  const res = await remote.bulkGet({ docs: wanted, revs: true });
  return res.results.flatMap((r) => r.docs.flatMap((d) => ('ok' in d && d.ok ? [d.ok] : [])));
}

/**
 * Copies the server's database into the empty replica, page by page; `apply` gets each page's
 * changes with the replica's sequence after it. Null when stopped before the end.
 */
export async function seedReplica(
  local: PouchDB.Database<CouchDoc>,
  remote: PouchDB.Database<CouchDoc>,
  apply: (changes: Change[], localSeq: string | number) => Promise<void>,
  stopped: () => boolean,
  pageSize = SEED_PAGE,
): Promise<SeedResult | null> {
  let localSeq: string | number = 0;
  let next: Promise<ChangesPage> | null = fetchPage(remote, 0, pageSize);
  let remoteSeq: string | number = 0;
  // A page is applied to Dexie while the next one is fetched and written into the replica; the
  // applications run one after the other, so the checkpoint only moves forward.
  let applying: Promise<void> = Promise.resolve();
  while (next) {
    const page: ChangesPage = await next;
    if (stopped()) break;
    remoteSeq = page.last_seq;
    next = page.results.length < pageSize ? null : fetchPage(remote, remoteSeq, pageSize);
    const docs: PouchDB.Core.PutDocument<CouchDoc>[] = page.results.flatMap((c) => {
      if (!c.doc) return [];
      const { _conflicts: _c, ...doc } = c.doc;
      return [doc];
    });
    docs.push(...(await otherLeaves(remote, page.results)));
    if (docs.length) await local.bulkDocs(docs, { new_edits: false });
    localSeq = (await local.info()).update_seq;
    await applying;
    const pageSeq = localSeq;
    applying = page.results.length ? apply(page.results, pageSeq) : Promise.resolve();
    // Failures surface where they are awaited (above, or after the loop).
    applying.catch(() => undefined);
    next?.catch(() => undefined);
  }
  await applying;
  if (stopped()) return null;
  return { remoteSeq, localSeq };
}
