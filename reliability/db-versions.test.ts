/**
 * (e) Every database version's fixture opened by the current code with all rows intact. For each
 * entry of STORE_VERSIONS a database is built exactly as that release left it (`openDbAtVersion`),
 * filled with rows in every table that version has (realistic records for the tables we know,
 * rows built from the declared keys for any table added later), closed, and reopened with the
 * current `AppDb`: every row must come back unchanged, plus what later upgrades add to it.
 */
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { AppDb, STORE_VERSIONS, touchedAnnotationIds, type OperationRecord } from '../renderer/src/db/db.ts';
import { openDbAtVersion } from '../renderer/src/db/testing.ts';
import { ensureCorpusIndex, loadSummaries, searchCorpus } from '../renderer/src/db/corpus.ts';
import { reportFigures } from './settings.ts';
import { packAnnotations } from '../renderer/src/db/annotationPacks.ts';

type Row = Record<string, unknown>;

const AT = '2026-11-29T10:00:00.000Z';
const TEXT = 'Lavrov 🇷🇺 said: “Russia is not supplying Syria with offensive weapons.” q\u0307';
const ann = (id: string, label: string, start: number, end: number): Row => ({
  id,
  projectId: 'p1',
  documentId: 'd1',
  layer: 'alice',
  label,
  ranges: [{ start, end }],
  quote: TEXT.slice(start, end),
  attributes: { stance: 'deny', topics: ['arms', 'syria'], hedged: false },
  note: 'a note ✓',
  origin: 'human',
  createdBy: 'alice',
  createdAt: AT,
  updatedBy: 'alice',
  updatedAt: AT,
});
const rel: Row = {
  id: 'r1',
  projectId: 'p1',
  documentId: 'd1',
  layer: 'alice',
  from: 'a2',
  to: 'a1',
  type: 'said by',
  createdBy: 'alice',
  createdAt: AT,
  updatedBy: 'alice',
  updatedAt: AT,
};

