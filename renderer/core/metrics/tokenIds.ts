/**
 * The token pipeline of the agreement report without per-token objects or strings: token bounds in
 * one Int32Array, each layer's token values as interned ids, and the layers' value tuples folded
 * into weighted units. The rules are those of labels.ts (tokenize, labelTokens), which build on
 * these functions.
 *
 * Cost per document: one pass over the characters (ASCII classified by code, other characters by
 * the tokeniser's Unicode expressions); per layer, each range marks the tokens it touches and one
 * pass names them; one pass over the tokens for the tuples, a run of equal tuples counted at once. Values are interned in the order the tokens first show them, layer after layer, so
 * the ids (and everything ordered by them) are the same as labelling to strings first.
 */
import { partitionPoint } from '../model/bisect.ts';
import type { Span } from '../model/types.ts';
import { rangesOf, type SpanItem } from './spans.ts';

/** The value of a token that no span covers ("outside"). */
export const OUTSIDE = 'O';
/** Joins the labels of a token covered by several labels in one layer. */
export const LABEL_JOIN = '+';

const WORD = /[\p{L}\p{M}\p{N}\p{Pc}]+/uy;
const SPACE = /\s+/uy;

/** 1 = ASCII white space, 2 = ASCII word character (letter, digit, `_`), 0 = other ASCII. */
const ASCII = new Uint8Array(128);
for (const c of [9, 10, 11, 12, 13, 32]) ASCII[c] = 1;
for (let c = 48; c <= 57; c++) ASCII[c] = 2;
for (let c = 65; c <= 90; c++) ASCII[c] = 2;
for (let c = 97; c <= 122; c++) ASCII[c] = 2;
ASCII[95] = 2;

/**
 * The tokens of a text (the rule of labels.ts `tokenize`) as `[start0, end0, start1, end1, …]`.
 * ASCII is classified by a table; any other character goes to the Unicode expressions.
 */
export function tokenBounds(text: string): Int32Array {
  return tokenBoundsShared(text).slice();
}

/** The buffer of {@link tokenBoundsShared}, grown as needed. */
let boundsBuffer = new Int32Array(0);

/**
 * {@link tokenBounds} in a buffer reused from call to call (no allocation per text): the result is
 * valid until the next call.
 */
export function tokenBoundsShared(text: string): Int32Array {
  if (boundsBuffer.length < 2 * text.length) boundsBuffer = new Int32Array(Math.max(2 * text.length, 2 * boundsBuffer.length));
  const out = boundsBuffer;
  let n = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const kind = ASCII[c]!;
      if (kind === 1) {
        i++;
        continue;
      }
      if (kind === 2) {
        let end = i + 1;
        while (end < length) {
          const d = text.charCodeAt(end);
          if (d >= 128 || ASCII[d] !== 2) break;
          end++;
        }
        if (end < length && text.charCodeAt(end) >= 128) {
          // The run may go on in a non-ASCII letter or mark: let the expression find its end.
          WORD.lastIndex = i;
          WORD.test(text);
          end = WORD.lastIndex;
        }
        out[n++] = i;
        out[n++] = end;
        i = end;
        continue;
      }
      out[n++] = i;
      out[n++] = i + 1;
      i++;
      continue;
    }
    SPACE.lastIndex = i;
    if (SPACE.test(text)) {
      i = SPACE.lastIndex;
      continue;
    }
    WORD.lastIndex = i;
    if (WORD.test(text)) {
      out[n++] = i;
      out[n++] = WORD.lastIndex;
      i = WORD.lastIndex;
      continue;
    }
    const end = i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
    out[n++] = i;
    out[n++] = end;
    i = end;
  }
  return out.subarray(0, n);
}

/** Token bounds of a list of tokens (sorted by start, not overlapping). */
export function boundsOf(tokens: readonly Span[]): Int32Array {
  const out = new Int32Array(2 * tokens.length);
  tokens.forEach((t, k) => {
    out[2 * k] = t.start;
    out[2 * k + 1] = t.end;
  });
  return out;
}

/** Assigns small consecutive ids to values, in order of first use. */
export class ValueInterner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(value, id);
      this.names.push(value);
    }
    return id;
  }
}

/**
 * One layer's value id for each token (bounds from {@link tokenBounds}): the label of the layer's
 * span that shares a character with the token, `O` when none does, the labels sorted and joined
 * with `+` when several do.
 *
 * Each range marks the tokens it touches with its label's bit (the first token found by binary
 * search); a token's set of labels then gives its value, named and interned once per set, in the
 * order the tokens show them. The ids are written into `ids` (one per token) when it is given.
 */
export function labelTokenIds(
  bounds: Int32Array,
  spans: readonly SpanItem[],
  values: ValueInterner,
  ids: Int32Array = new Int32Array(bounds.length >> 1),
): Int32Array {
  // Bits numbered for all the calls with these values, so a set of labels is named only once.
  let names = maskNames.get(values);
  if (!names) maskNames.set(values, (names = { labels: [], bits: new Map(), idOfMask: new Map() }));
  for (const s of spans) {
    let bit = names.bits.get(s.label);
    if (bit === undefined) {
      names.bits.set(s.label, (bit = names.labels.length));
      names.labels.push(s.label);
    }
    if (bit >= 30) return labelTokenIdsByLocalMasks(bounds, spans, values, ids);
  }
  const masks = maskTokens(bounds, spans, (label) => 1 << names.bits.get(label)!);
  return idsOfMasks(masks, bounds.length >> 1, names.labels, names.idOfMask, values, ids);
}

