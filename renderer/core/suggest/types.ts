/**
 * The attribution engine's vocabulary: tokens from the analyser, and the suggestions it returns.
 * Offsets are UTF-16 code units into the document's text, as everywhere in the app.
 */

/** One word or punctuation mark, as the analyser (part-of-speech tagger) sees it. */
export interface Token {
  start: number;
  end: number;
  text: string;
  /** `text` in lower case. */
  lower: string;
  /** Universal POS tag (`NOUN`, `PROPN`, `VERB`, `PUNCT` …). */
  pos: string;
  /** Index of the sentence holding the token. */
  sentence: number;
  /** Whitespace before the token (empty when it touches the previous token). */
  space: string;
}

/** A sentence: tokens `first..last` (inclusive); never crosses a line break. */
export interface Sentence {
  first: number;
  last: number;
}

export interface Analysis {
  tokens: Token[];
  sentences: Sentence[];
}

/** Splits a text into sentences and tagged tokens (the NLP library behind an interface). */
export type Analyzer = (text: string) => Analysis;

export type SuggestionLabel = 'Claim' | 'Speaker' | 'Cue' | 'Source';
export type SuggestionRelation = 'said by' | 'cue' | 'reported by';

/** One proposed annotation, with the name of the rule that proposed it. */
export interface SuggestedSpan {
  /** Unique within one result: `Label:start-end`. */
  key: string;
  label: SuggestionLabel;
  start: number;
  end: number;
  rule: string;
  /** For a speaker or source: the name of what it refers to (a pronoun resolved to the nearest named mention). */
  entity?: string;
}

export interface SuggestedLink {
  type: SuggestionRelation;
  from: string;
  to: string;
  rule: string;
}

export interface Suggestions {
  spans: SuggestedSpan[];
  links: SuggestedLink[];
}
