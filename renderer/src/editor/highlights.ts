/**
 * Draws annotations over the article with the CSS Custom Highlight API: one `Highlight` per label
 * holding DOM `Range`s, painted by `::highlight()` rules. No element is added to the text, so a
 * long article with thousands of overlapping annotations renders as fast as plain text, and
 * adding one annotation only adds one range (see README, "Editor design").
 */
import { SUGGESTIONS_LAYER, type Annotation, type LabelDef } from '../../core/model/types.ts';
import type { DomLocator } from './domOffsets.ts';

interface Drawn {
  annotation: Annotation;
  ranges: Range[];
  highlight: Highlight;
}

const SELECTED = 'cs-selected';

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

  constructor(labels: readonly LabelDef[]) {
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

  /** Brings the drawn ranges in line with `annotations`, touching only what changed. */
  sync(annotations: readonly Annotation[], locator: DomLocator): void {
    const seen = new Set<string>();
    for (const a of annotations) {
      seen.add(a.id);
      const prev = this.drawn.get(a.id);
      if (prev && prev.annotation === a) continue;
      if (prev) this.erase(prev);
      this.draw(a, locator);
    }
    if (seen.size !== this.drawn.size) {
      for (const [id, d] of this.drawn) {
        if (!seen.has(id)) {
          this.erase(d);
          this.drawn.delete(id);
        }
      }
    }
    this.refreshSelected();
  }

  /** Rebuilds every range, after the editor replaced DOM nodes. */
  redrawAll(locator: DomLocator): void {
    const all = [...this.drawn.values()].map((d) => d.annotation);
    for (const d of this.drawn.values()) this.erase(d);
    this.drawn.clear();
    for (const a of all) this.draw(a, locator);
    this.refreshSelected();
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.refreshSelected();
  }

  /** The DOM ranges of an annotation, for scrolling it into view. */
  rangesOf(id: string): readonly Range[] {
    return this.drawn.get(id)?.ranges ?? [];
  }

  dispose(): void {
    for (const [, h] of [...this.byLabel, ...this.suggestionsByLabel]) for (const name of namesOf(h)) CSS.highlights.delete(name);
    CSS.highlights.delete(SELECTED);
    CSS.highlights.delete('cs-label-unknown');
    this.style.remove();
    this.drawn.clear();
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
