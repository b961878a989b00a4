/**
 * Migration to db version 4: undo-log rows written by version 1 get `annotationIds` (their own
 * annotations and both ends of their relations), so an annotation's history is one index lookup.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDb, type OperationRecord } from './db.ts';
import { annotationHistory } from './annotations.ts';
import type { Annotation, Relation } from '../../core/model/types.ts';
import { openDbAtVersion } from './testing.ts';

let name = '';
afterEach(async () => {
  await Dexie.delete(name);
});

const ann = (id: string, label: string): Annotation =>
  ({
    id,
    projectId: 'p',
    documentId: 'd',
    layer: 'ann',
    label,
    ranges: [{ start: 0, end: 3 }],
    quote: 'abc',
    attributes: {},
    note: '',
    origin: 'human',
    createdBy: 'ann',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedBy: 'ann',
    updatedAt: '2026-11-01T00:00:00.000Z',
  }) as Annotation;
const rel = (id: string, from: string, to: string): Relation =>
  ({
    id,
    projectId: 'p',
    documentId: 'd',
    layer: 'ann',
    from,
    to,
    type: 'said by',
    createdBy: 'ann',
    createdAt: '',
    updatedBy: 'ann',
    updatedAt: '',
  }) as Relation;

describe('db version 4: the undo log indexed by annotation', () => {
  it('fills annotationIds for operations written by version 1 and keeps every row', async () => {
    name = `migrate-${Math.random()}`;
    const old = openDbAtVersion(name, 1);
    const rows: Omit<OperationRecord, 'annotationIds'>[] = [
      {
        projectId: 'p',
        documentId: 'd',
        description: 'Add Claim',
        at: '2026-11-01T00:00:00.000Z',
        by: 'ann',
        before: { annotations: [], relations: [] },
        after: { annotations: [ann('a1', 'Claim')], relations: [] },
        undone: 0,
      },
      {
        projectId: 'p',
        documentId: 'd',
        description: 'Add Speaker',
        at: '2026-11-01T00:01:00.000Z',
        by: 'ann',
        before: { annotations: [], relations: [] },
        after: { annotations: [ann('a2', 'Speaker')], relations: [] },
        undone: 0,
      },
      {
        projectId: 'p',
        documentId: 'd',
        description: 'Link Claim said by Speaker',
        at: '2026-11-01T00:02:00.000Z',
        by: 'ann',
        before: { annotations: [], relations: [] },
        after: { annotations: [], relations: [rel('r1', 'a1', 'a2')] },
        undone: 1,
      },
    ];
    await old.table('operations').bulkAdd(rows);
    await old.table('settings').add({ key: 'annotator', value: 'ann' });
    old.close();

    const db = new AppDb(name);
    await db.open();
    const ops = await db.operations.orderBy('seq').toArray();
    expect(ops.map(({ annotationIds: _ids, seq: _seq, ...rest }) => rest)).toEqual(rows);
    expect(ops.map((o) => o.annotationIds)).toEqual([['a1'], ['a2'], ['a1', 'a2']]);
    expect((await annotationHistory(db, 'a2')).map((o) => o.description)).toEqual(['Link Claim said by Speaker', 'Add Speaker']);
    expect((await annotationHistory(db, 'a1')).map((o) => o.description)).toEqual(['Link Claim said by Speaker', 'Add Claim']);
    expect(await db.settings.get('annotator')).toEqual({ key: 'annotator', value: 'ann' });
    db.close();
  });
});
