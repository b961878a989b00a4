/**
 * The agreement report: every figure of the dashboard, per label and over all labels (`'*'`), per
 * document and across the corpus, plus CSV exports of the figures and of the disagreements.
 *
 * Units and scope (README.md has the definitions and references):
 * - Cohen's κ (every pair of layers), Fleiss' κ (all layers) and nominal α are computed over tokens
 *   (see labels.ts). Per label the token's value is binary (the label or `O`); over all labels it is
 *   the combined value (`Claim`, `Claim+Cue`, `O` …).
 * - αU is computed on the characters of the text; across the corpus the documents are laid end to
 *   end as one continuum.
 * - Span and attribution P/R/F1 are computed for every pair of layers (the earlier layer as the
 *   reference) and averaged over the pairs; across the corpus a pair's counts are summed over the
 *   documents both layers annotated (micro-average) before P/R/F1 are taken.
 * - Attribute agreement: nominal α per label and attribute, over groups of overlapping spans of the
 *   label (one unit per group; a layer's value is its longest span's value in the group).
 *
 * Missing layers: a layer that did not annotate a document (no entry in `layers`) is missing there,
 * not empty. Pairwise figures use the documents both layers annotated; α treats the layer's values
 * as missing; Fleiss' κ and αU, which need every coder on every unit, use only the documents that
 * every layer annotated (`completeDocuments`).
 *
 * Cost: tokenising and labelling is linear in text length per layer; identical token value tuples
 * are folded into weighted units, so the coefficients cost O(distinct tuples) per label and pair;
 * span and attribution matching are sort + sweep per document and pair; αU is O(m² · units) plus a
 * sort. Nothing is quadratic in the size of a document or of the corpus.
 */
import type { AttributeValue } from '../model/types.ts';
import { countAttributionMatches, extractAttributions, type Attribution } from './attribution.ts';
import type { CohenResult } from './cohen.ts';
import { documentAttributeAgreement, type DocumentAttributeFigures } from './documentAttributes.ts';
import { groupingAgreement, type GroupingPair } from './grouping.ts';
import type { AgreementDocumentInput, AgreementInput, AgreementOptions } from './report-input.ts';
import type { FleissResult } from './fleiss.ts';
import {
  krippendorffAlphaNominal,
  UnitColumns,
  unitizingAlphaOfColumns,
  type NominalAlphaResult,
  type UnitizingLabelResult,
} from './krippendorff.ts';
import { compareLabels, type ConfusionMatrix } from './labels.ts';
import {
  ALL_LABELS,
  meanPRF,
  rangesOf,
  scoreCounts,
  spanItemFromAnnotation,
  type MatchMode,
  type PairF1,
  type PairwiseF1,
  type PRF,
  type SpanItem,
} from './spans.ts';
import { prepareSpans, spanCountsInto, SpanLabels, type PreparedSpans } from './spanPairs.ts';
import { LabelViews, pairCellsOf, tokenCoefficients } from './tokenFigures.ts';
import { foldTokenIds, labelTokenIds, tokenBoundsShared, TupleTable, ValueInterner } from './tokenIds.ts';

export {
  agreementInputFromRecords,
  groupingsOf,
  type AgreementDocumentInput,
  type AgreementInput,
  type AgreementLayerInput,
  type AgreementOptions,
  type LayerAnnotation,
} from './report-input.ts';

// ---------------------------------------------------------------------------------------------
// Output

export interface PairKappa extends CohenResult {
  a: string;
  b: string;
}

export interface LabelFigures {
  /** Token-level Cohen's κ for every pair of layers that both annotated the documents in scope. */
  cohen: PairKappa[];
  /** Mean of the pairs' κ (pairs with κ = NaN left out). */
  meanCohen: number;
  /** Token-level Fleiss' κ over every layer; `categories` names the entries of `categoryKappa`. */
  fleiss: FleissResult & { categories: string[] };
  /** Token-level nominal α over every layer, missing layers as missing values. */
  alphaNominal: NominalAlphaResult;
  /** Krippendorff's αU on the characters. */
  alphaUnitizing: UnitizingLabelResult;
  spanF1: { exact: PairwiseF1; overlap: PairwiseF1 };
}

