import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readArchive } from '../../../core/formats/archive.ts';
import { sha256Hex } from '../../../core/model/hash.ts';
import type { Schema } from '../../../core/model/types.ts';
import { AppDb, openDbAtVersion, STORE_VERSIONS } from '../../db/db.ts';
import { createProject, deleteDocuments, deleteProject } from '../../db/corpus.ts';
import { writeImport } from '../../db/import.ts';
import { addDocument } from '../../db/documents.ts';
import { Workspace } from '../../app/workspace.ts';
import { restoreArchiveData } from './restore.ts';
import { blobSource, type AutoBackupInfo, type AutoBackupStore } from '../../platform/platform.ts';
import { backupBeforeUpgrade, BACKUP_EVERY_MS, BACKUP_CHECK_MS, CHANGED_RETRY_MS, runDailyBackups } from './autoBackup.ts';
import type { ArchiveHashJob } from './exportJob.ts';

/** The projects whose rows the backups read to hash them, in order; `afterHash.run` runs once that project's rows are hashed. */
const hashed = vi.hoisted(() => [] as string[]);
const afterHash = vi.hoisted(() => ({ projectId: '', run: null as null | (() => Promise<void>) }));
vi.mock('./exportClient.ts', async (original) => {
  const real = await original<typeof import('./exportClient.ts')>();
  return {
    ...real,
    startArchiveHash: (job: ArchiveHashJob) => {
      hashed.push(job.projectId);
      const running = real.startArchiveHash(job);
      const after = job.projectId === afterHash.projectId ? afterHash.run : null;
      if (after) afterHash.run = null;
      return after ? { ...running, result: running.result.then(async (hash) => (await after(), hash)) } : running;
    },
  };
});

const schema: Schema = { version: 1, labels: [{ name: 'Claim', color: '#e69f00', hotkey: '1' }], relationTypes: [] };
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/**
 * The shell's store, in memory: each backup arrives in chunks and is listed only once closed
 * (newest first); `failAfter` makes the shell fail on that chunk, as a full disk would;
 * `duringFirst` runs when the first backup's first chunk arrives (a write made while it is read).
 */
function memoryStore(options: { failAfter?: number; duringFirst?: () => Promise<void> } = {}) {
  const written: (AutoBackupInfo & { data: Uint8Array; chunks: number })[] = [];
  const aborted: number[] = [];
  const store: AutoBackupStore = {
    async start(req) {
      const parts: Uint8Array[] = [];
      return {
        async write(chunk) {
          if (parts.length === options.failAfter) throw new Error('No space left on device');
          const during = options.duringFirst;
          options.duringFirst = undefined;
          await during?.();
          parts.push(chunk.slice());
        },
        async close() {
          const data = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
          const info = {
            id: `b${written.length}`,
            projectId: req.projectId,
            projectName: req.projectName,
            contentHash: req.contentHash,
            reason: req.reason,
            createdAt: new Date(clock).toISOString(),
            bytes: data.byteLength,
          };
          written.unshift({ ...info, data, chunks: parts.length });
          return info;
        },
        async abort() {
          aborted.push(parts.length);
        },
      };
    },
    list: async () => written.map(({ data: _data, chunks: _chunks, ...info }) => info),
    open: async (id) => {
      const found = written.find((b) => b.id === id)!;
      return blobSource(found.id, new Blob([found.data as Uint8Array<ArrayBuffer>]));
    },
  };
  return { store, written, aborted };
}
let clock = Date.UTC(2026, 11, 1, 9);
const T0 = '2026-11-29T08:00:00.000Z';

/** A new, empty database, deleted after the test. */
function freshDb(): AppDb {
  const name = `auto-backup-${Math.random()}`;
  names.push(name);
  return new AppDb(name);
}

