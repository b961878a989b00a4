import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { newDocument } from '../model/records.ts';
import type { AttributeValue, DocumentId, ProjectId } from '../model/types.ts';
import type { Dataset } from '../formats/types.ts';
import { agreementSummary, formatSummary, layerFromDataset, matchLayersByText, summaryJson } from '../review/agreementCli.ts';
import { documentCategory } from './documentAttributes.ts';
import { WIKIPEDIA_FLEISS_COUNTS } from './fixtures/worked-examples.ts';
import { agreementReport, type AgreementDocumentInput } from './report.ts';
import { reportToCsv } from './reportCsv.ts';

/** Documents with no spans, each layer's document attribute `name` set from `coders[layer][doc]`. */
function documentsFrom(name: string, coders: (string | null)[][]): AgreementDocumentInput[] {
  const units = coders[0]!.length;
  return Array.from({ length: units }, (_, u) => ({
    id: `d${u}`,
    text: `Document ${u}.`,
    layers: Object.fromEntries(coders.map((_, c) => [`c${c}`, { annotations: [] }])),
    documentAttributes: Object.fromEntries(coders.map((row, c) => [`c${c}`, row[u] === null ? {} : { [name]: row[u]! }])),
  }));
}

const _ = null;
// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C ("Nominal data,
// any number of observers, missing values"): 4 observers × 12 units, nominal α = 0.743, n = 40.
const KRIPPENDORFF_2011 = [
  ['1', '2', '3', '3', '2', '1', '4', '1', '2', _, _, _],
  ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', _, '3'],
  [_, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', _],
  ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', _],
];

describe('agreement on document-level attributes', () => {
  it("gives Krippendorff's (2011) nominal α = 0.743 with documents as units and missing values", () => {
    const report = agreementReport({ documents: documentsFrom('relevance', KRIPPENDORFF_2011) });
    const f = report.corpus.documentAttributes['relevance']!;
    expect(f.alpha.alpha).toBeCloseTo(0.743, 3);
    expect(f.alpha.pairableValues).toBe(40);
    expect(f.documents).toBe(12);
    // Fleiss needs every coder: units 2–9 are the only ones all four observers coded.
    expect(f.fleiss.n).toBe(8);
    expect(f.cohen.map((k) => `${k.a}-${k.b}:${k.n}`)).toEqual(['c0-c1:9', 'c0-c2:8', 'c0-c3:9', 'c1-c2:9', 'c1-c3:10', 'c2-c3:10']);
    // Observers A and B (c0, c1) agree on 8 of the 9 units both coded.
    expect(f.cohen[0]!.observed).toBeCloseTo(8 / 9, 12);
  });

  it("gives the Wikipedia worked example's Fleiss' κ = 0.210 (10 documents, 14 layers, 5 categories)", () => {
    const counts = WIKIPEDIA_FLEISS_COUNTS;
    // Rater r of a subject takes the category its place in the counts falls in.
    const coders = Array.from({ length: 14 }, (_, r) =>
      counts.map((row) => {
        let left = r;
        const k = row.findIndex((n) => (left -= n) < 0);
        return `category ${k + 1}`;
      }),
    );
    const f = agreementReport({ documents: documentsFrom('topic', coders) }).corpus.documentAttributes['topic']!;
    expect(f.fleiss.kappa).toBeCloseTo(0.21, 3);
    expect(f.fleiss.n).toBe(10);
    expect(f.fleiss.raters).toBe(14);
    expect(f.cohen).toHaveLength(91);
  });

  it('compares a multi-choice value as a whole and treats no value as missing', () => {
    expect(documentCategory(['politics', 'conflict'])).toBe('conflict+politics');
    expect(documentCategory([])).toBeNull();
    expect(documentCategory('')).toBeNull();
    expect(documentCategory(true)).toBe('true');
    expect(documentCategory(undefined)).toBeNull();
  });

  it('writes the figures to the CSV under the label "(document)"', () => {
    const csv = reportToCsv(agreementReport({ documents: documentsFrom('relevance', KRIPPENDORFF_2011) }));
    expect(csv).toMatch(/corpus,,\(document\),relevance,krippendorff_alpha_nominal,,,0\.743\d*,40,,,/);
  });
});

describe('npx claimscope agreement: document attributes', () => {
  const T0 = '2026-11-29T08:00:00.000Z';
  /** One input (a dataset of one layer) with `relevance` per document from one observer's row. */
  function input(layer: string, row: (string | null)[]): Dataset {
    const documents = row.map((_, i) =>
      newDocument(
        'p' as ProjectId,
        {
          id: `${layer}-${i}` as DocumentId,
          title: `Article ${i + 1}`,
          text: `Article ${i + 1} about arms sales.`,
          blocks: [],
          metadata: {},
        },
        T0,
      ),
    );
    const documentAttributes: NonNullable<Dataset['documentAttributes']> = [];
    row.forEach((v, i) => {
      if (v !== null) documentAttributes.push({ documentId: documents[i]!.id, layer, values: { relevance: v as AttributeValue } });
    });
    return {
      project: { id: 'p' as ProjectId, name: 'P', schema: DEFAULT_SCHEMA, createdAt: T0, updatedAt: T0 },
      documents,
      annotations: [],
      relations: [],
      documentAttributes,
    };
  }

  it('reports documentAttributes[name].alpha, .fleiss and .cohen per pair in --json and in the text', () => {
    const sources = ['a', 'b', 'c', 'd'].map((name, i) => {
      const r = layerFromDataset(`${name}.jsonl`, input(name, KRIPPENDORFF_2011[i]!), { fallbackName: name });
      if (!r.ok) throw new Error(r.message);
      return r.layer;
    });
    const { summary } = agreementSummary(matchLayersByText(sources));
    const json = JSON.parse(summaryJson(summary)) as {
      documentAttributes: Record<
        string,
        { alpha: number; fleiss: number; cohen: { a: string; b: string; kappa: number; documents: number }[] }
      >;
    };
    expect(Object.keys(json.documentAttributes)).toEqual(['relevance']);
    expect(json.documentAttributes['relevance']!.alpha).toBeCloseTo(0.743, 3);
    expect(json.documentAttributes['relevance']!.cohen.map((k) => `${k.a}-${k.b}`)).toEqual(['a-b', 'a-c', 'a-d', 'b-c', 'b-d', 'c-d']);
    expect(typeof json.documentAttributes['relevance']!.fleiss).toBe('number');
    expect(formatSummary(summary)).toContain("  relevance: alpha 0.743 (40 values), Fleiss' kappa");
    expect(formatSummary(summary)).toContain("(8 documents every layer labelled), Cohen's kappa mean");
  });
});
