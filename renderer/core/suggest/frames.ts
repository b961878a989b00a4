/**
 * Attribution frames: a cue (a speech verb, "according to", "X reported", "X's claims that") with
 * the speaker and sources found around it. Each finder is one named rule; the claim rules
 * (claims.ts) then decide what the frame attributes.
 */
import { isDocument, isMedium, outletIn, type GazetteerIndex } from './gazetteer.ts';
import { AMBIGUOUS_VERBS, CLAIM_NOUNS, REPORT_VERBS, SPEECH_VERBS, SUBJECT_VERB_FILLERS, TELL_VERBS } from './lexicon.ts';
import { breakBefore, isPunct, phraseEndingAt, phraseStartingAt, type Phrase, type TokenView } from './phrases.ts';

export type FrameKind = 'speech' | 'report' | 'according' | 'noun';

export interface RuledPhrase extends Phrase {
  rule: string;
}

export interface Frame {
  kind: FrameKind;
  cue: RuledPhrase;
  speaker: RuledPhrase | null;
  /** Sources named by this frame (an outlet reporting, the medium spoken on or to). */
  sources: RuledPhrase[];
  /** First and last token of everything the frame covers (cue, speaker, audience, sources). */
  first: number;
  last: number;
  /** The speaker comes after the cue ("…, said Lavrov"). */
  inverted: boolean;
}

export interface FrameContext extends TokenView {
  gazetteer: GazetteerIndex;
}

/** Rule `cue-verb`: a speech verb (tagged as a verb when the word is also a noun). */
export function isSpeechCue(v: TokenView, i: number): boolean {
  const t = v.tokens[i]!;
  if (!SPEECH_VERBS.has(t.lower)) return false;
  if (AMBIGUOUS_VERBS.has(t.lower)) return t.pos === 'VERB';
  // The tagger often mistags lower-case text ("ms cooper said" → said/ADJ): unambiguous forms always count.
  return t.pos !== 'PUNCT' && t.pos !== 'SYM';
}

/** Rule `cue-according-to`: the two words "according to". */
export const isAccordingTo = (v: TokenView, i: number) => v.tokens[i]!.lower === 'according' && v.tokens[i + 1]?.lower === 'to';

/** Rule `cue-claim-noun`: "claims that", "allegations that". */
export const isClaimNoun = (v: TokenView, i: number) =>
  CLAIM_NOUNS.has(v.tokens[i]!.lower) && v.tokens[i]!.pos === 'NOUN' && v.tokens[i + 1]?.lower === 'that';

const isSeparator = (v: TokenView, i: number) => v.tokens[i]?.text === ',' || (v.stripped && breakBefore(v, i + 1));

/** Whether tokens `first..last` read as an aside about a name: "who now runs …", "the lawyer leading …", "an analyst with …". */
function isAside(v: TokenView, first: number, last: number): boolean {
  const t = v.tokens[first]!;
  if (last - first > 14) return false;
  if (t.lower === 'who' || t.lower === 'which') return true;
  return t.pos === 'DET' || t.lower === 'former' || /^(his|her|its|their)$/.test(t.lower);
}

/**
 * The subject right before a speech verb, over "has", "also" … Rules `speaker-before-cue` (the noun
 * phrase or pronoun right before), `speaker-before-aside` ("william lerach, the lawyer leading the
 * suit, said": the name before an aside set off by commas), `speaker-relative` ("34% who said"),
 * `speaker-before-place` ("the bbc's david willey in rome says"). Null at a break.
 */
export function subjectBefore(v: TokenView, cue: number): RuledPhrase | null {
  let k = cue - 1;
  // "went on to say": the subject stands before "went".
  if (v.tokens[k]?.lower === 'to' && v.tokens[k - 1]?.lower === 'on' && /^(went|goes|go|going)$/.test(v.tokens[k - 2]?.lower ?? '')) k -= 3;
  let skipped = 0;
  while (k >= 0 && skipped < 3 && SUBJECT_VERB_FILLERS.has(v.tokens[k]!.lower) && !breakBefore(v, k + 1)) {
    k--;
    skipped++;
  }
  if (k < 0) return null;
  if (isSeparator(v, k) || breakBefore(v, k + 1)) {
    // An aside between commas (or stripped commas) before the verb: the name stands before it.
    const end = v.tokens[k]!.text === ',' ? k - 1 : k;
    let start = end;
    while (start > 0 && !isSeparator(v, start - 1) && !breakBefore(v, start) && end - start < 15) start--;
    if (start > 0 && isSeparator(v, start - 1) && isAside(v, start, end)) {
      const nameEnd = v.tokens[start - 1]!.text === ',' ? start - 2 : start - 1;
      const p = phraseEndingAt(v, nameEnd);
      if (p) return { ...p, rule: 'speaker-before-aside' };
    }
    if (v.stripped && !isSeparator(v, k)) {
      // A whole chunk that is one noun phrase ("former worldcom financial chief scott sullivan  has said").
      const p = phraseEndingAt(v, end, 12);
      if (p && p.first === start && v.tokens[p.first]!.pos !== 'PRON') return { ...p, rule: 'speaker-before-cue' };
    }
    return null;
  }
  if (v.tokens[k]!.lower === 'who' && v.tokens[k]!.pos === 'PRON' && !breakBefore(v, k)) {
    const p = phraseEndingAt(v, k - 1);
    return p ? { ...p, rule: 'speaker-relative' } : null;
  }
  const p = phraseEndingAt(v, k);
  if (!p) return null;
  const before = v.tokens[p.first - 1];
  if (before && (before.lower === 'in' || before.lower === 'at') && !breakBefore(v, p.first) && !breakBefore(v, p.first - 1)) {
    const q = phraseEndingAt(v, p.first - 2);
    if (q && q.last - q.first < 6) return { ...q, rule: 'speaker-before-place' };
  }
  return { ...p, rule: 'speaker-before-cue' };
}

