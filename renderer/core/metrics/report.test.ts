import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Annotation, AnnotationId, ClaimGroupId, DocumentId, ProjectId, Relation, RelationId } from '../model/types.ts';
import { groupDataset, testGroup } from '../formats/fixtures/claim-groups.ts';
import { REPORTED_BY, SAID_BY } from '../model/types.ts';
import { attributionF1 } from './attribution.ts';
import { cohensKappa } from './cohen.ts';
import { fleissKappa } from './fleiss.ts';
import { krippendorffAlphaNominal, unitizingAlpha } from './krippendorff.ts';
import { labelUnitsByToken, tokenCategoryCounts, tokenUnits } from './labels.ts';
import { listDisagreements } from './disagreements.ts';
import { disagreementsToCsv, REPORT_CSV_FIELDS, reportToCsv } from './reportCsv.ts';
import {
  agreementInputFromRecords,
  agreementReport,
  spanF1Summary,
  type AgreementDocumentInput,
  type AgreementLayerInput,
  type LayerAnnotation,
} from './report.ts';
import { spanF1, spanItemFromAnnotation, type SpanItem } from './spans.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms, Iranian state television reported.';
//           0     6    11  15     22     29  33        43     50     57   62  66 68                        95
const at = (word: string, from = 0) => {
  const start = TEXT.indexOf(word, from);
  return { start, end: start + word.length };
};
const a = (
  id: string,
  label: string,
  range: { start: number; end: number },
  attributes?: LayerAnnotation['attributes'],
): LayerAnnotation => (attributes ? { id, label, ranges: [range], attributes } : { id, label, ranges: [range] });

const claimRange = { start: at('the United').start, end: at('arms').end };
const ana: AgreementLayerInput = {
  annotations: [
    a('c', 'Claim', claimRange, { stance: 'asserts' }),
    a('s', 'Speaker', at('Lavrov')),
    a('q', 'Cue', at('said')),
    a('src', 'Source', at('Iranian state television')),
  ],
  relations: [
    { from: 'c', to: 's', type: SAID_BY },
    { from: 'c', to: 'src', type: REPORTED_BY },
  ],
};
// ben: the claim starts one word later (boundary), "said" marked as Speaker (label), no source (missing).
const ben: AgreementLayerInput = {
  annotations: [
    a('c', 'Claim', { start: at('United').start, end: claimRange.end }, { stance: 'denies' }),
    a('s', 'Speaker', at('Lavrov')),
    a('q', 'Speaker', at('said')),
  ],
  relations: [{ from: 'c', to: 's', type: SAID_BY }],
};

const spansOf = (layer: AgreementLayerInput): SpanItem[] => layer.annotations.map((x) => spanItemFromAnnotation(x));

