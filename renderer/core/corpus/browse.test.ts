import { describe, expect, it } from 'vitest';
import {
  isoDate,
  applyAnnotationDelta,
  NO_FILTER,
  applyFilter,
  facets,
  metaSubset,
  sortSummaries,
  summarize,
  toggleSelection,
  type DocumentSummary,
} from './browse.ts';
import type { DocumentId, ProjectId } from '../model/types.ts';

const doc = (id: string, over: Partial<DocumentSummary> = {}): DocumentSummary => ({
  id,
  projectId: 'p',
  title: id,
  createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
  updatedAt: '2026-01-01T00:00:00.000Z',
  meta: {},
  annotationCount: 0,
  labels: [],
  layers: [],
  ...over,
});

describe('summaries', () => {
  it('count annotations and list the labels and layers present, without the text', () => {
    const s = summarize(
      {
        id: 'd' as DocumentId,
        projectId: 'p' as ProjectId,
        title: 'T',
        createdAt: 'c',
        updatedAt: 'u',
        metadata: { source: 'BBC', year: 2004, abstract: 'x'.repeat(500), none: null },
      },
      [
        { label: 'Speaker', layer: 'ann' },
        { label: 'Claim', layer: 'gold' },
        { label: 'Claim', layer: 'ann' },
      ],
    );
    expect(s).toEqual({
      id: 'd',
      projectId: 'p',
      title: 'T',
      createdAt: 'c',
      updatedAt: 'u',
      meta: { source: 'BBC', year: '2004' },
      annotationCount: 3,
      labels: ['Claim', 'Speaker'],
      layers: ['ann', 'gold'],
      labelCounts: { Claim: 2, Speaker: 1 },
      layerCounts: { ann: 2, gold: 1 },
    });
    expect(s).not.toHaveProperty('text');
  });
  it('follow added and removed annotations without a recount', () => {
    const s = summarize({ id: 'd' as DocumentId, projectId: 'p' as ProjectId, title: 'T', createdAt: 'c', updatedAt: 'u', metadata: {} }, [
      { label: 'Speaker', layer: 'ann' },
      { label: 'Claim', layer: 'ann' },
    ]);
    const next = applyAnnotationDelta(s, [{ label: 'Source', layer: 'gold' }], [{ label: 'Speaker', layer: 'ann' }])!;
    expect(next).toMatchObject({
      annotationCount: 2,
      labels: ['Claim', 'Source'],
      layers: ['ann', 'gold'],
      labelCounts: { Claim: 1, Source: 1 },
      layerCounts: { ann: 1, gold: 1 },
    });
    // A relabel is the old annotation removed and the new one added.
    const relabelled = applyAnnotationDelta(next, [{ label: 'Speaker', layer: 'ann' }], [{ label: 'Claim', layer: 'ann' }])!;
    expect(relabelled.labels).toEqual(['Source', 'Speaker']);
    expect(relabelled.annotationCount).toBe(2);
    // Rows from before per-label counts existed ask for a recount.
    const { labelCounts: _l, layerCounts: _y, ...old } = s;
    expect(applyAnnotationDelta(old, [], [])).toBeNull();
  });
  it('keep at most 16 short metadata values', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, `v${i}`]));
    expect(Object.keys(metaSubset(many))).toHaveLength(16);
  });
});

describe('facets', () => {
  const docs = [
    doc('a', { labels: ['Claim'], layers: ['ann'], meta: { category: 'business', date: '2004-02-01', fileName: 'a.txt' } }),
    doc('bb', { labels: ['Speaker'], layers: ['gold'], meta: { category: 'tech', date: '2004-03-05', fileName: 'b.txt' } }),
    doc('ccc', { meta: { category: 'business', url: 'https://x', fileName: 'c.txt' } }),
  ];
  it('offer labels, layers, shared metadata values and the date key', () => {
    const f = facets(docs);
    expect(f.labels).toEqual(['Claim', 'Speaker']);
    expect(f.layers).toEqual(['ann', 'gold']);
    expect(f.dateKey).toBe('date');
    // category is shared by documents; fileName is one value per document; url is never a facet
    expect(f.meta).toEqual([
      {
        key: 'category',
        values: [
          { value: 'business', count: 2 },
          { value: 'tech', count: 1 },
        ],
        truncated: false,
      },
    ]);
  });
});

