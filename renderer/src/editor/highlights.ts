/**
 * Draws annotations over the article with the CSS Custom Highlight API: one `Highlight` per label
 * holding DOM `Range`s, painted by `::highlight()` rules. No element is added to the text, so a
 * long article with thousands of overlapping annotations renders as fast as plain text, and
 * adding one annotation only adds one range (see README, "Editor design").
 *
 * Many annotations at once (a document opening) are drawn in two steps: those on screen before
 * the first paint, the rest in idle slices after it. An annotation not drawn yet is drawn the
 * moment its ranges are asked for (selecting it, scrolling to it, linking it).
 */
import { SUGGESTIONS_LAYER, type Annotation, type LabelDef, type Span } from '../../core/model/types.ts';
import type { DomLocator } from './domOffsets.ts';

interface Drawn {
  annotation: Annotation;
  ranges: Range[];
  highlight: Highlight;
}

const SELECTED = 'cs-selected';

/** Up to this many new annotations are drawn at once; more are drawn on screen first, the rest when idle. */
const DRAW_AT_ONCE = 400;
/** Annotations drawn per idle slice (about 5 ms of work). */
const IDLE_SLICE = 500;

/**
 * An opaque tint: the label colour mixed with white. Opaque, so a speaker nested in a claim shows
 * the speaker's own colour rather than a blend that could be mistaken for a third label; labels
 * later in the schema paint above earlier ones (Claim first, so its parts stay visible).
 */
export function tint(hex: string, amount: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 'rgb(200, 200, 200)';
  const mix = (h: string) => Math.round(parseInt(h, 16) * amount + 255 * (1 - amount));
  return `rgb(${mix(m[1]!)}, ${mix(m[2]!)}, ${mix(m[3]!)})`;
}

export class HighlightLayer {
  private byLabel = new Map<string, Highlight>();
  /** Suggestions (the `suggestions` layer) are drawn apart: a dashed underline in the label's colour. */
  private suggestionsByLabel = new Map<string, Highlight>();
  private drawn = new Map<string, Drawn>();
  private selected = new Highlight();
  private selectedId: string | null = null;
  private style: HTMLStyleElement;
  private fallback: Highlight;

  /** `onScreen` gives the text span in view, drawn first when many annotations arrive at once. */
  constructor(
    labels: readonly LabelDef[],
    private readonly onScreen: () => Span | null = () => null,
  ) {
    this.style = document.createElement('style');
    this.style.dataset.claimscope = 'highlights';
    document.head.append(this.style);
    const rules: string[] = [];
    labels.forEach((label, i) => {
      const h = new Highlight();
      h.priority = i + 1;
      const name = `cs-label-${i}`;
      CSS.highlights.set(name, h);
      this.byLabel.set(label.name, h);
      rules.push(`::highlight(${name}) { background-color: ${tint(label.color, 0.38)}; }`);
      const suggestion = new Highlight();
      suggestion.priority = labels.length + i + 1;
      CSS.highlights.set(`cs-suggestion-${i}`, suggestion);
      this.suggestionsByLabel.set(label.name, suggestion);
      rules.push(`::highlight(cs-suggestion-${i}) { text-decoration: underline 2px dashed ${label.color}; text-underline-offset: 4px; }`);
    });
    // Annotations whose label is not (or no longer) in the schema stay visible, in grey.
    this.fallback = new Highlight();
    this.fallback.priority = 0;
    CSS.highlights.set('cs-label-unknown', this.fallback);
    rules.push(`::highlight(cs-label-unknown) { background-color: rgb(214, 214, 214); }`);
    this.selected.priority = 1000;
    CSS.highlights.set(SELECTED, this.selected);
    rules.push(
      `::highlight(${SELECTED}) { background-color: rgba(20, 20, 40, 0.16); text-decoration: underline 3px solid #1a1a2e; text-underline-offset: 3px; }`,
    );
    this.style.textContent = rules.join('\n');
  }

