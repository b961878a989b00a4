import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/types.ts';
import { lossNotes, serializeClaimReview, VERDICT_RATINGS } from './claimreview.ts';
import { arbDataset, sampleDataset } from './fixtures/roundtrip.ts';

/** The fields of a written ClaimReview that these tests read. */
interface ClaimReviewOut {
  '@context': string;
  '@id': string;
  claimReviewed: string;
  reviewRating: { ratingValue: number; alternateName: string };
  author: unknown;
  itemReviewed: { author?: unknown };
}

describe('serializeClaimReview', () => {
  it('writes a ClaimReview for a claim with a verdict, with speaker entity, article and rating', () => {
    const reviews = JSON.parse(serializeClaimReview(sampleDataset())) as Record<string, unknown>[];
    expect(reviews).toEqual([
      {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        '@id': 'urn:claimscope:claimreview:claim1',
        datePublished: '2026-02-03',
        claimReviewed: 'Russia sends arms to Syria.',
        itemReviewed: {
          '@type': 'Claim',
          author: { '@type': 'Person', name: 'Vladimir Putin', sameAs: 'https://www.wikidata.org/wiki/Q7747' },
          datePublished: '2012-06-14',
          appearance: {
            '@type': 'CreativeWork',
            headline: 'Arms to Syria 🚢',
            url: 'https://example.org/russia-syria',
            datePublished: '2012-06-14',
            publisher: { '@type': 'Organization', name: 'GlobalPost' },
          },
        },
        author: { '@type': 'Person', name: 'alice' },
        reviewRating: { '@type': 'Rating', ratingValue: 2, worstRating: 1, bestRating: 5, alternateName: 'mostly false' },
      },
    ]);
  });

  it('leaves out unverified claims and those without a verdict; verdicts off the scale carry only a name', () => {
    const dataset = sampleDataset();
    const claim2 = dataset.annotations.find((a) => a.id === 'claim2')!;
    claim2.attributes = { verdict: 'unverifiable' };
    claim2.updatedBy = 'reviewer-kim';
    const claim1 = dataset.annotations.find((a) => a.id === 'claim1')!;
    claim1.attributes = { verdict: 'unverified' };
    const reviews = JSON.parse(serializeClaimReview(dataset)) as ClaimReviewOut[];
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!['claimReviewed']).toBe('Officials … deny it');
    expect(reviews[0]!['reviewRating']).toEqual({ '@type': 'Rating', alternateName: 'unverifiable' });
    expect(reviews[0]!['author']).toEqual({ '@type': 'Person', name: 'reviewer-kim' });
    expect(reviews[0]!['itemReviewed']['author']).toBeUndefined();
    expect(lossNotes(dataset).join('\n')).toMatch(/1 unverified claim will be left out[\s\S]*1 reviewed claim has no "said by" speaker/);
  });

  it('uses the speaker quote when there is no entity, and Organization for bodies', () => {
    const dataset = sampleDataset();
    const speaker = dataset.annotations.find((a) => a.id === 'speaker1')!;
    speaker.attributes = { kind: 'government' };
    const reviews = JSON.parse(serializeClaimReview(dataset)) as ClaimReviewOut[];
    expect(reviews[0]!['itemReviewed']['author']).toEqual({ '@type': 'Organization', name: 'Putin' });
  });

  it('writes exactly the confirmed claims with a real verdict, each rated per the documented scale', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const reviews = JSON.parse(serializeClaimReview(dataset)) as ClaimReviewOut[];
        const expected = dataset.annotations.filter(
          (a: Annotation) =>
            a.label === 'Claim' &&
            a.layer !== 'suggestions' &&
            typeof a.attributes['verdict'] === 'string' &&
            a.attributes['verdict'] !== 'unverified',
        );
        expect(reviews.map((r) => r['@id']).sort()).toEqual(expected.map((a) => `urn:claimscope:claimreview:${a.id}`).sort());
        for (const r of reviews) {
          expect(r['reviewRating']['ratingValue']).toBe(VERDICT_RATINGS[r['reviewRating']['alternateName']]);
          expect(r['@context']).toBe('https://schema.org');
        }
      }),
    );
  });
});