describe('daily automatic backups', () => {
  it('backs every project up once a day, only when it changed, as an archive that reads back', async () => {
    const db = freshDb();
    const a = await createProject(db, 'Arms study', schema);
    const b = await createProject(db, 'Elections', schema);
    await addDocument(db, a.id, { title: 'One', text: 'Lavrov said so.', blocks: [], metadata: {} });
    const { store, written } = memoryStore();

    expect((await runDailyBackups(db, store, new Date(clock))).map((x) => [x.projectName, x.reason]).sort()).toEqual([
      ['Arms study', 'daily'],
      ['Elections', 'daily'],
    ]);
    const archive = readArchive('auto.zip', written.find((w) => w.projectId === a.id)!.data);
    expect(archive.ok && archive.value.project.name).toBe('Arms study');
    expect(archive.ok && archive.value.tables['documents']?.length).toBe(1);

    // Within the day: nothing. A day later: only the project that changed.
    clock += BACKUP_EVERY_MS - 1;
    await addDocument(db, a.id, { title: 'Two', text: 'Clinton disagreed.', blocks: [], metadata: {} });
    expect(await runDailyBackups(db, store, new Date(clock))).toEqual([]);
    clock += 1;
    expect((await runDailyBackups(db, store, new Date(clock))).map((x) => x.projectName)).toEqual(['Arms study']);
    expect(written.filter((w) => w.projectId === b.id)).toHaveLength(1);
    db.close();
  });

  it('hands the archive over a chunk at a time as it is made, never whole', async () => {
    const db = freshDb();
    const p = await createProject(db, 'Big study', schema);
    // Text that deflate cannot shrink, so the archive is several 1 MiB chunks.
    for (let d = 0; d < 3; d++) {
      let text = '';
      for (let i = 0; text.length < 1_200_000; i++) text += `${sha256Hex(`${d} ${i}`)} `;
      await addDocument(db, p.id, { title: `Doc ${d}`, text, blocks: [], metadata: {} });
    }
    const { store, written } = memoryStore();
    await runDailyBackups(db, store, new Date(clock));
    expect(written[0]!.chunks).toBeGreaterThanOrEqual(3);
    expect(Math.max(...written.map((w) => w.bytes / w.chunks))).toBeLessThanOrEqual(1 << 20);
    const archive = readArchive('auto.zip', written[0]!.data);
    expect(archive.ok && archive.value.tables['documents']?.map((d) => d['title'])).toEqual(['Doc 0', 'Doc 1', 'Doc 2']);
    db.close();
  });

  it('drops a backup the shell fails part-way, lists nothing of it, and says why', async () => {
    const db = freshDb();
    const p = await createProject(db, 'Study', schema);
    let text = '';
    for (let i = 0; text.length < 2_500_000; i++) text += `${sha256Hex(String(i))} `;
    await addDocument(db, p.id, { title: 'One', text, blocks: [], metadata: {} });
    const { store, written, aborted } = memoryStore({ failAfter: 1 });
    await expect(runDailyBackups(db, store, new Date(clock))).rejects.toThrow('No space left on device');
    expect(aborted).toEqual([1]);
    expect(written).toEqual([]);
    expect(await store.list()).toEqual([]);
    db.close();
  });

  it('makes a backup again after a pause when the project changed while it was read, and reports only a change that never stops', async () => {
    const db = freshDb();
    const p = await createProject(db, 'Study', schema);
    let text = '';
    for (let i = 0; text.length < 2_500_000; i++) text += `${sha256Hex(String(i))} `;
    await addDocument(db, p.id, { title: 'One', text, blocks: [], metadata: {} });
    let n = 0;
    const addOne = async () =>
      void (await addDocument(db, p.id, { title: `Added while read ${++n}`, text: 'Short.', blocks: [], metadata: {} }));
    const waits: number[] = [];
    const retry = (times: number) => ({ times, wait: async (ms: number) => void waits.push(ms) });

    const { store, written, aborted } = memoryStore({ duringFirst: addOne });
    const made = await runDailyBackups(db, store, new Date(clock), retry(3));
    expect(aborted).toHaveLength(1);
    expect(waits).toEqual([CHANGED_RETRY_MS]);
    expect(made.map((b) => b.projectId)).toEqual([p.id]);
    const archive = readArchive('auto.zip', written[0]!.data);
    expect(archive.ok && archive.value.tables['documents']?.length).toBe(2);

    // A project that changes during every try: reported after the last one, with nothing listed.
    const busy = memoryStore();
    const start = busy.store.start.bind(busy.store);
    busy.store.start = async (req) => {
      const target = await start(req);
      return { ...target, write: async (chunk) => (await addOne(), target.write(chunk)) };
    };
    waits.length = 0;
    await expect(runDailyBackups(db, busy.store, new Date(clock + 2 * BACKUP_EVERY_MS), retry(2))).rejects.toThrow(
      'The project changed while it was being archived',
    );
    expect(waits).toEqual([CHANGED_RETRY_MS, CHANGED_RETRY_MS]);
    expect(busy.aborted).toHaveLength(3);
    expect(busy.written).toEqual([]);

    // Any other failure is reported at once, without a pause.
    waits.length = 0;
    const full = memoryStore({ failAfter: 0 });
    await expect(runDailyBackups(db, full.store, new Date(clock + 2 * BACKUP_EVERY_MS), retry(3))).rejects.toThrow(
      'No space left on device',
    );
    expect(waits).toEqual([]);
    db.close();
  });
});

