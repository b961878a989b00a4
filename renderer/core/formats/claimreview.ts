/**
 * schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview), export only.
 *
 * Writes a JSON array with one ClaimReview per claim that has a verdict: every annotation labelled
 * `Claim` (option `claimLabel`) whose `verdict` attribute is set and is not `unverified`, outside
 * the suggestions layer (a suggestion is not a reviewed claim). Each review is self-contained, with
 * its own `@context: https://schema.org`:
 * - `claimReviewed`: the claim's quoted text (a discontinuous claim's parts joined by ` … `);
 * - `itemReviewed`: a `Claim` whose `author` is the speaker — the annotations the claim is linked
 *   to by a `said by` relation; the speaker's `entity` attribute names an entity of the dataset,
 *   whose name is used (and its Wikidata id as `sameAs`), else the speaker's quoted text. A speaker
 *   whose `kind` attribute names a body (news agency, newspaper, broadcaster, government) is an
 *   `Organization`, else a `Person`. `appearance` is the article: a `CreativeWork` with the
 *   document's title as `headline`, metadata `url`, date (`datePublished`, `date` or `published`)
 *   and `source` as publisher; the same date is the claim's `datePublished`;
 * - `author`: who reviewed it — the annotator whose layer it is, or for the gold layer the person
 *   who last changed it; `datePublished`: the day the verdict was last changed;
 * - `reviewRating`: a `Rating` with the verdict as `alternateName` and, for verdicts on the
 *   five-point truth scale, `ratingValue` from 1 to 5 (`worstRating` 1, `bestRating` 5):
 *   false → 1, mostly false → 2, mixed / half true → 3, mostly true → 4, true → 5. Other verdicts
 *   (e.g. `unverifiable`) carry only `alternateName`, which schema.org allows.
 */
import { quoteOf } from '../model/spans.ts';
import {
  GOLD_LAYER,
  SAID_BY,
  SUGGESTIONS_LAYER,
  type Annotation,
  type AttributeValue,
  type DocumentRecord,
  type Entity,
} from '../model/types.ts';
import { plural } from '../model/plural.ts';
import { bundleDataset, type JsonRecord } from './interchange.ts';
import type { Dataset } from './types.ts';
import { lossOf, lossTally, type LossTallyFactory } from './loss.ts';
import type { FormatModule } from './module.ts';
import { joinedItems, JSON_ARRAY_INDENTED, type ExportHead } from './stream.ts';

export interface ClaimReviewOptions {
  /** The label of claims; default `Claim`. */
  claimLabel?: string;
  /** The attribute holding the verdict; default `verdict`. */
  verdictAttribute?: string;
}

/** Verdicts on the five-point truth scale and their rating (1 = false … 5 = true). */
export const VERDICT_RATINGS: Readonly<Record<string, number>> = {
  false: 1,
  'mostly false': 2,
  mixed: 3,
  'half true': 3,
  'mostly true': 4,
  true: 5,
};

const ORGANISATION_KINDS = new Set(['news agency', 'newspaper', 'broadcaster', 'government', 'organization', 'organisation']);

export function verdictOf(value: AttributeValue | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null || v === '') return null;
  const text = String(v).trim();
  return text === '' ? null : text;
}

