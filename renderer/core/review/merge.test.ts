import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Annotation, AnnotationId, DocumentId, ProjectId, Relation, RelationId, Span } from '../model/types.ts';
import {
  agreedVariants,
  groupCandidates,
  layerSignatureOf,
  layerVariants,
  majorityVote,
  planAccept,
  reviewStateOf,
  signatureOf,
} from './merge.ts';

const TEXT = 'Lavrov said on Wednesday that Russia sells only defensive weapons to Syria, Reuters reported.';
let seq = 0;
function ann(layer: string, label: string, ranges: Span[] | string, extra: Partial<Annotation> = {}): Annotation {
  const rs = typeof ranges === 'string' ? [{ start: TEXT.indexOf(ranges), end: TEXT.indexOf(ranges) + ranges.length }] : ranges;
  return {
    id: `a${++seq}` as AnnotationId,
    projectId: 'p' as ProjectId,
    documentId: 'd' as DocumentId,
    layer,
    label,
    ranges: rs,
    quote: rs.map((r) => TEXT.slice(r.start, r.end)).join(' … '),
    attributes: {},
    note: '',
    origin: 'human',
    createdBy: layer,
    createdAt: '2026-11-29T08:00:00.000Z',
    updatedBy: layer,
    updatedAt: '2026-11-29T08:00:00.000Z',
    ...extra,
  };
}
function rel(layer: string, from: Annotation, to: Annotation, type: string): Relation {
  return {
    id: `r${++seq}` as RelationId,
    projectId: 'p' as ProjectId,
    documentId: 'd' as DocumentId,
    layer,
    from: from.id,
    to: to.id,
    type,
    createdBy: layer,
    createdAt: '2026-11-29T08:00:00.000Z',
    updatedBy: layer,
    updatedAt: '2026-11-29T08:00:00.000Z',
  };
}

describe('groupCandidates', () => {
  it('marks the same span and label in every layer agreed, boundary differences partial, one-layer spans single', () => {
    const claimA = ann('alice', 'Claim', 'Russia sells only defensive weapons to Syria');
    const claimB = ann('bob', 'Claim', 'Russia sells only defensive weapons to Syria');
    const spkA = ann('alice', 'Speaker', 'Lavrov');
    const spkB = ann('bob', 'Speaker', 'Lavrov said'); // boundary differs
    const srcA = ann('alice', 'Source', 'Reuters'); // only alice
    const { groups, stateOf } = groupCandidates([claimA, claimB, spkA, spkB, srcA], ['alice', 'bob']);
    expect(stateOf.get(claimA.id)).toBe('agreed');
    expect(stateOf.get(claimB.id)).toBe('agreed');
    expect(stateOf.get(spkA.id)).toBe('partial');
    expect(stateOf.get(spkB.id)).toBe('partial');
    expect(stateOf.get(srcA.id)).toBe('single');
    // Reading order: Speaker group (0), Claim (30), Source.
    expect(groups.map((g) => [g.state, g.variants.length, g.layers])).toEqual([
      ['partial', 2, ['alice', 'bob']],
      ['agreed', 1, ['alice', 'bob']],
      ['single', 1, ['alice']],
    ]);
  });

  it('an agreed claim does not swallow a speaker nested in it that one layer marked', () => {
    const c1 = ann('alice', 'Claim', 'Lavrov said on Wednesday');
    const c2 = ann('bob', 'Claim', 'Lavrov said on Wednesday');
    const s1 = ann('alice', 'Speaker', 'Lavrov');
    const { groups, stateOf } = groupCandidates([c1, c2, s1], ['alice', 'bob']);
    expect(groups).toHaveLength(2);
    expect(stateOf.get(s1.id)).toBe('single');
    expect(stateOf.get(c1.id)).toBe('agreed');
  });

  it('a label disagreement on the same text is one partial group with two variants', () => {
    const a = ann('alice', 'Speaker', 'Reuters');
    const b = ann('bob', 'Source', 'Reuters');
    const { groups } = groupCandidates([a, b], ['alice', 'bob']);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.state).toBe('partial');
    expect(groups[0]!.variants.map((v) => v.label).sort()).toEqual(['Source', 'Speaker']);
  });

  it('with three layers, an exact match of two of them is partial, not agreed', () => {
    const a = ann('alice', 'Source', 'Reuters');
    const b = ann('bob', 'Source', 'Reuters');
    const { groups } = groupCandidates([a, b], ['alice', 'bob', 'carol']);
    expect(groups[0]!.state).toBe('partial');
    expect(groups[0]!.variants[0]!.layers).toEqual(['alice', 'bob']);
  });

  it('ignores layers not compared (gold, suggestions) and with one layer everything is single', () => {
    const a = ann('alice', 'Source', 'Reuters');
    const g = ann('gold', 'Source', 'Reuters');
    const { groups, stateOf } = groupCandidates([a, g], ['alice']);
    expect(groups).toHaveLength(1);
    expect(stateOf.get(a.id)).toBe('single');
    expect(stateOf.has(g.id)).toBe(false);
  });

  it('every annotation of a compared layer lands in exactly one group (property)', () => {
    const span = fc.tuple(fc.nat(80), fc.integer({ min: 1, max: 15 })).map(([s, l]) => ({ start: s, end: Math.min(s + l, TEXT.length) }));
    const item = fc.record({ layer: fc.constantFrom('a', 'b', 'c'), label: fc.constantFrom('Claim', 'Speaker'), span });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const anns = items.filter((i) => i.span.end > i.span.start).map((i) => ann(i.layer, i.label, [i.span]));
        const { groups, stateOf } = groupCandidates(anns, ['a', 'b', 'c']);
        const seen = groups.flatMap((g) => g.variants.flatMap((v) => v.members.map((m) => m.id)));
        expect(new Set(seen).size).toBe(anns.length);
        expect(seen.length).toBe(anns.length);
        for (const a of anns) {
          const others = anns.filter((o) => o.layer !== a.layer && signatureOf(o) === signatureOf(a));
          const layersWithSame = new Set(others.map((o) => o.layer)).size + 1;
          if (stateOf.get(a.id) === 'agreed') expect(layersWithSame).toBe(3);
          if (layersWithSame === 3) expect(stateOf.get(a.id)).toBe('agreed');
          // single ⇒ nothing from another layer in its group
          const g = groups.find((x) => x.variants.some((v) => v.members.includes(a)))!;
          if (stateOf.get(a.id) === 'single') expect(g.layers).toEqual([a.layer]);
        }
      }),
    );
  });
});

