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
import type { CohenResult } from './cohen.ts';
import type { DocumentAttributeFigures } from './documentAttributes.ts';
import type { GroupingPair } from './grouping.ts';
import type { AgreementInput, AgreementOptions } from './report-input.ts';
import type { FleissResult } from './fleiss.ts';
import type { NominalAlphaResult, UnitizingLabelResult } from './krippendorff.ts';
import type { ConfusionMatrix } from './labels.ts';
import { ReportRun } from './reportRun.ts';
import type { PairwiseF1, PRF } from './spans.ts';

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

/** What the dashboard lists for every document: its layers and tokens, span F1 (overlap) and αU over all labels. */
export interface DocumentSummary {
  id: string;
  /** The layers that annotated the document. */
  layers: string[];
  tokens: number;
  /** `labels['*'].spanF1.overlap.f1` of the document's figures. */
  spanF1Overlap: number;
  /** `labels['*'].alphaUnitizing.alpha` of the document's figures. */
  alphaUnitizing: number;
}

/** The report with a summary of each document instead of its figures ({@link AgreementComputation}). */
export interface AgreementSummary extends Omit<AgreementReport, 'documents'> {
  documents: DocumentSummary[];
}

// ---------------------------------------------------------------------------------------------
// Computation (reportRun.ts)

/** Documents between two progress reports. */
const PROGRESS_EVERY = 100;

/** Computes every agreement figure for the input; see the module comment for scope and units. */
export function agreementReport(input: AgreementInput, options: AgreementOptions = {}): AgreementReport {
  const run = new ReportRun(input, options);
  const documents: DocumentAgreement[] = [];
  for (const source of input.documents) {
    documents.push({ id: source.id, ...run.documentFigures(run.pass(source, true)) });
    if (documents.length % PROGRESS_EVERY === 0 || documents.length === input.documents.length)
      options.onProgress?.(documents.length, input.documents.length);
  }
  return { layers: run.layers, labels: run.labels, corpus: run.corpusFigures(), documents };
}

/**
 * The report as the dashboard shows it: the corpus figures and a summary of each document
 * (`summary`), with a document's figures computed when they are asked for ({@link document}), the
 * same as {@link agreementReport}'s. Keeps the input and the corpus's interned values.
 */
export class AgreementComputation {
  readonly summary: AgreementSummary;
  private readonly run: ReportRun;
  private readonly index = new Map<string, number>();
  /** How many token values had been interned when each document's turn came. */
  private readonly values: number[] = [];

  constructor(
    private readonly input: AgreementInput,
    options: AgreementOptions = {},
  ) {
    const run = (this.run = new ReportRun(input, options));
    const documents: DocumentSummary[] = [];
    for (const source of input.documents) {
      const pass = run.pass(source, true);
      this.values.push(pass.values);
      documents.push(run.documentSummary(pass));
      if (!this.index.has(source.id)) this.index.set(source.id, documents.length - 1);
      if (documents.length % PROGRESS_EVERY === 0 || documents.length === input.documents.length)
        options.onProgress?.(documents.length, input.documents.length);
    }
    this.summary = { layers: run.layers, labels: run.labels, corpus: run.corpusFigures(), documents };
  }

  /** Every figure of the document with this id (the first with it), as in the full report; undefined when there is none. */
  document(id: string): DocumentAgreement | undefined {
    const at = this.index.get(id);
    if (at === undefined) return undefined;
    return { id, ...this.run.documentFigures(this.run.pass(this.input.documents[at]!, false), this.values[at]) };
  }
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
