import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { canonicalizeText } from '../model/text.ts';
import type { AnnotationId, ClaimGroupId, DocumentId, EntityId, ProjectId, Schema } from '../model/types.ts';
import { testGroup } from './fixtures/claim-groups.ts';
import { guardFormula, serializeClaimsCsv } from './claims-csv.ts';
import { datasetFrom, TEST_TIME } from './fixtures/make-dataset.ts';
import type { Dataset, ImportedAnnotation, ImportedDocument } from './types.ts';

const ARTICLE = canonicalizeText(readFileSync(new URL('../../../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8'));

const SCHEMA: Schema = {
  version: 1,
  labels: [
    {
      name: 'Claim',
      color: '#e69f00',
      attributes: [
        { name: 'stance', type: 'single', options: ['accuse', 'deny'] },
        { name: 'topics', type: 'multi', options: ['arms', 'law', 'rebels'] },
        { name: 'direct', type: 'boolean' },
        { name: 'note', type: 'text' },
      ],
    },
    { name: 'Speaker', color: '#56b4e9' },
    { name: 'Source', color: '#009e73' },
    { name: 'Cue', color: '#f0e442' },
  ],
  relationTypes: [
    { name: 'said by', from: ['Claim'], to: ['Speaker'] },
    { name: 'cue', from: ['Cue'], to: ['Claim'] },
    { name: 'reported by', from: ['Claim', 'Source'], to: ['Source'] },
  ],
};

const LAVROV = 'e-lavrov' as EntityId;
const REUTERS = 'e-reuters' as EntityId;

function at(text: string, quote: string, after = 0): { start: number; end: number } {
  const start = text.indexOf(quote, after);
  if (start < 0) throw new Error(`"${quote}" not found`);
  return { start, end: start + quote.length };
}

function article(): ImportedDocument {
  const claim = at(
    ARTICLE,
    'They are providing arms and weapons to the Syrian opposition that can be used in fighting against the Damascus government',
  );
  const claim2 = at(ARTICLE, 'We are not violating any international law in performing these contracts');
  const anns: ImportedAnnotation[] = [
    {
      key: 'c1',
      label: 'Claim',
      ranges: [claim],
      attributes: { stance: 'accuse', topics: ['arms', 'rebels'], direct: true },
      note: 'Through an interpreter',
    },
    { key: 's1', label: 'Speaker', ranges: [at(ARTICLE, 'Lavrov', claim.end)], attributes: { entity: LAVROV } },
    { key: 'q1', label: 'Cue', ranges: [at(ARTICLE, 'said', claim.end)] },
    { key: 'src1', label: 'Source', ranges: [at(ARTICLE, 'Iranian state television')] },
    {
      key: 'src2',
      label: 'Source',
      ranges: [at(ARTICLE, 'Reuters', at(ARTICLE, 'Iranian state television').end)],
      attributes: { entity: REUTERS },
    },
    {
      key: 'c2',
      label: 'Claim',
      ranges: [claim2],
      attributes: { stance: 'deny', topics: [], direct: false },
      note: '=HYPERLINK("http://x")',
    },
    { key: 's2', label: 'Speaker', ranges: [at(ARTICLE, 'Lavrov', claim2.end)], attributes: { entity: LAVROV } },
    { key: 'q2', label: 'Cue', ranges: [at(ARTICLE, 'said', claim2.end)] },
    { key: 'src3', label: 'Source', ranges: [at(ARTICLE, 'Reuters', claim2.end)], attributes: { entity: REUTERS } },
  ];
  return {
    title: 'Russia defends arms sales to Syria, says US is arming rebels',
    text: ARTICLE,
    blocks: [],
    metadata: { source: 'GlobalPost', section: 'Conflict & Justice', date: '2012-06-13' },
    sourceFile: 'seed',
    annotations: anns,
    relations: [
      { from: 'c1', to: 's1', type: 'said by' },
      { from: 'q1', to: 'c1', type: 'cue' },
      { from: 'c1', to: 'src1', type: 'reported by' },
      { from: 'src1', to: 'src2', type: 'reported by' },
      { from: 'c2', to: 's2', type: 'said by' },
      { from: 'q2', to: 'c2', type: 'cue' },
      { from: 'c2', to: 'src3', type: 'reported by' },
    ],
  };
}

function dataset(docs: ImportedDocument[] = [article()]): Dataset {
  const entities = [
    {
      id: LAVROV,
      projectId: 'p1' as ProjectId,
      name: 'Sergei Lavrov',
      aliases: ['Lavrov'],
      externalId: 'Q150851',
      createdAt: TEST_TIME,
      updatedAt: TEST_TIME,
    },
    { id: REUTERS, projectId: 'p1' as ProjectId, name: 'Reuters', aliases: [], createdAt: TEST_TIME, updatedAt: TEST_TIME },
  ];
  const out = datasetFrom(docs, SCHEMA, entities);
  out.claimGroups = [
    testGroup({
      id: 'g1' as ClaimGroupId,
      canonical: 'The US is arming the Syrian rebels',
      members: [{ documentId: 'd1' as DocumentId, annotationId: 'd1-c1' as AnnotationId }],
    }),
  ];
  return out;
}

function parse(csv: string): { fields: string[]; rows: Record<string, string>[] } {
  const r = Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  expect(r.errors).toEqual([]);
  return { fields: r.meta.fields ?? [], rows: r.data };
}

describe('serializeClaimsCsv', () => {
  const csv = serializeClaimsCsv(dataset());

  it('is UTF-8 with a BOM, CRLF line ends, and parses with papaparse to the expected columns', () => {
    expect(csv.startsWith('\ufeffdocument_id,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(parse(csv).fields).toEqual([
      'document_id',
      'document_title',
      'meta_date',
      'meta_section',
      'meta_source',
      'claim_id',
      'claim_text',
      'start',
      'end',
      'speakers',
      'speaker_entity',
      'speaker_entity_id',
      'cue',
      'source_chain',
      'source_entities',
      'stance',
      'topics',
      'direct',
      'attr_note',
      'group',
      'group_id',
      'note',
      'layer',
      'created_by',
      'updated_at',
    ]);
  });

  it('writes one row per claim with speaker, entity, cue and source chain', () => {
    const { rows } = parse(csv);
    expect(rows).toHaveLength(2);
    const claim =
      'They are providing arms and weapons to the Syrian opposition that can be used in fighting against the Damascus government';
    const start = ARTICLE.indexOf(claim);
    expect(rows[1]).toEqual({
      document_id: 'd1',
      document_title: 'Russia defends arms sales to Syria, says US is arming rebels',
      meta_date: '2012-06-13',
      meta_section: 'Conflict & Justice',
      meta_source: 'GlobalPost',
      claim_id: 'd1-c1',
      claim_text: claim,
      start: String(Array.from(ARTICLE.slice(0, start)).length),
      end: String(Array.from(ARTICLE.slice(0, start + claim.length)).length),
      speakers: 'Lavrov',
      speaker_entity: 'Sergei Lavrov',
      speaker_entity_id: 'Q150851',
      cue: 'said',
      source_chain: 'Iranian state television > Reuters',
      source_entities: 'Reuters',
      stance: 'accuse',
      topics: 'arms; rebels',
      direct: 'true',
      attr_note: '',
      group: 'The US is arming the Syrian rebels',
      group_id: 'g1',
      note: 'Through an interpreter',
      layer: 'gold',
      created_by: 'tester',
      updated_at: TEST_TIME,
    });
    // Claims come in text order: the "international law" claim is earlier in the article.
    expect(rows[0]).toMatchObject({
      claim_text: 'We are not violating any international law in performing these contracts',
      speakers: 'Lavrov',
      speaker_entity: 'Sergei Lavrov',
      cue: 'said',
      source_chain: 'Reuters',
      source_entities: 'Reuters',
      stance: 'deny',
      topics: '',
      direct: 'false',
      group: '',
      group_id: '',
      note: `'=HYPERLINK("http://x")`,
    });
  });

  it('counts start and end in code points and guards formula-like text', () => {
    const text = '😀😀 -1 is what @Lavrov said: +5 =SUM(A1)';
    const claim = at(text, '+5 =SUM(A1)');
    const d = dataset([
      {
        title: "=cmd|' /C calc'!A0",
        text,
        blocks: [],
        metadata: { author: '@someone' },
        sourceFile: 'x',
        annotations: [
          { key: 'c', label: 'Claim', ranges: [claim] },
          { key: 's', label: 'Speaker', ranges: [at(text, '@Lavrov')], attributes: { entity: 'unknown-entity' } },
          { key: 'q', label: 'Cue', ranges: [at(text, '-1')] },
        ],
        relations: [
          { from: 'c', to: 's', type: 'said by' },
          { from: 'c', to: 'q', type: 'cue' },
        ],
      },
    ]);
    const [row] = parse(serializeClaimsCsv(d)).rows;
    expect(claim.start).toBe(30);
    expect(row).toMatchObject({
      document_title: `'=cmd|' /C calc'!A0`,
      meta_author: `'@someone`,
      claim_text: `'+5 =SUM(A1)`,
      start: '28',
      end: '39',
      speakers: `'@Lavrov`,
      speaker_entity: 'unknown-entity',
      speaker_entity_id: 'unknown-entity',
      cue: `'-1`,
      source_chain: '',
    });
    expect(guardFormula('plain')).toBe('plain');
    expect(guardFormula('\tx')).toBe("'\tx");
  });

  it('quotes commas, quotes and line breaks so they survive (RFC 4180)', () => {
    const a = article();
    a.annotations[0]!.note = 'line one\nline "two", with comma';
    const { rows } = parse(serializeClaimsCsv(dataset([a])));
    expect(rows[1]!.note).toBe('line one\nline "two", with comma');
  });

  it('follows branching and multi-step chains and joins several speakers', () => {
    const text = 'Officials said, according to AP and AFP via Le Monde, that Smith and Jones lied.';
    const d = dataset([
      {
        title: 't',
        text,
        blocks: [],
        metadata: {},
        sourceFile: 'x',
        annotations: [
          { key: 'c', label: 'Claim', ranges: [at(text, 'Smith and Jones lied')] },
          { key: 'o', label: 'Speaker', ranges: [at(text, 'Officials')] },
          { key: 'o2', label: 'Speaker', ranges: [at(text, 'Smith')], attributes: { entity: LAVROV } },
          { key: 'ap', label: 'Source', ranges: [at(text, 'AP')], attributes: { entity: REUTERS } },
          { key: 'afp', label: 'Source', ranges: [at(text, 'AFP')] },
          { key: 'lm', label: 'Source', ranges: [at(text, 'Le Monde')] },
        ],
        relations: [
          { from: 'c', to: 'o', type: 'said by' },
          { from: 'o2', to: 'c', type: 'said by' },
          { from: 'c', to: 'afp', type: 'reported by' },
          { from: 'c', to: 'ap', type: 'reported by' },
          { from: 'afp', to: 'lm', type: 'reported by' },
          { from: 'lm', to: 'afp', type: 'reported by' }, // a cycle must not loop
        ],
      },
    ]);
    const [row] = parse(serializeClaimsCsv(d)).rows;
    expect(row).toMatchObject({
      speakers: 'Officials; Smith',
      speaker_entity: 'Sergei Lavrov',
      speaker_entity_id: 'Q150851',
      source_chain: 'AP | AFP > Le Monde',
      source_entities: 'Reuters',
    });
  });

  it('filters by layer and writes only the header when there are no claims', () => {
    const a = article();
    for (const x of a.annotations) if (x.key === 'c2') x.layer = 'anna';
    const { rows } = parse(serializeClaimsCsv(dataset([a]), { layer: 'anna' }));
    expect(rows.map((r) => r.claim_id)).toEqual(['d1-c2']);
    expect(rows[0]!.speakers).toBe(''); // its speaker is on the gold layer
    const empty = serializeClaimsCsv(dataset([{ ...article(), annotations: [], relations: [] }]));
    expect(parse(empty).rows).toEqual([]);
    expect(empty.split('\r\n')).toHaveLength(2);
  });
});
