/**
 * The dashboard's computation (a summary of each document, its figures when asked for) against the
 * full report, on random corpora whose later documents bring labels and combined values the earlier
 * ones lacked (so the label views grow between a document's turn and the question), with missing
 * layers, attributes, relations and discontinuous ranges: every number must be the same, bit for
 * bit (-0, NaN and the order of every list included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgreementComputation, agreementReport, type AgreementDocumentInput, type AgreementInput } from './report.ts';

const exactly = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? (Object.is(v, -0) ? '#-0' : `#${v}`) : v));

const LABELS = ['Claim', 'Speaker', 'Source', 'Cue', 'Quote'];
const LAYERS = ['ann', 'ben', 'cat', 'dan'];
const WORDS = ['Lavrov', 'said', 'the', 'weapons', ',', 'Reuters', 'café', '—', 'denied'];

const spanArb = fc.record({
  start: fc.nat(150),
  size: fc.integer({ min: 1, max: 30 }),
  label: fc.nat(LABELS.length - 1),
  split: fc.boolean(),
  stance: fc.option(fc.constantFrom('for', 'against'), { freq: 2 }),
  said: fc.option(fc.nat(8), { freq: 2 }),
});

const documentArb = (d: number) =>
  fc
    .record({
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }),
      layers: fc.array(fc.option(fc.array(spanArb, { maxLength: 8 }), { freq: 5 }), { minLength: LAYERS.length, maxLength: LAYERS.length }),
    })
    .map(({ words, layers }): AgreementDocumentInput => {
      const text = words.join(' ');
      const entries = layers.flatMap((spans, l) => {
        if (spans === null) return [];
        const annotations = spans.map(({ start, size, label, split, stance }, k) => {
          const s = start % text.length;
          const e = Math.min(text.length, s + size);
          const ranges =
            split && e - s > 4
              ? [
                  { start: s + 3, end: e },
                  { start: s, end: s + 1 },
                ]
              : [{ start: s, end: e }];
          // Later documents may use more labels than earlier ones.
          const name = LABELS[label % Math.min(LABELS.length, 2 + d)]!;
          return { id: `${l}-${k}`, label: name, ranges, ...(stance ? { attributes: { stance } } : {}) };
        });
        const relations = spans.flatMap(({ said }, k) =>
          said !== null && said < annotations.length ? [{ from: `${l}-${k}`, to: `${l}-${said}`, type: 'said by' }] : [],
        );
        return [[LAYERS[l]!, { annotations, relations }] as const];
      });
      return { id: `d${d}`, text, layers: Object.fromEntries(entries) };
    });

const corpusArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, d) => documentArb(d))))
  .map((documents): AgreementInput => ({ documents }));

describe('AgreementComputation', () => {
  // Each run computes its corpus three ways: up to a minute on a busy machine.
  it('gives the full report’s corpus figures, each document’s summary, and each document’s figures on demand', () => {
    fc.assert(
      fc.property(corpusArb, fc.boolean(), (input, reversed) => {
        const report = agreementReport(input);
        const computation = new AgreementComputation(input);
        const { documents, ...rest } = computation.summary;
        expect(exactly(rest)).toBe(exactly({ layers: report.layers, labels: report.labels, corpus: report.corpus }));
        expect(exactly(documents)).toBe(
          exactly(
            report.documents.map((d) => ({
              id: d.id,
              layers: d.layers,
              tokens: d.tokens,
              spanF1Overlap: d.labels['*']!.spanF1.overlap.f1,
              alphaUnitizing: d.labels['*']!.alphaUnitizing.alpha,
            })),
          ),
        );
        // Asked in any order, after the whole corpus: the figures of the full report.
        const order = reversed ? [...report.documents].reverse() : report.documents;
        for (const d of order) expect(exactly(computation.document(d.id))).toBe(exactly(d));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('reports progress as the full report does, and knows no document it was not given', () => {
    const input: AgreementInput = {
      documents: [
        { id: 'a', text: 'Lavrov said so.', layers: { x: { annotations: [{ id: '1', label: 'Claim', ranges: [{ start: 0, end: 6 }] }] } } },
        { id: 'b', text: 'Reuters denied.', layers: { x: { annotations: [] }, y: { annotations: [] } } },
      ],
    };
    const seen: [number, number][] = [];
    const computation = new AgreementComputation(input, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[2, 2]]);
    expect(computation.summary.documents.map((d) => [d.id, d.layers])).toEqual([
      ['a', ['x']],
      ['b', ['x', 'y']],
    ]);
    expect(computation.document('c')).toBeUndefined();
  });
});
