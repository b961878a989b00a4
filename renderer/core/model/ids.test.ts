import { describe, expect, it } from 'vitest';
import { newAnnotationId, newDocumentId, newEntityId, newProjectId, newRelationId } from './ids.ts';

describe('ids', () => {
  const makers = { newProjectId, newDocumentId, newAnnotationId, newRelationId, newEntityId };

  for (const [name, make] of Object.entries(makers)) {
    it(`${name} returns 21 URL-safe characters`, () => {
      const id: string = make();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    });
  }

  it('does not repeat over many calls', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(newAnnotationId());
    expect(seen.size).toBe(10_000);
  });
});
