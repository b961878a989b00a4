/**
 * Replication of one connected project, through PouchDB (the CouchDB replication protocol):
 *
 *   Dexie ──outbox──▶ pump ──▶ local PouchDB (IndexedDB) ◀══ live sync, retry ══▶ CouchDB
 *   Dexie ◀── apply (no echo) ── local change feed ──┘
 *
 * - The **pump** moves outbox rows (queued in the writing transaction, see outbox.ts) into the
 *   local replica: it reads each record as it is now, maps it (mapping.ts) and writes it on top
 *   of the replica's current revision, then marks the rows pumped. A row is removed only when
 *   the push replication reports its documents sent (or, for rows of an earlier run, when the
 *   push has caught up), so "N changes waiting" is the outbox's row count and survives a
 *   restart.
 * - **Status**: the push and the pull replications are watched apart (PouchDB's sync object
 *   reports "paused" without the error), so a request failing in either direction shows
 *   *Offline* at once, and *Synced* needs both caught up without an error.
 * - **Replication** is PouchDB's `sync`: continuous, both ways, retrying with backoff while the
 *   server is away, resuming from its checkpoints (kept in the replica) after a restart. The
 *   replica is kept by PouchDB's `indexeddb` adapter.
 * - **Joining** copies the server's database into the empty replica in large pages first
 *   (seed.ts), then replicates from where the copy ended.
 * - **Incoming** changes come from the local replica's change feed, from the checkpoint stored
 *   in Dexie with the changes it applied (one transaction, which also marks them as incoming so
 *   they never re-enter the outbox). The pump's own revisions are skipped, and so is a record
 *   with a change of its own still in the outbox (that change is newer and goes out next).
 * - A document can arrive before its text (the server's order is not the order they were
 *   written in): it waits, by text hash, until the text arrives, and the checkpoint stays
 *   before it meanwhile, so a restart applies it again.
 * - **Conflicts** (two replicas changed one document while apart) keep CouchDB's deterministic
 *   winner in Dexie and are listed in the status until someone picks a version (conflicts.ts).
 */
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import Dexie from 'dexie';
import type { AppDb } from '../db/db.ts';
import { summarize } from '../../core/corpus/browse.ts';
import { indexDocuments, refreshSummaries } from '../db/summaries.ts';
import { retireNumbers } from '../db/textNumbers.ts';
import type { Annotation, AnnotationId, DocumentRecord } from '../../core/model/types.ts';
import { pruneDeletedClaims } from '../db/claimGroups.ts';
import { creditAnnotationChange, summaryCounts } from '../db/storage.ts';
import { docIdOf, fromDoc, recordKeyOf, SYNCED_TABLES, toDocs, type CouchDoc, type RecordKey, type SyncedTable } from './mapping.ts';
import type { OutboxRecord, SyncConnectionRecord } from './outbox.ts';
import { remoteDatabase, type Credentials } from './remote.ts';
import { seedReplica, type SeedResult } from './seed.ts';
import { adoptIdbReplica } from './idbReplica.ts';
import { backOff, describe, type SyncStatus } from './status.ts';

const BATCH = 500;
// The replica is kept by PouchDB's `indexeddb` adapter (one object store, one write per
// document); replicas of the `idb` adapter are copied into it once (idbReplica.ts).
PouchDB.plugin(IndexeddbAdapter);
const localName = (projectId: string) => `claimscope-replica-${projectId}`;
const keyString = (table: string, key: RecordKey) => `${table}\u0000${Array.isArray(key) ? key.join('\u0000') : key}`;

type Doc = PouchDB.Core.ExistingDocument<CouchDoc> & { _conflicts?: string[]; _deleted?: boolean };

