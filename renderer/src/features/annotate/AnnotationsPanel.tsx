import { memo, useDeferredValue, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Annotation, DocumentRecord, LabelDef } from '../../../core/model/types.ts';
import { blockIndexAt } from '../../editor/domOffsets.ts';
import { AnnotationDetails } from './AnnotationDetails.tsx';
import { BulkDelete } from './BulkDelete.tsx';
import { LayerBadge } from './LayerBadge.tsx';

interface Props {
  doc: DocumentRecord;
  /** True while the document's annotations are still being read. */
  loading?: boolean;
  labels: readonly LabelDef[];
  /** Set when the document has several layers: each row then names its layer (null: one layer). */
  annotator: string | null;
  annotations: readonly Annotation[];
  selectedId: string | null;
  onSelect(id: string): void;
  onRelabel(id: string, label: string): void;
  onDelete(id: string): void;
}

const ROW_HEIGHT = 58;

export function positionOf(doc: DocumentRecord, a: Annotation): string {
  const first = a.ranges[0]!;
  const last = a.ranges[a.ranges.length - 1]!;
  const paragraph = blockIndexAt(doc.blocks, first.start) + 1;
  return `¶${paragraph} · ${first.start}–${last.end}`;
}

/**
 * The open document's annotations in reading order; long lists are virtualised. Memoised (it
 * re-renders when the annotations or the selection change, not on every save), and it follows
 * them as deferred values: the article's highlight is painted first, the panel a moment later
 * without holding that paint back.
 */
export const AnnotationsPanel = memo(function AnnotationsPanel({
  doc,
  loading = false,
  labels,
  annotator,
  annotations: annotationsNow,
  selectedId: selectedNow,
  onSelect,
  onRelabel,
  onDelete,
}: Props) {
  const annotations = useDeferredValue(annotationsNow);
  const selectedId = useDeferredValue(selectedNow);
  // The side panel is one scroll area: details, then the list, whose rows are virtualised
  // against that area's scrolling (offset by what sits above the list).
  const listRef = useRef<HTMLDivElement>(null);
  const scroller = useScrollParent(listRef);
  const scrollMargin = useOffsetIn(listRef, scroller);
  const colors = new Map(labels.map((l) => [l.name, l.color]));
  const virtualizer = useVirtualizer({
    count: annotations.length,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin,
  });
  const selectedIndex = annotations.findIndex((a) => a.id === selectedId);
  const selected = selectedIndex >= 0 ? annotations[selectedIndex]! : null;

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (annotations.length === 0) return;
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step) {
      e.preventDefault();
      const next = Math.min(annotations.length - 1, Math.max(0, (selectedIndex === -1 ? -step : selectedIndex) + step));
      onSelect(annotations[next]!.id);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      onSelect(annotations[e.key === 'Home' ? 0 : annotations.length - 1]!.id);
    }
  };

  return (
    <section className="annotations-panel" aria-labelledby="annotations-heading">
      <h2 id="annotations-heading">
        Annotations <span className="count">{annotations.length}</span>
      </h2>
      <BulkDelete />
      {selected ? (
        <AnnotationDetails annotation={selected} onRelabel={onRelabel} onDelete={onDelete} />
      ) : (
        <p className="hint">
          Select text in the article, then press a label’s key or button. Click a highlight to select it. Press ? for every shortcut.
        </p>
      )}
      <div
        ref={listRef}
        className="annotation-list"
        // A listbox needs options: an empty list is plain text until the first annotation.
        {...(annotations.length > 0 && {
          role: 'listbox',
          'aria-label': 'Annotations in this document',
          tabIndex: 0,
          'aria-activedescendant': selected ? `ann-${selected.id}` : undefined,
          onKeyDown,
        })}
      >
        {annotations.length === 0 && <p className="empty">{loading ? 'Loading annotations…' : 'No annotations yet.'}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const a = annotations[item.index]!;
            return (
              <div
                key={a.id}
                id={`ann-${a.id}`}
                role="option"
                aria-selected={a.id === selectedId}
                className={`annotation-row${a.id === selectedId ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start - scrollMargin}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect(a.id)}
              >
                <span className="label-chip" style={{ ['--label-color' as string]: colors.get(a.label) ?? '#888' }}>
                  {a.label}
                </span>
                <span className="quote">{a.quote}</span>
                <span className="position">
                  {positionOf(doc, a)}
                  {annotator !== null && <LayerBadge layer={a.layer} annotator={annotator} />}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
});

/** The nearest ancestor of `ref` that scrolls vertically (the side panel's tab panel). */
function useScrollParent(ref: RefObject<HTMLElement | null>): HTMLElement | null {
  const [parent, setParent] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    let el = ref.current?.parentElement ?? null;
    while (el && !/(auto|scroll)/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
    setParent(el);
  }, [ref]);
  return parent;
}

/** How far `ref` sits below the top of `scroller`'s content, followed as what is above it resizes. */
function useOffsetIn(ref: RefObject<HTMLElement | null>, scroller: HTMLElement | null): number {
  const [offset, setOffset] = useState(0);
  const measure = useRef(() => {});
  // After each render (the details may have changed) and whenever a box above the list resizes.
  useLayoutEffect(() => {
    measure.current = () => {
      const el = ref.current;
      if (!el || !scroller) return;
      setOffset(Math.round(el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop));
    };
    measure.current();
  });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !scroller) return;
    const observer = new ResizeObserver(() => measure.current());
    for (let node: Element | null = el; node && node !== scroller; node = node.parentElement) {
      if (node !== el) observer.observe(node);
      for (let before = node.previousElementSibling; before; before = before.previousElementSibling) observer.observe(before);
    }
    return () => observer.disconnect();
  }, [ref, scroller]);
  return offset;
}