/**
 * Rule `speaker-after-cue`: the inverted subject ("…, said Pentagon spokesman Captain John Kirby");
 * only when nothing but a break stands before the verb, and the phrase is not the subject of a
 * clause of its own ("says US is arming rebels").
 */
export function subjectAfter(v: TokenView, cue: number): RuledPhrase | null {
  if (!breakBefore(v, cue) && !isPunct(v.tokens[cue - 1]) && !(v.tokens[cue - 1] && /["“”]/.test(v.tokens[cue - 1]!.text))) return null;
  if (breakBefore(v, cue + 1)) return null;
  const p = phraseStartingAt(v, cue + 1);
  if (!p) return null;
  const next = v.tokens[p.last + 1];
  if (next && !breakBefore(v, p.last + 1) && (next.pos === 'VERB' || next.pos === 'AUX')) return null;
  return { ...p, rule: 'speaker-after-cue' };
}

/** Rule `source-told-medium`: the audience of "told" when it is a medium ("told Reuters"). */
export function toldMedium(c: FrameContext, cue: number): RuledPhrase | null {
  if (!TELL_VERBS.has(c.tokens[cue]!.lower) || breakBefore(c, cue + 1)) return null;
  const p = phraseStartingAt(c, cue + 1);
  if (!p || !isMedium(c.gazetteer, c.tokens, p.first, p.last)) return null;
  return { ...p, rule: 'source-told-medium' };
}

/** Rule `source-on-medium`: "said Lavrov on Iranian state television": a medium after on/to/in, close after the frame. */
export function mediumAfter(c: FrameContext, from: number): RuledPhrase | null {
  for (let k = from; k < from + 4 && k < c.tokens.length; k++) {
    const t = c.tokens[k]!;
    if (t.sentence !== c.tokens[from]?.sentence) return null;
    if ((t.lower === 'on' || t.lower === 'to' || t.lower === 'in') && t.pos === 'ADP') {
      const p = phraseStartingAt(c, k + 1);
      if (p && isMedium(c.gazetteer, c.tokens, p.first, p.last)) return { ...p, rule: 'source-on-medium' };
      return null;
    }
    if (isPunct(t) || breakBefore(c, k)) return null;
  }
  return null;
}

/** The frames of a text, in order. `insideQuote(i)` tells tokens within a direct quote (cues there are the quoted person's). */
export function findFrames(c: FrameContext, insideQuote: (i: number) => boolean): Frame[] {
  const frames: Frame[] = [];
  const { tokens } = c;
  for (let i = 0; i < tokens.length; i++) {
    if (insideQuote(i)) continue;
    if (isAccordingTo(c, i)) {
      const p = phraseStartingAt(c, i + 2);
      if (!p) continue;
      const isSource =
        isMedium(c.gazetteer, tokens, p.first, p.last) ||
        isDocument(c.gazetteer, tokens, p.first, p.last) ||
        !!outletIn(c.gazetteer, tokens, p.first, p.last);
      frames.push({
        kind: 'according',
        cue: { first: i, last: i + 1, rule: 'cue-according-to' },
        speaker: isSource ? null : { ...p, rule: 'speaker-according-to' },
        sources: isSource ? [{ ...p, rule: 'source-according-to' }] : [],
        first: i,
        last: p.last,
        inverted: false,
      });
      i = p.last;
      continue;
    }
    if (isClaimNoun(c, i)) {
      // "Hillary Clinton's claims that …": the possessor is the speaker.
      const gen = tokens[i - 1];
      const speaker = gen && (gen.lower === "'s" || gen.lower === '’s') ? phraseEndingAt(c, i - 2) : null;
      if (!speaker) continue;
      frames.push({
        kind: 'noun',
        cue: { first: i, last: i, rule: 'cue-claim-noun' },
        speaker: { ...speaker, rule: 'speaker-possessor' },
        sources: [],
        first: speaker.first,
        last: i,
        inverted: false,
      });
      continue;
    }
    const lower = tokens[i]!.lower;
    if (REPORT_VERBS.has(lower) && tokens[i]!.pos === 'VERB') {
      const p = subjectBefore(c, i);
      if (p && tokens[p.first]!.pos !== 'PRON') {
        frames.push({
          kind: 'report',
          cue: { first: i, last: i, rule: 'cue-reported' },
          speaker: null,
          sources: [{ ...p, rule: 'source-reported' }],
          first: p.first,
          last: i,
          inverted: false,
        });
      }
      continue;
    }
    if (!isSpeechCue(c, i)) continue;
    const participle = lower.endsWith('ing') && !SUBJECT_VERB_FILLERS.has(tokens[i - 1]?.lower ?? '');
    let speaker = participle ? null : subjectBefore(c, i);
    let inverted = false;
    if (!speaker && !participle && !TELL_VERBS.has(lower)) {
      speaker = subjectAfter(c, i);
      inverted = !!speaker;
    }
    const sources: RuledPhrase[] = [];
    let last = inverted ? speaker!.last : i;
    const told = toldMedium(c, i);
    if (told) {
      sources.push(told);
      last = told.last;
    }
    const on = mediumAfter(c, last + 1);
    if (on) {
      sources.push(on);
      last = on.last;
    }
    frames.push({
      kind: 'speech',
      cue: { first: i, last: i, rule: 'cue-verb' },
      speaker,
      sources,
      first: speaker && !inverted ? speaker.first : i,
      last,
      inverted,
    });
  }
  return frames;
}
