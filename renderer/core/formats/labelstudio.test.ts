import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDataset, datasetFromImported, rangesInside, sampleDataset } from './fixtures/roundtrip.ts';
import { parseLabelStudio } from './labelstudio-parse.ts';
import { lossNotes, serializeLabelStudio } from './labelstudio.ts';
import type { ImportedDocument } from './types.ts';

const fixture = readFileSync(new URL('./fixtures/labelstudio/tasks.json', import.meta.url), 'utf8');
const view = (doc: ImportedDocument) =>
  doc.annotations.map((a) => ({
    key: a.key,
    layer: a.layer,
    label: a.label,
    quote: a.ranges.map((r) => doc.text.slice(r.start, r.end)).join('|'),
  }));

describe('parseLabelStudio', () => {
  const result = parseLabelStudio('project-4-at-2024.json', fixture);
  if (!result.ok) throw new Error(result.error.message);
  const [first, second] = result.value;

  it('reads each annotation as a layer and predictions as suggestions', () => {
    expect(view(first!)).toEqual([
      { key: 'kX9a2Lm0Qe', layer: 'maria@uni.example', label: 'Speaker', quote: 'Assad’s office' },
      { key: 'Pq7bN2sT1w', layer: 'maria@uni.example', label: 'Cue', quote: 'insisted' },
      { key: 'Zr4cV8uY3e', layer: 'maria@uni.example', label: 'Claim', quote: 'contained no attack helicopters' },
      { key: 'Rt5dW9xZ4r', layer: 'maria@uni.example', label: 'Source', quote: 'Reuters' },
      { key: 'gold:kX9a2Lm0Qe', layer: 'gold', label: 'Speaker', quote: 'Assad’s office' },
      { key: 'suggestions:kX9a2Lm0Qe', layer: 'suggestions', label: 'Speaker', quote: 'Assad’s office' },
      { key: 'pred000002', layer: 'suggestions', label: 'Source', quote: 'Reuters' },
    ]);
    const suggestion = first!.annotations.find((a) => a.key === 'pred000002')!;
    expect(suggestion).toMatchObject({ origin: 'model', createdBy: 'spacy-ner-v3' });
    expect(first!.annotations[0]).toMatchObject({
      origin: 'import',
      createdAt: '2024-05-02T09:14:03.512345Z',
      updatedAt: '2024-05-02T09:20:41.001122Z',
    });
  });

  it('reads relations, turning a left-pointing one around', () => {
    expect(first!.relations).toEqual([
      { from: 'Zr4cV8uY3e', to: 'kX9a2Lm0Qe', type: 'said by', layer: 'maria@uni.example' },
      { from: 'Zr4cV8uY3e', to: 'Rt5dW9xZ4r', type: 'reported by', layer: 'maria@uni.example' },
    ]);
    expect(second!.relations).toEqual([{ from: 'Aa1', to: 'Bb2', type: 'said by', layer: 'annotator-5' }]);
  });

  it('reads per-region choices as attributes, a per-region textarea as the note, whole-text choices as metadata', () => {
    const claim = first!.annotations.find((a) => a.label === 'Claim')!;
    expect(claim.attributes).toEqual({ verdict: 'false' });
    expect(claim.note).toBe('Contradicted by Clinton 🇺🇸 remarks');
    expect(first!.metadata).toEqual({ source: 'Reuters', published: '2012-06-19', category: 'Politics' });
    expect(first!.title).toBe('Syria denies helicopter shipment');
  });

  it('warns about the skipped (cancelled) annotation, naming the task', () => {
    expect(result.warnings).toEqual([
      { file: 'project-4-at-2024.json', message: 'Task 1: left out annotation 3, which the annotator skipped (cancelled).' },
    ]);
  });

  it('accepts one task and JSON Lines, and a layerName override', () => {
    const tasks = JSON.parse(fixture) as unknown[];
    const single = parseLabelStudio('one.json', JSON.stringify(tasks[1]), { layerName: 'bob' });
    if (!single.ok) throw new Error(single.error.message);
    expect(single.value[0]!.annotations.map((a) => a.layer)).toEqual(['bob', 'bob']);
    const lines = parseLabelStudio('tasks.jsonl', tasks.map((t) => JSON.stringify(t)).join('\n'));
    if (!lines.ok) throw new Error(lines.error.message);
    expect(lines.value.map(view)).toEqual(result.value.map(view));
  });

  it('detects code point offsets from the region text, and warns', () => {
    const text = '🚢🚢 Alaed turned back';
    const task = {
      data: { text },
      annotations: [
        {
          completed_by: 1,
          result: [
            {
              id: 'a',
              type: 'labels',
              from_name: 'label',
              to_name: 'text',
              value: { start: 3, end: 8, text: 'Alaed', labels: ['Source'] },
            },
          ],
        },
      ],
    };
    const r = parseLabelStudio('cp.json', JSON.stringify([task]));
    if (!r.ok) throw new Error(r.error.message);
    expect(view(r.value[0]!)).toEqual([{ key: 'a', layer: 'annotator-1', label: 'Source', quote: 'Alaed' }]);
    expect(r.warnings[0]!.message).toMatch(/code points/);
  });

  it('names the file and task (and line for JSON Lines) of a task without text', () => {
    const r = parseLabelStudio('bad.json', JSON.stringify([{ data: { text: 'ok' } }, { data: { body: 'x' } }]));
    expect(r).toMatchObject({ ok: false, error: { file: 'bad.json' } });
    if (!r.ok) expect(r.error.message).toMatch(/^Task 2 has no text in "data.text"/);
    const l = parseLabelStudio('bad.jsonl', `${JSON.stringify({ data: { text: 'ok' } })}\n${JSON.stringify({ data: { body: 'x' } })}`);
    expect(l).toMatchObject({ ok: false, error: { file: 'bad.jsonl', line: 2 } });
  });

  it('never throws on arbitrary input, and every offset it returns lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = parseLabelStudio('any.json', s);
        return r.ok ? rangesInside(r.value) : r.error.file === 'any.json';
      }),
    );
    const arbResult = fc.record(
      {
        id: fc.constantFrom('a', 'b', 'c'),
        type: fc.constantFrom('labels', 'choices', 'textarea', 'relation', 'rating'),
        from_id: fc.constantFrom('a', 'b', 'x'),
        to_id: fc.constantFrom('a', 'b'),
        direction: fc.constantFrom('left', 'right', 'bi'),
        value: fc.record(
          {
            start: fc.integer({ min: -1, max: 25 }),
            end: fc.integer({ min: -1, max: 25 }),
            text: fc.string(),
            labels: fc.array(fc.string(), { maxLength: 2 }),
            choices: fc.array(fc.string(), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
        meta: fc.constant({ text: ['Claimscope discontinuous span a, part 1 of 2'] }),
      },
      { requiredKeys: ['type'] },
    );
    const arbTask = fc.record({
      data: fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 20 }) }),
      annotations: fc.array(fc.record({ completed_by: fc.anything(), result: fc.array(arbResult, { maxLength: 5 }) }), { maxLength: 2 }),
      predictions: fc.array(fc.record({ result: fc.array(arbResult, { maxLength: 3 }) }), { maxLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(arbTask, { minLength: 1, maxLength: 3 }), (tasks) => {
        const r = parseLabelStudio('gen.json', JSON.stringify(tasks));
        return r.ok && rangesInside(r.value);
      }),
    );
  });
});

