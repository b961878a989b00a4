import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf16ToCodePoint } from '../model/offsets.ts';
import type { Span } from '../model/types.ts';
import { arbDataset, datasetFromImported, rangesInside, sampleDataset } from './fixtures/roundtrip.ts';
import type { ImportedDocument } from './types.ts';
import { ANNO_CONTEXT, lossNotes, parseW3c, serializeW3c } from './w3c.ts';
import { checkW3cMustRules } from './w3c-rules.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/w3c/${name}`, import.meta.url), 'utf8');
const view = (doc: ImportedDocument) =>
  doc.annotations.map((a) => ({
    key: a.key,
    layer: a.layer,
    label: a.label,
    quote: a.ranges.map((r) => doc.text.slice(r.start, r.end)).join('|'),
  }));
const PAGE = 'https://www.globalpost.com/dispatch/news/regions/europe/russia/120613/clinton-russia-syria-helicopters';

describe('parseW3c', () => {
  it('rebuilds documents, spans (one discontinuous), attributes, notes and relations from a collection', () => {
    const r = parseW3c('claims.jsonld', fixture('collection.jsonld'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings).toEqual([]);
    const [doc] = r.value;
    expect(doc!.title).toBe('Clinton warns Russia 🚁');
    expect(doc!.metadata['source']).toBe('GlobalPost');
    expect(view(doc!)).toEqual([
      { key: 'a1', layer: 'maria', label: 'Speaker', quote: 'Clinton' },
      { key: 'a2', layer: 'maria', label: 'Claim', quote: 'Russia was sending attack helicopters|to Syria' },
      { key: 'a3', layer: 'suggestions', label: 'Source', quote: 'officials' },
    ]);
    const claim = doc!.annotations[1]!;
    expect(claim.attributes).toEqual({ verdict: 'mostly true', hedged: false });
    expect(claim.note).toBe('Helicopters were refurbished, not new 🔧');
    expect(claim).toMatchObject({ createdBy: 'maria', createdAt: '2026-01-05T10:03:00Z', origin: 'human' });
    expect(doc!.annotations[2]!.origin).toBe('model');
    expect(doc!.annotations[0]!.attributes).toEqual({ entity: 'ent-clinton' });
    expect(doc!.relations).toEqual([{ key: 'r1', from: 'a2', to: 'a1', type: 'said by', layer: 'maria' }]);
  });

  it('counts TextPositionSelector offsets in code points (text with a flag emoji before the span)', () => {
    const r = parseW3c('claims.jsonld', fixture('collection.jsonld'));
    if (!r.ok) throw new Error(r.error.message);
    const text = r.value[0]!.text;
    const json = JSON.parse(fixture('collection.jsonld')) as { first: { items: { target: { selector: { start: number }[] }[] }[] } };
    const position = json.first.items[2]!.target[0]!.selector[0]!.start;
    const utf16 = r.value[0]!.annotations[1]!.ranges[0]!.start;
    expect(utf16).toBe(text.indexOf('Russia'));
    expect(position).toBe(utf16 - 2); // 🇺🇸 is two code points but four UTF-16 code units
  });

  it('reads foreign annotations with the page text given, trusting a unique quote over a stale position', () => {
    const text = JSON.parse(fixture('collection.jsonld')).first.items[0].body[0].value as string;
    const r = parseW3c('recogito.json', fixture('recogito-annotations.json'), { texts: { [PAGE]: text }, layer: 'recogito' });
    if (!r.ok) throw new Error(r.error.message);
    expect(view(r.value[0]!)).toEqual([
      { key: 'https://recogito.example/annotation/9f1c', layer: 'recogito', label: 'Speaker', quote: 'Clinton' },
      { key: 'https://recogito.example/annotation/77ab', layer: 'recogito', label: 'Speaker', quote: 'Moscow' },
    ]);
    expect(r.value[0]!.annotations[0]!.note).toBe('US Secretary of State');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/77ab.*disagree; the quote occurs once and was trusted/);
  });

  it('fails, naming the file and the document, when the text of a target is not available', () => {
    const r = parseW3c('recogito.json', fixture('recogito-annotations.json'));
    expect(r).toMatchObject({ ok: false, error: { file: 'recogito.json' } });
    if (!r.ok) expect(r.error.message).toContain(PAGE);
  });

  it('accepts a single annotation and a bare page', () => {
    const json = JSON.parse(fixture('collection.jsonld'));
    const page = { '@context': ANNO_CONTEXT, ...json.first };
    const r = parseW3c('page.json', JSON.stringify(page));
    expect(r.ok && r.value[0]!.annotations.length).toBe(3);
    const text = 'Moscow 😀 denied it.';
    const single = {
      '@context': ANNO_CONTEXT,
      id: 'urn:x:1',
      type: 'Annotation',
      bodyValue: 'Speaker',
      target: { source: 'urn:x:doc', selector: { type: 'TextPositionSelector', start: 0, end: 6 } },
    };
    const s = parseW3c('one.json', JSON.stringify(single), { texts: { 'urn:x:doc': text } });
    if (!s.ok) throw new Error(s.error.message);
    expect(view(s.value[0]!)).toEqual([{ key: 'urn:x:1', layer: 'import', label: 'Speaker', quote: 'Moscow' }]);
  });

  it('never throws on arbitrary input, and every offset it returns lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = parseW3c('any.json', s);
        return r.ok ? rangesInside(r.value) : r.error.file === 'any.json';
      }),
    );
    const arbSelector = fc.oneof(
      fc.record({
        type: fc.constant('TextPositionSelector'),
        start: fc.integer({ min: -2, max: 30 }),
        end: fc.integer({ min: -2, max: 30 }),
      }),
      fc.record({
        type: fc.constant('TextQuoteSelector'),
        exact: fc.string({ maxLength: 4 }),
        prefix: fc.string({ maxLength: 2 }),
        suffix: fc.string({ maxLength: 2 }),
      }),
      fc.anything(),
    );
    const arbAnnotation = fc.record({
      id: fc.constantFrom('urn:a:1', 'urn:a:2', 'urn:a:3'),
      type: fc.constant('Annotation'),
      motivation: fc.constantFrom('tagging', 'linking', 'describing'),
      body: fc.oneof(fc.anything(), fc.constant([{ type: 'TextualBody', purpose: 'tagging', value: 'L' }])),
      target: fc.oneof(
        fc.record({ source: fc.constant('urn:doc'), selector: fc.array(arbSelector, { maxLength: 2 }) }),
        fc.constant(['urn:a:1', 'urn:a:2']),
        fc.anything(),
      ),
    });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.array(arbAnnotation, { maxLength: 5 }), (text, items) => {
        const r = parseW3c('gen.json', JSON.stringify(items), { texts: { 'urn:doc': text } });
        return r.ok ? rangesInside(r.value) : r.error.file === 'gen.json';
      }),
    );
  });
});

