import { describe, expect, it } from 'vitest';
import { closeFindService, findSameClaims, SameClaimJobCancelled, startSuggestGroups } from './sameClaimClient.ts';
import { SameClaimIndex, type SameClaimProgress } from './sameClaimJob.ts';

const claims = [
  { id: 'a1', documentId: 'd1', text: 'Russia is sending attack helicopters to Syria' },
  { id: 'a2', documentId: 'd2', text: 'Attack helicopters are being sent to Syria by Russia, officials said' },
  { id: 'n1', documentId: 'd3', text: 'Russia is not sending attack helicopters to Syria' },
  { id: 'x1', documentId: 'd4', text: 'The central bank of Chile cut interest rates' },
];

describe('same-claim jobs', () => {
  it('finds the same claim across the corpus, the negation below it', async () => {
    closeFindService();
    const candidates = await findSameClaims(claims, 'a1', 10, () => {}).result;
    const ids = candidates.map((c) => c.id);
    expect(ids[0]).toBe('a2');
    expect(ids).not.toContain('x1');
  });

  it('prepares the claims at the first Find only; other claims are prepared again', async () => {
    closeFindService();
    const phases: SameClaimProgress[] = [];
    await findSameClaims(claims, 'a1', 10, (p) => phases.push(p)).result;
    expect(phases.some((p) => p.phase === 'reading' && p.done === claims.length)).toBe(true);
    phases.length = 0;
    const again = await findSameClaims(claims, 'a2', 10, (p) => phases.push(p)).result;
    expect(phases).toEqual([]);
    expect(again[0]!.id).toBe('a1');
    // A reworded claim is new claims: prepared again, and ranked as reworded.
    const reworded = claims.map((c) => (c.id === 'a2' ? { ...c, text: 'The central bank of Chile cut interest rates again' } : c));
    const changed = await findSameClaims(reworded, 'x1', 10, (p) => phases.push(p)).result;
    expect(phases.length).toBeGreaterThan(0);
    expect(changed[0]!.id).toBe('a2');
  });

  it('an index asked about claims it does not hold answers stale', () => {
    const index = new SameClaimIndex();
    expect(index.find({ kind: 'find', key: 'k1', id: 'a1', k: 5 }, () => {})).toEqual({ kind: 'stale' });
    index.find({ kind: 'find', key: 'k1', id: 'a1', k: 5, claims }, () => {});
    expect(index.find({ kind: 'find', key: 'k2', id: 'a1', k: 5 }, () => {})).toEqual({ kind: 'stale' });
    expect(index.find({ kind: 'find', key: 'k1', id: 'gone', k: 5 }, () => {})).toEqual({ kind: 'find', candidates: [] });
  });

  it('suggests groups with progress, the negation left out', async () => {
    const phases: SameClaimProgress['phase'][] = [];
    const out = await startSuggestGroups({ kind: 'suggest', claims }, (p) => phases.push(p.phase)).result;
    expect(out.kind === 'suggest' && out.groups.map((g) => [...g.members].sort())).toEqual([['a1', 'a2']]);
    expect(phases).toContain('grouping');
  });

  it('Cancel rejects with the cancel error', async () => {
    const job = startSuggestGroups({ kind: 'suggest', claims }, () => {});
    job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(SameClaimJobCancelled);
    closeFindService();
    const find = findSameClaims(claims, 'a1', 10, () => {});
    find.cancel();
    await expect(find.result).rejects.toBeInstanceOf(SameClaimJobCancelled);
  });
});
