// The benchmarks' one generator of documents, seeded and deterministic (the same seed always
// yields the same text and spans), used in Node (editor, export, reliability) and, bundled into
// the `?bench=1` build, in the page (corpus, import profile, start):
// - `generateDocument`: one news-like English article for the editor suite, in paragraphs of
//   60–120 words, with claim/speaker/source spans of 10–60 characters snapped to word
//   boundaries, so every renderer in a run (and every run against the baseline) opens
//   byte-identical input;
// - `createArticleGenerator`: a corpus of ~3 KB articles with a Zipf-like made-up vocabulary (so
//   a search index sees realistic term frequencies) and source/date/category metadata.

export const LABELS = ['Claim', 'Speaker', 'Source'];

/** Document sizes of issue #7: target length in characters, number of annotations, overlap share. */
export const SIZES = {
  S: { chars: 6_000, annotations: 50, overlap: 0, seed: 0x5eed0001 },
  M: { chars: 100_000, annotations: 1_000, overlap: 0, seed: 0x5eed0002 },
  'M-overlap': { chars: 100_000, annotations: 1_000, overlap: 0.2, seed: 0x5eed0002 },
  L: { chars: 600_000, annotations: 10_000, overlap: 0, seed: 0x5eed0003 },
};

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = [
  'Sergei Lavrov',
  'Hillary Clinton',
  'Angela Merkel',
  'Ban Ki-moon',
  'Recep Tayyip Erdogan',
  'Maria Zakharova',
  'John Kerry',
  'Kofi Annan',
  'Catherine Ashton',
  'Nabil Elaraby',
  'Ahmet Davutoglu',
  'William Hague',
  'Laurent Fabius',
  'Susan Rice',
  'Vitaly Churkin',
];
const ROLES = [
  'the foreign minister',
  'a senior official',
  'the spokeswoman',
  'the ambassador',
  'an opposition leader',
  'the defence secretary',
  'a United Nations envoy',
  'the prime minister',
  'a military analyst',
  'the head of the monitoring group',
];
const PLACES = [
  'Moscow',
  'Damascus',
  'Washington',
  'Ankara',
  'Brussels',
  'Geneva',
  'Tehran',
  'Beirut',
  'Aleppo',
  'Homs',
  'New York',
  'Cairo',
  'Amman',
  'Baghdad',
  'Istanbul',
];
const OUTLETS = [
  'Reuters',
  'the Associated Press',
  'Agence France-Presse',
  'state television',
  'GlobalPost',
  'the BBC',
  'Interfax',
  'Al Jazeera',
  'the Guardian',
  'a government newspaper',
];
const VERBS = ['said', 'claimed', 'warned', 'insisted', 'told reporters', 'argued', 'denied', 'stressed', 'announced', 'suggested'];
const SUBJECTS = [
  'the shipments',
  'the ceasefire',
  'the arms contracts',
  'the sanctions',
  'the peace plan',
  'the talks',
  'the helicopters',
  'the observers',
  'the rebels',
  'the government forces',
  'international law',
  'the resolution',
  'the humanitarian corridor',
  'the border crossings',
];
const PREDICATES = [
  'were unrelated to the violence inside the country',
  'had been agreed long before the uprising began',
  'would not change the balance of forces on the ground',
  'violated the commitments made at the last summit',
  'could be used against civilians in the coming weeks',
  'remained the only realistic way to stop the fighting',
  'were being delivered through a third country',
  'had failed to reach the areas most in need',
  'would be discussed again at the Security Council',
  'were patently untrue according to officials in the region',
  'had been repaired and returned under an old agreement',
  'were worth several hundred million dollars a year',
];
const CONNECTORS = [
  'On Tuesday,',
  'On Wednesday,',
  'Later that day,',
  'Earlier this month,',
  'Meanwhile,',
  'In a statement,',
  'Speaking through an interpreter,',
  'At a news conference,',
  'According to diplomats,',
  'In response,',
];
const TAILS = [
  'according to {outlet}',
  '{outlet} reported',
  'in comments carried by {outlet}',
  'during a visit to {place}',
  'in an interview with {outlet}',
  'after talks in {place}',
];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function sentence(rand) {
  const who = rand() < 0.6 ? pick(rand, PEOPLE) : pick(rand, ROLES);
  const tail = pick(rand, TAILS).replace('{outlet}', pick(rand, OUTLETS)).replace('{place}', pick(rand, PLACES));
  const shape = rand();
  let s;
  if (shape < 0.3) {
    s = `“${capital(pick(rand, SUBJECTS))} ${pick(rand, PREDICATES)},” ${who} ${pick(rand, VERBS)}, ${tail}.`;
  } else if (shape < 0.6) {
    s = `${pick(rand, CONNECTORS)} ${who} ${pick(rand, VERBS)} that ${pick(rand, SUBJECTS)} ${pick(rand, PREDICATES)}.`;
  } else if (shape < 0.8) {
    s = `${capital(who)} ${pick(rand, VERBS)} in ${pick(rand, PLACES)} that ${pick(rand, SUBJECTS)} ${pick(rand, PREDICATES)}, ${tail}.`;
  } else {
    s = `${capital(pick(rand, SUBJECTS))} ${pick(rand, PREDICATES)}, ${tail}.`;
  }
  return s;
}

