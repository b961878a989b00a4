import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { newAnnotation, newDocument } from '../model/records.ts';
import type { AnnotationId, DocumentId, ProjectId } from '../model/types.ts';
import type { Dataset } from '../formats/types.ts';
import { scoreCounts } from '../metrics/spans.ts';
import { agreementSummary, formatSummary, layerFromDataset, matchLayersByText, summaryJson, uniqueNames } from './agreementCli.ts';

const T0 = '2026-11-29T08:00:00.000Z';
const TEXT_A = 'Lavrov said Russia sells only defensive weapons, Reuters reported.';
const TEXT_B = 'Clinton said Russia was arming Syria.';
function dataset(prefix: string, layer: string, spans: [string, string, string][], extraDoc?: string): Dataset {
  const texts = [TEXT_A, TEXT_B, ...(extraDoc ? [extraDoc] : [])];
  const documents = texts.map((text, i) =>
    newDocument('p' as ProjectId, { id: `${prefix}${i}` as DocumentId, title: `doc ${i}`, text, blocks: [], metadata: {} }, T0),
  );
  const annotations = spans.map(([docText, label, quote], i) => {
    const d = documents.find((x) => x.text === docText)!;
    const start = docText.indexOf(quote);
    const ranges = [{ start, end: start + quote.length }];
    return newAnnotation(d, { id: `${prefix}a${i}` as AnnotationId, label, ranges, layer, origin: 'import' }, { by: layer, at: T0 });
  });
  return {
    project: { id: 'p' as ProjectId, name: 'P', schema: DEFAULT_SCHEMA, createdAt: T0, updatedAt: T0 },
    documents,
    annotations,
    relations: [],
  };
}

// Two layers with known differences: alice and bob agree exactly on two spans, bob's claim has a
// different boundary (an overlap match, not exact), bob calls Reuters a Speaker (no match), and
// alice has one span bob lacks. Documents have different ids in the two inputs.
const alice = dataset(
  'x',
  'alice',
  [
    [TEXT_A, 'Speaker', 'Lavrov'],
    [TEXT_A, 'Claim', 'Russia sells only defensive weapons'],
    [TEXT_A, 'Source', 'Reuters'],
    [TEXT_B, 'Speaker', 'Clinton'],
    [TEXT_B, 'Claim', 'Russia was arming Syria'],
  ],
  'Only alice has this one.',
);
const bob = dataset('y', 'bob', [
  [TEXT_A, 'Speaker', 'Lavrov'],
  [TEXT_A, 'Claim', 'Russia sells only defensive'],
  [TEXT_A, 'Speaker', 'Reuters'],
  [TEXT_B, 'Speaker', 'Clinton'],
]);

function layers() {
  const a = layerFromDataset('alice.jsonl', alice, { fallbackName: 'alice-file' });
  const b = layerFromDataset('bob.jsonl', bob, { fallbackName: 'bob-file' });
  if (!a.ok || !b.ok) throw new Error('layers');
  return [a.layer, b.layer];
}

describe('agreement over inputs', () => {
  it('matches documents by text and reports the ones only one input has', () => {
    const m = matchLayersByText(layers());
    expect(m.layers).toEqual(['alice', 'bob']);
    expect(m.input.documents.map((d) => d.text)).toEqual([TEXT_A, TEXT_B]);
    expect(m.unmatched).toEqual([{ layer: 'alice', title: 'doc 2' }]);
  });

  it('gives span P/R/F1 per label and over all labels, from the known differences', () => {
    const { summary } = agreementSummary(matchLayersByText(layers()));
    // alice is the reference (the first input). Exact: Lavrov, Clinton → tp 2; alice 5 spans, bob 4.
    expect(summary.spanF1['*']!.exact).toEqual({ ...pick(scoreCounts(2, 2, 3)) });
    // Overlap: the claim with another boundary pairs up too → tp 3.
    expect(summary.spanF1['*']!.overlap).toEqual({ ...pick(scoreCounts(3, 1, 2)) });
    expect(summary.spanF1.Speaker!.exact).toEqual(pick(scoreCounts(2, 1, 0)));
    expect(summary.spanF1.Claim!.exact).toEqual(pick(scoreCounts(0, 1, 2)));
    expect(summary.spanF1.Claim!.overlap).toEqual(pick(scoreCounts(1, 0, 1)));
    expect(summary.spanF1.Source!.exact).toEqual(pick(scoreCounts(0, 0, 1)));
    expect(summary.pairs).toHaveLength(1);
  });

  it('--label assesses one label, with "*" for that label alone', () => {
    const { summary } = agreementSummary(matchLayersByText(layers()), { label: 'Claim' });
    expect(Object.keys(summary.spanF1).sort()).toEqual(['*', 'Claim']);
    expect(summary.spanF1['*']!.overlap).toEqual(pick(scoreCounts(1, 0, 1)));
  });

  it('writes JSON with null for undefined figures and a readable table', () => {
    const { summary } = agreementSummary(matchLayersByText(layers()));
    const json = JSON.parse(summaryJson(summary));
    expect(json.spanF1['*'].exact.f1).toBeCloseTo(4 / 9, 12);
    const text = formatSummary(summary);
    expect(text).toMatch(/^Layers: alice, bob/);
    expect(text).toMatch(/Not compared \(only one input has them\): 1 document\(s\): “doc 2” \(alice\)/);
    expect(text).toMatch(/\* \(all\).*0\.444/);
  });

  it('refuses an input with several layers and names generic layers after the file', () => {
    const mixed = {
      ...alice,
      annotations: [...alice.annotations, ...bob.annotations.map((a) => ({ ...a, documentId: alice.documents[0]!.id }))],
    };
    const r = layerFromDataset('mixed.jsonl', mixed, { fallbackName: 'mixed' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/mixed\.jsonl: holds 2 layers \(alice, bob\)/);
    const generic = layerFromDataset(
      'ann/',
      { ...bob, annotations: bob.annotations.map((a) => ({ ...a, layer: 'import' })) },
      { fallbackName: 'ann' },
    );
    expect(generic.ok && generic.layer.name).toBe('ann');
    expect(uniqueNames(['a', 'a', 'b', 'a'])).toEqual(['a', 'a (2)', 'b', 'a (3)']);
  });
});

function pick(r: { precision: number; recall: number; f1: number }) {
  return { precision: r.precision, recall: r.recall, f1: r.f1 };
}
