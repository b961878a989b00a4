/**
 * The agreement report against the straightforward definitions, on random small corpora: each
 * document's tokens labelled to strings (labels.ts), Cohen's κ on the parallel value lists, Fleiss'
 * κ and α on the token rows, span counts from the one-sweep matching, αU on the units as objects;
 * across the corpus the same over the documents laid end to end. The report folds tokens into
 * weighted tuples, so sums are taken in another order: figures agree to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohensKappa } from './cohen.ts';
import { fleissKappa } from './fleiss.ts';
import { krippendorffAlphaNominal } from './krippendorff.ts';
import { confusionMatrix, labelUnitsByToken, tokenCategoryCounts } from './labels.ts';
import { agreementReport, type AgreementDocumentInput, type AgreementFigures } from './report.ts';
import { ALL_LABELS, spanCountsBothModes, spanItemFromAnnotation } from './spans.ts';

const LABELS = ['Claim', 'Cue', 'Source'];
const LAYERS = ['ann', 'ben', 'cat'];
const WORDS = ['Lavrov', 'said', 'the', 'weapons', ',', 'Reuters', 'café', '2,000', '—', 'e\u0301'];

const documentArb = fc
  .record({
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 25 }),
    layers: fc.array(
      fc.option(
        fc.array(
          fc.record({ start: fc.nat(120), size: fc.integer({ min: 1, max: 20 }), label: fc.constantFrom(...LABELS), split: fc.boolean() }),
          { maxLength: 6 },
        ),
        { freq: 5 },
      ),
      { minLength: LAYERS.length, maxLength: LAYERS.length },
    ),
  })
  .map(({ words, layers }): AgreementDocumentInput => {
    const text = words.join(' ');
    const entries = layers.flatMap((spans, l) =>
      spans === null
        ? []
        : [
            [
              LAYERS[l]!,
              {
                annotations: spans.map(({ start, size, label, split }, k) => {
                  const s = start % text.length;
                  const e = Math.min(text.length, s + size);
                  const ranges =
                    split && e - s > 4
                      ? [
                          { start: s, end: s + 1 },
                          { start: s + 3, end: e },
                        ]
                      : [{ start: s, end: e }];
                  return { id: `${l}-${k}`, label, ranges };
                }),
              },
            ] as const,
          ],
    );
    return { id: words.join('').slice(0, 12), text, layers: Object.fromEntries(entries) };
  });

/** NaN equals NaN; otherwise within 1e-12. */
const same = (got: number, expected: number) =>
  Number.isNaN(expected) ? expect(got).toBeNaN() : expect(Math.abs(got - expected)).toBeLessThan(1e-12);

describe('agreementReport against the definitions', () => {
  it('gives the token coefficients, span counts and confusion matrices of the definitions, per document and for the corpus', () => {
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 1, maxLength: 4 }), (documents) => {
        const report = agreementReport({ documents }, { layers: LAYERS });
        const labelsOf = (d: AgreementDocumentInput) => [
          ALL_LABELS,
          ...report.labels.filter((l) => Object.values(d.layers).some((layer) => layer.annotations.some((a) => a.label === l))),
        ];
        // Each layer's values per token per label view, null where the layer is missing; documents end to end.
        const valuesOf = (d: AgreementDocumentInput, view: string) =>
          LAYERS.map((layer) => {
            const l = d.layers[layer];
            const tokens = labelUnitsByToken(d.text, { x: [] }).tokens;
            if (!l) return tokens.map(() => null);
            const spans = l.annotations.map((a) => spanItemFromAnnotation(a));
            return labelUnitsByToken(d.text, { x: spans }, view === ALL_LABELS ? {} : { label: view }).values[0]!;
          });
        const check = (figures: AgreementFigures, docs: readonly AgreementDocumentInput[], labels: readonly string[]) => {
          for (const view of labels) {
            const values = LAYERS.map((_, l) => docs.flatMap((d) => valuesOf(d, view)[l]!));
            const got = figures.labels[view]!;
            for (const pair of got.cohen) {
              const expected = cohensKappa(values[LAYERS.indexOf(pair.a)]!, values[LAYERS.indexOf(pair.b)]!);
              same(pair.kappa, expected.kappa);
              expect(pair.n).toBe(expected.n);
            }
            const rows = values[0]!.map((_, t) => values.map((layer) => layer[t]!));
            same(got.alphaNominal.alpha, krippendorffAlphaNominal(rows).alpha);
            const complete = docs.filter((d) => LAYERS.every((l) => d.layers[l]));
            if (complete.length > 0 && figures.layers.length === LAYERS.length) {
              const full = rows.filter((r) => r.every((v) => v !== null)) as string[][];
              const tokens = full.map(() => ({ start: 0, end: 0 }));
              const { counts } = tokenCategoryCounts({ tokens, layers: LAYERS, values: LAYERS.map((_, l) => full.map((r) => r[l]!)) });
              if (counts.length > 0) same(got.fleiss.kappa, fleissKappa(counts).kappa);
            }
            for (const pair of got.spanF1.exact.pairs) {
              const both = docs.filter((d) => d.layers[pair.a] && d.layers[pair.b]);
              let tp = 0;
              let fp = 0;
              let fn = 0;
              for (const d of both) {
                const spans = (layer: string) => d.layers[layer]!.annotations.map((a) => spanItemFromAnnotation(a));
                const c = spanCountsBothModes(spans(pair.a), spans(pair.b)).exact.get(view);
                tp += c?.tp ?? 0;
                fp += c?.fp ?? 0;
                fn += c?.fn ?? 0;
              }
              expect([pair.tp, pair.fp, pair.fn]).toEqual([tp, fp, fn]);
            }
          }
          for (const matrix of figures.confusion) {
            const values = LAYERS.map((_, l) => docs.flatMap((d) => valuesOf(d, ALL_LABELS)[l]!));
            const { labels, matrix: expected } = confusionMatrix(values[LAYERS.indexOf(matrix.a)]!, values[LAYERS.indexOf(matrix.b)]!);
            expect({ labels: matrix.labels, matrix: matrix.matrix }).toEqual({ labels, matrix: expected });
          }
        };
        check(report.corpus, documents, [ALL_LABELS, ...report.labels]);
        documents.forEach((d, k) => check(report.documents[k]!, [d], labelsOf(d)));
      }),
      { numRuns: 60 },
    );
  });
});