/** Realistic rows for the tables this suite knows; each table has two. */
const KNOWN: Record<string, Row[]> = {
  projects: [
    {
      id: 'p1',
      name: 'Syria arms 😀',
      schema: {
        version: 1,
        labels: [{ name: 'Claim', color: '#e69f00', hotkey: '1' }],
        relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
      },
      createdAt: AT,
      updatedAt: AT,
    },
    { id: 'p2', name: 'Other', schema: { version: 1, labels: [], relationTypes: [] }, createdAt: AT, updatedAt: AT },
  ],
  documents: [
    {
      id: 'd1',
      projectId: 'p1',
      title: 'Lavrov',
      text: TEXT,
      blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }],
      metadata: { source: 'GlobalPost', views: 3, paywalled: false },
      textHash: 'a'.repeat(64),
      createdAt: AT,
      updatedAt: AT,
    },
    {
      id: 'd2',
      projectId: 'p2',
      title: 'Empty',
      text: '',
      blocks: [],
      metadata: {},
      textHash: 'b'.repeat(64),
      createdAt: AT,
      updatedAt: AT,
    },
  ],
  annotations: [ann('a1', 'Speaker', 0, 6), ann('a2', 'Claim', 19, 70)],
  relations: [rel, { ...rel, id: 'r2', type: 'cue' }],
  entities: [
    { id: 'e1', projectId: 'p1', name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'Q161056', createdAt: AT, updatedAt: AT },
    { id: 'e2', projectId: 'p2', name: 'Reuters', aliases: [], createdAt: AT, updatedAt: AT },
  ],
  operations: [
    {
      seq: 1,
      projectId: 'p1',
      documentId: 'd1',
      description: 'Add Claim',
      at: AT,
      by: 'alice',
      before: { annotations: [], relations: [] },
      after: { annotations: [ann('a2', 'Claim', 19, 70)], relations: [] },
      undone: 0,
    },
    {
      seq: 2,
      projectId: 'p1',
      documentId: 'd1',
      description: 'Link Claim said by Speaker',
      at: AT,
      by: 'alice',
      before: { annotations: [], relations: [] },
      after: { annotations: [], relations: [rel] },
      undone: 1,
    },
  ],
  settings: [
    { key: 'annotator', value: 'alice' },
    { key: 'snapToWords', value: false },
  ],
  documentSummaries: [
    {
      id: 'd1',
      projectId: 'p1',
      title: 'Lavrov',
      createdAt: AT,
      updatedAt: AT,
      meta: { source: 'GlobalPost' },
      annotationCount: 2,
      labels: ['Claim', 'Speaker'],
      layers: ['alice'],
    },
    {
      id: 'd2',
      projectId: 'p2',
      title: 'Empty',
      createdAt: AT,
      updatedAt: AT,
      meta: {},
      annotationCount: 0,
      labels: [],
      layers: [],
      labelCounts: {},
      layerCounts: {},
    },
  ],
  projectCounts: [
    { projectId: 'p1', documents: 1, summaries: 1 },
    { projectId: 'p2', documents: 1, summaries: 1 },
  ],
  searchTerms: [
    { id: 'd1', projectId: 'p1', titleTerms: ['lavrov'] },
    { id: 'd2', projectId: 'p2', titleTerms: ['empty'] },
  ],
  textPostings: [
    { seq: 1, term: 'lavrov', projectId: 'p1', ids: ['d1'], frequent: [] },
    { seq: 2, term: 'syria', projectId: 'p1', ids: ['d1'], frequent: ['d1'] },
  ],
  textNumbers: [
    { projectId: 'p1', first: 0, ids: ['d1'] },
    { projectId: 'p2', first: 0, ids: ['d2'] },
  ],
  textBlocks: [
    { seq: 1, projectId: 'p1', term: 'lavrov', docs: Uint32Array.of(0), frequent: new Uint32Array(0) },
    { seq: 2, projectId: 'p1', term: 'syria', docs: Uint32Array.of(0), frequent: new Uint32Array(0) },
  ],
  textGroups: [
    {
      seq: 1,
      projectId: 'p1',
      key: 'la ',
      first: 0,
      end: 1,
      words: 'lavrov',
      docEnds: Uint32Array.of(1),
      frequentEnds: Uint32Array.of(0),
      titleEnds: Uint32Array.of(1),
      docs: Uint32Array.of(0),
      frequent: new Uint32Array(0),
      titles: Uint32Array.of(0),
    },
    {
      seq: 2,
      projectId: 'p1',
      key: 'sy ',
      first: 0,
      end: 1,
      words: 'syria',
      docEnds: Uint32Array.of(1),
      frequentEnds: Uint32Array.of(0),
      titleEnds: Uint32Array.of(0),
      // A bitmap from version 17 on: document number 0.
      docs: Uint8Array.of(1),
      frequent: new Uint32Array(0),
      titles: new Uint32Array(0),
    },
  ],
  documentStatus: [
    {
      documentId: 'd1',
      projectId: 'p1',
      annotator: 'alice',
      status: 'done',
      updatedAt: AT,
      overriddenProblems: ['A claim has no speaker'],
    },
    { documentId: 'd2', projectId: 'p2', annotator: 'bob', status: 'in progress', updatedAt: AT },
  ],
  documentAttributes: [
    { documentId: 'd1', projectId: 'p1', layer: 'alice', values: { topic: ['arms'], relevance: 3 }, updatedBy: 'alice', updatedAt: AT },
    { documentId: 'd1', projectId: 'p1', layer: 'gold', values: {}, updatedBy: 'rev', updatedAt: AT },
  ],
  comments: [
    {
      id: 'c1',
      projectId: 'p1',
      documentId: 'd1',
      annotationId: 'a2',
      author: 'rev',
      text: 'Is this hedged?',
      createdAt: AT,
      resolvedBy: 'alice',
      resolvedAt: AT,
    },
    { id: 'c2', projectId: 'p1', documentId: 'd1', annotationId: 'a2', author: 'alice', text: 'No.', createdAt: AT },
  ],
  reviewDecisions: [
    { id: 'rd1', projectId: 'p1', documentId: 'd1', kind: 'accept', signatures: ['alice|Claim@19-70'], goldId: 'a9', by: 'rev', at: AT },
    { id: 'rd2', projectId: 'p1', documentId: 'd1', kind: 'reject', signatures: ['bob|Claim@0-6'], by: 'rev', at: AT },
  ],
  // Version 15: a document's annotations in one compact row, as the agreement reads them.
  annotationPacks: [
    packAnnotations('d1', 'p1', [ann('a1', 'Speaker', 0, 6), ann('a2', 'Claim', 19, 70)] as never) as unknown as Row,
    packAnnotations('d2', 'p2', []) as unknown as Row,
  ],
  claimGroups: [
    {
      id: 'g1',
      projectId: 'p1',
      layer: 'alice',
      canonical: 'Russia is sending attack helicopters to Syria',
      members: [
        { documentId: 'd1', annotationId: 'a2' },
        { documentId: 'd3', annotationId: 'a7' },
      ],
      note: 'Also reported by 😀 outlets',
      factChecks: [{ url: 'https://fullfact.org/x', publisher: 'Full Fact', verdict: 'Misleading', date: '2012-06-15' }],
      createdBy: 'alice',
      createdAt: AT,
      updatedBy: 'alice',
      updatedAt: AT,
      annotationIds: ['a2', 'a7'],
      documentIds: ['d1', 'd3'],
    },
    {
      id: 'g2',
      projectId: 'p1',
      layer: 'gold',
      canonical: 'Moscow sells arms',
      members: [],
      note: '',
      factChecks: [],
      createdBy: 'rev',
      createdAt: AT,
      updatedBy: 'rev',
      updatedAt: AT,
      annotationIds: [],
      documentIds: [],
    },
  ],
  layerImports: [
    { projectId: 'p1', layer: 'bob', created: AT, importedAt: AT, fileName: 'bob.claimscope.zip', schemaFingerprint: 'f'.repeat(16) },
    { projectId: 'p2', layer: 'carol', created: AT, importedAt: AT, fileName: 'carol.claimscope.zip', schemaFingerprint: 'e'.repeat(16) },
  ],
};

