import { describe, expect, it } from 'vitest';
import { claimTerms, normalizeText } from './text.ts';
import { claimsFingerprint, compareClaims, indexClaims, SameClaimCancelled, type SameClaimInput } from './corpus.ts';
import { rankSameClaims } from './rank.ts';
import { suggestGroups, type SuggestGroupsProgress } from './groups.ts';

const claim = (id: string, text: string, documentId = `doc-${id}`): SameClaimInput => ({ id, documentId, text });

describe('claim wording', () => {
  it('normalises quotes, accents, case and contractions, and lemmatises', () => {
    expect(normalizeText('“Pétrole” isn’t')).toBe('"Petrole" isn\'t');
    const a = claimTerms('Russia is SENDING attack helicopters to Syria');
    const b = claimTerms('Attack helicopters were sent to Syria by Russia.');
    expect(new Set(a.lemmas)).toEqual(new Set(b.lemmas));
    expect(a.negated).toBe(false);
  });

  it('reads words that are also names of object properties as words', () => {
    expect(claimTerms('The constructor of the hasOwnProperty toString').lemmas).toEqual(['constructor', 'hasownproperti', 'tostr']);
  });

  it('reads negations: not, n’t, never, denied; two cancel out', () => {
    expect(claimTerms('Russia is not sending helicopters').negated).toBe(true);
    expect(claimTerms('Russia isn’t sending helicopters').negated).toBe(true);
    expect(claimTerms('Russia never sent helicopters').negated).toBe(true);
    expect(claimTerms('Moscow denied sending helicopters').negated).toBe(true);
    expect(claimTerms('It is not true that Russia did not send helicopters').negated).toBe(false);
  });

  it('reads numbers in digits and words', () => {
    expect(claimTerms('200 helicopters').numbers).toEqual(['200']);
    expect(claimTerms('two hundred helicopters').numbers).toEqual(['200']);
    expect(claimTerms('twenty five tanks and 1,500 troops').numbers).toEqual(['25', '1500']);
    expect(claimTerms('a $1.5 million deal').numbers).toEqual(['1500000']);
    expect(claimTerms('two thousand five').numbers).toEqual(['2005']);
  });

  it('marks names as entities, also at the start of a sentence', () => {
    const t = claimTerms('Russia supplied weapons to the Assad government');
    expect(t.entities).toContain(t.lemmas[0]);
    expect(t.entities).toContain('assad');
    expect(t.entities).not.toContain('weapon');
  });
});

describe('comparing two claims', () => {
  const base = 'Russia is sending attack helicopters to Syria';

  it('scores a paraphrase high', () => {
    expect(compareClaims(base, 'Attack helicopters are being shipped to Syria by Russia, officials said').score).toBeGreaterThan(0.8);
  });

  it('does not take a negation for the same claim', () => {
    const negated = compareClaims(base, 'Russia is not sending attack helicopters to Syria');
    expect(negated.negationDiffers).toBe(true);
    expect(negated.score).toBeLessThan(0.5);
    expect(compareClaims(base, 'Moscow denied that Russia is sending attack helicopters to Syria').score).toBeLessThan(0.5);
  });

  it('does not take another number for the same claim', () => {
    const a = compareClaims('Russia sent 200 helicopters to Syria', 'Russia sent 20 helicopters to Syria');
    expect(a.numbersDiffer).toBe(true);
    expect(a.score).toBeLessThan(0.5);
    const b = compareClaims('Russia sent 200 helicopters to Syria', 'Russia sent two hundred helicopters to Syria');
    expect(b.numbersDiffer).toBe(false);
    expect(b.score).toBeGreaterThan(0.9);
  });

  it('weighs names more than other words', () => {
    // Both pairs share all but one word; losing the name costs more than losing a common word.
    const otherName = compareClaims('Russia is sending helicopters to Syria', 'Russia is sending helicopters to Libya').score;
    const otherWord = compareClaims('Russia is sending helicopters to Syria', 'Russia is sending jets to Syria').score;
    expect(otherWord).toBeGreaterThan(otherName);
  });
});

