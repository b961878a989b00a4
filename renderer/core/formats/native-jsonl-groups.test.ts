import { describe, expect, it } from 'vitest';
import { datasetFromImported } from './dataset.ts';
import { writeExport, writeExportNow } from './exports.ts';
import { groupDataset } from './fixtures/claim-groups.ts';
import { jsonlFormat, parseJsonlFile, serializeJsonl } from './native-jsonl.ts';
import type { ReadInput } from './module.ts';
import { ok, type Result } from './types.ts';

const NOW = '2026-02-03T04:05:06.000Z';

function reread(jsonl: string) {
  const r = parseJsonlFile('groups.jsonl', jsonl);
  if (!r.ok) throw new Error(r.error.message);
  return datasetFromImported(r.value.documents, { projectName: 'x', now: NOW }, r.value.claimGroups);
}

describe('claim groups in Claimscope JSONL', () => {
  it('writes each group as a claimGroup line after the documents, and reads it back to the same group and members', () => {
    const dataset = groupDataset();
    const jsonl = serializeJsonl(dataset);
    const lines = jsonl.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toEqual({
      kind: 'claimGroup',
      id: 'g-helicopters',
      layer: 'gold',
      canonical: 'Russia is sending attack helicopters to Syria',
      members: [
        { document: 'd1', annotation: 'd1-c' },
        { document: 'd2', annotation: 'd2-c' },
      ],
      note: 'Reported first by Reuters.',
      factChecks: [
        { url: 'https://factcheck.example/helicopters', publisher: 'Fact Check Desk', verdict: 'Misleading', date: '2012-06-20' },
      ],
      createdBy: 'tester',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedBy: 'tester',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    const back = reread(jsonl);
    const [group] = back.claimGroups!;
    const quoteOf = (id: string) => back.annotations.find((a) => a.id === id)?.quote;
    const titleOf = (id: string) => back.documents.find((d) => d.id === id)?.title;
    expect(group!.members.map((m) => [titleOf(m.documentId), quoteOf(m.annotationId)])).toEqual([
      ['Clinton accuses Russia', 'Russia is sending attack helicopters to Syria'],
      ['Helicopters for Damascus', 'Moscow is shipping attack helicopters to the Syrian government'],
    ]);
    const { members: _m, projectId: _p, ...rest } = group!;
    const { members: _m2, projectId: _p2, ...original } = dataset.claimGroups![0]!;
    expect(rest).toEqual(original);
    // Written again, the line is the same but for the documents' new ids.
    expect(serializeJsonl(back).split('\n').at(-2)).toBe(lines[3]!.replace(/"document":"d(\d)"/g, '"document":"doc-$1"'));
  });

  it('writes the groups once, after the last chunk, when the export is written a chunk of documents at a time', () => {
    const dataset = groupDataset();
    const steps = writeExport('jsonl', dataset, 1);
    let step = steps.next();
    while (!step.done) step = steps.next();
    expect(step.value.data).toBe(writeExportNow('jsonl', dataset).data);
    expect((step.value.data as string).match(/"kind":"claimGroup"/g)).toHaveLength(1);
  });

  it('reads through the registry: the reader hands the groups on with the documents', async () => {
    const text = serializeJsonl(groupDataset());
    const input: ReadInput = {
      name: 'groups.jsonl',
      kind: 'jsonl',
      data: new TextEncoder().encode(text),
      text: (): Result<string> => ok(text),
      sibling: () => undefined,
    };
    const out = await jsonlFormat.reads!.read(input, {});
    expect(out.ok && out.value.claimGroups?.map((g) => [g.key, g.members.map((m) => [m.document.title, m.annotation])])).toEqual([
      [
        'g-helicopters',
        [
          ['Clinton accuses Russia', 'd1-c'],
          ['Helicopters for Damascus', 'd2-c'],
        ],
      ],
    ]);
  });

  it('refuses a group line naming a document or annotation the file does not have, with the line', () => {
    const lines = serializeJsonl(groupDataset()).trimEnd().split('\n');
    const group = JSON.parse(lines[3]!) as { members: { document: string; annotation: string }[]; factChecks: { date: string }[] };
    const withGroup = (g: unknown) => [...lines.slice(0, 3), JSON.stringify(g)].join('\n');
    const errorOf = (text: string) => {
      const r = parseJsonlFile('groups.jsonl', text);
      return r.ok ? null : r.error;
    };
    expect(errorOf(withGroup({ ...group, members: [{ document: 'd9', annotation: 'd1-c' }] }))).toEqual({
      file: 'groups.jsonl',
      line: 4,
      message: 'Claim group "g-helicopters": its member names document "d9", which is not in the file.',
    });
    expect(errorOf(withGroup({ ...group, members: [{ document: 'd2', annotation: 'd1-c' }] }))?.message).toBe(
      'Claim group "g-helicopters": its member names annotation "d1-c", which is not in document "d2".',
    );
    expect(errorOf(withGroup({ ...group, members: [] }))?.message).toBe('Claim group field members: needs at least one member.');
    expect(errorOf(withGroup({ ...group, factChecks: [{ ...group.factChecks[0], date: 'June 2012' }] }))?.message).toBe(
      'Claim group field factChecks[0].date: must be a date as YYYY-MM-DD, or empty.',
    );
    expect(errorOf(withGroup({ ...group, canonical: ' ' }))?.message).toBe('Claim group "g-helicopters" has no canonical wording.');
    expect(errorOf(withGroup({ ...group, factChecks: [{ ...group.factChecks[0], url: 'javascript:alert(1)' }] }))?.message).toBe(
      'Claim group "g-helicopters": The fact-check URL “javascript:alert(1)” is not an http:// or https:// address.',
    );
    expect(errorOf([...lines, lines[3]].join('\n'))).toEqual({
      file: 'groups.jsonl',
      line: 5,
      message: 'Claim group "g-helicopters" appears twice.',
    });
    const twice = { ...group, id: 'g2' };
    expect(errorOf([...lines, JSON.stringify(twice)].join('\n'))?.message).toBe(
      'Claim group "g2": annotation "d1-c" of document "d1" is already in group "g-helicopters" of layer "gold".',
    );
  });
});
