import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId, ProjectId, Relation, RelationId } from '../model/types.ts';
import { claimRows, filterClaimRows } from './claims.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons, Interfax reported, citing Reuters.';
let n = 0;
function ann(layer: string, label: string, quote: string, doc = 'd1', attributes: Annotation['attributes'] = {}): Annotation {
  const start = TEXT.indexOf(quote);
  return {
    id: `a${++n}` as AnnotationId,
    projectId: 'p' as ProjectId,
    documentId: doc as DocumentId,
    layer,
    label,
    ranges: [{ start, end: start + quote.length }],
    quote,
    attributes,
    note: '',
    origin: 'human',
    createdBy: layer,
    createdAt: '',
    updatedBy: layer,
    updatedAt: '',
  };
}
function rel(from: Annotation, to: Annotation, type: string): Relation {
  return {
    id: `r${++n}` as RelationId,
    projectId: 'p' as ProjectId,
    documentId: from.documentId,
    layer: from.layer,
    from: from.id,
    to: to.id,
    type,
    createdBy: '',
    createdAt: '',
    updatedBy: '',
    updatedAt: '',
  };
}

describe('claimRows', () => {
  const claim = ann('alice', 'Claim', 'Russia sells only defensive weapons', 'd1', { stance: 'denial', tags: ['arms', 'syria'] });
  const spk = ann('alice', 'Speaker', 'Lavrov');
  const s1 = ann('alice', 'Source', 'Interfax');
  const s2 = ann('alice', 'Source', 'Reuters');
  const bobClaim = ann('bob', 'Claim', 'Russia sells only defensive weapons');
  const carolClaim = ann('carol', 'Claim', 'Russia sells');
  const gold = ann('gold', 'Claim', 'Russia sells only defensive weapons');
  const relations = [rel(claim, spk, 'said by'), rel(claim, s1, 'reported by'), rel(s1, s2, 'reported by'), rel(s2, s1, 'reported by')];

  it('gives speaker, source chain (cycles cut), attributes and review state per claim', () => {
    const rows = claimRows({
      annotations: [claim, spk, s1, s2, bobClaim, carolClaim, gold],
      relations,
      decisions: [
        { kind: 'reject', documentId: 'd1', signatures: [`carol|Claim@${carolClaim.ranges[0]!.start}-${carolClaim.ranges[0]!.end}`] },
      ],
      threads: new Map([[claim.id, { count: 2, resolved: false }]]),
    });
    const byLayer = Object.fromEntries(rows.map((r) => [r.layer, r]));
    expect(byLayer.alice).toMatchObject({
      speakers: ['Lavrov'],
      sources: ['Interfax', 'Reuters'],
      attributes: 'stance: denial; tags: arms, syria',
      state: 'in gold',
      comments: 2,
      unresolved: true,
    });
    expect(byLayer.bob!.state).toBe('in gold');
    expect(byLayer.carol!.state).toBe('rejected');
    expect(byLayer.gold!.state).toBe('gold');
  });

  it('filters by text, layer and state and sorts', () => {
    const rows = claimRows({ annotations: [claim, spk, bobClaim, carolClaim], relations, decisions: [] });
    expect(filterClaimRows(rows, { text: 'lavrov' }).map((r) => r.layer)).toEqual(['alice']);
    expect(filterClaimRows(rows, { layer: 'bob' })).toHaveLength(1);
    expect(filterClaimRows(rows, { state: 'open' })).toHaveLength(3);
    expect(filterClaimRows(rows, { sort: 'claim' }).map((r) => r.claim)[0]).toBe('Russia sells');
    expect(filterClaimRows(rows, { sort: 'layer', descending: true }).map((r) => r.layer)).toEqual(['carol', 'bob', 'alice']);
  });
});