describe('agreementReport on one document and two layers', () => {
  const report = agreementReport({ documents: [{ id: 'doc1', text: TEXT, layers: { ana, ben } }] });
  const doc = report.documents[0]!;

  it('lists layers and labels', () => {
    expect(report.layers).toEqual(['ana', 'ben']);
    expect(report.labels).toEqual(['Claim', 'Cue', 'Source', 'Speaker']);
    expect(doc.layers).toEqual(['ana', 'ben']);
    expect(report.corpus.completeDocuments).toBe(1);
  });

  it('gives the span F1 of the span module, per label and over all labels', () => {
    const all = report.corpus.labels['*']!;
    // exact: Speaker Lavrov matches; Claim (boundary), Cue/Speaker "said" (label) and Source miss.
    // ana 4 spans, ben 3 spans, tp 1 → P 1/4, R 1/3 (ana is the reference), F1 2/7.
    expect(all.spanF1.exact).toMatchObject({ precision: 1 / 3, recall: 1 / 4, f1: 2 / 7 });
    expect(all.spanF1.exact.pairs[0]).toMatchObject({ a: 'ana', b: 'ben', tp: 1, fp: 2, fn: 3 });
    // overlap: Claim matches too → tp 2, F1 4/7.
    expect(all.spanF1.overlap.f1).toBeCloseTo(4 / 7, 12);
    for (const label of report.labels) {
      for (const mode of ['exact', 'overlap'] as const) {
        expect(report.corpus.labels[label]!.spanF1[mode].f1).toBe(spanF1(spansOf(ana), spansOf(ben), mode, label).f1);
      }
    }
    expect(report.corpus.labels['Source']!.spanF1.overlap.f1).toBe(0);
  });

  it("summarises span F1 per label and mode in the shape of the CLI's JSON", () => {
    const summary = spanF1Summary(report);
    expect(Object.keys(summary).sort()).toEqual(['*', 'Claim', 'Cue', 'Source', 'Speaker']);
    expect(summary['*']).toEqual({
      exact: { precision: 1 / 3, recall: 1 / 4, f1: 2 / 7 },
      overlap: { precision: 2 / 3, recall: 2 / 4, f1: 4 / 7 },
    });
    expect(summary['Claim']!.exact.f1).toBe(0);
    expect(summary['Claim']!.overlap.f1).toBe(1);
  });

  it("names the categories of Fleiss' category kappas", () => {
    const fleiss = report.corpus.labels['Claim']!.fleiss;
    expect([...fleiss.categories].sort()).toEqual(['Claim', 'O']);
    expect(fleiss.categoryKappa).toHaveLength(2);
  });

  it('gives token-level Cohen, Fleiss and α equal to the coefficient functions on the same tokens', () => {
    const layers = { ana: spansOf(ana), ben: spansOf(ben) };
    for (const label of [undefined, ...report.labels]) {
      const l = labelUnitsByToken(TEXT, layers, label === undefined ? {} : { label });
      const figures = report.corpus.labels[label ?? '*']!;
      const kappa = cohensKappa(l.values[0]!, l.values[1]!);
      expect(figures.cohen[0]!.kappa).toBeCloseTo(kappa.kappa, 12);
      expect(figures.cohen[0]!.n).toBe(kappa.n);
      expect(figures.meanCohen).toBeCloseTo(kappa.kappa, 12);
      expect(figures.fleiss.kappa).toBeCloseTo(fleissKappa(tokenCategoryCounts(l).counts).kappa, 12);
      expect(figures.alphaNominal.alpha).toBeCloseTo(krippendorffAlphaNominal(tokenUnits(l)).alpha, 12);
    }
  });

  it('gives αU of the krippendorff module on the characters', () => {
    const direct = unitizingAlpha(TEXT.length, [spansOf(ana), spansOf(ben)]);
    expect(report.corpus.labels['*']!.alphaUnitizing.alpha).toBeCloseTo(direct.alpha, 12);
    expect(report.corpus.labels['Claim']!.alphaUnitizing.alpha).toBeCloseTo(direct.perLabel['Claim']!.alpha, 12);
    expect(doc.labels['Claim']!.alphaUnitizing.alpha).toBeCloseTo(direct.perLabel['Claim']!.alpha, 12);
  });

  it('gives attribution F1: the claims overlap but the source chains differ', () => {
    const exact = attributionF1(ana.annotations, ana.relations!, ben.annotations, ben.relations!, 'exact');
    expect(report.corpus.attribution.exact.f1).toBe(exact.f1);
    expect(report.corpus.attribution.overlap.f1).toBe(0);
    // Without the source the attributions agree in overlap mode.
    const noSource = { ...ana, relations: ana.relations!.slice(0, 1) };
    const again = agreementReport({ documents: [{ id: 'd', text: TEXT, layers: { ana: noSource, ben } }] });
    expect(again.corpus.attribution.overlap.f1).toBe(1);
    expect(again.corpus.attribution.exact.f1).toBe(0);
  });

  it('gives attribute α over groups of overlapping spans', () => {
    // One Claim group, stance asserts vs denies: D_o = 1, D_e = 2·1·1/(2·1) = 1 → α = 0.
    expect(report.corpus.attributes['Claim']!['stance']).toMatchObject({ alpha: 0, pairableValues: 2 });
  });

  it('builds a confusion matrix of the combined token values', () => {
    const confusion = report.corpus.confusion[0]!;
    expect(confusion).toMatchObject({ a: 'ana', b: 'ben' });
    const cell = (x: string, y: string) => confusion.matrix[confusion.labels.indexOf(x)]![confusion.labels.indexOf(y)];
    expect(cell('Cue', 'Speaker')).toBe(1); // "said"
    expect(cell('Claim', 'O')).toBe(1); // "the"
    expect(cell('Speaker', 'Speaker')).toBe(1); // "Lavrov"
    expect(cell('Source', 'O')).toBe(3); // Iranian state television
    expect(confusion.labels[confusion.labels.length - 1]).toBe('O');
  });
});

