import fc from 'fast-check';
import Papa from 'papaparse';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { quoteOf } from '../model/spans.ts';
import type { Annotation, AnnotationId, DocumentId, DocumentRecord, EntityId, Relation, RelationId, Span } from '../model/types.ts';
import { parseBrat } from './brat.ts';
import { parseConll } from './conll.ts';
import { parseDoccano } from './doccano.ts';
import { parseLabelStudio } from './labelstudio-parse.ts';
import { parseJsonl } from './native-jsonl.ts';
import { parseSpacy } from './spacy.ts';
import { parseW3c } from './w3c.ts';
import { describeError, type ImportedDocument, type Result } from './types.ts';
import { tokenize } from './conll.ts';
import { EXPORT_FORMATS, exportFileName, lossReport, selectDataset, writeExport, writeExportNow, type ExportFormatId } from './exports.ts';
import { arbDataset, PROJECT } from './fixtures/roundtrip.ts';
import type { Dataset } from './types.ts';
import { checkW3cMustRules } from './w3c-rules.ts';

const STAMP = '2026-02-03T04:05:06.000Z';
const TEXT_A = 'Lavrov said Russia was not violating any law, Reuters reported.\nClinton disagreed 👍🏽.';
const TEXT_B = 'The ministry said shipments continue. Officials denied it.';

function doc(id: string, text: string, metadata: DocumentRecord['metadata'] = {}): DocumentRecord {
  return {
    id: id as DocumentId,
    projectId: PROJECT.id,
    title: `Doc ${id}`,
    text,
    blocks: [],
    metadata,
    textHash: '',
    createdAt: STAMP,
    updatedAt: STAMP,
  };
}

function ann(id: string, documentId: string, text: string, label: string, ranges: Span[], extra: Partial<Annotation> = {}): Annotation {
  return {
    id: id as AnnotationId,
    projectId: PROJECT.id,
    documentId: documentId as DocumentId,
    layer: 'alice',
    label,
    ranges,
    quote: quoteOf(text, ranges),
    attributes: {},
    note: '',
    origin: 'human',
    createdBy: 'alice',
    createdAt: STAMP,
    updatedBy: 'alice',
    updatedAt: STAMP,
    ...extra,
  };
}

const at = (text: string, s: string, from = 0): Span => {
  const start = text.indexOf(s, from);
  if (start < 0) throw new Error(s);
  return { start, end: start + s.length };
};

function rel(id: string, from: Annotation, to: Annotation, type: string, layer = from.layer): Relation {
  return {
    id: id as RelationId,
    projectId: PROJECT.id,
    documentId: from.documentId,
    layer,
    from: from.id,
    to: to.id,
    type,
    createdBy: layer,
    createdAt: STAMP,
    updatedBy: layer,
    updatedAt: STAMP,
  };
}

/**
 * Two documents with counts known by hand: in A, a claim overlaps its speaker and a cue inside the
 * claim (2 overlapping spans for CoNLL), in B one claim overlaps another (1 more, second document).
 */
function handDataset(): Dataset {
  const claimA = ann('a-claim', 'A', TEXT_A, 'Claim', [at(TEXT_A, 'Lavrov said Russia was not violating any law')], {
    attributes: { verdict: 'false', topics: ['arms', 'law'], hedged: false, score: 3 },
    note: 'line one\nline two',
  });
  const speakerA = ann('a-speaker', 'A', TEXT_A, 'Speaker', [at(TEXT_A, 'Lavrov')], { attributes: { entity: 'ent-1' } });
  const cueA = ann('a-cue', 'A', TEXT_A, 'Cue', [at(TEXT_A, 'said')]);
  const sourceA = ann('a-source', 'A', TEXT_A, 'Source', [at(TEXT_A, 'Reuters')], { layer: 'gold' });
  const lonely = ann('a-lonely', 'A', TEXT_A, 'Speaker', [at(TEXT_A, 'Clinton')], { attributes: { entity: null } });
  const claimB = ann('b-claim', 'B', TEXT_B, 'Claim', [at(TEXT_B, 'shipments continue'), at(TEXT_B, 'denied it')]);
  const claimB2 = ann('b-claim2', 'B', TEXT_B, 'Claim', [at(TEXT_B, 'said shipments')], { attributes: { topics: ['arms'] } });
  return {
    project: { ...PROJECT, schema: DEFAULT_SCHEMA },
    documents: [doc('A', TEXT_A, { source: 'GlobalPost', year: 2012 }), doc('B', TEXT_B)],
    annotations: [claimA, speakerA, cueA, sourceA, lonely, claimB, claimB2],
    relations: [rel('r1', claimA, speakerA, 'said by'), rel('r2', claimA, cueA, 'cue'), rel('r3', claimA, sourceA, 'reported by', 'alice')],
    entities: [
      {
        id: 'ent-1' as EntityId,
        projectId: PROJECT.id,
        name: 'Sergei Lavrov',
        aliases: ['Lavrov'],
        externalId: 'Q178945',
        createdAt: STAMP,
        updatedAt: STAMP,
      },
      { id: 'ent-2' as EntityId, projectId: PROJECT.id, name: 'Nobody', aliases: [], createdAt: STAMP, updatedAt: STAMP },
    ],
  };
}

