import { describe, expect, it } from 'vitest';
import { GOLD_LAYER, SUGGESTIONS_LAYER } from '../model/types.ts';
import { contrastRatio } from '../model/contrast.testing.ts';
import { annotationsInView, isEditableLayer, layerColor, orderedLayers, readOnlyReason } from './layerView.ts';

const rows = [{ layer: 'alice' }, { layer: 'bob' }, { layer: SUGGESTIONS_LAYER }, { layer: GOLD_LAYER }];

describe('layer view', () => {
  it('shows mine (with suggestions), one teammate, or all', () => {
    expect(annotationsInView(rows, 'mine', 'alice').map((r) => r.layer)).toEqual(['alice', SUGGESTIONS_LAYER]);
    expect(annotationsInView(rows, 'bob', 'alice').map((r) => r.layer)).toEqual(['bob']);
    expect(annotationsInView(rows, 'all', 'alice')).toBe(rows);
  });

  it('lets me edit my layer, suggestions and gold, naming the owner otherwise', () => {
    expect(isEditableLayer('alice', 'alice')).toBe(true);
    expect(isEditableLayer(SUGGESTIONS_LAYER, 'alice')).toBe(true);
    expect(isEditableLayer('bob', 'alice')).toBe(false);
    expect(readOnlyReason('bob', 'alice')).toMatch(/bob’s \(read-only\)/);
    expect(isEditableLayer(GOLD_LAYER, 'alice')).toBe(true);
    expect(readOnlyReason(GOLD_LAYER, 'alice')).toBeNull();
    expect(readOnlyReason('alice', 'alice')).toBeNull();
  });

  it('orders layers mine first and gives mine its own colour', () => {
    expect(orderedLayers(['zed', GOLD_LAYER, 'alice', 'bob', 'bob'], 'alice')).toEqual(['alice', 'bob', 'zed', GOLD_LAYER]);
    expect(layerColor('alice', 'alice')).not.toBe(layerColor('bob', 'alice'));
    expect(layerColor('bob', 'alice')).toBe(layerColor('bob', 'carol'));
  });

  it('colours every layer’s badge dark enough for its white text at small sizes (WCAG AAA, 7:1)', () => {
    const colours = new Set(['alice', ...Array.from({ length: 200 }, (_, i) => `annotator${i}`)].map((l) => layerColor(l, 'alice')));
    expect(colours.size).toBe(8);
    for (const c of colours) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(7);
  });
});
