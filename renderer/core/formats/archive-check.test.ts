import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveStreamCheck } from './archive-check.ts';
import { readArchive, writeArchive, type ArchiveInput, type ArchiveRow } from './archive.ts';
import { archiveTablesOf, streamedVerdict as streamed } from './fixtures/archive.ts';
import { arbDataset, sampleDataset } from './fixtures/roundtrip.ts';
import { describeError, type Dataset } from './types.ts';

const CREATED = '2026-11-29T10:00:00.000Z';

function inputOf(dataset: Dataset, extra: Record<string, ArchiveRow[]> = {}): ArchiveInput {
  const first = dataset.annotations[0];
  const operations = first
    ? [
        {
          seq: 1,
          projectId: dataset.project.id,
          documentId: first.documentId,
          description: `Add ${first.label}`,
          at: CREATED,
          by: 'alice',
          before: { annotations: [], relations: [] },
          after: { annotations: [first], relations: [] },
          undone: 0,
        },
      ]
    : [];
  return {
    project: dataset.project,
    appVersion: '0.1.0',
    created: CREATED,
    tables: {
      ...archiveTablesOf(dataset),
      entities: [],
      operations,
      ...extra,
    },
  };
}

function inMemory(bytes: Uint8Array): string | null {
  const r = readArchive('backup.zip', bytes);
  return r.ok ? null : describeError(r.error);
}

/** Rewrites one entry of an archive, keeping the entry order. */
function patch(bytes: Uint8Array, entry: string, change: (text: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files[entry] = strToU8(change(strFromU8(files[entry]!)));
  return zipSync(files);
}

describe('ArchiveStreamCheck', () => {
  it('passes every archive writeArchive writes, whatever the piece size', () => {
    fc.assert(
      fc.property(arbDataset, fc.integer({ min: 1, max: 5000 }), (dataset, piece) => {
        expect(streamed(writeArchive(inputOf(dataset)), piece)).toBeNull();
      }),
      { numRuns: 30 },
    );
  });

  const good = () => writeArchive(inputOf(sampleDataset()));
  const secondLine = (text: string, change: (row: Record<string, unknown>) => void) => {
    const lines = text.split('\n');
    const row = JSON.parse(lines[1]!) as Record<string, unknown>;
    change(row);
    lines[1] = JSON.stringify(row);
    return lines.join('\n');
  };
  const cases: [string, () => Uint8Array][] = [
    [
      'a line that is not JSON half-way through',
      () => patch(good(), 'annotations.jsonl', (t) => secondLine(t, () => {}).replace(/\n(.*)\n/, '\n{oops\n')),
    ],
    ['a row of another project', () => patch(good(), 'annotations.jsonl', (t) => secondLine(t, (r) => (r.projectId = 'other')))],
    [
      'a range past the end of its text',
      () => patch(good(), 'annotations.jsonl', (t) => secondLine(t, (r) => (r.ranges = [{ start: 0, end: 1e6 }]))),
    ],
    [
      'a relation to an annotation that is not there',
      () => patch(good(), 'relations.jsonl', (t) => t.replace(/"to":"[^"]+"/, '"to":"nowhere"')),
    ],
    ['fewer rows than the manifest says', () => patch(good(), 'annotations.jsonl', (t) => t.split('\n').slice(1).join('\n'))],
    [
      'a comment of a document that is not there',
      () =>
        writeArchive(
          inputOf(sampleDataset(), {
            comments: [
              {
                id: 'c1',
                projectId: sampleDataset().project.id,
                documentId: 'gone',
                annotationId: 'x',
                author: 'r',
                text: 'hm',
                createdAt: CREATED,
              },
            ],
          }),
        ),
    ],
  ];
  for (const [what, make] of cases) {
    it(`refuses ${what}, in the words readArchive uses`, () => {
      const bytes = make();
      const message = inMemory(bytes);
      expect(message).not.toBeNull();
      expect(streamed(bytes, 1000)).toBe(message);
    });
  }

  it('stops inflating at the limit', () => {
    const files = { 'manifest.json': new Uint8Array(3_000_000) };
    const check = new ArchiveStreamCheck('bomb.zip', { maxInflatedBytes: 1_000_000, maxEntries: 10 });
    check.push(zipSync(files), true);
    const r = check.result();
    expect(!r.ok && describeError(r.error)).toBe(
      'bomb.zip: expands to more than 1.0 MB when unpacked, more than the 1.0 MB a project archive may hold; it was not unpacked.',
    );
  });
});