  /**
   * Brings the drawn ranges in line with `annotations`, touching only what changed. When more
   * than a few hundred are new, those on screen are drawn now and the rest in idle slices.
   */
  sync(annotations: readonly Annotation[], locator: DomLocator): void {
    this.locator = locator;
    const seen = new Set<string>();
    const fresh: Annotation[] = [];
    let kept = 0;
    for (const a of annotations) {
      seen.add(a.id);
      const prev = this.drawn.get(a.id);
      if (prev && prev.annotation === a) {
        kept++;
        continue;
      }
      if (prev) {
        this.erase(prev);
        this.drawn.delete(a.id);
      }
      if (this.pending.get(a.id) !== a) fresh.push(a);
    }
    for (const id of this.pending.keys()) if (!seen.has(id)) this.pending.delete(id);
    if (kept !== this.drawn.size) {
      for (const [id, d] of this.drawn) {
        if (!seen.has(id)) {
          this.erase(d);
          this.drawn.delete(id);
        }
      }
    }
    this.drawSoon(fresh);
  }

  /** Rebuilds every range, after the editor replaced DOM nodes. */
  redrawAll(locator: DomLocator): void {
    this.locator = locator;
    const all = [...this.drawn.values()].map((d) => d.annotation);
    for (const d of this.drawn.values()) this.erase(d);
    this.drawn.clear();
    this.drawSoon(all);
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.refreshSelected();
  }

  /** The DOM ranges of an annotation, for scrolling it into view. */
  rangesOf(id: string): readonly Range[] {
    this.drawPending(id);
    return this.drawn.get(id)?.ranges ?? [];
  }

  dispose(): void {
    this.stopIdle();
    this.pending.clear();
    for (const [, h] of [...this.byLabel, ...this.suggestionsByLabel]) for (const name of namesOf(h)) CSS.highlights.delete(name);
    CSS.highlights.delete(SELECTED);
    CSS.highlights.delete('cs-label-unknown');
    this.style.remove();
    this.drawn.clear();
  }

  private pending = new Map<string, Annotation>();
  private locator: DomLocator | null = null;
  private idle: number | null = null;

  /** Draws `list` now, or (when long) what is on screen now and the rest when idle. */
  private drawSoon(list: readonly Annotation[]): void {
    const locator = this.locator!;
    const span = list.length > DRAW_AT_ONCE ? this.onScreen() : null;
    for (const a of list) {
      if (span && !a.ranges.some((r) => r.start < span.end && r.end > span.start)) this.pending.set(a.id, a);
      else {
        this.pending.delete(a.id);
        this.draw(a, locator);
      }
    }
    this.refreshSelected();
    if (this.pending.size && this.idle === null) this.idle = requestIdleCallback(this.drawIdleSlice, { timeout: 200 });
  }

  /** Draws pending annotations while the browser is idle (at least a slice when it never is). */
  private drawIdleSlice = (deadline: IdleDeadline): void => {
    this.idle = null;
    const locator = this.locator;
    if (!locator) return;
    let n = 0;
    for (const [id, a] of this.pending) {
      if (n >= IDLE_SLICE && (deadline.didTimeout || deadline.timeRemaining() <= 0)) break;
      this.pending.delete(id);
      this.draw(a, locator);
      n++;
    }
    if (this.pending.size) this.idle = requestIdleCallback(this.drawIdleSlice, { timeout: 200 });
  };

  private drawPending(id: string): void {
    const a = this.pending.get(id);
    if (!a || !this.locator) return;
    this.pending.delete(id);
    this.draw(a, this.locator);
  }

  private stopIdle(): void {
    if (this.idle !== null) cancelIdleCallback(this.idle);
    this.idle = null;
  }

  private draw(a: Annotation, locator: DomLocator): void {
    const highlight = (a.layer === SUGGESTIONS_LAYER ? this.suggestionsByLabel : this.byLabel).get(a.label) ?? this.fallback;
    const ranges = a.ranges.flatMap((r) => locator.rangesFor(r));
    for (const r of ranges) highlight.add(r);
    this.drawn.set(a.id, { annotation: a, ranges, highlight });
  }

  private erase(d: Drawn): void {
    for (const r of d.ranges) d.highlight.delete(r);
  }

  private refreshSelected(): void {
    this.selected.clear();
    if (!this.selectedId) return;
    this.drawPending(this.selectedId);
    const d = this.drawn.get(this.selectedId);
    if (d) for (const r of d.ranges) this.selected.add(r);
  }
}

function namesOf(h: Highlight): string[] {
  const names: string[] = [];
  CSS.highlights.forEach((value, key) => {
    if (value === h) names.push(key);
  });
  return names;
}