describe('agreementReport across documents', () => {
  const text2 = 'Reuters said the talks failed.';
  const doc1: AgreementDocumentInput = { id: 'd1', text: TEXT, layers: { ana, ben, cai: ana } };
  const doc2: AgreementDocumentInput = {
    id: 'd2',
    text: text2,
    layers: {
      ana: { annotations: [a('x', 'Claim', { start: 13, end: 29 })] },
      ben: { annotations: [a('x', 'Claim', { start: 17, end: 29 })] },
      // cai did not annotate d2
    },
  };
  const report = agreementReport({ documents: [doc1, doc2] });

  it('counts complete documents and uses only them for Fleiss and αU', () => {
    expect(report.corpus.documents).toBe(2);
    expect(report.corpus.completeDocuments).toBe(1);
    expect(report.documents[1]!.layers).toEqual(['ana', 'ben']);
    const onlyDoc1 = agreementReport({ documents: [doc1] });
    expect(report.corpus.labels['*']!.fleiss.kappa).toBeCloseTo(onlyDoc1.corpus.labels['*']!.fleiss.kappa, 12);
    expect(report.corpus.labels['*']!.alphaUnitizing.alpha).toBeCloseTo(onlyDoc1.corpus.labels['*']!.alphaUnitizing.alpha, 12);
  });

  it("pools the tokens of every document a pair annotated for Cohen's κ", () => {
    const l1 = labelUnitsByToken(TEXT, { ana: spansOf(ana), ben: spansOf(ben) });
    const l2 = labelUnitsByToken(text2, { ana: spansOf(doc2.layers['ana']!), ben: spansOf(doc2.layers['ben']!) });
    const pooled = cohensKappa([...l1.values[0]!, ...l2.values[0]!], [...l1.values[1]!, ...l2.values[1]!]);
    const anaBen = report.corpus.labels['*']!.cohen.find((c) => c.a === 'ana' && c.b === 'ben')!;
    expect(anaBen.kappa).toBeCloseTo(pooled.kappa, 12);
    expect(anaBen.n).toBe(pooled.n);
    const anaCai = report.corpus.labels['*']!.cohen.find((c) => c.a === 'ana' && c.b === 'cai')!;
    expect(anaCai.n).toBe(l1.tokens.length);
    expect(anaCai.kappa).toBe(1);
  });

  it('treats a missing layer as missing values in α', () => {
    const l1 = labelUnitsByToken(TEXT, { ana: spansOf(ana), ben: spansOf(ben), cai: spansOf(ana) });
    const l2 = labelUnitsByToken(text2, { ana: spansOf(doc2.layers['ana']!), ben: spansOf(doc2.layers['ben']!) });
    const units = [...tokenUnits(l1), ...tokenUnits(l2).map((u) => [...u, null])];
    expect(report.corpus.labels['*']!.alphaNominal.alpha).toBeCloseTo(krippendorffAlphaNominal(units).alpha, 12);
  });

  it('sums span counts over documents before scoring (micro-average per pair)', () => {
    const pair = report.corpus.labels['Claim']!.spanF1.overlap.pairs.find((p) => p.a === 'ana' && p.b === 'ben')!;
    expect(pair).toMatchObject({ tp: 2, fp: 0, fn: 0, f1: 1 });
    const exact = report.corpus.labels['Claim']!.spanF1.exact.pairs.find((p) => p.a === 'ana' && p.b === 'ben')!;
    expect(exact).toMatchObject({ tp: 0, fp: 2, fn: 2, f1: 0 });
  });

  it('honours the layer order and label subset of the options', () => {
    const r = agreementReport({ documents: [doc1] }, { layers: ['ben', 'ana'], labels: ['Claim'] });
    expect(r.layers).toEqual(['ben', 'ana']);
    expect(r.labels).toEqual(['Claim']);
    expect(r.corpus.labels['*']!.spanF1.exact.pairs[0]).toMatchObject({ a: 'ben', b: 'ana', tp: 0, fp: 1, fn: 1 });
  });

  it('gives identical layers perfect figures and one layer NaN pairwise figures', () => {
    const same = agreementReport({ documents: [{ id: 'd', text: TEXT, layers: { x: ana, y: ana } }] }).corpus.labels['*']!;
    expect(same.cohen[0]!.kappa).toBe(1);
    expect(same.fleiss.kappa).toBeCloseTo(1, 12);
    expect(same.alphaNominal.alpha).toBeCloseTo(1, 12);
    expect(same.alphaUnitizing.alpha).toBe(1);
    expect(same.spanF1.exact.f1).toBe(1);
    const single = agreementReport({ documents: [{ id: 'd', text: TEXT, layers: { x: ana } }] }).corpus.labels['*']!;
    expect(single.cohen).toEqual([]);
    expect(Number.isNaN(single.spanF1.exact.f1)).toBe(true);
    expect(single.fleiss.error).toMatch(/two raters/);
  });
});

