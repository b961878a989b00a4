/**
 * A claim's wording as the same-claim finder compares it: words normalised (Unicode, case,
 * accents, quotes and dashes), contractions opened ("isn't" → is not), number words read as
 * numbers ("two hundred" → 200, "1,500" → 1500, "1.5 million" → 1500000), content words
 * lemmatised (an irregular-form table, then Porter's stemmer) with a few reporting and supply
 * verbs mapped to one lemma, negation counted ("not", "never", "denied" …), and capitalised names
 * marked as entities. Pure.
 */
import { stemmer } from 'stemmer';

/** What a claim's text comes to: content lemmas, the numbers it states and its polarity. */
export interface ClaimTerms {
  /** Content lemmas, each once, in order of first appearance (numbers excluded). */
  lemmas: string[];
  /** Lemmas that name something (capitalised in the text, not a common word), a subset of `lemmas`. */
  entities: string[];
  /** The numbers it states, normalised ("200", "1500000", "2.5"), each once. */
  numbers: string[];
  /** True when the claim is negated (an odd number of negations). */
  negated: boolean;
}

/** Function words that carry no claim; negators are not among them (they set the polarity). */
const STOPWORDS = new Set(
  (
    'a an the and or but if then than that this these those there here of in on at to for from by with as into onto about over under ' +
    'after before between through during up down out off again further once is am are was were be been being have has had having ' +
    "do does did doing will would shall should can could may might must it its it's he him his she her hers they them their theirs " +
    'we us our ours you your yours i me my mine who whom whose which what when where why how all any both each few more most other ' +
    'some such only own same so too very just one also s t d ll m o re ve y said says say saying according reportedly report reported ' +
    'reports claim claimed claims claiming told tells tell stated state states stating added adds'
  ).split(' '),
);

/** Words that negate what they are in; "denied sending" negates as "did not send" does. */
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'nowhere',
  'without',
  'cannot',
  'deny',
  'denies',
  'denied',
  'denying',
  'refute',
  'refutes',
  'refuted',
  'refuting',
  'rejects',
  'rejected',
  'dismissed',
  'dismisses',
  'false',
  'falsely',
  'untrue',
]);

/** Irregular forms Porter's stemmer cannot reduce, to their lemma. */
const IRREGULAR: Record<string, string> = {
  sent: 'send',
  went: 'go',
  gone: 'go',
  saw: 'see',
  seen: 'see',
  gave: 'give',
  given: 'give',
  took: 'take',
  taken: 'take',
  made: 'make',
  brought: 'bring',
  bought: 'buy',
  sold: 'sell',
  built: 'build',
  held: 'hold',
  kept: 'keep',
  left: 'leave',
  lost: 'lose',
  met: 'meet',
  paid: 'pay',
  ran: 'run',
  shot: 'shoot',
  spent: 'spend',
  struck: 'strike',
  stole: 'steal',
  stolen: 'steal',
  thought: 'think',
  won: 'win',
  wrote: 'write',
  written: 'write',
  began: 'begin',
  begun: 'begin',
  fell: 'fall',
  fallen: 'fall',
  rose: 'rise',
  risen: 'rise',
  grew: 'grow',
  grown: 'grow',
  knew: 'know',
  known: 'know',
  flew: 'fly',
  flown: 'fly',
  drove: 'drive',
  driven: 'drive',
  fought: 'fight',
  caught: 'catch',
  sought: 'seek',
  led: 'lead',
  fled: 'flee',
  hid: 'hide',
  hidden: 'hide',
  killed: 'kill',
  men: 'man',
  women: 'woman',
  children: 'child',
  people: 'person',
  mice: 'mouse',
  feet: 'foot',
  teeth: 'tooth',
  weapons: 'weapon',
  arms: 'weapon',
  armaments: 'weapon',
};

/** A country's adjective to its name: "Greek unemployment" is unemployment in Greece. */
const DEMONYMS: Record<string, string> = {
  american: 'america',
  russian: 'russia',
  syrian: 'syria',
  chinese: 'china',
  iranian: 'iran',
  iraqi: 'iraq',
  turkish: 'turkey',
  french: 'france',
  german: 'germany',
  british: 'britain',
  israeli: 'israel',
  saudi: 'saudi',
  egyptian: 'egypt',
  indian: 'india',
  pakistani: 'pakistan',
  japanese: 'japan',
  brazilian: 'brazil',
  mexican: 'mexico',
  canadian: 'canada',
  australian: 'australia',
  italian: 'italy',
  spanish: 'spain',
  polish: 'poland',
  ukrainian: 'ukraine',
  greek: 'greece',
  swedish: 'sweden',
  norwegian: 'norway',
  libyan: 'libya',
  yemeni: 'yemen',
  lebanese: 'lebanon',
  afghan: 'afghanistan',
  korean: 'korea',
  european: 'europe',
  african: 'africa',
  palestinian: 'palestine',
  venezuelan: 'venezuela',
  cuban: 'cuba',
  nigerian: 'nigeria',
};

