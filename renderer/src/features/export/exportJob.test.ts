import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../../core/formats/archive.ts';
import { EXPORT_FORMATS } from '../../../core/formats/exports.ts';
import { parseJsonl } from '../../../core/formats/native-jsonl.ts';
import { canonicalJson } from '../../../core/model/schema.ts';
import { DEFAULT_SCHEMA } from '../../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../../core/model/types.ts';
import { createAnnotations, createRelation } from '../../db/annotations.ts';
import { AppDb } from '../../db/db.ts';
import { createProject } from '../../db/corpus.ts';
import { addDocument } from '../../db/documents.ts';
import { setStatus } from '../../db/status.ts';
import { ExportCancelled, startExport } from './exportClient.ts';
import { loadExportSource, lossNotesFor, prepareExportJob, type ExportRequest } from './exportJob.ts';
import { loadDataset, pagedDataset } from './loadDataset.ts';
import { selectDataset, streamExport, writeExportNow } from '../../../core/formats/exports.ts';
import { concatBytes } from '../../../core/formats/stream.ts';

const TEXT_A = 'Lavrov said Russia was not violating any law 👍🏽, Reuters reported.';
const TEXT_B = 'Clinton said the shipments continue.';
const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });

let db: AppDb;
let project: Project;
let a: DocumentRecord;
let b: DocumentRecord;

beforeEach(async () => {
  db = new AppDb(`export-test-${Math.random()}`);
  project = await createProject(db, 'Arms study', DEFAULT_SCHEMA);
  a = await addDocument(db, project.id, { title: 'A', text: TEXT_A, blocks: [], metadata: { year: 2012 } });
  b = await addDocument(db, project.id, { title: 'B', text: TEXT_B, blocks: [], metadata: {} });
  const [claim, speaker] = await createAnnotations(
    db,
    a,
    [
      { label: 'Claim', ranges: [at(TEXT_A, 'Russia was not violating any law')], layer: 'alice', note: 'check' },
      { label: 'Speaker', ranges: [at(TEXT_A, 'Lavrov')], layer: 'alice' },
      { label: 'Source', ranges: [at(TEXT_A, 'Reuters')], layer: 'gold' },
    ],
    'alice',
  );
  await createRelation(db, a, { from: claim!.id, to: speaker!.id, type: 'said by', layer: 'alice' }, 'alice');
  await createAnnotations(db, b, [{ label: 'Speaker', ranges: [at(TEXT_B, 'Clinton')], layer: 'bob' }], 'bob');
  await setStatus(db, b, 'bob', 'done');
});

afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function dump(): Promise<string> {
  const out: Record<string, string[]> = {};
  for (const t of db.tables) out[t.name] = (await t.toArray()).map((r) => canonicalJson(r)).sort();
  return canonicalJson(out);
}

const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({
  format: 'jsonl',
  scope: { kind: 'project' },
  layer: null,
  labels: null,
  ...over,
});

/** Runs an export into memory; `data` is the file as text (or bytes for the zip formats). */
async function run(req: ExportRequest) {
  const source = await loadExportSource(db, project.id);
  const chunks: Uint8Array[] = [];
  await startExport(prepareExportJob(db, project.id, req, source), { write: (c) => void chunks.push(c) }, () => {}).result;
  const bytes = concatBytes(chunks);
  return { data: req.format === 'archive' || req.format === 'brat' ? bytes : new TextDecoder().decode(bytes) };
}