/** A layer's claims (attributions) and how many have a speaker link and a source. */
export interface ClaimStats {
  claims: number;
  withSpeaker: number;
  withSource: number;
}

export interface PairClaims {
  a: string;
  b: string;
  /** Over the documents both layers annotated. */
  claimsA: ClaimStats;
  claimsB: ClaimStats;
}

export interface PairConfusion extends ConfusionMatrix {
  a: string;
  b: string;
}

export interface AgreementFigures {
  /** The layers in scope (for a document: those that annotated it). */
  layers: string[];
  tokens: number;
  /** Per label, plus `'*'` for all labels together. */
  labels: Record<string, LabelFigures>;
  /** Attribution-level P/R/F1 (claim, speakers and source chain all match). */
  attribution: { exact: PairwiseF1; overlap: PairwiseF1 };
  /** Per pair of layers (in the order of `attribution.*.pairs`): each side's claims and their links. */
  attributionClaims: PairClaims[];
  /** Nominal α per label and attribute, over groups of overlapping spans. */
  attributes: Record<string, Record<string, NominalAlphaResult>>;
  /** Token-level confusion matrix of the combined values for every pair of layers. */
  confusion: PairConfusion[];
}

export interface DocumentAgreement extends AgreementFigures {
  id: string;
}

export interface AgreementReport {
  layers: string[];
  labels: string[];
  corpus: AgreementFigures & {
    documents: number;
    completeDocuments: number;
    /** Agreement on document-level attributes (documentAttributes.ts), per attribute name. */
    documentAttributes: Record<string, DocumentAttributeFigures>;
    /** Agreement on grouping claims (grouping.ts), for every pair of layers that both grouped claims. */
    grouping: GroupingPair[];
  };
  documents: DocumentAgreement[];
}

// ---------------------------------------------------------------------------------------------
// Computation

interface PreparedDocument {
  id: string;
  text: string;
  /** Spans per layer index; undefined = the layer did not annotate this document. */
  spans: (SpanItem[] | undefined)[];
  attributions: (Attribution[] | undefined)[];
}

const MODES: readonly MatchMode[] = ['exact', 'overlap'];
/** Documents between two progress reports. */
const PROGRESS_EVERY = 100;

