import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DocumentId, EntityId } from '../model/types.ts';
import { writeArchive, type ArchiveInput, type ArchiveRow } from './archive.ts';
import { archiveSourceOf, streamArchive } from './archive-stream.ts';
import { EXPORT_FORMATS, selectDataset, streamExport, writeExportNow, type ExportSelection } from './exports.ts';
import { groupDataset } from './fixtures/claim-groups.ts';
import { arbDataset, PROJECT } from './fixtures/roundtrip.ts';
import { ByteOutput, concatBytes, headOf, pagesOf } from './stream.ts';
import type { Dataset } from './types.ts';

const FORMATS = EXPORT_FORMATS.filter((f) => f.id !== 'archive').map((f) => f.id);

/** Streams an export of a dataset held in memory, `pageSize` documents a page, into chunks of `chunkBytes`. */
async function streamed(id: string, dataset: Dataset, selection: ExportSelection, pageSize: number, chunkBytes: number) {
  const chunks: Uint8Array[] = [];
  const source = {
    head: headOf(dataset),
    documents: dataset.documents.length,
    pages: () => pagesOf(dataset, pageSize),
  };
  const written = await streamExport(id, source, selection, { write: (c) => void chunks.push(c) }, { chunkBytes });
  expect(chunks.every((c) => c.length <= chunkBytes)).toBe(true);
  const bytes = concatBytes(chunks);
  expect(written).toBe(bytes.length);
  return bytes;
}

