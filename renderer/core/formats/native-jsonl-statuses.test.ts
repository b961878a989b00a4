import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import type { DocumentId, DocumentRecord, Project, ProjectId } from '../model/types.ts';
import { selectDataset, writeExport } from './exports.ts';
import { parseJsonl, serializeJsonl } from './native-jsonl.ts';
import { describeError, type Dataset } from './types.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
const T = '2026-11-29T08:00:00.000Z';
const project: Project = { id: 'p' as ProjectId, name: 'P', schema: DEFAULT_SCHEMA, createdAt: T, updatedAt: T };
const doc = (id: string): DocumentRecord => ({
  id: id as DocumentId,
  projectId: project.id,
  title: id,
  text: TEXT,
  blocks: [],
  metadata: {},
  textHash: '',
  createdAt: T,
  updatedAt: T,
});

const dataset = (documentStatuses: Dataset['documentStatuses']): Dataset => ({
  project,
  documents: [doc('d1'), doc('d2'), doc('d3')],
  annotations: [],
  relations: [],
  documentStatuses,
});

describe('Claimscope JSONL: document statuses', () => {
  it('writes each annotator’s status on its document’s line, sorted, and reads it back', () => {
    const out = serializeJsonl(
      dataset([
        { documentId: 'd1', annotator: 'zoe', status: 'in progress', updatedAt: T },
        { documentId: 'd1', annotator: 'ann', status: 'done', updatedAt: T, overriddenProblems: ['A claim has no speaker.'] },
        { documentId: 'd2', annotator: 'ann', status: 'reviewed', updatedAt: T },
      ]),
    );
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].statuses).toEqual([
      { annotator: 'ann', status: 'done', updatedAt: T, overriddenProblems: ['A claim has no speaker.'] },
      { annotator: 'zoe', status: 'in progress', updatedAt: T },
    ]);
    expect(lines[2].statuses).toBeUndefined();
    const back = parseJsonl('x.jsonl', out);
    if (!back.ok) throw new Error(describeError(back.error));
    expect(back.value.map((d) => d.statuses)).toEqual([
      lines[0].statuses,
      [{ annotator: 'ann', status: 'reviewed', updatedAt: T }],
      undefined,
    ]);
  });

  it('rejects an unknown status and a duplicate annotator, naming the line', () => {
    const line = (statuses: unknown) => JSON.stringify({ text: 'x', statuses });
    const bad = parseJsonl('x.jsonl', `${line([])}\n${line([{ annotator: 'ann', status: 'finished', updatedAt: T }])}\n`);
    expect(!bad.ok && describeError(bad.error)).toBe('x.jsonl:2: Field statuses[0].status: must be new, in progress, done or reviewed.');
    const twice = parseJsonl(
      'x.jsonl',
      line([
        { annotator: 'ann', status: 'done', updatedAt: T },
        { annotator: 'ann', status: 'new', updatedAt: T },
      ]),
    );
    expect(!twice.ok && describeError(twice.error)).toBe('x.jsonl:1: The status of annotator "ann" appears twice.');
  });

  it('export → import → export is a fixed point, chunked or whole, and a layer selection keeps that annotator’s statuses', () => {
    const arb = fc.array(
      fc.record({
        documentId: fc.constantFrom('d1', 'd2', 'd3'),
        annotator: fc.constantFrom('ann', 'bob', 'gold'),
        status: fc.constantFrom('new', 'in progress', 'done', 'reviewed'),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const unique = [...new Map(rows.map((r) => [`${r.documentId}|${r.annotator}`, { ...r, updatedAt: T }])).values()];
        const d = dataset(unique);
        const first = serializeJsonl(d);
        const back = parseJsonl('x.jsonl', first);
        if (!back.ok) throw new Error(describeError(back.error));
        const rebuilt = dataset(back.value.flatMap((doc, i) => (doc.statuses ?? []).map((s) => ({ documentId: `d${i + 1}`, ...s }))));
        expect(serializeJsonl(rebuilt)).toBe(first);
        const steps = writeExport('jsonl', d, 1);
        let step = steps.next();
        while (!step.done) step = steps.next();
        expect(step.value.data).toBe(first);
        const annOnly = selectDataset(d, { layers: ['ann'] });
        expect(annOnly.documentStatuses!.every((s) => s.annotator === 'ann')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