/**
 * Verbs and nouns news wording swaps for one another, to one lemma (after stemming): "ship",
 * "deliver" and "supply" weapons all say "send"; "murder" and "kill" the same act.
 */
const SYNONYMS: Record<string, string> = {
  ship: 'send',
  deliv: 'send',
  deliveri: 'send',
  suppli: 'send',
  provid: 'send',
  transfer: 'send',
  dispatch: 'send',
  murder: 'kill',
  slai: 'kill',
  slain: 'kill',
  slay: 'kill',
  purchas: 'buy',
  acquir: 'buy',
  help: 'aid',
  assist: 'aid',
  assistanc: 'aid',
  countri: 'nation',
  increas: 'rise',
  grow: 'rise',
  decreas: 'fall',
  declin: 'fall',
  drop: 'fall',
  strike: 'attack',
  launch: 'start',
  begin: 'start',
  commenc: 'start',
  forbid: 'ban',
  prohibit: 'ban',
};

const UNITS = new Map<string, number>(
  Object.entries({
    zero: 0,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    dozen: 12,
  }),
);
const SCALES = new Map<string, number>(
  Object.entries({ hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, percent: 1 }),
);

/** Unicode-normalised, accents dropped, quotes, apostrophes and dashes made plain. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u00A0/g, ' ');
}

/** Opens contractions: "isn't" → "is not", "won't" → "will not", "can't" → "can not", "it's" → "it". */
function openContraction(word: string): string[] {
  const lower = word.toLowerCase();
  if (lower === "won't") return ['will', 'not'];
  if (lower === "can't") return ['can', 'not'];
  if (lower === "shan't") return ['shall', 'not'];
  if (lower.endsWith("n't")) return [word.slice(0, -3), 'not'];
  const m = /^(.+?)'(s|re|ve|ll|d|m)$/i.exec(word);
  return m ? [m[1]!] : [word];
}

/** A table's own entry ("constructor" is no word of ours). */
const own = (table: Record<string, string>, key: string): string | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** A word's lemma: the irregular table or Porter's stemmer (of the country for its adjective), then the synonym table. */
export function lemmaOf(lower: string): string {
  const country = own(DEMONYMS, lower.endsWith('s') ? lower.slice(0, -1) : lower);
  const stem = own(IRREGULAR, lower) ?? stemmer(country ?? lower);
  return own(SYNONYMS, stem) ?? stem;
}