describe('listDisagreements and CSV', () => {
  const input = { documents: [{ id: 'doc1', text: TEXT, layers: { ana, ben } }] };

  it('classifies boundary, label and missing disagreements', () => {
    const rows = listDisagreements(input);
    expect(rows.map((r) => [r.kind, r.label, r.spanA?.label ?? '', r.spanB?.label ?? '', r.textA, r.textB])).toEqual([
      ['label', 'Cue', 'Cue', 'Speaker', 'said', 'said'],
      [
        'boundary',
        'Claim',
        'Claim',
        'Claim',
        'the United States was supplying Syrian rebels with arms',
        'United States was supplying Syrian rebels with arms',
      ],
      ['missing', 'Source', 'Source', '', 'Iranian state television', ''],
    ]);
    expect(listDisagreements({ documents: [{ id: 'd', text: TEXT, layers: { x: ana, y: ana } }] })).toEqual([]);
  });

  it('writes the disagreements as CSV with formula-like text escaped', () => {
    const text = '=SUM(A1) is not a claim';
    const csv = disagreementsToCsv(
      listDisagreements({
        documents: [{ id: 'd', text, layers: { x: { annotations: [a('1', 'Claim', { start: 0, end: 8 })] }, y: { annotations: [] } } }],
      }),
    );
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed[0]).toEqual([
      'document',
      'label',
      'kind',
      'layer_a',
      'range_a',
      'label_a',
      'text_a',
      'layer_b',
      'range_b',
      'label_b',
      'text_b',
    ]);
    expect(parsed[1]).toEqual(['d', 'Claim', 'missing', 'x', '0-8', 'Claim', "'=SUM(A1)", 'y', '', '', '']);
  });

  it('writes the report as a long CSV table that reads back to the same figures', () => {
    const report = agreementReport(input);
    const parsed = Papa.parse<Record<string, string>>(reportToCsv(report).trim(), { header: true });
    expect(parsed.meta.fields).toEqual([...REPORT_CSV_FIELDS]);
    const find = (scope: string, label: string, metric: string) =>
      parsed.data.find((r) => r['scope'] === scope && r['label'] === label && r['metric'] === metric && r['attribute'] === '');
    expect(Number(find('corpus', '*', 'span_exact_f1')!['value'])).toBeCloseTo(2 / 7, 12);
    expect(find('corpus', '*', 'span_exact_f1')).toMatchObject({ layer_a: 'ana', layer_b: 'ben', tp: '1', fp: '2', fn: '3' });
    expect(Number(find('corpus', 'Claim', 'cohen_kappa')!['value'])).toBeCloseTo(report.corpus.labels['Claim']!.cohen[0]!.kappa, 12);
    expect(Number(find('corpus', '*', 'krippendorff_alpha_unitizing')!['value'])).toBeCloseTo(
      report.corpus.labels['*']!.alphaUnitizing.alpha,
      12,
    );
    expect(find('document', '*', 'fleiss_kappa')).toMatchObject({ document: 'doc1' });
    // Per document: means only, unless every pair is asked for.
    expect(find('document', '*', 'span_exact_f1')).toBeUndefined();
    expect(Number(find('document', '*', 'span_exact_f1_mean')!['value'])).toBeCloseTo(2 / 7, 12);
    const withPairs = Papa.parse<Record<string, string>>(reportToCsv(report, { documentPairs: true }).trim(), { header: true });
    expect(withPairs.data.some((r) => r['scope'] === 'document' && r['metric'] === 'span_exact_f1' && r['layer_a'] === 'ana')).toBe(true);
    const stance = parsed.data.find((r) => r['attribute'] === 'stance' && r['scope'] === 'corpus')!;
    expect(stance).toMatchObject({ label: 'Claim', metric: 'krippendorff_alpha_nominal', value: '0', n: '2' });
    const single = reportToCsv(agreementReport({ documents: [{ id: 'd', text: TEXT, layers: { x: ana } }] }));
    expect(single).toMatch(/,fleiss_kappa,,,NaN,/);
  });
});

