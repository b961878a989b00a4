// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import type { CouchDoc } from './mapping.ts';
import { seedReplica } from './seed.ts';

PouchDB.plugin(IndexeddbAdapter);

type Change = PouchDB.Core.ChangesResponseChange<CouchDoc>;

/** A server's change feed and documents, answering the two requests the copy makes. */
function fakeServer(changes: Change[], leaves: Record<string, CouchDoc & { _rev: string }>) {
  const requests: string[] = [];
  const remote = {
    async fetch(path: string) {
      requests.push(path);
      const q = new URL(path, 'http://server/').searchParams;
      const since = Number(q.get('since'));
      const page = changes.filter((c) => Number(c.seq) > since).slice(0, Number(q.get('limit')));
      return new Response(JSON.stringify({ results: page, last_seq: page.at(-1)?.seq ?? since }));
    },
    async bulkGet({ docs }: { docs: { id: string; rev: string }[] }) {
      requests.push(`_bulk_get ${docs.map((d) => d.rev).join(',')}`);
      return { results: docs.map((d) => ({ id: d.id, docs: [{ ok: leaves[d.rev]! }] })) };
    },
  };
  return { remote: remote as unknown as PouchDB.Database<CouchDoc>, requests };
}

const annotation = (n: number, rev = `1-${String(n).padStart(32, 'a')}`) => ({
  _id: `annotation:a${n}`,
  _rev: rev,
  type: 'annotation' as const,
  record: { id: `a${n}`, label: 'Claim' },
});

let local: PouchDB.Database<CouchDoc> | null = null;
afterEach(async () => {
  await local?.destroy();
  local = null;
});

describe('the first copy of a joined project', () => {
  it('copies every page into the replica, with the other leaves of a conflict, and applies each page in order', async () => {
    const docs = Array.from({ length: 7 }, (_, i) => annotation(i));
    const loser = { ...annotation(3, `1-${'0'.repeat(32)}`), record: { id: 'a3', label: 'Cue' } };
    const changes: Change[] = docs.map((doc, i) => ({
      id: doc._id,
      seq: i + 1,
      changes: i === 3 ? [{ rev: doc._rev }, { rev: loser._rev }] : [{ rev: doc._rev }],
      doc: i === 3 ? { ...doc, _conflicts: [loser._rev] } : doc,
    }));
    const { remote, requests } = fakeServer(changes, { [loser._rev]: loser });
    local = new PouchDB<CouchDoc>(`seed-${Math.random()}`, { adapter: 'indexeddb' });
    const applied: { ids: string[]; localSeq: string | number }[] = [];
    const result = await seedReplica(
      local,
      remote,
      async (page, localSeq) => {
        applied.push({ ids: page.map((c) => c.id), localSeq });
      },
      () => false,
      3,
    );

    // Pages of 3 from the server's feed, each asked from where the last ended.
    expect(requests.filter((r) => r.startsWith('_changes')).map((r) => new URL(r, 'http://server/').searchParams.get('since'))).toEqual([
      '0',
      '3',
      '6',
    ]);
    expect(requests).toContain(`_bulk_get ${loser._rev}`);
    expect(applied.map((p) => p.ids)).toEqual([docs.slice(0, 3), docs.slice(3, 6), docs.slice(6)].map((d) => d.map((x) => x._id)));
    const seqs = applied.map((p) => Number(p.localSeq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(result).toEqual({ remoteSeq: 7, localSeq: applied.at(-1)!.localSeq });

    // The replica holds the server's revisions, and both versions of the conflicted annotation.
    const all = await local.allDocs({ keys: docs.map((d) => d._id) });
    expect(all.rows.map((r) => r.value?.rev)).toEqual(docs.map((d) => d._rev));
    const conflicted = await local.get('annotation:a3', { conflicts: true });
    expect(conflicted).toMatchObject({ _rev: docs[3]!._rev, _conflicts: [loser._rev], record: { label: 'Claim' } });
    expect(await local.get('annotation:a3', { rev: loser._rev })).toMatchObject({ record: { label: 'Cue' } });
  });

  it('stops between pages when told to, and says so', async () => {
    const docs = Array.from({ length: 6 }, (_, i) => annotation(i));
    const { remote } = fakeServer(
      docs.map((doc, i) => ({ id: doc._id, seq: i + 1, changes: [{ rev: doc._rev }], doc })),
      {},
    );
    local = new PouchDB<CouchDoc>(`seed-${Math.random()}`, { adapter: 'indexeddb' });
    let pages = 0;
    const result = await seedReplica(
      local,
      remote,
      async () => {
        pages++;
      },
      () => pages > 0,
      3,
    );
    expect(result).toBeNull();
    expect(pages).toBe(1);
  });
});
