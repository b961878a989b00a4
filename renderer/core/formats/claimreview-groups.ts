/**
 * schema.org ClaimReview JSON-LD of claim groups (https://schema.org/ClaimReview), export only:
 * what fact-checkers concluded about a claim, and where the claim appeared.
 *
 * A JSON array with one `ClaimReview` per fact-check of a claim group (a group checked by two
 * publishers gives two reviews of the same claim; a group without fact-checks gives none), each
 * with its own `@context: https://schema.org`:
 * - `claimReviewed`: the group's canonical wording;
 * - `url`: the fact-check's URL; `datePublished`: its date; `author`: its publisher, as an
 *   `Organization`;
 * - `reviewRating`: a `Rating` with the verdict as `alternateName` (and on the five-point truth
 *   scale `ratingValue` 1–5, as in `claimreview.ts`);
 * - `itemReviewed`: a `Claim` whose `appearance` lists the articles of the group's member claims
 *   (one `CreativeWork` per article: `headline`, and the `url`, `datePublished` and publisher its
 *   metadata has), in the export's order, and whose `firstAppearance` is the earliest dated of
 *   them (its date is the claim's `datePublished`).
 *
 * Google's ClaimReview requires `claimReviewed`, `reviewRating` (with `alternateName`) and `url`: a
 * fact-check without a verdict is left out, one without a URL is written without it, and the loss
 * report counts both.
 */
import { plural } from '../model/plural.ts';
import type { ClaimGroup, FactCheck } from '../model/types.ts';
import { appearanceOf, articleDate, ratingOf } from './claimreview.ts';
import { compareGroups, documentIndex, exportedGroups, groupedDocumentsPages, type DocumentIndex } from './groups.ts';
import type { JsonRecord } from './interchange.ts';
import { lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import type { FormatModule } from './module.ts';
import type { Dataset } from './types.ts';

function written(f: FactCheck): boolean {
  return f.verdict.trim() !== '';
}

/** The group's reviews: one per fact-check with a verdict. */
export function groupClaimReviews(group: ClaimGroup, articles: DocumentIndex): JsonRecord[] {
  const checks = group.factChecks.filter(written);
  if (checks.length === 0) return [];
  const docs = [...new Set(group.members.map((m) => m.documentId as string))]
    .flatMap((id) => articles.get(id) ?? [])
    .sort((a, b) => a.order - b.order)
    .map((a) => a.document);
  const item: JsonRecord = { '@type': 'Claim' };
  const dated = docs.filter((d) => articleDate(d) !== undefined).sort((a, b) => (articleDate(a)! < articleDate(b)! ? -1 : 1));
  const first = dated[0];
  if (first) item['datePublished'] = articleDate(first);
  item['appearance'] = docs.map(appearanceOf);
  if (first) item['firstAppearance'] = appearanceOf(first);
  return checks.map((f, i) => {
    const review: JsonRecord = {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      '@id': `urn:claimscope:claimgroup:${encodeURIComponent(group.id)}:${i + 1}`,
    };
    if (f.url.trim() !== '') review['url'] = f.url.trim();
    review['claimReviewed'] = group.canonical;
    if (f.date !== '') review['datePublished'] = f.date;
    if (f.publisher.trim() !== '') review['author'] = { '@type': 'Organization', name: f.publisher.trim() };
    review['reviewRating'] = ratingOf(f.verdict.trim());
    review['itemReviewed'] = item;
    return review;
  });
}

export function serializeGroupClaimReviews(dataset: Dataset): string {
  const articles = documentIndex(dataset);
  const reviews = exportedGroups(dataset)
    .sort(compareGroups)
    .flatMap((g) => groupClaimReviews(g, articles));
  return `${JSON.stringify(reviews, null, 2)}\n`;
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset): string[] => lossOf(claimReviewGroupsLoss, dataset);

/** What ClaimReview of claim groups leaves out: groups without a fact-check, fact-checks without a verdict or URL, notes. */
export const claimReviewGroupsLoss: LossTallyFactory = lossTally(() => ({
  notes: (c) => {
    const groups = c.groups.groups();
    const checks = groups.flatMap((g) => g.factChecks);
    const unchecked = groups.filter((g) => !g.factChecks.some(written)).length;
    const noVerdict = checks.filter((f) => !written(f)).length;
    const noUrl = checks.filter((f) => written(f) && f.url.trim() === '').length;
    const withNote = groups.filter((g) => g.note.trim() !== '').length;
    return [
      groups.length === 0 &&
        'ClaimReview of claim groups writes fact-checked groups, and the export holds no groups: the file will be empty.',
      unchecked > 0 && `ClaimReview needs a fact-check: ${plural(unchecked, 'group')} without one will be left out.`,
      noVerdict > 0 && `${plural(noVerdict, 'fact-check')} without a verdict will be left out (ClaimReview requires a rating).`,
      noUrl > 0 && `${plural(noUrl, 'fact-check')} without a URL will be written without one (Google requires a ClaimReview's url).`,
      withNote > 0 && `${plural(withNote, 'group note')} will be left out.`,
      'ClaimReview holds the canonical claim, its fact-checks and the articles it appeared in: annotations, speakers and sources are not exported.',
    ];
  },
}));

export const claimReviewGroupsFormat: FormatModule = {
  id: 'claimreview-groups',
  help: 'schema.org ClaimReview JSON-LD of fact-checked claim groups, with the articles each claim appeared in (output only)',
  writes: [
    {
      id: 'claimreview-groups',
      name: 'ClaimReview of claim groups (JSON-LD)',
      description: 'One schema.org ClaimReview per fact-check of a claim group, with the articles the claim appeared in.',
      suffix: '-groups-claimreview.jsonld',
      carriesGroups: true,
      pages: groupedDocumentsPages(serializeGroupClaimReviews),
      loses: claimReviewGroupsLoss,
    },
  ],
};
