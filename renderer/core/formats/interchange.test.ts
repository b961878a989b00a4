import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationId, DocumentId, RelationId } from '../model/types.ts';
import { arbDataset, sampleDataset } from './fixtures/roundtrip.ts';
import { bundleCounts, bundleDataset } from './interchange.ts';

/** What `bundleDataset` gives, counted. */
const countsOf = (dataset: Parameters<typeof bundleDataset>[0]) => {
  const bundles = bundleDataset(dataset);
  return {
    documents: bundles.length,
    annotations: bundles.reduce((n, b) => n + b.annotations.length, 0),
    relations: bundles.reduce((n, b) => n + b.relations.length, 0),
  };
};

describe('bundleCounts', () => {
  it('counts what bundleDataset gives, for generated datasets (property)', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        expect(bundleCounts(dataset)).toEqual(countsOf(dataset));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves out what bundleDataset leaves out: records of other documents, relations across documents or to missing annotations', () => {
    const base = sampleDataset();
    const doc = base.documents[0]!;
    const other = { ...doc, id: 'doc-other' as DocumentId };
    const [claim, speaker] = base.annotations;
    const elsewhere = { ...speaker!, id: 'ann-elsewhere' as AnnotationId, documentId: other.id };
    const orphan = { ...speaker!, id: 'ann-orphan' as AnnotationId, documentId: 'doc-missing' as DocumentId };
    const relation = base.relations[0]!;
    const dataset = {
      documents: [doc, other, { ...doc }],
      annotations: [...base.annotations, elsewhere, orphan],
      relations: [
        ...base.relations,
        { ...relation, id: 'rel-across' as RelationId, to: elsewhere.id },
        { ...relation, id: 'rel-missing' as RelationId, to: 'ann-none' as AnnotationId },
        { ...relation, id: 'rel-orphan' as RelationId, documentId: 'doc-missing' as DocumentId, from: orphan.id, to: orphan.id },
        { ...relation, id: 'rel-other' as RelationId, documentId: other.id, from: elsewhere.id, to: elsewhere.id },
        { ...relation, id: 'rel-self' as RelationId, from: claim!.id, to: claim!.id },
      ],
    };
    // The document listed twice is one bundle; the orphan and the two broken relations are left out.
    expect(bundleCounts(dataset)).toEqual({
      documents: 2,
      annotations: base.annotations.length + 1,
      relations: base.relations.length + 2,
    });
    expect(bundleCounts(dataset)).toEqual(countsOf(dataset));
  });
});
