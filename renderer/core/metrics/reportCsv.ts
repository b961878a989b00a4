/**
 * CSV exports of the agreement report (one figure per row) and of the disagreement list, for
 * spreadsheets: RFC 4180, CRLF, cells a spreadsheet would run as formulas escaped.
 */
import Papa from 'papaparse';
import type { Disagreement } from './disagreements.ts';
import type { AgreementFigures, AgreementReport } from './report.ts';
import { ALL_LABELS, formatRanges, type MatchMode, type PairwiseF1, type SpanF1Result } from './spans.ts';

const MODES: readonly MatchMode[] = ['exact', 'overlap'];
type Counts = Pick<SpanF1Result, 'tp' | 'fp' | 'fn'>;
const CSV_OPTIONS = { newline: '\r\n', escapeFormulae: true } as const;

/** The disagreement list as CSV (RFC 4180; cells that a spreadsheet would run as formulas are escaped). */
export function disagreementsToCsv(rows: readonly Disagreement[]): string {
  return Papa.unparse(
    {
      fields: ['document', 'label', 'kind', 'layer_a', 'range_a', 'label_a', 'text_a', 'layer_b', 'range_b', 'label_b', 'text_b'],
      data: rows.map((r) => [
        r.document,
        r.label,
        r.kind,
        r.layerA,
        r.spanA ? formatRanges(r.spanA) : '',
        r.spanA?.label ?? '',
        r.textA,
        r.layerB,
        r.spanB ? formatRanges(r.spanB) : '',
        r.spanB?.label ?? '',
        r.textB,
      ]),
    },
    CSV_OPTIONS,
  );
}

/** Column names of {@link reportToCsv}. */
export const REPORT_CSV_FIELDS = [
  'scope',
  'document',
  'label',
  'attribute',
  'metric',
  'layer_a',
  'layer_b',
  'value',
  'n',
  'tp',
  'fp',
  'fn',
] as const;

type CsvCell = string | number;

/** The `label` of CSV rows about document-level attributes (their `attribute` names one). */
export const DOCUMENT_SCOPE = '(document)';

/** The `label` of CSV rows about agreement on claim grouping (`n`: the claims either layer grouped). */
export const GROUPING_SCOPE = '(claim groups)';

export interface ReportCsvOptions {
  /** Also write every pair of layers for each document (default: pairs for the corpus only, means per document). */
  documentPairs?: boolean;
}

/**
 * The report's figures as a long ("tidy") CSV table, one figure per row: corpus rows first
 * (`scope` = `corpus`, `document` empty), then each document's (means over pairs unless
 * `documentPairs`). `layer_a`/`layer_b` are empty for
 * figures over all layers (Fleiss, α, αU, means over pairs). `n` is the number of units behind the
 * figure (tokens for κ, pairable values for α, units for αU, tp + fp + fn for P/R/F1; documents
 * for the document attributes, whose rows have the label `(document)`; claims either layer grouped
 * for the claim-grouping rows, labelled `(claim groups)`). A figure
 * that is undefined is written `NaN`.
 */
export function reportToCsv(report: AgreementReport, options: ReportCsvOptions = {}): string {
  const data: CsvCell[][] = [];
  const emit = (scope: string, doc: string, figuresOf: AgreementFigures, withPairs: boolean) => {
    const push = (label: string, attribute: string, metric: string, a: string, b: string, value: number, n: number, c?: Counts) =>
      data.push([scope, doc, label, attribute, metric, a, b, num(value), num(n), c ? c.tp : '', c ? c.fp : '', c ? c.fn : '']);
    for (const [label, lf] of Object.entries(figuresOf.labels)) {
      if (withPairs) for (const k of lf.cohen) push(label, '', 'cohen_kappa', k.a, k.b, k.kappa, k.n);
      push(label, '', 'cohen_kappa_mean', '', '', lf.meanCohen, figuresOf.tokens);
      push(label, '', 'fleiss_kappa', '', '', lf.fleiss.kappa, lf.fleiss.n);
      push(label, '', 'krippendorff_alpha_nominal', '', '', lf.alphaNominal.alpha, lf.alphaNominal.pairableValues);
      push(label, '', 'krippendorff_alpha_unitizing', '', '', lf.alphaUnitizing.alpha, lf.alphaUnitizing.units);
      for (const mode of MODES) prfRows(push, label, `span_${mode}`, lf.spanF1[mode], withPairs);
    }
    for (const mode of MODES) prfRows(push, ALL_LABELS, `attribution_${mode}`, figuresOf.attribution[mode], withPairs);
    for (const [label, byAttribute] of Object.entries(figuresOf.attributes)) {
      for (const [attribute, r] of Object.entries(byAttribute)) {
        push(label, attribute, 'krippendorff_alpha_nominal', '', '', r.alpha, r.pairableValues);
      }
    }
  };
  emit('corpus', '', report.corpus, true);
  for (const [name, f] of Object.entries(report.corpus.documentAttributes)) {
    const push = (metric: string, a: string, b: string, value: number, n: number) =>
      data.push(['corpus', '', DOCUMENT_SCOPE, name, metric, a, b, num(value), num(n), '', '', '']);
    for (const k of f.cohen) push('cohen_kappa', k.a, k.b, k.kappa, k.n);
    push('cohen_kappa_mean', '', '', f.meanCohen, f.documents);
    push('fleiss_kappa', '', '', f.fleiss.kappa, f.fleiss.n);
    push('krippendorff_alpha_nominal', '', '', f.alpha.alpha, f.alpha.pairableValues);
  }
  for (const g of report.corpus.grouping) {
    for (const which of ['pairwise', 'bcubed'] as const) {
      for (const part of ['precision', 'recall', 'f1'] as const)
        data.push(['corpus', '', GROUPING_SCOPE, '', `grouping_${which}_${part}`, g.a, g.b, num(g[which][part]), g.items, '', '', '']);
    }
  }
  for (const d of report.documents) emit('document', d.id, d, options.documentPairs ?? false);
  return Papa.unparse({ fields: [...REPORT_CSV_FIELDS], data }, CSV_OPTIONS);
}

function prfRows(
  push: (label: string, attribute: string, metric: string, a: string, b: string, value: number, n: number, c?: Counts) => void,
  label: string,
  prefix: string,
  figures: PairwiseF1,
  withPairs: boolean,
): void {
  for (const p of withPairs ? figures.pairs : []) {
    const n = p.tp + p.fp + p.fn;
    push(label, '', `${prefix}_precision`, p.a, p.b, p.precision, n, p);
    push(label, '', `${prefix}_recall`, p.a, p.b, p.recall, n, p);
    push(label, '', `${prefix}_f1`, p.a, p.b, p.f1, n, p);
  }
  push(label, '', `${prefix}_precision_mean`, '', '', figures.precision, figures.pairs.length);
  push(label, '', `${prefix}_recall_mean`, '', '', figures.recall, figures.pairs.length);
  push(label, '', `${prefix}_f1_mean`, '', '', figures.f1, figures.pairs.length);
}

function num(v: number): CsvCell {
  return Number.isNaN(v) ? 'NaN' : v;
}
