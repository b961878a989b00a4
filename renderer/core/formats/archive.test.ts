import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { schemaFingerprint } from '../model/schema.ts';
import { describeError } from './types.ts';
import { archiveEntryNames, datasetOfArchive, readArchive, writeArchive, type ArchiveInput } from './archive.ts';
import { arbDataset, sampleDataset } from './fixtures/roundtrip.ts';
import { ARCHIVE_CREATED, archiveInputOf, patchEntry } from './fixtures/archive.ts';

function read(bytes: Uint8Array) {
  const r = readArchive('backup.zip', bytes);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

function errorOf(bytes: Uint8Array): string {
  const r = readArchive('backup.zip', bytes);
  if (r.ok) throw new Error('expected the archive to be refused');
  return describeError(r.error);
}

const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('writeArchive / readArchive', () => {
  it('writes the manifest, the project and one JSONL entry per table', () => {
    const input = archiveInputOf(sampleDataset(), {
      statuses: [{ documentId: 'doc-0', layer: 'alice', status: 'done', projectId: 'proj-1' }],
    });
    const bytes = writeArchive(input);
    expect(archiveEntryNames(bytes)).toEqual([
      'manifest.json',
      'project.json',
      'documents.jsonl',
      'annotations.jsonl',
      'relations.jsonl',
      'entities.jsonl',
      'history.jsonl',
      'statuses.jsonl',
    ]);
    const { manifest } = read(bytes);
    expect(manifest).toMatchObject({
      format: 'claimscope-archive',
      formatVersion: 1,
      appVersion: '0.1.0',
      created: ARCHIVE_CREATED,
      project: { id: 'proj-1', name: 'Claims 😀 study' },
      schemaFingerprint: schemaFingerprint(input.project.schema),
      counts: { documents: 1, annotations: 5, relations: 2, entities: 1, operations: 2, statuses: 1 },
    });
    expect(manifest.tables.find((t) => t.table === 'operations')).toEqual({ table: 'operations', file: 'history.jsonl', rows: 2 });
  });

  it('gives back every row of every table, including tables it has no schema for', () => {
    const extra = { comments: [{ id: 'c1', projectId: 'proj-1', documentId: 'doc-0', text: 'Check 😀', nested: { a: [1, 2] } }] };
    const input = archiveInputOf(sampleDataset(), extra);
    const back = read(writeArchive(input));
    expect(back.project).toEqual(input.project);
    for (const [table, rows] of Object.entries(input.tables)) expect(sorted(back.tables[table]!)).toEqual(sorted([...rows]));
    expect(datasetOfArchive(back).annotations).toHaveLength(5);
  });

  it('is deterministic: the same project in any row order gives the same bytes', () => {
    fc.assert(
      fc.property(arbDataset, fc.nat(), (dataset, seed) => {
        const input = archiveInputOf(dataset);
        const shuffled: ArchiveInput = {
          ...input,
          tables: Object.fromEntries(
            Object.entries(input.tables)
              .reverse()
              .map(([t, rows]) => [t, [...rows].sort(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3) - 1)]),
          ),
        };
        expect(writeArchive(shuffled)).toEqual(writeArchive(input));
      }),
      { numRuns: 40 },
    );
  });

  it('export → read → export is a fixed point', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        const bytes = writeArchive(archiveInputOf(dataset));
        const back = read(bytes);
        const again = writeArchive({
          project: back.project,
          tables: back.tables,
          appVersion: back.manifest.appVersion,
          created: back.manifest.created,
        });
        expect(again).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('writes rows as sorted-key JSON lines, history in undo-log order', () => {
    const bytes = writeArchive(archiveInputOf(sampleDataset()));
    const files = unzipSync(bytes);
    const history = strFromU8(files['history.jsonl']!)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(history.map((h) => h.seq)).toEqual([1, 2]);
    const firstLine = strFromU8(files['documents.jsonl']!).split('\n')[0]!;
    const keys = Object.keys(JSON.parse(firstLine));
    expect(keys).toEqual([...keys].sort());
  });
});

describe('readArchive errors name the archive, the entry and the line', () => {
  const good = () => writeArchive(archiveInputOf(sampleDataset()));

  it('refuses bytes that are not a zip', () => {
    expect(errorOf(strToU8('hello, not a zip'))).toMatch(/^backup\.zip: is not a readable zip archive/);
  });

  it('refuses a zip without a manifest', () => {
    expect(errorOf(zipSync({ 'notes.txt': strToU8('x') }))).toBe(
      'backup.zip: has no manifest.json: it is not a Claimscope project archive.',
    );
  });

  it('refuses a manifest of another format', () => {
    const bytes = patchEntry(good(), 'manifest.json', (t) => t.replace('"claimscope-archive"', '"other"'));
    expect(errorOf(bytes)).toBe('backup.zip: manifest.json: field format: must be "claimscope-archive".');
  });

  it('refuses an archive from a newer version', () => {
    const bytes = patchEntry(good(), 'manifest.json', (t) => t.replace('"formatVersion": 1', '"formatVersion": 7'));
    expect(errorOf(bytes)).toMatch(/manifest\.json: was written by a newer Claimscope \(archive version 7/);
  });

  it('names the line of a row with a bad field', () => {
    const bytes = patchEntry(good(), 'annotations.jsonl', (t) => {
      const lines = t.split('\n');
      lines[2] = lines[2]!.replace(/"label":"[^"]*"/, '"label":""');
      return lines.join('\n');
    });
    expect(errorOf(bytes)).toBe('backup.zip: annotations.jsonl:3: field label: cannot be empty.');
  });

  it('names the line that is not JSON', () => {
    const bytes = patchEntry(good(), 'relations.jsonl', (t) => `${t.split('\n')[0]}\n{oops\n`);
    expect(errorOf(bytes)).toMatch(/^backup\.zip: relations\.jsonl:2: is not valid JSON on this line/);
  });

  it('notices a missing or truncated entry', () => {
    const files = unzipSync(good());
    delete files['entities.jsonl'];
    expect(errorOf(zipSync(files))).toBe('backup.zip: has no entities.jsonl, which its manifest lists.');
    const cut = patchEntry(good(), 'annotations.jsonl', (t) => t.split('\n').slice(0, 2).join('\n'));
    expect(errorOf(cut)).toBe(
      'backup.zip: annotations.jsonl: holds 2 rows, but the manifest says 5: the archive is incomplete or was changed.',
    );
  });

  it('refuses an entry of 2^28 blank lines, naming it, instead of ending the process', { timeout: 600_000 }, () => {
    // Found by the importer fuzz with 256 MiB zip bombs: splitting such an entry into lines
    // exceeded V8's array limit ("Fatal JavaScript invalid size error"), which no catch stops.
    const files = unzipSync(good());
    files['annotations.jsonl'] = new Uint8Array(2 ** 28 + 16).fill(0x0a);
    expect(errorOf(zipSync(files, { level: 0 }))).toBe(
      'backup.zip: annotations.jsonl: holds 0 rows, but the manifest says 5: the archive is incomplete or was changed.',
    );
  });

  it('refuses a relation whose end is missing', () => {
    const bytes = patchEntry(good(), 'relations.jsonl', (t) => t.replace('"to":"cue1"', '"to":"nowhere"'));
    expect(errorOf(bytes)).toMatch(/^backup\.zip: relations\.jsonl:\d: relation "rel2" \(cue\) points to annotation "nowhere"/);
  });

  it('refuses a range outside its text and a row of another project', () => {
    const outside = patchEntry(good(), 'annotations.jsonl', (t) =>
      t.replace(/"ranges":\[\{"end":\d+,"start":(\d+)\}\]/, '"ranges":[{"end":99999,"start":$1}]'),
    );
    expect(errorOf(outside)).toMatch(/annotations\.jsonl:\d: annotation "[^"]+": The range \d+–99999 ends past the end of the text/);
    const foreign = patchEntry(good(), 'entities.jsonl', (t) => t.replace('"projectId":"proj-1"', '"projectId":"proj-9"'));
    expect(errorOf(foreign)).toBe(
      'backup.zip: entities.jsonl:1: the row belongs to project "proj-9", not to the archived project "proj-1".',
    );
  });

  it('notices a schema changed after writing', () => {
    const bytes = patchEntry(good(), 'project.json', (t) => t.replace('"labels": []', '"labels": [{"name": "Extra", "color": "#ffffff"}]'));
    expect(errorOf(bytes)).toBe(
      'backup.zip: project.json: its schema does not match the fingerprint in manifest.json: the archive was changed after it was written.',
    );
  });
});