/** Computes every agreement figure for the input; see the module comment for scope and units. */
export function agreementReport(input: AgreementInput, options: AgreementOptions = {}): AgreementReport {
  const layers = options.layers ? [...options.layers] : [...new Set(input.documents.flatMap((d) => Object.keys(d.layers)))];
  const labelFilter = options.labels ? new Set(options.labels) : null;
  const attributionOptions = options.claimLabels ? { claimLabels: options.claimLabels } : {};

  // Each document's spans and attributions are prepared when its turn comes (prepared all at once they
  // would outlive several collections of the young generation and be copied for nothing).
  const prepare = (d: AgreementDocumentInput): PreparedDocument => ({
    id: d.id,
    text: d.text,
    spans: layers.map((layer) => {
      const l = d.layers[layer];
      if (!l) return undefined;
      return l.annotations
        .filter((a) => a.ranges.length > 0 && (!labelFilter || labelFilter.has(a.label)))
        .map((a) => spanItemFromAnnotation(a));
    }),
    attributions: layers.map((layer) => {
      const l = d.layers[layer];
      return l ? extractAttributions(l.annotations, l.relations ?? [], attributionOptions) : undefined;
    }),
  });
  const labelSet = new Set<string>(options.labels ?? []);
  for (const d of input.documents) {
    for (const layer of layers) {
      for (const a of d.layers[layer]?.annotations ?? [])
        if (a.ranges.length > 0 && (!labelFilter || labelFilter.has(a.label))) labelSet.add(a.label);
    }
  }
  const labels = [...labelSet].sort(compareLabels);

  // Values are interned across the corpus so token tuples from different documents can be merged.
  const values = new ValueInterner();
  const views = new LabelViews(values);
  const ranks = { rank: new Int32Array(0) };
  const m = layers.length;
  const allLayerIndexes = layers.map((_, i) => i);
  const pairs = pairsOf(allLayerIndexes);

  const spanLabels = new SpanLabels(labels);
  // Span counts by slot (slotOf) and label number (spanLabels: tp, fp, fn); attribution counts by slot.
  const spanWidth = 3 * spanLabels.names.length;
  const slots = 2 * m * m;
  const documentSpanCounts = new Float64Array(slots * spanWidth);
  const corpusSpanCounts = new Float64Array(slots * spanWidth);
  const documentAttributionCounts = new Float64Array(slots * 3);
  const corpusAttributionCounts = new Float64Array(slots * 3);
  const labelSeen = new Uint8Array(spanLabels.names.length);
  const corpusTuples = new TupleTable(m);
  // Buffers reused document after document: the token values of each present layer, the tuples.
  const idBuffers = layers.map(() => new Int32Array(0));
  const documentTuples = new TupleTable(m);
  const corpusClaimStats = new Map<number, [ClaimStats, ClaimStats]>(); // slotOf(exact, pair)
  const corpusAttributeUnits = new Map<string, Map<string, (string | null)[][]>>(); // label → attribute → units
  const corpusContinuum: Map<string, UnitColumns>[] = layers.map(() => new Map());
  // Each layer's αU units in the document at hand (emptied and refilled document after document).
  const documentUnits: Map<string, UnitColumns>[] = layers.map(() => new Map());
  let corpusLength = 0;
  let completeDocuments = 0;
  let corpusTokens = 0;

  const documents: DocumentAgreement[] = [];
  for (const source of input.documents) {
    const d = prepare(source);
    const present = allLayerIndexes.filter((i) => d.spans[i] !== undefined);
    const docPairs = pairsOf(present);
    const bounds = tokenBoundsShared(d.text);
    const tokenCount = bounds.length >> 1;
    corpusTokens += tokenCount;

    // Token tuples, folded: identical value tuples become one weighted unit.
    const tokenIds = present.map((i, p) => {
      if (idBuffers[p]!.length < tokenCount) idBuffers[p] = new Int32Array(Math.max(tokenCount, 2 * idBuffers[p]!.length));
      return labelTokenIds(bounds, d.spans[i]!, values, idBuffers[p]!.subarray(0, tokenCount));
    });
    const tuples = foldTokenIds(tokenIds, present, m, documentTuples);
    corpusTuples.addAll(tuples);

    // Span and attribution counts per pair.
    const claimStats = new Map<number, [ClaimStats, ClaimStats]>();
    const layerSpans = d.spans.map((spans) => spans && prepareSpans(spans, spanLabels));
    for (const [x, y] of docPairs) {
      const stats: [ClaimStats, ClaimStats] = [claimStatsOf(d.attributions[x]!), claimStatsOf(d.attributions[y]!)];
      const pair = slotOf(m, 'exact', x, y);
      claimStats.set(pair, stats);
      const total = corpusClaimStats.get(pair);
      if (total) for (const k of [0, 1] as const) addClaimStats(total[k], stats[k]);
      else corpusClaimStats.set(pair, [{ ...stats[0] }, { ...stats[1] }]);
      const exactAt = slotOf(m, 'exact', x, y) * spanWidth;
      const overlapAt = slotOf(m, 'overlap', x, y) * spanWidth;
      spanCountsInto(layerSpans[x]!, layerSpans[y]!, documentSpanCounts, exactAt, overlapAt);
      for (let k = 0; k < spanWidth; k++) {
        corpusSpanCounts[exactAt + k]! += documentSpanCounts[exactAt + k]!;
        corpusSpanCounts[overlapAt + k]! += documentSpanCounts[overlapAt + k]!;
      }
      for (const mode of MODES) {
        const at = 3 * slotOf(m, mode, x, y);
        const ref = d.attributions[x]!;
        const cand = d.attributions[y]!;
        const tp = countAttributionMatches(ref, cand, mode);
        documentAttributionCounts[at] = tp;
        documentAttributionCounts[at + 1] = cand.length - tp;
        documentAttributionCounts[at + 2] = ref.length - tp;
        for (let k = at; k < at + 3; k++) corpusAttributionCounts[k]! += documentAttributionCounts[k]!;
      }
    }

    // αU on this document, and onto the corpus continuum when every layer annotated it.
    labelSeen.fill(0);
    for (const i of present) for (const l of layerSpans[i]!.labelOf) labelSeen[l] = 1;
    const docLabels = labels.filter((l) => labelSeen[spanLabels.id(l)] === 1);
    const coders = present.map((i) => {
      const units = documentUnits[i]!;
      for (const columns of units.values()) columns.count = 0;
      return addUnits(units, layerSpans[i]!, 0);
    });
    const alphaU = unitizingAlphaOfColumns(d.text.length, coders, docLabels);
    if (present.length === m && m > 0) {
      completeDocuments++;
      for (const i of allLayerIndexes) addUnits(corpusContinuum[i]!, layerSpans[i]!, corpusLength);
      corpusLength += d.text.length;
    }

    // Attribute units.
    const attributeUnits = attributeUnitsOf(d, present, m, labels);
    for (const [label, byAttribute] of attributeUnits) {
      for (const [attribute, units] of byAttribute) {
        let target = corpusAttributeUnits.get(label);
        if (!target) corpusAttributeUnits.set(label, (target = new Map()));
        const list = target.get(attribute);
        if (list) for (const unit of units) list.push(unit);
        else target.set(attribute, [...units]);
      }
    }

    documents.push({
      id: d.id,
      ...figures({
        layers,
        layerIndexes: present,
        pairs: docPairs,
        labels: docLabels,
        tokens: tokenCount,
        tuples,
        values,
        ranks,
        views,
        spanLabels,
        spanCounts: documentSpanCounts,
        attributionCounts: documentAttributionCounts,
        claimStats,
        alphaU,
        attributeUnits,
      }),
    });
    if (documents.length % PROGRESS_EVERY === 0 || documents.length === input.documents.length)
      options.onProgress?.(documents.length, input.documents.length);
  }

  const corpusAlphaU = unitizingAlphaOfColumns(corpusLength, completeDocuments > 0 ? corpusContinuum : [], labels);
  const corpus = figures({
    layers,
    layerIndexes: allLayerIndexes,
    pairs,
    labels,
    tokens: corpusTokens,
    tuples: corpusTuples,
    values,
    ranks,
    views,
    spanLabels,
    spanCounts: corpusSpanCounts,
    attributionCounts: corpusAttributionCounts,
    claimStats: corpusClaimStats,
    alphaU: corpusAlphaU,
    attributeUnits: corpusAttributeUnits,
  });
  const documentAttributes = documentAttributeAgreement(
    input.documents.map((d) => d.documentAttributes ?? {}),
    layers,
    options.documentAttributes,
  );
  const grouping = groupingAgreement(input.groupings ?? {}, layers);
  return {
    layers,
    labels,
    corpus: { ...corpus, documents: input.documents.length, completeDocuments, documentAttributes, grouping },
    documents,
  };
}

