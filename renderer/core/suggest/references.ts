/**
 * What a speaker or source mention refers to. Rule `speaker-reference`: a pronoun ("he") or a
 * description ending in a role noun ("the foreign minister") refers to the nearest named mention
 * before it, or, for a description, to the name written right after the same words earlier in the
 * text ("Russia's foreign minister Sergei Lavrov"). A short name is completed from a longer form
 * of it in the text ("Lavrov" → "Sergei Lavrov").
 */
import { outletIn, type GazetteerIndex } from './gazetteer.ts';
import { HONORIFICS, ROLE_NOUNS, SPEAKER_PRONOUNS } from './lexicon.ts';
import type { Phrase, TokenView } from './phrases.ts';

export interface NamedMention {
  at: number;
  name: string;
}

/** How far (characters) around a mention its fuller name or antecedent is looked for. */
const REFERENCE_WINDOW = 5_000;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAME_WORD = "[A-Z][\\p{L}'’-]+";

/** The entity a mention refers to; named mentions are added to `named` (in reading order) for later references. */
export function resolveEntity(text: string, v: TokenView, p: Phrase, named: NamedMention[], gazetteer: GazetteerIndex): string | null {
  const toks = v.tokens.slice(p.first, p.last + 1);
  const at = toks[0]!.start;
  const before = () => {
    for (let i = named.length - 1; i >= 0; i--) if (named[i]!.at < at) return named[i]!.name;
    return null;
  };
  if (toks.length === 1 && SPEAKER_PRONOUNS.has(toks[0]!.lower)) return before();
  const outlet = outletIn(gazetteer, v.tokens, p.first, p.last);
  if (outlet) return outlet;
  const head = toks[toks.length - 1]!;
  const capitalised = toks.filter((t) => /^\p{Lu}/u.test(t.text) && t.pos === 'PROPN');
  if (
    ROLE_NOUNS.has(head.lower) &&
    (capitalised.length === 0 || toks[0]!.pos === 'DET') &&
    (toks[0]!.pos === 'DET' || toks[0]!.lower === 'our')
  ) {
    // The description's words in either case at their first letter, then capitalised name words.
    const words = toks
      .filter((t) => t.pos !== 'DET' && t.lower !== 'our')
      .map((t) => `[${escape(t.text[0]!.toLowerCase())}${escape(t.text[0]!.toUpperCase())}]${escape(t.text.slice(1))}`);
    const re = new RegExp(`${words.join('\\s+')}\\s+((?:${NAME_WORD} ?){1,3})`, 'gu');
    let found: string | null = null;
    // The nearest earlier mention within a window (a long text is not searched from its start each time).
    for (const m of text.slice(Math.max(0, at - REFERENCE_WINDOW), at).matchAll(re)) found = m[1]!.trim();
    return found ?? before();
  }
  // A name: the words after titles, roles and a genitive ("Pentagon spokesman Captain John Kirby" → John Kirby).
  let start = 0;
  toks.forEach((t, i) => {
    if (ROLE_NOUNS.has(t.lower) || HONORIFICS.has(t.lower) || t.lower === "'s" || t.lower === '’s' || t.lower === 's' || t.pos === 'DET')
      start = i + 1;
  });
  const nameToks = toks.slice(start).filter((t) => !HONORIFICS.has(t.lower) && t.lower !== 'captain');
  const nameStart = nameToks.length ? nameToks : toks.filter((t) => t.pos !== 'DET');
  let name = text.slice(nameStart[0]!.start, nameStart[nameStart.length - 1]!.end);
  if (nameStart.length === 1 && /^\p{Lu}/u.test(name)) {
    const m = new RegExp(`((?:${NAME_WORD} ){1,2})${escape(name)}\\b`, 'u').exec(
      text.slice(Math.max(0, at - REFERENCE_WINDOW), at + REFERENCE_WINDOW),
    );
    if (m && !m[1]!.split(/\s/).some((w) => ROLE_NOUNS.has(w.toLowerCase()))) name = `${m[1]}${name}`;
  }
  named.push({ at, name });
  return name;
}