/** The fields of a written Label Studio task that these tests read. */
interface LabelStudioResultOut {
  id?: string;
  type: string;
  from_name?: string;
  value: { text?: string; choices?: string[] };
  meta: { text: string[] };
}
interface LabelStudioTaskOut {
  data: unknown;
  annotations: { id: number; completed_by: unknown; ground_truth: boolean; result: LabelStudioResultOut[] }[];
  predictions: { result: LabelStudioResultOut[] }[];
}

describe('serializeLabelStudio', () => {
  it('writes tasks with data, one annotation per layer, relations and predictions', () => {
    const [task] = JSON.parse(serializeLabelStudio(sampleDataset())) as LabelStudioTaskOut[];
    expect(task!['data']).toEqual({
      text: sampleDataset().documents[0]!.text,
      title: 'Arms to Syria 🚢',
      date: '2012-06-14',
      source: 'GlobalPost',
      url: 'https://example.org/russia-syria',
    });
    const annotations = task!['annotations'];
    expect(annotations.map((a) => [a['id'], a['completed_by'], a['ground_truth']])).toEqual([
      [1, { email: 'alice' }, false],
      [2, { email: 'gold' }, true],
    ]);
    const alice = annotations[0]!['result'];
    expect(alice.find((r) => r['id'] === 'claim1' && r['type'] === 'labels')).toEqual({
      id: 'claim1',
      type: 'labels',
      from_name: 'label',
      to_name: 'text',
      origin: 'manual',
      value: { start: 16, end: 43, text: 'Russia sends arms to Syria.', labels: ['Claim'] },
    });
    expect(alice.filter((r) => r['type'] === 'relation')).toEqual([
      { from_id: 'claim1', to_id: 'speaker1', type: 'relation', direction: 'right', labels: ['said by'] },
      { from_id: 'claim1', to_id: 'cue1', type: 'relation', direction: 'right', labels: ['cue'] },
    ]);
    expect(
      alice
        .filter((r) => r['id'] === 'claim1' && r['type'] !== 'labels')
        .map((r) => [r['type'], r['from_name'], r['value']['choices'] ?? r['value']['text']]),
    ).toEqual([
      ['choices', 'topics', ['arms', 'syria']],
      ['choices', 'verdict', ['mostly false']],
      ['textarea', 'note', ['Compare with SIPRI data 📊']],
    ]);
    const gold = annotations[1]!['result'];
    expect(gold.map((r) => [r['id'], r['value']['text'], r['meta']['text'][0]])).toEqual([
      ['claim2-part1', 'Officials', 'Claimscope discontinuous span claim2, part 1 of 2'],
      ['claim2-part2', 'deny it', 'Claimscope discontinuous span claim2, part 2 of 2'],
    ]);
    expect(task!['predictions']).toHaveLength(1);
    expect(task!['predictions'][0]!['result'][0]!['value']['text']).toBe('👩‍👩‍👧');
  });

  it('joins the parts of a discontinuous span again on import', () => {
    const r = parseLabelStudio('x.json', serializeLabelStudio(sampleDataset()));
    if (!r.ok) throw new Error(r.error.message);
    const split = r.value[0]!.annotations.find((a) => a.key === 'claim2')!;
    expect(split.ranges.map((x) => r.value[0]!.text.slice(x.start, x.end))).toEqual(['Officials', 'deny it']);
  });

  it('reports what Label Studio cannot carry, with counts', () => {
    const notes = lossNotes(sampleDataset()).join('\n');
    expect(notes).toMatch(/1 discontinuous span in 1 document/);
    expect(notes).toMatch(/1 entity will not be exported/);
  });

  it('export → import → export is a fixed point (emoji and combining marks in the text)', () => {
    fc.assert(
      fc.property(arbDataset, fc.constantFrom('utf16', 'codepoint' as const), (dataset, unit) => {
        const first = serializeLabelStudio(dataset, { offsetUnit: unit });
        const parsed = parseLabelStudio('round.json', first, { offsetUnit: unit });
        if (!parsed.ok) return false;
        expect(parsed.warnings).toEqual([]);
        expect(serializeLabelStudio(datasetFromImported(parsed.value), { offsetUnit: unit })).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('gives back the same annotations, layers, notes and string attributes', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const parsed = parseLabelStudio('round.json', serializeLabelStudio(dataset));
        if (!parsed.ok) return false;
        const back = datasetFromImported(parsed.value);
        const key = (a: (typeof dataset.annotations)[number]) =>
          JSON.stringify([a.documentId, a.layer, a.label, a.ranges, a.note, a.attributes['verdict'] ?? null]);
        expect(back.annotations.map(key).sort()).toEqual(dataset.annotations.map(key).sort());
        expect(back.relations.length).toBe(dataset.relations.length);
      }),
      { numRuns: 100 },
    );
  });
});
