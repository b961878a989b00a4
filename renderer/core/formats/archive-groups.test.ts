import { describe, expect, it } from 'vitest';
import type { ClaimGroup } from '../model/types.ts';
import { archiveEntryText, datasetOfArchive, readArchive, writeArchive, type ArchiveRow } from './archive.ts';
import { archiveTablesOf, streamedVerdict } from './fixtures/archive.ts';
import { groupDataset } from './fixtures/claim-groups.ts';
import { describeError } from './types.ts';

const CREATED = '2026-11-29T10:00:00.000Z';

function archiveOf(groups: unknown[]): Uint8Array {
  const dataset = groupDataset();
  return writeArchive({
    project: dataset.project,
    appVersion: '0.1.0',
    created: CREATED,
    tables: {
      ...archiveTablesOf(dataset),
      claimGroups: groups as ArchiveRow[],
    },
  });
}

/** Restore's refusal, which the streamed check must give word for word. */
function refusal(groups: unknown[]): string {
  const bytes = archiveOf(groups);
  const r = readArchive('backup.zip', bytes);
  if (r.ok) throw new Error('the archive was accepted');
  expect(streamedVerdict(bytes, 512)).toBe(describeError(r.error));
  return describeError(r.error);
}

describe('claim groups in the project archive', () => {
  const group = groupDataset().claimGroups![0]!;

  it('are written to claim-groups.jsonl and come back as they were, for the exporters too', () => {
    const bytes = archiveOf([group]);
    expect(archiveEntryText(bytes, 'claim-groups.jsonl')).toContain('"canonical":"Russia is sending attack helicopters to Syria"');
    const r = readArchive('backup.zip', bytes);
    if (!r.ok) throw new Error(describeError(r.error));
    expect(r.value.manifest.counts.claimGroups).toBe(1);
    expect(datasetOfArchive(r.value).claimGroups).toEqual([group]);
    expect(streamedVerdict(bytes, 512)).toBeNull();
  });

  it('refuses a group of another project, naming the file and the row', () => {
    expect(refusal([group, { ...group, id: 'g2', projectId: 'other' }])).toBe(
      'backup.zip: claim-groups.jsonl:2: the row belongs to project "other", not to the archived project "p1".',
    );
  });

  it('refuses a member that is not an annotation of the archive, or not in the document it names', () => {
    const stranger: ClaimGroup = { ...group, members: [{ ...group.members[0]!, annotationId: 'elsewhere' as never }] };
    expect(refusal([stranger])).toBe(
      'backup.zip: claim-groups.jsonl:1: claim group "g-helicopters" has annotation "elsewhere" as a member, which is not in the archive.',
    );
    const misplaced: ClaimGroup = { ...group, members: [{ documentId: 'd2' as never, annotationId: group.members[0]!.annotationId }] };
    expect(refusal([misplaced])).toBe(
      'backup.zip: claim-groups.jsonl:1: claim group "g-helicopters" names annotation "d1-c" as in document "d2", but it is in document "d1".',
    );
  });

  it('refuses a bad row: a missing field, a malformed fact-check, a repeated id, a claim twice in one layer', () => {
    const { canonical: _c, ...noCanonical } = group;
    expect(refusal([noCanonical])).toBe('backup.zip: claim-groups.jsonl:1: field canonical: is missing.');
    const badDate = { ...group, factChecks: [{ ...group.factChecks[0]!, date: '20 June' }] };
    expect(refusal([badDate])).toBe('backup.zip: claim-groups.jsonl:1: field factChecks[0].date: must be a date as YYYY-MM-DD, or empty.');
    const script = { ...group, factChecks: [{ ...group.factChecks[0]!, url: 'javascript:alert(1)' }] };
    expect(refusal([script])).toBe(
      'backup.zip: claim-groups.jsonl:1: claim group "g-helicopters": The fact-check URL “javascript:alert(1)” is not an http:// or https:// address.',
    );
    expect(refusal([group, group])).toBe('backup.zip: claim-groups.jsonl:2: the claim group id "g-helicopters" appears twice.');
    expect(refusal([group, { ...group, id: 'g2' }])).toBe(
      'backup.zip: claim-groups.jsonl:2: annotation "d1-c" is in claim group "g-helicopters" and "g2" of the same layer "gold".',
    );
    // The same claim in another layer's grouping is fine.
    expect(readArchive('backup.zip', archiveOf([group, { ...group, id: 'g2', layer: 'alice' }])).ok).toBe(true);
    expect(streamedVerdict(archiveOf([group, { ...group, id: 'g2', layer: 'alice' }]), 512)).toBeNull();
  });
});
