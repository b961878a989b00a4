/**
 * Counting words for sentences the user reads: `plural(3, 'annotation')` → `3 annotations`,
 * `plural(1, 'entity', 'entities')` → `1 entity`. `show` writes the number (for example with
 * thousands separators: `(n) => n.toLocaleString('en')`).
 */
export function plural(n: number, one: string, many = `${one}s`, show: (n: number) => string = String): string {
  return `${show(n)} ${n === 1 ? one : many}`;
}

/** `1,234 documents`: {@link plural} with the number grouped in thousands. */
export function pluralCount(n: number, one: string, many = `${one}s`): string {
  return plural(n, one, many, (x) => x.toLocaleString('en'));
}