function capital(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function paragraph(rand) {
  const target = 60 + Math.floor(rand() * 61);
  const sentences = [];
  let words = 0;
  while (words < target) {
    const s = sentence(rand);
    sentences.push(s);
    words += s.split(' ').length;
  }
  return sentences.join(' ');
}

/** Paragraphs (to be joined by a blank line) whose total length is as close to `chars` as whole paragraphs allow. */
export function generateText(chars, rand) {
  const paragraphs = [];
  let length = -2;
  while (length < chars) {
    const p = paragraph(rand);
    const next = length + 2 + p.length;
    if (paragraphs.length && next - chars > chars - length) break;
    paragraphs.push(p);
    length = next;
  }
  return paragraphs;
}

/** Word tokens (maximal runs of non-space characters) of the whole text, in order. */
function words(text) {
  const out = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * Generates the document for a size key of SIZES.
 * Returns { title, text, paragraphs: [{start, end}], annotations: [{id, label, start, end}],
 *           add: {id, label, start, end} } where `add` is a free span near the top of the
 * document (in the first screenful) reserved for the "add one annotation" measurement.
 * Spans are whole words, 10–60 characters long, never cross a paragraph break, are spread
 * evenly over the text, and (outside the overlap variant) never overlap each other.
 */
export function generateDocument(sizeKey) {
  const size = SIZES[sizeKey];
  if (!size) throw new Error(`unknown document size "${sizeKey}" (known: ${Object.keys(SIZES).join(', ')})`);
  const rand = prng(size.seed);
  const paragraphTexts = generateText(size.chars, rand);
  const text = paragraphTexts.join('\n\n');
  const paragraphs = [];
  let offset = 0;
  for (const p of paragraphTexts) {
    paragraphs.push({ start: offset, end: offset + p.length });
    offset += p.length + 2;
  }
  const tokens = words(text);
  // Index of the paragraph each token belongs to (paragraph breaks are the only "\n\n").
  const para = new Int32Array(tokens.length);
  for (let t = 0, p = 0; t < tokens.length; t++) {
    while (paragraphs[p].end < tokens[t].end) p++;
    para[t] = p;
  }

  /** Token index range [t, u] forming a 10–60 character span from token t, or null. */
  const spanFrom = (t, want) => {
    let u = t;
    while (
      u + 1 < tokens.length &&
      para[u + 1] === para[t] &&
      (tokens[u].end - tokens[t].start < 10 || tokens[u + 1].end - tokens[t].start <= want)
    )
      u++;
    const length = tokens[u].end - tokens[t].start;
    return length >= 10 && length <= 60 ? u : null;
  };

  const spanRand = prng(size.seed ^ 0xa11ce);
  const total = size.annotations + 1; // one extra, reserved for the "add" measurement
  const stride = text.length / total;
  const reserved = 2;
  const every = size.overlap > 0 ? Math.round(1 / size.overlap) : 0;
  const annotations = [];
  let add = null;
  let t = 0; // first token still free
  for (let i = 0; i < total; i++) {
    const want = 10 + Math.floor(spanRand() * 51);
    const n = annotations.length;
    const prev = annotations[n - 1];
    if (every && i !== reserved && n % every === every - 1 && prev && !prev.overlapped) {
      // Overlap variant: start inside the predecessor (or at its start) and run past its end.
      const first = tokens.findIndex((w) => w.start >= prev.start);
      let s = first;
      while (s + 1 < tokens.length && tokens[s + 1].end < prev.end) s++;
      let u = s;
      while (u + 1 < tokens.length && tokens[u].end <= prev.end) u++;
      if (para[u] === para[first] && tokens[u].end > prev.end) {
        annotations.push({
          id: `${sizeKey}-${n}`,
          label: LABELS[n % LABELS.length],
          start: tokens[s].start,
          end: tokens[u].end,
          overlapped: true,
        });
        t = Math.max(t, u + 2);
        continue;
      }
    }
    // Aim at the evenly spaced target, never before the first free token.
    const target = Math.floor(i * stride + spanRand() * stride * 0.3);
    while (t < tokens.length && tokens[t].start < target) t++;
    let u = null;
    while (t < tokens.length && (u = spanFrom(t, want)) === null) t++;
    if (u === null) throw new Error(`text of ${sizeKey} too short for ${total} spans`);
    const span = { start: tokens[t].start, end: tokens[u].end };
    t = u + 2; // leave at least one free word between spans
    if (i === reserved) add = { id: `${sizeKey}-add`, label: LABELS[0], ...span };
    else annotations.push({ id: `${sizeKey}-${n}`, label: LABELS[n % LABELS.length], ...span });
  }
  for (const a of annotations) delete a.overlapped;
  return { title: `Generated news text ${sizeKey}`, text, paragraphs, annotations, add };
}

/** Share of annotations that overlap at least one other annotation. */
export function overlapShare(annotations) {
  const sorted = [...annotations].sort((a, b) => a.start - b.start);
  const hit = new Set();
  let maxEnd = -1;
  let maxIdx = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].start < maxEnd) {
      hit.add(i);
      hit.add(maxIdx);
    }
    if (sorted[i].end > maxEnd) {
      maxEnd = sorted[i].end;
      maxIdx = i;
    }
  }
  return hit.size / sorted.length;
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
function vocabulary(size, next) {
  const words = new Set();
  while (words.size < size) {
    const n = 2 + Math.floor(next() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/**
 * A generator of ~3 KB news-like articles `{ title, text, metadata: { source, date, category } }`,
 * each call the next article of the corpus `seed` names (titles are numbered from 1).
 */
export function createArticleGenerator(seed = 0xc0de) {
  const next = prng(seed);
  const vocab = vocabulary(8000, next);
  // Zipf-ish: index = floor(size ^ u) - 1 favours the first words.
  const rare = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.pow(vocab.length, next())) - 1)];
  const word = () => (next() < 0.45 ? COMMON[Math.floor(next() * COMMON.length)] : rare());
  const sentence = () => {
    const n = 8 + Math.floor(next() * 14);
    const w = [];
    for (let i = 0; i < n; i++) w.push(word());
    const s = w.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  let count = 0;
  return function article() {
    count++;
    const title =
      sentence()
        .slice(0, -1)
        .split(' ')
        .slice(0, 6 + Math.floor(next() * 5))
        .join(' ') + ` (${count})`;
    const paragraphs = [];
    let length = 0;
    while (length < 2900) {
      const p = [];
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
        source: SOURCES[Math.floor(next() * SOURCES.length)],
        date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        category: CATEGORIES[Math.floor(next() * CATEGORIES.length)],
      },
    };
  };
}
