/**
 * Blind mode: an annotator who works blind sees only their own layer of a document until they mark
 * it done, so the other annotators' work cannot steer theirs. Pure.
 */
import { GOLD_LAYER, SUGGESTIONS_LAYER } from '../model/types.ts';

export interface BlindContext {
  /** The annotator at this installation (their layer's name). */
  annotator: string;
  /** Blind mode is on. */
  blind: boolean;
  /** The annotator marked this document done (their document status is `done` or later). */
  done: boolean;
}

/** Whether annotations of `layer` may be shown to the annotator in this document. */
export function layerVisible(layer: string, ctx: BlindContext): boolean {
  if (!ctx.blind || ctx.done) return true;
  // Suggestions are machine proposals the annotator asked for, not a colleague's judgement.
  return layer === ctx.annotator || layer === SUGGESTIONS_LAYER;
}

/** The annotations the annotator may see; the same array when nothing is hidden. */
export function visibleAnnotations<T extends { layer: string }>(annotations: readonly T[], ctx: BlindContext): readonly T[] {
  if (!ctx.blind || ctx.done) return annotations;
  return annotations.filter((a) => layerVisible(a.layer, ctx));
}

/** How many annotations blind mode hides, and from how many layers (for the "hidden" note). */
export function hiddenSummary(annotations: readonly { layer: string }[], ctx: BlindContext): { annotations: number; layers: number } {
  const layers = new Set<string>();
  let n = 0;
  for (const a of annotations) {
    if (!layerVisible(a.layer, ctx)) {
      n++;
      layers.add(a.layer);
    }
  }
  return { annotations: n, layers: layers.size };
}

/** Document statuses that count as done for blind mode. */
export function isDoneStatus(status: string | undefined): boolean {
  return status === 'done' || status === 'reviewed';
}

/** Layers that belong to annotators (not gold, not suggestions). */
export function isAnnotatorLayer(layer: string): boolean {
  return layer !== GOLD_LAYER && layer !== SUGGESTIONS_LAYER;
}
