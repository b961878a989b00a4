import { describe, expect, it } from 'vitest';
import type { AnnotationId, ClaimGroupId, DocumentId } from '../model/types.ts';
import { lossNotes, serializeGroupClaimReviews } from './claimreview-groups.ts';
import { groupDataset, HELICOPTERS, testGroup } from './fixtures/claim-groups.ts';

type Json = Record<string, unknown>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * The ClaimReview structured data Google Search reads
 * (https://developers.google.com/search/docs/appearance/structured-data/factcheck): required
 * `claimReviewed`, `reviewRating` with `alternateName`, and `url`; recommended `author`
 * (an Organization with a name), `datePublished` and `itemReviewed` (a `Claim` with `appearance`
 * / `firstAppearance` as CreativeWorks). The schema.org types: https://schema.org/ClaimReview.
 * Returns the problems found.
 */
function claimReviewProblems(r: Json): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(r['@context'] === 'https://schema.org', '@context is https://schema.org');
  need(r['@type'] === 'ClaimReview', '@type is ClaimReview');
  need(typeof r.claimReviewed === 'string' && r.claimReviewed !== '', 'claimReviewed (required)');
  need(typeof r.url === 'string' && /^https?:\/\//.test(r.url), 'url (required)');
  const rating = r.reviewRating as Json | undefined;
  need(rating?.['@type'] === 'Rating', 'reviewRating is a Rating (required)');
  need(typeof rating?.alternateName === 'string' && rating.alternateName !== '', 'reviewRating.alternateName (required)');
  if (rating?.ratingValue !== undefined) {
    const v = rating.ratingValue as number;
    need(v >= (rating.worstRating as number) && v <= (rating.bestRating as number), 'ratingValue within worst and best');
  }
  const author = r.author as Json | undefined;
  need(author?.['@type'] === 'Organization' && typeof author.name === 'string', 'author is an Organization with a name');
  need(typeof r.datePublished === 'string' && ISO_DATE.test(r.datePublished), 'datePublished is an ISO date');
  const item = r.itemReviewed as Json | undefined;
  need(item?.['@type'] === 'Claim', 'itemReviewed is a Claim');
  const works = [...((item?.appearance as Json[] | undefined) ?? []), ...(item?.firstAppearance ? [item.firstAppearance as Json] : [])];
  need(works.length > 0, 'the claim has an appearance');
  for (const w of works) {
    need(w['@type'] === 'CreativeWork' && typeof w.headline === 'string', 'each appearance is a CreativeWork with a headline');
    if (w.url !== undefined) need(typeof w.url === 'string' && /^https?:\/\//.test(w.url), 'an appearance url is a URL');
    if (w.datePublished !== undefined) need(ISO_DATE.test(String(w.datePublished)), 'an appearance date is an ISO date');
  }
  return problems;
}

describe('ClaimReview of claim groups', () => {
  it('writes one ClaimReview per fact-check: the canonical wording, the verdict, the publisher, and the articles it appeared in', () => {
    const reviews = JSON.parse(serializeGroupClaimReviews(groupDataset())) as Json[];
    expect(reviews).toHaveLength(1);
    const clinton = {
      '@type': 'CreativeWork',
      headline: 'Clinton accuses Russia',
      url: 'https://news.example/clinton',
      datePublished: '2012-06-12',
      publisher: { '@type': 'Organization', name: 'Example News' },
    };
    expect(reviews[0]).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      '@id': 'urn:claimscope:claimgroup:g-helicopters:1',
      url: 'https://factcheck.example/helicopters',
      claimReviewed: 'Russia is sending attack helicopters to Syria',
      datePublished: '2012-06-20',
      author: { '@type': 'Organization', name: 'Fact Check Desk' },
      reviewRating: { '@type': 'Rating', alternateName: 'Misleading' },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2012-06-12',
        appearance: [clinton, { '@type': 'CreativeWork', headline: 'Helicopters for Damascus', datePublished: '2012-06-13' }],
        firstAppearance: clinton,
      },
    });
    expect(claimReviewProblems(reviews[0]!)).toEqual([]);
  });

  it('has the fields Google requires in every review, rates verdicts on the truth scale, and leaves out unchecked groups', () => {
    const dataset = groupDataset();
    const group = dataset.claimGroups![0]!;
    group.factChecks.push({ url: 'https://other.example/fc', publisher: 'Other Desk', verdict: 'False', date: '2012-06-22' });
    dataset.claimGroups!.push(
      testGroup({
        id: 'g-law' as ClaimGroupId,
        canonical: 'Russia breaks no law',
        members: [{ documentId: 'd3' as DocumentId, annotationId: 'd3-c' as AnnotationId }],
      }),
    );
    const reviews = JSON.parse(serializeGroupClaimReviews(dataset)) as Json[];
    expect(reviews.map((r) => r['@id'])).toEqual([
      `urn:claimscope:claimgroup:${HELICOPTERS}:1`,
      `urn:claimscope:claimgroup:${HELICOPTERS}:2`,
    ]);
    expect(reviews[1]!.reviewRating).toEqual({ '@type': 'Rating', ratingValue: 1, worstRating: 1, bestRating: 5, alternateName: 'False' });
    for (const r of reviews) expect(claimReviewProblems(r)).toEqual([]);
    expect(lossNotes(dataset)).toContain('ClaimReview needs a fact-check: 1 group without one will be left out.');
  });

  it('the shape check catches a review without what Google requires', () => {
    const dataset = groupDataset();
    dataset.claimGroups![0]!.factChecks = [{ url: '', publisher: 'Desk', verdict: 'False', date: '' }];
    const [review] = JSON.parse(serializeGroupClaimReviews(dataset)) as Json[];
    expect(claimReviewProblems(review!)).toEqual(['url (required)', 'datePublished is an ISO date']);
    expect(lossNotes(dataset)).toContain("1 fact-check without a URL will be written without one (Google requires a ClaimReview's url).");
    dataset.claimGroups![0]!.factChecks[0]!.verdict = '';
    expect(JSON.parse(serializeGroupClaimReviews(dataset))).toEqual([]);
    expect(lossNotes(dataset)).toContain('1 fact-check without a verdict will be left out (ClaimReview requires a rating).');
  });
});