const NO_CLAIMS: ClaimStats = { claims: 0, withSpeaker: 0, withSource: 0 };

function claimStatsOf(attributions: readonly Attribution[]): ClaimStats {
  let withSpeaker = 0;
  let withSource = 0;
  for (const a of attributions) {
    if (a.speakers.length > 0) withSpeaker++;
    if (a.sources.length > 0) withSource++;
  }
  return { claims: attributions.length, withSpeaker, withSource };
}

function addClaimStats(target: ClaimStats, s: ClaimStats): void {
  target.claims += s.claims;
  target.withSpeaker += s.withSpeaker;
  target.withSource += s.withSource;
}

function pairsOf(indexes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < indexes.length; a++) for (let b = a + 1; b < indexes.length; b++) out.push([indexes[a]!, indexes[b]!]);
  return out;
}

/** Where a pair of layers' counts in one mode are kept: a small integer per mode and pair. */
function slotOf(m: number, mode: MatchMode, x: number, y: number): number {
  return (mode === 'exact' ? 0 : m * m) + x * m + y;
}

/**
 * Adds a layer's spans to its αU units by label (each range of a discontinuous span is a unit),
 * shifted by `offset`, by start: αU then finds them in order and need not sort them.
 */
function addUnits(target: Map<string, UnitColumns>, spans: PreparedSpans, offset: number): Map<string, UnitColumns> {
  for (const k of spans.order) {
    const s = spans.items[k]!;
    let units = target.get(s.label);
    if (!units) target.set(s.label, (units = new UnitColumns()));
    if (s.ranges) for (const r of rangesOf(s)) units.add(r.start + offset, r.end + offset);
    else units.add(s.start + offset, s.end + offset);
  }
  return target;
}

