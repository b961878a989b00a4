// Tests of the bench's own logic (not of any renderer): `node --test bench/lib/`.
// Kept out of Vitest on purpose — the bench is not part of `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareFigures, formatChange, mergeBaseline } from './baseline.mjs';
import { LABELS, SIZES, createArticleGenerator, generateDocument, overlapShare, prng } from './docgen.mjs';
import { formatMs, formatSummary, markdownTable, summarize } from './stats.mjs';
import { generateClaimCorpus } from './claimgen.mjs';

test('prng is deterministic per seed and stays in [0, 1)', () => {
  const a = prng(42);
  const b = prng(42);
  const c = prng(43);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b()),
  );
  assert.notDeepEqual(
    xs.slice(0, 10),
    Array.from({ length: 10 }, () => c()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

for (const size of Object.keys(SIZES)) {
  test(`document ${size}: size, counts, word-snapped spans inside paragraphs`, () => {
    const spec = SIZES[size];
    const doc = generateDocument(size);
    assert.deepEqual(generateDocument(size), doc, 'same input every time');
    assert.ok(Math.abs(doc.text.length - spec.chars) <= spec.chars * 0.06, `${doc.text.length} chars for ≈${spec.chars}`);
    assert.equal(doc.annotations.length, spec.annotations);
    assert.equal(doc.text, doc.paragraphs.map((p) => doc.text.slice(p.start, p.end)).join('\n\n'));
    for (const p of doc.paragraphs) {
      const words = doc.text.slice(p.start, p.end).split(' ').length;
      assert.ok(words >= 60 && words <= 150, `paragraph of ${words} words`);
    }
    for (const a of [...doc.annotations, doc.add]) {
      const quote = doc.text.slice(a.start, a.end);
      assert.ok(quote.length >= 10 && quote.length <= 60, `span length ${quote.length}`);
      const before = doc.text[a.start - 1] ?? ' ';
      const after = doc.text[a.end] ?? ' ';
      assert.ok(/\s/.test(before) && /\s/.test(after) && /^\S/.test(quote) && /\S$/.test(quote), `"${quote}" not on word boundaries`);
      assert.ok(!quote.includes('\n'), 'span crosses a paragraph break');
      assert.ok(LABELS.includes(a.label));
    }
    assert.deepEqual(
      doc.annotations.slice(0, 3).map((a) => a.label),
      LABELS,
      'labels cycle',
    );
    assert.ok(
      doc.annotations.every((a) => a.end <= doc.add.start || a.start >= doc.add.end),
      'the add span is free',
    );
    assert.ok(doc.add.start < 2000, 'the add span is in the first screenful');
    const share = overlapShare(doc.annotations);
    if (spec.overlap) {
      // Every fifth annotation is moved onto its predecessor: a fifth overlap, and so do their partners.
      assert.ok(share >= 0.35 && share <= 0.41, `overlap share ${share}`);
    } else {
      assert.equal(share, 0);
    }
  });
}

test('the article generator gives the same numbered ~3 KB articles for a seed, with metadata, and others for another seed', () => {
  const take = (seed) => {
    const next = createArticleGenerator(seed);
    return Array.from({ length: 50 }, () => next());
  };
  const a = take(0xc0de);
  assert.deepEqual(take(0xc0de), a);
  assert.notDeepEqual(take(0x57a7)[0].text, a[0].text);
  a.forEach((article, i) => {
    assert.match(article.title, new RegExp(`\\(${i + 1}\\)$`));
    assert.ok(article.text.length >= 2900 && article.text.length < 4500, `article ${i + 1} is ${article.text.length} characters`);
    assert.match(article.text, /\n\n/);
    assert.match(article.metadata.date, /^20\d\d-\d\d-\d\d$/);
    assert.ok(article.metadata.source && article.metadata.category);
  });
});

test('M-overlap is M with a fifth of its spans moved onto another', () => {
  const m = generateDocument('M');
  const o = generateDocument('M-overlap');
  assert.equal(o.text, m.text);
  const moved = o.annotations.filter((a, i) => i > 0 && a.start < o.annotations[i - 1].end).length;
  assert.ok(moved >= 180 && moved <= 200, `${moved} overlapping their predecessor`);
});

test('summarize: median and range; timeouts count as slowest', () => {
  assert.deepEqual(summarize([30, 10, 20]), { median: 20, min: 10, max: 30, n: 3, timeouts: 0 });
  assert.deepEqual(summarize([10, 20]), { median: 15, min: 10, max: 20, n: 2, timeouts: 0 });
  assert.deepEqual(summarize([10, 20], 1), { median: 20, min: 10, max: null, n: 2, timeouts: 1 });
  assert.equal(summarize([10], 2).median, null, 'mostly timed out → the median is a timeout');
  assert.equal(summarize([null, null]), null);
  assert.equal(formatSummary(summarize([], 3), formatMs, 60_000), '> 60 s');
  assert.equal(formatSummary(summarize([5, 5, 5]), formatMs), '5.0 ms');
  assert.equal(formatSummary(summarize([10_600, 10_700], 1), formatMs, 60_000), '10.7 s (10.6 s–> 60 s)');
  assert.equal(formatSummary(summarize([1500, 900, 1200]), formatMs), '1.20 s (900 ms–1.50 s)');
});

test('compareFigures flags figures more than 20% worse, ignoring noise and improvements', () => {
  const base = [
    { key: 'a', label: 'a', value: 100, unit: 'ms' },
    { key: 'b', label: 'b', value: 100, unit: 'ms' },
    { key: 'c', label: 'c', value: 5, unit: 'ms' },
    { key: 'd', label: 'd', value: 100, unit: 'ms' },
    { key: 'e', label: 'e', value: null, timeout: true, unit: 'ms' },
    { key: 'f', label: 'f', value: 1000, unit: 'ms' },
    { key: 'h', label: 'h', value: 50, unit: 'ms' },
    { key: 'i', label: 'i', value: 10 * 1048576, unit: 'bytes' },
  ];
  const now = [
    { key: 'a', label: 'a', value: 125, unit: 'ms' },
    { key: 'b', label: 'b', value: 119, unit: 'ms' },
    { key: 'c', label: 'c', value: 6.5, unit: 'ms' },
    { key: 'd', label: 'd', value: 50, unit: 'ms' },
    { key: 'e', label: 'e', value: 70_000, unit: 'ms' },
    { key: 'f', label: 'f', value: null, timeout: true, unit: 'ms' },
    { key: 'g', label: 'g', value: 1, unit: 'ms' },
    { key: 'h', label: 'h', value: 70, unit: 'ms' },
    { key: 'i', label: 'i', value: 12.5 * 1048576, unit: 'bytes' },
  ];
  const byKey = Object.fromEntries(compareFigures(now, base).map((c) => [c.key, c]));
  assert.equal(byKey.a.status, 'WORSE');
  assert.equal(formatChange(byKey.a.change), '+25%');
  assert.equal(byKey.b.status, 'same');
  assert.equal(byKey.c.status, 'same', 'less than a frame is noise');
  assert.equal(byKey.h.status, 'WORSE', '+20 ms on 50 ms is more than a frame and more than 20%');
  assert.equal(byKey.i.status, 'WORSE');
  assert.equal(byKey.d.status, 'better');
  assert.equal(byKey.e.status, 'better', 'no longer timing out');
  assert.equal(byKey.f.status, 'WORSE', 'now timing out');
  assert.equal(byKey.g.status, 'new');
});

test('mergeBaseline replaces the suites that ran and keeps the others', () => {
  const old = {
    machine: { date: 'old' },
    suites: { editor: { v: 1 }, corpus: { v: 2 } },
    figures: [
      { key: 'editor/a', value: 1 },
      { key: 'corpus/b', value: 2 },
    ],
  };
  const run = { machine: { date: 'new' }, suites: { editor: { v: 3 } }, figures: [{ key: 'editor/a', value: 3 }] };
  const merged = mergeBaseline(old, run);
  assert.deepEqual(merged.suites, { corpus: { v: 2 }, editor: { v: 3 } });
  assert.deepEqual(merged.figures.map((f) => [f.key, f.value]).sort(), [
    ['corpus/b', 2],
    ['editor/a', 3],
  ]);
  assert.deepEqual(merged.machines, { corpus: { date: 'old' }, editor: { date: 'new' } });
  assert.equal(mergeBaseline(null, run), run);
});

test('the claim corpus is the same for a seed, sized as asked, its negations negated and its variants in groups of their own', () => {
  const a = generateClaimCorpus(2000);
  assert.deepEqual(generateClaimCorpus(2000), a);
  assert.equal(a.claims.length, 2000);
  assert.equal(new Set(a.claims.map((c) => c.id)).size, 2000);
  for (const kind of ['same', 'negation', 'number', 'partial', 'distractor']) assert.ok(a.kind.includes(kind), kind);
  a.claims.forEach((c, i) => {
    if (a.kind[i] === 'negation') assert.match(c.text, /\b(not|never|denied|isn't)\b/i);
    // A group's claims share their family and their kind.
    const first = a.group.indexOf(a.group[i]);
    assert.equal(a.family[first], a.family[i]);
    assert.equal(a.kind[first], a.kind[i]);
  });
  // A variant is never in its base claim's group.
  const base = new Map();
  a.kind.forEach((k, i) => k === 'same' && base.set(a.family[i], a.group[i]));
  a.kind.forEach((k, i) => k !== 'same' && k !== 'distractor' && assert.notEqual(a.group[i], base.get(a.family[i])));
});

test('markdownTable writes the header, the rule and one line per row, empty cells kept', () => {
  assert.deepEqual(
    markdownTable(
      ['size', 'ms'],
      [
        ['10k', 5],
        ['', 7],
      ],
    ),
    ['| size | ms |', '|---|---|', '| 10k | 5 |', '|  | 7 |'],
  );
});
