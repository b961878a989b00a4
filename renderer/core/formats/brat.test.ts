import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeText } from '../model/text.ts';
import type { Schema } from '../model/types.ts';
import { parseAnnotationConf } from './brat-conf.ts';
import { mapCanonicalization, parseBrat, safeFileName, serializeBrat } from './brat.ts';
import { datasetFrom } from './fixtures/make-dataset.ts';
import type { Dataset, ImportedDocument, ImportedRelation, Result } from './types.ts';

const dir = new URL('./fixtures/brat/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const TXT = { name: 'lavrov.txt', content: read('lavrov.txt') };
const ANN = { name: 'lavrov.ann', content: read('lavrov.ann') };
const CONF = read('annotation.conf');

const SCHEMA: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00', attributes: [{ name: 'Stance', type: 'single', options: ['pro', 'con'] }] },
    { name: 'Speaker', color: '#56b4e9' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.file}:${r.error.line}: ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>): { file: string; line?: number; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** Annotations and relations in a form that ignores keys: relations by their ends' label and ranges. */
function comparable(doc: ImportedDocument) {
  const sig = (key: string) => {
    const a = doc.annotations.find((x) => x.key === key)!;
    return `${a.label}@${a.ranges.map((r) => `${r.start}-${r.end}`).join(',')}`;
  };
  return {
    annotations: doc.annotations
      .map((a) => ({ label: a.label, ranges: a.ranges, attributes: a.attributes ?? {}, note: a.note ?? '' }))
      .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    relations: doc.relations.map((r) => `${sig(r.from)} -${r.type}-> ${sig(r.to)}`).sort(),
  };
}

describe('parseBrat', () => {
  const doc = value(parseBrat(TXT, ANN, 'gold'));
  const byKey = (k: string) => doc.annotations.find((a) => a.key === k)!;
  const quote = (k: string) => byKey(k).ranges.map((r) => doc.text.slice(r.start, r.end));

  it('reads every text-bound annotation at the right UTF-16 offsets', () => {
    expect(doc.annotations.map((a) => [a.key, a.label])).toEqual([
      ['T1', 'Claim'],
      ['T2', 'Speaker'],
      ['T3', 'Cue'],
      ['T4', 'Source'],
      ['T5', 'Claim'],
      ['T6', 'Report'],
      ['T7', 'Claim'],
      ['T8', 'Speaker'],
    ]);
    expect(quote('T1')).toEqual(['We are not violating any international law']);
    expect(quote('T2')).toEqual(['Lavrov']);
    expect(quote('T7')).toEqual(['the claims 👍🏽 untrue']);
    expect(quote('T8')).toEqual(['Clinton (नमस्ते)']);
    expect(byKey('T7').ranges[0]!.start).toBe(doc.text.indexOf('the claims'));
    expect(doc.annotations.every((a) => a.layer === 'gold' && a.origin === 'import')).toBe(true);
  });

  it('converts code points: the .ann offset after emoji differs from the UTF-16 offset', () => {
    const cp = Number(/^T7\tClaim (\d+)/m.exec(ANN.content)![1]);
    expect(byKey('T7').ranges[0]!.start).toBe(cp + 4); // four astral characters before it
    expect(Array.from(doc.text.slice(0, byKey('T7').ranges[0]!.start)).length).toBe(cp);
  });

  it('keeps a discontinuous span as one annotation with two ranges', () => {
    expect(quote('T5')).toEqual(['Russia defends arms sales', 'to Syria']);
  });

  it('reads relations, events as trigger → argument relations, attributes, normalizations and notes', () => {
    const rel = doc.relations.map((r) => [r.from, r.type, r.to]);
    expect(rel).toEqual([
      ['T6', 'Report:Reporter', 'T4'],
      ['T6', 'Report:Content', 'T1'],
      ['T1', 'said_by', 'T2'],
      ['T7', 'said_by', 'T8'],
    ]);
    expect(doc.relations.every((r) => r.layer === 'gold')).toBe(true);
    expect(byKey('T1').attributes).toEqual({ Direct: true });
    expect(byKey('T7').attributes).toEqual({ Stance: 'con' });
    expect(byKey('T5').attributes).toEqual({ Checked: true });
    expect(byKey('T2').attributes).toEqual({ 'entity-ref': 'Wikidata:Q150851' });
    expect(byKey('T1').note).toBe('At a news conference in Iran');
    expect(byKey('T3').note).toBe('');
  });

  it('builds paragraph blocks and a title from the file name', () => {
    expect(doc.title).toBe('lavrov');
    expect(doc.blocks.map((b) => doc.text.slice(b.start, b.end).slice(0, 6))).toEqual(['Russia', '"We ar', 'Clinto']);
  });

  it('reads equivalences, several values of one attribute and several notes', () => {
    const text = 'Lavrov, the minister, spoke.';
    const ann = [
      'T1\tSpeaker 0 6\tLavrov',
      'T2\tSpeaker 8 20\tthe minister',
      '*\tEquiv T1 T2',
      'A1\tRole T1 minister',
      'A2\tRole T1 diplomat',
      '#1\tAnnotatorNotes T1\tfirst',
      '#2\tAnnotatorNotes T1\tsecond',
    ].join('\n');
    const d = value(parseBrat({ name: 'a.txt', content: text }, { name: 'a.ann', content: ann }));
    expect(d.relations.map((r) => [r.from, r.type, r.to])).toEqual([['T1', 'Equiv', 'T2']]);
    expect(d.annotations[0]!.attributes).toEqual({ Role: ['minister', 'diplomat'] });
    expect(d.annotations[0]!.note).toBe('first\nsecond');
    expect(d.annotations[0]!.layer).toBeUndefined();
  });

  it('returns the text alone when there is no .ann', () => {
    const d = value(parseBrat({ name: 'x/only.txt', content: 'Hello.\n' }, null));
    expect(d).toMatchObject({ title: 'only', text: 'Hello.\n', annotations: [], relations: [] });
  });

  it('maps offsets through BOM, CRLF and NFC composition', () => {
    // Raw text: BOM, decomposed é (e + U+0301), CRLF line ends. Offsets count the raw code points.
    const raw = '\ufeffCafe\u0301 talk\r\nLavrov 😀 said it.\r\n';
    const cps = Array.from(raw);
    const at = (s: string) => {
      const i = cps.join('').indexOf(s); // UTF-16 index into raw
      const start = Array.from(raw.slice(0, i)).length;
      return `${start} ${start + Array.from(s).length}`;
    };
    const ann = [`T1\tPlace ${at('Cafe\u0301 talk')}\tCafe\u0301 talk`, `T2\tCue ${at('said')}\tsaid`].join('\n');
    const d = value(parseBrat({ name: 'c.txt', content: raw }, { name: 'c.ann', content: ann }));
    expect(d.text).toBe(canonicalizeText(raw));
    expect(d.text.startsWith('Café talk\nLavrov')).toBe(true);
    const q = d.annotations.map((a) => d.text.slice(a.ranges[0]!.start, a.ranges[0]!.end));
    expect(q).toEqual(['Café talk', 'said']);
  });

  it('fails clearly when NFC would move an offset into a composed character', () => {
    const raw = 'Cafe\u0301 talk';
    const r = parseBrat({ name: 'n.txt', content: raw }, { name: 'n.ann', content: 'T1\tX 0 4\tCafe' });
    const e = errorOf(r);
    expect(e).toMatchObject({ file: 'n.ann', line: 1 });
    expect(e.message).toMatch(/NFC/);
  });

  describe('errors and warnings', () => {
    const txt = { name: 'e.txt', content: 'Lavrov said 😀 hello.' };
    const parse = (ann: string) => parseBrat(txt, { name: 'e.ann', content: ann });

    it('fails with the line number when the stated text does not match', () => {
      const e = errorOf(parse('T1\tSpeaker 0 6\tLavrov\nT2\tCue 7 11\tsays'));
      expect(e).toMatchObject({ file: 'e.ann', line: 2 });
      expect(e.message).toContain('"says"');
      expect(e.message).toContain('"said"');
    });

    it('warns, and keeps the annotation, when only white space differs', () => {
      const r = parse('T1\tX 0 11\tLavrov  said');
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.annotations).toHaveLength(1);
        expect(r.warnings).toEqual([expect.objectContaining({ file: 'e.ann', line: 1, message: expect.stringMatching(/white space/) })]);
      }
    });

    it('checks code point bounds against the text', () => {
      // 20 code points in all; 21 is past the end even though the UTF-16 length is 21.
      expect(parse('T1\tX 14 20\thello.').ok).toBe(true);
      const e = errorOf(parse('\nT1\tX 14 21\thello.'));
      expect(e).toMatchObject({ line: 2 });
      expect(e.message).toMatch(/20 characters/);
    });

    it.each([
      ['T1\tSpeaker 0-6\tLavrov', 1, /not a label followed by offsets/],
      ['T1\tSpeaker 6 0\tLavrov', 1, /empty or reversed/],
      ['T1\tSpeaker 0 6\tLavrov\nT1\tSpeaker 0 6\tLavrov', 2, /used twice/],
      ['T1\tSpeaker 0 6\tLavrov\nR1\tsaid_by Arg1:T1 Arg2:T9', 2, /T9/],
      ['T1\tSpeaker 0 6\tLavrov\nR1\tsaid_by Arg1:T1', 2, /Arg1:T<n> Arg2:T<n>/],
      ['T1\tSpeaker 0 6\tLavrov\nE1\tSay:T5 Agent:T1', 2, /trigger/],
      ['T1\tSpeaker 0 6\tLavrov\nA1\tFlag T4', 2, /T4 is not an annotation/],
      ['T1\tSpeaker 0 6\tLavrov\n#1\tAnnotatorNotes T3\tx', 2, /T3 is not an annotation/],
      ['\tSpeaker 0 6\tLavrov', 1, /annotation id/],
    ])('fails on %j at line %i', (ann, line, pattern) => {
      const e = errorOf(parse(ann));
      expect(e.file).toBe('e.ann');
      expect(e.line).toBe(line);
      expect(e.message).toMatch(pattern);
    });

    it('skips unknown line types and notes on relations with a warning', () => {
      const r = parse(
        'T1\tSpeaker 0 6\tLavrov\nT2\tCue 7 11\tsaid\nX1\tsomething\nR1\tsaid_by Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes R1\tabout it',
      );
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.annotations).toHaveLength(2);
        expect(r.value.relations).toHaveLength(1);
        expect(r.warnings.map((w) => w.line)).toEqual([3, 5]);
      }
    });
  });

  it('never throws on arbitrary .ann content, and every offset it returns lies inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.tuple(fc.nat(45), fc.nat(45), fc.string({ maxLength: 8 })).map(([s, e, t]) => `T${s}\tL ${s} ${e}\t${t}`),
            fc.tuple(fc.nat(5), fc.nat(5)).map(([a, b]) => `R1\tr Arg1:T${a} Arg2:T${b}`),
          ),
          { maxLength: 6 },
        ),
        (text, lines) => {
          const r = parseBrat({ name: 't.txt', content: text }, { name: 't.ann', content: lines.join('\n') });
          if (r.ok) {
            for (const a of r.value.annotations)
              for (const g of a.ranges) expect(0 <= g.start && g.start < g.end && g.end <= r.value.text.length).toBe(true);
          } else {
            expect(r.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe('mapCanonicalization', () => {
  const chars = ['a', 'e', ' ', '\n', '\r', '\r\n', '\ufeff', '\u0301', '\u0308', '😀', '👍🏽', '\u1100', '\u1161', 'Å', '\u212b', 'ñ', '.'];
  it('produces exactly canonicalizeText, and maps offsets monotonically within bounds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 30 }), (parts) => {
        const raw = parts.join('');
        const m = mapCanonicalization(raw);
        expect(m.text).toBe(canonicalizeText(raw));
        expect(m.toCanonical(0)).toBe(0);
        expect(m.toCanonical(raw.length)).toBe(m.text.length);
        let last = 0;
        for (let i = 0; i <= raw.length; i++) {
          const o = m.toCanonical(i);
          if (o === null) continue;
          expect(o).toBeGreaterThanOrEqual(last);
          expect(o).toBeLessThanOrEqual(m.text.length);
          last = o;
        }
      }),
    );
  });

  it('maps a position after CRLF and a BOM to the same character', () => {
    const raw = '\ufeffab\r\ncd';
    const m = mapCanonicalization(raw);
    expect(m.text).toBe('ab\ncd');
    expect(m.text[m.toCanonical(raw.indexOf('c'))!]).toBe('c');
  });
});