/** Label bits shared by every call with the same values: each label's bit, the value id of each set of labels. */
interface MaskNames {
  labels: string[];
  bits: Map<string, number>;
  idOfMask: Map<number, number>;
}
const maskNames = new WeakMap<ValueInterner, MaskNames>();

/** {@link labelTokenIds} with bits numbered for this layer alone (more labels than a mask holds over all calls). */
function labelTokenIdsByLocalMasks(bounds: Int32Array, spans: readonly SpanItem[], values: ValueInterner, ids: Int32Array): Int32Array {
  const labels: string[] = [];
  for (const s of spans) if (!labels.includes(s.label)) labels.push(s.label);
  if (labels.length > 30) return labelTokenIdsBySweep(bounds, spans, values, ids);
  const masks = maskTokens(bounds, spans, (label) => 1 << labels.indexOf(label));
  return idsOfMasks(masks, bounds.length >> 1, labels, new Map(), values, ids);
}

/** Each token's mask: the bits of the labels of the ranges that touch it (in a buffer reused from call to call). */
function maskTokens(bounds: Int32Array, spans: readonly SpanItem[], bitOf: (label: string) => number): Int32Array {
  const tokens = bounds.length >> 1;
  if (maskBuffer.length < tokens) maskBuffer = new Int32Array(Math.max(tokens, 2 * maskBuffer.length));
  const masks = maskBuffer;
  masks.fill(0, 0, tokens);
  for (const s of spans) {
    const bit = bitOf(s.label);
    if (s.ranges) for (const r of rangesOf(s)) markTokens(bounds, tokens, masks, r.start, r.end, bit);
    else markTokens(bounds, tokens, masks, s.start, s.end, bit);
  }
  return masks;
}

/** The value id of each token's mask, each new mask named (bit b = `labels[b]`) and interned in token order. */
function idsOfMasks(
  masks: Int32Array,
  tokens: number,
  labels: readonly string[],
  idOfMask: Map<number, number>,
  values: ValueInterner,
  ids: Int32Array,
): Int32Array {
  let lastMask = -1;
  let lastId = -1;
  for (let t = 0; t < tokens; t++) {
    const mask = masks[t]!;
    if (mask !== lastMask) {
      let id = idOfMask.get(mask);
      if (id === undefined) idOfMask.set(mask, (id = values.id(valueOfMask(labels, mask))));
      lastMask = mask;
      lastId = id;
    }
    ids[t] = lastId;
  }
  return ids;
}

/** The label masks of {@link labelTokenIds}, one per token, reused from call to call. */
let maskBuffer = new Int32Array(0);

/** Sets `bit` on the tokens that share a character with `[start, end)`. */
function markTokens(bounds: Int32Array, tokens: number, masks: Int32Array, start: number, end: number, bit: number): void {
  if (!(end > start)) return;
  // From the first token that ends after `start`.
  for (let t = partitionPoint(tokens, (k) => bounds[2 * k + 1]! <= start); t < tokens && bounds[2 * t]! < end; t++) masks[t]! |= bit;
}

/** The value of a set of labels: `O` for none, the label for one, the labels sorted and joined for several. */
function valueOfMask(labels: readonly string[], mask: number): string {
  if (mask === 0) return OUTSIDE;
  const set: string[] = [];
  for (let b = 0; b < labels.length; b++) if (mask & (1 << b)) set.push(labels[b]!);
  return set.length === 1 ? set[0]! : set.sort().join(LABEL_JOIN);
}

interface LabelRange {
  start: number;
  end: number;
  label: string;
  /** The label's value id, interned when a token first has this range alone. */
  id: number;
}

/** {@link labelTokenIds} for a layer with more labels than a mask holds: one sweep along the tokens. */
function labelTokenIdsBySweep(bounds: Int32Array, spans: readonly SpanItem[], values: ValueInterner, ids: Int32Array): Int32Array {
  const ranges: LabelRange[] = [];
  for (const s of spans) {
    if (!s.ranges && s.end > s.start) ranges.push({ start: s.start, end: s.end, label: s.label, id: -1 });
    else if (s.ranges)
      for (const r of rangesOf(s)) if (r.end > r.start) ranges.push({ start: r.start, end: r.end, label: s.label, id: -1 });
  }
  ranges.sort((a, b) => a.start - b.start);
  const tokens = bounds.length >> 1;
  const active: LabelRange[] = [];
  let outside = -1;
  let next = 0;
  for (let t = 0; t < tokens; t++) {
    const start = bounds[2 * t]!;
    const end = bounds[2 * t + 1]!;
    let kept = 0;
    for (let a = 0; a < active.length; a++) if (active[a]!.end > start) active[kept++] = active[a]!;
    if (kept !== active.length) active.length = kept;
    while (next < ranges.length && ranges[next]!.start < end) {
      const r = ranges[next++]!;
      if (r.end > start) active.push(r);
    }
    if (active.length === 0) {
      if (outside < 0) outside = values.id(OUTSIDE);
      ids[t] = outside;
      continue;
    }
    const first = active[0]!;
    let single = true;
    for (let a = 1; a < active.length; a++) {
      if (active[a]!.label !== first.label) {
        single = false;
        break;
      }
    }
    if (single) {
      if (first.id < 0) first.id = values.id(first.label);
      ids[t] = first.id;
    } else ids[t] = values.id([...new Set(active.map((r) => r.label))].sort().join(LABEL_JOIN));
  }
  return ids;
}

