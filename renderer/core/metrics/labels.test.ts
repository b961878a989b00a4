import { describe, expect, it } from 'vitest';
import { cohensKappa } from './cohen.ts';
import { fleissKappa } from './fleiss.ts';
import { krippendorffAlphaNominal } from './krippendorff.ts';
import { confusionMatrix, labelUnitsByToken, tokenCategoryCounts, tokenize, tokenUnits } from './labels.ts';
import type { SpanItem } from './spans.ts';

const slices = (text: string) => tokenize(text).map((t) => text.slice(t.start, t.end));

describe('tokenize', () => {
  it('cuts word runs and single punctuation marks, skipping white space', () => {
    expect(slices("Lavrov's 2,000-word reply.")).toEqual(['Lavrov', "'", 's', '2', ',', '000', '-', 'word', 'reply', '.']);
  });

  it('keeps combining marks inside words and an emoji whole', () => {
    const text = 'Cafe\u0301 🇷🇺 ok';
    expect(slices(text)).toEqual(['Cafe\u0301', '🇷', '🇺', 'ok']);
    expect(tokenize('')).toEqual([]);
  });

  it('keeps a lone surrogate as one token and covers every non-space character exactly once', () => {
    expect(slices('a\ud800b')).toEqual(['a', '\ud800', 'b']);
    const text = ' \tSyria’s “arms” — 3.5 bn\u00a0$, 🇷🇺!\n';
    const tokens = tokenize(text);
    for (let t = 1; t < tokens.length; t++) expect(tokens[t]!.start).toBeGreaterThanOrEqual(tokens[t - 1]!.end);
    const covered = tokens.map((t) => text.slice(t.start, t.end)).join('');
    expect(covered).toBe(text.replace(/\s/gu, ''));
  });
});

describe('labelUnitsByToken', () => {
  const text = 'Lavrov said the United States was supplying arms.';
  // Token indexes: 0 Lavrov, 1 said, 2 the, 3 United, 4 States, 5 was, 6 supplying, 7 arms, 8 .
  const ana: SpanItem[] = [
    { start: 0, end: 6, label: 'Speaker' },
    { start: 12, end: 48, label: 'Claim' },
  ];
  const ben: SpanItem[] = [
    { start: 0, end: 6, label: 'Speaker' },
    { start: 16, end: 49, label: 'Claim' },
    { start: 7, end: 11, label: 'Cue' },
  ];

  it('gives each token the covering label, O outside, and joined labels when several cover it', () => {
    const l = labelUnitsByToken(text, { ana, ben });
    expect(l.layers).toEqual(['ana', 'ben']);
    expect(l.values[0]).toEqual(['Speaker', 'O', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim', 'O']);
    expect(l.values[1]).toEqual(['Speaker', 'Cue', 'O', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim']);
    const nested = labelUnitsByToken(text, {
      x: [
        { start: 0, end: 49, label: 'Claim' },
        { start: 7, end: 11, label: 'Cue' },
      ],
    });
    expect(nested.values[0]![1]).toBe('Claim+Cue');
  });

  it('gives a binary view for one label', () => {
    const l = labelUnitsByToken(text, { ana, ben }, { label: 'Claim' });
    expect(l.values[1]).toEqual(['O', 'O', 'O', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim', 'Claim']);
  });

  it('feeds Cohen, Fleiss and Krippendorff with consistent units (values worked by hand)', () => {
    // ana: Speaker O Claim Claim Claim Claim Claim Claim O
    // ben: Speaker Cue O Claim Claim Claim Claim Claim Claim
    const l = labelUnitsByToken(text, { ana, ben });
    // Cohen: p_o = 6/9; p_e = (1·1 + 2·1 + 6·6)/81 = 39/81; κ = (54 − 39)/(81 − 39) = 15/42.
    const kappa = cohensKappa(l.values[0]!, l.values[1]!);
    expect(kappa.n).toBe(9);
    expect(kappa.observed).toBeCloseTo(6 / 9, 12);
    expect(kappa.kappa).toBeCloseTo(15 / 42, 12);
    // Value totals over both layers: Speaker 2, Claim 12, O 3, Cue 1 (n = 18, Σ n_c² = 158).
    // Fleiss with two raters is Scott's π: (6/9 − 158/324) / (1 − 158/324) = 58/166.
    const { categories, counts } = tokenCategoryCounts(l);
    expect(categories).toEqual(['Claim', 'Cue', 'Speaker', 'O']);
    expect(fleissKappa(counts).kappa).toBeCloseTo(58 / 166, 12);
    // Krippendorff: Σ_{c≠k} o_ck = 3 disagreeing tokens × 2 = 6; α = 1 − (n − 1)·6 / (n² − Σ n_c²) = 1 − 102/166.
    const alpha = krippendorffAlphaNominal(tokenUnits(l));
    expect(alpha.pairableValues).toBe(18);
    expect(alpha.alpha).toBeCloseTo(1 - 102 / 166, 12);
  });
});

describe('confusionMatrix', () => {
  it('counts label pairs, labels sorted with O last, skipping missing values', () => {
    const m = confusionMatrix(['Claim', 'O', 'Claim', 'Speaker', null], ['Claim', 'Claim', 'O', 'Speaker', 'O']);
    expect(m.labels).toEqual(['Claim', 'Speaker', 'O']);
    expect(m.matrix).toEqual([
      [1, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });
});
