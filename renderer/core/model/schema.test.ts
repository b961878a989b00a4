import { describe, expect, it } from 'vitest';
import { describeError } from '../formats/types.ts';
import { DEFAULT_SCHEMA, labelByHotkey, labelByName, parseSchema, schemaFingerprint } from './schema.ts';
import type { Schema } from './types.ts';
import { contrastRatio } from './contrast.testing.ts';

function errorOf(json: string): string {
  const r = parseSchema('schemas/news.json', json);
  if (r.ok) throw new Error('expected an error');
  return describeError(r.error);
}

/** The colour of a 35% tint of `hex` over white. */
const tint = (hex: string) =>
  '#' +
  [1, 3, 5]
    .map((i) =>
      Math.round(0.35 * parseInt(hex.slice(i, i + 2), 16) + 0.65 * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');

describe('DEFAULT_SCHEMA', () => {
  it('offers Claim, Speaker, Source and Cue on keys 1–4', () => {
    expect(DEFAULT_SCHEMA.labels.map((l) => [l.name, l.hotkey])).toEqual([
      ['Claim', '1'],
      ['Speaker', '2'],
      ['Source', '3'],
      ['Cue', '4'],
    ]);
  });

  it('passes its own validation', () => {
    const r = parseSchema('default.json', JSON.stringify(DEFAULT_SCHEMA));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(DEFAULT_SCHEMA);
  });

  it('uses distinct colours whose 35% tints keep dark text legible (contrast ≥ 7:1 with #1a1a1a)', () => {
    const colours = DEFAULT_SCHEMA.labels.map((l) => l.color);
    expect(new Set(colours).size).toBe(4);
    for (const c of colours) expect(contrastRatio(tint(c), '#1a1a1a')).toBeGreaterThanOrEqual(7);
  });

  it('models attribution: said by, cue, and chains of reported by', () => {
    const rel = Object.fromEntries(DEFAULT_SCHEMA.relationTypes.map((r) => [r.name, r]));
    expect(rel['said by']).toEqual({ name: 'said by', from: ['Claim'], to: ['Speaker'] });
    expect(rel['cue']).toEqual({ name: 'cue', from: ['Claim'], to: ['Cue'] });
    expect(rel['reported by']).toEqual({ name: 'reported by', from: ['Claim', 'Source'], to: ['Source'] });
  });

  it('gives each label its attributes', () => {
    const attrs = (name: string) => labelByName(DEFAULT_SCHEMA, name)!.attributes!.map((a) => `${a.name}:${a.type}`);
    expect(attrs('Claim')).toEqual(['stance:single', 'check-worthiness:single', 'quote type:single', 'verdict:single']);
    expect(attrs('Speaker')).toEqual(['entity:entity']);
    expect(attrs('Source')).toEqual(['entity:entity', 'kind:single']);
    const verdict = labelByName(DEFAULT_SCHEMA, 'Claim')!.attributes!.find((a) => a.name === 'verdict')!;
    expect(verdict.options).toEqual(['unverified', 'true', 'false', 'mixed', 'unverifiable']);
  });
});

describe('lookups', () => {
  it('finds labels by name and by hotkey', () => {
    expect(labelByName(DEFAULT_SCHEMA, 'Source')?.hotkey).toBe('3');
    expect(labelByName(DEFAULT_SCHEMA, 'source')).toBeUndefined();
    expect(labelByHotkey(DEFAULT_SCHEMA, '4')?.name).toBe('Cue');
    expect(labelByHotkey(DEFAULT_SCHEMA, '9')).toBeUndefined();
  });

  it('matches letter hotkeys regardless of case', () => {
    const schema: Schema = { version: 1, labels: [{ name: 'Claim', color: '#e69f00', hotkey: 'c' }], relationTypes: [] };
    expect(labelByHotkey(schema, 'C')?.name).toBe('Claim');
  });
});

describe('parseSchema', () => {
  const base = () => JSON.parse(JSON.stringify(DEFAULT_SCHEMA)) as Schema;

  it('fills in defaults and normalises colours', () => {
    const r = parseSchema('s.json', '{"labels":[{"name":"Claim","color":"#E69F00"}]}');
    expect(r.ok && r.value).toEqual({
      version: 1,
      labels: [{ name: 'Claim', color: '#e69f00', attributes: [] }],
      relationTypes: [],
    });
  });

  it('reports invalid JSON with its line', () => {
    expect(errorOf('{\n  "labels": [\n    {"name": "Claim",}\n  ]\n}')).toMatch(/^schemas\/news\.json:3: is not valid JSON/);
  });

  it('rejects duplicate label names and hotkeys', () => {
    const s = base();
    s.labels[1]!.name = 'claim';
    expect(errorOf(JSON.stringify(s))).toBe('schemas/news.json: labels[1].name: the label name "claim" is used twice');
    const t = base();
    t.labels[3]!.hotkey = '1';
    expect(errorOf(JSON.stringify(t))).toBe('schemas/news.json: labels[3].hotkey: the hotkey "1" is used by two labels');
  });

  it('rejects relation types naming missing labels', () => {
    const s = base();
    s.relationTypes[2]!.to = ['Outlet'];
    expect(errorOf(JSON.stringify(s))).toBe('schemas/news.json: relationTypes[2].to[0]: there is no label called "Outlet"');
  });

  it('rejects bad colours, hotkeys and missing fields', () => {
    const s = base();
    s.labels[0]!.color = 'orange';
    expect(errorOf(JSON.stringify(s))).toMatch(/labels\[0\]\.color: the colour must be written #rrggbb/);
    const h = base();
    h.labels[0]!.hotkey = 'ab';
    expect(errorOf(JSON.stringify(h))).toMatch(/labels\[0\]\.hotkey: a hotkey must be a single, visible key/);
    expect(errorOf('{"labels":[]}')).toMatch(/labels: a schema needs at least one label/);
    expect(errorOf('{"labels":[{"color":"#000000"}]}')).toMatch(/labels\[0\]\.name/);
    expect(errorOf('{"version":2,"labels":[{"name":"A","color":"#000000"}]}')).toMatch(/version: only schema version 1/);
    expect(errorOf('[]')).toMatch(/expected object/);
  });

  it('requires options for choice attributes, and only for them', () => {
    const s = base();
    delete s.labels[0]!.attributes![0]!.options;
    expect(errorOf(JSON.stringify(s))).toBe(
      'schemas/news.json: labels[0].attributes[0].options: a single attribute needs a list of options',
    );
    const t = base();
    t.labels[1]!.attributes![0]!.options = ['x'];
    expect(errorOf(JSON.stringify(t))).toMatch(/options only apply to single and multi attributes, not entity/);
    const u = base();
    u.labels[0]!.attributes![0]!.options = ['asserts', 'asserts'];
    expect(errorOf(JSON.stringify(u))).toMatch(/attributes\[0\]\.options\[1\]: the option "asserts" is listed twice/);
    const v = base();
    v.labels[0]!.attributes![0]!.type = 'colour' as never;
    expect(errorOf(JSON.stringify(v))).toMatch(/attributes\[0\]\.type: the type must be one of/);
  });
});

describe('schemaFingerprint', () => {
  it('is a SHA-256 hex string, stable under key order and presentation changes', () => {
    const fp = schemaFingerprint(DEFAULT_SCHEMA);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(
      JSON.stringify(DEFAULT_SCHEMA, (_k, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ),
    ) as Schema;
    expect(Object.keys(reordered)[0]).toBe('relationTypes');
    expect(schemaFingerprint(reordered)).toBe(fp);
    const recoloured = structuredClone(DEFAULT_SCHEMA);
    recoloured.labels[0]!.color = '#000000';
    recoloured.labels.reverse();
    expect(schemaFingerprint(recoloured)).toBe(fp);
  });

  it('changes when what annotators can record changes', () => {
    const fp = schemaFingerprint(DEFAULT_SCHEMA);
    const a = structuredClone(DEFAULT_SCHEMA);
    a.labels[0]!.attributes![3]!.options!.push('satire');
    expect(schemaFingerprint(a)).not.toBe(fp);
    const b = structuredClone(DEFAULT_SCHEMA);
    b.relationTypes[0]!.to.push('Source');
    expect(schemaFingerprint(b)).not.toBe(fp);
    const c = structuredClone(DEFAULT_SCHEMA);
    c.labels[3]!.name = 'Attribution cue';
    expect(schemaFingerprint(c)).not.toBe(fp);
  });
});
