import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportedDocument } from '../../core/formats/types.ts';
import { sha256Hex } from '../../core/model/hash.ts';
import type { Project, Schema } from '../../core/model/types.ts';
import { AppDb } from './db.ts';
import { createProject } from './corpus.ts';
import { existingHashes, writeImport, type ImportItem } from './import.ts';
import { groupDataset } from '../../core/formats/fixtures/claim-groups.ts';
import { parseJsonlFile, serializeJsonl } from '../../core/formats/native-jsonl.ts';
import { buildTextIndex, pendingTextIndex } from './textIndex.ts';

const schema: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00', hotkey: '1' },
    { name: 'Speaker', color: '#56b4e9', hotkey: '2' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};

let db: AppDb;
let project: Project;

beforeEach(async () => {
  db = new AppDb(`import-${Math.random()}`);
  project = await createProject(db, 'P', schema);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

/** Document n: "Speaker n said claim n 👍🏽." with a Speaker, a Claim and a said-by relation. */
function doc(n: number, extra: Partial<ImportedDocument> = {}): ImportedDocument {
  const speaker = `Speaker${n}`;
  const text = `${speaker} 👍🏽 said the claim number ${n} is true.`;
  const claimStart = text.indexOf('the claim');
  return {
    title: `Doc ${n}`,
    text,
    blocks: [{ kind: 'paragraph', start: 0, end: text.length }],
    metadata: { n },
    annotations: [
      { key: 'T1', label: 'Speaker', ranges: [{ start: 0, end: speaker.length }] },
      { key: 'T2', label: 'Claim', ranges: [{ start: claimStart, end: text.length - 1 }], layer: 'gold', attributes: { who: 'e1' } },
    ],
    relations: [{ from: 'T2', to: 'T1', type: 'said by' }],
    sourceFile: 'f',
    ...extra,
  };
}

const items = (from: number, to: number, file = 0): ImportItem[] =>
  Array.from({ length: to - from }, (_, i) => ({ file, doc: doc(from + i) }));

/**
 * Every document in the project has exactly its two annotations and one relation, pointing
 * within it, and its summary; its search rows come with the text index pass that follows.
 */
async function expectWholeDocuments(): Promise<number> {
  const docs = await db.documents.where('projectId').equals(project.id).toArray();
  expect(await buildTextIndex(db, project.id)).toBe(docs.length);
  for (const d of docs) {
    const anns = await db.annotations.where('documentId').equals(d.id).toArray();
    const rels = await db.relations.where('documentId').equals(d.id).toArray();
    expect(anns.map((a) => a.label).sort()).toEqual(['Claim', 'Speaker']);
    expect(rels).toHaveLength(1);
    const ids = new Set(anns.map((a) => a.id));
    expect(ids.has(rels[0]!.from) && ids.has(rels[0]!.to)).toBe(true);
    expect(await db.documentSummaries.get(d.id)).toBeDefined();
  }
  expect(await pendingTextIndex(db, project.id)).toEqual([]);
  expect(await db.annotations.count()).toBe(docs.length * 2);
  expect(await db.relations.count()).toBe(docs.length);
  return docs.length;
}

describe('writeImport', () => {
  it('writes documents with new annotation ids, relations re-pointed, layers, quotes and index rows', async () => {
    const result = await writeImport(db, project.id, items(0, 3), { by: 'me' });
    expect(result).toMatchObject({ imported: 3, duplicates: 0, annotations: 6, cancelled: false });
    expect(result.files.get(0)).toEqual({ imported: 3, duplicates: 0, annotations: 6, relations: 3, leftOut: 0 });
    expect(await expectWholeDocuments()).toBe(3);
    const d = (await db.documents.where('projectId').equals(project.id).first())!;
    expect(d.textHash).toBe(sha256Hex(d.text));
    const anns = await db.annotations.where('documentId').equals(d.id).toArray();
    const speaker = anns.find((a) => a.label === 'Speaker')!;
    const claim = anns.find((a) => a.label === 'Claim')!;
    expect([speaker.layer, claim.layer]).toEqual(['suggestions', 'gold']);
    expect(speaker.origin).toBe('import');
    expect(speaker.id).not.toBe('T1');
    expect(speaker.quote).toBe(d.text.slice(0, speaker.ranges[0]!.end));
    const rel = (await db.relations.where('documentId').equals(d.id).first())!;
    expect([rel.from, rel.to, rel.layer]).toEqual([claim.id, speaker.id, 'gold']);
  });

  it('skips duplicates against the project and within the import, per file', async () => {
    await writeImport(db, project.id, items(0, 2), { by: 'me' });
    const again = await writeImport(db, project.id, [...items(0, 2, 0), ...items(2, 3, 1), { file: 1, doc: doc(2) }], { by: 'me' });
    expect(again.files.get(0)).toMatchObject({ imported: 0, duplicates: 2 });
    expect(again.files.get(1)).toMatchObject({ imported: 1, duplicates: 1 });
    expect(await expectWholeDocuments()).toBe(3);
    expect(await existingHashes(db, project.id, [sha256Hex(doc(0).text), sha256Hex('nope')])).toEqual(new Set([sha256Hex(doc(0).text)]));
  });

  it('stops between batches on Cancel, leaving only whole documents', async () => {
    let batches = 0;
    const result = await writeImport(db, project.id, items(0, 25), {
      by: 'me',
      batchSize: 10,
      isCancelled: () => batches >= 2,
      onProgress: () => batches++,
    });
    expect(result).toMatchObject({ imported: 20, cancelled: true });
    expect(await expectWholeDocuments()).toBe(20);
  });

  it('rolls a failing batch back whole and keeps earlier batches', async () => {
    const bad = items(0, 15);
    // Metadata IndexedDB cannot clone fails inside the batch's transaction, after other writes.
    bad[12] = { file: 0, doc: { ...doc(12), metadata: { f: (() => 1) as never } } };
    await expect(writeImport(db, project.id, bad, { by: 'me', batchSize: 10 })).rejects.toThrow();
    expect(await expectWholeDocuments()).toBe(10);
  });

  it('adds unknown labels and relation types, and annotation.conf schemas, to the project schema', async () => {
    const d = doc(1, {
      annotations: [
        { key: 'a', label: 'Hedge', ranges: [{ start: 0, end: 3 }] },
        { key: 'b', label: 'Claim', ranges: [{ start: 4, end: 8 }] },
      ],
      relations: [{ from: 'a', to: 'b', type: 'modifies' }],
    });
    const conf: Schema = { version: 1, labels: [{ name: 'Organisation', color: '#123456', hotkey: '1' }], relationTypes: [] };
    await writeImport(db, project.id, [{ file: 0, doc: d }], { by: 'me', schemas: [conf] });
    const p = (await db.projects.get(project.id))!;
    expect(p.schema.labels.map((l) => l.name)).toEqual(['Claim', 'Speaker', 'Organisation', 'Hedge']);
    expect(p.schema.labels.find((l) => l.name === 'Organisation')!.hotkey).toBeUndefined();
    expect(p.schema.relationTypes.map((r) => r.name)).toEqual(['said by', 'modifies']);
  });

  it('creates entities by id, merges them across documents, and re-points ids taken by another project', async () => {
    const other = await createProject(db, 'Other', schema);
    await db.entities.add({ id: 'e1' as never, projectId: other.id, name: 'Someone else', aliases: [], createdAt: '', updatedAt: '' });
    const withEntity = (n: number, alias: string) => doc(n, { entities: [{ key: 'e1', name: 'Sergei Lavrov', aliases: [alias] }] });
    await writeImport(
      db,
      project.id,
      [
        { file: 0, doc: withEntity(1, 'Lavrov') },
        { file: 0, doc: withEntity(2, 'S. Lavrov') },
      ],
      { by: 'me' },
    );
    const mine = await db.entities.where('projectId').equals(project.id).toArray();
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).not.toBe('e1');
    expect(mine[0]!.aliases.sort()).toEqual(['Lavrov', 'S. Lavrov']);
    const claims = await db.annotations.where('label').equals('Claim').toArray();
    expect(claims.map((c) => c.attributes['who'])).toEqual([mine[0]!.id, mine[0]!.id]);
    expect((await db.entities.get('e1'))!.name).toBe('Someone else');
  });

  it('leaves out annotations whose ranges do not fit the text, counting them', async () => {
    const d = doc(1);
    d.annotations.push({ key: 'T9', label: 'Claim', ranges: [{ start: 5, end: 999 }] });
    d.relations.push({ from: 'T9', to: 'T1', type: 'said by' });
    const result = await writeImport(db, project.id, [{ file: 0, doc: d }], { by: 'me' });
    expect(result.files.get(0)).toMatchObject({ imported: 1, annotations: 2, relations: 1, leftOut: 2 });
  });
});

describe('writeImport refuses a document that does not fit its text', () => {
  it('names the file and the problem, and writes nothing of its batch', async () => {
    const bad = doc(2, { sourceFile: 'news/bad.jsonl', blocks: [{ kind: 'paragraph', start: 0, end: 999 }] });
    const run = writeImport(
      db,
      project.id,
      [
        { file: 0, doc: doc(1) },
        { file: 0, doc: bad },
      ],
      { by: 'alice' },
    );
    await expect(run).rejects.toThrow(/^news\/bad\.jsonl: Block 1 \(0–999\) lies outside the text/);
    expect(await db.documents.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
  });
});

describe('claim groups in an import', () => {
  it('writes the groups of a JSONL file after its documents, on the imported claims, with new ids', async () => {
    const parsed = parseJsonlFile('groups.jsonl', serializeJsonl(groupDataset()));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const items: ImportItem[] = parsed.value.documents.map((d) => ({ file: 0, doc: d }));
    const first = await writeImport(db, project.id, items, { by: 'tester', claimGroups: parsed.value.claimGroups, batchSize: 2 });
    expect(first.claimGroups).toBe(1);
    const [group] = await db.claimGroups.toArray();
    expect(group!.id).not.toBe('g-helicopters');
    expect(group!.projectId).toBe(project.id);
    expect(group!.canonical).toBe('Russia is sending attack helicopters to Syria');
    expect(group!.factChecks).toEqual(groupDataset().claimGroups![0]!.factChecks);
    const quotes = await Promise.all(group!.members.map(async (m) => (await db.annotations.get(m.annotationId))?.quote));
    expect(quotes).toEqual([
      'Russia is sending attack helicopters to Syria',
      'Moscow is shipping attack helicopters to the Syrian government',
    ]);
    // The stored row's member index follows its members.
    expect(group!.annotationIds).toEqual(group!.members.map((m) => m.annotationId));

    // The same file again: every document is a duplicate, so no group has a member to hold.
    const again = parseJsonlFile('groups.jsonl', serializeJsonl(groupDataset()));
    if (!again.ok) throw new Error(again.error.message);
    const second = await writeImport(
      db,
      project.id,
      again.value.documents.map((d) => ({ file: 0, doc: d })),
      { by: 'tester', claimGroups: again.value.claimGroups },
    );
    expect([second.duplicates, second.claimGroups]).toEqual([3, 0]);
    expect(await db.claimGroups.count()).toBe(1);
  });
});
