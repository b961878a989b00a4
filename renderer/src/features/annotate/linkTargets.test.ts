import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../../core/model/schema.ts';
import type { Annotation, AnnotationId, Block, Relation } from '../../../core/model/types.ts';
import { linkGroups, relationKeys } from './linkTargets.ts';

const TEXT = 'Lavrov said the US arms rebels, Reuters reported. Later, said Lavrov on Iranian TV, according to AFP.';
const blocks: Block[] = [
  { kind: 'paragraph', start: 0, end: 49 },
  { kind: 'paragraph', start: 50, end: TEXT.length },
];
let n = 0;
const ann = (label: string, quote: string, from = 0): Annotation => {
  const start = TEXT.indexOf(quote, from);
  return { id: `a${n++}` as AnnotationId, label, layer: 'ann', ranges: [{ start, end: start + quote.length }], quote } as Annotation;
};

describe('linkGroups', () => {
  const claim = ann('Claim', 'the US arms rebels');
  const near = ann('Speaker', 'Lavrov');
  const far = ann('Speaker', 'Lavrov', 50);
  const cue = ann('Cue', 'said');
  const reuters = ann('Source', 'Reuters');
  const tv = ann('Source', 'Iranian TV');
  const other = { ...ann('Speaker', 'AFP'), layer: 'someone else' };
  const all = [near, cue, claim, reuters, far, tv, other];

  it('offers, per relation type the schema starts at the label, the allowed targets nearest first', () => {
    const groups = linkGroups(DEFAULT_SCHEMA, blocks, all, [], claim);
    expect(groups.map((g) => [g.type, g.key, g.targets.map((t) => t.annotation.quote)])).toEqual([
      ['said by', 's', ['Lavrov', 'Lavrov']],
      ['cue', 'c', ['said']],
      ['reported by', 'r', ['Reuters', 'Iranian TV']],
    ]);
    expect(groups[0]!.targets.map((t) => t.paragraph)).toEqual([1, 2]);
    expect(groups[0]!.targets[0]!.annotation.id).toBe(near.id);
  });

  it('a source only reaches other sources, and existing links are left out and counted', () => {
    const existing = [{ from: tv.id, to: reuters.id, type: 'reported by' } as Relation];
    const groups = linkGroups(DEFAULT_SCHEMA, blocks, all, existing, tv);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 'reported by', targets: [], alreadyLinked: 1 });
    expect(linkGroups(DEFAULT_SCHEMA, blocks, all, [], cue)).toEqual([]);
  });

  it('gives each relation type a distinct letter', () => {
    expect([...relationKeys(['said by', 'source of', 'supports']).values()]).toEqual(['s', 'o', 'u']);
  });
});