describe('parseAnnotationConf', () => {
  it('maps entities, events, relations and attributes onto a schema', () => {
    const s = value(parseAnnotationConf('annotation.conf', CONF));
    expect(s.labels.map((l) => l.name)).toEqual(['Claim', 'Speaker', 'Source', 'Cue', 'Location', 'Report']);
    expect(s.labels.map((l) => l.hotkey)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(new Set(s.labels.map((l) => l.color)).size).toBe(6);
    expect(s.labels.every((l) => /^#[0-9a-f]{6}$/.test(l.color))).toBe(true);
    expect(s.relationTypes).toEqual([
      { name: 'said_by', from: ['Claim'], to: ['Speaker'] },
      { name: 'reported_by', from: ['Claim', 'Source'], to: ['Source'] },
      { name: 'Report:Reporter', from: ['Report'], to: ['Source'] },
      { name: 'Report:Content', from: ['Report'], to: ['Claim'] },
    ]);
    const claim = s.labels.find((l) => l.name === 'Claim')!;
    expect(claim.attributes).toEqual([
      { name: 'Direct', type: 'boolean' },
      { name: 'Stance', type: 'single', options: ['pro', 'con', 'neutral'] },
      { name: 'Checked', type: 'boolean' },
    ]);
    expect(s.labels.find((l) => l.name === 'Report')!.attributes).toBeUndefined();
    expect(s.labels.find((l) => l.name === 'Cue')!.attributes).toEqual([{ name: 'Checked', type: 'boolean' }]);
  });

  it('gives hotkeys to the first nine labels only and expands macros and <ANY>', () => {
    const names = Array.from({ length: 11 }, (_, i) => `L${i}`);
    const conf = `<PEOPLE>=L0|L1\n[entities]\n${names.join('\n')}\n[relations]\nknows Arg1:<PEOPLE>, Arg2:<ANY>\n`;
    const s = value(parseAnnotationConf('a.conf', conf));
    expect(s.labels.filter((l) => l.hotkey).map((l) => l.name)).toEqual(names.slice(0, 9));
    expect(s.relationTypes).toEqual([{ name: 'knows', from: ['L0', 'L1'], to: [] }]);
  });

  it.each([
    ['[entities]\nA\n[relations]\nR Arg1:A', 4, /two arguments/],
    ['[entities]\nA\n[relations]\nR Arg1 A, Arg2:A', 4, /Role:Type/],
    ['[entities]\nTwo words', 2, /spaces/],
  ])('reports %j with its line', (conf, line, pattern) => {
    const e = errorOf(parseAnnotationConf('x.conf', conf));
    expect(e).toMatchObject({ file: 'x.conf', line });
    expect(e.message).toMatch(pattern);
  });

  it('never throws on arbitrary input', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 25 }),
      fc.constantFrom(
        '[entities]',
        '[relations]',
        '[events]',
        '[attributes]',
        '[other]',
        'A',
        '!B',
        '<M>=A|B',
        'R Arg1:A, Arg2:<M>',
        'E Role?:A|B',
        'X Arg:<ENTITY>, Value:a|b',
        'Y Arg:<EVENT>',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const r = parseAnnotationConf('f.conf', lines.join('\n'));
        if (r.ok) expect(r.value.labels.length).toBeGreaterThan(0);
        else expect(r.error.message).not.toBe('');
      }),
    );
  });

  it('strips comments and reads a line of 600,000 blanks without stalling (it used to take minutes)', () => {
    const s = value(parseAnnotationConf('a.conf', `[entities]\nPerson # people\t#more\n${' \t'.repeat(300_000)}\nPlace`));
    expect(s.labels.map((l) => l.name)).toEqual(['Person', 'Place']);
  });

  it('fails on a file without types', () => {
    expect(errorOf(parseAnnotationConf('x.conf', '[entities]\n# none\n')).message).toMatch(/no entity/);
  });
});

