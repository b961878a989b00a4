/**
 * The attribution engine: proposes claims, speakers, cues and sources for one document, with the
 * said-by, cue and reported-by links between them, each annotation carrying the name of the rule
 * that proposed it (docs/suggestions.md explains every rule). Pure and deterministic: the same text
 * gives the same suggestions.
 */
import { clauseAfterCue, clauseBeforeFrame, continuedUnits, quoteAfter, quoteBefore, unitEnd, type ClaimRange } from './claims.ts';
import { findFrames, isAccordingTo, isClaimNoun, isSpeechCue, type Frame, type FrameContext, type RuledPhrase } from './frames.ts';
import { compileGazetteer, DEFAULT_GAZETTEER, outletIn, type Gazetteer, type GazetteerIndex } from './gazetteer.ts';
import { REPORT_VERBS } from './lexicon.ts';
import { breakBefore, phraseStartingAt, sentenceStart } from './phrases.ts';
import { findQuotes, looksStripped, type Quote } from './quotes.ts';
import { resolveEntity } from './references.ts';
import type { Analyzer, SuggestedLink, SuggestedSpan, Suggestions, SuggestionLabel } from './types.ts';

export interface SuggestOptions {
  analyzer: Analyzer;
  gazetteer?: Gazetteer;
}

interface Attribution {
  claims: ClaimRange[];
  frame: Frame | null;
  speaker: RuledPhrase | null;
  cues: RuledPhrase[];
  sources: RuledPhrase[];
}

const compiled = new WeakMap<Gazetteer, GazetteerIndex>();

export function suggestAttributions(text: string, options: SuggestOptions): Suggestions {
  const gazetteer = options.gazetteer ?? DEFAULT_GAZETTEER;
  let index = compiled.get(gazetteer);
  if (!index) compiled.set(gazetteer, (index = compileGazetteer(gazetteer)));
  const { tokens } = options.analyzer(text);
  const stripped = looksStripped(text);
  const c: FrameContext = { tokens, stripped, gazetteer: index };
  const quotes = findQuotes(text);
  const inQuote = new Uint8Array(tokens.length);
  {
    let q = 0;
    for (let i = 0; i < tokens.length; i++) {
      while (q < quotes.length && quotes[q]!.end <= tokens[i]!.start) q++;
      if (q < quotes.length && tokens[i]!.start >= quotes[q]!.start && tokens[i]!.start < quotes[q]!.end) inQuote[i] = 1;
    }
  }
  const frames = findFrames(c, (i) => inQuote[i] === 1);
  const attributions: Attribution[] = [];
  const owner = new Map<Quote, Attribution>();
  const covered = new Uint8Array(tokens.length);
  const isCue = (i: number) =>
    isSpeechCue(c, i) || isAccordingTo(c, i) || isClaimNoun(c, i) || (REPORT_VERBS.has(tokens[i]!.lower) && tokens[i]!.pos === 'VERB');
  const tokenRange = (r: { first: number; last: number; rule: string }): ClaimRange => ({
    start: tokens[r.first]!.start,
    end: tokens[r.last]!.end,
    rule: r.rule,
  });

  // Speech and claim-noun frames make attributions; report and according-to frames attach to them.
  for (const frame of frames) {
    if (frame.kind === 'report' || frame.kind === 'according') continue;
    if (covered[frame.cue.first]) continue; // a cue inside another frame's reported clause is nested speech
    const speaker = frame.speaker ?? (frame.kind === 'speech' ? sharedSubject(c, frame, attributions) : null);
    const a: Attribution = { claims: [], frame, speaker, cues: [frame.cue], sources: [...frame.sources] };
    if (frame.kind === 'noun') {
      const after = clauseAfterCue(c, { ...frame, last: frame.cue.last });
      if (after) a.claims.push({ ...tokenRange(after), rule: 'claim-that-clause' });
    } else {
      const before = quoteBefore(text, c, frame, quotes);
      const afterQuote = before ? null : quoteAfter(text, c, frame, quotes);
      const q = before ?? afterQuote;
      if (q && !owner.has(q)) {
        a.claims.push({ start: q.start, end: q.end, rule: before ? 'claim-quote-before-cue' : 'claim-quote-after-cue' });
        owner.set(q, a);
      } else if (!q) {
        const after = clauseAfterCue(c, frame);
        // Without quotation marks, speech after "said:" runs to the end of its quote unit.
        if (after && stripped && after.rule === 'claim-after-colon') after.last = unitEnd(c, after.first);
        const prior = !a.speaker ? null : !after || frame.inverted || stripped ? clauseBeforeFrame(c, frame) : null;
        if (prior) a.claims.push(tokenRange(prior));
        if (after) {
          a.claims.push(tokenRange(after));
          for (let k = after.first; k <= after.last; k++) covered[k] = 1;
        }
        // Quoted speech (before the cue, after a colon, or after a stripped quotation mark) may go on.
        const quoteLike =
          prior ??
          (after && (after.rule === 'claim-after-colon' || (after.rule === 'claim-said-clause' && breakBefore(c, after.first)))
            ? after
            : null);
        if (stripped && quoteLike) {
          const from = after ? after.last : frame.last;
          for (const u of continuedUnits(c, from, isCue)) a.claims.push(tokenRange(u));
        }
      }
    }
    if (!a.speaker && frame.kind === 'speech') continue;
    if (a.claims.length) attributions.push(a);
  }

  // Rule `claim-quote-continued`: a quote with no frame of its own continues the speech of the last
  // attributed quote in its paragraph (or of the paragraph before, when that quote ran on).
  let last: { a: Attribution; q: Quote } | null = null;
  for (const q of quotes) {
    const a = owner.get(q);
    if (a) {
      last = { a, q };
      continue;
    }
    const sameParagraph = last && !text.slice(last.q.close, q.open).includes('\n');
    if (last && (sameParagraph || last.q.runsOn)) {
      last.a.claims.push({ start: q.start, end: q.end, rule: 'claim-quote-continued' });
      owner.set(q, last.a);
      last = { a: last.a, q };
    }
  }

  // Report and according-to frames: their sources (or speaker) go to the attributions of their sentence.
  const bySentence = new Map<number, Attribution[]>();
  for (const a of attributions) {
    const sentence = tokens[a.frame!.cue.first]!.sentence;
    (bySentence.get(sentence) ?? bySentence.set(sentence, []).get(sentence)!).push(a);
  }
  for (const frame of frames) {
    if (frame.kind !== 'report' && frame.kind !== 'according') continue;
    const here = bySentence.get(tokens[frame.cue.first]!.sentence) ?? [];
    if (here.length) {
      for (const a of here) {
        a.cues.push(frame.cue);
        if (frame.speaker && !a.speaker) a.speaker = frame.speaker;
        for (const s of frame.sources) if (!insideClaims(tokens, s, a.claims)) a.sources.push(s);
      }
      continue;
    }
    const a: Attribution = { claims: [], frame, speaker: frame.speaker, cues: [frame.cue], sources: [...frame.sources] };
    const start = sentenceStart(c, frame.cue.first);
    const rest = frame.last + 2;
    if (frame.kind === 'according' && frame.first <= start + 1 && tokens[frame.last + 1]?.text === ',') {
      if (tokens[rest]?.sentence === tokens[frame.cue.first]!.sentence) {
        const end = clauseEndOf(c, rest);
        if (end >= rest) a.claims.push(tokenRange({ first: rest, last: end, rule: 'claim-after-according-to' }));
      }
    } else {
      const prior = clauseBeforeFrame(c, frame);
      if (prior) a.claims.push(tokenRange(prior));
    }
    if (a.claims.length) attributions.push(a);
  }

  for (const a of headlineColons(c, text)) attributions.push(a);
  return buildSuggestions(text, c, attributions, index);
}