function attributeValue(v: AttributeValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return [...v].sort().join('|');
  return String(v);
}

/**
 * Attribute units of one document: per label, the groups of overlapping spans of that label over
 * all present layers (a sweep over the spans sorted by start); per attribute, one unit per group
 * with each layer's value (its longest span in the group; null when it has none there).
 */
function attributeUnitsOf(
  d: PreparedDocument,
  present: readonly number[],
  m: number,
  labels: readonly string[],
): Map<string, Map<string, (string | null)[][]>> {
  const out = new Map<string, Map<string, (string | null)[][]>>();
  if (!present.some((i) => d.spans[i]!.some((s) => s.attributes !== undefined && Object.keys(s.attributes).length > 0))) return out;
  for (const label of labels) {
    const entries: { layer: number; span: SpanItem }[] = [];
    const names = new Set<string>();
    for (const i of present) {
      for (const s of d.spans[i]!) {
        if (s.label !== label) continue;
        entries.push({ layer: i, span: s });
        if (s.attributes) for (const name of Object.keys(s.attributes)) names.add(name);
      }
    }
    if (names.size === 0) continue;
    entries.sort((x, y) => x.span.start - y.span.start || y.span.end - x.span.end);
    const groups: { layer: number; span: SpanItem }[][] = [];
    let groupEnd = -Infinity;
    for (const e of entries) {
      if (groups.length === 0 || e.span.start >= groupEnd) {
        groups.push([]);
        groupEnd = e.span.end;
      } else groupEnd = Math.max(groupEnd, e.span.end);
      groups[groups.length - 1]!.push(e);
    }
    const byAttribute = new Map<string, (string | null)[][]>();
    for (const name of [...names].sort()) {
      const units = groups.map((group) => {
        const unit: (string | null)[] = new Array(m).fill(null);
        const longest = new Array<number>(m).fill(-1);
        for (const { layer, span } of group) {
          const length = span.end - span.start;
          if (length > longest[layer]!) {
            longest[layer] = length;
            unit[layer] = attributeValue(span.attributes?.[name]);
          }
        }
        return unit;
      });
      byAttribute.set(name, units);
    }
    out.set(label, byAttribute);
  }
  return out;
}

/** Each value id's rank in the order of compareLabels; ranked again only when values were added since. */
function valueRanks(values: ValueInterner, cache: { rank: Int32Array }): Int32Array {
  if (cache.rank.length === values.names.length) return cache.rank;
  const rank = new Int32Array(values.names.length);
  values.names
    .map((name, id) => ({ name, id }))
    .sort((u, v) => compareLabels(u.name, v.name))
    .forEach(({ id }, r) => (rank[id] = r));
  return (cache.rank = rank);
}

interface FigureInput {
  layers: readonly string[];
  layerIndexes: readonly number[];
  pairs: readonly [number, number][];
  labels: readonly string[];
  tokens: number;
  tuples: TupleTable;
  values: ValueInterner;
  /** The values' ranks (valueRanks), kept from call to call. */
  ranks: { rank: Int32Array };
  views: LabelViews;
  spanLabels: SpanLabels;
  /** tp, fp, fn by slot and label number: `(slot · labels + label) · 3`. */
  spanCounts: Float64Array;
  /** tp, fp, fn by slot: `slot · 3`. */
  attributionCounts: Float64Array;
  claimStats: Map<number, [ClaimStats, ClaimStats]>;
  alphaU: { perLabel: Record<string, UnitizingLabelResult> } & UnitizingLabelResult;
  attributeUnits: Map<string, Map<string, (string | null)[][]>>;
}

