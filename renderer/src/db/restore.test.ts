import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeArchive } from '../../core/formats/archive.ts';
import { canonicalJson, DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentId, Project, ProjectId } from '../../core/model/types.ts';
import { readProjectTables } from './archive.ts';
import { createAnnotations } from './annotations.ts';
import { createProject, listProjects } from './corpus.ts';
import type { AppDb } from './db.ts';
import { addDocument } from './documents.ts';
import { discardRestore, discardUnfinishedRestores, restoreArchiveStream, type ArchiveByteSource } from './restore.ts';
import { freshDatabases } from './testing.ts';

const freshDb = freshDatabases('restore-stream-test');
const TEXT = 'Lavrov said Russia sells arms to Syria, officials said.';

/** Every table's rows but the settings, sorted, for comparing a database before and after. */
async function dump(db: AppDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of db.tables) if (t.name !== 'settings') out[t.name] = (await t.toArray()).map((r) => canonicalJson(r)).sort();
  return out;
}

/** Counts the annotations written, page by page, as they are written. */
function countAdds(db: AppDb): { rows: number } {
  const seen = { rows: 0 };
  db.annotations.hook('creating', () => void (seen.rows += 1));
  return seen;
}

/** The archive's bytes handed over in small chunks, as a file is read. */
function chunked(name: string, bytes: Uint8Array, size = 512): ArchiveByteSource {
  return {
    name,
    size: bytes.length,
    *chunks() {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    },
  };
}

let source: AppDb;
let project: Project;

/** A project of 30 documents with 3 annotations each. */
beforeEach(async () => {
  source = freshDb();
  project = await createProject(source, 'Arms study', DEFAULT_SCHEMA);
  for (let i = 0; i < 30; i++) {
    const doc = await addDocument(source, project.id, { title: `Article ${i}`, text: `${TEXT} (${i})`, blocks: [], metadata: {} });
    await createAnnotations(
      source,
      doc,
      [
        { label: 'Claim', ranges: [{ start: 12, end: 38 }], layer: 'alice' },
        { label: 'Speaker', ranges: [{ start: 0, end: 6 }], layer: 'alice' },
        { label: 'Source', ranges: [{ start: 40, end: 49 }], layer: 'alice' },
      ],
      'alice',
    );
  }
});

/** The project's archive, with `edit` applied to its tables first (a damaged or crafted archive). */
async function archiveBytes(edit: (tables: Record<string, Record<string, unknown>[]>) => void = () => {}): Promise<Uint8Array> {
  const { tables } = await readProjectTables(source, project.id);
  edit(tables);
  return writeArchive({ project, tables, appVersion: 'test', created: '2026-12-06T00:00:00.000Z' });
}