describe('agreementInputFromRecords', () => {
  const base = {
    projectId: 'p' as ProjectId,
    quote: '',
    attributes: {},
    note: '',
    origin: 'human' as const,
    createdBy: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'x',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const ann = (id: string, doc: string, layer: string, label: string, start: number, end: number): Annotation => ({
    ...base,
    id: id as AnnotationId,
    documentId: doc as DocumentId,
    layer,
    label,
    ranges: [{ start, end }],
  });
  const relation = (from: string, to: string, doc: string, layer: string): Relation => ({
    id: `${from}-${to}` as RelationId,
    projectId: 'p' as ProjectId,
    documentId: doc as DocumentId,
    layer,
    from: from as AnnotationId,
    to: to as AnnotationId,
    type: SAID_BY,
    createdBy: 'x',
    createdAt: base.createdAt,
    updatedBy: 'x',
    updatedAt: base.updatedAt,
  });

  it('groups annotations and relations by document and layer, leaving out suggestions', () => {
    const documents = [
      { id: 'd1' as DocumentId, text: 'one two three' },
      { id: 'd2' as DocumentId, text: 'four five' },
    ];
    const annotations = [
      ann('1', 'd1', 'ana', 'Claim', 0, 3),
      ann('2', 'd1', 'ana', 'Speaker', 4, 7),
      ann('3', 'd1', 'ben', 'Claim', 0, 3),
      ann('4', 'd2', 'ana', 'Claim', 0, 4),
      ann('5', 'd1', 'suggestions', 'Claim', 8, 13),
    ];
    const input = agreementInputFromRecords(documents, annotations, [relation('1', '2', 'd1', 'ana')]);
    expect(Object.keys(input.documents[0]!.layers)).toEqual(['ana', 'ben']);
    expect(input.documents[0]!.layers['ana']!.annotations.map((x) => x.id)).toEqual(['1', '2']);
    expect(input.documents[0]!.layers['ana']!.relations).toHaveLength(1);
    // ben has nothing in d2: missing there unless it says the document was done.
    expect(Object.keys(input.documents[1]!.layers)).toEqual(['ana']);
    const done = agreementInputFromRecords(documents, annotations, [], { isAnnotated: (doc, layer) => doc === 'd2' && layer === 'ben' });
    expect(done.documents[1]!.layers['ben']).toEqual({ annotations: [], relations: [] });
  });
});

describe('agreement on claim grouping in the report', () => {
  it('compares the layers’ claim groups, matching claims by document and span, and writes them to the figures CSV', () => {
    const dataset = groupDataset();
    const claims = dataset.annotations.filter((a) => a.label === 'Claim');
    // Each layer annotates the three claims itself; alice groups articles 1 and 2, bob all three.
    const copy = (layer: string) => claims.map((a) => ({ ...a, id: `${layer}-${a.id}` as AnnotationId, layer }));
    const annotations = [...copy('alice'), ...copy('bob')];
    const member = (a: Annotation) => ({ documentId: a.documentId, annotationId: a.id });
    const groups = [
      testGroup({ id: 'ga' as ClaimGroupId, layer: 'alice', canonical: 'x', members: copy('alice').slice(0, 2).map(member) }),
      testGroup({ id: 'gb' as ClaimGroupId, layer: 'bob', canonical: 'x', members: copy('bob').map(member) }),
    ];
    const input = agreementInputFromRecords(dataset.documents, annotations, [], { claimGroups: groups });
    const report = agreementReport(input);
    expect(report.corpus.grouping).toHaveLength(1);
    const g = report.corpus.grouping[0]!;
    // Items 3; pairs: alice 1, bob 3, both 1 → P 1/3, R 1; B-cubed P (2/3 + 2/3 + 1/3)/3 = 5/9, R 1.
    expect([g.a, g.b, g.items, g.pairsA, g.pairsB, g.pairsBoth]).toEqual(['alice', 'bob', 3, 1, 3, 1]);
    expect(g.pairwise.precision).toBeCloseTo(1 / 3, 10);
    expect(g.bcubed.precision).toBeCloseTo(5 / 9, 10);
    expect(g.bcubed.recall).toBe(1);
    const rows = Papa.parse<Record<string, string>>(reportToCsv(report), { header: true }).data.filter((r) => r.label === '(claim groups)');
    expect(rows.map((r) => [r.metric, r.layer_a, r.layer_b, r.n])).toEqual(
      ['pairwise', 'bcubed'].flatMap((w) => ['precision', 'recall', 'f1'].map((p) => [`grouping_${w}_${p}`, 'alice', 'bob', '3'])),
    );
    // Without claim groups there is nothing to compare.
    expect(agreementReport(agreementInputFromRecords(dataset.documents, annotations, [])).corpus.grouping).toEqual([]);
  });
});
