import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDataset, datasetFromImported, rangesInside, sampleDataset } from './fixtures/roundtrip.ts';
import { lossNotes, parseSpacy, serializeSpacy } from './spacy.ts';

/** Two lines as a Python script using `doc.char_span` would write them (code point offsets). */
const FIXTURE = [
  '{"text": "👩‍👩‍👧 Parents in Homs told reporters the shelling 💥 had not stopped.", "spans": [{"start": 6, "end": 21, "label": "Speaker", "text": "Parents in Homs", "id": "s1"}, {"start": 22, "end": 26, "label": "Cue", "text": "told", "id": "c1"}, {"start": 37, "end": 67, "label": "Claim", "text": "the shelling 💥 had not stopped", "id": "k1"}], "relations": [{"head": "k1", "child": "s1", "label": "said by"}, {"head": 2, "child": 1, "label": "cue"}], "meta": {"title": "Homs shelling", "source": "GlobalPost"}}',
  '{"text": "No spans here.", "spans": [], "relations": [], "meta": {}}',
].join('\n');

describe('parseSpacy', () => {
  it('reads spans with code point offsets and relations by id or index', () => {
    const r = parseSpacy('train.jsonl', FIXTURE, { layer: 'spacy' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings).toEqual([]);
    const [doc, empty] = r.value;
    expect(doc!.annotations.map((a) => [a.key, a.label, doc!.text.slice(a.ranges[0]!.start, a.ranges[0]!.end), a.layer])).toEqual([
      ['s1', 'Speaker', 'Parents in Homs', 'spacy'],
      ['c1', 'Cue', 'told', 'spacy'],
      ['k1', 'Claim', 'the shelling 💥 had not stopped', 'spacy'],
    ]);
    // The ZWJ family is 5 code points but 8 UTF-16 code units.
    expect(doc!.annotations[0]!.ranges[0]!.start).toBe(9);
    expect(doc!.relations).toEqual([
      { from: 'k1', to: 's1', type: 'said by', layer: 'spacy' },
      { from: 'k1', to: 'c1', type: 'cue', layer: 'spacy' },
    ]);
    expect(doc!.title).toBe('Homs shelling');
    expect(doc!.metadata).toEqual({ source: 'GlobalPost' });
    expect(empty!.annotations).toEqual([]);
  });

  it('joins spans sharing an id into one discontinuous annotation', () => {
    const line = JSON.stringify({
      text: 'Officials 😀 deny it',
      spans: [
        { start: 0, end: 9, label: 'Claim', id: 'x' },
        { start: 12, end: 19, label: 'Claim', id: 'x' },
      ],
    });
    const r = parseSpacy('d.jsonl', line);
    if (!r.ok) throw new Error(r.error.message);
    const [a] = r.value[0]!.annotations;
    expect(a!.ranges.map((x) => r.value[0]!.text.slice(x.start, x.end))).toEqual(['Officials', 'deny it']);
  });

  it('names file and line of bad input, and warns about spans outside the text', () => {
    expect(parseSpacy('bad.jsonl', '{"text": "a"}\n[1,2]')).toMatchObject({ ok: false, error: { file: 'bad.jsonl', line: 2 } });
    const r = parseSpacy('w.jsonl', JSON.stringify({ text: 'a😀', spans: [{ start: 0, end: 3, label: 'X' }] }));
    expect(r.ok && r.value[0]!.annotations).toEqual([]);
    expect(r.ok && r.warnings[0]).toMatchObject({ file: 'w.jsonl', line: 1 });
  });

  it('never throws on arbitrary input, and every offset it returns lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = parseSpacy('any.jsonl', s);
        return r.ok ? rangesInside(r.value) : r.error.file === 'any.jsonl';
      }),
    );
    const arbSpan = fc.record(
      {
        start: fc.integer({ min: -1, max: 25 }),
        end: fc.integer({ min: -1, max: 25 }),
        label: fc.string(),
        id: fc.constantFrom('a', 'b', 1),
      },
      { requiredKeys: [] },
    );
    const arbLine = fc.record({
      text: fc.string({ unit: 'grapheme', maxLength: 20 }),
      spans: fc.array(arbSpan, { maxLength: 4 }),
      relations: fc.array(
        fc.record({ head: fc.oneof(fc.string(), fc.nat(5)), child: fc.oneof(fc.constant('a'), fc.nat(5)), label: fc.string() }),
        { maxLength: 3 },
      ),
      meta: fc.dictionary(fc.string(), fc.jsonValue()),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 3 }), (lines) => {
        const r = parseSpacy('gen.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
        return r.ok && rangesInside(r.value);
      }),
    );
  });
});

describe('serializeSpacy', () => {
  it('writes code point offsets that select the span text in Python terms', () => {
    const [line] = serializeSpacy(sampleDataset())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const codePoints = Array.from(line!['text'] as string);
    for (const span of line!['spans'] as { start: number; end: number; text: string }[]) {
      expect(codePoints.slice(span.start, span.end).join('')).toBe(span.text);
    }
    const claim = (line!['spans'] as Record<string, unknown>[]).find((s) => s['id'] === 'claim1');
    expect(claim).toEqual({ start: 15, end: 42, label: 'Claim', text: 'Russia sends arms to Syria.', id: 'claim1' });
    expect((line!['spans'] as Record<string, unknown>[]).filter((s) => s['id'] === 'claim2').map((s) => s['text'])).toEqual([
      'Officials',
      'deny it',
    ]);
    expect(line!['relations']).toContainEqual({ head: 'claim1', child: 'speaker1', label: 'said by' });
    expect(line!['meta']).toEqual({
      date: '2012-06-14',
      source: 'GlobalPost',
      url: 'https://example.org/russia-syria',
      title: 'Arms to Syria 🚢',
    });
  });

  it('reports what it cannot carry', () => {
    const notes = lossNotes(sampleDataset()).join('\n');
    expect(notes).toMatch(/1 discontinuous span in 1 document/);
    expect(notes).toMatch(/3 layers/);
  });

  it('export → import → export is a fixed point (emoji and combining marks in the text)', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const first = serializeSpacy(dataset);
        const parsed = parseSpacy('round.jsonl', first);
        if (!parsed.ok) return false;
        expect(parsed.warnings).toEqual([]);
        expect(serializeSpacy(datasetFromImported(parsed.value))).toBe(first);
        const ranges = (d: typeof dataset) => d.annotations.map((a) => `${a.id}:${a.label}:${JSON.stringify(a.ranges)}`).sort();
        expect(ranges(datasetFromImported(parsed.value))).toEqual(ranges(dataset));
      }),
      { numRuns: 150 },
    );
  });
});
