/**
 * The computation behind the agreement report (report.ts), one document at a time: {@link ReportRun}
 * holds what the corpus shares (the layers and labels, interned token values, each label's view of
 * them, the corpus counts, tuples and αU continuum) and takes the documents in order. Each
 * document's pass ({@link ReportRun.pass}) adds it to the corpus; its figures
 * ({@link ReportRun.documentFigures}) can be taken then or later, from a second pass over the same
 * document, with the same result: the only thing that grows with the documents and shows in a
 * document's figures, the categories of a label's view (Fleiss' `categories`), is cut back to what
 * it was when the document's turn came.
 */
import type { AttributeValue } from '../model/types.ts';
import { countAttributionMatches, extractAttributions, type Attribution } from './attribution.ts';
import { documentAttributeAgreement } from './documentAttributes.ts';
import { groupingAgreement } from './grouping.ts';
import type { AgreementDocumentInput, AgreementInput, AgreementOptions } from './report-input.ts';
import {
  krippendorffAlphaNominal,
  UnitColumns,
  unitizingAlphaOfColumns,
  type NominalAlphaResult,
  type UnitizingLabelResult,
} from './krippendorff.ts';
import { compareLabels } from './labels.ts';
import type { AgreementFigures, AgreementReport, ClaimStats, DocumentSummary, LabelFigures } from './report.ts';
import {
  ALL_LABELS,
  meanPRF,
  rangesOf,
  scoreCounts,
  spanItemFromAnnotation,
  type MatchMode,
  type PairF1,
  type PairwiseF1,
  type SpanItem,
} from './spans.ts';
import { prepareSpans, spanCountsInto, SpanLabels, type PreparedSpans } from './spanPairs.ts';
import { LabelViews, pairCellsOf, tokenCoefficients } from './tokenFigures.ts';
import { foldTokenIds, labelTokenIds, tokenBoundsShared, TupleTable, ValueInterner } from './tokenIds.ts';

interface PreparedDocument {
  id: string;
  text: string;
  /** Spans per layer index; undefined = the layer did not annotate this document. */
  spans: (SpanItem[] | undefined)[];
  attributions: (Attribution[] | undefined)[];
}

type AlphaU = { perLabel: Record<string, UnitizingLabelResult> } & UnitizingLabelResult;

/** What one document's pass leaves for its figures (valid until the next pass: the buffers are reused). */
export interface DocumentPass {
  id: string;
  present: number[];
  pairs: [number, number][];
  labels: string[];
  tokens: number;
  tuples: TupleTable;
  /** How many token values were interned when the document's tokens were labelled. */
  values: number;
  claimStats: Map<number, [ClaimStats, ClaimStats]>;
  alphaU: AlphaU;
  attributeUnits: Map<string, Map<string, (string | null)[][]>>;
}

const MODES: readonly MatchMode[] = ['exact', 'overlap'];

export class ReportRun {
  readonly layers: string[];
  readonly labels: string[];
  private readonly labelFilter: Set<string> | null;
  private readonly attributionOptions: { claimLabels?: readonly string[] };
  // Values are interned across the corpus so token tuples from different documents can be merged.
  private readonly values = new ValueInterner();
  private readonly views = new LabelViews(this.values);
  private readonly ranks = { rank: new Int32Array(0) };
  private readonly m: number;
  private readonly allLayerIndexes: number[];
  private readonly spanLabels: SpanLabels;
  // Span counts by slot (slotOf) and label number (spanLabels: tp, fp, fn); attribution counts by slot.
  private readonly spanWidth: number;
  private readonly documentSpanCounts: Float64Array;
  private readonly corpusSpanCounts: Float64Array;
  private readonly documentAttributionCounts: Float64Array;
  private readonly corpusAttributionCounts: Float64Array;
  private readonly labelSeen: Uint8Array;
  private readonly corpusTuples: TupleTable;
  // Buffers reused document after document: the token values of each present layer, the tuples.
  private readonly idBuffers: Int32Array[];
  private readonly documentTuples: TupleTable;
  private readonly corpusClaimStats = new Map<number, [ClaimStats, ClaimStats]>(); // slotOf(exact, pair)
  private readonly corpusAttributeUnits = new Map<string, Map<string, (string | null)[][]>>(); // label → attribute → units
  private readonly corpusContinuum: Map<string, UnitColumns>[];
  // Each layer's αU units in the document at hand (emptied and refilled document after document).
  private readonly documentUnits: Map<string, UnitColumns>[];
  private corpusLength = 0;
  private completeDocuments = 0;
  private corpusTokens = 0;

