/**
 * Agreement on document-level labels (topic, relevance, any document attribute of the schema):
 * each document is one unit, each layer one coder, the attribute's value the category.
 *
 * - A value is compared as a whole: a multi-choice value is its options sorted and joined with
 *   `+` (`conflict+politics`), `true`/`false` and numbers as text. No value (absent, null, an
 *   empty list or text) is missing, not a category.
 * - Cohen's κ for every pair of layers over the documents both gave a value; Fleiss' κ over the
 *   documents every layer gave a value (it needs every coder on every unit); Krippendorff's nominal
 *   α over every document with at least two values, missing values left out.
 */
import type { AttributeValue } from '../model/types.ts';
import { cohensKappa } from './cohen.ts';
import { fleissKappa, type FleissResult } from './fleiss.ts';
import { krippendorffAlphaNominal, type NominalAlphaResult } from './krippendorff.ts';
import { compareLabels, LABEL_JOIN } from './labels.ts';
import type { PairKappa } from './report.ts';

export interface DocumentAttributeFigures {
  /** Documents that at least one layer gave a value. */
  documents: number;
  /** Cohen's κ per pair of layers; its `n` is the documents both gave a value. */
  cohen: PairKappa[];
  /** Mean of the pairs' κ (pairs with κ = NaN left out). */
  meanCohen: number;
  /** Fleiss' κ over the documents every layer gave a value; its `n` counts them. */
  fleiss: FleissResult & { categories: string[] };
  /** Nominal α; `pairableValues` counts the values in documents with at least two. */
  alpha: NominalAlphaResult;
}

/** One document's values: layer → attribute name → value. */
export type DocumentAttributeValues = Record<string, Record<string, AttributeValue> | undefined>;

/** The category a value stands for; null when there is no value. */
export function documentCategory(v: AttributeValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : [...new Set(v.map(String))].sort().join(LABEL_JOIN);
  const s = String(v);
  return s.trim() === '' ? null : s;
}

/**
 * Agreement figures per document attribute. `names` (the schema's document attributes) come
 * first, in their order, then any other name found in the values, alphabetically; a name no layer
 * gave a value anywhere is left out.
 */
export function documentAttributeAgreement(
  documents: readonly DocumentAttributeValues[],
  layers: readonly string[],
  names: readonly string[] = [],
): Record<string, DocumentAttributeFigures> {
  const found = new Set<string>();
  for (const d of documents) {
    for (const layer of layers) {
      for (const [name, v] of Object.entries(d[layer] ?? {})) if (documentCategory(v) !== null) found.add(name);
    }
  }
  const order = [...names.filter((n) => found.has(n)), ...[...found].filter((n) => !names.includes(n)).sort()];
  const out: Record<string, DocumentAttributeFigures> = {};
  for (const name of order) {
    // units[document][layer]
    const units = documents.map((d) => layers.map((layer) => documentCategory(d[layer]?.[name]))).filter((u) => u.some((v) => v !== null));
    const cohen: PairKappa[] = [];
    for (let a = 0; a < layers.length; a++) {
      for (let b = a + 1; b < layers.length; b++) {
        cohen.push({
          a: layers[a]!,
          b: layers[b]!,
          ...cohensKappa(
            units.map((u) => u[a]!),
            units.map((u) => u[b]!),
          ),
        });
      }
    }
    const defined = cohen.filter((c) => !Number.isNaN(c.kappa));
    const categories = [...new Set(units.flat().filter((v): v is string => v !== null))].sort(compareLabels);
    const index = new Map(categories.map((c, i) => [c, i]));
    const complete = units.filter((u) => u.every((v) => v !== null));
    const counts = complete.map((u) => {
      const row = new Array<number>(categories.length).fill(0);
      for (const v of u) row[index.get(v!)!]! += 1;
      return row;
    });
    const fleiss = layers.length < 2 ? fleissKappa([[layers.length]]) : fleissKappa(counts);
    out[name] = {
      documents: units.length,
      cohen,
      meanCohen: defined.length > 0 ? defined.reduce((s, c) => s + c.kappa, 0) / defined.length : NaN,
      fleiss: { ...fleiss, categories },
      alpha: krippendorffAlphaNominal(units),
    };
  }
  return out;
}
