import { describe, expect, it } from 'vitest';
import { checkedRanges, documentProblem, importedAnnotation, newAnnotation, newDocument, newRelation } from './records.ts';
import { growSchema, LABEL_PALETTE } from './schema.ts';
import type { AnnotationId, DocumentId, ProjectId, Schema } from './types.ts';
import { ValidationError } from './validation.ts';

const AT = '2026-03-04T05:06:07.000Z';
const doc = { id: 'd1' as DocumentId, projectId: 'p1' as ProjectId, text: 'Lavrov said 😀 the arms are old.' };

describe('newAnnotation', () => {
  it('normalises the ranges once, quotes them and fills in who and when', () => {
    const a = newAnnotation(
      doc,
      {
        label: 'Claim',
        layer: 'alice',
        ranges: [
          { start: 19, end: 23 },
          { start: 15, end: 17 },
          { start: 16, end: 18 },
          { start: 12, end: 14 },
        ],
      },
      { by: 'alice', at: AT },
    );
    expect(a.ranges).toEqual([
      { start: 12, end: 14 },
      { start: 15, end: 18 },
      { start: 19, end: 23 },
    ]);
    expect(a.quote).toBe('😀 … the … arms');
    expect(a).toMatchObject({ projectId: 'p1', documentId: 'd1', origin: 'human', note: '', attributes: {} });
    expect(a).toMatchObject({ createdBy: 'alice', createdAt: AT, updatedBy: 'alice', updatedAt: AT });
  });

  it('refuses what does not fit the text, with the problem as the message', () => {
    const make =
      (ranges: { start: number; end: number }[], label = 'Claim', layer = 'alice') =>
      () =>
        newAnnotation(doc, { label, layer, ranges }, { by: 'alice', at: AT });
    expect(make([{ start: 0, end: 99 }])).toThrow(/ends past the end of the text, which is 32 characters long/);
    expect(make([{ start: 13, end: 16 }])).toThrow(/cuts a character \(such as an emoji\) in half/);
    expect(make([{ start: 3, end: 3 }])).toThrow('The annotation has no ranges.');
    expect(make([{ start: 0, end: 6 }], ' ')).toThrow('An annotation needs a label.');
    expect(make([{ start: 0, end: 6 }], 'Claim', '')).toThrow(ValidationError);
  });
});

describe('importedAnnotation', () => {
  it('keeps what the file says and falls back to the importer, then the layer, for who made it', () => {
    const input = { label: 'Speaker', ranges: [{ start: 0, end: 6 }], createdBy: 'bob', createdAt: '2020-01-01T00:00:00.000Z' };
    const a = importedAnnotation(doc, input, { layer: 'suggestions', id: 'T1' as AnnotationId }, { by: 'carol', at: AT });
    expect(a).toMatchObject({ id: 'T1', layer: 'suggestions', origin: 'import', createdBy: 'bob', updatedBy: 'bob' });
    expect(a.updatedAt).toBe('2020-01-01T00:00:00.000Z');
    const byImporter = importedAnnotation(
      doc,
      { label: 'Cue', ranges: [{ start: 7, end: 11 }], layer: 'gold' },
      { layer: 'x' },
      { by: 'carol', at: AT },
    );
    expect(byImporter).toMatchObject({ layer: 'gold', createdBy: 'carol', createdAt: AT });
    const byLayer = importedAnnotation(doc, { label: 'Cue', ranges: [{ start: 7, end: 11 }] }, { layer: 'import' }, { at: AT });
    expect(byLayer.createdBy).toBe('import');
  });
});

describe('newRelation', () => {
  it('builds a link with the same defaults, and refuses one without a type', () => {
    const ends = { from: 'a1' as AnnotationId, to: 'a2' as AnnotationId };
    expect(newRelation(doc, { ...ends, type: 'said by', layer: 'gold', createdBy: 'alice' }, { by: 'rev', at: AT })).toMatchObject({
      documentId: 'd1',
      layer: 'gold',
      createdBy: 'alice',
      updatedBy: 'alice',
      createdAt: AT,
    });
    expect(() => newRelation(doc, { ...ends, type: ' ', layer: 'gold' }, { at: AT })).toThrow('A link needs a relation type.');
  });
});

describe('newDocument', () => {
  it('hashes the text and names the file when a block lies outside it', () => {
    const d = newDocument(
      'p1' as ProjectId,
      { title: '  ', text: 'abc', blocks: [{ kind: 'paragraph', start: 0, end: 3 }], metadata: {} },
      AT,
    );
    expect(d).toMatchObject({
      title: 'Untitled',
      textHash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      createdAt: AT,
    });
    const bad = {
      title: 'T',
      text: 'abc',
      blocks: [{ kind: 'paragraph' as const, start: 1, end: 9 }],
      metadata: {},
      sourceFile: 'news/a.jsonl',
    };
    expect(() => newDocument('p1' as ProjectId, bad, AT)).toThrow(
      'news/a.jsonl: Block 1 (1–9) lies outside the text, which is 3 characters long.',
    );
    expect(documentProblem({ text: '', blocks: [] })).toBe('The document has no text.');
    expect(
      checkedRanges('abcdef', [
        { start: 2, end: 4 },
        { start: 0, end: 2 },
      ]),
    ).toEqual([{ start: 0, end: 4 }]);
  });
});

describe('growSchema', () => {
  const base: Schema = { version: 1, labels: [{ name: 'Claim', color: '#000000', hotkey: '1' }], relationTypes: [] };
  it('adds the labels and relation types the data uses, sorted, and returns the base when nothing is new', () => {
    const grown = growSchema(base, [], { labels: ['Source', 'Claim', 'Actor', 'Source'], relationTypes: ['said by'] });
    expect(grown.labels.map((l) => [l.name, l.color])).toEqual([
      ['Claim', '#000000'],
      ['Actor', LABEL_PALETTE[1]],
      ['Source', LABEL_PALETTE[2]],
    ]);
    expect(grown.relationTypes).toEqual([{ name: 'said by', from: [], to: [] }]);
    expect(growSchema(base, [], { labels: ['Claim'], relationTypes: [] })).toBe(base);
  });

  it('takes a read schema’s labels without their hotkeys', () => {
    const conf: Schema = {
      version: 1,
      labels: [{ name: 'Person', color: '#111111', hotkey: '1' }],
      relationTypes: [{ name: 'Org-Aff', from: ['Person'], to: [] }],
    };
    const grown = growSchema(base, [conf], { labels: [], relationTypes: [] });
    expect(grown.labels[1]).toEqual({ name: 'Person', color: '#111111' });
    expect(grown.relationTypes).toEqual(conf.relationTypes);
  });
});
