/**
 * The disagreement list behind the dashboard's CSV: per document and pair of layers, each span
 * the two layers disagree on (boundary, label, or missing in one layer).
 */
import { QUOTE_GAP } from '../model/types.ts';
import type { AgreementInput, AgreementOptions } from './report.ts';
import { matchSpans, rangesOf, sameSpan, spanItemFromAnnotation, type SpanItem } from './spans.ts';

export type DisagreementKind = 'boundary' | 'label' | 'missing';

export interface Disagreement {
  document: string;
  /** The label at stake: layer A's span's label, or layer B's when A has none. */
  label: string;
  kind: DisagreementKind;
  layerA: string;
  spanA: SpanItem | null;
  textA: string;
  layerB: string;
  spanB: SpanItem | null;
  textB: string;
}

/**
 * Every disagreement between every pair of layers, per document:
 * - `boundary`: the same label on overlapping text with different ranges (paired as in overlap F1);
 * - `label`: overlapping spans left unpaired that carry different labels (paired greedily by overlap);
 * - `missing`: a span the other layer has nothing overlapping for (its other side is empty).
 */
export function listDisagreements(input: AgreementInput, options: AgreementOptions = {}): Disagreement[] {
  const layers = options.layers ? [...options.layers] : [...new Set(input.documents.flatMap((d) => Object.keys(d.layers)))];
  const labelFilter = options.labels ? new Set(options.labels) : null;
  const out: Disagreement[] = [];
  for (const d of input.documents) {
    const present = layers.filter((l) => d.layers[l] !== undefined);
    const spans = new Map(
      present.map((l) => [
        l,
        d.layers[l]!.annotations.filter((a) => a.ranges.length > 0 && (!labelFilter || labelFilter.has(a.label)))
          .map((a) => spanItemFromAnnotation(a))
          .sort((x, y) => x.start - y.start || x.end - y.end),
      ]),
    );
    const quote = (s: SpanItem | null) =>
      s
        ? rangesOf(s)
            .map((r) => d.text.slice(r.start, r.end))
            .join(QUOTE_GAP)
        : '';
    const row = (kind: DisagreementKind, layerA: string, a: SpanItem | null, layerB: string, b: SpanItem | null): Disagreement => ({
      document: d.id,
      label: (a ?? b)!.label,
      kind,
      layerA,
      spanA: a,
      textA: quote(a),
      layerB,
      spanB: b,
      textB: quote(b),
    });
    for (let x = 0; x < present.length; x++) {
      for (let y = x + 1; y < present.length; y++) {
        const la = present[x]!;
        const lb = present[y]!;
        const a = spans.get(la)!;
        const b = spans.get(lb)!;
        const rows: Disagreement[] = [];
        const usedA = new Uint8Array(a.length);
        const usedB = new Uint8Array(b.length);
        for (const [i, j] of matchSpans(a, b, 'overlap')) {
          usedA[i] = usedB[j] = 1;
          if (!sameSpan(a[i]!, b[j]!)) rows.push(row('boundary', la, a[i]!, lb, b[j]!));
        }
        const restA = a.map((_, i) => i).filter((i) => !usedA[i]);
        const restB = b.map((_, j) => j).filter((j) => !usedB[j]);
        const relabelled = matchSpans(
          restA.map((i) => a[i]!),
          restB.map((j) => b[j]!),
          'overlap',
          { sameLabel: false },
        );
        for (const [i, j] of relabelled) {
          usedA[restA[i]!] = usedB[restB[j]!] = 1;
          rows.push(row('label', la, a[restA[i]!]!, lb, b[restB[j]!]!));
        }
        a.forEach((s, i) => usedA[i] || rows.push(row('missing', la, s, lb, null)));
        b.forEach((s, j) => usedB[j] || rows.push(row('missing', la, null, lb, s)));
        rows.sort((p, q) => position(p) - position(q));
        for (const r of rows) out.push(r);
      }
    }
  }
  return out;
}

function position(d: Disagreement): number {
  return Math.min(d.spanA?.start ?? Infinity, d.spanB?.start ?? Infinity);
}