/** The file written whole, as the export did before it was streamed. */
function whole(id: string, dataset: Dataset, selection: ExportSelection): Uint8Array {
  const data = writeExportNow(id, selectDataset(dataset, selection)).data;
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

describe('streamed export', () => {
  it('gives every format the bytes written whole, whatever the page and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(arbDataset, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4096 }), async (dataset, pageSize, chunk) => {
        for (const id of FORMATS) {
          expect([id, await streamed(id, dataset, {}, pageSize, chunk)]).toEqual([id, whole(id, dataset, {})]);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('keeps to a selection of documents, one layer and some labels', async () => {
    await fc.assert(
      fc.asyncProperty(arbDataset, async (dataset) => {
        const selection: ExportSelection = {
          documentIds: dataset.documents.slice(0, 2).map((d) => d.id),
          layers: [dataset.annotations[0]?.layer ?? 'alice'],
          labels: ['Claim', 'Speaker'],
        };
        for (const id of FORMATS) expect([id, await streamed(id, dataset, selection, 1, 64)]).toEqual([id, whole(id, dataset, selection)]);
      }),
      { numRuns: 15 },
    );
  });

  it('writes claim groups as the whole file does, with members narrowed to the exported documents and layers', async () => {
    const dataset = groupDataset();
    const docs = dataset.documents.map((d) => d.id);
    const selections: ExportSelection[] = [{}, { documentIds: [docs[1]!, docs[2]!] }, { documentIds: [docs[2]!] }, { layers: ['alice'] }];
    for (const selection of selections) {
      for (const pageSize of [1, 2, 3]) {
        for (const id of FORMATS) {
          expect([id, selection, pageSize, await streamed(id, dataset, selection, pageSize, 100)]).toEqual([
            id,
            selection,
            pageSize,
            whole(id, dataset, selection),
          ]);
        }
      }
    }
    const jsonl = new TextDecoder().decode(await streamed('jsonl', dataset, { documentIds: [docs[1]!, docs[2]!] }, 1, 4096));
    const groupLines = jsonl.split('\n').filter((l) => l.includes('"kind":"claimGroup"'));
    expect(groupLines).toHaveLength(1);
    expect(JSON.parse(groupLines[0]!).members).toEqual([{ document: docs[1], annotation: 'd2-c' }]);
    const groupsCsv = new TextDecoder().decode(await streamed('groups-csv', dataset, {}, 1, 4096));
    expect(groupsCsv.trim().split('\r\n')).toHaveLength(3);
  });

  it('writes a document larger than a chunk, and characters cut by chunk boundaries come back whole', async () => {
    const text = `${'Ελλάδα 👍🏽 «Москва» '.repeat(400)}end`;
    const dataset: Dataset = {
      project: PROJECT,
      documents: [
        {
          id: 'doc-big' as DocumentId,
          projectId: PROJECT.id,
          title: 'Große Überschrift 👍🏽',
          text,
          blocks: [],
          metadata: {},
          textHash: '',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      annotations: [],
      relations: [],
    };
    const bytes = await streamed('jsonl', dataset, {}, 1, 7);
    expect(bytes.length).toBeGreaterThan(7 * 1000);
    expect(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).text).toBe(text);
    expect(bytes).toEqual(whole('jsonl', dataset, {}));
  });

  it('Claimscope JSONL lists each line’s entities when the project has any', async () => {
    const dataset: Dataset = {
      ...fc.sample(arbDataset, { numRuns: 1, seed: 7 })[0]!,
      entities: [{ id: 'e-1' as EntityId, projectId: PROJECT.id, name: 'Nobody', aliases: [], createdAt: 'x', updatedAt: 'x' }],
    };
    const text = new TextDecoder().decode(await streamed('jsonl', dataset, {}, 1, 1 << 20));
    for (const line of text.trim().split('\n')) expect(JSON.parse(line).entities).toEqual([]);
  });
});

describe('streamed archive', () => {
  it('gives the bytes writeArchive gives, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(arbDataset, fc.integer({ min: 1, max: 5 }), async (dataset, pageRows) => {
        const input: ArchiveInput = {
          project: dataset.project,
          tables: {
            documents: dataset.documents as unknown as ArchiveRow[],
            annotations: dataset.annotations as unknown as ArchiveRow[],
            relations: dataset.relations as unknown as ArchiveRow[],
            entities: [],
          },
          appVersion: 'test',
          created: '2026-01-01T00:00:00.000Z',
        };
        const chunks: Uint8Array[] = [];
        await streamArchive(archiveSourceOf(input, pageRows), { write: (c) => void chunks.push(c) }, { chunkBytes: 100 });
        const bytes = concatBytes(chunks);
        const files = unzipSync(bytes);
        const expected = unzipSync(writeArchive(input));
        expect(Object.keys(files)).toEqual(Object.keys(expected));
        for (const name of Object.keys(files)) expect([name, strFromU8(files[name]!)]).toEqual([name, strFromU8(expected[name]!)]);
        expect(bytes).toEqual(writeArchive(input));
      }),
      { numRuns: 20 },
    );
  });

  it('stops, naming the table, when a table yields other rows than it announced', async () => {
    const dataset = fc.sample(arbDataset, { numRuns: 1, seed: 3 })[0]!;
    const source = archiveSourceOf({
      project: dataset.project,
      tables: { documents: dataset.documents as unknown as ArchiveRow[] },
      appVersion: 'test',
      created: '2026-01-01T00:00:00.000Z',
    });
    const lying = { ...source, tables: source.tables.map((t) => ({ ...t, rows: t.rows + 1 })) };
    await expect(streamArchive(lying, { write: () => {} })).rejects.toThrow(/changed while it was being archived \(documents/);
  });
});

describe('ByteOutput', () => {
  it('hands chunks of at most the chunk size, in order', async () => {
    const chunks: Uint8Array[] = [];
    const out = new ByteOutput({ write: (c) => void chunks.push(c) }, 3);
    await out.add('abcdefg');
    await out.add('h');
    await out.finish();
    expect(chunks.map((c) => strFromU8(c))).toEqual(['abc', 'def', 'gh']);
  });

  it('encodes each text across chunk boundaries as TextEncoder encodes it whole: astral characters, lone surrogates, CRLF (property)', async () => {
    const pieces = ['a', 'é', '€', '😀', '\r\n', '\ud800', '\udfff', '中文', ''];
    const arbText = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(arbText, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 9 }), async (texts, chunkBytes) => {
        const chunks: Uint8Array[] = [];
        const out = new ByteOutput({ write: (c) => void chunks.push(c) }, chunkBytes);
        for (const text of texts) await out.add(text);
        await out.finish();
        const whole = concatBytes(texts.map((t) => new TextEncoder().encode(t)));
        expect(out.written).toBe(whole.length);
        expect(concatBytes(chunks)).toEqual(whole);
        // Every chunk but the last is full.
        expect(chunks.slice(0, -1).every((c) => c.length === chunkBytes)).toBe(true);
        expect(chunks.every((c) => c.length > 0 && c.length <= chunkBytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
