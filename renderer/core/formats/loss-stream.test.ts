import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationId, ClaimGroup, EntityId } from '../model/types.ts';
import { countLoss, EXPORT_FORMATS, lossReport, selectDataset, streamExport, type ExportSelection } from './exports.ts';
import { groupDataset, testGroup } from './fixtures/claim-groups.ts';
import { arbDataset, sampleDataset, PROJECT } from './fixtures/roundtrip.ts';
import { headOf, pagesOf } from './stream.ts';
import type { Dataset } from './types.ts';

const FORMATS = EXPORT_FORMATS.map((f) => f.id);

/**
 * The dataset with entity records (the first two linked from every third annotation, the third
 * linked from none) and, per layer, a claim group of every other claim with a note and fact-checks
 * (one without a verdict, one without a URL): what the loss notes of entities and groups count.
 */
function withEntitiesAndGroups(dataset: Dataset): Dataset {
  const entity = (k: number) => ({
    id: `ent-${k}` as EntityId,
    projectId: PROJECT.id,
    name: `Entity ${k}`,
    aliases: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const annotations = dataset.annotations.map((a, i) =>
    i % 3 === 0 ? { ...a, attributes: { ...a.attributes, entity: `ent-${i % 2}` } } : a,
  );
  const claimGroups: ClaimGroup[] = [];
  for (const layer of new Set(annotations.map((a) => a.layer))) {
    const claims = annotations.filter((a) => a.layer === layer && a.label === 'Claim').filter((_a, i) => i % 2 === 0);
    if (claims.length === 0) continue;
    const group = testGroup({
      layer,
      canonical: `Claim of ${layer}`,
      members: claims.map((a) => ({ documentId: a.documentId, annotationId: a.id as AnnotationId })),
      note: layer === 'gold' ? 'Checked twice.' : '',
    });
    // As a file may hold them (the record factory refuses a fact-check without a URL).
    group.factChecks = [
      { url: 'https://factcheck.example/1', publisher: 'Desk', verdict: 'False', date: '2024-01-02' },
      { url: '', publisher: 'Desk', verdict: 'Misleading', date: '' },
      { url: 'https://factcheck.example/2', publisher: 'Desk', verdict: '', date: '' },
    ];
    claimGroups.push(group);
  }
  return { ...dataset, annotations, entities: [entity(0), entity(1), entity(2)], claimGroups };
}

/** The report the export dialog showed before it was counted page by page: over the selection read whole. */
const wholeReport = (id: string, dataset: Dataset, selection: ExportSelection) => lossReport(id, selectDataset(dataset, selection));

/** The report counted over the pages, without writing and while writing. */
async function pagedReports(id: string, dataset: Dataset, selection: ExportSelection, pageSize: number): Promise<[string[], string[]]> {
  const source = { head: headOf(dataset), documents: dataset.documents.length, pages: () => pagesOf(dataset, pageSize) };
  const counted = await countLoss(id, source, selection);
  let written: string[] = [];
  if (id !== 'archive') await streamExport(id, source, selection, { write: () => {} }, { onLoss: (notes) => (written = notes) });
  else written = counted;
  return [counted, written];
}

function selectionsOf(dataset: Dataset): ExportSelection[] {
  const layer = dataset.annotations[0]?.layer ?? 'alice';
  return [
    {},
    { documentIds: dataset.documents.slice(0, 2).map((d) => d.id) },
    { layers: [layer] },
    { labels: ['Claim', 'Speaker'] },
    { documentIds: dataset.documents.slice(1).map((d) => d.id), layers: [layer], labels: ['Claim'] },
  ];
}

describe('the loss report counted page by page', () => {
  it('equals the report of the selection read whole, for every format, page size and selection', async () => {
    await fc.assert(
      fc.asyncProperty(arbDataset.map(withEntitiesAndGroups), fc.integer({ min: 1, max: 3 }), async (dataset, pageSize) => {
        for (const selection of selectionsOf(dataset)) {
          for (const id of FORMATS) {
            const whole = wholeReport(id, dataset, selection);
            expect([id, selection, await pagedReports(id, dataset, selection, pageSize)]).toEqual([id, selection, [whole, whole]]);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('says what the whole report says of the fixtures with groups, entities and a discontinuous span', async () => {
    for (const dataset of [groupDataset(), withEntitiesAndGroups(groupDataset()), sampleDataset()]) {
      for (const selection of selectionsOf(dataset)) {
        for (const id of FORMATS) {
          const whole = wholeReport(id, dataset, selection);
          for (const pageSize of [1, 2]) expect([id, await pagedReports(id, dataset, selection, pageSize)]).toEqual([id, [whole, whole]]);
        }
      }
    }
    // The counts that cross pages are counted once: a group with members on two pages, entities linked from several.
    const dataset = withEntitiesAndGroups(groupDataset());
    const [brat] = await pagedReports('brat', dataset, {}, 1);
    expect(brat.join('\n')).toContain(
      'brat standoff (.zip) cannot hold claim groups: 1 group of 2 claims and 3 fact-checks will be left out.',
    );
    expect(brat.join('\n')).toContain('brat has no entity records: 2 linked entities');
    const [groups] = await pagedReports('claimreview-groups', dataset, {}, 1);
    expect(groups).toContain('1 fact-check without a verdict will be left out (ClaimReview requires a rating).');
    expect(groups).toContain("1 fact-check without a URL will be written without one (Google requires a ClaimReview's url).");
  });
});
