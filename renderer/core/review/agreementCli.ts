/**
 * The logic of `claimscope agreement <input> <input> [...] [--label NAME] [--json]`: each input is
 * one layer (an annotator bundle, or any dataset `convert` reads); documents are matched across
 * inputs by the SHA-256 of their text, never by id or file name; the figures are those of the
 * dashboard (core/metrics/report.ts). Pure, so it is tested without the command line.
 */
import { sha256Hex } from '../model/hash.ts';
import { GOLD_LAYER, SUGGESTIONS_LAYER, type Annotation, type AttributeValue, type Relation, type Span } from '../model/types.ts';
import type { Dataset } from '../formats/types.ts';
import type { GroupingInput } from '../metrics/grouping.ts';
import {
  agreementReport,
  groupingsOf,
  spanF1Summary,
  type AgreementInput,
  type AgreementLayerInput,
  type AgreementReport,
} from '../metrics/report.ts';
import type { PRF } from '../metrics/spans.ts';
import type { DocumentAttributeValues } from '../metrics/documentAttributes.ts';
import { plural } from '../model/plural.ts';

/** One input as one layer: its documents with the annotations and relations of that layer. */
export interface LayerSource {
  /** The layer's name in the output (an annotator's name, or the file's name). */
  name: string;
  /** Where it came from, for messages. */
  file: string;
  documents: {
    title: string;
    text: string;
    annotations: Annotation[];
    relations: Relation[];
    /** The layer's document-level attribute values (topic, relevance …), where the input has them. */
    documentAttributes?: Record<string, AttributeValue>;
  }[];
  /** The schema's document attributes, in order. */
  documentAttributeNames?: string[];
  /** The layer's claim groups: each member as the index of its document in `documents` and its ranges. */
  groups?: { document: number; ranges: Span[] }[][];
}

export type LayerResult = { ok: true; layer: LayerSource } | { ok: false; message: string };

/**
 * Turns a dataset read from one input into one layer. A bundle names its layer; otherwise the
 * dataset's only annotation layer gives the name (generic names — empty, `import`, `gold` — give
 * way to the file's name). A dataset holding several annotator layers is refused with their names,
 * since an input stands for exactly one layer.
 */
