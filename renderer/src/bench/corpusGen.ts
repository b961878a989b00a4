/**
 * Generated news articles of about 3 KB for the corpus benchmark: deterministic (the same seed
 * gives the same corpus), with a vocabulary of a few thousand words drawn with a Zipf-like skew so
 * the search index sees realistic term frequencies, and source/date/category metadata.
 */
export interface GeneratedArticle {
  title: string;
  text: string;
  metadata: { source: string; date: string; category: string };
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'sen',
  'tal',
  'vo',
  'dre',
  'lun',
  'pa',
  'gor',
  'ste',
  'fi',
  'nu',
  'bar',
  'el',
  'qui',
  'zan',
  'tor',
  'me',
  'ly',
];
const COMMON = (
  'the of and to in a that for on is was said with he it as at by from his an have has but are not they were ' +
  'government minister president officials country people year would which will been after also more new their ' +
  'its who could about than other over into some when up two market company report state police court'
).split(' ');
const SOURCES = ['BBC', 'Reuters', 'AP', 'AFP', 'Guardian', 'Al Jazeera', 'Interfax', 'GlobalPost', 'DW', 'NPR'];
const CATEGORIES = ['politics', 'business', 'tech', 'sport', 'entertainment', 'health', 'science', 'world'];

/** A vocabulary of `size` made-up words; index 0 is the most frequent. */
function vocabulary(size: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(next() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

export function createGenerator(seed = 0xc0de) {
  const next = prng(seed);
  const vocab = vocabulary(8000, next);
  // Zipf-ish: index = floor(size ^ u) - 1 favours the first words.
  const rare = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.pow(vocab.length, next())) - 1)]!;
  const word = () => (next() < 0.45 ? COMMON[Math.floor(next() * COMMON.length)]! : rare());
  const sentence = () => {
    const n = 8 + Math.floor(next() * 14);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(word());
    const s = w.join(' ');
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  let count = 0;
  return function article(): GeneratedArticle {
    count++;
    const title =
      sentence()
        .slice(0, -1)
        .split(' ')
        .slice(0, 6 + Math.floor(next() * 5))
        .join(' ') + ` (${count})`;
    const paragraphs: string[] = [];
    let length = 0;
    while (length < 2900) {
      const p: string[] = [];
      for (let i = 0, n = 3 + Math.floor(next() * 3); i < n; i++) p.push(sentence());
      const para = p.join(' ');
      paragraphs.push(para);
      length += para.length + 2;
    }
    const year = 2000 + Math.floor(next() * 25);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    return {
      title,
      text: paragraphs.join('\n\n'),
      metadata: {
        source: SOURCES[Math.floor(next() * SOURCES.length)]!,
        date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        category: CATEGORIES[Math.floor(next() * CATEGORIES.length)]!,
      },
    };
  };
}
