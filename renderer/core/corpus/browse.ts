/**
 * The corpus browser's domain: a lightweight summary per document (what a list row, the filters
 * and the sort keys need — never the text), facets offered from the data, filters and sorting.
 */
import type { Annotation, DocumentRecord, Metadata } from '../model/types.ts';
import { toggled } from '../model/sets.ts';

export interface DocumentSummary {
  id: string;
  projectId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** Short scalar metadata values as strings (long ones, like an abstract, are left out). */
  meta: Record<string, string>;
  annotationCount: number;
  /** Distinct labels and layers of the document's annotations, sorted. */
  labels: string[];
  layers: string[];
  /**
   * Annotations per label and per layer, so a change can update the summary from what it
   * touched instead of re-reading every annotation of the document. Absent on rows written
   * before the counts were kept; those are recounted once on their next change.
   */
  labelCounts?: Record<string, number>;
  layerCounts?: Record<string, number>;
}

/** Longest metadata value kept in a summary; longer values are not useful as filters. */
export const META_VALUE_MAX = 120;
const META_KEYS_MAX = 16;

export function metaSubset(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of Object.entries(metadata)) {
    if (value === null || value === '' || n >= META_KEYS_MAX) continue;
    const s = String(value).trim();
    if (!s || s.length > META_VALUE_MAX) continue;
    out[key] = s;
    n++;
  }
  return out;
}

type AnnotationFacts = Pick<Annotation, 'label' | 'layer'>;

/** Looks up a value by document id: what a panel needs of the list (a title, a position). */
export interface ByDocument<T> {
  get(id: string): T | undefined;
}

/**
 * The list's `value` per document id, worked out on the first look-up rather than whenever the
 * list changes: an import replaces a list of 100,000 summaries, and a map of them built in the
 * same render was most of the window's longest task during a worker import.
 */
export function lazyByDocument<T>(
  summaries: readonly DocumentSummary[],
  value: (s: DocumentSummary, i: number) => T,
): ByDocument<T> & { map(): ReadonlyMap<string, T> } {
  let built: Map<string, T> | null = null;
  const map = () => (built ??= new Map(summaries.map((s, i) => [s.id, value(s, i)])));
  return { get: (id) => map().get(id), map };
}

export function summarize(
  doc: Pick<DocumentRecord, 'id' | 'projectId' | 'title' | 'createdAt' | 'updatedAt' | 'metadata'>,
  annotations: readonly AnnotationFacts[],
): DocumentSummary {
  const labelCounts: Record<string, number> = {};
  const layerCounts: Record<string, number> = {};
  for (const a of annotations) {
    labelCounts[a.label] = (labelCounts[a.label] ?? 0) + 1;
    layerCounts[a.layer] = (layerCounts[a.layer] ?? 0) + 1;
  }
  return {
    id: doc.id,
    projectId: doc.projectId,
    title: doc.title,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    meta: metaSubset(doc.metadata),
    annotationCount: annotations.length,
    labels: Object.keys(labelCounts).sort(),
    layers: Object.keys(layerCounts).sort(),
    labelCounts,
    layerCounts,
  };
}

/**
 * The summary after some of its document's annotations were added and others removed (an
 * edited annotation is removed as it was and added as it is). Null when the summary has no
 * per-label counts to update (an older row): recount it instead.
 */
export function applyAnnotationDelta(
  summary: DocumentSummary,
  added: readonly AnnotationFacts[],
  removed: readonly AnnotationFacts[],
): DocumentSummary | null {
  if (!summary.labelCounts || !summary.layerCounts) return null;
  const labelCounts = { ...summary.labelCounts };
  const layerCounts = { ...summary.layerCounts };
  const bump = (counts: Record<string, number>, key: string, by: number) => {
    const n = (counts[key] ?? 0) + by;
    if (n > 0) counts[key] = n;
    else delete counts[key];
  };
  for (const a of removed) {
    bump(labelCounts, a.label, -1);
    bump(layerCounts, a.layer, -1);
  }
  for (const a of added) {
    bump(labelCounts, a.label, 1);
    bump(layerCounts, a.layer, 1);
  }
  return {
    ...summary,
    annotationCount: Math.max(0, summary.annotationCount + added.length - removed.length),
    labels: Object.keys(labelCounts).sort(),
    layers: Object.keys(layerCounts).sort(),
    labelCounts,
    layerCounts,
  };
}