describe('applyFilter', () => {
  const docs = [
    doc('a', { labels: ['Claim'], layers: ['ann'], meta: { category: 'business', date: '2004-02-01' } }),
    doc('bb', { labels: ['Speaker'], layers: ['gold'], meta: { category: 'tech', date: '2004-03-05T10:00:00Z' } }),
    doc('ccc', { labels: ['Claim', 'Speaker'], layers: ['ann'], meta: { category: 'business' } }),
  ];
  const statuses: Record<string, string> = { bb: 'done' };
  const statusOf = (id: string) => statuses[id] ?? 'new';
  const ids = (f: Partial<typeof NO_FILTER>) => applyFilter(docs, { ...NO_FILTER, ...f }, statusOf, 'date').map((d) => d.id);
  it('filters by status, label, layer and metadata', () => {
    expect(ids({})).toEqual(['a', 'bb', 'ccc']);
    expect(ids({ status: 'done' })).toEqual(['bb']);
    expect(ids({ status: 'new' })).toEqual(['a', 'ccc']);
    expect(ids({ label: 'Claim' })).toEqual(['a', 'ccc']);
    expect(ids({ layer: 'gold' })).toEqual(['bb']);
    expect(ids({ meta: { category: 'business' } })).toEqual(['a', 'ccc']);
    expect(ids({ label: 'Speaker', meta: { category: 'business' } })).toEqual(['ccc']);
  });
  it('filters by a date range, both days included, leaving out documents without a date', () => {
    expect(ids({ dateFrom: '2004-02-01', dateTo: '2004-03-05' })).toEqual(['a', 'bb']);
    expect(ids({ dateFrom: '2004-02-02' })).toEqual(['bb']);
    expect(ids({ dateTo: '2004-02-01' })).toEqual(['a']);
  });
});

describe('sortSummaries', () => {
  const docs = [
    doc('a', { title: 'beta', annotationCount: 5, updatedAt: '2026-03-01', meta: { date: '2004-05-01' } }),
    doc('bb', { title: 'Alpha', annotationCount: 1, updatedAt: '2026-02-01' }),
    doc('ccc', { title: 'alpha 10', annotationCount: 5, updatedAt: '2026-04-01', meta: { date: '2003-01-01' } }),
    doc('dddd', { title: 'alpha 9', annotationCount: 0, updatedAt: '2026-01-01', meta: { date: '2005-01-01' } }),
  ];
  const ids = (k: Parameters<typeof sortSummaries>[1], d: 'asc' | 'desc') => sortSummaries(docs, k, d, 'date').map((x) => x.id);
  it('sorts by title (case-insensitive, numbers in order), count, change and date', () => {
    expect(ids('title', 'asc')).toEqual(['bb', 'dddd', 'ccc', 'a']);
    expect(ids('annotations', 'desc')).toEqual(['a', 'ccc', 'bb', 'dddd']); // ties keep the order added
    expect(ids('changed', 'desc')).toEqual(['ccc', 'a', 'bb', 'dddd']);
    expect(ids('date', 'asc')).toEqual(['ccc', 'a', 'dddd', 'bb']); // no date: last
    expect(ids('date', 'desc')).toEqual(['dddd', 'a', 'ccc', 'bb']);
    expect(ids('added', 'desc')).toEqual(['dddd', 'ccc', 'bb', 'a']);
  });
  it('does not change its input', () => {
    const before = docs.map((d) => d.id);
    sortSummaries(docs, 'title', 'desc', null);
    expect(docs.map((d) => d.id)).toEqual(before);
  });
});

describe('toggleSelection', () => {
  const visible = ['a', 'b', 'c', 'd', 'e'];
  it('toggles one document on a plain click', () => {
    const s = toggleSelection(new Set(), visible, 'b', null, false);
    expect([...s]).toEqual(['b']);
    expect([...toggleSelection(s, visible, 'b', 'b', false)]).toEqual([]);
  });
  it('selects the range from the anchor on shift-click, in either direction', () => {
    expect([...toggleSelection(new Set(['b']), visible, 'd', 'b', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...toggleSelection(new Set(['d']), visible, 'a', 'd', true)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clears the range when the anchor was just unselected', () => {
    expect([...toggleSelection(new Set(['c', 'd']), visible, 'd', 'b', true)]).toEqual([]);
  });
});

describe('isoDate', () => {
  it('reads the ways CSV files write dates', () => {
    expect(isoDate('2012-06-13')).toBe('2012-06-13');
    expect(isoDate('2012-06-13T10:00:00Z')).toBe('2012-06-13');
    expect(isoDate('2012-06')).toBe('2012-06');
    expect(isoDate('14/02/2005')).toBe('2005-02-14');
    expect(isoDate('4.2.2005')).toBe('2005-02-04');
    expect(isoDate('02/14/2005')).toBe('2005-02-14');
    expect(isoDate('14 February 2005')).toBe('2005-02-14');
    expect(isoDate('Feb 14, 2005')).toBe('2005-02-14');
    expect(isoDate('1st March 2005')).toBe('2005-03-01');
  });
  it('is null for what is not a date', () => {
    for (const v of ['business', '2005', '31/31/2005', '14 Foo 2005', '12345', '']) expect(isoDate(v)).toBeNull();
  });
});
