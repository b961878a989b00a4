/**
 * How a claim group travelled, for its detail in the Claims view: its appearances in date order
 * (document, date and outlet from the document's metadata, speakers and source chain from the
 * claim's links), the speakers and outlets counted, and each member's wording against the
 * canonical one, word by word (jsdiff's word diff), so the words that differ can be marked. Pure.
 */
import { diffWords } from 'diff';
import { documentDate, documentOutlet } from '../corpus/browse.ts';
import type { ClaimGroup } from '../model/types.ts';
import type { ClaimRow } from './claims.ts';

export interface Appearance {
  annotationId: string;
  documentId: string;
  title: string;
  /** `YYYY-MM-DD` (or `YYYY-MM`) from the document's metadata; null when it has none. */
  date: string | null;
  /** The outlet the document's metadata names; null when none. */
  outlet: string | null;
  claim: string;
  layer: string;
  speakers: string[];
  sources: string[];
}

export interface DocumentFacts {
  title: string;
  metadata: Readonly<Record<string, unknown>>;
}

/**
 * The group's members that still exist, earliest first (undated ones last, in member order).
 * `missing` counts members whose claim is gone (deleted since, or not arrived from the server).
 */
export function groupAppearances(
  group: Pick<ClaimGroup, 'members'>,
  claims: ReadonlyMap<string, ClaimRow>,
  documents: ReadonlyMap<string, DocumentFacts>,
): { appearances: Appearance[]; missing: number } {
  const appearances: Appearance[] = [];
  let missing = 0;
  for (const m of group.members) {
    const row = claims.get(m.annotationId);
    if (!row) {
      missing++;
      continue;
    }
    const doc = documents.get(m.documentId);
    const metadata = doc?.metadata ?? {};
    appearances.push({
      annotationId: m.annotationId,
      documentId: m.documentId,
      title: doc?.title ?? m.documentId,
      date: documentDate(metadata),
      outlet: documentOutlet(metadata),
      claim: row.claim,
      layer: row.layer,
      speakers: row.speakers,
      sources: row.sources,
    });
  }
  const order = new Map(appearances.map((a, i) => [a, i]));
  appearances.sort((a, b) => {
    if (a.date && b.date && a.date !== b.date) return a.date < b.date ? -1 : 1;
    if (!a.date !== !b.date) return a.date ? -1 : 1;
    return order.get(a)! - order.get(b)!;
  });
  return { appearances, missing };
}

export interface Tally {
  name: string;
  count: number;
}

function tally(names: Iterable<string>): Tally[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const raw of names) {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (!name) continue;
    const key = name.toLowerCase();
    const t = counts.get(key) ?? { name, count: 0 };
    t.count++;
    counts.set(key, t);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Who made the claim and who carried it: speakers, and outlets (the documents' own and the source chains'), most frequent first. */
export function speakersAndOutlets(appearances: readonly Appearance[]): { speakers: Tally[]; outlets: Tally[] } {
  return {
    speakers: tally(appearances.flatMap((a) => a.speakers)),
    outlets: tally(appearances.flatMap((a) => [...(a.outlet ? [a.outlet] : []), ...a.sources])),
  };
}

export type WordingPieceKind = 'same' | 'added' | 'missing';

export interface WordingPiece {
  text: string;
  /** `added`: in this wording, not in the canonical one; `missing`: in the canonical one, not here. */
  kind: WordingPieceKind;
}

/** A member's wording against the canonical one, word by word (case ignored). */
export function wordingPieces(canonical: string, wording: string): WordingPiece[] {
  return diffWords(canonical, wording, { ignoreCase: true }).map((c) => ({
    text: c.value,
    kind: c.added ? 'added' : c.removed ? 'missing' : 'same',
  }));
}