describe('the hourly check of the daily backups', () => {
  /** Two projects backed up a day ago, then checked every hour since: returns the checks' backups and reads. */
  async function backedUpADayAgo() {
    const db = freshDb();
    const a = await createProject(db, 'Arms study', schema);
    const b = await createProject(db, 'Elections', schema);
    const doc = await addDocument(db, a.id, { title: 'One', text: 'Lavrov said so.', blocks: [], metadata: {} });
    await addDocument(db, b.id, { title: 'Two', text: 'Clinton disagreed.', blocks: [], metadata: {} });
    const { store, written } = memoryStore();
    expect(await runDailyBackups(db, store, new Date(clock))).toHaveLength(2);
    clock += BACKUP_EVERY_MS;
    hashed.length = 0;
    const check = async () => {
      clock += BACKUP_CHECK_MS;
      return (await runDailyBackups(db, store, new Date(clock))).map((x) => x.projectName);
    };
    return { db, a, b, doc, store, written, check };
  }

  it('neither reads nor hashes an unchanged project, however often it is checked', async () => {
    const { db, check } = await backedUpADayAgo();
    for (let hour = 0; hour < 5; hour++) expect(await check()).toEqual([]);
    expect(hashed).toEqual([]);
    db.close();
  });

  it('backs up a project changed by an edit, an import, a deletion, or another window, and only that one', async () => {
    const { db, a, b, doc, check } = await backedUpADayAgo();

    // An edit through the app's write queue.
    const workspace = new Workspace(db, { annotator: 'ann', snapToWords: true });
    await workspace.openProject(a.id, doc.id);
    await workspace.addAnnotation('Claim', { start: 0, end: 6 });
    expect(await check()).toEqual(['Arms study']);
    expect(hashed).toEqual([a.id]);

    // An import, written as the import worker writes it, on its own connection.
    clock += BACKUP_EVERY_MS;
    const worker = new AppDb(db.name, { durability: 'relaxed' });
    await writeImport(
      worker,
      b.id,
      [
        {
          file: 0,
          doc: {
            title: 'Three',
            text: 'Reuters reported it.',
            blocks: [],
            metadata: {},
            annotations: [],
            relations: [],
            sourceFile: 'three.txt',
          },
        },
      ],
      {
        by: 'ann',
      },
    );
    worker.close();
    expect(await check()).toEqual(['Elections']);

    // A deletion.
    clock += BACKUP_EVERY_MS;
    await deleteDocuments(db, [doc.id]);
    expect(await check()).toEqual(['Arms study']);

    // A change committed just after the rows were read: not in that backup, so backed up the next day.
    clock += BACKUP_EVERY_MS;
    afterHash.projectId = b.id;
    afterHash.run = async () => void (await addDocument(db, b.id, { title: 'Late', text: 'Too late for it.', blocks: [], metadata: {} }));
    await db.comments.clear(); // marks every project (a range delete): both are read
    expect(await check()).toEqual([]);
    clock += BACKUP_EVERY_MS;
    expect(await check()).toEqual(['Elections']);
    db.close();
  });

  it('after a write it cannot tie to a project, hashes every project once, then none again', async () => {
    const { db, a, b, check } = await backedUpADayAgo();
    await db.comments.clear();
    expect(await check()).toEqual([]);
    expect(hashed.sort()).toEqual([a.id, b.id].sort());
    hashed.length = 0;
    for (let hour = 0; hour < 3; hour++) expect(await check()).toEqual([]);
    expect(hashed).toEqual([]);
    db.close();
  });
});

