import { describe, expect, it } from 'vitest';
import { hiddenSummary, isDoneStatus, layerVisible, visibleAnnotations } from './blind.ts';

const anns = [
  { id: '1', layer: 'alice' },
  { id: '2', layer: 'bob' },
  { id: '3', layer: 'gold' },
  { id: '4', layer: 'suggestions' },
  { id: '5', layer: 'carol' },
];

describe('blind mode', () => {
  it("shows only the annotator's own layer (and suggestions) until the document is done", () => {
    const ctx = { annotator: 'alice', blind: true, done: false };
    expect(visibleAnnotations(anns, ctx).map((a) => a.id)).toEqual(['1', '4']);
    expect(hiddenSummary(anns, ctx)).toEqual({ annotations: 3, layers: 3 });
    expect(layerVisible('gold', ctx)).toBe(false);
  });
  it('shows every layer once the document is done', () => {
    const ctx = { annotator: 'alice', blind: true, done: true };
    expect(visibleAnnotations(anns, ctx)).toBe(anns);
    expect(hiddenSummary(anns, ctx)).toEqual({ annotations: 0, layers: 0 });
  });
  it('hides nothing when blind mode is off', () => {
    expect(visibleAnnotations(anns, { annotator: 'alice', blind: false, done: false })).toBe(anns);
  });
  it('counts done and reviewed as done, other statuses not', () => {
    expect(['done', 'reviewed', 'in progress', 'new', undefined].map(isDoneStatus)).toEqual([true, true, false, false, false]);
  });
});
