/**
 * Words for the agreement figures: what each figure's n counts (pairs of layers, tokens, values,
 * spans, claims, documents), and, for a figure that is 0 or undefined, why, in a sentence a
 * researcher can act on ("no claim of bob has a speaker link"). The dashboard shows these next to
 * the figures; they are computed from the report alone.
 */
import { plural } from '../model/plural.ts';
import type { DocumentAttributeFigures } from './documentAttributes.ts';
import type { GroupingPair } from './grouping.ts';
import type { ClaimStats, LabelFigures, PairClaims } from './report.ts';
import { ALL_LABELS, type MatchMode, type PairwiseF1 } from './spans.ts';

/** What a figure rests on (`n`) and, when it is 0 or undefined, why. */
export interface FigureNote {
  n: string;
  why?: string;
}

const undefinedFigure = (v: number) => !Number.isFinite(v);
const ALONE = 'Agreement needs at least two layers.';

/** `1 pair of layers`, `3 pairs of layers`. */
export function pairsOfLayers(n: number): string {
  return `${plural(n, 'pair')} of layers`;
}

/** Mean Cohen's κ over the pairs: n = the pairs, and the tokens when there is one pair. */
export function cohenNote(lf: LabelFigures, layers: number): FigureNote {
  const pairs = lf.cohen;
  const n = pairs.length === 1 ? `${pairsOfLayers(1)} · ${plural(pairs[0]!.n, 'token')}` : pairsOfLayers(pairs.length);
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(lf.meanCohen))
    return { n, why: 'No token was labelled by both layers of any pair: they annotated no document in common.' };
  if (pairs.length > 0 && pairs.every((p) => p.degenerate)) {
    return { n, why: 'Both layers gave every token the same value (κ is 1 by convention: there is no variation to agree on).' };
  }
  if (lf.meanCohen === 0) return { n, why: 'The layers agree on the tokens exactly as often as chance would have them agree.' };
  return { n };
}

/** Fleiss' κ: n = the tokens every layer labelled. */
export function fleissNote(lf: LabelFigures, layers: number): FigureNote {
  const n = `${plural(lf.fleiss.n, 'token')} labelled by every layer`;
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(lf.fleiss.kappa)) {
    return {
      n,
      why:
        lf.fleiss.n === 0
          ? 'No document was annotated by every layer, and Fleiss’ κ needs every layer on every token.'
          : (lf.fleiss.error ?? 'Undefined for these tokens.'),
    };
  }
  if (lf.fleiss.degenerate) return { n, why: 'Every layer gave every token the same value (κ is 1 by convention).' };
  return { n };
}

/** Nominal α: n = the pairable values (a token's value from each layer that labelled it). */
export function alphaNote(lf: LabelFigures, layers: number): FigureNote {
  const n = `${plural(lf.alphaNominal.pairableValues, 'value')} (a token’s value from each layer)`;
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(lf.alphaNominal.alpha)) return { n, why: 'No token has values from two layers.' };
  if (lf.alphaNominal.degenerate) return { n, why: 'Every value is the same (α is 1 by convention).' };
  return { n };
}

/** αU: n = the spans (units) of every layer on the texts compared. */
export function alphaUNote(lf: LabelFigures, layers: number, completeDocuments?: number): FigureNote {
  const n = plural(lf.alphaUnitizing.units, 'span');
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(lf.alphaUnitizing.alpha)) {
    if (completeDocuments === 0)
      return { n, why: 'No document was annotated by every layer, and αU compares every layer on the same text.' };
    return { n, why: lf.alphaUnitizing.units === 0 ? 'No layer marked a span here.' : 'Undefined for these spans.' };
  }
  return { n };
}

const matchWords: Record<MatchMode, string> = {
  exact: 'the same label and the same characters',
  overlap: 'the same label and at least one shared character',
};

/** Span P/R/F1: n = the pairs, and each side's spans when there is one pair. */
export function spanNote(f: PairwiseF1, mode: MatchMode, label: string, layers: number): FigureNote {
  const what = label === ALL_LABELS ? 'span' : `${label} span`;
  const pairs = f.pairs;
  const one = pairs.length === 1 ? pairs[0]! : null;
  const n = one
    ? `${pairsOfLayers(1)} · ${one.a}: ${plural(one.tp + one.fn, what)}, ${one.b}: ${plural(one.tp + one.fp, what)}`
    : pairsOfLayers(pairs.length);
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(f.f1)) return { n, why: 'The layers annotated no document in common.' };
  if (one && one.tp + one.fp + one.fn === 0) return { n, why: `Neither layer has a ${what}: nothing to disagree on (1 by convention).` };
  if (f.f1 === 0) {
    if (one && one.tp + one.fn === 0) return { n, why: `${one.a} has no ${what}.` };
    if (one && one.tp + one.fp === 0) return { n, why: `${one.b} has no ${what}.` };
    return { n, why: `No ${what} of one layer matches one of the other (${matchWords[mode]}).` };
  }
  return { n };
}

