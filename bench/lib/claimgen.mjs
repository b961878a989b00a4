// A generated corpus of news claims with known groups, for the groups bench suite: each group is
// one claim ("Russia is sending 200 attack helicopters to Syria") written several ways —
// tense and voice, a synonym of the verb, the number in words or digits, an attribution ("…,
// officials said"), a headline's capitals, curly quotes, a dropped modifier — and beside it the
// claims that look alike but are not the same: its negation ("Russia denied sending …"), the same
// claim with another number, the same actors with another object (a partial overlap), and
// distractors. Seeded: the same arguments give the same corpus.
import { prng } from './docgen.mjs';

const SUBJECTS = [
  'Russia',
  'China',
  'Iran',
  'Turkey',
  'France',
  'Germany',
  'Britain',
  'the United States',
  'Israel',
  'Saudi Arabia',
  'Egypt',
  'India',
  'Pakistan',
  'Japan',
  'Brazil',
  'Mexico',
  'Canada',
  'Australia',
  'Qatar',
  'Italy',
  'Spain',
  'Poland',
  'Ukraine',
  'Belarus',
  'Hezbollah',
  'NATO',
  'the European Union',
  'the United Nations',
  'Gazprom',
  'Rosneft',
  'Boeing',
  'Airbus',
  'Lockheed Martin',
  'Sweden',
  'Norway',
  'Greece',
  'Serbia',
  'Hungary',
  'Vietnam',
  'Indonesia',
  'Nigeria',
  'Kenya',
  'Ethiopia',
  'Algeria',
  'Morocco',
  'Venezuela',
  'Cuba',
  'Chile',
  'Argentina',
  'Colombia',
  'Peru',
  'South Korea',
  'North Korea',
  'Taiwan',
  'Thailand',
  'Malaysia',
  'the Philippines',
  'Kazakhstan',
  'Azerbaijan',
  'Armenia',
];
const DESTINATIONS = [
  'Syria',
  'Iraq',
  'Libya',
  'Yemen',
  'Sudan',
  'Lebanon',
  'Afghanistan',
  'Somalia',
  'Mali',
  'Niger',
  'Chad',
  'Jordan',
  'Bahrain',
  'Oman',
  'Kuwait',
  'Georgia',
  'Moldova',
  'Tajikistan',
  'Kyrgyzstan',
  'Myanmar',
  'Cambodia',
  'Laos',
  'Bolivia',
  'Ecuador',
  'Nicaragua',
  'Honduras',
  'Haiti',
  'Zimbabwe',
  'Zambia',
  'Angola',
  'Mozambique',
  'Uganda',
  'Rwanda',
  'Burundi',
  'Congo',
  'Gabon',
  'Cameroon',
  'Ghana',
  'Senegal',
  'Tunisia',
  'Eritrea',
  'Djibouti',
  'Sri Lanka',
  'Nepal',
  'Bangladesh',
  'Mongolia',
  'Turkmenistan',
  'Uzbekistan',
  'Albania',
  'Kosovo',
  'Montenegro',
  'Bosnia',
  'Cyprus',
  'Malta',
  'Iceland',
  'Panama',
  'Paraguay',
  'Uruguay',
  'Guatemala',
  'Belize',
];
// An object, the adjective that can be dropped from it, and whether it takes a number.
const OBJECTS = [
  ['helicopters', 'attack'],
  ['tanks', 'battle'],
  ['fighter jets', 'advanced'],
  ['missiles', 'anti-aircraft'],
  ['drones', 'armed'],
  ['rifles', 'assault'],
  ['troops', 'special'],
  ['warships', 'modern'],
  ['artillery pieces', 'heavy'],
  ['military advisers', 'senior'],
  ['armoured vehicles', 'light'],
  ['radar systems', 'mobile'],
  ['submarines', 'diesel'],
  ['rocket launchers', 'multiple'],
  ['air defence batteries', 'long-range'],
  ['grenades', 'hand'],
  ['mortars', 'portable'],
  ['ammunition crates', 'small-arms'],
  ['patrol boats', 'fast'],
  ['transport planes', 'cargo'],
  ['food parcels', 'emergency'],
  ['medical kits', 'field'],
  ['tents', 'winter'],
  ['water trucks', 'large'],
  ['doctors', 'volunteer'],
  ['engineers', 'civilian'],
  ['police officers', 'trained'],
  ['generators', 'diesel'],
  ['ambulances', 'armoured'],
  ['satellites', 'spy'],
  ['nuclear scientists', 'senior'],
  ['oil tankers', 'crude'],
  ['grain shipments', 'wheat'],
  ['vaccines', 'measles'],
  ['computers', 'military'],
  ['mercenaries', 'private'],
  ['observers', 'election'],
  ['journalists', 'foreign'],
  ['diplomats', 'senior'],
  ['inspectors', 'weapons'],
];
// A verb in its forms: [present participle, past, third person, base], and the ones the wording swaps it for.
const VERBS = [
  {
    forms: ['sending', 'sent', 'sends', 'send'],
    swaps: [
      ['shipping', 'shipped', 'ships', 'ship'],
      ['delivering', 'delivered', 'delivers', 'deliver'],
      ['supplying', 'supplied', 'supplies', 'supply'],
    ],
  },
  { forms: ['selling', 'sold', 'sells', 'sell'], swaps: [] },
  { forms: ['deploying', 'deployed', 'deploys', 'deploy'], swaps: [['stationing', 'stationed', 'stations', 'station']] },
  { forms: ['withdrawing', 'withdrew', 'withdraws', 'withdraw'], swaps: [['pulling out', 'pulled out', 'pulls out', 'pull out']] },
  { forms: ['buying', 'bought', 'buys', 'buy'], swaps: [['purchasing', 'purchased', 'purchases', 'purchase']] },
  { forms: ['promising', 'promised', 'promises', 'promise'], swaps: [['pledging', 'pledged', 'pledges', 'pledge']] },
];
const NUMBER_WORDS = {
  2: 'two',
  3: 'three',
  4: 'four',
  5: 'five',
  6: 'six',
  10: 'ten',
  12: 'twelve',
  20: 'twenty',
  30: 'thirty',
  40: 'forty',
  50: 'fifty',
  100: 'a hundred',
  200: 'two hundred',
  300: 'three hundred',
  500: 'five hundred',
  1000: 'a thousand',
};
const NUMBERS = Object.keys(NUMBER_WORDS).map(Number);
const SPEAKERS = [
  'officials said',
  'a spokesman said',
  'according to Reuters',
  'state media reported',
  'diplomats say',
  'sources told the BBC',
  'the ministry said',
  'analysts believe',
];
const NEGATIONS = [
  (s, v, rest) => `${s} is not ${v[0]} ${rest}`,
  (s, v, rest) => `${s} has never ${v[1]} ${rest}`,
  (s, v, rest) => `${cap(s)} denied ${v[0]} ${rest}`,
  (s, v, rest) => `${s} did not ${v[3]} ${rest}`,
  (s, v, rest) => `${s} isn't ${v[0]} ${rest}`,
];
const DISTRACTORS = [
  'Inflation in {d} rose sharply last quarter',
  'The central bank of {s} cut interest rates',
  '{s} will host the summit next spring',
  'Floods displaced thousands of families in {d}',
  'The prime minister of {s} resigned after the vote',
  'A new highway links {d} to the coast',
  'Teachers in {d} went on strike over pay',
  '{s} signed a trade agreement with {d}',
  'The election in {d} was postponed',
  'Tourism to {d} doubled in a decade',
  'Wildfires burned forests across {s}',
  'Scientists in {s} unveiled a fusion reactor design',
];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

