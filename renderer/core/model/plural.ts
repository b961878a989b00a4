/**
 * Counting words for sentences the user reads: `plural(3, 'annotation')` → `3 annotations`,
 * `plural(1, 'entity', 'entities')` → `1 entity`. `show` writes the number (for example with
 * thousands separators: `(n) => n.toLocaleString('en')`).
 */
export function plural(n: number, one: string, many = `${one}s`, show: (n: number) => string = String): string {
  return `${show(n)} ${n === 1 ? one : many}`;
}

/**
 * `1234567` → `1,234,567`, as `toLocaleString('en')` writes it. Whole numbers are grouped
 * directly: the first `toLocaleString` loads the locale's number data (tens of milliseconds),
 * which the start's list, counting its documents and annotations, need not wait for.
 */
export function grouped(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en');
}

/** `1,234 documents`: {@link plural} with the number grouped in thousands. */
export function pluralCount(n: number, one: string, many = `${one}s`): string {
  return plural(n, one, many, grouped);
}
