/**
 * Claim rules: what a frame attributes. Each returns token or character ranges with its rule name.
 */
import { BARE_CLAUSE_VERBS, REPORT_VERBS, SPEECH_VERBS, TELL_VERBS } from './lexicon.ts';
import {
  breakBefore,
  isPunct,
  isQuoteMark,
  phraseStartingAt,
  sentenceEnd,
  sentenceStart,
  startsClause,
  trimEnd,
  trimStart,
  type TokenView,
} from './phrases.ts';
import type { Frame } from './frames.ts';
import type { Quote } from './quotes.ts';

export interface ClaimRange {
  start: number;
  end: number;
  rule: string;
}

const FIRST_SECOND_PERSON = new Set(['i', 'we', 'me', 'us', 'our', 'my', 'you', 'your', 'ours']);

/** The index of the first quote whose `key` is at or after `at` (quotes are in text order). */
function firstAtOrAfter(quotes: readonly Quote[], at: number, key: 'open' | 'close'): number {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]![key] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A quote ending right before the frame (only spaces and commas between): `"…," Clinton said`. */
export function quoteBefore(text: string, v: TokenView, frame: Frame, quotes: readonly Quote[]): Quote | null {
  const at = v.tokens[frame.first]!.start;
  const q = quotes[firstAtOrAfter(quotes, at + 1, 'close') - 1];
  return q && /^[\s,]*$/.test(text.slice(q.close, at)) ? q : null;
}

/** A quote opening right after the frame (only spaces, commas or a colon between): `Clinton said: "…"`. */
export function quoteAfter(text: string, v: TokenView, frame: Frame, quotes: readonly Quote[]): Quote | null {
  const at = v.tokens[frame.last]!.end;
  const q = quotes[firstAtOrAfter(quotes, at, 'open')];
  return q && /^[\s,:]*$/.test(text.slice(at, q.open)) ? q : null;
}

/**
 * Where a reported clause starting at token `from` ends: the sentence's end, or before a trailing
 * attribution (", according to …", ", Reuters reported", ", he said") or a ", but …".
 */
export function clauseEnd(v: TokenView, from: number): number {
  const end = sentenceEnd(v, from);
  for (let k = from + 1; k <= end; k++) {
    const comma = v.tokens[k]!.text === ',' || (v.stripped && breakBefore(v, k) && k > from);
    if (!comma) continue;
    const n = v.tokens[k]!.text === ',' ? k + 1 : k;
    const w = v.tokens[n];
    if (!w) break;
    if (w.lower === 'according' && v.tokens[n + 1]?.lower === 'to') return trimEnd(v, from, n - 1);
    if (w.lower === 'but' && !v.stripped) return trimEnd(v, from, n - 1);
    if (SPEECH_VERBS.has(w.lower) || REPORT_VERBS.has(w.lower)) return trimEnd(v, from, n - 1);
    const p = phraseStartingAt(v, n, 6);
    const after = p ? v.tokens[p.last + 1] : undefined;
    if (
      p &&
      after &&
      (REPORT_VERBS.has(after.lower) || SPEECH_VERBS.has(after.lower)) &&
      (p.last + 2 > end || isPunct(v.tokens[p.last + 2]))
    ) {
      return trimEnd(v, from, n - 1);
    }
  }
  return trimEnd(v, from, end);
}

/**
 * The reported clause after the cue. Rules `claim-that-clause` ("said that …", also after an
 * object or a time: "told a jury on Wednesday that …"), `claim-after-colon` ("said: …") and
 * `claim-said-clause` ("she said andersen had …", "he said, now 45% …").
 */
export function clauseAfterCue(v: TokenView, frame: Frame): { first: number; last: number; rule: string } | null {
  const cue = frame.cue.last;
  const from = frame.inverted ? frame.last + 1 : Math.max(frame.last, cue) + 1;
  const t = v.tokens[from];
  if (!t || t.sentence !== v.tokens[cue]!.sentence) return null;
  if (t.text === ':') {
    const first = from + 1;
    if (first > sentenceEnd(v, from)) return null;
    return { first, last: clauseEnd(v, first), rule: 'claim-after-colon' };
  }
  const reach = TELL_VERBS.has(v.tokens[cue]!.lower) ? 14 : 6;
  for (let k = from; k < from + reach && k < v.tokens.length; k++) {
    const x = v.tokens[k]!;
    if (x.sentence !== t.sentence) break;
    if (x.lower === 'that' && (x.pos === 'SCONJ' || k === from)) {
      if (k + 1 > sentenceEnd(v, k)) return null;
      return { first: k + 1, last: clauseEnd(v, k + 1), rule: 'claim-that-clause' };
    }
    if (x.text === ':' && k > from) {
      if (k + 1 > sentenceEnd(v, k)) return null;
      return { first: k + 1, last: clauseEnd(v, k + 1), rule: 'claim-after-colon' };
    }
    if (x.pos === 'VERB' || x.pos === 'AUX' || (isPunct(x) && !v.stripped)) break;
  }
  if (frame.inverted || !BARE_CLAUSE_VERBS.has(v.tokens[cue]!.lower)) return null;
  let first = from;
  if (t.text === ',') first++;
  if (startsClause(v, first)) return { first, last: clauseEnd(v, first), rule: 'claim-said-clause' };
  return null;
}

