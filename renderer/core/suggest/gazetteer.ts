/**
 * The gazetteer of news agencies, outlets and broadcasters (seeds/news-gazetteer.json, shipped
 * with the app): which names are sources, and which words make a phrase a medium or a document.
 */
import seed from '../../../seeds/news-gazetteer.json';
import type { OutletDef } from '../model/types.ts';
import type { Token } from './types.ts';

export type GazetteerOutlet = OutletDef;

export interface Gazetteer {
  outlets: GazetteerOutlet[];
  /** Words that, following a name, belong to it ("RIA Novosti news agency"). */
  heads: string[];
  /** Nouns that make a phrase a medium ("the bbc news website", "a local newspaper"). */
  mediaWords: string[];
  /** Nouns that make a phrase a document or body of evidence ("studio estimates", "the report"). */
  documentWords: string[];
}

export const DEFAULT_GAZETTEER: Gazetteer = {
  outlets: seed.outlets,
  heads: seed.heads,
  mediaWords: seed.mediaWords,
  documentWords: seed.documentWords,
};

/** The shipped gazetteer with a project's own outlets (a schema's `outlets`) in place of its list, if given. */
export function gazetteerWith(outlets: readonly GazetteerOutlet[] | undefined): Gazetteer {
  return outlets ? { ...DEFAULT_GAZETTEER, outlets: [...outlets] } : DEFAULT_GAZETTEER;
}

/** A compiled gazetteer: names as lower-case word sequences, longest first. */
export interface GazetteerIndex {
  /** By first word: the names starting with it, each as its words and the outlet's canonical name. */
  byFirst: Map<string, { words: string[]; name: string }[]>;
  media: Set<string>;
  documents: Set<string>;
}

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);

export function compileGazetteer(g: Gazetteer): GazetteerIndex {
  const byFirst = new Map<string, { words: string[]; name: string }[]>();
  for (const o of g.outlets) {
    for (const form of [o.name, ...(o.aliases ?? [])]) {
      const w = words(form);
      if (w[0] === 'the' && w.length > 1) w.shift();
      const list = byFirst.get(w[0]!) ?? [];
      list.push({ words: w, name: o.name });
      byFirst.set(w[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return {
    byFirst,
    media: new Set(g.mediaWords.map((m) => m.toLowerCase())),
    documents: new Set(g.documentWords.map((d) => d.toLowerCase())),
  };
}

/** The word parts of a token ("state-run" → state, run), for matching hyphenated names. */
function tokenWords(tokens: readonly Token[], from: number, to: number): { word: string; token: number }[] {
  const out: { word: string; token: number }[] = [];
  for (let i = from; i <= to && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.pos === 'PUNCT' && t.text !== '-') continue;
    if (t.text === '-') continue;
    out.push({ word: t.lower, token: i });
  }
  return out;
}

/** The outlet named by tokens `from..to` (any of its names occurring there), or null. */
export function outletIn(index: GazetteerIndex, tokens: readonly Token[], from: number, to: number): string | null {
  const w = tokenWords(tokens, from, to);
  for (let i = 0; i < w.length; i++) {
    for (const cand of index.byFirst.get(w[i]!.word) ?? []) {
      if (cand.words.every((x, k) => w[i + k]?.word === x)) {
        // A one-word alias in lower-case text ("times", "ap") counts only right after "the" or as the whole phrase.
        if (cand.words.length === 1 && tokens[w[i]!.token]!.text === tokens[w[i]!.token]!.lower && cand.words[0]!.length <= 3) {
          if (w.length > 1) continue;
        }
        return cand.name;
      }
    }
  }
  return null;
}

/** Whether tokens `from..to` name a medium (an outlet or a phrase headed by a media word). */
export function isMedium(index: GazetteerIndex, tokens: readonly Token[], from: number, to: number): boolean {
  if (outletIn(index, tokens, from, to)) return true;
  return index.media.has(tokens[to]!.lower);
}

/** Whether tokens `from..to` name a document or body of evidence ("studio estimates"). */
export function isDocument(index: GazetteerIndex, tokens: readonly Token[], from: number, to: number): boolean {
  return index.documents.has(tokens[to]!.lower);
}
