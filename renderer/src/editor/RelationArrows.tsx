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

interface Arrow {
  id: string;
  type: string;
  outgoing: boolean;
  path: string;
  label: Point;
  color: string;
}

/** The first visible box of an annotation, in the scroll content's coordinates. */
function boxOf(ranges: readonly Range[], box: DOMRect, el: HTMLElement): { x: number; top: number; bottom: number } | null {
  for (const range of ranges) {
    const rects = range.getClientRects();
    const r = rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const dx = el.scrollLeft - box.left;
    const dy = el.scrollTop - box.top;
    return { x: r.left + r.width / 2 + dx, top: r.top + dy, bottom: r.bottom + dy };
  }
  return null;
}

const at = (t: number, p0: number, p1: number, p2: number, p3: number) =>
  (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;

/**
 * An arrow between two boxes: downwards from the bottom of `from` to the top of `to` (or upwards,
 * mirrored), an arc above the line when both sit on the same line. The label sits near the end,
 * where arrows from one annotation have already spread apart.
 */
function geometry(from: { x: number; top: number; bottom: number }, to: { x: number; top: number; bottom: number }, spread: number) {
  const sx = from.x + spread;
  let p0: Point;
  let p3: Point;
  let c1: Point;
  let c2: Point;
  if (to.top >= from.bottom - 2) {
    p0 = { x: sx, y: from.bottom };
    p3 = { x: to.x, y: to.top - 1 };
    const dy = Math.max(24, (p3.y - p0.y) / 2);
    c1 = { x: sx, y: p0.y + dy };
    c2 = { x: to.x, y: p3.y - dy };
  } else if (to.bottom <= from.top + 2) {
    p0 = { x: sx, y: from.top };
    p3 = { x: to.x, y: to.bottom + 1 };
    const dy = Math.max(24, (p0.y - p3.y) / 2);
    c1 = { x: sx, y: p0.y - dy };
    c2 = { x: to.x, y: p3.y + dy };
  } else {
    p0 = { x: sx, y: from.top };
    p3 = { x: to.x, y: to.top - 1 };
    const lift = 22 + Math.min(40, Math.abs(to.x - sx) / 10);
    c1 = { x: sx, y: p0.y - lift };
    c2 = { x: to.x, y: p3.y - lift };
  }
  const t = 0.78;
  return {
    path: `M ${p0.x} ${p0.y} C ${c1.x} ${c1.y}, ${c2.x} ${c2.y}, ${p3.x} ${p3.y}`,
    label: { x: at(t, p0.x, c1.x, c2.x, p3.x), y: at(t, p0.y, c1.y, c2.y, p3.y) },
  };
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
    if (!el || related.length === 0) {
      setArrows([]);
      return;
    }
    const byId = new Map(annotations.map((a) => [a.id as string, a]));
    let frame = 0;
    const draw = () => {
      frame = 0;
      const layer = layerRef.current;
      if (!layer) return;
      const box = el.getBoundingClientRect();
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
        const { path, label } = geometry(from, to, spread);
        // Keep labels from covering each other: move a label down until it is clear.
        const w = r.type.length * 7 + 8;
        while (placed.some((p) => Math.abs(p.y - label.y) < 14 && Math.abs(p.x - label.x) < (p.w + w) / 2)) label.y += 14;
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

  if (arrows.length === 0) return null;
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
