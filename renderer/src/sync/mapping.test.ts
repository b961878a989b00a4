import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  docIdOf,
  fromDoc,
  keyOfRecord,
  recordKeyOf,
  SYNCED_TABLES,
  toDocs,
  type CouchDoc,
  type SyncedRecords,
  type SyncedTable,
} from './mapping.ts';
import { sha256Hex } from '../../core/model/hash.ts';

const PROJECT = 'p-local';
// Ids and names with the characters that could break an id: separators, percent signs, emoji.
const name = fc.string({ unit: fc.constantFrom('a', 'B', ':', '%', '/', ' ', 'é', '👍', '_'), minLength: 1, maxLength: 8 });
const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', '👍', '"'), minLength: 1, maxLength: 30 });
const when = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const values = fc.dictionary(name, value, { maxKeys: 3 });
const span = fc.tuple(fc.nat(50), fc.nat(50)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));

const arbs: { [T in SyncedTable]: fc.Arbitrary<SyncedRecords[T]> } = {
  projects: fc.record({
    id: fc.constant(PROJECT),
    name,
    schema: fc.record({
      version: fc.constant(1 as const),
      labels: fc.array(fc.record({ name, color: fc.constant('#aabbcc'), hotkey: fc.constantFrom('1', '2') }), { maxLength: 3 }),
      relationTypes: fc.array(fc.record({ name, from: fc.array(name, { maxLength: 2 }), to: fc.array(name, { maxLength: 2 }) }), {
        maxLength: 2,
      }),
    }),
    createdAt: when,
    updatedAt: when,
  }) as fc.Arbitrary<SyncedRecords['projects']>,
  documents: fc
    .record({
      id: name,
      title: name,
      text,
      metadata: fc.dictionary(name, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
      createdAt: when,
      updatedAt: when,
    })
    .map((d) => ({
      ...d,
      projectId: PROJECT,
      blocks: [{ kind: 'paragraph' as const, start: 0, end: d.text.length }],
      textHash: sha256Hex(d.text),
    })) as fc.Arbitrary<SyncedRecords['documents']>,
  annotations: fc
    .record({
      id: name,
      documentId: name,
      layer: name,
      label: name,
      ranges: fc.array(span, { minLength: 1, maxLength: 3 }),
      quote: text,
      attributes: values,
      note: fc.string(),
      origin: fc.constantFrom('human', 'import', 'rule', 'model'),
      createdBy: name,
      createdAt: when,
      updatedBy: name,
      updatedAt: when,
    })
    .map((a) => ({ ...a, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['annotations']>,
  relations: fc
    .record({
      id: name,
      documentId: name,
      layer: name,
      from: name,
      to: name,
      type: name,
      createdBy: name,
      createdAt: when,
      updatedBy: name,
      updatedAt: when,
    })
    .map((r) => ({ ...r, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['relations']>,
  entities: fc
    .record(
      {
        id: name,
        name,
        aliases: fc.array(name, { maxLength: 3 }),
        externalId: fc.constantFrom('Q6294', 'Q1'),
        createdAt: when,
        updatedAt: when,
      },
      { requiredKeys: ['id', 'name', 'aliases', 'createdAt', 'updatedAt'] },
    )
    .map((e) => ({ ...e, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['entities']>,
  documentStatus: fc
    .record(
      {
        documentId: name,
        annotator: name,
        status: fc.constantFrom('new', 'in progress', 'done', 'reviewed'),
        updatedAt: when,
        overriddenProblems: fc.array(fc.string(), { maxLength: 2 }),
      },
      { requiredKeys: ['documentId', 'annotator', 'status', 'updatedAt'] },
    )
    .map((s) => ({ ...s, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['documentStatus']>,
  documentAttributes: fc
    .record({ documentId: name, layer: name, values, updatedBy: name, updatedAt: when })
    .map((s) => ({ ...s, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['documentAttributes']>,
  comments: fc
    .record(
      {
        id: name,
        documentId: name,
        annotationId: name,
        author: name,
        text: fc.string(),
        createdAt: when,
        resolvedBy: name,
        resolvedAt: when,
      },
      { requiredKeys: ['id', 'documentId', 'annotationId', 'author', 'text', 'createdAt'] },
    )
    .map((c) => ({ ...c, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['comments']>,
  reviewDecisions: fc
    .record(
      {
        id: name,
        documentId: name,
        kind: fc.constantFrom('accept', 'reject', 'nothing-right'),
        signatures: fc.array(fc.string(), { maxLength: 3 }),
        goldId: name,
        by: name,
        at: when,
      },
      { requiredKeys: ['id', 'documentId', 'kind', 'signatures', 'by', 'at'] },
    )
    .map((d) => ({ ...d, projectId: PROJECT })) as fc.Arbitrary<SyncedRecords['reviewDecisions']>,
  claimGroups: fc
    .record({
      id: name,
      layer: name,
      canonical: text,
      members: fc.array(fc.record({ documentId: name, annotationId: name }), { maxLength: 4 }),
      note: fc.string(),
      factChecks: fc.array(
        fc.record({
          url: fc.constantFrom('https://fullfact.org/a', 'http://x.example/b'),
          publisher: name,
          verdict: name,
          date: fc.constantFrom('', '2012-06-15'),
        }),
        { maxLength: 2 },
      ),
      createdBy: name,
      createdAt: when,
      updatedBy: name,
      updatedAt: when,
    })
    .map((g) => ({
      ...g,
      projectId: PROJECT,
      annotationIds: g.members.map((m) => m.annotationId),
      documentIds: [...new Set(g.members.map((m) => m.documentId))],
    })) as fc.Arbitrary<SyncedRecords['claimGroups']>,
};

/** What a CouchDB server hands back: JSON, with a revision and maybe conflicts added. */
const throughServer = (doc: CouchDoc): CouchDoc => ({ ...JSON.parse(JSON.stringify(doc)), _rev: '3-abc', _conflicts: ['3-def'] });

describe('record ↔ CouchDB document mapping', () => {
  for (const table of SYNCED_TABLES) {
    it(`round-trips ${table} records through the server`, () => {
      fc.assert(
        fc.property(arbs[table], (record) => {
          const docs = toDocs(table, record).map(throughServer);
          const texts = new Map(docs.filter((d) => d.type === 'text').map((d) => [d._id.slice('text:'.length), d.text as string]));
          const main = docs.find((d) => d.type !== 'text')!;
          const back = fromDoc(main, PROJECT, (hash) => texts.get(hash));
          expect(back).toEqual({ table, record });
          // The id is deterministic and names the record's key.
          expect(main._id).toBe(docIdOf(table, keyOfRecord(table, record as never)));
          expect(recordKeyOf(main._id, PROJECT)).toEqual({ table, key: keyOfRecord(table, record as never) });
        }),
        { numRuns: 150 },
      );
    });
  }

  it('stores an article text once, keyed by its hash, and waits for it', () => {
    fc.assert(
      fc.property(arbs.documents, name, (doc, otherId) => {
        const [a, textA] = toDocs('documents', doc);
        const [, textB] = toDocs('documents', { ...doc, id: otherId as never, title: 'Copy' });
        expect(textA!._id).toBe(`text:${doc.textHash}`);
        expect(textB!._id).toBe(textA!._id);
        expect(a!.record).not.toHaveProperty('text');
        expect(fromDoc(a!, PROJECT, () => undefined)).toBeNull();
      }),
    );
  });

  it('stores a claim group without its index fields, and derives them from the members on arrival', () => {
    fc.assert(
      fc.property(arbs.claimGroups, (group) => {
        const [doc] = toDocs('claimGroups', group);
        expect(doc!.record).not.toHaveProperty('annotationIds');
        expect(doc!.record).not.toHaveProperty('documentIds');
        // A server copy whose index fields were tampered with still comes back indexed by its members.
        const tampered = { ...doc!, record: { ...doc!.record, annotationIds: ['elsewhere'] } };
        const back = fromDoc(tampered, PROJECT, () => undefined)!.record as SyncedRecords['claimGroups'];
        expect(back.annotationIds).toEqual(group.members.map((m) => m.annotationId));
      }),
    );
  });

  it('ignores design, text and unknown documents', () => {
    expect(recordKeyOf('_design/claimscope', PROJECT)).toBeNull();
    expect(recordKeyOf('text:abc', PROJECT)).toBeNull();
    expect(recordKeyOf('other:1', PROJECT)).toBeNull();
    expect(recordKeyOf('status:only-one-part', PROJECT)).toBeNull();
  });
});
