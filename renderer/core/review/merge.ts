/**
 * Curation: the annotator layers of one document grouped into candidates for the gold layer.
 *
 * A **variant** is one (label, ranges) pair with the layers that annotated exactly that. Variants
 * are grouped into **candidate groups** of overlapping annotations from different layers:
 *
 * 1. variants of the same label that share a character and come from different layers join;
 * 2. a group still holding one layer only joins the overlapping group of another layer (any label)
 *    with which it shares the most characters — a Speaker that another annotator called a Source.
 *
 * A variant that every compared layer annotated is **agreed** and stands alone (so an agreed claim
 * does not swallow the speakers nested in it). Each annotation is then:
 * - `agreed`: same label and same ranges in every compared layer (at least two layers);
 * - `partial`: it overlaps an annotation of another layer, with a different boundary or label, or
 *   only some of the layers share it exactly;
 * - `single`: no other layer has anything overlapping it in its group.
 *
 * Pure: no DOM, no database. Cost: a sort and a sweep over overlapping variants.
 */
import { newAnnotationId } from '../model/ids.ts';
import { newRelation } from '../model/records.ts';
import { GOLD_LAYER, type Annotation, type AnnotationId, type Relation, type Span } from '../model/types.ts';

/** What grouping needs of an annotation (an {@link Annotation} fits). */
export interface ReviewAnnotation {
  id: string;
  layer: string;
  label: string;
  ranges: readonly Span[];
}

export type CandidateState = 'agreed' | 'partial' | 'single';

export interface Variant<T extends ReviewAnnotation = ReviewAnnotation> {
  /** Stable text key of label + ranges, see {@link signatureOf}. */
  signature: string;
  label: string;
  ranges: readonly Span[];
  /** The layers that annotated exactly this, in the order of the compared layers. */
  layers: string[];
  /** The annotations behind it (several layers; rarely two of one layer). */
  members: T[];
  state: CandidateState;
}

export interface CandidateGroup<T extends ReviewAnnotation = ReviewAnnotation> {
  /** Stable within one grouping: the signature of its earliest variant. */
  key: string;
  state: CandidateState;
  /** The smallest span covering every member. */
  span: Span;
  /** Variants in reading order. */
  variants: Variant<T>[];
  /** Layers with at least one member in the group, in compared-layer order. */
  layers: string[];
}

export interface Grouping<T extends ReviewAnnotation = ReviewAnnotation> {
  groups: CandidateGroup<T>[];
  /** Every annotation's state, by annotation id. */
  stateOf: Map<string, CandidateState>;
}

/** `label` and ranges as text (`Claim@10-20,30-35`); equal for equal label and ranges. */
export function signatureOf(a: { label: string; ranges: readonly Span[] }): string {
  return `${a.label}@${a.ranges.map((r) => `${r.start}-${r.end}`).join(',')}`;
}

/** The variant's signature prefixed by its layer: identifies one layer's annotation of it. */
export function layerSignatureOf(a: { layer: string; label: string; ranges: readonly Span[] }): string {
  return `${a.layer}|${signatureOf(a)}`;
}

function cover(ranges: readonly Span[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const r of ranges) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  return ranges.length ? { start, end } : { start: 0, end: 0 };
}

function shared(a: readonly Span[], b: readonly Span[]): number {
  let n = 0;
  for (const x of a) for (const y of b) n += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return n;
}

/**
 * Groups the annotations of `layers` (other layers' annotations are ignored) into candidate groups,
 * in reading order. With fewer than two layers everything is `single`.
 */