function figures(f: FigureInput): AgreementFigures {
  const tuples = f.tuples;
  const pairCells = pairCellsOf(tuples, f.pairs, f.values.names.length);
  // Each value id's rank in the order of compareLabels.
  const rank = valueRanks(f.values, f.ranks);
  // Each value's place in the confusion matrix at hand (-1: not in it).
  const position = new Int32Array(f.values.names.length).fill(-1);
  const out: Record<string, LabelFigures> = {};
  const spanWidth = 3 * f.spanLabels.names.length;
  for (const label of [ALL_LABELS, ...f.labels]) {
    out[label] = {
      ...tokenCoefficients(f, tuples, pairCells, f.views.of(label)),
      alphaUnitizing:
        label === ALL_LABELS
          ? f.alphaU
          : (f.alphaU.perLabel[label] ?? {
              alpha: NaN,
              observedDisagreement: NaN,
              expectedDisagreement: NaN,
              units: 0,
              degenerate: false,
            }),
      spanF1: {
        exact: pairwise(f, 'exact', f.spanCounts, spanWidth, 3 * f.spanLabels.id(label)),
        overlap: pairwise(f, 'overlap', f.spanCounts, spanWidth, 3 * f.spanLabels.id(label)),
      },
    };
  }
  const attributes: Record<string, Record<string, NominalAlphaResult>> = {};
  for (const [label, byAttribute] of f.attributeUnits) {
    const entry: Record<string, NominalAlphaResult> = {};
    for (const [attribute, units] of byAttribute) {
      entry[attribute] = krippendorffAlphaNominal(units.map((u) => f.layerIndexes.map((i) => u[i]!)));
    }
    attributes[label] = entry;
  }
  return {
    layers: f.layerIndexes.map((i) => f.layers[i]!),
    tokens: f.tokens,
    labels: out,
    attribution: {
      exact: pairwise(f, 'exact', f.attributionCounts, 3, 0),
      overlap: pairwise(f, 'overlap', f.attributionCounts, 3, 0),
    },
    attributionClaims: f.pairs.map(([x, y]) => {
      const [claimsA, claimsB] = f.claimStats.get(slotOf(f.layers.length, 'exact', x, y)) ?? [NO_CLAIMS, NO_CLAIMS];
      return { a: f.layers[x]!, b: f.layers[y]!, claimsA: { ...claimsA }, claimsB: { ...claimsB } };
    }),
    attributes,
    confusion: f.pairs.map(([x, y], p) => {
      // The values the pair used, in the order of compareLabels.
      const cells = pairCells[p]!;
      const seen: number[] = [];
      for (let c = 0; c < 2 * cells.size; c++) {
        const v = c < cells.size ? cells.a[c]! : cells.b[c - cells.size]!;
        if (position[v]! >= 0) continue;
        position[v] = 0;
        seen.push(v);
      }
      seen.sort((u, v) => rank[u]! - rank[v]!);
      for (let k = 0; k < seen.length; k++) position[seen[k]!] = k;
      const matrix = seen.map(() => new Array<number>(seen.length).fill(0));
      for (let c = 0; c < cells.size; c++) matrix[position[cells.a[c]!]!]![position[cells.b[c]!]!]! += cells.count[c]!;
      for (const v of seen) position[v] = -1;
      return { a: f.layers[x]!, b: f.layers[y]!, labels: seen.map((v) => f.values.names[v]!), matrix };
    }),
  };
}

/** P/R/F1 of every pair from the counts (tp, fp, fn) at `slot · stride + offset` of `table`, and their mean. */
function pairwise(f: FigureInput, mode: MatchMode, table: Float64Array, stride: number, offset: number): PairwiseF1 {
  const m = f.layers.length;
  const pairs: PairF1[] = f.pairs.map(([x, y]) => {
    const k = slotOf(m, mode, x, y) * stride + offset;
    const tp = table[k]!;
    const fp = table[k + 1]!;
    const fn = table[k + 2]!;
    const s = scoreCounts(tp, fp, fn);
    return { a: f.layers[x]!, b: f.layers[y]!, precision: s.precision, recall: s.recall, f1: s.f1, tp, fp, fn };
  });
  return { ...meanPRF(pairs), pairs };
}

/**
 * Corpus span P/R/F1 per label (and `'*'`) in both modes: `summary[label].exact.f1`. With two layers
 * these are the pair's figures (the first layer as reference); with more, the means over pairs.
 */
export function spanF1Summary(report: AgreementReport): Record<string, { exact: PRF; overlap: PRF }> {
  const out: Record<string, { exact: PRF; overlap: PRF }> = {};
  const prf = (r: PRF): PRF => ({ precision: r.precision, recall: r.recall, f1: r.f1 });
  for (const [label, figures] of Object.entries(report.corpus.labels)) {
    out[label] = { exact: prf(figures.spanF1.exact), overlap: prf(figures.spanF1.overlap) };
  }
  return out;
}