  constructor(
    private readonly input: AgreementInput,
    private readonly options: AgreementOptions = {},
  ) {
    const layers = options.layers ? [...options.layers] : [...new Set(input.documents.flatMap((d) => Object.keys(d.layers)))];
    this.layers = layers;
    this.labelFilter = options.labels ? new Set(options.labels) : null;
    this.attributionOptions = options.claimLabels ? { claimLabels: options.claimLabels } : {};
    const labelSet = new Set<string>(options.labels ?? []);
    for (const d of input.documents) {
      for (const layer of layers) {
        for (const a of d.layers[layer]?.annotations ?? [])
          if (a.ranges.length > 0 && (!this.labelFilter || this.labelFilter.has(a.label))) labelSet.add(a.label);
      }
    }
    this.labels = [...labelSet].sort(compareLabels);
    const m = (this.m = layers.length);
    this.allLayerIndexes = layers.map((_, i) => i);
    this.spanLabels = new SpanLabels(this.labels);
    this.spanWidth = 3 * this.spanLabels.names.length;
    const slots = 2 * m * m;
    this.documentSpanCounts = new Float64Array(slots * this.spanWidth);
    this.corpusSpanCounts = new Float64Array(slots * this.spanWidth);
    this.documentAttributionCounts = new Float64Array(slots * 3);
    this.corpusAttributionCounts = new Float64Array(slots * 3);
    this.labelSeen = new Uint8Array(this.spanLabels.names.length);
    this.corpusTuples = new TupleTable(m);
    this.idBuffers = layers.map(() => new Int32Array(0));
    this.documentTuples = new TupleTable(m);
    this.corpusContinuum = layers.map(() => new Map());
    this.documentUnits = layers.map(() => new Map());
  }

  // Each document's spans and attributions are prepared when its turn comes (prepared all at once they
  // would outlive several collections of the young generation and be copied for nothing).
  private prepare(d: AgreementDocumentInput): PreparedDocument {
    const { labelFilter } = this;
    return {
      id: d.id,
      text: d.text,
      spans: this.layers.map((layer) => {
        const l = d.layers[layer];
        if (!l) return undefined;
        return l.annotations
          .filter((a) => a.ranges.length > 0 && (!labelFilter || labelFilter.has(a.label)))
          .map((a) => spanItemFromAnnotation(a));
      }),
      attributions: this.layers.map((layer) => {
        const l = d.layers[layer];
        return l ? extractAttributions(l.annotations, l.relations ?? [], this.attributionOptions) : undefined;
      }),
    };
  }

