/**
 * The one binary search of the core: the first index in `0…length` at which `isBefore(i)` is
 * false, for a test that holds for a prefix of the indices and fails after it (the C++
 * `partition_point`). `length` when it holds everywhere.
 */
export function partitionPoint(length: number, isBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
