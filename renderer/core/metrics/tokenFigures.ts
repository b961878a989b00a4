/**
 * The token-level coefficients of the agreement report (Cohen's κ per pair, Fleiss' κ, nominal α)
 * from folded token tuples (tokenIds.ts), per label view. Categories are small integers: a value id
 * maps to its category once per label for the whole corpus ({@link LabelViews}, extended as new
 * values are interned), and tables are filled in the order the cells first appear, so every sum is
 * taken in the same order as with the categories' names.
 */
import { cohensKappaFromCells } from './cohen.ts';
import { fleissKappa } from './fleiss.ts';
import { krippendorffAlphaNominalFromCounts } from './krippendorff.ts';
import type { LabelFigures, PairKappa } from './report.ts';
import { ALL_LABELS } from './spans.ts';
import { LABEL_JOIN, OUTSIDE, type TupleTable, type ValueInterner } from './tokenIds.ts';

/**
 * The cells of a pair of layers: tokens both rated, by the two value ids (`a[c]`, `b[c]`, `count[c]`
 * for `c < size`), in the order the cells first appear among the tuples.
 */
export interface PairCells {
  size: number;
  a: Int32Array;
  b: Int32Array;
  count: Float64Array;
}

/**
 * The cells of every pair of layers (`values`: how many value ids there are). A cell is found by
 * its two ids in a reused square of indexes, cleared after each pair. The cells are kept in
 * buffers reused from call to call: they are valid until the next call.
 */
export function pairCellsOf(tuples: TupleTable, pairs: readonly [number, number][], values: number): PairCells[] {
  const { m, ids, counts } = tuples;
  const dense = values <= DENSE_VALUES;
  if (dense && cellIndex.length < values * values) cellIndex = new Int32Array(values * values).fill(-1);
  return pairs.map(([x, y], p) => {
    const index = dense ? null : new Map<number, number>();
    let cells = cellPool[p];
    if (!cells || cells.a.length < tuples.size) {
      const length = Math.max(tuples.size, 2 * (cells?.a.length ?? 0));
      cells = cellPool[p] = { size: 0, a: new Int32Array(length), b: new Int32Array(length), count: new Float64Array(length) };
    }
    const { a, b, count } = cells;
    count.fill(0, 0, tuples.size);
    let size = 0;
    for (let t = 0; t < tuples.size; t++) {
      const va = ids[t * m + x]!;
      const vb = ids[t * m + y]!;
      if (va < 0 || vb < 0) continue;
      const key = va * (dense ? values : PAIR_KEY) + vb;
      let c = index ? index.get(key) : cellIndex[key]!;
      if (c === undefined || c < 0) {
        c = size++;
        if (index) index.set(key, c);
        else cellIndex[key] = c;
        a[c] = va;
        b[c] = vb;
      }
      count[c]! += counts[t]!;
    }
    if (dense) for (let c = 0; c < size; c++) cellIndex[a[c]! * values + b[c]!] = -1;
    cells.size = size;
    return cells;
  });
}

/** The buffers of {@link pairCellsOf}, one set per pair position. */
const cellPool: PairCells[] = [];

/** Scratch of the Cohen tables: each category's row (and column), each cell's row and column, the table row after row. */
let slotBuffer = new Int32Array(16);
let cellRows = new Int32Array(64);
let cellCols = new Int32Array(64);
let cellTable = new Float64Array(64);

/** Up to this many values, cells are indexed in {@link cellIndex}; beyond, in a map. */
const DENSE_VALUES = 512;
let cellIndex = new Int32Array(0);
const PAIR_KEY = 2 ** 26;

/** Under one label's view: the category of each value id, numbered in order of the values. */
export interface LabelView {
  /** Category names by number. */
  categories: string[];
  /** Category number of each value id. */
  categoryOf: number[];
}

/**
 * Each label's view of the interned values: over all labels the value itself; per label the label
 * when the value includes it, `O` otherwise. Kept for the whole report and extended as values come.
 */
export class LabelViews {
  /** Per label: besides the view, each category's number by name and how many categories the first v + 1 values show. */
  private readonly views = new Map<string, LabelView & { index: Map<string, number>; shown: number[] }>();
  constructor(private readonly values: ValueInterner) {}

  /**
   * The view over every value interned so far or, with `values`, as it was when only the first
   * `values` values had been interned (the categories those values had shown).
   */
  of(label: string, values = this.values.names.length): LabelView {
    let view = this.views.get(label);
    if (!view) this.views.set(label, (view = { categories: [], categoryOf: [], index: new Map(), shown: [] }));
    const names = this.values.names;
    for (let v = view.categoryOf.length; v < names.length; v++) {
      const value = names[v]!;
      const category = label === ALL_LABELS ? value : value.split(LABEL_JOIN).includes(label) ? label : OUTSIDE;
      let c = view.index.get(category);
      if (c === undefined) {
        c = view.categories.length;
        view.index.set(category, c);
        view.categories.push(category);
      }
      view.categoryOf.push(c);
      view.shown.push(view.categories.length);
    }
    if (values >= names.length) return view;
    return { categories: view.categories.slice(0, values > 0 ? view.shown[values - 1]! : 0), categoryOf: view.categoryOf };
  }
}