/** Rows for a table this suite does not know yet, built from its declared primary key and indexes. */
function rowsFromKeys(table: string, spec: string): Row[] {
  const keys = spec
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return [1, 2].map((n) => {
    const row: Row = { note: `${table} row ${n} 😀`, nested: { list: [1, 'two', { three: 3 }] } };
    for (const key of keys) {
      if (key.startsWith('++')) row[key.slice(2)] = n;
      else if (key.startsWith('*')) row[key.slice(1)] = [`${key.slice(1)}-${n}`, 'shared'];
      else
        for (const field of key
          .replace(/^&/, '')
          .replace(/^\[|\]$/g, '')
          .split('+'))
          row[field] = `${field}-${n}`;
    }
    return row;
  });
}

/** Every table that exists at `version`, with its current declaration. */
function tablesAt(version: number): Map<string, string> {
  const tables = new Map<string, string>();
  for (const v of STORE_VERSIONS) {
    if (v.version > version) break;
    for (const [name, spec] of Object.entries(v.stores)) {
      if (spec === null) tables.delete(name);
      else tables.set(name, spec);
    }
  }
  return tables;
}

/**
 * Index rows a later version rebuilds from the documents rather than keeps: version 11 drops the
 * text posting lists and clears the title rows, version 12 drops the word blocks and clears the
 * numbers and title rows, version 13 drops the title rows and clears the word rows (which gain the
 * title words) and numbers, as version 17 does (its rows say which numbers they cover), so the
 * text index pass indexes every document again. Version 18 clears the annotation packs (their ids
 * took another form), built again when read.
 */
const REBUILT: Record<string, number> = {
  textPostings: 11,
  searchTerms: 13,
  textBlocks: 12,
  textNumbers: 17,
  textGroups: 17,
  annotationPacks: 18,
};

const figures: { version: number; tables: number; rows: number; intact: number }[] = [];
afterAll(() => reportFigures('db-versions', figures));

