import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { newAnnotation, newDocument, newRelation } from '../model/records.ts';
import type { Annotation, AnnotationId, DocumentId, DocumentRecord, Project, ProjectId, Relation, RelationId } from '../model/types.ts';
import { writeArchive } from '../formats/archive.ts';
import { buildBundle, bundleFileName, describeMergePlan, planBundleMerge, readBundle, type MergeTarget } from './bundle.ts';

const T0 = '2026-11-29T08:00:00.000Z';
const project: Project = { id: 'proj-a' as ProjectId, name: 'Arms', schema: DEFAULT_SCHEMA, createdAt: T0, updatedAt: T0 };
const doc = (id: string, text: string, title = id): DocumentRecord =>
  newDocument(
    project.id,
    { id: id as DocumentId, title, text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata: {} },
    T0,
  );
const d1 = doc('d1', 'Lavrov said Russia sells only defensive weapons, Reuters reported.');
const d2 = doc('d2', 'Clinton said Russia was arming Syria.');
const d3 = doc('d3', 'A document only on this machine.');
function ann(id: string, d: DocumentRecord, layer: string, label: string, quote: string): Annotation {
  const start = d.text.indexOf(quote);
  return newAnnotation(d, { id: id as AnnotationId, label, ranges: [{ start, end: start + quote.length }], layer }, { by: layer, at: T0 });
}
const rel = (id: string, from: Annotation, to: Annotation, type: string): Relation =>
  newRelation(
    { id: from.documentId, projectId: from.projectId },
    { id: id as RelationId, from: from.id, to: to.id, type, layer: from.layer },
    { by: from.layer, at: T0 },
  );
const claim = ann('a1', d1, 'alice', 'Claim', 'Russia sells only defensive weapons');
const speaker = ann('a2', d1, 'alice', 'Speaker', 'Lavrov');
const bobsClaim = ann('b1', d1, 'bob', 'Claim', 'Russia sells only defensive weapons');
const onD2 = ann('a3', d2, 'alice', 'Speaker', 'Clinton');
const saidBy = rel('r1', claim, speaker, 'said by');

function aliceBundle(created = '2026-11-29T10:00:00.000Z', annotations = [claim, speaker, bobsClaim, onD2]) {
  return buildBundle({
    project,
    annotator: 'alice',
    created,
    appVersion: '0.1.0',
    documents: [d1, d2, d3],
    annotations,
    relations: [saidBy],
    statuses: [
      { documentId: 'd2', projectId: project.id, annotator: 'alice', status: 'done', updatedAt: T0 },
      { documentId: 'd1', projectId: project.id, annotator: 'bob', status: 'done', updatedAt: T0 },
    ],
  });
}