describe('serializeBrat', () => {
  function oneDoc(
    text: string,
    anns: { label: string; ranges: { start: number; end: number }[] }[],
    relations: ImportedRelation[] = [],
  ): Dataset {
    return datasetFrom(
      [
        {
          title: 'T',
          text,
          blocks: [],
          metadata: {},
          sourceFile: 'x',
          relations,
          annotations: anns.map((a, i) => ({ key: `k${i}`, ...a })),
        },
      ],
      SCHEMA,
    );
  }

  it('writes code point offsets for an annotation after an emoji', () => {
    const text = 'I 😀 said "hi"';
    const start = text.indexOf('said');
    const { files } = serializeBrat(oneDoc(text, [{ label: 'Cue', ranges: [{ start, end: start + 4 }] }]));
    expect(start).toBe(5);
    expect(files.find((f) => f.path === 'T.ann')!.content).toBe('T1\tCue 4 8\tsaid\n');
  });

  it('writes fragments, white space in names as _, attributes, relations and notes', () => {
    const text = 'Russia 🇷🇺 defends arms sales,\nLavrov said.';
    const ds = oneDoc(
      text,
      [
        {
          label: 'Claim',
          ranges: [
            { start: 0, end: 6 },
            { start: 12, end: 19 },
          ],
        },
        { label: 'Speaker', ranges: [{ start: text.indexOf('Lavrov'), end: text.indexOf('Lavrov') + 6 }] },
      ],
      [{ from: 'k0', to: 'k1', type: 'said by' }],
    );
    ds.annotations[0]!.attributes = { Stance: 'con', Direct: true, hidden: false, Topics: ['arms', 'foreign policy'], none: null };
    ds.annotations[0]!.note = 'two\nlines';
    const ann = serializeBrat(ds).files.find((f) => f.path === 'T.ann')!.content;
    expect(ann.split('\n')).toEqual([
      'T1\tClaim 0 6;10 17\tRussia defends',
      'T2\tSpeaker 30 36\tLavrov',
      'R1\tsaid_by Arg1:T1 Arg2:T2',
      'A1\tDirect T1',
      'A2\tStance T1 con',
      'A3\tTopics T1 arms',
      'A4\tTopics T1 foreign_policy',
      '#1\tAnnotatorNotes T1\ttwo lines',
      '',
    ]);
  });

  it('writes annotation.conf and visual.conf that describe the schema and what the data uses', () => {
    const text = 'Lavrov said.';
    const ds = oneDoc(text, [{ label: 'Cue', ranges: [{ start: 7, end: 11 }] }]);
    const files = serializeBrat(ds).files;
    expect(files.map((f) => f.path)).toEqual(['T.txt', 'T.ann', 'annotation.conf', 'visual.conf']);
    const s = value(parseAnnotationConf('annotation.conf', files[2]!.content));
    expect(s.labels.map((l) => l.name)).toEqual(['Claim', 'Speaker', 'Cue']);
    expect(s.relationTypes).toEqual([{ name: 'said_by', from: ['Claim'], to: ['Speaker'] }]);
    expect(s.labels[0]!.attributes).toEqual([{ name: 'Stance', type: 'single', options: ['pro', 'con'] }]);
    expect(files[3]!.content).toContain('Claim\tbgColor:#e69f00');
  });

  it('filters by layer', () => {
    const ds = oneDoc('ab cd', [
      { label: 'A', ranges: [{ start: 0, end: 2 }] },
      { label: 'B', ranges: [{ start: 3, end: 5 }] },
    ]);
    ds.annotations[1]!.layer = 'anna';
    const ann = serializeBrat(ds, { layer: 'anna' }).files[1]!.content;
    expect(ann).toBe('T1\tB 3 5\tcd\n');
  });

  it('round-trips the fixture: import → export → import gives the same annotations, export is a fixed point', () => {
    const first = value(parseBrat(TXT, ANN));
    const schema = value(parseAnnotationConf('annotation.conf', CONF));
    const files1 = serializeBrat(datasetFrom([first], schema)).files;
    const txt = files1.find((f) => f.path === 'lavrov.txt')!;
    const ann = files1.find((f) => f.path === 'lavrov.ann')!;
    const second = value(parseBrat({ name: txt.path, content: txt.content }, { name: ann.path, content: ann.content }));
    expect(comparable(second)).toEqual(comparable(first));
    const files2 = serializeBrat(datasetFrom([second], value(parseAnnotationConf('annotation.conf', files1[2]!.content)))).files;
    expect(files2.slice(0, 2)).toEqual(files1.slice(0, 2));
  });

  it('round-trips generated texts with emoji (fast-check)', () => {
    const pieces = ['Lavrov', ' ', 'said', '.', '\n', '😀', '👍🏽', '🇷🇺', 'नमस्ते', 'é', 'ß', '"', '\t'];
    const arb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 25 }).chain((parts) => {
      const text = parts.join('');
      // Cut points at piece boundaries never split a character.
      const cuts: number[] = [0];
      for (const p of parts) cuts.push(cuts[cuts.length - 1]! + p.length);
      const ann = fc
        .record({
          cutIdx: fc.uniqueArray(fc.nat(cuts.length - 1), { minLength: 2, maxLength: 4 }),
          label: fc.constantFrom('Claim', 'Speaker', 'Cue'),
          attr: fc.option(
            fc.constantFrom<[string, string | boolean | string[]]>(['Direct', true], ['Stance', 'con'], ['Topics', ['a', 'b']]),
            { nil: undefined },
          ),
          note: fc.constantFrom('', 'check this'),
        })
        .map(({ cutIdx, label, attr, note }) => {
          const c = [...new Set(cutIdx.map((i) => cuts[i]!))].sort((a, b) => a - b);
          const ranges =
            c.length >= 4 && c[2]! > c[1]!
              ? [
                  { start: c[0]!, end: c[1]! },
                  { start: c[2]!, end: c[3]! },
                ]
              : [{ start: c[0]!, end: c[c.length - 1]! }];
          return { label, ranges, attributes: attr ? { [attr[0]]: attr[1] } : {}, note };
        })
        .filter((a) => a.ranges.every((r) => r.end > r.start));
      return fc.tuple(fc.constant(text), fc.array(ann, { maxLength: 5 }), fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 3 }));
    });
    fc.assert(
      fc.property(arb, ([text, anns, rels]) => {
        const imported: ImportedDocument = {
          title: 'Generated 😀 doc',
          text,
          blocks: [],
          metadata: {},
          sourceFile: 'gen',
          annotations: anns.map((a, i) => ({ key: `k${i}`, ...a })),
          relations: rels
            .filter(([a, b]) => a < anns.length && b < anns.length)
            .map(([a, b]) => ({ from: `k${a}`, to: `k${b}`, type: 'said_by' })),
        };
        const { files } = serializeBrat(datasetFrom([imported], SCHEMA));
        const txt = files[0]!;
        const ann = files[1]!;
        expect(txt.path).toBe('Generated_doc.txt');
        const back = value(parseBrat({ name: txt.path, content: txt.content }, { name: ann.path, content: ann.content }));
        expect(back.text).toBe(text);
        expect(comparable(back)).toEqual(comparable(imported));
      }),
      { numRuns: 200 },
    );
  });
});