describe('exporting', () => {
  it('never changes the database, in any format', async () => {
    const before = await dump();
    for (const f of EXPORT_FORMATS) {
      const output = await run(request({ format: f.id }));
      expect(output.data.length).toBeGreaterThan(0);
    }
    await run(request({ format: 'brat', scope: { kind: 'document', documentId: a.id }, layer: 'alice', labels: ['Claim'] }));
    expect(await dump()).toBe(before);
  });

  it('exports the chosen scope, layer and labels', async () => {
    const lines = async (req: ExportRequest) => {
      const r = parseJsonl('x.jsonl', (await run(req)).data as string);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.map((d) => [d.title, d.annotations.map((x) => `${x.layer}:${x.label}`).sort()]);
    };
    expect(await lines(request())).toEqual([
      ['A', ['alice:Claim', 'alice:Speaker', 'gold:Source']],
      ['B', ['bob:Speaker']],
    ]);
    expect(await lines(request({ scope: { kind: 'document', documentId: b.id } }))).toEqual([['B', ['bob:Speaker']]]);
    expect(await lines(request({ scope: { kind: 'status', status: 'done' } }))).toEqual([['B', ['bob:Speaker']]]);
    expect(await lines(request({ scope: { kind: 'status', status: 'new' } }))).toEqual([
      ['A', ['alice:Claim', 'alice:Speaker', 'gold:Source']],
    ]);
    expect(await lines(request({ layer: 'alice', labels: ['Speaker'] }))).toEqual([
      ['A', ['alice:Speaker']],
      ['B', []],
    ]);
  });

  it('the archive export holds every table and restores', async () => {
    const output = await run(request({ format: 'archive' }));
    const r = readArchive('backup.zip', output.data as Uint8Array);
    expect(r.ok && r.value.manifest.counts).toMatchObject({ documents: 2, annotations: 4, relations: 1, documentStatus: 1 });
  });

  it('the loss report adds what only the archive holds', async () => {
    const source = await loadExportSource(db, project.id);
    expect(source.layers).toEqual(['gold', 'alice', 'bob']);
    const notes = (await lossNotesFor(db, project.id, request({ format: 'doccano' }), source)).join('\n');
    expect(notes).toMatch(/doccano JSONL does not hold \d+ undo history steps, 1 document status; only the project archive does\./);
    expect(notes).toContain('annotations from 3 layers');
    // Claimscope JSONL carries statuses on each document's line; the undo history only the archive holds.
    const jsonl = (await lossNotesFor(db, project.id, request({ format: 'jsonl' }), source)).join('\n');
    expect(jsonl).toMatch(/Claimscope JSONL does not hold \d+ undo history steps; only the project archive does\./);
    expect(jsonl).not.toContain('document status');
    const written = JSON.parse(((await run(request())).data as string).trim().split('\n')[1]!);
    expect(written.statuses).toEqual([expect.objectContaining({ annotator: 'bob', status: 'done' })]);
    expect(await lossNotesFor(db, project.id, request({ format: 'archive' }), source)).toEqual([]);
  });

  it('a cancelled export gives no file', async () => {
    const source = await loadExportSource(db, project.id);
    const chunks: Uint8Array[] = [];
    const running = startExport(prepareExportJob(db, project.id, request(), source), { write: (c) => void chunks.push(c) }, () => {});
    running.cancel();
    await expect(running.result).rejects.toBeInstanceOf(ExportCancelled);
    expect(chunks).toEqual([]);
  });

  it('reads the project a page of documents at a time and writes what it wrote whole', async () => {
    for (let i = 0; i < 5; i++)
      await addDocument(db, project.id, { title: `Extra ${i}`, text: `Extra text ${i} 👍🏽.`, blocks: [], metadata: {} });
    for (const f of EXPORT_FORMATS.filter((x) => x.id !== 'archive')) {
      const paged = await pagedDataset(db, project.id, null, 2);
      const chunks: Uint8Array[] = [];
      await streamExport(f.id, paged, {}, { write: (c) => void chunks.push(c) }, { chunkBytes: 5 });
      const whole = writeExportNow(f.id, selectDataset(await loadDataset(db, project.id), {})).data;
      expect([f.id, concatBytes(chunks)]).toEqual([f.id, typeof whole === 'string' ? new TextEncoder().encode(whole) : whole]);
    }
  });
});

describe('a project archive is checked before it is handed out', () => {
  it('an archive that would not restore is refused, naming the problem', async () => {
    // A comment left behind by a document that is gone (an orphan row an older database may hold).
    await db.comments.add({
      id: 'c1',
      projectId: project.id,
      documentId: 'gone',
      annotationId: 'x',
      author: 'rev',
      text: 'hm',
      createdAt: project.createdAt,
    });
    const request: ExportRequest = { format: 'archive', scope: { kind: 'project' }, layer: null, labels: null };
    const job = prepareExportJob(db, project.id, request, await loadExportSource(db, project.id));
    await expect(startExport(job, { write: () => {} }, () => {}).result).rejects.toThrow(
      'The backup was checked after writing and would not restore, so it was not saved: the new archive: comments.jsonl:1: the row belongs to document "gone", which is not in the archive.',
    );
  });
});