/** The fields of a written W3C annotation collection that these tests read. */
interface W3cSelectorOut {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}
interface W3cTargetOut {
  selector: [position: W3cSelectorOut, quote: W3cSelectorOut];
}
interface W3cCollectionOut {
  '@context': string[];
  first: { type: string; items: { id: string; target: W3cTargetOut | W3cTargetOut[]; body: unknown; creator: unknown }[] };
}

describe('serializeW3c', () => {
  const json = JSON.parse(serializeW3c(sampleDataset())) as W3cCollectionOut;
  const items = json['first']['items'];

  it('writes an AnnotationCollection with its context first and the page embedded', () => {
    expect(json['@context'][0]).toBe(ANNO_CONTEXT);
    expect(json).toMatchObject({
      id: 'urn:claimscope:project:proj-1:annotations',
      type: 'AnnotationCollection',
      label: 'Claims 😀 study',
      total: items.length,
    });
    expect(json['first']['type']).toBe('AnnotationPage');
  });

  it('meets the data model MUST rules', () => {
    expect(checkW3cMustRules(json)).toEqual([]);
  });

  it('writes code point positions and a quote with prefix and suffix of at most 32 code points', () => {
    const claim = items.find((i) => i['id'] === 'urn:claimscope:annotation:claim1')!;
    const text = sampleDataset().documents[0]!.text;
    const [position, quote] = (claim['target'] as W3cTargetOut)['selector'];
    const codePoints = Array.from(text);
    expect(codePoints.slice(position.start, position.end).join('')).toBe('Russia sends arms to Syria.');
    expect(position.start).toBe(text.indexOf('Russia') - 1); // one emoji before: 2 code units, 1 code point
    expect(quote).toMatchObject({ type: 'TextQuoteSelector', exact: 'Russia sends arms to Syria.' });
    expect(Array.from(quote.prefix as string).length).toBeLessThanOrEqual(32);
    expect(Array.from(quote.suffix as string)).toHaveLength(32);
    expect(text.endsWith(quote.suffix) || text.includes(`${quote.exact}${quote.suffix}`)).toBe(true);
    expect(claim['body']).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'Claim' },
      { type: 'TextualBody', purpose: 'classifying', name: 'topics', format: 'application/json', value: '["arms","syria"]' },
      { type: 'TextualBody', purpose: 'classifying', name: 'verdict', format: 'text/plain', value: 'mostly false' },
      { type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: 'Compare with SIPRI data 📊' },
    ]);
    expect(claim['creator']).toEqual({ id: 'urn:claimscope:agent:alice', type: 'Person', name: 'alice' });
  });

  it('takes position, exact, prefix and suffix by code point in any text: astral characters, lone surrogates, CRLF (property)', () => {
    const pieces = ['a', 'Ωé', '\r\n', '\n', ' ', '😀', '𝔸', '👩‍👩‍👧', '🇸🇾', '\udfff', 'q\u0307', '中'];
    const arbCase = fc
      .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 60 })
      .map((p) => p.join(''))
      .chain((text) =>
        fc.tuple(
          fc.constant(text),
          // Any UTF-16 offsets, also between the halves of a pair: the selector counts the pair whole.
          fc.array(
            fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).filter(([a, b]) => a !== b),
            { minLength: 1, maxLength: 3 },
          ),
        ),
      );
    const base = sampleDataset();
    fc.assert(
      fc.property(arbCase, ([text, cuts]) => {
        const ranges: Span[] = cuts.map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
        const document = { ...base.documents[0]!, text };
        const annotation = { ...base.annotations[0]!, ranges, quote: '' };
        const out = JSON.parse(
          serializeW3c({ ...base, documents: [document], annotations: [annotation], relations: [] }),
        ) as W3cCollectionOut;
        const target = out.first.items[1]!.target;
        const selectors = (Array.isArray(target) ? target : [target]).map((t) => t.selector);
        const codePoints = Array.from(text);
        expect(selectors).toHaveLength(ranges.length);
        selectors.forEach(([position, quote], i) => {
          const { start, end } = ranges[i]!;
          expect([position.start, position.end]).toEqual([utf16ToCodePoint(text, start), utf16ToCodePoint(text, end)]);
          expect(quote.exact).toBe(text.slice(start, end));
          expect(quote.prefix ?? '').toBe(codePoints.slice(Math.max(0, position.start - 32), position.start).join(''));
          expect(quote.suffix ?? '').toBe(codePoints.slice(position.end, position.end + 32).join(''));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('writes a prefix and suffix of exactly 32 code points around a span in a long CRLF text with astral characters', () => {
    const line = 'Sea 🌊 level\r\n';
    const text = line.repeat(20);
    const start = text.indexOf('level', line.length * 10);
    const base = sampleDataset();
    const annotation = { ...base.annotations[0]!, ranges: [{ start, end: start + 'level'.length }], quote: 'level' };
    const out = JSON.parse(
      serializeW3c({ ...base, documents: [{ ...base.documents[0]!, text }], annotations: [annotation], relations: [] }),
    ) as W3cCollectionOut;
    const [position, quote] = (out.first.items[1]!.target as W3cTargetOut).selector;
    // Each line is 13 code points (the wave one, CR and LF one each) and 14 UTF-16 code units.
    expect(position).toMatchObject({ start: 13 * 10 + 6, end: 13 * 10 + 11 });
    expect(quote.prefix).toBe(`${line}${line}Sea 🌊 `);
    expect(quote.suffix).toBe(`\r\n${line}${line}Sea `);
    expect([Array.from(quote.prefix).length, Array.from(quote.suffix).length]).toEqual([32, 32]);
  });

  it('writes a discontinuous span as a list of targets and a relation as a linking annotation', () => {
    const split = items.find((i) => i['id'] === 'urn:claimscope:annotation:claim2')!;
    expect((split['target'] as W3cTargetOut[]).map((t) => t.selector[1].exact)).toEqual(['Officials', 'deny it']);
    const link = items.find((i) => i['id'] === 'urn:claimscope:relation:rel1')!;
    expect(link).toMatchObject({
      motivation: 'linking',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'said by' }],
      target: ['urn:claimscope:annotation:claim1', 'urn:claimscope:annotation:speaker1'],
    });
  });

  it('finds MUST-rule violations in broken input', () => {
    const broken = {
      '@context': 'http://example.org/other.jsonld',
      type: 'Annotation',
      body: { type: 'TextualBody' },
      bodyValue: 'x',
      created: 'yesterday',
      target: { type: 'SpecificResource', selector: [{ type: 'TextPositionSelector', start: 5, end: 2 }, { type: 'TextQuoteSelector' }] },
    };
    const problems = checkW3cMustRules(broken);
    expect(problems).toEqual([
      `annotation: the first @context must be ${ANNO_CONTEXT}.`,
      'annotation: id must be exactly one IRI.',
      'annotation: created must be an xsd:dateTime.',
      'annotation: must not have both body and bodyValue.',
      'annotation body 1: a TextualBody must have exactly one string value.',
      'annotation target 1: a SpecificResource must have exactly one source with an IRI.',
      'annotation target 1 selector 1: TextPositionSelector start must not be after end.',
      'annotation target 1 selector 2: TextQuoteSelector must have exact.',
    ]);
    expect(checkW3cMustRules({ type: 'Annotation', id: 'urn:a' })).toEqual([
      'annotation: @context is missing.',
      'annotation: target is missing.',
    ]);
  });

  it('reports what it cannot carry', () => {
    expect(lossNotes(sampleDataset()).join('\n')).toMatch(/1 discontinuous span in 1 document/);
  });

  it('every generated export meets the MUST rules, and export → import → export is a fixed point', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const first = serializeW3c(dataset);
        expect(checkW3cMustRules(JSON.parse(first))).toEqual([]);
        const parsed = parseW3c('round.jsonld', first);
        if (!parsed.ok) return false;
        expect(parsed.warnings).toEqual([]);
        expect(serializeW3c(datasetFromImported(parsed.value))).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('gives back exactly the same annotations, relations and documents', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const parsed = parseW3c('round.jsonld', serializeW3c(dataset));
        if (!parsed.ok) return false;
        const back = datasetFromImported(parsed.value);
        const strip = (a: (typeof dataset.annotations)[number]) => ({ ...a, quote: '' });
        expect(back.annotations.map(strip).sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
          dataset.annotations.map(strip).sort((x, y) => (x.id < y.id ? -1 : 1)),
        );
        expect(back.relations.map((r) => [r.id, r.from, r.to, r.type, r.layer]).sort()).toEqual(
          dataset.relations.map((r) => [r.id, r.from, r.to, r.type, r.layer]).sort(),
        );
        expect(back.documents.map((d) => [d.text, d.title, d.metadata])).toEqual(
          dataset.documents.map((d) => [d.text, d.title, d.metadata]),
        );
      }),
      { numRuns: 100 },
    );
  });
});
