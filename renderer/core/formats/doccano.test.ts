import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossNotes, parseDoccano, serializeDoccano } from './doccano.ts';
import { arbDataset, datasetFromImported, rangesInside, sampleDataset } from './fixtures/roundtrip.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/doccano/${name}`, import.meta.url), 'utf8');
const quotes = (doc: { text: string; annotations: { label: string; ranges: { start: number; end: number }[] }[] }) =>
  doc.annotations.map((a) => [a.label, a.ranges.map((r) => doc.text.slice(r.start, r.end)).join('|')]);

describe('parseDoccano', () => {
  it('reads the relation-extraction export: entities, relations, metadata', () => {
    const result = parseDoccano('export.jsonl', fixture('relations.jsonl'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.warnings).toEqual([]);
    const [first, second] = result.value;
    expect(quotes(first!)).toEqual([
      ['Speaker', 'Lavrov'],
      ['Cue', 'said'],
      ['Claim', 'Russia is not supplying Syria with offensive weapons'],
    ]);
    expect(first!.relations).toEqual([
      { key: '5', from: '19', to: '17', type: 'said by', layer: 'import' },
      { key: '6', from: '18', to: '19', type: 'cue', layer: 'import' },
    ]);
    expect(first!.annotations.every((a) => a.layer === 'import' && a.origin === 'import')).toBe(true);
    expect(first!.metadata).toEqual({ source: 'GlobalPost', date: '2012-06-14', doccano_id: 1041 });
    expect(first!.title).toBe(first!.text);
    expect(second!.metadata['Comments']).toBe('["double-check attribution"]');
    expect(quotes(second!)).toEqual([
      ['Claim', 'We have nothing to hide'],
      ['Speaker', 'the ministry'],
    ]);
    expect(second!.sourceFile).toBe('export.jsonl');
  });

  it('reads the sequence-labelling export with UTF-16 offsets after an emoji', () => {
    const result = parseDoccano('seq.jsonl', fixture('sequence.jsonl'), { layer: 'alice' });
    if (!result.ok) throw new Error(result.error.message);
    expect(quotes(result.value[0]!)).toEqual([
      ['Speaker', 'Ebbers'],
      ['Claim', 'he never knew of the fraud'],
    ]);
    expect(result.value[0]!.annotations[1]!.layer).toBe('alice');
    expect(quotes(result.value[1]!)).toEqual([['Source', 'WorldCom’s auditors']]);
  });

  it('reads code point offsets when told to', () => {
    const line = JSON.stringify({ text: '😀😀 Putin said', label: [[3, 8, 'Speaker']] });
    const result = parseDoccano('cp.jsonl', line, { offsetUnit: 'codepoint' });
    if (!result.ok) throw new Error(result.error.message);
    expect(quotes(result.value[0]!)).toEqual([['Speaker', 'Putin']]);
  });

  it('uses a configurable text field and keeps category labels as metadata', () => {
    const line = JSON.stringify({ body: 'Prices rose.', label: ['economy', 'inflation'], title: 'Prices' });
    const result = parseDoccano('c.jsonl', line, { textField: 'body' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value[0]!.title).toBe('Prices');
    expect(result.value[0]!.metadata).toEqual({ label: 'economy, inflation' });
  });

  it('names the file and line of a broken line', () => {
    const result = parseDoccano('broken.jsonl', `${JSON.stringify({ text: 'ok' })}\n{"text": "unterminated`);
    expect(result).toMatchObject({ ok: false, error: { file: 'broken.jsonl', line: 2 } });
  });

  it('names the missing text field with its line', () => {
    const result = parseDoccano('f.jsonl', `\n${JSON.stringify({ content: 'x' })}`);
    expect(result).toMatchObject({ ok: false, error: { file: 'f.jsonl', line: 2 } });
    if (!result.ok) expect(result.error.message).toContain('"text"');
  });

  it('warns about and leaves out spans outside the text or splitting an emoji', () => {
    const line = JSON.stringify({
      text: 'a😀b',
      label: [
        [0, 9, 'X'],
        [1, 2, 'Y'],
        [0, 1, 'Z'],
      ],
    });
    const result = parseDoccano('w.jsonl', line);
    if (!result.ok) throw new Error(result.error.message);
    expect(quotes(result.value[0]!)).toEqual([['Z', 'a']]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.every((w) => w.file === 'w.jsonl' && w.line === 1)).toBe(true);
  });

  it('canonicalises CRLF text and moves the offsets with it', () => {
    const text = 'Line one\r\nPutin said\r\n';
    const line = JSON.stringify({ text, label: [[10, 15, 'Speaker']] });
    const result = parseDoccano('crlf.jsonl', line);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value[0]!.text).toBe('Line one\nPutin said\n');
    expect(quotes(result.value[0]!)).toEqual([['Speaker', 'Putin']]);
  });

  it('never throws on arbitrary input, and every offset it returns lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = parseDoccano('any.jsonl', s);
        return r.ok ? rangesInside(r.value) : typeof r.error.message === 'string';
      }),
    );
    const arbLine = fc.record({
      text: fc.string({ unit: 'grapheme', maxLength: 20 }),
      label: fc.array(fc.tuple(fc.integer({ min: -2, max: 30 }), fc.integer({ min: -2, max: 30 }), fc.string()), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 3 }), fc.constantFrom('utf16', 'codepoint' as const), (lines, unit) => {
        const r = parseDoccano('gen.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'), { offsetUnit: unit });
        return r.ok && rangesInside(r.value);
      }),
    );
  });
});