describe('buildBundle / readBundle', () => {
  it("carries only the annotator's layer, the documents it touches and their statuses, and reads back", () => {
    const built = aliceBundle();
    const read = readBundle('alice.zip', built.bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const b = read.value;
    expect(b.info).toMatchObject({ annotator: 'alice', layer: 'alice', created: '2026-11-29T10:00:00.000Z' });
    expect(b.annotations.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(b.relations.map((r) => r.id)).toEqual(['r1']);
    expect(b.documents.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expect(b.statuses).toEqual([expect.objectContaining({ documentId: 'd2', annotator: 'alice', status: 'done' })]);
  });

  it('is deterministic and its tables are sorted, key-sorted JSON lines', () => {
    const x = aliceBundle();
    const y = buildBundle({
      project,
      annotator: 'alice',
      created: '2026-11-29T10:00:00.000Z',
      appVersion: '0.1.0',
      documents: [d3, d2, d1],
      annotations: [onD2, speaker, bobsClaim, claim],
      relations: [saidBy],
      statuses: [{ documentId: 'd2', projectId: project.id, annotator: 'alice', status: 'done', updatedAt: T0 }],
    });
    expect(Buffer.from(x.bytes).equals(Buffer.from(y.bytes))).toBe(true);
    const files = unzipSync(x.bytes);
    const line = strFromU8(files['bundle.jsonl']!).trim();
    expect(JSON.parse(line)).toMatchObject({ format: 'claimscope-annotator-bundle', layer: 'alice' });
    expect(line.indexOf('"annotator"')).toBeLessThan(line.indexOf('"created"'));
    expect(strFromU8(files['annotations.jsonl']!).trim().split('\n')).toHaveLength(3);
  });

  it('refuses a plain project archive, a changed text and a foreign layer inside, naming the file', () => {
    const archive = writeArchive({ project, appVersion: '0.1.0', created: T0, tables: { documents: [d1 as never] } });
    const r1 = readBundle('backup.zip', archive);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.message).toMatch(/not an annotator bundle/);

    const files = unzipSync(aliceBundle().bytes);
    files['documents.jsonl'] = strToU8(strFromU8(files['documents.jsonl']!).replace('Clinton said', 'Clinton says'));
    const r2 = readBundle('tampered.zip', zipSync(files));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(`${r2.error.file} ${r2.error.message}`).toMatch(/tampered\.zip.*text hash/);

    const files3 = unzipSync(aliceBundle().bytes);
    files3['annotations.jsonl'] = strToU8(strFromU8(files3['annotations.jsonl']!).replace('"layer":"alice"', '"layer":"bob"'));
    const r3 = readBundle('mixed.zip', zipSync(files3));
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error).toMatchObject({ file: 'mixed.zip: annotations.jsonl', line: 1 });

    expect(readBundle('junk.zip', new Uint8Array([1, 2, 3])).ok).toBe(false);
  });

  it('names the file after project, annotator and time', () => {
    expect(bundleFileName('Arms sales 2012', 'Ana María', '2026-11-29T10:05:07.000Z')).toBe(
      'arms-sales-2012-ana-maria-20261129-100507.claimscope-bundle.zip',
    );
  });
});

describe('planBundleMerge', () => {
  // The receiving installation: same texts under other ids, plus a document the bundle lacks.
  const local = [doc('x1', d1.text, 'Arms (local)'), doc('x9', 'Something else entirely.')];
  const target = (over: Partial<MergeTarget> = {}): MergeTarget => ({
    project: { id: 'proj-lead' as ProjectId, schema: DEFAULT_SCHEMA },
    annotator: 'lead',
    documents: local,
    importedLayers: new Map(),
    localLayers: new Set(['lead', 'gold']),
    entityIds: new Set(),
    labels: new Set(DEFAULT_SCHEMA.labels.map((l) => l.name)),
    ...over,
  });
  const read = (bytes: Uint8Array) => {
    const r = readBundle('b.zip', bytes);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('matches documents by text hash, not id, and reports those that match nothing', () => {
    const plan = planBundleMerge(read(aliceBundle().bytes), target());
    expect(plan.action).toBe('add');
    if (plan.action === 'refuse') return;
    expect(plan.matched).toEqual([{ bundleId: 'd1', localId: 'x1', title: 'Arms (local)' }]);
    expect(plan.unmatched).toEqual([{ title: 'd2', textHash: d2.textHash, annotations: 1 }]);
    expect(plan.annotations.map((a) => [a.documentId, a.layer, a.label, a.projectId])).toEqual(
      expect.arrayContaining([
        ['x1', 'alice', 'Claim', 'proj-lead'],
        ['x1', 'alice', 'Speaker', 'proj-lead'],
      ]),
    );
    expect(plan.annotations).toHaveLength(2);
    // fresh ids, and the relation re-pointed at them
    expect(plan.annotations.some((a) => a.id === 'a1' || a.id === 'a2')).toBe(false);
    const newClaim = plan.annotations.find((a) => a.label === 'Claim')!;
    const newSpeaker = plan.annotations.find((a) => a.label === 'Speaker')!;
    expect(plan.relations).toEqual([expect.objectContaining({ from: newClaim.id, to: newSpeaker.id, documentId: 'x1', layer: 'alice' })]);
    // d2's done status is dropped with d2 (it matched nothing)
    expect(plan.statuses).toEqual([]);
    expect(describeMergePlan(plan)).toMatch(
      /Added alice's layer: 2 annotations on 1 document\. 1 document of the bundle matches no document here by text and was left out: “d2”\./,
    );
  });

  it("carries the annotator's document-level values (topic, relevance) and plans them on the matching local documents", () => {
    const values = (documentId: string, layer: string, relevance: string) => ({
      documentId,
      projectId: project.id,
      layer,
      values: { relevance },
      updatedBy: layer,
      updatedAt: T0,
    });
    const built = buildBundle({
      project,
      annotator: 'alice',
      created: '2026-11-29T10:00:00.000Z',
      appVersion: '0.1.0',
      documents: [d1, d2, d3],
      annotations: [],
      relations: [],
      documentAttributes: [values('d1', 'alice', 'yes'), values('d1', 'bob', 'no'), values('d2', 'alice', 'no')],
    });
    const bundle = read(built.bytes);
    // A document with only document-level values of hers travels too.
    expect(bundle.documents.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expect(bundle.documentAttributes.map((v) => [v.documentId, v.layer, v.values])).toEqual([
      ['d1', 'alice', { relevance: 'yes' }],
      ['d2', 'alice', { relevance: 'no' }],
    ]);
    const plan = planBundleMerge(bundle, target());
    if (plan.action === 'refuse') throw new Error(plan.reason);
    expect(plan.documentAttributes).toEqual([
      expect.objectContaining({ documentId: 'x1', projectId: 'proj-lead', layer: 'alice', values: { relevance: 'yes' } }),
    ]);
  });

  it("only ever plans records of the bundle's own layer", () => {
    const plan = planBundleMerge(read(aliceBundle().bytes), target());
    if (plan.action === 'refuse') throw new Error(plan.reason);
    expect(new Set([...plan.annotations, ...plan.relations].map((r) => r.layer))).toEqual(new Set(['alice']));
  });

  it('replaces with a newer bundle, refuses an older one or the same one again', () => {
    const older = read(aliceBundle('2026-11-29T09:00:00.000Z').bytes);
    const newer = read(aliceBundle('2026-11-29T11:00:00.000Z').bytes);
    const imported = new Map([['alice', '2026-11-29T10:00:00.000Z']]);
    const withImport = target({ importedLayers: imported, localLayers: new Set(['lead', 'alice']) });
    expect(planBundleMerge(newer, withImport).action).toBe('replace');
    const refusedOlder = planBundleMerge(older, withImport);
    expect(refusedOlder.action).toBe('refuse');
    if (refusedOlder.action === 'refuse') expect(refusedOlder.reason).toMatch(/older than the one already added/);
    const same = planBundleMerge(read(aliceBundle('2026-11-29T10:00:00.000Z').bytes), withImport);
    expect(same.action === 'refuse' && same.reason).toMatch(/already been added/);
  });

  it("refuses the receiver's own layer and a layer made locally", () => {
    const own = planBundleMerge(read(aliceBundle().bytes), target({ annotator: 'alice' }));
    expect(own.action === 'refuse' && own.reason).toMatch(/your own layer is never replaced/i);
    const madeHere = planBundleMerge(read(aliceBundle().bytes), target({ localLayers: new Set(['alice']) }));
    expect(madeHere.action === 'refuse' && madeHere.reason).toMatch(/was made in this project/);
  });

  it('notes a schema that differs and labels the project does not have', () => {
    const other = { ...project, schema: { ...DEFAULT_SCHEMA, labels: [...DEFAULT_SCHEMA.labels, { name: 'Quote', color: '#123456' }] } };
    const extra = ann('a9', d1, 'alice', 'Quote', 'Reuters');
    const built = buildBundle({
      project: other,
      annotator: 'alice',
      created: '2026-11-29T10:00:00.000Z',
      appVersion: '0.1.0',
      documents: [d1],
      annotations: [extra],
      relations: [],
    });
    const plan = planBundleMerge(read(built.bytes), target());
    if (plan.action === 'refuse') throw new Error(plan.reason);
    expect(plan.notes.join(' ')).toMatch(/different schema.*Labels not in this project's schema \(shown in grey\): Quote\./);
  });
});