const report = (id: ExportFormatId, d = handDataset()) => lossReport(id, d).join('\n');

describe('loss report counts', () => {
  it('CoNLL: overlapping spans and documents, discontinuous, relations, attributes, notes, metadata', () => {
    const r = report('conll-bio');
    expect(r).toContain('CoNLL cannot hold 3 overlapping spans in 2 documents');
    expect(r).toContain('1 discontinuous span will be written as one span');
    expect(r).toContain('CoNLL has no relations: 3 relations will be left out.');
    // verdict 1 + topics 2 + hedged 1 + score 1, entity 1 (null counts nothing); topics 1 in B.
    expect(r).toContain('CoNLL has no attributes: 7 attribute values on 3 annotations will be left out.');
    expect(r).toContain('CoNLL has no notes: 1 note will be left out.');
    expect(r).toContain('2 metadata fields on 1 document will be left out');
    expect(r).toContain('annotations from 2 layers (alice, gold)');
  });

  it('doccano: attribute values on annotations, notes, layers, linked entities only', () => {
    const r = report('doccano');
    expect(r).toContain('doccano has no attributes: 7 attribute values on 3 annotations will be left out.');
    expect(r).toContain('1 note will be dropped');
    expect(r).toContain('1 linked entity (speaker and source identities) will not be exported');
    expect(r).toContain('1 discontinuous span in 1 document');
  });

  it('brat: renamed relation types, false values, numbers, multi-line notes, metadata', () => {
    const r = report('brat');
    expect(r).toContain('2 relations of type "reported by", "said by" will be written as reported_by, said_by');
    expect(r).toContain('2 attribute values (false, empty or null) will be left out'); // hedged: false, entity: null
    expect(r).toContain('1 number on 1 annotation will come back as text');
    expect(r).toContain('1 one-item list on 1 annotation will come back as a single value');
    expect(r).toContain('1 note with line breaks or tabs');
    expect(r).toContain('2 metadata fields on 1 document');
    expect(r).toContain('7 annotations from 2 layers');
  });

  it('claims CSV: unlinked annotations, other attributes, other notes', () => {
    const r = report('claims-csv');
    // Speaker, cue and source are linked to claim A; "Clinton" is linked to nothing.
    expect(r).toContain('1 annotation (Speaker) linked to no claim as speaker, cue or source will be left out.');
    expect(r).toContain('1 discontinuous claim will be given by outer start and end offsets only');
    // The default schema defines verdict for Claim, not topics, hedged or score: 4 values on claim A, 1 on B's second claim.
    expect(r).toContain('5 attribute values on 2 annotations under other names will be left out.');
  });

  it('Claimscope JSONL: only unlinked entities and the project itself; the archive: nothing', () => {
    const r = report('jsonl');
    expect(r).toContain('1 entity linked to no exported annotation will be left out');
    expect(lossReport('archive', handDataset())).toEqual([]);
  });

  it('counts only what the selection exports', () => {
    const onlyB = selectDataset(handDataset(), { documentIds: ['B'] });
    expect(report('conll-bio', onlyB)).toContain('CoNLL cannot hold 1 overlapping span in 1 document');
    expect(report('doccano', onlyB)).toContain('1 attribute value on 1 annotation');
    expect(report('doccano', onlyB)).not.toContain('entity records');
  });
});

describe('selectDataset', () => {
  it('keeps the chosen documents, layers and labels, relations between what remains, and linked entities', () => {
    const d = selectDataset(handDataset(), { layers: ['alice'], labels: ['Claim', 'Speaker'] });
    expect(d.annotations.map((a) => a.id).sort()).toEqual(['a-claim', 'a-lonely', 'a-speaker', 'b-claim', 'b-claim2']);
    expect(d.relations.map((r) => r.id)).toEqual(['r1']);
    expect(d.entities!.map((e) => e.id)).toEqual(['ent-1']);
    expect(selectDataset(handDataset(), {}).annotations).toHaveLength(7);
  });
});