export class SyncEngine {
  private readonly local: PouchDB.Database<CouchDoc>;
  private readonly remote: PouchDB.Database<CouchDoc>;
  private replication: PouchDB.Replication.Sync<CouchDoc> | null = null;
  private feed: PouchDB.Core.Changes<CouchDoc> | null = null;
  private status: SyncStatus = { phase: 'starting', lastSyncedAt: null, waiting: 0, error: null, conflicts: [], refused: [] };
  private listeners = new Set<() => void>();
  /** Revisions the pump wrote: their change-feed entries are not applied back. */
  private ownRevs = new Map<string, string>();
  /** Outbox rows pumped in this run, with the documents of theirs not yet seen going to the server. */
  private awaitingPush = new Map<number, Set<string>>();
  private push: { paused: boolean; error: unknown } = { paused: false, error: null };
  private pull: { paused: boolean; error: unknown } = { paused: false, error: null };
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private incoming: PouchDB.Core.ChangesResponseChange<CouchDoc>[] = [];
  private applying: Promise<void> = Promise.resolve();
  private conflicts = new Set<string>();
  /** How far the change feed has been applied (the checkpoint in Dexie). */
  private appliedSeq: string | number = 0;
  /** Documents that arrived before their text, by text hash: applied when the text comes. */
  private parked = new Map<string, Set<string>>();
  /** While documents wait for their text, the checkpoint stays before the first of them, so a restart sees them again. */
  private heldSeq: string | number | null = null;
  private stopped = false;
  /** While the first copy runs: the pump waits (seedIfJoining), and stop() waits for it. */
  private seeding: Promise<unknown> | null = null;
  private readonly onStorage = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((k) => k.includes('/syncOutbox/'))) this.schedulePump();
  };

  constructor(
    private readonly db: AppDb,
    readonly connection: SyncConnectionRecord,
    credentials: Credentials,
    /** Called after incoming changes were committed to Dexie, with the documents they touched. */
    private readonly onApplied: (documentIds: Set<string>, projectChanged: boolean) => void,
  ) {
    this.local = new PouchDB<CouchDoc>(localName(connection.projectId), { adapter: 'indexeddb' });
    this.remote = remoteDatabase(connection, credentials);
  }

  getStatus = (): SyncStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<SyncStatus>): void {
    // Nothing changed, nobody is told: the status bar is not rendered again for nothing.
    if ((Object.keys(patch) as (keyof SyncStatus)[]).every((k) => patch[k] === this.status[k])) return;
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }

  async start(): Promise<void> {
    Dexie.on('storagemutated', this.onStorage);
    await adoptIdbReplica(this.db, this.connection.projectId, this.local);
    const seeded = await this.seedIfJoining();
    if (this.stopped) return;
    await this.pump();
    const checkpoint = await this.db.syncCheckpoints.get(this.connection.projectId);
    this.appliedSeq = checkpoint?.seq ?? 0;
    // The conflicts found before this run: the feed starts after them.
    if (checkpoint?.conflicts) for (const id of checkpoint.conflicts) this.conflicts.add(id);
    else if (checkpoint && checkpoint.seq !== 0) await this.findConflicts();
    this.set({ conflicts: [...this.conflicts] });
    this.feed = this.local
      .changes({ since: checkpoint?.seq ?? 0, live: true, include_docs: true, conflicts: true })
      .on('change', (change) => this.receive(change))
      .on('error', (err) => this.fail(err));
    // Bigger batches than PouchDB's 100: catching up is bound by the number of round trips
    // and of Dexie transactions (one per batch of the change feed). After a first copy (seed.ts)
    // both directions start where it ended.
    const replication = this.local.sync(this.remote, {
      live: true,
      retry: true,
      back_off_function: backOff,
      batch_size: 500,
      batches_limit: 4,
      ...(seeded && { pull: { since: seeded.remoteSeq }, push: { since: seeded.localSeq } }),
    });
    this.replication = replication;
    this.watch(replication.push, this.push, 'push');
    this.watch(replication.pull, this.pull, 'pull');
    replication
      .on('change', (info) => {
        if (info.direction === 'push') void this.confirmPushed(info.change.docs.map((d) => d._id));
      })
      .on('denied', (event) => {
        // sync() wraps the refusal as { direction, doc: { id, error, reason } }.
        const e = ((event as { doc?: unknown }).doc ?? event) as { id?: string; reason?: string; message?: string };
        const refused = [
          ...this.status.refused.filter((r) => r.id !== e.id),
          { id: e.id ?? '?', reason: e.reason ?? e.message ?? 'refused' },
        ];
        this.set({ refused });
        // A refused change stays on this computer and is counted as refused, not as waiting.
        if (e.id) void this.confirmPushed([e.id]);
      })
      .on('error', (err) => this.fail(err));
  }

  /** Lists the replica's documents in conflict (for a checkpoint written before they were kept with it). */
  private async findConflicts(): Promise<void> {
    const all = await this.local.allDocs({ include_docs: true, conflicts: true });
    for (const row of all.rows) if (row.doc?._conflicts?.length) this.conflicts.add(row.id);
    await this.db.syncCheckpoints.update(this.connection.projectId, { conflicts: [...this.conflicts] });
  }

  /**
   * Joining (nothing applied yet, an empty replica, nothing waiting to go out): the server's
   * database is copied in large pages first (seed.ts). The pump waits meanwhile, so everything
   * in the replica up to the copy's end came from the server.
   */
  private async seedIfJoining(): Promise<SeedResult | null> {
    const projectId = this.connection.projectId;
    const checkpoint = await this.db.syncCheckpoints.get(projectId);
    if (checkpoint && checkpoint.seq !== 0) return null;
    if ((await this.db.syncOutbox.where('projectId').equals(projectId).count()) > 0) return null;
    if ((await this.local.info()).update_seq !== 0) return null;
    this.set({ phase: 'active' });
    const copy = seedReplica(
      this.local,
      this.remote,
      (changes, localSeq) => this.applySeedPage(changes, localSeq),
      () => this.stopped,
    );
    this.seeding = copy.catch(() => undefined);
    try {
      return await copy;
    } catch (err) {
      // The replication copies the rest the ordinary way (and says why when it fails too).
      console.warn('Joining: the first copy stopped early', describe(err));
      return null;
    } finally {
      this.seeding = null;
    }
  }

  /** A page of the first copy, applied like the change feed's entries up to the replica's `localSeq`. */
  private applySeedPage(changes: PouchDB.Core.ChangesResponseChange<CouchDoc>[], localSeq: string | number): Promise<void> {
    const before = this.appliedSeq;
    // Every entry but the last keeps the checkpoint before the page (a document held back for
    // its text is seen again after a restart); the last moves it to the page's end.
    const entries = changes.map((c, i) => ({ ...c, seq: i === changes.length - 1 ? localSeq : before }));
    return this.applyChanges(entries);
  }

  /** Follows one direction of the replication: a failed request means offline until it is active again. */
  private watch(emitter: PouchDB.Replication.Replication, side: { paused: boolean; error: unknown }, which: string): void {
    emitter.on('active', () => {
      side.paused = false;
      side.error = null;
      this.updatePhase();
    });
    emitter.on('change', () => {
      side.error = null;
      this.updatePhase();
    });
    emitter.on('requestError', (err) => {
      side.error = err ?? new Error(`${which} failed`);
      this.updatePhase();
    });
    emitter.on('paused', (err) => {
      side.paused = true;
      side.error = err ?? null;
      if (!err && which === 'push') void this.pushCaughtUp();
      this.updatePhase();
    });
  }

  private updatePhase(): void {
    if (this.stopped) return;
    const error = this.push.error ?? this.pull.error;
    if (error) {
      const status = (error as { status?: number }).status;
      this.set({ phase: status === 401 || status === 403 || status === 404 ? 'error' : 'offline', error: describe(error) });
    } else if (this.push.paused && this.pull.paused) {
      this.set({ phase: 'synced', lastSyncedAt: Date.now(), error: null });
    } else this.set({ phase: 'active', error: null });
  }

  /** The server has these documents: outbox rows whose documents are all sent are removed. */
  private async confirmPushed(ids: string[]): Promise<void> {
    const done: number[] = [];
    for (const [seq, docs] of this.awaitingPush) {
      for (const id of ids) docs.delete(id);
      if (docs.size === 0) done.push(seq);
    }
    for (const seq of done) this.awaitingPush.delete(seq);
    if (done.length) await this.db.syncOutbox.bulkDelete(done);
    await this.refreshWaiting();
  }

  /**
   * The push has sent everything the replica held when it paused: rows pumped in an earlier run
   * (before a restart) are on the server. Rows of this run wait for their own confirmation.
   */
  private async pushCaughtUp(): Promise<void> {
    if (this.stopped) return;
    const projectId = this.connection.projectId;
    const earlier = await this.db.syncOutbox
      .where('projectId')
      .equals(projectId)
      .filter((r) => r.pumped === 1 && !this.awaitingPush.has(r.seq!))
      .primaryKeys();
    if (earlier.length) await this.db.syncOutbox.bulkDelete(earlier);
    await this.refreshWaiting();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    Dexie.on('storagemutated').unsubscribe(this.onStorage);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.replication?.cancel();
    this.feed?.cancel();
    await this.seeding;
    await this.pumping;
    await this.applying;
    this.set({ phase: 'stopped' });
  }

  /** Stops and forgets the local replica (the Dexie data stays). */
  async destroyReplica(): Promise<void> {
    await this.stop();
    await this.local.destroy();
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    this.set({ phase: 'error', error: describe(err) });
  }

  private schedulePump(): void {
    if (this.stopped || this.seeding || this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      void this.pump();
    }, 0);
  }

  /** Moves the outbox into the local replica; resolves when it is empty (or the replica refused). */
  pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false;
          while (!this.stopped && (await this.pumpBatch())) {
            /* next batch */
          }
        } while (this.pumpAgain && !this.stopped);
      } catch (err) {
        this.fail(err);
      } finally {
        this.pumping = null;
        void this.refreshWaiting();
      }
    })();
    return this.pumping;
  }

  private async pumpBatch(): Promise<boolean> {
    const projectId = this.connection.projectId;
    const rows: OutboxRecord[] = await this.db.syncOutbox
      .where('projectId')
      .equals(projectId)
      .filter((r) => r.pumped !== 1)
      .limit(BATCH)
      .toArray();
    if (rows.length === 0) return false;
    const latest = new Map<string, OutboxRecord>();
    for (const r of rows) latest.set(keyString(r.table, r.key), r);
    const docs = new Map<string, CouchDoc & { _deleted?: boolean }>();
    const docsOfKey = new Map<string, string[]>();
    for (const [k, r] of latest) {
      const record = r.deleted ? undefined : await this.db.table(r.table).get(r.key);
      const mapped = record
        ? toDocs(r.table, record as never)
        : [{ _id: docIdOf(r.table, r.key), type: 'document' as const, _deleted: true }];
      for (const d of mapped) docs.set(d._id, d);
      docsOfKey.set(
        k,
        mapped.map((d) => d._id),
      );
    }
    const ids = [...docs.keys()];
    const current = await this.local.allDocs({ keys: ids });
    const writes: PouchDB.Core.PutDocument<CouchDoc>[] = [];
    for (const row of current.rows) {
      const doc = docs.get(row.key)!;
      const existing = 'value' in row ? row.value : undefined;
      const live = existing && !existing.deleted;
      if (doc.type === 'text' && live) continue; // a text never changes
      if (doc._deleted && !live) continue;
      writes.push(existing ? { ...doc, _rev: existing.rev } : doc);
    }
    const results = writes.length ? await this.local.bulkDocs(writes) : [];
    const written = new Set<string>();
    let failed = false;
    for (const res of results) {
      if ('ok' in res && res.ok) {
        this.ownRevs.set(res.id, res.rev);
        written.add(res.id);
      } else failed = true; // a change arrived between reading the revision and writing: retry
    }
    if (failed) {
      this.pumpAgain = true;
      return false;
    }
    // Each row waits for the documents written for its record; a row with nothing to send is done.
    const nothingToSend: number[] = [];
    for (const r of rows) {
      const waitFor = new Set((docsOfKey.get(keyString(r.table, r.key)) ?? []).filter((id) => written.has(id)));
      if (waitFor.size) this.awaitingPush.set(r.seq!, waitFor);
      else nothingToSend.push(r.seq!);
    }
    await this.db.transaction('rw', this.db.syncOutbox, async () => {
      await this.db.syncOutbox.bulkDelete(nothingToSend);
      await this.db.syncOutbox.bulkUpdate(
        rows.filter((r) => this.awaitingPush.has(r.seq!)).map((r) => ({ key: r.seq!, changes: { pumped: 1 as const } })),
      );
    });
    return true;
  }

  private async refreshWaiting(): Promise<void> {
    if (this.stopped) return;
    const waiting = await this.db.syncOutbox.where('projectId').equals(this.connection.projectId).count();
    if (waiting !== this.status.waiting) this.set({ waiting });
  }

  private receive(change: PouchDB.Core.ChangesResponseChange<CouchDoc>): void {
    this.incoming.push(change);
    if (this.incoming.length === 1)
      this.applying = this.applying.then(() => new Promise((r) => setTimeout(r, 20))).then(() => this.applyIncoming());
  }

  /** Applies the change feed's pending entries. */
  private async applyIncoming(): Promise<void> {
    const changes = this.incoming;
    this.incoming = [];
    await this.applyChanges(changes);
    if (this.incoming.length) await this.applyIncoming();
  }

  /** Applies change-feed entries to Dexie in one transaction with the checkpoint. */
  private async applyChanges(changes: PouchDB.Core.ChangesResponseChange<CouchDoc>[]): Promise<void> {
    if (changes.length === 0 || this.stopped) return;
    const projectId = this.connection.projectId;
    const lastSeq = changes[changes.length - 1]!.seq;
    for (const c of changes) {
      const doc = c.doc as Doc | undefined;
      if (doc?._conflicts?.length && !c.deleted) this.conflicts.add(c.id);
      else this.conflicts.delete(c.id);
    }
    const relevant = changes.filter((c) => {
      const rev = c.changes[0]?.rev;
      return !c.id.startsWith('_design/') && !c.id.startsWith('text:') && !(rev && this.ownRevs.get(c.id) === rev);
    });
    // Documents that were waiting for a text that has now arrived are applied as they are now.
    const unparked: string[] = [];
    for (const c of changes) {
      const waiting = c.id.startsWith('text:') && !c.deleted ? this.parked.get(c.id.slice(5)) : undefined;
      if (waiting) unparked.push(...waiting);
      if (waiting) this.parked.delete(c.id.slice(5));
    }
    if (unparked.length) {
      const res = await this.local.allDocs({ keys: unparked, include_docs: true });
      for (const row of res.rows) {
        if ('doc' in row && row.doc) relevant.push({ id: row.key, seq: lastSeq, changes: [{ rev: row.doc._rev }], doc: row.doc });
      }
    }
    const seqBefore = new Map<string, string | number>();
    changes.forEach((c, i) => seqBefore.set(c.id, i === 0 ? this.appliedSeq : changes[i - 1]!.seq));
    // Texts of incoming documents, from the replica (a text document precedes its document).
    const hashes = relevant.flatMap((c) =>
      c.id.startsWith('document:') && !c.deleted ? [String((c.doc as CouchDoc).record?.textHash)] : [],
    );
    const texts = new Map<string, string>();
    if (hashes.length) {
      const res = await this.local.allDocs({ keys: hashes.map((h) => `text:${h}`), include_docs: true });
      for (const row of res.rows) if ('doc' in row && row.doc?.text !== undefined) texts.set(row.key.slice(5), row.doc.text);
    }
    const touchedDocs = new Set<string>();
    let projectChanged = false;
    const db = this.db;
    const tables = [
      ...SYNCED_TABLES.map((t) => db.table(t)),
      db.documentSummaries,
      db.textNumbers,
      db.syncOutbox,
      db.syncCheckpoints,
      db.settings,
    ];
    await db.transaction('rw', tables, async () => {
      // A record with a change not yet in the replica keeps it: that change is newer and goes out next.
      const unpumped = await db.syncOutbox
        .where('projectId')
        .equals(projectId)
        .filter((r) => r.pumped !== 1)
        .toArray();
      const pending = new Set(unpumped.map((r) => keyString(r.table, r.key)));
      const newDocs: DocumentRecord[] = [];
      const annotationDocs = new Set<string>();
      // Grouped per table and written in bulk: one request per table and kind, not one per record.
      const groups = new Map<SyncedTable, { keys: RecordKey[]; puts: (Record<string, unknown> | null)[]; at: Map<string, number> }>();
      // The annotation counts of the documents these changes touch, as they were before them: the
      // alarm for vanished annotations is told what a teammate's changes did (storage.ts).
      const counted = new Map<string, number>();
      for (const c of relevant) {
        const target = recordKeyOf(c.id, projectId);
        if (!target || pending.has(keyString(target.table, target.key))) continue;
        let record: Record<string, unknown> | null = null;
        if (!c.deleted) {
          const mapped = fromDoc(c.doc as CouchDoc, projectId, (h) => texts.get(h));
          if (!mapped && target.table === 'documents') {
            const hash = String((c.doc as CouchDoc).record?.textHash);
            this.parked.set(hash, (this.parked.get(hash) ?? new Set()).add(c.id));
            this.heldSeq ??= seqBefore.get(c.id) ?? this.appliedSeq;
          }
          if (!mapped) continue;
          record = mapped.record as unknown as Record<string, unknown>;
        }
        // The last change of a record in this batch is the one that counts.
        const group = groups.get(target.table) ?? { keys: [], puts: [], at: new Map<string, number>() };
        const k = keyString(target.table, target.key);
        const at = group.at.get(k);
        if (at !== undefined) group.puts[at] = record;
        else {
          group.at.set(k, group.keys.length);
          group.keys.push(target.key);
          group.puts.push(record);
        }
        groups.set(target.table, group);
      }
      for (const [name, { keys, puts }] of groups) {
        const table = db.table(name);
        const before = (await table.bulkGet(keys as never[])) as ({ documentId?: string } | undefined)[];
        if (name === 'annotations' || name === 'documents') {
          const ids = keys.flatMap((k, i) =>
            name === 'documents' ? [k as string] : [before[i]?.documentId, (puts[i] as { documentId?: string } | null)?.documentId],
          );
          const fresh = ids.filter((id): id is string => id !== undefined && !counted.has(id));
          for (const [id, count] of await summaryCounts(db, projectId, fresh)) counted.set(id, count);
        }
        const deletions = keys.filter((_, i) => puts[i] === null && before[i]);
        const writes = puts.filter((r): r is Record<string, unknown> => r !== null);
        if (deletions.length) await table.bulkDelete(deletions as never[]);
        if (writes.length) await table.bulkPut(writes);
        // A claim a teammate deleted leaves the groups here too (theirs arrive pruned; this covers the rest).
        if (name === 'annotations' && deletions.length) await pruneDeletedClaims(db, deletions as AnnotationId[], this.connection.user);
        if (name === 'projects' && writes.length) projectChanged = true;
        for (let i = 0; i < keys.length; i++) {
          const old = before[i];
          const record = puts[i] as { documentId?: string } | null;
          if (old) noteTouched(name, old, touchedDocs, annotationDocs);
          if (record) noteTouched(name, record, touchedDocs, annotationDocs);
          if (name !== 'documents') continue;
          const id = keys[i] as string;
          if (!record) {
            if (!old) continue;
            await db.documentSummaries.delete(id);
            await retireNumbers(db, [old as DocumentRecord]);
            continue;
          }
          touchedDocs.add(id);
          const d = record as unknown as DocumentRecord;
          if (!old) newDocs.push(d);
          else {
            const facts = await db.annotations.where('documentId').equals(id).toArray();
            await db.documentSummaries.put(summarize(d, facts as Annotation[]));
            // A new title is indexed again under a new number.
            if ((old as DocumentRecord).title !== d.title) await retireNumbers(db, [old as DocumentRecord]);
          }
        }
      }
      if (newDocs.length) {
        const facts = await db.annotations
          .where('documentId')
          .anyOf(newDocs.map((d) => d.id))
          .toArray();
        await indexDocuments(db, newDocs, facts);
      }
      // New documents' summaries were made above from all their annotations, these included.
      for (const d of newDocs) annotationDocs.delete(d.id);
      if (annotationDocs.size) await refreshSummaries(db, annotationDocs);
      await creditAnnotationChange(db, projectId, counted);
      if (this.parked.size === 0) this.heldSeq = null;
      await db.syncCheckpoints.put({ projectId, seq: this.heldSeq ?? lastSeq, conflicts: [...this.conflicts] });
    });
    this.appliedSeq = lastSeq;
    const conflicts = [...this.conflicts];
    const same = conflicts.length === this.status.conflicts.length && conflicts.every((id, i) => id === this.status.conflicts[i]);
    this.set({
      ...(!same && { conflicts }),
      lastSyncedAt: this.status.phase === 'synced' ? Date.now() : this.status.lastSyncedAt,
    });
    if (touchedDocs.size || projectChanged) this.onApplied(touchedDocs, projectChanged);
  }

  /** Every version of a conflicted document: the current winner first. */
  async versionsOf(id: string): Promise<(CouchDoc & { _rev: string })[]> {
    const winner = (await this.local.get(id, { conflicts: true })) as Doc;
    const others = await Promise.all((winner._conflicts ?? []).map((rev) => this.local.get(id, { rev })));
    return [winner, ...others].map((d) => {
      const { _conflicts: _c, ...rest } = d as Doc;
      return rest as CouchDoc & { _rev: string };
    });
  }

  /**
   * Resolves a conflict with the version someone picked: it becomes a new revision on top of
   * the winner and every other branch is deleted, so all replicas converge to it.
   */
  async resolveConflict(id: string, keepRev: string): Promise<void> {
    // Written after the first copy, whose end the push starts from, so that it goes out.
    await this.seeding;
    const versions = await this.versionsOf(id);
    const keep = versions.find((v) => v._rev === keepRev);
    if (!keep) throw new Error('That version is no longer there: another reviewer may have resolved the conflict.');
    const [winner, ...losers] = versions;
    const { _rev: _k, ...content } = keep;
    await this.local.bulkDocs([
      { ...content, _rev: winner!._rev } as PouchDB.Core.PutDocument<CouchDoc>,
      ...losers.map((l) => ({ _id: id, _rev: l._rev, _deleted: true }) as unknown as PouchDB.Core.PutDocument<CouchDoc>),
    ]);
  }
}

function noteTouched(table: SyncedTable, record: { documentId?: string }, docs: Set<string>, annotationDocs: Set<string>): void {
  if (record.documentId) docs.add(record.documentId);
  if (table === 'annotations' && record.documentId) annotationDocs.add(record.documentId);
}