function normalise(verdict: string): string {
  return verdict.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function reviewable(a: Annotation, options: ClaimReviewOptions): string | null {
  if (a.label !== (options.claimLabel ?? 'Claim') || a.layer === SUGGESTIONS_LAYER) return null;
  const verdict = verdictOf(a.attributes[options.verdictAttribute ?? 'verdict']);
  return verdict === null || normalise(verdict) === 'unverified' ? null : verdict;
}

export function serializeClaimReview(dataset: Dataset, options: ClaimReviewOptions = {}): string {
  const writer = claimReviewPages(options)({ project: dataset.project, entities: dataset.entities ?? [] });
  return writer.page(dataset) + writer.end();
}

/** The ClaimReview list a page of documents at a time: the same text as `JSON.stringify(reviews, null, 2)`. */
export function claimReviewPages(options: ClaimReviewOptions = {}) {
  return ({ entities }: ExportHead) => {
    const byId = new Map(entities.map((e) => [e.id as string, e]));
    const out = joinedItems(JSON_ARRAY_INDENTED);
    return {
      page: (page: Dataset): string =>
        claimReviews(page, byId, options).reduce((text, review) => text + out.item(JSON.stringify(review, null, 2)), ''),
      end: out.end,
    };
  };
}

function claimReviews(dataset: Dataset, entities: ReadonlyMap<string, Entity>, options: ClaimReviewOptions): JsonRecord[] {
  const reviews: JsonRecord[] = [];
  for (const { document, annotations, relations } of bundleDataset(dataset)) {
    const byId = new Map(annotations.map((a) => [a.id as string, a]));
    for (const claim of annotations) {
      const verdict = reviewable(claim, options);
      if (verdict === null) continue;
      const speakers = relations
        .filter((r) => r.type === SAID_BY && r.from === claim.id)
        .map((r) => byId.get(r.to))
        .filter((s): s is Annotation => s !== undefined)
        .map((s) => speaker(s, document, entities));
      const unique = [...new Map(speakers.map((s) => [JSON.stringify(s), s])).values()];
      const published = articleDate(document);
      const item: JsonRecord = { '@type': 'Claim' };
      if (unique.length > 0) item['author'] = unique.length === 1 ? unique[0] : unique;
      if (published) item['datePublished'] = published;
      item['appearance'] = appearanceOf(document);
      const rating = ratingOf(verdict);
      reviews.push({
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        '@id': `urn:claimscope:claimreview:${encodeURIComponent(claim.id)}`,
        datePublished: claim.updatedAt.slice(0, 10),
        claimReviewed: claim.quote !== '' ? claim.quote : quoteOf(document.text, claim.ranges),
        itemReviewed: item,
        author: { '@type': 'Person', name: claim.layer === GOLD_LAYER ? claim.updatedBy : claim.layer },
        reviewRating: rating,
      });
    }
  }
  return reviews;
}

function speaker(s: Annotation, document: DocumentRecord, entities: ReadonlyMap<string, Entity>): JsonRecord {
  const entityId = s.attributes['entity'];
  const entity = typeof entityId === 'string' ? entities.get(entityId) : undefined;
  const kind = s.attributes['kind'];
  const type = typeof kind === 'string' && ORGANISATION_KINDS.has(kind.toLowerCase()) ? 'Organization' : 'Person';
  const out: JsonRecord = { '@type': type, name: entity ? entity.name : s.quote !== '' ? s.quote : quoteOf(document.text, s.ranges) };
  if (entity?.externalId)
    out['sameAs'] = /^Q\d+$/.test(entity.externalId) ? `https://www.wikidata.org/wiki/${entity.externalId}` : entity.externalId;
  return out;
}

/** The article as a `CreativeWork`: headline, and the `url`, date and `source` (as publisher) its metadata has. */
export function appearanceOf(document: DocumentRecord): JsonRecord {
  const published = articleDate(document);
  const appearance: JsonRecord = { '@type': 'CreativeWork', headline: document.title };
  if (typeof document.metadata['url'] === 'string') appearance['url'] = document.metadata['url'];
  if (published) appearance['datePublished'] = published;
  if (typeof document.metadata['source'] === 'string' && document.metadata['source'] !== '') {
    appearance['publisher'] = { '@type': 'Organization', name: document.metadata['source'] };
  }
  return appearance;
}

/** A verdict as a schema.org `Rating`: `alternateName`, and the 1–5 scale for verdicts on it. */
export function ratingOf(verdict: string): JsonRecord {
  const rating: JsonRecord = { '@type': 'Rating' };
  const value = VERDICT_RATINGS[normalise(verdict)];
  if (value !== undefined) Object.assign(rating, { ratingValue: value, worstRating: 1, bestRating: 5 });
  rating['alternateName'] = verdict;
  return rating;
}

/** The article's publication date from its metadata (`datePublished`, `date` or `published`, ISO), if any. */
export function articleDate(document: DocumentRecord): string | undefined {
  for (const key of ['datePublished', 'date', 'published']) {
    const v = document.metadata[key];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v;
  }
  return undefined;
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: ClaimReviewOptions = {}): string[] => lossOf(claimReviewLoss(options), dataset);

/** Which claims a ClaimReview export leaves out or writes incompletely, with counts. */
export function claimReviewLoss(options: ClaimReviewOptions = {}): LossTallyFactory {
  const label = options.claimLabel ?? 'Claim';
  return lossTally(() => {
    const n = { suggested: 0, noVerdict: 0, unverified: 0, noSpeaker: 0 };
    return {
      count(_page, { annotations, relations }) {
        const saidBy = new Set(relations.filter((r) => r.type === SAID_BY).map((r) => r.from as string));
        for (const a of annotations) {
          if (a.label !== label) continue;
          if (a.layer === SUGGESTIONS_LAYER) n.suggested++;
          else if (verdictOf(a.attributes[options.verdictAttribute ?? 'verdict']) === null) n.noVerdict++;
          else if (reviewable(a, options) === null) n.unverified++;
          else if (!saidBy.has(a.id)) n.noSpeaker++;
        }
      },
      notes: () => [
        n.noVerdict > 0 && `ClaimReview needs a verdict: ${plural(n.noVerdict, 'claim')} without one will be left out.`,
        n.unverified > 0 && `${plural(n.unverified, 'unverified claim')} will be left out.`,
        n.suggested > 0 && `${plural(n.suggested, 'suggested claim')} (not yet confirmed) will be left out.`,
        n.noSpeaker > 0 &&
          `${plural(n.noSpeaker, 'reviewed claim')} ${n.noSpeaker === 1 ? 'has' : 'have'} no "said by" speaker and will be written without an author.`,
        'ClaimReview holds only the claim, its speaker, the article and the verdict: other labels, attributes and notes are not exported.',
      ],
    };
  });
}

/** Written from the export dialog only (no reader, no command-line id of its own). */
export const claimReviewFormat: FormatModule = {
  id: 'claimreview',
  help: 'schema.org ClaimReview JSON-LD (output only)',
  writes: [
    {
      id: 'claimreview',
      name: 'ClaimReview (JSON-LD)',
      description: 'schema.org ClaimReview records for claims with a verdict.',
      suffix: '-claimreview.jsonld',
      pages: claimReviewPages(),
      loses: claimReviewLoss(),
    },
  ],
};
