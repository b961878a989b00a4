import { describe, expect, it } from 'vitest';
import { SameClaimJobCancelled, startSameClaimJob } from './sameClaimClient.ts';
import type { SameClaimProgress } from './sameClaimJob.ts';

const claims = [
  { id: 'a1', documentId: 'd1', text: 'Russia is sending attack helicopters to Syria' },
  { id: 'a2', documentId: 'd2', text: 'Attack helicopters are being sent to Syria by Russia, officials said' },
  { id: 'n1', documentId: 'd3', text: 'Russia is not sending attack helicopters to Syria' },
  { id: 'x1', documentId: 'd4', text: 'The central bank of Chile cut interest rates' },
];

describe('same-claim jobs', () => {
  it('finds the same claim across the corpus, the negation below it', async () => {
    const out = await startSameClaimJob({ kind: 'find', claims, index: 0, k: 10 }, () => {}).result;
    expect(out.kind).toBe('find');
    const ids = out.kind === 'find' ? out.candidates.map((c) => c.id) : [];
    expect(ids[0]).toBe('a2');
    expect(ids).not.toContain('x1');
  });

  it('suggests groups with progress, the negation left out', async () => {
    const phases: SameClaimProgress['phase'][] = [];
    const out = await startSameClaimJob({ kind: 'suggest', claims }, (p) => phases.push(p.phase)).result;
    expect(out.kind === 'suggest' && out.groups.map((g) => [...g.members].sort())).toEqual([['a1', 'a2']]);
    expect(phases).toContain('grouping');
  });

  it('Cancel rejects with the cancel error', async () => {
    const job = startSameClaimJob({ kind: 'suggest', claims }, () => {});
    job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(SameClaimJobCancelled);
  });
});