describe('serializeDoccano', () => {
  it('writes the relation variant with metadata, discontinuous spans as one entity per range', () => {
    const out = serializeDoccano(sampleDataset());
    const [line] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(line!)).toEqual(['id', 'text', 'entities', 'relations', 'title', 'date', 'source', 'url']);
    const entities = line!['entities'] as { id: number; label: string; start_offset: number; end_offset: number }[];
    const text = line!['text'] as string;
    expect(entities.map((e) => [e.label, text.slice(e.start_offset, e.end_offset)])).toEqual([
      ['Speaker', 'Putin'],
      ['Cue', 'said'],
      ['Claim', 'Russia sends arms to Syria.'],
      ['Speaker', '👩‍👩‍👧'],
      ['Claim', 'Officials'],
      ['Claim', 'deny it'],
    ]);
    expect(line!['relations']).toEqual([
      { id: 1, from_id: 3, to_id: 1, type: 'said by' },
      { id: 2, from_id: 3, to_id: 2, type: 'cue' },
    ]);
  });

  it('reports what doccano cannot carry, with counts', () => {
    const notes = lossNotes(sampleDataset());
    expect(notes.join('\n')).toMatch(/1 discontinuous span in 1 document/);
    expect(notes.join('\n')).toMatch(/3 layers/);
    expect(notes.join('\n')).toMatch(/doccano has no attributes: 4 attribute values on 2 annotations will be left out/);
    expect(notes.join('\n')).toMatch(/1 note/);
  });

  it('export → import → export is a fixed point (emoji and combining marks in the text)', () => {
    fc.assert(
      fc.property(arbDataset, fc.constantFrom('utf16', 'codepoint' as const), (dataset, unit) => {
        const first = serializeDoccano(dataset, { offsetUnit: unit });
        const parsed = parseDoccano('round.jsonl', first, { offsetUnit: unit });
        if (!parsed.ok) return false;
        expect(parsed.warnings).toEqual([]);
        expect(serializeDoccano(datasetFromImported(parsed.value), { offsetUnit: unit })).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every single-range annotation and relation across a round trip', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const parsed = parseDoccano('round.jsonl', serializeDoccano(dataset));
        if (!parsed.ok) return false;
        dataset.documents.forEach((doc, i) => {
          const got = parsed.value[i]!;
          expect(got.text).toBe(doc.text);
          const want = dataset.annotations
            .filter((a) => a.documentId === doc.id)
            .flatMap((a) => a.ranges.map((r) => `${a.label}@${r.start}-${r.end}`))
            .sort();
          expect(got.annotations.map((a) => `${a.label}@${a.ranges[0]!.start}-${a.ranges[0]!.end}`).sort()).toEqual(want);
          expect(got.relations).toHaveLength(dataset.relations.filter((r) => r.documentId === doc.id).length);
        });
      }),
      { numRuns: 100 },
    );
  });
});