describe('majority vote and bulk choices', () => {
  const layers = ['alice', 'bob', 'carol'];
  const s = (layer: string, label = 'Source', q = 'Reuters') => ann(layer, label, q);
  it('a threshold of 2 of 3 takes what two layers annotated exactly, not what one did', () => {
    const anns = [s('alice'), s('bob'), s('carol', 'Speaker'), ann('alice', 'Speaker', 'Lavrov')];
    const { groups } = groupCandidates(anns, layers);
    const chosen = majorityVote(groups, 2);
    expect(chosen.map((v) => [v.label, v.layers])).toEqual([['Source', ['alice', 'bob']]]);
    expect(majorityVote(groups, 3)).toEqual([]);
    expect(
      majorityVote(groups, 1)
        .map((v) => v.signature)
        .sort(),
    ).toEqual([signatureOf(anns[0]!), signatureOf(anns[2]!), signatureOf(anns[3]!)].sort());
  });
  it('a threshold of 3 of 3 equals "accept all agreed"', () => {
    const anns = [s('alice'), s('bob'), s('carol'), ann('alice', 'Speaker', 'Lavrov'), ann('bob', 'Speaker', 'Lavrov')];
    const { groups } = groupCandidates(anns, layers);
    expect(majorityVote(groups, 3).map((v) => v.signature)).toEqual(agreedVariants(groups).map((v) => v.signature));
    expect(agreedVariants(groups)).toHaveLength(1);
  });
  it('"accept all from X" takes every variant that X annotated', () => {
    const anns = [s('alice'), s('bob', 'Speaker'), ann('alice', 'Claim', 'Russia sells')];
    const { groups } = groupCandidates(anns, layers);
    expect(
      layerVariants(groups, 'alice')
        .map((v) => v.label)
        .sort(),
    ).toEqual(['Claim', 'Source']);
    expect(layerVariants(groups, 'bob').map((v) => v.label)).toEqual(['Speaker']);
  });
});

describe('reviewStateOf', () => {
  it('is accepted when gold holds a variant, dismissed for "nothing here is right", rejected when every member is rejected', () => {
    const a = ann('alice', 'Speaker', 'Reuters');
    const b = ann('bob', 'Source', 'Reuters');
    const { groups } = groupCandidates([a, b], ['alice', 'bob']);
    const g = groups[0]!;
    expect(reviewStateOf(g, new Set(), [])).toBe('open');
    expect(reviewStateOf(g, new Set([signatureOf(b)]), [])).toBe('accepted');
    expect(reviewStateOf(g, new Set(), [{ kind: 'nothing-right', signatures: [layerSignatureOf(a), layerSignatureOf(b)] }])).toBe(
      'dismissed',
    );
    expect(reviewStateOf(g, new Set(), [{ kind: 'reject', signatures: [layerSignatureOf(a)] }])).toBe('open');
    expect(
      reviewStateOf(g, new Set(), [
        { kind: 'reject', signatures: [layerSignatureOf(a)] },
        { kind: 'reject', signatures: [layerSignatureOf(b)] },
      ]),
    ).toBe('rejected');
  });
});