export function groupCandidates<T extends ReviewAnnotation>(annotations: readonly T[], layers: readonly string[]): Grouping<T> {
  const order = new Map(layers.map((l, i) => [l, i]));
  const byLayerOrder = (a: string, b: string) => order.get(a)! - order.get(b)!;
  const variantsBySig = new Map<string, Variant<T>>();
  for (const a of annotations) {
    if (!order.has(a.layer) || a.ranges.length === 0) continue;
    const sig = signatureOf(a);
    let v = variantsBySig.get(sig);
    if (!v) variantsBySig.set(sig, (v = { signature: sig, label: a.label, ranges: a.ranges, layers: [], members: [], state: 'single' }));
    v.members.push(a);
    if (!v.layers.includes(a.layer)) v.layers.push(a.layer);
  }
  const variants = [...variantsBySig.values()];
  for (const v of variants) {
    v.layers.sort(byLayerOrder);
    v.members.sort((x, y) => byLayerOrder(x.layer, y.layer) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }
  const spans = variants.map((v) => cover(v.ranges));
  const idx = variants
    .map((_, i) => i)
    .sort(
      (i, j) =>
        spans[i]!.start - spans[j]!.start || spans[j]!.end - spans[i]!.end || (variants[i]!.signature < variants[j]!.signature ? -1 : 1),
    );
  const agreed = variants.map((v) => layers.length >= 2 && v.layers.length === layers.length);

  // Overlapping pairs of non-agreed variants from different layers (sweep over covering spans).
  const pairs: { i: number; j: number; chars: number }[] = [];
  const active: number[] = [];
  for (const i of idx) {
    if (agreed[i]) continue;
    const s = spans[i]!;
    for (let k = active.length - 1; k >= 0; k--) if (spans[active[k]!]!.end <= s.start) active.splice(k, 1);
    for (const j of active) {
      const chars = shared(variants[i]!.ranges, variants[j]!.ranges);
      if (chars === 0) continue;
      const li = variants[i]!.layers;
      const lj = variants[j]!.layers;
      if (li.some((l) => !lj.includes(l)) || lj.some((l) => !li.includes(l))) pairs.push({ i, j, chars });
    }
    active.push(i);
  }

  const parent = variants.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // 1. Same label, different layers.
  for (const p of pairs) if (variants[p.i]!.label === variants[p.j]!.label) union(p.i, p.j);
  // 2. Groups of one layer join their best-overlapping partner of another label.
  const groupLayers = new Map<number, Set<string>>();
  for (let i = 0; i < variants.length; i++) {
    if (agreed[i]) continue;
    const r = find(i);
    let set = groupLayers.get(r);
    if (!set) groupLayers.set(r, (set = new Set()));
    for (const l of variants[i]!.layers) set.add(l);
  }
  const best = new Map<number, { other: number; chars: number }>();
  for (const p of pairs) {
    if (variants[p.i]!.label === variants[p.j]!.label) continue;
    for (const [x, y] of [
      [p.i, p.j],
      [p.j, p.i],
    ] as const) {
      const rx = find(x);
      if (groupLayers.get(rx)!.size !== 1) continue;
      const cur = best.get(rx);
      if (!cur || p.chars > cur.chars) best.set(rx, { other: y, chars: p.chars });
    }
  }
  for (const [root, { other }] of best) union(root, other);

  // Collect groups.
  const groupsByRoot = new Map<number, number[]>();
  for (const i of idx) {
    const r = agreed[i] ? -1 - i : find(i);
    let list = groupsByRoot.get(r);
    if (!list) groupsByRoot.set(r, (list = []));
    list.push(i);
  }
  const stateOf = new Map<string, CandidateState>();
  const groups: CandidateGroup<T>[] = [];
  for (const members of groupsByRoot.values()) {
    const layerSet = new Set<string>();
    for (const i of members) for (const l of variants[i]!.layers) layerSet.add(l);
    const groupState: CandidateState = members.length === 1 && agreed[members[0]!] ? 'agreed' : layerSet.size > 1 ? 'partial' : 'single';
    for (const i of members) {
      const v = variants[i]!;
      v.state = groupState;
      for (const m of v.members) stateOf.set(m.id, groupState);
    }
    const vs = members.map((i) => variants[i]!);
    groups.push({
      key: vs[0]!.signature,
      state: groupState,
      span: cover(vs.flatMap((v) => v.ranges)),
      variants: vs,
      layers: [...layerSet].sort(byLayerOrder),
    });
  }
  groups.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end || (a.key < b.key ? -1 : 1));
  return { groups, stateOf };
}

/** How a candidate group stands in the review. */
export type ReviewState = 'open' | 'accepted' | 'rejected' | 'dismissed';

/** A recorded review decision about variants (by {@link layerSignatureOf}). */
export interface ReviewDecisionLike {
  /** `reject`, `nothing-right`; other kinds (`accept`) are ignored here. */
  kind: string;
  signatures: readonly string[];
}

/**
 * The review state of a group: `accepted` when gold holds one of its variants, `dismissed` when
 * "nothing here is right" was recorded for all of its annotations, `rejected` when every
 * annotation in it was rejected, otherwise `open`.
 */
export function reviewStateOf(
  group: CandidateGroup,
  goldSignatures: ReadonlySet<string>,
  decisions: readonly ReviewDecisionLike[],
): ReviewState {
  if (group.variants.some((v) => goldSignatures.has(v.signature))) return 'accepted';
  const all = group.variants.flatMap((v) => v.members.map((m) => layerSignatureOf(m)));
  const covered = (kind: string) => {
    const set = new Set(decisions.filter((d) => d.kind === kind).flatMap((d) => d.signatures));
    return all.length > 0 && all.every((s) => set.has(s));
  };
  if (covered('nothing-right')) return 'dismissed';
  if (covered('reject')) return 'rejected';
  return 'open';
}

/** Whether one variant was rejected (every annotation of it covered by a reject decision). */
export function variantRejected(variant: Variant, decisions: readonly ReviewDecisionLike[]): boolean {
  const set = new Set(decisions.filter((d) => d.kind === 'reject').flatMap((d) => d.signatures));
  return variant.members.every((m) => set.has(layerSignatureOf(m)));
}

/**
 * Majority vote: the variants that at least `threshold` of the compared layers annotated exactly
 * (e.g. 2 of 3). A threshold below one is treated as one. Each chosen variant is returned with its
 * first member as the annotation to copy.
 */
export function majorityVote<T extends ReviewAnnotation>(groups: readonly CandidateGroup<T>[], threshold: number): Variant<T>[] {
  const need = Math.max(1, Math.ceil(threshold));
  return groups.flatMap((g) => g.variants.filter((v) => v.layers.length >= need));
}