describe('every database version opens with the current code, all rows intact', () => {
  for (const { version } of STORE_VERSIONS) {
    it(`version ${version}`, async () => {
      const name = `fixture-v${version}-${Math.random()}`;
      const tables = tablesAt(version);
      const written = new Map<string, Row[]>();
      const old = openDbAtVersion(name, version);
      await old.open();
      expect(old.verno).toBe(version);
      for (const [table, spec] of tables) {
        let rows = KNOWN[table] ?? rowsFromKeys(table, spec);
        // From version 4 on, the app writes each undo-log row with the annotations it touches.
        if (table === 'operations' && spec.includes('*annotationIds')) {
          rows = rows.map((op) => ({ ...op, annotationIds: touchedAnnotationIds(op.before as never, op.after as never) }));
        }
        await old.table(table).bulkAdd(rows);
        written.set(table, rows);
      }
      old.close();

      const db = new AppDb(name);
      await db.open();
      let rows = 0;
      let intact = 0;
      for (const [table, expected] of written) {
        if (version < (REBUILT[table] ?? 0)) {
          const left = db.tables.some((t) => t.name === table) ? await db.table(table).count() : 0;
          expect(left, `table ${table} (rebuilt)`).toBe(0);
          continue;
        }
        const now = await db.table(table).toArray();
        expect(now, `table ${table}`).toHaveLength(expected.length);
        for (const row of expected) {
          rows++;
          const back = now.find((r: Row) => JSON.stringify(keyOf(db, table, r)) === JSON.stringify(keyOf(db, table, row)));
          // Later upgrades may add fields; every field the old release wrote must be unchanged.
          expect(back, `${table} row ${JSON.stringify(keyOf(db, table, row))}`).toMatchObject(row);
          intact++;
        }
      }
      // What upgrades add is there too: the undo log's per-annotation index (version 4).
      for (const op of (await db.operations.toArray()) as OperationRecord[]) {
        expect(op.annotationIds).toEqual(touchedAnnotationIds(op.before, op.after));
      }
      // The summaries' list-order index (version 10) holds the rows written before it.
      for (const summary of written.get('documentSummaries') ?? []) {
        const listed = await loadSummaries(db, summary.projectId as string);
        expect(listed.map((r) => r.id)).toEqual([summary.id]);
      }
      // Documents are found by project (through [projectId+textHash] since version 14).
      for (const projectId of new Set((written.get('documents') ?? []).map((d) => d.projectId as string))) {
        const expected = written.get('documents')!.filter((d) => d.projectId === projectId).length;
        expect(await db.documents.where('projectId').equals(projectId).count(), `documents of ${projectId}`).toBe(expected);
      }
      // Each project's counts of documents and summaries (version 16) are those of its rows,
      // before and after the index check builds the summaries an old version lacked.
      const expectCounts = async () => {
        for (const projectId of ['p1', 'p2']) {
          const real = [
            await db.documents.where('projectId').equals(projectId).count(),
            await db.documentSummaries.where('projectId').equals(projectId).count(),
          ];
          const row = await db.projectCounts.get(projectId);
          expect([row?.documents ?? 0, row?.summaries ?? 0], `counts of ${projectId}`).toEqual(real);
        }
      };
      await expectCounts();
      // The text index answers for the documents, rebuilt from their texts where it was dropped.
      if (written.has('documents')) {
        await ensureCorpusIndex(db, 'p1');
        await expectCounts();
        const order = new Map((await loadSummaries(db, 'p1')).map((r, i) => [r.id, i]));
        expect((await searchCorpus(db, 'p1', 'syria', order)).hits.map((h) => h.id)).toEqual(['d1']);
        expect((await searchCorpus(db, 'p1', 'lavrov', order)).hits.map((h) => h.id)).toEqual(['d1']);
      }
      figures.push({ version, tables: written.size, rows, intact });
      db.close();
      await db.delete();
    });
  }
});

function keyOf(db: AppDb, table: string, row: Row): unknown {
  const keyPath = db.table(table).schema.primKey.keyPath;
  return Array.isArray(keyPath) ? keyPath.map((k) => row[k]) : row[keyPath as string];
}
