/**
 * Token-level labels for the coefficients that need units (Cohen's κ, Fleiss' κ, Krippendorff's α):
 * the text is cut into tokens and each layer gives every token a value.
 *
 * Tokeniser: a token is a run of letters, combining marks, digits and connector punctuation
 * (`[\p{L}\p{M}\p{N}\p{Pc}]+`), or a single other character that is not white space (a
 * punctuation mark, a symbol, an emoji — one code point, so a surrogate pair stays whole). So
 * "Lavrov's 2,000-word" gives `Lavrov ' s 2 , 000 - word`. White space is never a token.
 *
 * A layer's value for a token is the label of the layer's span that shares at least one character
 * with the token, `O` when none does, and the layer's labels sorted and joined with `+` when several
 * do (e.g. `Claim+Cue`). With `label` set, the value is that label or `O` (a binary view per label).
 */
import type { Span } from '../model/types.ts';
import type { SpanItem } from './spans.ts';
import { boundsOf, labelTokenIds, OUTSIDE, tokenBounds, ValueInterner } from './tokenIds.ts';

export { LABEL_JOIN, OUTSIDE } from './tokenIds.ts';

/** The tokens of a text, as UTF-16 ranges in text order. */
export function tokenize(text: string): Span[] {
  const bounds = tokenBounds(text);
  const tokens: Span[] = new Array<Span>(bounds.length >> 1);
  for (let k = 0; k < tokens.length; k++) tokens[k] = { start: bounds[2 * k]!, end: bounds[2 * k + 1]! };
  return tokens;
}

export interface TokenLabelling {
  tokens: Span[];
  /** Layer names, in the order of `values`. */
  layers: string[];
  /** `values[layer][token]`. */
  values: string[][];
}

export interface TokenLabelOptions {
  /** Binary view: the token's value is this label or `O`. */
  label?: string;
  /** Tokens to use instead of tokenising `text` (must be sorted by start and not overlap). */
  tokens?: Span[];
}

/**
 * Every layer's value for every token of `text`. Cost: O(tokens + ranges · log ranges) per layer
 * (ranges sorted once, then one sweep along the tokens).
 */
export function labelUnitsByToken(
  text: string,
  layers: Record<string, readonly SpanItem[]>,
  options: TokenLabelOptions = {},
): TokenLabelling {
  const tokens = options.tokens ?? tokenize(text);
  const names = Object.keys(layers);
  return { tokens, layers: names, values: names.map((name) => labelTokens(tokens, layers[name]!, options.label)) };
}

/** One layer's value for each token (tokens sorted by start). */
export function labelTokens(tokens: readonly Span[], spans: readonly SpanItem[], only?: string): string[] {
  const values = new ValueInterner();
  const ids = labelTokenIds(boundsOf(tokens), only === undefined ? spans : spans.filter((s) => s.label === only), values);
  return Array.from(ids, (id) => values.names[id]!);
}

/** Unit × coder rows (a token per row, a layer per column) for {@link krippendorffAlphaNominal}. */
export function tokenUnits(labelling: TokenLabelling): string[][] {
  return labelling.tokens.map((_, t) => labelling.values.map((layer) => layer[t]!));
}

/** Subjects × categories rater counts for {@link fleissKappa}: a token per row, a value per column. */
export function tokenCategoryCounts(labelling: TokenLabelling): { categories: string[]; counts: number[][] } {
  const categories = [...new Set(labelling.values.flat())].sort(compareLabels);
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = labelling.tokens.map((_, t) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const layer of labelling.values) row[index.get(layer[t]!)!]! += 1;
    return row;
  });
  return { categories, counts };
}

/** Orders labels alphabetically with `O` last. */
export function compareLabels(a: string, b: string): number {
  if (a === b) return 0;
  if (a === OUTSIDE) return 1;
  if (b === OUTSIDE) return -1;
  return a < b ? -1 : 1;
}

export interface ConfusionMatrix {
  /** Row and column labels, alphabetical with `O` last. */
  labels: string[];
  /** `matrix[i][j]`: items that `a` gave `labels[i]` and `b` gave `labels[j]`. */
  matrix: number[][];
}

/** The confusion matrix of two parallel value lists (a heatmap's data); pairs with a `null` are skipped. */
export function confusionMatrix(a: readonly (string | null)[], b: readonly (string | null)[]): ConfusionMatrix {
  const counts = new Map<string, Map<string, number>>();
  const labels = new Set<string>();
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    labels.add(x);
    labels.add(y);
    let row = counts.get(x);
    if (!row) counts.set(x, (row = new Map()));
    row.set(y, (row.get(y) ?? 0) + 1);
  }
  return confusionFromCounts(counts, labels);
}

/** A confusion matrix from nested counts `counts.get(a).get(b)`. */
export function confusionFromCounts(counts: ReadonlyMap<string, ReadonlyMap<string, number>>, labelSet: Iterable<string>): ConfusionMatrix {
  const labels = [...new Set(labelSet)].sort(compareLabels);
  const matrix = labels.map((x) => labels.map((y) => counts.get(x)?.get(y) ?? 0));
  return { labels, matrix };
}