/** Metadata keys that hold a date, by name or by their values looking like ISO dates. */
const DATE_NAMES = ['date', 'published', 'publishedat', 'published_at', 'pubdate', 'datepublished', 'created'];
const ISO_DATE = /^(\d{4}-\d{2}(?:-\d{2})?)(?:[T ]|$)/;
const NUMERIC_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[T ,]|$)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3})[a-z]*\.?,? (\d{4})\b/i;
const MONTH_DAY_YEAR = /^([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/i;

/**
 * A metadata value as an ISO date (`YYYY-MM-DD`, or `YYYY-MM`), or null when it is not a date.
 * Besides ISO it reads the ways CSV files write dates: `14/02/2005` and `14.02.2005` (day first,
 * unless the second number cannot be a month), `14 February 2005`, `Feb 14, 2005`.
 */
export function isoDate(value: string): string | null {
  const v = value.trim();
  const iso = ISO_DATE.exec(v);
  if (iso) return iso[1]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  const make = (year: string, month: number, day: number) =>
    month >= 1 && month <= 12 && day >= 1 && day <= 31 ? `${year}-${pad(month)}-${pad(day)}` : null;
  const num = NUMERIC_DATE.exec(v);
  if (num) {
    const [a, b] = [Number(num[1]), Number(num[2])];
    return b > 12 ? make(num[3]!, a, b) : make(num[3]!, b, a);
  }
  const dmy = DAY_MONTH_YEAR.exec(v);
  if (dmy) return make(dmy[3]!, MONTHS.indexOf(dmy[2]!.toLowerCase()) + 1, Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(v);
  if (mdy) return make(mdy[3]!, MONTHS.indexOf(mdy[1]!.toLowerCase()) + 1, Number(mdy[2]));
  return null;
}

/** A document's date (`YYYY-MM-DD` or `YYYY-MM`) from its metadata: a date-named field first, else any date-like value. */
export function documentDate(metadata: Readonly<Record<string, unknown>>): string | null {
  const dated = Object.entries(metadata).flatMap(([k, v]) => {
    const d = typeof v === 'string' ? isoDate(v) : null;
    return d ? [{ k, d }] : [];
  });
  return (dated.find((x) => DATE_NAMES.includes(x.k.toLowerCase())) ?? dated[0])?.d ?? null;
}

const OUTLET_NAMES = ['sitename', 'site_name', 'outlet', 'publisher', 'publication', 'source', 'site', 'newspaper'];

/** The outlet a document's metadata names (an HTML page's site name, a CSV's source column …), or null. */
export function documentOutlet(metadata: Readonly<Record<string, unknown>>): string | null {
  for (const name of OUTLET_NAMES) {
    const hit = Object.entries(metadata).find(([k, v]) => k.toLowerCase() === name && typeof v === 'string' && v.trim() !== '');
    if (hit) return (hit[1] as string).trim();
  }
  return null;
}

export interface MetaFacet {
  key: string;
  /** Distinct values, most frequent first (at most {@link FACET_VALUES_MAX}). */
  values: { value: string; count: number }[];
  /** More distinct values than are listed (a free-text field rather than a category). */
  truncated: boolean;
}

export interface Facets {
  labels: string[];
  layers: string[];
  meta: MetaFacet[];
  /** The metadata key used for the date range, if any document has one. */
  dateKey: string | null;
}

export const FACET_VALUES_MAX = 50;

export function facets(summaries: readonly DocumentSummary[]): Facets {
  const labels = new Set<string>();
  const layers = new Set<string>();
  const values = new Map<string, Map<string, number>>();
  /** Keys with a date among their values. A value is tested once per key (the list is read again after every import). */
  const dateLike = new Set<string>();
  for (const s of summaries) {
    for (const l of s.labels) labels.add(l);
    for (const l of s.layers) layers.add(l);
    for (const [k, v] of Object.entries(s.meta)) {
      let m = values.get(k);
      if (!m) values.set(k, (m = new Map()));
      const seen = m.get(v);
      if (seen === undefined && !dateLike.has(k) && isoDate(v)) dateLike.add(k);
      if (seen !== undefined || m.size <= FACET_VALUES_MAX) m.set(v, (seen ?? 0) + 1);
    }
  }
  const keys = [...values.keys()].sort();
  const dateKey = keys.find((k) => DATE_NAMES.includes(k.toLowerCase()) && dateLike.has(k)) ?? keys.find((k) => dateLike.has(k)) ?? null;
  const meta: MetaFacet[] = keys
    .filter((k) => k !== dateKey && !/^(url|link|href|id|title)$/i.test(k))
    .map((key) => {
      const m = values.get(key)!;
      const list = [...m].map(([value, count]) => ({ value, count }));
      list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return { key, values: list.slice(0, FACET_VALUES_MAX), truncated: m.size > FACET_VALUES_MAX };
    })
    // A category: a bounded set of values that documents share (not one value per document).
    .filter((f) => !f.truncated && f.values.some((v) => v.count >= 2));
  return { labels: [...labels].sort(), layers: [...layers].sort(), meta, dateKey };
}

export interface CorpusFilter {
  /** A status name, or null for any. */
  status: string | null;
  label: string | null;
  layer: string | null;
  /** Metadata key → required value. */
  meta: Record<string, string>;
  /** Inclusive ISO date bounds (`YYYY-MM-DD`) on the facets' date key. */
  dateFrom: string | null;
  dateTo: string | null;
}

export const NO_FILTER: CorpusFilter = { status: null, label: null, layer: null, meta: {}, dateFrom: null, dateTo: null };

export function isFiltered(f: CorpusFilter): boolean {
  return !!(f.status || f.label || f.layer || f.dateFrom || f.dateTo || Object.keys(f.meta).length);
}

/** The summaries that pass every filter, in their given order. */
export function applyFilter(
  summaries: readonly DocumentSummary[],
  filter: CorpusFilter,
  statusOf: (id: string) => string,
  dateKey: string | null,
): DocumentSummary[] {
  const metaEntries = Object.entries(filter.meta);
  const from = filter.dateFrom || null;
  // A bare date bound includes the whole day: compare against the upper end of that day.
  const to = filter.dateTo ? `${filter.dateTo}\uffff` : null;
  return summaries.filter((s) => {
    if (filter.status && statusOf(s.id) !== filter.status) return false;
    if (filter.label && !s.labels.includes(filter.label)) return false;
    if (filter.layer && !s.layers.includes(filter.layer)) return false;
    for (const [k, v] of metaEntries) if (s.meta[k] !== v) return false;
    if ((from || to) && dateKey) {
      const d = isoDate(s.meta[dateKey] ?? '');
      if (!d) return false;
      if (from && d < from) return false;
      if (to && d > to) return false;
    } else if ((from || to) && !dateKey) return false;
    return true;
  });
}

export type SortKey = 'added' | 'title' | 'date' | 'annotations' | 'changed';
export type SortDir = 'asc' | 'desc';

export const SORT_LABELS: Record<SortKey, string> = {
  added: 'Date added',
  title: 'Title',
  date: 'Publication date',
  annotations: 'Annotation count',
  changed: 'Recently changed',
};

// Made on the first sort by title: creating a collator loads the locale's collation data, which
// the start (the list in the order documents were added) does not need.
let collator: Intl.Collator | null = null;

/** A sorted copy; ties keep the order documents were added in. Documents without a date go last. */
export function sortSummaries(
  summaries: readonly DocumentSummary[],
  key: SortKey,
  dir: SortDir,
  dateKey: string | null,
): DocumentSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  const added = (a: DocumentSummary, b: DocumentSummary) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const list = summaries.slice();
  switch (key) {
    case 'added':
      return list.sort((a, b) => sign * added(a, b));
    case 'title': {
      // Collation keys once per document rather than once per comparison.
      const keyed = list.map((s) => ({ s, k: s.title }));
      const titles = (collator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }));
      keyed.sort((a, b) => sign * titles.compare(a.k, b.k) || added(a.s, b.s));
      return keyed.map((x) => x.s);
    }
    case 'annotations':
      return list.sort((a, b) => sign * (a.annotationCount - b.annotationCount) || added(a, b));
    case 'changed':
      return list.sort((a, b) => sign * (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0) || added(a, b));
    case 'date':
      return list.sort((a, b) => {
        const da = dateKey ? isoDate(a.meta[dateKey] ?? '') : null;
        const db = dateKey ? isoDate(b.meta[dateKey] ?? '') : null;
        if (!da || !db) return da ? -1 : db ? 1 : added(a, b);
        return sign * (da < db ? -1 : da > db ? 1 : 0) || added(a, b);
      });
  }
}

/**
 * The selection after a click on `id` in `visibleIds`: plain click toggles one; shift-click
 * selects the range from the last clicked row (the anchor) to this one.
 */
export function toggleSelection(
  selected: ReadonlySet<string>,
  visibleIds: readonly string[],
  id: string,
  anchor: string | null,
  shift: boolean,
): Set<string> {
  if (shift && anchor !== null) {
    const a = visibleIds.indexOf(anchor);
    const b = visibleIds.indexOf(id);
    if (a >= 0 && b >= 0) {
      const on = selected.has(anchor) || anchor === id;
      return toggled(selected, on, visibleIds.slice(Math.min(a, b), Math.max(a, b) + 1));
    }
  }
  return toggled(selected, !selected.has(id), [id]);
}
