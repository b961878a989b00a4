/**
 * The token pipeline of the agreement report without per-token objects or strings: token bounds in
 * one Int32Array, each layer's token values as interned ids, and the layers' value tuples folded
 * into weighted units. The rules are those of labels.ts (tokenize, labelTokens), which build on
 * these functions.
 *
 * Cost per document: one pass over the characters (ASCII classified by code, other characters by
 * the tokeniser's Unicode expressions), one sweep over the tokens per layer, one over the tokens for
 * the tuples. Values are interned in the order the tokens first show them, layer after layer, so
 * the ids (and everything ordered by them) are the same as labelling to strings first.
 */
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
  const out = new Int32Array(2 * text.length);
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
  return out.slice(0, n);
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

interface LabelRange {
  start: number;
  end: number;
  label: string;
  /** The label's value id, interned when a token first has this range alone. */
  id: number;
}

/**
 * One layer's value id for each token (bounds from {@link tokenBounds}): the label of the layer's
 * span that shares a character with the token, `O` when none does, the labels sorted and joined
 * with `+` when several do.
 */
export function labelTokenIds(bounds: Int32Array, spans: readonly SpanItem[], values: ValueInterner): Int32Array {
  const ranges: LabelRange[] = [];
  for (const s of spans) {
    if (!s.ranges && s.end > s.start) ranges.push({ start: s.start, end: s.end, label: s.label, id: -1 });
    else if (s.ranges)
      for (const r of rangesOf(s)) if (r.end > r.start) ranges.push({ start: r.start, end: r.end, label: s.label, id: -1 });
  }
  ranges.sort((a, b) => a.start - b.start);
  const tokens = bounds.length >> 1;
  const ids = new Int32Array(tokens);
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

/** Folded token tuples: value ids per layer (-1 = missing) and how many tokens have them. */
export type TupleCounts = Map<string, { ids: Int32Array; count: number }>;

/** Adds `count` tokens with the value tuple `ids`. */
export function addTuple(tuples: TupleCounts, ids: Int32Array, count: number): void {
  const key = ids.join(',');
  const entry = tuples.get(key);
  if (entry) entry.count += count;
  else tuples.set(key, { ids, count });
}

/**
 * Folds the present layers' token ids into counts of value tuples over `m` layers. Each tuple is
 * coded as one number in base (distinct values + 1) while that stays exact, so the sweep over the
 * tokens allocates nothing.
 */
export function foldTokenIds(
  idsByLayer: readonly Int32Array[],
  present: readonly number[],
  m: number,
  distinctValues: number,
): TupleCounts {
  const tokens = idsByLayer[0]?.length ?? 0;
  const base = distinctValues + 1;
  const tuples: TupleCounts = new Map();
  if (base ** present.length < Number.MAX_SAFE_INTEGER) {
    const codes = new Map<number, number>();
    for (let t = 0; t < tokens; t++) {
      let code = 0;
      for (let p = present.length - 1; p >= 0; p--) code = code * base + idsByLayer[p]![t]! + 1;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    for (const [code, count] of codes) {
      const ids = new Int32Array(m).fill(-1);
      let rest = code;
      for (let p = 0; p < present.length; p++) {
        ids[present[p]!] = (rest % base) - 1;
        rest = Math.floor(rest / base);
      }
      addTuple(tuples, ids, count);
    }
    return tuples;
  }
  for (let t = 0; t < tokens; t++) {
    const ids = new Int32Array(m).fill(-1);
    for (let p = 0; p < present.length; p++) ids[present[p]!] = idsByLayer[p]![t]!;
    addTuple(tuples, ids, 1);
  }
  return tuples;
}
