/**
 * Maps between DOM positions inside the rendered article and offsets in the document's canonical
 * text. Every block element carries `data-block` (its index in `blocks`) and holds the block's
 * text as its only text content, so a block-local offset is the length of the text before the
 * position inside that element.
 */
import type { Block, Span } from '../../core/model/types.ts';

export function blockIndexAt(blocks: readonly Block[], offset: number): number {
  // The last block starting at or before offset.
  let lo = 0;
  let hi = blocks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function closestBlockElement(node: Node, root: HTMLElement): HTMLElement | null {
  let el: Node | null = node;
  while (el && el !== root) {
    if (el instanceof HTMLElement && el.dataset.block !== undefined) return el;
    el = el.parentNode;
  }
  return null;
}

/** The text offset of a DOM position (a selection's anchor or focus), or null if outside the article. */
export function domPointToOffset(root: HTMLElement, blocks: readonly Block[], node: Node, offsetInNode: number): number | null {
  if (!root.contains(node)) return null;
  const blockEl = closestBlockElement(node, root);
  if (!blockEl) {
    // A position between blocks, on the root itself: offsetInNode counts child elements.
    if (node !== root) return null;
    const child = root.children[offsetInNode] as HTMLElement | undefined;
    if (!child || child.dataset.block === undefined) return blocks.length ? blocks[blocks.length - 1]!.end : 0;
    return blocks[Number(child.dataset.block)]?.start ?? 0;
  }
  const block = blocks[Number(blockEl.dataset.block)];
  if (!block) return null;
  const range = document.createRange();
  range.setStart(blockEl, 0);
  range.setEnd(node, offsetInNode);
  const local = range.toString().length;
  return Math.min(block.start + local, block.end);
}

/** The text span the DOM selection covers inside `root`, or null if it is collapsed or elsewhere. */
export function selectionToSpan(root: HTMLElement, blocks: readonly Block[], selection: Selection | null): Span | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const start = domPointToOffset(root, blocks, range.startContainer, range.startOffset);
  const end = domPointToOffset(root, blocks, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** The caret's text offset when the selection is collapsed inside `root`. */
export function caretOffset(root: HTMLElement, blocks: readonly Block[], selection: Selection | null): number | null {
  if (!selection || selection.rangeCount === 0) return null;
  return domPointToOffset(root, blocks, selection.focusNode!, selection.focusOffset);
}

/**
 * The text span of the blocks in view in `scroller` (with `margin` pixels above and below), found
 * by bisecting the block elements' boxes; null when nothing is laid out.
 */
export function visibleSpan(root: HTMLElement, blocks: readonly Block[], scroller: Element, margin: number): Span | null {
  const els = root.children;
  const n = Math.min(els.length, blocks.length);
  if (n === 0) return null;
  const view = scroller.getBoundingClientRect();
  const top = view.top - margin;
  const bottom = view.bottom + margin;
  // The first block ending below `top`, then the first starting below `bottom`.
  const firstBelow = (y: number, edge: 'top' | 'bottom') => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (els[mid]!.getBoundingClientRect()[edge] > y) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const first = Math.min(firstBelow(top, 'bottom'), n - 1);
  const last = Math.max(first, firstBelow(bottom, 'top') - 1);
  return { start: blocks[first]!.start, end: blocks[Math.min(last, n - 1)]!.end };
}

function firstTextNode(el: Element): Text | null {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  return walker.nextNode() as Text | null;
}

/**
 * Resolves text offsets to DOM points through the block elements. Block elements are looked up
 * lazily and cached, since a long article has thousands of them.
 */
export class DomLocator {
  private textNodes: (Text | null | undefined)[];

  constructor(
    private readonly blocks: readonly Block[],
    private readonly elementFor: (blockIndex: number) => HTMLElement | null,
  ) {
    this.textNodes = new Array(blocks.length);
  }

  invalidate(): void {
    this.textNodes = new Array(this.blocks.length);
  }

  private textNode(i: number): Text | null {
    let node = this.textNodes[i];
    if (node === undefined || (node && !node.isConnected)) {
      const el = this.elementFor(i);
      node = el ? firstTextNode(el) : null;
      this.textNodes[i] = node;
    }
    return node;
  }

  /** DOM ranges covering the span, one per block it touches (ranges never cross blocks). */
  rangesFor(span: Span): Range[] {
    const out: Range[] = [];
    if (this.blocks.length === 0) return out;
    let i = blockIndexAt(this.blocks, span.start);
    for (; i < this.blocks.length; i++) {
      const b = this.blocks[i]!;
      if (b.start >= span.end) break;
      const s = Math.max(span.start, b.start);
      const e = Math.min(span.end, b.end);
      if (e <= s) continue;
      const node = this.textNode(i);
      if (!node) continue;
      const range = new Range();
      range.setStart(node, s - b.start);
      range.setEnd(node, e - b.start);
      out.push(range);
    }
    return out;
  }
}
