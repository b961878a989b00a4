/**
 * Whose annotations the annotate view shows and which of them may be changed there: the layer
 * switch (mine, one teammate's, all), what may be edited from my view, and a colour per layer so
 * each row and highlight names its owner. Pure.
 */
import { GOLD_LAYER, SUGGESTIONS_LAYER } from '../model/types.ts';

/** `mine`, `all`, or one layer's name (shown read-only unless it is mine). */
export type LayerView = string;
export const MY_LAYER: LayerView = 'mine';
export const ALL_LAYERS: LayerView = 'all';

/** Whether an annotation of `layer` is shown under `view` for `annotator`. */
export function inLayerView(layer: string, view: LayerView, annotator: string): boolean {
  if (view === ALL_LAYERS) return true;
  if (view === MY_LAYER) return layer === annotator || layer === SUGGESTIONS_LAYER;
  return layer === view;
}

/** The annotations shown under `view`; the same array when nothing is filtered out. */
export function annotationsInView<T extends { layer: string }>(
  annotations: readonly T[],
  view: LayerView,
  annotator: string,
): readonly T[] {
  if (view === ALL_LAYERS) return annotations;
  return annotations.filter((a) => inLayerView(a.layer, view, annotator));
}

/**
 * Whether `annotator` may change an annotation of `layer` from the annotate view: their own layer,
 * the machine suggestions they review, and gold, which the reviewers curate (on a team server
 * only users with the reviewer role may write it, and the server refuses anyone else). A
 * teammate's layer stays theirs.
 */
export function isEditableLayer(layer: string, annotator: string): boolean {
  return layer === annotator || layer === SUGGESTIONS_LAYER || layer === GOLD_LAYER;
}

/** Why an annotation of `layer` cannot be changed by `annotator`, or null when it can. */
export function readOnlyReason(layer: string, annotator: string): string | null {
  if (isEditableLayer(layer, annotator)) return null;
  return `This annotation is ${layer}’s (read-only): only ${layer} can change it.`;
}

/** The layers present, mine first, then suggestions, teammates and gold in name order. */
export function orderedLayers(layers: Iterable<string>, annotator: string): string[] {
  const rank = (l: string) => (l === annotator ? 0 : l === SUGGESTIONS_LAYER ? 1 : l === GOLD_LAYER ? 3 : 2);
  return [...new Set(layers)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

// Distinct, dark enough for white text on a badge (WCAG AAA, 7:1, at small sizes).
const LAYER_COLORS = ['#1a5291', '#8a3b12', '#5b3a8f', '#185c43', '#8f2a5c', '#505a1a', '#2b5d73', '#7a4a00'];

/** A stable colour per layer: mine always the first, the others by name. */
export function layerColor(layer: string, annotator: string): string {
  if (layer === annotator) return LAYER_COLORS[0]!;
  let h = 0;
  for (const c of layer) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return LAYER_COLORS[1 + (h % (LAYER_COLORS.length - 1))]!;
}