function clauseEndOf(c: FrameContext, first: number): number {
  let k = first;
  while (k + 1 < c.tokens.length && c.tokens[k + 1]!.sentence === c.tokens[first]!.sentence) k++;
  while (k > first && c.tokens[k]!.pos === 'PUNCT') k--;
  return k;
}

function insideClaims(tokens: FrameContext['tokens'], p: RuledPhrase, claims: readonly ClaimRange[]): boolean {
  const s = tokens[p.first]!.start;
  return claims.some((cl) => s >= cl.start && s < cl.end);
}

/**
 * Rule `speaker-shared-subject`: a speech verb with no subject of its own after a comma, or a
 * participle ("…, adding that", "saying:"), shares the subject of the clause before it: the speaker
 * of an earlier attribution in the sentence, else the sentence's subject ("Russia defends arms sales
 * to Syria, says US is arming rebels").
 */
export function sharedSubject(
  c: FrameContext,
  frame: Frame,
  earlier: readonly { frame: Frame | null; speaker: RuledPhrase | null }[],
): RuledPhrase | null {
  const cue = frame.cue.first;
  const participle = c.tokens[cue]!.lower.endsWith('ing');
  if (frame.inverted || !(participle || c.tokens[cue - 1]?.text === ',')) return null;
  if (!(c.tokens[cue - 1]?.text === ',' || breakBefore(c, cue) || participle)) return null;
  const sentence = c.tokens[cue]!.sentence;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const e = earlier[i]!;
    const at = e.frame ? c.tokens[e.frame.cue.first]!.sentence : -1;
    if (at < sentence) break;
    if (e.speaker && at === sentence) return { ...e.speaker, rule: 'speaker-shared-subject' };
  }
  const start = sentenceStart(c, cue);
  let s = start;
  while (s < cue && (c.tokens[s]!.pos === 'CCONJ' || c.tokens[s]!.pos === 'ADV')) s++;
  const p = phraseStartingAt(c, s, 6);
  if (!p || p.last >= cue) return null;
  const next = c.tokens[p.last + 1];
  if (!next || (next.pos !== 'VERB' && next.pos !== 'AUX')) return null;
  return { ...p, rule: 'speaker-shared-subject' };
}

