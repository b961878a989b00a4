/**
 * Phrase finding on tagged tokens: the noun phrase before or after a word, clause ends, and where
 * punctuation (or, in texts whose punctuation was stripped, a run of spaces) separates tokens.
 */
import { CLAUSE_WORDS, HONORIFICS, NAME_PARTICLES, SPEAKER_PRONOUNS } from './lexicon.ts';
import type { Token } from './types.ts';

/** A run of tokens `first..last` (inclusive). */
export interface Phrase {
  first: number;
  last: number;
}

export interface TokenView {
  tokens: readonly Token[];
  /** Punctuation was stripped from the text (quotes and commas became spaces): runs of spaces separate. */
  stripped: boolean;
}

const NOUNISH = new Set(['PROPN', 'NOUN', 'ADJ', 'NUM']);
const QUOTE_MARKS = new Set(['"', '“', '”', '‘', '’', "'", '«', '»']);

export const isQuoteMark = (t: Token | undefined) => !!t && QUOTE_MARKS.has(t.text);

/** Whether a break separates token `i` from the one before it (punctuation, a line, a sentence, stripped commas). */
export function breakBefore(v: TokenView, i: number): boolean {
  const t = v.tokens[i];
  const p = v.tokens[i - 1];
  if (!t || !p) return true;
  if (p.sentence !== t.sentence) return true;
  if (t.space.includes('\n')) return true;
  if (v.stripped && t.space.length >= 2) return true;
  return false;
}

/** Punctuation that separates (not a hyphen inside a word, nor a currency or percent sign); no token counts too. */
export function isPunct(t: Token | undefined): boolean {
  if (!t) return true;
  if (t.pos === 'PUNCT') return t.text !== '-' && t.text !== '–';
  return t.pos === 'SYM' && t.text !== '$' && t.text !== '%';
}

/** Whether token i belongs in a name or noun phrase. */
function nounish(v: TokenView, i: number): boolean {
  const t = v.tokens[i]!;
  if (NOUNISH.has(t.pos)) return !CLAUSE_WORDS.has(t.lower);
  if (t.lower === "'s" || t.lower === '’s' || t.lower === 's') return true;
  if (t.text === '%' && t.space === '' && v.tokens[i - 1]?.pos === 'NUM') return true;
  // "ms cooper": a word after a title is a name, whatever the tagger made of it.
  if (i > 0 && HONORIFICS.has(v.tokens[i - 1]!.lower) && /^\p{L}/u.test(t.text) && !CLAUSE_WORDS.has(t.lower)) return true;
  // "mr de vabres": a name particle between two name words.
  if (NAME_PARTICLES.has(t.lower) && v.tokens[i + 1] && NOUNISH.has(v.tokens[i + 1]!.pos) && i > 0 && NOUNISH.has(v.tokens[i - 1]!.pos))
    return true;
  // Hyphenated words come as parts ("munich - based"): keep the parts of a word together.
  if ((t.text === '-' || t.text === '–') && t.space === '' && v.tokens[i + 1]?.space === '') return true;
  if (t.space === '' && (v.tokens[i - 1]?.text === '-' || v.tokens[i - 1]?.text === '–')) return true;
  return false;
}

const determiner = (t: Token) => t.pos === 'DET' || (t.pos === 'PRON' && /^(its|their|his|her|our|my|your)$/.test(t.lower));

/**
 * The noun phrase ending at token `end` (walking back): names, nouns and adjectives, a genitive
 * `'s`, `of` between two nouns, a leading determiner. Stops at a break. Null when none.
 */
