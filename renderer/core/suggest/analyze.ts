/**
 * The analyser: wink-nlp with its English light model (shipped inside the npm package, nothing is
 * fetched at run time) for sentences, tokens and part of speech, turned into offsets into the text.
 * Line breaks always end a sentence (headlines and datelines have no full stop).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Analysis, Analyzer, Sentence, Token } from './types.ts';

let nlp: ReturnType<typeof winkNLP> | null = null;

export const winkAnalyzer: Analyzer = (text: string): Analysis => {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out() as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const winkSentences = doc.sentences().out(its.span) as unknown as [number, number][];
  const sentenceOf = new Int32Array(values.length);
  winkSentences.forEach(([a, b], s) => sentenceOf.fill(s, a, b + 1));
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let cursor = 0;
  let lastSentence = -1;
  let newline = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const pos = tags[i] ?? 'X';
    if (pos === 'SPACE' || value.trim() === '') {
      if (value.includes('\n')) newline = true;
      continue;
    }
    const at = text.indexOf(value, cursor);
    if (at < 0 || at - cursor > 200) continue;
    const space = text.slice(cursor, at);
    if (space.includes('\n')) newline = true;
    cursor = at + value.length;
    if (newline || sentenceOf[i] !== lastSentence) {
      if (sentences.length) sentences[sentences.length - 1]!.last = tokens.length - 1;
      sentences.push({ first: tokens.length, last: tokens.length });
      lastSentence = sentenceOf[i]!;
      newline = false;
    }
    tokens.push({ start: at, end: cursor, text: value, lower: value.toLowerCase(), pos, sentence: sentences.length - 1, space });
  }
  if (sentences.length) sentences[sentences.length - 1]!.last = tokens.length - 1;
  return { tokens, sentences };
};