/**
 * Folded token tuples: distinct tuples of value ids over `m` layers (-1 = missing), in order of
 * first appearance, and how many tokens have each. Tuple `t` is `ids[t·m … t·m + m)`.
 *
 * A tuple's key is one number when its ids fit (each layer's id + 1 in a few bits: a small integer
 * when they fit in 30 bits, else a negative number of up to 52 bits), its ids joined otherwise. The
 * key depends on the tuple alone, so the tables of several documents merge.
 */
export class TupleTable {
  size = 0;
  ids: Int32Array;
  counts: Float64Array;
  /** Each tuple's key, by index. */
  private readonly keyList: (number | string)[] = [];
  private readonly index = new Map<number | string, number>();
  private readonly small: number;
  private readonly large: number;

  constructor(readonly m: number) {
    this.small = 2 ** Math.floor(30 / Math.max(1, m));
    this.large = 2 ** Math.floor(52 / Math.max(1, m));
    this.ids = new Int32Array(16 * Math.max(1, m));
    this.counts = new Float64Array(16);
  }

  /** The key of the tuple `ids[at … at + m)`. */
  keyOf(ids: ArrayLike<number>, at: number): number | string {
    let fits = true;
    let key = 0;
    for (let p = this.m - 1; p >= 0; p--) {
      const v = ids[at + p]! + 1;
      if (v >= this.small) fits = false;
      key = key * this.small + v;
    }
    if (fits) return key;
    key = 0;
    for (let p = this.m - 1; p >= 0; p--) {
      const v = ids[at + p]! + 1;
      if (v >= this.large) return Array.from({ length: this.m }, (_, q) => ids[at + q]!).join(',');
      key = key * this.large + v;
    }
    return -key - 1;
  }

  /** Adds `count` tokens with the tuple `ids[at … at + m)` under its `key`; returns the tuple's index. */
  add(key: number | string, ids: ArrayLike<number>, at: number, count: number): number {
    let t = this.index.get(key);
    if (t === undefined) {
      t = this.size++;
      this.index.set(key, t);
      this.keyList.push(key);
      if (t === this.counts.length) {
        const counts = new Float64Array(2 * t);
        counts.set(this.counts);
        this.counts = counts;
        const grown = new Int32Array(2 * t * this.m);
        grown.set(this.ids);
        this.ids = grown;
      }
      for (let p = 0; p < this.m; p++) this.ids[t * this.m + p] = ids[at + p]!;
    }
    this.counts[t]! += count;
    return t;
  }

  /** Empties the table (its buffers are kept for the next use). */
  clear(): void {
    this.counts.fill(0, 0, this.size);
    this.size = 0;
    this.keyList.length = 0;
    this.index.clear();
  }

  /** Adds every tuple of `other` (a table over the same layers), in its order. */
  addAll(other: TupleTable): void {
    for (let t = 0; t < other.size; t++) this.add(other.keyList[t]!, other.ids, t * this.m, other.counts[t]!);
  }
}

/**
 * Folds the present layers' token ids (`idsByLayer[p]` for layer `present[p]`) into a table of
 * value tuples over `m` layers. Neighbouring tokens mostly share their tuple, so a run of equal
 * tuples is added once. With `table` (over `m` layers), that table is emptied and filled.
 */
export function foldTokenIds(
  idsByLayer: readonly Int32Array[],
  present: readonly number[],
  m: number,
  table: TupleTable = new TupleTable(m),
): TupleTable {
  const tokens = idsByLayer[0]?.length ?? 0;
  table.clear();
  const tuple = new Int32Array(m).fill(-1);
  const runTuple = new Int32Array(m);
  let runKey: number | string | null = null;
  let run = 0;
  for (let t = 0; t < tokens; t++) {
    let same = runKey !== null;
    for (let p = 0; p < present.length; p++) {
      const v = idsByLayer[p]![t]!;
      if (tuple[present[p]!] !== v) {
        tuple[present[p]!] = v;
        same = false;
      }
    }
    if (same) {
      run++;
      continue;
    }
    if (runKey !== null) table.add(runKey, runTuple, 0, run);
    runTuple.set(tuple);
    runKey = table.keyOf(tuple, 0);
    run = 1;
  }
  if (runKey !== null) table.add(runKey, runTuple, 0, run);
  return table;
}