/** Every agreed variant (all layers, same label and ranges). */
export function agreedVariants<T extends ReviewAnnotation>(groups: readonly CandidateGroup<T>[]): Variant<T>[] {
  return groups.filter((g) => g.state === 'agreed').flatMap((g) => g.variants);
}

/** Every variant one layer annotated, as that layer's annotation. */
export function layerVariants<T extends ReviewAnnotation>(groups: readonly CandidateGroup<T>[], layer: string): Variant<T>[] {
  return groups.flatMap((g) => g.variants.filter((v) => v.layers.includes(layer)));
}

// ---------------------------------------------------------------------------------------------
// Accepting into gold

export interface AcceptItem {
  /** The annotator's annotation to copy. */
  annotation: Annotation;
  /** Accept it under another label (an edit on the way into gold). */
  label?: string;
}

export interface AcceptPlan {
  /** New gold annotations to add. */
  annotations: Annotation[];
  /** New gold relations: copies of the source layers' relations whose two ends are both in gold. */
  relations: Relation[];
  /** Items that gold already holds (same label and ranges): nothing to add. */
  alreadyInGold: Annotation[];
  /** Which gold annotation now stands for each accepted source annotation, by source id. */
  goldFor: Map<string, Annotation>;
}

/**
 * Copies the accepted annotations into gold (new ids, `layer: 'gold'`, attributes and note kept,
 * `createdBy` the annotator it came from, `updatedBy` the reviewer) and the relations between them:
 * a source relation is copied when both its ends have a gold counterpart (accepted now, or already
 * in gold with the same label and ranges) and gold does not hold that link yet. Pure; the caller
 * writes the plan in one transaction.
 */
export function planAccept(input: {
  items: readonly AcceptItem[];
  /** Every annotation and relation of the document in the annotator layers (relation sources). */
  source: { annotations: readonly Annotation[]; relations: readonly Relation[] };
  gold: { annotations: readonly Annotation[]; relations: readonly Relation[] };
  reviewer: string;
  at: string;
  goldLayer?: string;
}): AcceptPlan {
  const goldLayer = input.goldLayer ?? GOLD_LAYER;
  const goldBySig = new Map<string, Annotation>();
  for (const g of input.gold.annotations) if (!goldBySig.has(signatureOf(g))) goldBySig.set(signatureOf(g), g);
  const created: Annotation[] = [];
  const alreadyInGold: Annotation[] = [];
  const goldFor = new Map<string, Annotation>();
  const acceptedNow = new Set<string>();
  for (const item of input.items) {
    const a = item.annotation;
    const label = item.label ?? a.label;
    const sig = signatureOf({ label, ranges: a.ranges });
    acceptedNow.add(a.id);
    const existing = goldBySig.get(sig);
    if (existing) {
      goldFor.set(a.id, existing);
      if (!created.includes(existing)) alreadyInGold.push(a);
      continue;
    }
    const copy: Annotation = {
      id: newAnnotationId(),
      projectId: a.projectId,
      documentId: a.documentId,
      layer: goldLayer,
      label,
      ranges: a.ranges.map((r) => ({ start: r.start, end: r.end })),
      quote: a.quote,
      attributes: structuredCloneAttributes(a.attributes),
      note: a.note,
      origin: a.origin,
      createdBy: a.layer,
      createdAt: input.at,
      updatedBy: input.reviewer,
      updatedAt: input.at,
    };
    goldBySig.set(sig, copy);
    goldFor.set(a.id, copy);
    created.push(copy);
  }
  const sourceById = new Map(input.source.annotations.map((a) => [a.id as string, a]));
  // Every source annotation with a gold counterpart (same label and ranges), accepted now or before.
  const counterpart = (id: string): Annotation | undefined => {
    const now = goldFor.get(id);
    if (now) return now;
    const src = sourceById.get(id);
    return src ? goldBySig.get(signatureOf(src)) : undefined;
  };
  const goldLinks = new Set(input.gold.relations.map((r) => `${r.from}>${r.to}>${r.type}`));
  const relations: Relation[] = [];
  for (const r of input.source.relations) {
    if (!acceptedNow.has(r.from) && !acceptedNow.has(r.to)) continue;
    const from = counterpart(r.from);
    const to = counterpart(r.to);
    if (!from || !to || from.id === to.id) continue;
    const key = `${from.id}>${to.id}>${r.type}`;
    if (goldLinks.has(key)) continue;
    goldLinks.add(key);
    const doc = { id: r.documentId, projectId: r.projectId };
    const ends = { from: from.id as AnnotationId, to: to.id as AnnotationId };
    relations.push(
      newRelation(doc, { ...ends, type: r.type, layer: goldLayer, createdBy: r.layer, updatedBy: input.reviewer }, { at: input.at }),
    );
  }
  return { annotations: created, relations, alreadyInGold, goldFor };
}

function structuredCloneAttributes(attrs: Annotation['attributes']): Annotation['attributes'] {
  const out: Annotation['attributes'] = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}
