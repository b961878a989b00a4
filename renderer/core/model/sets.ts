/** A copy of `set` with `items` added (`on`) or taken out: what a ticked or unticked box makes of a selection. */
export function toggled<T>(set: ReadonlySet<T>, on: boolean, items: Iterable<T>): Set<T> {
  const next = new Set(set);
  for (const item of items) {
    if (on) next.add(item);
    else next.delete(item);
  }
  return next;
}
