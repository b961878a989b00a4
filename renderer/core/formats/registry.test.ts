import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { sampleDataset } from './fixtures/roundtrip.ts';
import { groupDataset } from './fixtures/claim-groups.ts';
import { detectFormat } from './detect.ts';
import { importFiles } from './import-files.ts';
import { EXPORT_FORMATS, lossReport, writeExportNow } from './exports.ts';
import { FORMAT_NAMES, FORMATS, mimeOf, readerOf, WRITERS } from './registry.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the format registry', () => {
  it('gives every module and every writer its own id, and the export dialog every writer', () => {
    const moduleIds = FORMATS.map((m) => m.id);
    expect(new Set(moduleIds).size).toBe(moduleIds.length);
    const writerIds = WRITERS.map((w) => w.id);
    expect(new Set(writerIds).size).toBe(writerIds.length);
    expect(EXPORT_FORMATS.map((f) => f.id)).toEqual(writerIds);
    expect(writerIds).toEqual([
      'jsonl',
      'archive',
      'claims-csv',
      'groups-csv',
      'brat',
      'conll-bio',
      'conll-bilou',
      'doccano',
      'labelstudio',
      'w3c',
      'spacy',
      'claimreview',
      'claimreview-groups',
    ]);
  });

  it('says in the loss report of every format that cannot carry claim groups that they are left out', () => {
    const dataset = groupDataset();
    const carrying = WRITERS.filter((w) => w.carriesGroups).map((w) => w.id);
    expect(carrying).toEqual(['jsonl', 'archive', 'claims-csv', 'groups-csv', 'claimreview-groups']);
    for (const w of WRITERS) {
      const said = lossReport(w.id, dataset).filter((n) => /cannot hold claim groups/.test(n));
      if (w.carriesGroups) expect(said, w.id).toEqual([]);
      else expect(said, w.id).toEqual([`${w.name} cannot hold claim groups: 1 group of 2 claims and 1 fact-check will be left out.`]);
    }
    // Without groups in the export, nothing is said about them.
    expect(lossReport('brat', { ...dataset, claimGroups: [] }).join(' ')).not.toMatch(/claim group/);
  });

  it('names every kind detection can give, and has a reader for each kind but archive and unknown', () => {
    const kinds = Object.keys(FORMAT_NAMES);
    expect(kinds.sort()).toEqual([
      'archive',
      'brat',
      'brat-conf',
      'conll',
      'csv',
      'doccano',
      'html',
      'json',
      'jsonl',
      'labelstudio',
      'md',
      'pdf',
      'spacy',
      'tsv',
      'txt',
      'unknown',
      'w3c',
    ]);
    for (const kind of kinds) {
      if (kind === 'archive' || kind === 'unknown') expect(readerOf(kind)).toBeUndefined();
      else expect(readerOf(kind as never)?.reader.detects, kind).toHaveProperty(kind);
    }
    expect(readerOf(detectFormat('a.jsonl', bytes('{"text":"x","label":[[0,1,"A"]]}')))?.module.id).toBe('doccano');
  });

  it('writes every format a writer declares, and its loss report comes from the same writer', () => {
    const dataset = { ...sampleDataset(), project: { ...sampleDataset().project, schema: DEFAULT_SCHEMA } };
    for (const w of WRITERS) {
      if (!w.write) {
        expect(w.id).toBe('archive');
        expect(lossReport(w.id, dataset)).toEqual([]);
        continue;
      }
      const out = writeExportNow(w.id, dataset);
      expect(out.data.length, w.id).toBeGreaterThan(0);
      expect(lossReport(w.id, dataset)).toEqual(w.loss(dataset));
      expect(mimeOf(`sample${w.suffix}`)).toBe(w.mime);
    }
    expect(lossReport('doccano', dataset).join(' ')).toMatch(/doccano cannot hold discontinuous spans: 1 discontinuous span in 1 document/);
  });

  it('reads through the registry on import: a brat pair, and a file of an unknown kind fails naming it', async () => {
    const results = await importFiles([
      { name: 'news/a.txt', data: bytes('Lavrov said so.') },
      { name: 'news/a.ann', data: bytes('T1\tSpeaker 0 6\tLavrov\n') },
      { name: 'news/b.docx', data: new Uint8Array([0x50, 0x4b, 0x05]) },
    ]);
    expect(results.map((r) => [r.file, r.format, r.status])).toEqual([
      ['news/a.ann', 'brat', 'parsed'],
      ['news/b.docx', 'unknown', 'failed'],
    ]);
    expect(results[0]!.documents![0]!.annotations[0]).toMatchObject({ label: 'Speaker', layer: 'suggestions' });
    expect(results[1]!.error!.message).toMatch(/^Claimscope does not import \.docx files/);
  });
});