describe('safeFileName', () => {
  it('makes unique, safe names of at most 80 characters', () => {
    const used = new Set<string>();
    expect(safeFileName('Russia defends arms sales: "US is arming rebels"?', used)).toBe('Russia_defends_arms_sales_US_is_arming_rebels');
    expect(safeFileName('russia defends arms sales: US is arming rebels', used)).toBe('russia_defends_arms_sales_US_is_arming_rebels-2');
    expect(safeFileName('../../etc/passwd', used)).toBe('etc_passwd');
    expect(safeFileName('CON', used)).toBe('_CON');
    expect(safeFileName('nul.tar', used)).toBe('_nul.tar');
    expect(safeFileName('', used)).toBe('document');
    expect(safeFileName('???', used)).toBe('document-2');
    const long = 'Ünïcödé '.repeat(30);
    const a = safeFileName(long, used);
    const b = safeFileName(long, used);
    expect(Array.from(a).length).toBeLessThanOrEqual(80);
    expect(Array.from(b).length).toBeLessThanOrEqual(80);
    expect(b.endsWith('-2')).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe('parseBrat on the cases the importer fuzz found', () => {
  it('refuses an empty text file, naming it, instead of a document the database would refuse', () => {
    const r = parseBrat({ name: 'c/empty.txt', content: '' }, { name: 'c/empty.ann', content: 'V%/%"/!' });
    expect(r.ok ? 'ok' : `${r.error.file}: ${r.error.message}`).toBe('c/empty.txt: The text file is empty: there is nothing to annotate.');
  });
});