describe('Find the same claim', () => {
  const claims = [
    claim('q', 'Russia is sending attack helicopters to Syria'),
    claim('para', 'Attack helicopters are being delivered to Syria by Russia'),
    claim('neg', 'Russia is not sending attack helicopters to Syria'),
    claim('partial', 'Russia is sending food aid to Syria'),
    claim('other', 'The European Union extended its sanctions on Iran'),
    claim('para2', 'Moscow says Russia has shipped attack helicopters to Syria'),
  ];
  const corpus = indexClaims(claims);

  it('ranks paraphrases first, the negation and a partial overlap below, unrelated claims not at all', () => {
    const ranked = rankSameClaims({ index: 0 }, corpus, 10);
    const ids = ranked.map((r) => r.id);
    expect(ids.slice(0, 2).sort()).toEqual(['para', 'para2']);
    expect(ids).not.toContain('q');
    expect(ids).not.toContain('other');
    expect(ids.indexOf('neg')).toBeGreaterThan(1);
    expect(ranked.find((r) => r.id === 'neg')?.negationDiffers).toBe(true);
  });

  it('takes any wording as the query, and returns at most k', () => {
    const ranked = rankSameClaims({ text: 'helicopters from Russia are being sent to Syria' }, corpus, 1);
    expect(ranked).toHaveLength(1);
    expect(['q', 'para', 'para2']).toContain(ranked[0]!.id);
    expect(rankSameClaims({ text: 'the of and' }, corpus, 5)).toEqual([]);
  });
});

describe('Suggest groups', () => {
  const claims = [
    claim('a1', 'Russia is sending attack helicopters to Syria'),
    claim('a2', 'Attack helicopters are being sent to Syria by Russia'),
    claim('a3', 'Russia has shipped attack helicopters to Syria, officials said'),
    claim('n1', 'Russia is not sending attack helicopters to Syria'),
    claim('n2', 'Russia never sent attack helicopters to Syria'),
    claim('b1', 'Iran will enrich uranium to 60 percent'),
    claim('b2', 'Iran says it will enrich uranium to 60 percent'),
    claim('b3', 'Iran will enrich uranium to 20 percent'),
    claim('c1', 'The Spanish government approved a new labour reform'),
    claim('d1', 'Unemployment in Greece rose to 27 percent last year'),
    claim('d2', 'Greek unemployment rose to 27 percent last year'),
  ];

  it('proposes the expected groups, negations and other numbers apart', () => {
    const groups = suggestGroups(claims);
    const sets = groups.map((g) => [...g.members].sort().join(' ')).sort();
    expect(sets).toEqual(['a1 a2 a3', 'b1 b2', 'd1 d2', 'n1 n2']);
    const a = groups.find((g) => g.members.includes('a1'))!;
    expect(a.members[0]).toBe(a.indices.map((i) => claims[i]!.id)[0]);
    expect(claims.map((c) => c.text)).toContain(a.canonical);
    expect(a.score).toBeGreaterThan(0.5);
  });

  it('does not chain a group through a claim that is like two different ones', () => {
    const chain = [
      claim('x1', 'Russia sent helicopters to Syria'),
      claim('x2', 'Russia has sent helicopters to Syria'),
      claim('x3', 'Russia sent helicopters to Syria and Iran sold tanks to Iraq'),
      claim('x4', 'Iran sold tanks to Iraq'),
      claim('x5', 'Iran has sold tanks to Iraq'),
    ];
    // x3 is like both ends (it would join either at this threshold); the ends are nothing alike.
    const sets = suggestGroups(chain, { threshold: 0.45 }).map((g) => [...g.members].sort());
    expect(sets.some((s) => s.includes('x1') && s.includes('x5'))).toBe(false);
    expect(sets).toHaveLength(2);
    expect(sets.some((s) => s.includes('x1') && s.includes('x2'))).toBe(true);
    expect(sets.some((s) => s.includes('x4') && s.includes('x5'))).toBe(true);
  });

  it('reports progress through every phase and stops when cancelled', () => {
    const phases = new Set<string>();
    suggestGroups(claims, {}, (p: SuggestGroupsProgress) => phases.add(p.phase));
    expect([...phases]).toEqual(['reading', 'signatures', 'pairs', 'grouping']);
    const signal = { aborted: false };
    expect(() =>
      suggestGroups(
        claims,
        {},
        (p) => {
          if (p.phase === 'signatures') signal.aborted = true;
        },
        signal,
      ),
    ).toThrow(SameClaimCancelled);
  });
});

describe('the claims fingerprint', () => {
  const claims = [
    { id: 'a', documentId: 'd1', text: 'Russia is sending helicopters' },
    { id: 'b', documentId: 'd2', text: 'Iran is sending drones' },
  ];
  it('is the same for the same claims and changes with any id, document, wording or order', () => {
    expect(claimsFingerprint(claims.map((c) => ({ ...c })))).toBe(claimsFingerprint(claims));
    const variants = [
      [claims[0]!, { ...claims[1]!, text: 'Iran is sending drone' }],
      [claims[0]!, { ...claims[1]!, id: 'c' }],
      [claims[0]!, { ...claims[1]!, documentId: 'd3' }],
      [claims[1]!, claims[0]!],
      [claims[0]!],
      [{ ...claims[0]!, id: 'ad1', documentId: '' }, claims[1]!],
    ];
    const prints = new Set([claimsFingerprint(claims), ...variants.map((v) => claimsFingerprint(v))]);
    expect(prints.size).toBe(variants.length + 1);
  });
});