/** The start of the quote unit holding token i in a stripped text: back to a sentence opened by a run of spaces. */
export function unitStart(v: TokenView, i: number): number {
  let s = sentenceStart(v, i);
  while (s > 0 && v.tokens[s]!.space.length < 2 && !v.tokens[s]!.space.includes('\n') && v.tokens[s - 1]!.text === '.')
    s = sentenceStart(v, s - 1);
  return s;
}

/** The end of the quote unit starting at token i in a stripped text: on over sentences opened by one space. */
export function unitEnd(v: TokenView, i: number): number {
  let e = sentenceEnd(v, i);
  while (e + 1 < v.tokens.length && v.tokens[e + 1]!.space === ' ' && v.tokens[e]!.text === '.') e = sentenceEnd(v, e + 1);
  return trimEnd(v, i, e);
}

/**
 * Rule `claim-before-cue`: the words before a frame that ends its sentence ("…, Reuters reported",
 * "… knock   said dz bank economist …"), back to the sentence's start, a colon or an opening quote.
 * Needs a clause (a verb) of at least three words.
 */
export function clauseBeforeFrame(v: TokenView, frame: Frame): { first: number; last: number; rule: string } | null {
  const f = frame.first;
  const prev = v.tokens[f - 1];
  if (!prev || (prev.sentence !== v.tokens[f]!.sentence && !v.stripped)) return null;
  if (!(breakBefore(v, f) || prev.text === ',' || isQuoteMark(prev))) return null;
  // The frame must close its clause: nothing but a break, punctuation or a prepositional phrase after it.
  const next = v.tokens[frame.last + 1];
  if (
    next &&
    next.sentence === v.tokens[frame.last]!.sentence &&
    !breakBefore(v, frame.last + 1) &&
    !isPunct(next) &&
    next.pos !== 'ADP' &&
    next.pos !== 'SCONJ'
  )
    return null;
  const last = trimEnd(v, 0, f - 1);
  let first = v.stripped ? unitStart(v, last) : sentenceStart(v, last);
  for (let k = last; k > first; k--) {
    if (v.tokens[k]!.text === ':' || /^["“”«»]$/.test(v.tokens[k]!.text)) {
      first = k + 1;
      break;
    }
  }
  first = trimStart(v, first, last);
  const end = trimEnd(v, first, last);
  if (end - first < 2) return null;
  let verb = false;
  for (let k = first; k <= end; k++) if (v.tokens[k]!.pos === 'VERB' || v.tokens[k]!.pos === 'AUX') verb = true;
  return verb ? { first, last: end, rule: 'claim-before-cue' } : null;
}

/**
 * Rule `claim-quote-continues` (texts whose quotation marks were stripped): the quote units after a
 * quoted claim, in the same paragraph, that hold no cue of their own and speak in the first or
 * second person ("we", "our", "you"), as quoted speech does.
 */
export function continuedUnits(
  v: TokenView,
  afterToken: number,
  isCue: (i: number) => boolean,
  max = 4,
): { first: number; last: number; rule: string }[] {
  const out: { first: number; last: number; rule: string }[] = [];
  let e = unitEnd(v, afterToken);
  while (out.length < max) {
    let s = e + 1;
    while (s < v.tokens.length && isPunct(v.tokens[s]) && v.tokens[s]!.sentence === v.tokens[e]!.sentence) s++;
    const t = v.tokens[s];
    if (!t || t.space.length < 2 || t.space.includes('\n')) break;
    const end = unitEnd(v, s);
    let cue = false;
    let person = false;
    for (let k = s; k <= end; k++) {
      if (isCue(k)) cue = true;
      if (FIRST_SECOND_PERSON.has(v.tokens[k]!.lower)) person = true;
    }
    if (cue || !person) break;
    out.push({ first: s, last: end, rule: 'claim-quote-continues' });
    e = end;
  }
  return out;
}