export function layerFromDataset(file: string, dataset: Dataset, options: { bundleLayer?: string; fallbackName: string }): LayerResult {
  const layers = [...new Set(dataset.annotations.map((a) => a.layer))].filter((l) => l !== SUGGESTIONS_LAYER);
  let chosen: string | null = null;
  if (options.bundleLayer) chosen = options.bundleLayer;
  else if (layers.length > 1) {
    return {
      ok: false,
      message: `${file}: holds ${layers.length} layers (${layers.sort().join(', ')}); each input to agreement must be one layer. Export each layer on its own (e.g. the Export dialog's layer choice, or one bundle per annotator).`,
    };
  } else chosen = layers[0] ?? null;
  const keep = (layer: string) => (chosen === null ? true : layer === chosen);
  const generic = chosen === null || chosen.trim() === '' || chosen === 'import' || chosen === GOLD_LAYER || chosen === 'annotator';
  const name = options.bundleLayer ?? (generic ? options.fallbackName : chosen!);
  const annotationsByDoc = new Map<string, Annotation[]>();
  for (const a of dataset.annotations) if (keep(a.layer)) push(annotationsByDoc, a.documentId, a);
  const relationsByDoc = new Map<string, Relation[]>();
  for (const r of dataset.relations) if (keep(r.layer)) push(relationsByDoc, r.documentId, r);
  const attributesByDoc = new Map<string, Record<string, AttributeValue>>();
  for (const v of dataset.documentAttributes ?? []) {
    if (keep(v.layer)) attributesByDoc.set(v.documentId, { ...attributesByDoc.get(v.documentId), ...v.values });
  }
  const names = (dataset.project.schema.documentAttributes ?? []).map((a) => a.name);
  const docIndex = new Map(dataset.documents.map((d, i) => [d.id as string, i]));
  const groupings = groupingsOf(
    (dataset.claimGroups ?? []).filter((g) => keep(g.layer)),
    dataset.annotations,
  );
  const groups = Object.values(groupings).flatMap((g) =>
    g.groups.map((members) =>
      members.flatMap((m) => (docIndex.has(m.documentId) ? [{ document: docIndex.get(m.documentId)!, ranges: [...m.ranges] }] : [])),
    ),
  );
  return {
    ok: true,
    layer: {
      name,
      file,
      documents: dataset.documents.map((d) => {
        const attributes = attributesByDoc.get(d.id);
        return {
          title: d.title,
          text: d.text,
          annotations: annotationsByDoc.get(d.id) ?? [],
          relations: relationsByDoc.get(d.id) ?? [],
          ...(attributes && { documentAttributes: attributes }),
        };
      }),
      ...(names.length > 0 && { documentAttributeNames: names }),
      ...(groups.length > 0 && { groups }),
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Makes layer names unique in order: `alice`, `alice (2)` … */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

export interface MatchedLayers {
  input: AgreementInput;
  layers: string[];
  /** The inputs' schema document attributes, in order of first appearance. */
  documentAttributeNames: string[];
  /** Document title by matched id (the text hash). */
  titles: Record<string, string>;
  /** Documents of an input that no other input has (they are compared with nothing). */
  unmatched: { layer: string; title: string }[];
}

/**
 * Matches the documents of every layer by text hash. A document that only one input holds is
 * reported as unmatched and left out; a document every input holds is compared by all; one some
 * inputs hold is compared by those (the others count as missing, see the metrics README).
 */
export function matchLayersByText(sources: readonly LayerSource[]): MatchedLayers {
  const names = uniqueNames(sources.map((s) => s.name));
  const docs = new Map<
    string,
    { text: string; title: string; layers: Record<string, AgreementLayerInput>; attributes: DocumentAttributeValues }
  >();
  const order: string[] = [];
  const groupings: Record<string, GroupingInput> = {};
  sources.forEach((s, i) => {
    const hashes = s.documents.map((d) => sha256Hex(d.text));
    if (s.groups && s.groups.length > 0) {
      groupings[names[i]!] = { groups: s.groups.map((g) => g.map((m) => ({ documentId: hashes[m.document]!, ranges: m.ranges }))) };
    }
    for (const [k, d] of s.documents.entries()) {
      const hash = hashes[k]!;
      let entry = docs.get(hash);
      if (!entry) {
        docs.set(hash, (entry = { text: d.text, title: d.title, layers: {}, attributes: {} }));
        order.push(hash);
      }
      const layer = entry.layers[names[i]!];
      if (layer) {
        (layer.annotations as Annotation[]).push(...d.annotations);
        (layer.relations as Relation[]).push(...d.relations);
      } else entry.layers[names[i]!] = { annotations: [...d.annotations], relations: [...d.relations] };
      if (d.documentAttributes) entry.attributes[names[i]!] = { ...entry.attributes[names[i]!], ...d.documentAttributes };
    }
  });
  const unmatched: { layer: string; title: string }[] = [];
  const documents = [];
  const titles: Record<string, string> = {};
  for (const hash of order) {
    const d = docs.get(hash)!;
    const present = Object.keys(d.layers);
    if (present.length < 2) {
      unmatched.push({ layer: present[0]!, title: d.title });
      continue;
    }
    titles[hash] = d.title;
    documents.push(
      Object.keys(d.attributes).length > 0
        ? { id: hash, text: d.text, layers: d.layers, documentAttributes: d.attributes }
        : { id: hash, text: d.text, layers: d.layers },
    );
  }
  const documentAttributeNames = [...new Set(sources.flatMap((s) => s.documentAttributeNames ?? []))];
  const input: AgreementInput = Object.keys(groupings).length > 0 ? { documents, groupings } : { documents };
  return { input, layers: names, documentAttributeNames, titles, unmatched };
}

export interface AgreementSummary {
  layers: string[];
  documents: number;
  completeDocuments: number;
  /** The labels assessed; `*` is all of them together. */
  labels: string[];
  /** Corpus span P/R/F1 per label and `*`: the pair's figures for two layers, means over pairs for more. */
  spanF1: Record<string, { exact: PRF; overlap: PRF }>;
  cohensKappa: Record<string, number>;
  fleissKappa: Record<string, number>;
  krippendorffAlpha: Record<string, number>;
  unitizingAlpha: Record<string, number>;
  attributionF1: { exact: PRF; overlap: PRF };
  /**
   * Agreement on each document-level attribute (a document is a unit): nominal α, Fleiss' κ over
   * the documents every layer labelled, Cohen's κ per pair; `documents` = documents with a value.
   */
  documentAttributes: Record<string, DocumentAttributeSummary>;
  /**
   * Agreement on grouping claims, for every pair of layers that both have claim groups (the first
   * the reference): pairwise and B-cubed P/R/F1 over the claims either grouped (metrics/grouping.ts).
   */
  grouping: { a: string; b: string; items: number; pairwise: PRF; bcubed: PRF }[];
  /** Every pair of layers with its κ and span F1 over all labels (or the chosen label). */
  pairs: { a: string; b: string; cohensKappa: number; spanF1Exact: number; spanF1Overlap: number }[];
  unmatched: { layer: string; title: string }[];
}

export interface DocumentAttributeSummary {
  alpha: number;
  /** Values in documents with at least two (α's n). */
  alphaValues: number;
  fleiss: number;
  /** Documents every layer labelled (Fleiss' n). */
  fleissDocuments: number;
  meanCohen: number;
  cohen: { a: string; b: string; kappa: number; documents: number }[];
  /** Documents at least one layer labelled. */
  documents: number;
}

const prf = (x: PRF): PRF => ({ precision: x.precision, recall: x.recall, f1: x.f1 });

/** Computes the report for matched layers (optionally one label only) and summarises it. */
export function agreementSummary(
  matched: MatchedLayers,
  options: { label?: string } = {},
): { report: AgreementReport; summary: AgreementSummary } {
  const report = agreementReport(matched.input, {
    layers: matched.layers,
    documentAttributes: matched.documentAttributeNames,
    ...(options.label ? { labels: [options.label] } : {}),
  });
  const keys = Object.keys(report.corpus.labels);
  const per = <T>(f: (k: string) => T) => Object.fromEntries(keys.map((k) => [k, f(k)]));
  const all = report.corpus.labels['*']!;
  const summary: AgreementSummary = {
    layers: report.layers,
    documents: report.corpus.documents,
    completeDocuments: report.corpus.completeDocuments,
    labels: keys,
    spanF1: spanF1Summary(report),
    cohensKappa: per((k) => report.corpus.labels[k]!.meanCohen),
    fleissKappa: per((k) => report.corpus.labels[k]!.fleiss.kappa),
    krippendorffAlpha: per((k) => report.corpus.labels[k]!.alphaNominal.alpha),
    unitizingAlpha: per((k) => report.corpus.labels[k]!.alphaUnitizing.alpha),
    attributionF1: { exact: prf(report.corpus.attribution.exact), overlap: prf(report.corpus.attribution.overlap) },
    documentAttributes: Object.fromEntries(
      Object.entries(report.corpus.documentAttributes).map(([name, f]) => [
        name,
        {
          alpha: f.alpha.alpha,
          alphaValues: f.alpha.pairableValues,
          fleiss: f.fleiss.kappa,
          fleissDocuments: f.fleiss.n,
          meanCohen: f.meanCohen,
          cohen: f.cohen.map((k) => ({ a: k.a, b: k.b, kappa: k.kappa, documents: k.n })),
          documents: f.documents,
        },
      ]),
    ),
    grouping: report.corpus.grouping.map((g) => ({ a: g.a, b: g.b, items: g.items, pairwise: prf(g.pairwise), bcubed: prf(g.bcubed) })),
    pairs: all.cohen.map((k, i) => ({
      a: k.a,
      b: k.b,
      cohensKappa: k.kappa,
      spanF1Exact: all.spanF1.exact.pairs[i]?.f1 ?? NaN,
      spanF1Overlap: all.spanF1.overlap.pairs[i]?.f1 ?? NaN,
    })),
    unmatched: matched.unmatched,
  };
  return { report, summary };
}

/** JSON for `--json`: undefined figures (NaN) become null, as JSON has no NaN. */
export function summaryJson(summary: AgreementSummary): string {
  return JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** The dashboard's figures as a plain-text table. */
export function formatSummary(summary: AgreementSummary): string {
  const lines: string[] = [];
  lines.push(`Layers: ${summary.layers.join(', ')}`);
  lines.push(`Documents compared: ${summary.documents} (${summary.completeDocuments} annotated by every layer)`);
  if (summary.unmatched.length) {
    lines.push(
      `Not compared (only one input has them): ${summary.unmatched.length} document(s): ${summary.unmatched
        .slice(0, 5)
        .map((u) => `“${u.title}” (${u.layer})`)
        .join(', ')}${summary.unmatched.length > 5 ? ' …' : ''}`,
    );
  }
  lines.push('');
  const header = ['label', 'kappa', 'fleiss', 'alpha', 'alphaU', 'P exact', 'R exact', 'F1 exact', 'P overlap', 'R overlap', 'F1 overlap'];
  const rows = summary.labels.map((l) => {
    const s = summary.spanF1[l]!;
    return [
      l === '*' ? '* (all)' : l,
      f3(summary.cohensKappa[l]!),
      f3(summary.fleissKappa[l]!),
      f3(summary.krippendorffAlpha[l]!),
      f3(summary.unitizingAlpha[l]!),
      f3(s.exact.precision),
      f3(s.exact.recall),
      f3(s.exact.f1),
      f3(s.overlap.precision),
      f3(s.overlap.recall),
      f3(s.overlap.f1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(line(header), ...rows.map(line), '');
  lines.push(`Attribution F1: exact ${f3(summary.attributionF1.exact.f1)}, overlap ${f3(summary.attributionF1.overlap.f1)}`);
  const documentAttributes = Object.entries(summary.documentAttributes);
  if (documentAttributes.length > 0) {
    lines.push('', 'Document attributes (a document is a unit):');
    for (const [name, d] of documentAttributes) {
      lines.push(
        `  ${name}: alpha ${f3(d.alpha)} (${plural(d.alphaValues, 'value')}), Fleiss' kappa ${f3(d.fleiss)} (${plural(d.fleissDocuments, 'document')} every layer labelled), Cohen's kappa mean ${f3(d.meanCohen)} (${plural(d.cohen.length, 'pair')} of layers); ${plural(d.documents, 'document')} labelled`,
      );
    }
  }
  if (summary.grouping.length > 0) {
    lines.push('', 'Claim grouping (items: claims either layer grouped; the first layer is the reference):');
    for (const g of summary.grouping) {
      const three = (x: PRF) => `P ${f3(x.precision)} R ${f3(x.recall)} F1 ${f3(x.f1)}`;
      lines.push(`  ${g.a} – ${g.b}: pairwise ${three(g.pairwise)}; B-cubed ${three(g.bcubed)} (${plural(g.items, 'claim')})`);
    }
  }
  if (summary.pairs.length > 1) {
    lines.push('', 'Pairs:');
    for (const p of summary.pairs)
      lines.push(`  ${p.a} – ${p.b}: kappa ${f3(p.cohensKappa)}, F1 exact ${f3(p.spanF1Exact)}, F1 overlap ${f3(p.spanF1Overlap)}`);
  }
  return lines.join('\n');
}