function numberText(rand, n) {
  return rand() < 0.35 && NUMBER_WORDS[n] ? NUMBER_WORDS[n] : String(n);
}

/** One wording of a claim: subject, verb (forms), number, object [noun, adjective], destination. */
function wording(rand, c, { paraphrase }) {
  const verb = paraphrase && c.verb.swaps.length && rand() < 0.35 ? pick(rand, c.verb.swaps) : c.verb.forms;
  const adjective = paraphrase && rand() < 0.3 ? '' : `${c.object[1]} `;
  const amount = c.number ? `${numberText(rand, c.number)} ` : '';
  const thing = `${amount}${adjective}${c.object[0]}`;
  const to = c.verb.forms[0] === 'withdrawing' || c.verb.forms[0] === 'buying' ? 'from' : 'to';
  let text;
  if (c.negated) {
    text = pick(rand, NEGATIONS)(c.subject, verb, `${thing} ${to} ${c.destination}`);
  } else {
    const shape = paraphrase ? Math.floor(rand() * 5) : 0;
    if (shape === 0) text = `${c.subject} is ${verb[0]} ${thing} ${to} ${c.destination}`;
    else if (shape === 1) text = `${c.subject} has ${verb[1]} ${thing} ${to} ${c.destination}`;
    else if (shape === 2) text = `${c.subject} ${verb[2]} ${thing} ${to} ${c.destination}`;
    else if (shape === 3) text = `${cap(thing)} are being ${verb[1]} ${to} ${c.destination} by ${c.subject}`;
    else text = `${c.subject} will ${verb[3]} ${thing} ${to} ${c.destination}`;
  }
  text = cap(text);
  if (paraphrase) {
    const r = rand();
    if (r < 0.3) text = `${text}, ${pick(rand, SPEAKERS)}`;
    else if (r < 0.4) text = `“${text}”`;
    else if (r < 0.5) text = text.replace(/\b\w/g, (ch) => ch.toUpperCase());
    if (rand() < 0.5) text += '.';
  }
  return text;
}