describe('planAccept', () => {
  const at = '2026-11-29T09:00:00.000Z';
  it('copies the annotation into gold with its attributes, author and reviewer noted', () => {
    const a = ann('alice', 'Claim', 'Russia sells only defensive weapons', {
      attributes: { stance: 'denial', tags: ['x'] },
      note: 'check',
    });
    const plan = planAccept({
      items: [{ annotation: a }],
      source: { annotations: [a], relations: [] },
      gold: { annotations: [], relations: [] },
      reviewer: 'lead',
      at,
    });
    expect(plan.annotations).toHaveLength(1);
    const g = plan.annotations[0]!;
    expect(g).toMatchObject({
      layer: 'gold',
      label: 'Claim',
      ranges: a.ranges,
      quote: a.quote,
      attributes: { stance: 'denial', tags: ['x'] },
      note: 'check',
      createdBy: 'alice',
      updatedBy: 'lead',
      createdAt: at,
    });
    expect(g.id).not.toBe(a.id);
    expect(g.attributes.tags).not.toBe(a.attributes.tags);
  });

  it('copies a relation once both of its ends are in gold — now or from an earlier accept', () => {
    const claim = ann('alice', 'Claim', 'Russia sells only defensive weapons to Syria');
    const spk = ann('alice', 'Speaker', 'Lavrov');
    const src = ann('alice', 'Source', 'Reuters');
    const saidBy = rel('alice', claim, spk, 'said by');
    const reportedBy = rel('alice', claim, src, 'reported by');
    const source = { annotations: [claim, spk, src], relations: [saidBy, reportedBy] };

    // Claim alone: no relation can be copied yet.
    const first = planAccept({ items: [{ annotation: claim }], source, gold: { annotations: [], relations: [] }, reviewer: 'lead', at });
    expect(first.relations).toEqual([]);
    const gold = { annotations: [...first.annotations], relations: [...first.relations] };

    // Then the speaker: "said by" now has both ends in gold; "reported by" does not.
    const second = planAccept({ items: [{ annotation: spk }], source, gold, reviewer: 'lead', at });
    expect(second.relations).toHaveLength(1);
    expect(second.relations[0]).toMatchObject({
      layer: 'gold',
      type: 'said by',
      from: first.annotations[0]!.id,
      to: second.annotations[0]!.id,
      createdBy: 'alice',
      updatedBy: 'lead',
    });
    gold.annotations.push(...second.annotations);
    gold.relations.push(...second.relations);

    // Accepting the speaker again adds nothing (already in gold, link already there).
    const again = planAccept({ items: [{ annotation: spk }], source, gold, reviewer: 'lead', at });
    expect(again.annotations).toEqual([]);
    expect(again.relations).toEqual([]);
    expect(again.alreadyInGold).toEqual([spk]);
  });

  it('links to an identical gold annotation accepted from another layer', () => {
    const claimA = ann('alice', 'Claim', 'Russia sells only defensive weapons to Syria');
    const claimB = ann('bob', 'Claim', 'Russia sells only defensive weapons to Syria');
    const spkB = ann('bob', 'Speaker', 'Lavrov');
    const linkB = rel('bob', claimB, spkB, 'said by');
    const first = planAccept({
      items: [{ annotation: claimA }],
      source: { annotations: [claimA, claimB, spkB], relations: [linkB] },
      gold: { annotations: [], relations: [] },
      reviewer: 'lead',
      at,
    });
    const second = planAccept({
      items: [{ annotation: spkB }],
      source: { annotations: [claimA, claimB, spkB], relations: [linkB] },
      gold: { annotations: first.annotations, relations: [] },
      reviewer: 'lead',
      at,
    });
    expect(second.relations.map((r) => [r.from, r.to, r.type])).toEqual([[first.annotations[0]!.id, second.annotations[0]!.id, 'said by']]);
  });

  it('accepting under another label edits on the way in', () => {
    const a = ann('alice', 'Speaker', 'Reuters');
    const plan = planAccept({
      items: [{ annotation: a, label: 'Source' }],
      source: { annotations: [a], relations: [] },
      gold: { annotations: [], relations: [] },
      reviewer: 'lead',
      at,
    });
    expect(plan.annotations[0]!.label).toBe('Source');
  });

  it('two identical variants accepted together give one gold annotation', () => {
    const a = ann('alice', 'Source', 'Reuters');
    const b = ann('bob', 'Source', 'Reuters');
    const plan = planAccept({
      items: [{ annotation: a }, { annotation: b }],
      source: { annotations: [a, b], relations: [] },
      gold: { annotations: [], relations: [] },
      reviewer: 'lead',
      at,
    });
    expect(plan.annotations).toHaveLength(1);
    expect(plan.goldFor.get(a.id)).toBe(plan.goldFor.get(b.id));
  });
});