  /**
   * One document's tokens, span and attribution counts, αU and attribute units; with `corpus`, added
   * to the corpus's (each document exactly once, in the input's order).
   */
  pass(source: AgreementDocumentInput, corpus: boolean): DocumentPass {
    const { m, allLayerIndexes, values, spanWidth, documentSpanCounts, corpusSpanCounts } = this;
    const { documentAttributionCounts, corpusAttributionCounts, labelSeen, spanLabels } = this;
    const d = this.prepare(source);
    const present = allLayerIndexes.filter((i) => d.spans[i] !== undefined);
    const docPairs = pairsOf(present);
    const bounds = tokenBoundsShared(d.text);
    const tokenCount = bounds.length >> 1;
    if (corpus) this.corpusTokens += tokenCount;

    // Token tuples, folded: identical value tuples become one weighted unit.
    const tokenIds = present.map((i, p) => {
      if (this.idBuffers[p]!.length < tokenCount) this.idBuffers[p] = new Int32Array(Math.max(tokenCount, 2 * this.idBuffers[p]!.length));
      return labelTokenIds(bounds, d.spans[i]!, values, this.idBuffers[p]!.subarray(0, tokenCount));
    });
    const tuples = foldTokenIds(tokenIds, present, m, this.documentTuples);
    if (corpus) this.corpusTuples.addAll(tuples);

    // Span and attribution counts per pair.
    const claimStats = new Map<number, [ClaimStats, ClaimStats]>();
    const layerSpans = d.spans.map((spans) => spans && prepareSpans(spans, spanLabels));
    for (const [x, y] of docPairs) {
      const stats: [ClaimStats, ClaimStats] = [claimStatsOf(d.attributions[x]!), claimStatsOf(d.attributions[y]!)];
      const pair = slotOf(m, 'exact', x, y);
      claimStats.set(pair, stats);
      const exactAt = slotOf(m, 'exact', x, y) * spanWidth;
      const overlapAt = slotOf(m, 'overlap', x, y) * spanWidth;
      spanCountsInto(layerSpans[x]!, layerSpans[y]!, documentSpanCounts, exactAt, overlapAt);
      for (const mode of MODES) {
        const at = 3 * slotOf(m, mode, x, y);
        const ref = d.attributions[x]!;
        const cand = d.attributions[y]!;
        const tp = countAttributionMatches(ref, cand, mode);
        documentAttributionCounts[at] = tp;
        documentAttributionCounts[at + 1] = cand.length - tp;
        documentAttributionCounts[at + 2] = ref.length - tp;
      }
      if (!corpus) continue;
      const total = this.corpusClaimStats.get(pair);
      if (total) for (const k of [0, 1] as const) addClaimStats(total[k], stats[k]);
      else this.corpusClaimStats.set(pair, [{ ...stats[0] }, { ...stats[1] }]);
      for (let k = 0; k < spanWidth; k++) {
        corpusSpanCounts[exactAt + k]! += documentSpanCounts[exactAt + k]!;
        corpusSpanCounts[overlapAt + k]! += documentSpanCounts[overlapAt + k]!;
      }
      for (const mode of MODES) {
        const at = 3 * slotOf(m, mode, x, y);
        for (let k = at; k < at + 3; k++) corpusAttributionCounts[k]! += documentAttributionCounts[k]!;
      }
    }

    // αU on this document, and onto the corpus continuum when every layer annotated it.
    labelSeen.fill(0);
    for (const i of present) for (const l of layerSpans[i]!.labelOf) labelSeen[l] = 1;
    const docLabels = this.labels.filter((l) => labelSeen[spanLabels.id(l)] === 1);
    const coders = present.map((i) => {
      const units = this.documentUnits[i]!;
      for (const columns of units.values()) columns.count = 0;
      return addUnits(units, layerSpans[i]!, 0);
    });
    const alphaU = unitizingAlphaOfColumns(d.text.length, coders, docLabels);
    if (corpus && present.length === m && m > 0) {
      this.completeDocuments++;
      for (const i of allLayerIndexes) addUnits(this.corpusContinuum[i]!, layerSpans[i]!, this.corpusLength);
      this.corpusLength += d.text.length;
    }

    // Attribute units.
    const attributeUnits = attributeUnitsOf(d, present, m, this.labels);
    if (corpus) {
      for (const [label, byAttribute] of attributeUnits) {
        for (const [attribute, units] of byAttribute) {
          let target = this.corpusAttributeUnits.get(label);
          if (!target) this.corpusAttributeUnits.set(label, (target = new Map()));
          const list = target.get(attribute);
          if (list) for (const unit of units) list.push(unit);
          else target.set(attribute, [...units]);
        }
      }
    }
    return {
      id: d.id,
      present,
      pairs: docPairs,
      labels: docLabels,
      tokens: tokenCount,
      tuples,
      values: values.names.length,
      claimStats,
      alphaU,
      attributeUnits,
    };
  }