/**
 * `size` claims in groups: returns `{ claims: [{ id, documentId, text }], group, family, kind }`, per
 * claim its group's number, the number of the base claim its group was made from, and how its
 * group differs from that base: 'same', 'negation', 'number', 'partial' or 'distractor'.
 * Per base claim: 2–6 paraphrases; with some chance its negation (1–3 wordings, a group of its
 * own), the same claim with another number (its own group), the same actors with another object
 * (its own group); a tenth of the claims are one-off distractors.
 */
export function generateClaimCorpus(size, seed = 0x6c41) {
  const rand = prng(seed);
  const claims = [];
  const group = [];
  const family = [];
  const kind = [];
  let groupId = 0;
  let familyId = 0;
  const used = new Set();
  const add = (text, g, how) => {
    claims.push({ id: `c${claims.length}`, documentId: `d${Math.floor(rand() * Math.max(1, size / 8))}`, text });
    group.push(g);
    family.push(familyId);
    kind.push(how);
  };
  const emit = (c, count, how) => {
    const g = groupId++;
    for (let k = 0; k < count && claims.length < size; k++) add(wording(rand, c, { paraphrase: k > 0 }), g, how);
  };
  while (claims.length < size) {
    if (rand() < 0.1) {
      const text = cap(pick(rand, DISTRACTORS).replace('{s}', pick(rand, SUBJECTS)).replace('{d}', pick(rand, DESTINATIONS)));
      if (used.has(text)) continue;
      used.add(text);
      add(text, groupId++, 'distractor');
      familyId++;
      continue;
    }
    const base = {
      subject: pick(rand, SUBJECTS),
      verb: pick(rand, VERBS),
      object: pick(rand, OBJECTS),
      destination: pick(rand, DESTINATIONS),
      number: rand() < 0.5 ? pick(rand, NUMBERS) : 0,
      negated: false,
    };
    const key = `${base.subject}|${base.verb.forms[3]}|${base.object[0]}|${base.destination}`;
    if (used.has(key)) continue;
    used.add(key);
    emit(base, 2 + Math.floor(rand() * 5), 'same');
    if (rand() < 0.3) emit({ ...base, negated: true }, 1 + Math.floor(rand() * 3), 'negation');
    if (base.number && rand() < 0.3) {
      let other = pick(rand, NUMBERS);
      while (other === base.number) other = pick(rand, NUMBERS);
      emit({ ...base, number: other }, 1 + Math.floor(rand() * 3), 'number');
    }
    if (rand() < 0.3) {
      let object = pick(rand, OBJECTS);
      while (object === base.object) object = pick(rand, OBJECTS);
      emit({ ...base, object }, 1 + Math.floor(rand() * 3), 'partial');
    }
    familyId++;
  }
  return { claims, group, family, kind };
}