describe('writeExport', () => {
  it('writing in chunks gives exactly the file written whole', () => {
    fc.assert(
      fc.property(arbDataset, (dataset) => {
        for (const id of ['jsonl', 'spacy', 'conll-bio', 'conll-bilou'] as const) {
          const steps = writeExport(id, dataset, 1);
          const progress: number[] = [];
          let step = steps.next();
          while (!step.done) {
            progress.push(step.value.done);
            step = steps.next();
          }
          expect(step.value.data).toEqual(writeExportNow(id, { ...dataset, documents: dataset.documents }).data);
          expect(progress.at(-1)).toBe(dataset.documents.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('every format but the archive writes a file that parses and holds the spans', () => {
    const d = handDataset();
    for (const f of EXPORT_FORMATS) {
      if (f.id === 'archive') {
        expect(() => writeExportNow(f.id, d)).toThrow();
        continue;
      }
      const { data } = writeExportNow(f.id, d);
      expect(data.length).toBeGreaterThan(0);
    }
    const w3c = JSON.parse(writeExportNow('w3c', d).data as string);
    expect(checkW3cMustRules(w3c)).toEqual([]);
    const csv = Papa.parse<Record<string, string>>((writeExportNow('claims-csv', d).data as string).slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.errors).toEqual([]);
    expect(csv.data.map((row) => row.claim_text)).toEqual([
      'Lavrov said Russia was not violating any law',
      'said shipments',
      'shipments continue … denied it',
    ]);
    expect(csv.data[0]!.speakers).toBe('Lavrov');
    const conll = (writeExportNow('conll-bio', d).data as string)
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('-DOCSTART-'));
    expect(conll.map((l) => l.split('\t')[0])).toEqual([...tokenize(TEXT_A), ...tokenize(TEXT_B)].map((t) => t.text));
    const brat = unzipSync(writeExportNow('brat', d).data as Uint8Array);
    const parsed = parseBrat(
      { name: 'Doc_A.txt', content: strFromU8(brat['Doc_A.txt']!) },
      { name: 'Doc_A.ann', content: strFromU8(brat['Doc_A.ann']!) },
    );
    expect(parsed.ok && parsed.value.annotations.map((a) => quoteOf(parsed.value.text, a.ranges)).sort()).toEqual([
      'Clinton',
      'Lavrov',
      'Lavrov said Russia was not violating any law',
      'Reuters',
      'said',
    ]);
  });

  it('names files after the project', () => {
    expect(exportFileName('jsonl', 'Sample project')).toBe('sample-project.jsonl');
    expect(exportFileName('archive', 'Études: Syria')).toBe('etudes-syria.claimscope.zip');
    expect(exportFileName('conll-bilou', '')).toBe('claimscope-project-bilou.conll');
  });
});

describe('round trip: every format Claimscope also imports gives back the annotations it can carry', () => {
  /** label@quote of every annotation, per document text. */
  const spansOf = (docs: ImportedDocument[]) => docs.map((d) => d.annotations.map((a) => `${a.label}@${quoteOf(d.text, a.ranges)}`).sort());
  const read = (r: Result<ImportedDocument[]>) => {
    if (!r.ok) throw new Error(describeError(r.error));
    return r.value;
  };
  const bratRead = (zip: Uint8Array) => {
    const files = unzipSync(zip);
    return Object.keys(files)
      .filter((n) => n.endsWith('.txt'))
      .sort((a, b) => (a.includes('_A') ? -1 : b.includes('_A') ? 1 : 0))
      .map((n) => {
        const r = parseBrat(
          { name: n, content: strFromU8(files[n]!) },
          { name: n.replace(/\.txt$/, '.ann'), content: strFromU8(files[n.replace(/\.txt$/, '.ann')]!) },
        );
        if (!r.ok) throw new Error(describeError(r.error));
        return r.value;
      });
  };
  const original = (d: Dataset) =>
    d.documents.map((doc) =>
      d.annotations
        .filter((a) => a.documentId === doc.id)
        .map((a) => `${a.label}@${a.quote}`)
        .sort(),
    );

  it('JSONL, brat, doccano, Label Studio, W3C and spaCy: every annotation, discontinuous ones included', () => {
    const d = handDataset();
    const want = original(d);
    const text = (id: ExportFormatId) => writeExportNow(id, d).data as string;
    expect(spansOf(read(parseJsonl('x.jsonl', text('jsonl'))))).toEqual(want);
    expect(spansOf(bratRead(writeExportNow('brat', d).data as Uint8Array))).toEqual(want);
    expect(spansOf(read(parseLabelStudio('x.json', text('labelstudio'))))).toEqual(want);
    expect(spansOf(read(parseW3c('x.jsonld', text('w3c'))))).toEqual(want);
    expect(spansOf(read(parseSpacy('x.jsonl', text('spacy'))))).toEqual(want);
    // doccano has no discontinuous spans: the two-range claim comes back as its two ranges.
    const doccano = spansOf(read(parseDoccano('x.jsonl', text('doccano'))));
    expect(doccano[0]).toEqual(want[0]);
    expect(doccano[1]).toEqual(['Claim@denied it', 'Claim@said shipments', 'Claim@shipments continue']);
  });

  it('CoNLL: the spans that do not overlap, on the token-joined text', () => {
    const d = handDataset();
    const conll = read(parseConll('x.conll', writeExportNow('conll-bilou', d).data as string));
    // Kept per the overlap rule: the long claim in A (over speaker and cue), the source, Clinton;
    // in B the discontinuous claim is one span from its first to its last range, over the other claim.
    expect(spansOf(conll)).toEqual([
      ['Claim@Lavrov said Russia was not violating any law', 'Source@Reuters', 'Speaker@Clinton'],
      ['Claim@shipments continue . Officials denied it'],
    ]);
  });
});