describe('restoring an archive as a stream', () => {
  it('writes it a page at a time and gives the project back as it was', async () => {
    const target = freshDb();
    const added = countAdds(target);
    let seenWhileRunning = 0;
    const result = await restoreArchiveStream(target, chunked('b.zip', await archiveBytes()), {
      pageRows: 10,
      onProgress: () => void (seenWhileRunning = Math.max(seenWhileRunning, added.rows)),
    });
    expect(result).toMatchObject({ newIds: false, counts: { documents: 30, annotations: 90 } });
    // Written as it went: progress saw some annotations written, not all (pages of 10 rows).
    expect(seenWhileRunning).toBeGreaterThan(0);
    expect(added.rows).toBe(90);
    const before = await dump(source);
    expect(await dump(target)).toEqual({ ...before, syncOutbox: [] });
    expect((await listProjects(target)).map((p) => p.name)).toEqual(['Arms study']);
  });

  it('a bad row part-way is refused naming the file and line, and nothing of the archive is left', async () => {
    const target = freshDb();
    const other = await createProject(target, 'Other study', DEFAULT_SCHEMA);
    const empty = await dump(target);
    const bytes = await archiveBytes((tables) => {
      const rows = tables.annotations!;
      rows.sort((a, b) => (String(a.documentId) + String(a.id) < String(b.documentId) + String(b.id) ? -1 : 1));
      rows[70] = { ...rows[70], ranges: [{ start: 0, end: 9999 }] };
    });
    const added = countAdds(target);
    const error = await restoreArchiveStream(target, chunked('b.zip', bytes), { pageRows: 10 }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^Not restored: b\.zip: annotations\.jsonl:71: annotation "[^"]+": The range 0–9999 ends past the end of the text/,
    );
    // Pages before the bad row were written, then taken away again (pages of 10 rows of any
    // table, so the page holding row 71 may start a few annotations earlier).
    expect(added.rows).toBeGreaterThanOrEqual(50);
    expect(await dump(target)).toEqual(empty);
    expect((await listProjects(target)).map((p) => p.id)).toEqual([other.id]);
  });

  it('a row without the project is refused by entry and line, writing nothing', async () => {
    const target = freshDb();
    const bytes = await archiveBytes((tables) => {
      delete tables.documentSummaries![0]!.projectId;
    });
    await expect(restoreArchiveStream(target, chunked('b.zip', bytes))).rejects.toThrow(
      /^documentSummaries\.jsonl:\d+: the row does not name the archived project "[^"]+"; nothing was restored\.$/,
    );
    expect(await target.projects.count()).toBe(0);
    expect(await target.documents.count()).toBe(0);
  });

  it('a restore stopped part-way (Cancel, a closed window) is hidden while it runs and leaves nothing once removed', async () => {
    const target = freshDb();
    const other = await createProject(target, 'Other study', DEFAULT_SCHEMA);
    const empty = await dump(target);
    const bytes = await archiveBytes();
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const added = countAdds(target);
    const half = Math.floor(bytes.length * 0.8);
    const hanging: ArchiveByteSource = {
      name: 'b.zip',
      size: bytes.length,
      async *chunks() {
        for (let at = 0; at < half; at += 256) yield bytes.subarray(at, Math.min(half, at + 256));
        await stopped; // The worker was ended here: nothing more comes.
      },
    };
    let reached: () => void = () => {};
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    const running = restoreArchiveStream(target, hanging, {
      token: 'tok-1',
      pageRows: 10,
      onProgress: () => void (added.rows >= 20 && reached()),
    }).catch((e: Error) => e);
    await halfway;
    expect(await target.annotations.count()).toBeGreaterThan(0);
    expect((await listProjects(target)).map((p) => p.id)).toEqual([other.id]);
    // Cancel: the window removes what the restore with its token wrote.
    await discardRestore(target, 'tok-1');
    expect(await dump(target)).toEqual(empty);
    // Had the window closed instead, the next start removes it.
    stop();
    await running;
    expect(await discardUnfinishedRestores(target)).toBe(0);
    expect(await dump(target)).toEqual(empty);
  });

  it('removes at start a restore a crashed window left, and keeps every other project', async () => {
    const target = freshDb();
    const other = await createProject(target, 'Other study', DEFAULT_SCHEMA);
    await restoreArchiveStream(target, chunked('b.zip', await archiveBytes()));
    const kept = await dump(target);
    const left = 'left-behind' as ProjectId;
    await target.projects.add({ ...project, id: left, restoring: 'tok-crashed' });
    await target.documents.add({ ...(await source.documents.toCollection().first())!, id: 'doc-left' as DocumentId, projectId: left });
    expect(await discardUnfinishedRestores(target)).toBe(1);
    expect(await dump(target)).toEqual(kept);
    expect((await listProjects(target)).map((p) => p.id).sort()).toEqual([other.id, project.id].sort());
  });

  it('restores next to its original as a copy with new ids, the original untouched', async () => {
    const before = await dump(source);
    const result = await restoreArchiveStream(source, chunked('b.zip', await archiveBytes()), { pageRows: 7 });
    expect(result.newIds).toBe(true);
    expect(result.project.id).not.toBe(project.id);
    const copy = await source.annotations.where('projectId').equals(result.project.id).toArray();
    expect(copy).toHaveLength(90);
    const docs = new Set((await source.documents.where('projectId').equals(result.project.id).primaryKeys()) as string[]);
    expect(copy.every((a) => docs.has(a.documentId))).toBe(true);
    const after = await dump(source);
    for (const [table, rows] of Object.entries(before)) expect(after[table]).toEqual(expect.arrayContaining(rows));
  });
});