export interface CoefficientInput {
  layers: readonly string[];
  /** The layers in scope (indexes into `layers` and into each tuple's ids). */
  layerIndexes: readonly number[];
  pairs: readonly [number, number][];
}

/** Cohen's κ per pair and their mean, Fleiss' κ and nominal α for one label's view. */
export function tokenCoefficients(
  f: CoefficientInput,
  tuples: TupleTable,
  pairCells: readonly PairCells[],
  view: LabelView,
): Pick<LabelFigures, 'cohen' | 'meanCohen' | 'fleiss' | 'alphaNominal'> {
  const { categoryOf, categories } = view;
  const k = categories.length;
  if (slotBuffer.length < k) slotBuffer = new Int32Array(Math.max(k, 2 * slotBuffer.length));
  const slot = slotBuffer;
  const cohen: PairKappa[] = f.pairs.map(([x, y], p) => {
    // The pair's table, its categories numbered in order of first appearance.
    slot.fill(-1, 0, k);
    let used = 0;
    const cells = pairCells[p]!;
    if (cellRows.length < cells.size) {
      cellRows = new Int32Array(2 * cells.size);
      cellCols = new Int32Array(2 * cells.size);
    }
    const rows = cellRows;
    const cols = cellCols;
    for (let c = 0; c < cells.size; c++) {
      const ca = categoryOf[cells.a[c]!]!;
      if (slot[ca]! < 0) slot[ca] = used++;
      rows[c] = slot[ca]!;
      const cb = categoryOf[cells.b[c]!]!;
      if (slot[cb]! < 0) slot[cb] = used++;
      cols[c] = slot[cb]!;
    }
    if (cellTable.length < used * used) cellTable = new Float64Array(2 * used * used);
    const table = cellTable;
    table.fill(0, 0, used * used);
    for (let c = 0; c < cells.size; c++) table[rows[c]! * used + cols[c]!]! += cells.count[c]!;
    const r = cohensKappaFromCells(table, used);
    return {
      a: f.layers[x]!,
      b: f.layers[y]!,
      kappa: r.kappa,
      observed: r.observed,
      expected: r.expected,
      n: r.n,
      degenerate: r.degenerate,
    };
  });
  const defined = cohen.filter((c) => !Number.isNaN(c.kappa));
  const meanCohen = defined.length > 0 ? defined.reduce((s, c) => s + c.kappa, 0) / defined.length : NaN;

  // One row of category counts per tuple: Fleiss over the rows where every layer in scope has a
  // value, α over all of them. Tuples are collapsed to distinct category tuples first (few under a
  // binary label view).
  const base = k + 1;
  const byCode = new Map<number, number>();
  const exact = base ** f.layerIndexes.length < Number.MAX_SAFE_INTEGER;
  const rows: number[][] = [];
  const weights: number[] = [];
  const completeRows: number[][] = [];
  const completeWeights: number[] = [];
  const pushRow = (row: number[], count: number, complete: boolean) => {
    rows.push(row);
    weights.push(count);
    if (complete) {
      completeRows.push(row);
      completeWeights.push(count);
    }
  };
  const { m, ids, counts } = tuples;
  for (let t = 0; t < tuples.size; t++) {
    const count = counts[t]!;
    if (exact) {
      let code = 0;
      for (const i of f.layerIndexes) {
        const v = ids[t * m + i]!;
        code = code * base + (v < 0 ? 0 : categoryOf[v]! + 1);
      }
      byCode.set(code, (byCode.get(code) ?? 0) + count);
      continue;
    }
    const row = new Array<number>(k).fill(0);
    let complete = true;
    for (const i of f.layerIndexes) {
      const v = ids[t * m + i]!;
      if (v < 0) complete = false;
      else row[categoryOf[v]!]! += 1;
    }
    pushRow(row, count, complete);
  }
  for (const [code, count] of byCode) {
    const row = new Array<number>(k).fill(0);
    let complete = true;
    let rest = code;
    for (let p = 0; p < f.layerIndexes.length; p++) {
      const digit = rest % base;
      rest = Math.floor(rest / base);
      if (digit === 0) complete = false;
      else row[digit - 1]! += 1;
    }
    pushRow(row, count, complete);
  }
  // With fewer than two layers, or no token every layer rated, fleissKappa returns its error result.
  const fleiss = f.layerIndexes.length < 2 ? fleissKappa([[f.layerIndexes.length]]) : fleissKappa(completeRows, completeWeights);
  return {
    cohen,
    meanCohen,
    fleiss: { ...fleiss, categories: [...categories] },
    alphaNominal: krippendorffAlphaNominalFromCounts(rows, weights),
  };
}