  /**
   * Every figure of the document just passed; for a document passed again after its turn, `values`
   * is its first pass's {@link DocumentPass.values}.
   */
  documentFigures(pass: DocumentPass, values = pass.values): AgreementFigures {
    return figures(
      this.figureInput(pass.present, pass.pairs, { ...pass, values }, this.documentSpanCounts, this.documentAttributionCounts),
    );
  }

  /** The figures the dashboard lists for every document (over all labels), of the document just passed. */
  documentSummary(pass: DocumentPass): DocumentSummary {
    const f = this.figureInput(pass.present, pass.pairs, pass, this.documentSpanCounts, this.documentAttributionCounts);
    return {
      id: pass.id,
      layers: pass.present.map((i) => this.layers[i]!),
      tokens: pass.tokens,
      spanF1Overlap: pairwise(f, 'overlap', this.documentSpanCounts, this.spanWidth, 3 * this.spanLabels.id(ALL_LABELS)).f1,
      alphaUnitizing: pass.alphaU.alpha,
    };
  }

  /** The corpus figures, once every document has been passed with `corpus`. */
  corpusFigures(): AgreementReport['corpus'] {
    const { input, options, layers, labels } = this;
    const alphaU = unitizingAlphaOfColumns(this.corpusLength, this.completeDocuments > 0 ? this.corpusContinuum : [], labels);
    const corpus = figures(
      this.figureInput(
        this.allLayerIndexes,
        pairsOf(this.allLayerIndexes),
        {
          labels,
          tokens: this.corpusTokens,
          tuples: this.corpusTuples,
          values: this.values.names.length,
          claimStats: this.corpusClaimStats,
          alphaU,
          attributeUnits: this.corpusAttributeUnits,
        },
        this.corpusSpanCounts,
        this.corpusAttributionCounts,
      ),
    );
    const documentAttributes = documentAttributeAgreement(
      input.documents.map((d) => d.documentAttributes ?? {}),
      layers,
      options.documentAttributes,
    );
    const grouping = groupingAgreement(input.groupings ?? {}, layers);
    return { ...corpus, documents: input.documents.length, completeDocuments: this.completeDocuments, documentAttributes, grouping };
  }

  private figureInput(
    layerIndexes: readonly number[],
    pairs: readonly [number, number][],
    p: Pick<DocumentPass, 'labels' | 'tokens' | 'tuples' | 'values' | 'claimStats' | 'alphaU' | 'attributeUnits'>,
    spanCounts: Float64Array,
    attributionCounts: Float64Array,
  ): FigureInput {
    return {
      layers: this.layers,
      layerIndexes,
      pairs,
      labels: p.labels,
      tokens: p.tokens,
      tuples: p.tuples,
      values: this.values,
      valueCount: p.values,
      ranks: this.ranks,
      views: this.views,
      spanLabels: this.spanLabels,
      spanCounts,
      attributionCounts,
      claimStats: p.claimStats,
      alphaU: p.alphaU,
      attributeUnits: p.attributeUnits,
    };
  }
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
  /** How many of `values` there were when the tuples were made: the label views are taken as they were then. */
  valueCount: number;
  /** The values' ranks (valueRanks), kept from call to call. */
  ranks: { rank: Int32Array };
  views: LabelViews;
  spanLabels: SpanLabels;
  /** tp, fp, fn by slot and label number: `(slot · labels + label) · 3`. */
  spanCounts: Float64Array;
  /** tp, fp, fn by slot: `slot · 3`. */
  attributionCounts: Float64Array;
  claimStats: Map<number, [ClaimStats, ClaimStats]>;
  alphaU: AlphaU;
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
      ...tokenCoefficients(f, tuples, pairCells, f.views.of(label, f.valueCount)),
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