/** Why two layers' attributions do not match at all, from what each recorded. */
function attributionMismatch(c: PairClaims): string {
  const side = (name: string, s: ClaimStats, other: string, o: ClaimStats): string | null => {
    if (s.claims === 0) return `${name} has no claim, so none of ${other}’s ${plural(o.claims, 'claim')} can match.`;
    if (s.withSpeaker === 0 && o.withSpeaker > 0) {
      return `No claim of ${name} has a speaker link (${other} links ${o.withSpeaker} of ${plural(o.claims, 'claim')} to a speaker).`;
    }
    if (s.withSource === 0 && o.withSource > 0) {
      return `No claim of ${name} has a source (${other} gives ${o.withSource} of ${plural(o.claims, 'claim')} a source).`;
    }
    return null;
  };
  return (
    side(c.b, c.claimsB, c.a, c.claimsA) ??
    side(c.a, c.claimsA, c.b, c.claimsB) ??
    `No claim of ${c.b} matches one of ${c.a} together with the same speakers and source chain.`
  );
}

/** Attribution P/R/F1: n = the pairs and each side's claims; a 0 explained from the links each layer recorded. */
export function attributionNote(f: PairwiseF1, claims: readonly PairClaims[], layers: number): FigureNote {
  const one = claims.length === 1 ? claims[0]! : null;
  const n = one
    ? `${pairsOfLayers(1)} · ${one.a}: ${plural(one.claimsA.claims, 'claim')}, ${one.b}: ${plural(one.claimsB.claims, 'claim')}`
    : pairsOfLayers(claims.length);
  if (layers < 2) return { n, why: ALONE };
  if (undefinedFigure(f.f1)) return { n, why: 'The layers annotated no document in common.' };
  if (one && one.claimsA.claims + one.claimsB.claims === 0)
    return { n, why: 'Neither layer has a claim: nothing to disagree on (1 by convention).' };
  if (f.f1 === 0) {
    const reasons = claims.filter((_, i) => f.pairs[i]?.f1 === 0).map(attributionMismatch);
    return { n, why: [...new Set(reasons)].join(' ') };
  }
  return { n };
}

/** Notes for a document attribute's α, Fleiss' κ and mean Cohen's κ (a document is a unit). */
export function documentAttributeNotes(
  f: DocumentAttributeFigures,
  layers: number,
): { alpha: FigureNote; fleiss: FigureNote; cohen: FigureNote } {
  const alpha: FigureNote = { n: `${plural(f.alpha.pairableValues, 'value')} in ${plural(f.documents, 'document')}` };
  if (undefinedFigure(f.alpha.alpha)) alpha.why = 'No document has values from two layers.';
  else if (f.alpha.degenerate) alpha.why = 'Every layer gave every document the same value (α is 1 by convention).';
  const fleiss: FigureNote = { n: `${plural(f.fleiss.n, 'document')} labelled by every layer` };
  if (undefinedFigure(f.fleiss.kappa))
    fleiss.why = f.fleiss.n === 0 ? 'No document was labelled by every layer.' : (f.fleiss.error ?? 'Undefined.');
  const cohen: FigureNote = {
    n: f.cohen.length === 1 ? `${pairsOfLayers(1)} · ${plural(f.cohen[0]!.n, 'document')} both labelled` : pairsOfLayers(f.cohen.length),
  };
  if (undefinedFigure(f.meanCohen)) cohen.why = 'No pair of layers labelled a document in common.';
  for (const note of [alpha, fleiss, cohen]) if (layers < 2) note.why = ALONE;
  return { alpha, fleiss, cohen };
}

/**
 * Agreement on grouping for one pair of layers: n = the claims either layer grouped and the pairs
 * of claims each puts together; why a figure is 0 or undefined.
 */
export function groupingNote(g: GroupingPair, which: 'pairwise' | 'bcubed'): FigureNote {
  const n = `${plural(g.items, 'claim')} either layer grouped · ${g.a} ${plural(g.pairsA, 'pair')}, ${g.b} ${plural(g.pairsB, 'pair')}`;
  if (which === 'bcubed') return { n };
  if (g.pairsB === 0) return { n, why: `${g.b} puts no two of these claims in one group, so there is no pair to be precise about.` };
  if (g.pairsA === 0) return { n, why: `${g.a} puts no two of these claims in one group.` };
  if (g.pairsBoth === 0) return { n, why: 'The layers put no pair of claims together in common.' };
  return { n };
}
