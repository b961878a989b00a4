import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveStreamCheck } from './archive-check.ts';
import { readArchive, writeArchive } from './archive.ts';
import { ARCHIVE_CREATED, archiveInputOf, patchEntry, streamedVerdict as streamed } from './fixtures/archive.ts';
import { arbDataset, sampleDataset } from './fixtures/roundtrip.ts';
import { describeError } from './types.ts';

function inMemory(bytes: Uint8Array): string | null {
  const r = readArchive('backup.zip', bytes);
  return r.ok ? null : describeError(r.error);
}

describe('ArchiveStreamCheck', () => {
  it('passes every archive writeArchive writes, whatever the piece size', () => {
    fc.assert(
      fc.property(arbDataset, fc.integer({ min: 1, max: 5000 }), (dataset, piece) => {
        expect(streamed(writeArchive(archiveInputOf(dataset)), piece)).toBeNull();
      }),
      { numRuns: 30 },
    );
  });

  const good = () => writeArchive(archiveInputOf(sampleDataset()));
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
      () => patchEntry(good(), 'annotations.jsonl', (t) => secondLine(t, () => {}).replace(/\n(.*)\n/, '\n{oops\n')),
    ],
    ['a row of another project', () => patchEntry(good(), 'annotations.jsonl', (t) => secondLine(t, (r) => (r.projectId = 'other')))],
    [
      'a range past the end of its text',
      () => patchEntry(good(), 'annotations.jsonl', (t) => secondLine(t, (r) => (r.ranges = [{ start: 0, end: 1e6 }]))),
    ],
    [
      'a relation to an annotation that is not there',
      () => patchEntry(good(), 'relations.jsonl', (t) => t.replace(/"to":"[^"]+"/, '"to":"nowhere"')),
    ],
    ['fewer rows than the manifest says', () => patchEntry(good(), 'annotations.jsonl', (t) => t.split('\n').slice(1).join('\n'))],
    [
      'a comment of a document that is not there',
      () =>
        writeArchive(
          archiveInputOf(sampleDataset(), {
            comments: [
              {
                id: 'c1',
                projectId: sampleDataset().project.id,
                documentId: 'gone',
                annotationId: 'x',
                author: 'r',
                text: 'hm',
                createdAt: ARCHIVE_CREATED,
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

  it('counts runs of blank lines when naming a line, in both readers', () => {
    const bytes = patchEntry(good(), 'annotations.jsonl', (t) => {
      const [first, ...rest] = t.split('\n');
      return ['', '', first, '', '', '{oops', ...rest].join('\n');
    });
    const message = inMemory(bytes);
    expect(message).toMatch(/^backup\.zip: annotations\.jsonl:6: is not valid JSON on this line/);
    expect(streamed(bytes, 7)).toBe(message);
    expect(streamed(bytes, 1000)).toBe(message);
  });

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