export function phraseEndingAt(v: TokenView, end: number, maxTokens = 10): Phrase | null {
  const t = v.tokens[end];
  if (!t) return null;
  if (t.pos === 'PRON' && SPEAKER_PRONOUNS.has(t.lower)) return { first: end, last: end };
  if (!nounish(v, end)) return null;
  let first = end;
  while (first > 0 && end - first < maxTokens && !breakBefore(v, first)) {
    const p = v.tokens[first - 1]!;
    if (nounish(v, first - 1)) first--;
    else if (determiner(p)) {
      first--;
      break;
    } else if (p.lower === 'of' && first - 2 >= 0 && !breakBefore(v, first - 1) && nounish(v, first - 2)) first--;
    else break;
  }
  while (first < end && (v.tokens[first]!.lower === 'of' || v.tokens[first]!.lower === "'s" || v.tokens[first]!.lower === 's')) first++;
  return hasHead(v, first, end) ? { first, last: end } : null;
}

/** The noun phrase starting at token `start` (walking forward), as {@link phraseEndingAt}. */
export function phraseStartingAt(v: TokenView, start: number, maxTokens = 10): Phrase | null {
  const t = v.tokens[start];
  if (!t) return null;
  if (t.pos === 'PRON' && SPEAKER_PRONOUNS.has(t.lower)) return { first: start, last: start };
  let last = start - 1;
  if (determiner(t)) last = start;
  while (last + 1 < v.tokens.length && last - start < maxTokens && (last < start || !breakBefore(v, last + 1))) {
    const i = last + 1;
    const n = v.tokens[i]!;
    if (nounish(v, i)) last = i;
    else if (n.pos === 'VERB' && last >= start && !breakBefore(v, i) && /^[a-z]/.test(n.text) && v.stripped) last = i;
    else if (n.lower === 'of' && last >= start && nounish(v, i + 1) && !breakBefore(v, i + 1)) last = i;
    else break;
  }
  while (last > start && (v.tokens[last]!.lower === 'of' || v.tokens[last]!.lower === "'s")) last--;
  if (last < start) return null;
  return hasHead(v, start, last) ? { first: start, last } : null;
}

function hasHead(v: TokenView, first: number, last: number): boolean {
  for (let i = first; i <= last; i++) {
    const p = v.tokens[i]!.pos;
    if (p === 'PROPN' || p === 'NOUN' || p === 'PRON' || (v.stripped && p === 'VERB') || v.tokens[i]!.text === '%') return true;
  }
  return false;
}

/** Whether tokens from `i` start a clause: a subject (a pronoun or a noun phrase) followed closely by a verb. */
export function startsClause(v: TokenView, i: number): boolean {
  const t = v.tokens[i];
  if (!t || isPunct(t) || t.pos === 'SCONJ' || t.pos === 'ADP' || t.pos === 'CCONJ' || t.pos === 'VERB' || t.pos === 'AUX') return false;
  const sentence = t.sentence;
  for (let k = i + 1; k < i + 14 && k < v.tokens.length; k++) {
    const x = v.tokens[k]!;
    if (x.sentence !== sentence || isPunct(x) || breakBefore(v, k)) return false;
    // A finite verb: not an infinitive ("the opportunity to make").
    if ((x.pos === 'VERB' || x.pos === 'AUX') && v.tokens[k - 1]!.lower !== 'to') return true;
  }
  return false;
}

/** The last token of the sentence holding token i. */
export function sentenceEnd(v: TokenView, i: number): number {
  let k = i;
  while (k + 1 < v.tokens.length && v.tokens[k + 1]!.sentence === v.tokens[i]!.sentence) k++;
  return k;
}

/** The first token of the sentence holding token i. */
export function sentenceStart(v: TokenView, i: number): number {
  let k = i;
  while (k > 0 && v.tokens[k - 1]!.sentence === v.tokens[i]!.sentence) k--;
  return k;
}

/** Drops closing punctuation and quote marks from the end of a token range. */
export function trimEnd(v: TokenView, first: number, last: number): number {
  while (last > first && (isPunct(v.tokens[last]) || isQuoteMark(v.tokens[last]))) last--;
  return last;
}

/** Drops opening punctuation and quote marks from the start of a token range. */
export function trimStart(v: TokenView, first: number, last: number): number {
  while (first < last && (isPunct(v.tokens[first]) || isQuoteMark(v.tokens[first]))) first++;
  return first;
}