describe('the backup before a database upgrade', () => {
  it('backs up every project from the old version without upgrading it, and nothing when current', async () => {
    const name = `upgrade-${Math.random()}`;
    names.push(name);
    const previous = STORE_VERSIONS[STORE_VERSIONS.length - 2]!.version;
    const old = openDbAtVersion(name, previous);
    await old.open();
    await old.table('projects').add({ id: 'p-old', name: 'Old study', schema, createdAt: T0, updatedAt: T0 });
    await old.table('documents').add({
      id: 'd1',
      projectId: 'p-old',
      title: 'T',
      text: 'Text.',
      blocks: [],
      metadata: {},
      textHash: sha256Hex('Text.'),
      createdAt: T0,
      updatedAt: T0,
    });
    old.close();
    const { store, written } = memoryStore();

    const made = await backupBeforeUpgrade(store, name);
    expect(made.map((x) => [x.projectId, x.projectName, x.reason])).toEqual([['p-old', 'Old study', 'upgrade']]);
    const archive = readArchive('upgrade.zip', written[0]!.data);
    if (!archive.ok) throw new Error(archive.error.message);
    expect(archive.ok && archive.value.tables['documents']?.map((d) => d['id'])).toEqual(['d1']);
    // Still at the old version: the backup changed nothing.
    const probe = new Dexie(name);
    await probe.open();
    expect(probe.verno).toBe(previous);
    probe.close();

    const db = new AppDb(name);
    await db.open();
    db.close();
    expect(await backupBeforeUpgrade(store, name)).toEqual([]);
    expect(await backupBeforeUpgrade(store, `never-created-${Math.random()}`)).toEqual([]);
  });
});

describe('the backup before a database upgrade, from the first version', () => {
  it('reads a version 1 database (no document summaries) without upgrading it', async () => {
    const name = `upgrade-v1-${Math.random()}`;
    names.push(name);
    const old = openDbAtVersion(name, 1);
    await old.open();
    await old.table('projects').add({ id: 'p-one', name: 'First study', schema, createdAt: T0, updatedAt: T0 });
    for (const id of ['d2', 'd1'])
      await old.table('documents').add({
        id,
        projectId: 'p-one',
        title: id,
        text: `Text ${id}.`,
        blocks: [],
        metadata: {},
        textHash: sha256Hex(`Text ${id}.`),
        createdAt: T0,
        updatedAt: T0,
      });
    old.close();
    const { store, written } = memoryStore();
    expect((await backupBeforeUpgrade(store, name)).map((x) => [x.projectId, x.reason])).toEqual([['p-one', 'upgrade']]);
    const archive = readArchive('upgrade.zip', written[0]!.data);
    if (!archive.ok) throw new Error(archive.error.message);
    expect(archive.value.tables['documents']?.map((d) => d['id']).sort()).toEqual(['d1', 'd2']);
    const probe = new Dexie(name);
    await probe.open();
    expect(probe.verno).toBe(1);
    probe.close();
  });
});

describe('restoring an automatic backup', () => {
  it("brings a deleted project back through the app's restore path", async () => {
    const db = freshDb();
    const p = await createProject(db, 'Arms study', schema);
    await addDocument(db, p.id, { title: 'One', text: 'Lavrov said so.', blocks: [], metadata: {} });
    const { store } = memoryStore();
    const [backup] = await runDailyBackups(db, store, new Date(clock));
    await deleteProject(db, p.id);
    expect(await db.projects.get(p.id)).toBeUndefined();

    const workspace = new Workspace(db, { annotator: 'ann', snapToWords: true });
    const message = await restoreArchiveData(workspace, { ...(await store.open(backup!.id)), name: 'the automatic backup' });
    expect(message).toBe('Restored "Arms study" from the automatic backup: 1 documents, 0 annotations.');
    expect(workspace.getState().project?.name).toBe('Arms study');
    expect(await db.documents.where('projectId').equals(p.id).count()).toBe(1);
    db.close();
  });
});
