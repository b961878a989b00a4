/**
 * A curation candidate in its context: each variant's text with the words around it, split into
 * pieces a reviewer can tell apart — `shared` (every variant of the candidate covers it),
 * `differs` (this variant covers it, some other does not: "with arms" in "the United States with
 * arms" against "the United States") and `context` (the text around, not in this variant).
 *
 * Pure: text and offsets in, pieces out. Cost: linear in the window's length.
 */
import type { Span } from '../model/types.ts';

export type ContextPieceKind = 'context' | 'shared' | 'differs';

export interface ContextPiece {
  text: string;
  kind: ContextPieceKind;
}

export interface VariantContext {
  pieces: ContextPiece[];
  /** Text was left out before / after the window. */
  cutBefore: boolean;
  cutAfter: boolean;
}

const inRanges = (ranges: readonly Span[], p: number) => ranges.some((r) => p >= r.start && p < r.end);

/** The window around `span`: up to `reach` characters either side, kept inside its paragraph and cut at a space. */
export function contextWindow(text: string, span: Span, reach = 80): Span {
  let start = Math.max(0, span.start - reach);
  const lineStart = text.lastIndexOf('\n', span.start - 1);
  if (lineStart >= start) start = lineStart + 1;
  else if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < span.start) start = space + 1;
  }
  let end = Math.min(text.length, span.end + reach);
  const lineEnd = text.indexOf('\n', span.end);
  if (lineEnd >= 0 && lineEnd <= end) end = lineEnd;
  else if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > span.end) end = space;
  }
  return { start, end };
}

/**
 * `variant` (its ranges) among `all` the variants of one candidate, in the text around `span`
 * (the candidate's covering span).
 */
export function variantInContext(
  text: string,
  span: Span,
  variant: readonly Span[],
  all: readonly (readonly Span[])[],
  reach = 80,
): VariantContext {
  const win = contextWindow(text, span, reach);
  const pieces: ContextPiece[] = [];
  const several = all.length > 1;
  for (let p = win.start; p < win.end; p++) {
    const kind: ContextPieceKind = !inRanges(variant, p)
      ? 'context'
      : several && !all.every((ranges) => inRanges(ranges, p))
        ? 'differs'
        : 'shared';
    const last = pieces[pieces.length - 1];
    if (last && last.kind === kind) last.text += text[p];
    else pieces.push({ text: text[p]!, kind });
  }
  return { pieces, cutBefore: win.start > 0, cutAfter: win.end < text.length };
}
