import { describe, expect, it } from 'vitest';
import { newAnnotationId, newClaimGroupId, newDocumentId, newEntityId, newProjectId, newRelationId, timeOrderedId } from './ids.ts';

/** JavaScript's `<` on strings is UTF-16 code-unit order, which is IndexedDB's order for string keys. */
const sorted = (ids: readonly string[]) => ids.every((id, i) => i === 0 || ids[i - 1]! < id);

describe('ids', () => {
  const makers = { newProjectId, newDocumentId, newAnnotationId, newRelationId, newEntityId, newClaimGroupId };

  for (const [name, make] of Object.entries(makers)) {
    it(`${name} returns 21 URL-safe characters, as the nanoids made before`, () => {
      const id: string = make();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    });
  }

  it('does not repeat over many calls', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(newAnnotationId());
    expect(seen.size).toBe(10_000);
  });

  it('does not repeat within one millisecond, and such ids sort after the millisecond before', () => {
    const now = Date.UTC(2026, 11, 6, 17, 0, 0, 123);
    const ids = Array.from({ length: 100_000 }, () => timeOrderedId(now));
    expect(new Set(ids).size).toBe(100_000);
    expect(new Set(ids.map((id) => id.slice(0, 7)))).toEqual(new Set([timeOrderedId(now).slice(0, 7)]));
    expect(new Set(ids.map((id) => id.slice(7))).size).toBe(100_000);
    const before = timeOrderedId(now - 1);
    expect(ids.every((id) => before < id)).toBe(true);
  });

  it('sorts as its creation time, millisecond by millisecond, across every carry of its digits', () => {
    const start = Date.UTC(2026, 0, 1);
    const times = [0, 1, 63, 64, 65, 4095, 4096, 262_143, 262_144, start, start + 1, Date.UTC(2109, 4, 15)];
    for (let i = 0; i < 2_000; i++) times.push(start + Math.floor(Math.random() * 86_400_000 * 365 * 80));
    times.sort((a, b) => a - b);
    const ids = [...new Set(times)].map((t) => timeOrderedId(t));
    expect(sorted(ids)).toBe(true);
    expect(timeOrderedId(0).slice(0, 7)).toBe('-------');
    expect(timeOrderedId(63).slice(0, 7)).toBe('------z');
    expect(timeOrderedId(64).slice(0, 7)).toBe('-----0-');
  });

  it('ids made one after another sort in the order they were made', () => {
    const ids: string[] = [];
    const until = Date.now() + 5;
    while (Date.now() < until || ids.length < 2) ids.push(newDocumentId());
    const byTime = ids.map((id) => id.slice(0, 7));
    expect(byTime.every((t, i) => i === 0 || byTime[i - 1]! <= t)).toBe(true);
  });
});