const WORD = /[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*%?/gu;

const ATTRIBUTION_VERB = String.raw`(?:said|says|say|reported|reports|report|told(?:\s+[\p{L}.]+){0,3}|claimed|claims|believes?|added|adds|stated|states|announced|announces|confirmed|confirms|wrote|writes)`;
const LEAD = new RegExp(String.raw`^\s*(?:[\p{L}\p{N}.'-]+\s+){1,5}?${ATTRIBUTION_VERB}\s+(?:that\s+)?(?!(?:it|he|she|they|we|i)\b)`, 'iu');
const TRAIL = new RegExp(String.raw`,\s*(?:[\p{L}\p{N}.'-]+\s+){1,5}?${ATTRIBUTION_VERB}\b[^,;]*$`, 'iu');
const MAY_ATTRIBUTE = new RegExp(String.raw`\b(?:${ATTRIBUTION_VERB}|according|reported|quoting)\b`, 'iu');
const ACCORDING = /,?\s*\b(?:according to|as reported by|reports|quoting)\s+(?:[\p{L}\p{N}.'-]+\s*){1,4}(?=[,.;!?"]|$)/giu;

/**
 * The claim without who says it: "…, officials said", "according to Reuters", "Moscow says …"
 * (unless what follows is "it", "they" …, whose claim the speaker's name is part of).
 */
export function withoutAttribution(text: string): string {
  if (!MAY_ATTRIBUTE.test(text)) return text;
  const rest = text.replace(ACCORDING, '').replace(TRAIL, '');
  const lead = LEAD.exec(rest);
  return lead && rest.slice(lead[0].length).split(/\s+/).length >= 3 ? rest.slice(lead[0].length) : rest;
}

/** What one written word is to the reader below; kept per spelling, as a corpus repeats its words. */
interface WordInfo {
  lower: string;
  /** Its value when written in digits ("1,500" → 1500), else NaN. */
  digits: number;
  unit: number | undefined;
  scale: number | undefined;
  negator: boolean;
  /** A stopword, or too short to mean anything. */
  empty: boolean;
  lemma: string;
  capitalised: boolean;
  acronym: boolean;
}

const wordCache = new Map<string, WordInfo>();

function wordInfo(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info) return info;
  const lower = word.toLowerCase().replace(/'/g, '');
  let digits = NaN;
  if (/^\d+(?:[.,]\d+)*%?$/.test(lower)) {
    const d = lower.replace(/%$/, '');
    // "1,500" is fifteen hundred; "2.5" two and a half; "1.500.000" as written in Europe is read as 1500000.
    digits = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(d)
      ? Number(d.replace(/,/g, ''))
      : /^\d{1,3}(\.\d{3}){2,}$/.test(d)
        ? Number(d.replace(/\./g, ''))
        : Number(d.replace(',', '.'));
  }
  const empty = STOPWORDS.has(lower) || lower.length < 2;
  info = {
    lower,
    digits,
    unit: UNITS.get(lower),
    scale: SCALES.get(lower),
    negator: NEGATORS.has(lower),
    empty,
    lemma: empty ? '' : lemmaOf(lower),
    capitalised: /^\p{Lu}/u.test(word),
    acronym: word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word),
  };
  if (wordCache.size > 200_000) wordCache.clear();
  wordCache.set(word, info);
  return info;
}

/** The claim's terms (see {@link ClaimTerms}). */
export function claimTerms(text: string): ClaimTerms {
  const normal = withoutAttribution(normalizeText(text));
  const lemmas: string[] = [];
  const entities: string[] = [];
  const numbers: string[] = [];
  const seen = new Set<string>();
  const seenEntity = new Set<string>();
  const seenNumber = new Set<string>();
  let negations = 0;
  // A number being read: digits or number words, possibly scaled ("1.5 million", "two hundred").
  let pending: { value: number; current: number } | null = null;
  const flushNumber = () => {
    if (!pending) return;
    const value = pending.value + pending.current;
    pending = null;
    const key = String(Math.round(value * 1000) / 1000);
    if (!seenNumber.has(key)) {
      seenNumber.add(key);
      numbers.push(key);
    }
  };
  let sentenceStart = true;
  for (const match of normal.matchAll(WORD)) {
    let back = match.index - 1;
    while (back >= 0 && normal[back] === ' ') back--;
    if (back < 0 || '.!?:"'.includes(normal[back]!)) sentenceStart = true;
    for (const word of match[0].includes("'") ? openContraction(match[0]) : [match[0]]) {
      const isFirst = sentenceStart;
      sentenceStart = false;
      const info = wordInfo(word);
      const lower = info.lower;
      if (Number.isFinite(info.digits)) {
        flushNumber();
        pending = { value: 0, current: info.digits };
        continue;
      }
      const unit = info.unit;
      if (unit !== undefined) {
        // "twenty five", "two hundred and five", "two thousand five" add up; "five six" are two numbers.
        const p: { value: number; current: number } | null = pending;
        const adds =
          p !== null &&
          unit < 100 &&
          ((p.current === 0 && p.value > 0) ||
            (p.current > 0 && p.current % 100 === 0) ||
            (unit < 10 && p.current % 100 >= 20 && p.current % 10 === 0));
        if (adds) p.current += unit;
        else {
          flushNumber();
          pending = { value: 0, current: unit };
        }
        continue;
      }
      const scale = info.scale;
      if (scale !== undefined && (pending || scale > 1)) {
        // "a million", "hundred" on its own: one of them.
        const p = pending ?? (pending = { value: 0, current: 1 });
        if (scale >= 1000) {
          p.value += (p.current || 1) * scale;
          p.current = 0;
        } else p.current = (p.current || 1) * scale;
        continue;
      }
      if (lower === 'and' && pending) continue;
      flushNumber();
      if (info.negator) {
        negations++;
        continue;
      }
      if (info.empty) continue;
      const lemma = info.lemma;
      if (!seen.has(lemma)) {
        seen.add(lemma);
        lemmas.push(lemma);
      }
      // A name: capitalised (or an acronym) where a sentence does not begin, or at its start when
      // written in capitals throughout ("NATO", "US").
      const { capitalised, acronym } = info;
      if ((capitalised && !isFirst) || acronym || (capitalised && isFirst && !COMMON_OPENERS.has(lower))) {
        if (!seenEntity.has(lemma)) {
          seenEntity.add(lemma);
          entities.push(lemma);
        }
      }
    }
  }
  flushNumber();
  return { lemmas, entities, numbers, negated: negations % 2 === 1 };
}

/** Capitalised only because they open a sentence: common openers of news claims. */
const COMMON_OPENERS = new Set(
  (
    'officials government police troops attack attacks forces thousands hundreds dozens millions president minister ' +
    'experts analysts critics residents witnesses authorities sources reports rebels protesters militants soldiers ' +
    'prices taxes sales exports imports unemployment inflation crime violence support opposition talks negotiations'
  ).split(' '),
);