/**
 * Rule `claim-headline-colon`: a line without a full stop of the form "Name: claim" ("Hillary
 * Clinton: Russia is sending attack helicopters to Syria"); the name (one to four capitalised
 * words) is the speaker (`speaker-headline-colon`).
 */
export function headlineColons(c: FrameContext, text: string): Attribution[] {
  const out: Attribution[] = [];
  const { tokens } = c;
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]!.text !== ':') continue;
    const lineEnd = text.indexOf('\n', tokens[i]!.end);
    const line = text.slice(tokens[i]!.end, lineEnd < 0 ? text.length : lineEnd);
    if (/[.!?]["”]?\s*$/.test(line) || line.trim().split(/\s+/).length < 3) continue;
    let first = i;
    while (
      first > 0 &&
      i - first < 4 &&
      tokens[first - 1]!.pos === 'PROPN' &&
      /^[A-Z]/.test(tokens[first - 1]!.text) &&
      !tokens[first]!.space.includes('\n')
    )
      first--;
    if (first === i) continue;
    const before = tokens[first - 1];
    if (before && before.text !== ':' && !tokens[first]!.space.includes('\n')) continue;
    if (outletIn(c.gazetteer, tokens, first, i - 1)) continue;
    let last = i + 1;
    while (last + 1 < tokens.length && !tokens[last + 1]!.space.includes('\n') && tokens[last + 1]!.start < tokens[i]!.end + line.length)
      last++;
    out.push({
      claims: [{ start: tokens[i + 1]!.start, end: tokens[last]!.end, rule: 'claim-headline-colon' }],
      frame: null,
      speaker: { first, last: i - 1, rule: 'speaker-headline-colon' },
      cues: [],
      sources: [],
    });
  }
  return out;
}

function buildSuggestions(text: string, c: FrameContext, attributions: Attribution[], index: GazetteerIndex): Suggestions {
  const spans = new Map<string, SuggestedSpan>();
  const links: SuggestedLink[] = [];
  const linkKeys = new Set<string>();
  const { tokens } = c;
  const named: { at: number; name: string }[] = [];
  const add = (label: SuggestionLabel, start: number, end: number, rule: string, entity?: string): string => {
    const key = `${label}:${start}-${end}`;
    if (!spans.has(key)) spans.set(key, { key, label, start, end, rule, ...(entity !== undefined && { entity }) });
    return key;
  };
  const link = (type: SuggestedLink['type'], from: string, to: string, rule: string) => {
    const k = `${type}|${from}|${to}`;
    if (linkKeys.has(k) || from === to) return;
    linkKeys.add(k);
    links.push({ type, from, to, rule });
  };
  const phraseSpan = (label: SuggestionLabel, p: RuledPhrase, entity?: string) =>
    add(label, tokens[p.first]!.start, tokens[p.last]!.end, p.rule, entity);

  attributions.sort((a, b) => a.claims[0]!.start - b.claims[0]!.start);
  for (const a of attributions) {
    const speaker = a.speaker ? phraseSpan('Speaker', a.speaker, resolveEntity(text, c, a.speaker, named, index) ?? undefined) : null;
    const cues = a.cues.map((cue) => phraseSpan('Cue', cue));
    const sources = [...a.sources].sort((x, y) => tokens[x.first]!.start - tokens[y.first]!.start);
    for (const claim of a.claims) {
      if (claim.end <= claim.start) continue;
      const key = add('Claim', claim.start, claim.end, claim.rule);
      if (speaker) link('said by', key, speaker, a.speaker!.rule);
      for (let k = 0; k < cues.length; k++) link('cue', key, cues[k]!, a.cues[k]!.rule);
      // The chain: sources after the claim in reading order, then those before it, nearest first.
      const after = sources.filter((s) => tokens[s.first]!.start >= claim.end);
      const before = sources.filter((s) => tokens[s.first]!.start < claim.end).reverse();
      let from = key;
      for (const s of [...after, ...before]) {
        const to = phraseSpan('Source', s, outletIn(index, tokens, s.first, s.last) ?? undefined);
        link('reported by', from, to, s.rule);
        from = to;
      }
    }
  }
  const ordered = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
  return { spans: ordered, links };
}
