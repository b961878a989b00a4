/**
 * Arrows for the selected annotation's relations only (no hairball): an SVG laid over the
 * article inside its scroll container, from each relation's start to its end, labelled with the
 * relation type. Positions come from the highlight layer's DOM ranges and are recomputed on
 * scroll (blocks off screen may change size as they render), resize and any change of the data.
 * The SVG is decorative (aria-hidden): the same relations are listed in the annotation details.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { LexicalEditor } from 'lexical';
import type { Annotation, LabelDef, Relation } from '../../core/model/types.ts';
import type { HighlightLayer } from './highlights.ts';

interface Props {
  layerRef: RefObject<HighlightLayer | null>;
  editor: LexicalEditor;
  labels: readonly LabelDef[];
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  selectedId: string | null;
}

interface Point {
  x: number;
  y: number;
}

/** How far outside the text column arrows run between lines. */
const MARGIN_GAP = 12;

interface Arrow {
  id: string;
  type: string;
  outgoing: boolean;
  path: string;
  label: Point;
  color: string;
}

/** An annotation's first visible box, in the scroll content's coordinates, and its line's lane. */
interface Box {
  x: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The middle of the gap between this line and the one above: where arcs run. */
  lane: number;
}

function boxOf(ranges: readonly Range[], box: DOMRect, el: HTMLElement): Box | null {
  for (const range of ranges) {
    const rects = range.getClientRects();
    const r = rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const dx = el.scrollLeft - box.left;
    const dy = el.scrollTop - box.top;
    const block = range.startContainer.parentElement;
    const lineHeight = block ? parseFloat(getComputedStyle(block).lineHeight) : NaN;
    const leading = Number.isFinite(lineHeight) ? Math.max(0, lineHeight - r.height) : r.height * 0.4;
    const top = r.top + dy;
    return { x: r.left + r.width / 2 + dx, left: r.left + dx, right: r.right + dx, top, bottom: r.bottom + dy, lane: top - leading / 2 };
  }
  return null;
}

const CORNER = 4;

/** An orthogonal path through `points` with rounded corners. */
function polyline(points: readonly Point[]): string {
  let d = `M ${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const r = Math.min(CORNER, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const toward = (p: Point, q: Point) => {
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      return { x: p.x + ((q.x - p.x) / len) * r, y: p.y + ((q.y - p.y) / len) * r };
    };
    const before = toward(b, a);
    const after = toward(b, c);
    d += ` L ${before.x} ${before.y} Q ${b.x} ${b.y}, ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}

/**
 * An arrow routed like brat's arcs, never across text: up from the top of `from` into the gap
 * above its line, along that gap, and down onto the top of `to`. When they sit on different
 * lines it runs along the gap to the article's margin, along the margin to the gap above `to`'s
 * line, and along that gap to `to`. The label sits on the last gap segment.
 */
function geometry(from: Box, to: Box, spread: number, column: { left: number; right: number }) {
  const sx = Math.min(from.right - 2, Math.max(from.left + 2, from.x + spread));
  const start = { x: sx, y: from.top };
  const end = { x: to.x, y: to.top - 1 };
  if (Math.abs(from.top - to.top) < 2) {
    return {
      path: polyline([start, { x: sx, y: from.lane }, { x: to.x, y: from.lane }, end]),
      label: { x: (sx + to.x) / 2, y: from.lane },
    };
  }
  const side = (from.x + to.x) / 2 > (column.left + column.right) / 2 ? column.right : column.left;
  const points = [start, { x: sx, y: from.lane }, { x: side, y: from.lane }, { x: side, y: to.lane }, { x: to.x, y: to.lane }, end];
  return { path: polyline(points), label: { x: (side + to.x) / 2, y: to.lane } };
}

export function RelationArrows({ layerRef, editor, labels, annotations, relations, selectedId }: Props) {
  const [arrows, setArrows] = useState<Arrow[]>([]);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const related = useMemo(
    () => (selectedId ? relations.filter((r) => r.from === selectedId || r.to === selectedId) : []),
    [relations, selectedId],
  );
  const colors = useMemo(() => new Map(labels.map((l) => [l.name, l.color])), [labels]);

  useEffect(() => {
    const el = editor.getRootElement()?.parentElement;
    if (!el || related.length === 0) return;
    const byId = new Map(annotations.map((a) => [a.id as string, a]));
    let frame = 0;
    const draw = () => {
      frame = 0;
      const layer = layerRef.current;
      if (!layer) return;
      const box = el.getBoundingClientRect();
      const article = editor.getRootElement()?.getBoundingClientRect();
      const column = article
        ? { left: article.left - box.left + el.scrollLeft - MARGIN_GAP, right: article.right - box.left + el.scrollLeft + MARGIN_GAP }
        : { left: 0, right: el.scrollWidth };
      const out: Arrow[] = [];
      const placed: { x: number; y: number; w: number }[] = [];
      const fromCount = new Map<string, number>();
      for (const r of related) fromCount.set(r.from, (fromCount.get(r.from) ?? 0) + 1);
      const fromSeen = new Map<string, number>();
      for (const r of related) {
        const from = boxOf(layer.rangesOf(r.from), box, el);
        const to = boxOf(layer.rangesOf(r.to), box, el);
        if (!from || !to) continue;
        const i = fromSeen.get(r.from) ?? 0;
        fromSeen.set(r.from, i + 1);
        const spread = (i - ((fromCount.get(r.from) ?? 1) - 1) / 2) * 16;
        const { path, label } = geometry(from, to, spread, column);
        // Keep labels from covering each other: move a label along its gap until it is clear.
        const w = r.type.length * 7 + 8;
        while (placed.some((p) => Math.abs(p.y - label.y) < 14 && Math.abs(p.x - label.x) < (p.w + w) / 2)) label.x += w / 2 + 4;
        placed.push({ x: label.x, y: label.y, w });
        const other = byId.get(r.from === selectedId ? r.to : r.from);
        out.push({
          id: r.id,
          type: r.type,
          outgoing: r.from === selectedId,
          path,
          label,
          color: (other && colors.get(other.label)) ?? '#444',
        });
      }
      setSize({ width: el.scrollWidth, height: el.scrollHeight });
      setArrows(out);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    schedule();
    el.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(schedule) : null;
    observer?.observe(el);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      el.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      observer?.disconnect();
    };
  }, [editor, layerRef, related, annotations, colors, selectedId]);

  if (related.length === 0 || arrows.length === 0) return null;
  return (
    <svg
      className="relation-arrows"
      data-testid="relation-arrows"
      aria-hidden="true"
      width={size.width}
      height={size.height}
      viewBox={`0 0 ${size.width} ${size.height}`}
    >
      <defs>
        <marker id="cs-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#1a1a2e" />
        </marker>
      </defs>
      {arrows.map((a) => (
        <g key={a.id} className="relation-arrow" data-type={a.type} data-direction={a.outgoing ? 'out' : 'in'}>
          <path d={a.path} fill="none" stroke="#fff" strokeWidth={5} strokeOpacity={0.8} />
          <path
            d={a.path}
            fill="none"
            stroke="#1a1a2e"
            strokeWidth={1.75}
            strokeDasharray={a.outgoing ? undefined : '5 3'}
            markerEnd="url(#cs-arrowhead)"
          />
          <text
            x={a.label.x}
            y={a.label.y}
            textAnchor="middle"
            dominantBaseline="middle"
            className="relation-arrow-label"
            style={{ ['--rel-color' as string]: a.color }}
          >
            {a.type}
          </text>
        </g>
      ))}
    </svg>
  );
}
