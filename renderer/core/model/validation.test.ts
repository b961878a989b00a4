import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from './schema.ts';
import { newAnnotation, newRelation } from './records.ts';
import type { Annotation, AnnotationId, DocumentId, ProjectId, LabelDef, Relation, RelationId, Schema } from './types.ts';
import { allowedRelationTypes, checkDocument, checkRelation, validateAttributes, validateDocumentAttributes } from './validation.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms, Reuters reported.';

const DOC = { id: 'd' as DocumentId, projectId: 'p' as ProjectId, text: TEXT };
const STAMP = { by: 'ann', at: '2026-11-29T00:00:00.000Z' };

const ann = (id: string, label: string, start: number, end: number, attributes: Annotation['attributes'] = {}): Annotation =>
  newAnnotation(DOC, { id: id as AnnotationId, label, ranges: [{ start, end }], layer: 'ann', attributes }, STAMP);

const rel = (id: string, from: string, to: string, type: string): Relation =>
  newRelation(DOC, { id: id as RelationId, from: from as AnnotationId, to: to as AnnotationId, type, layer: 'ann' }, STAMP);

describe('checkRelation', () => {
  it('allows the attribution relations of the default schema', () => {
    expect(checkRelation(DEFAULT_SCHEMA, 'Claim', 'Speaker', 'said by')).toBeNull();
    expect(checkRelation(DEFAULT_SCHEMA, 'Claim', 'Cue', 'cue')).toBeNull();
    expect(checkRelation(DEFAULT_SCHEMA, 'Source', 'Source', 'reported by')).toBeNull();
  });

  it('says which end is wrong', () => {
    const why = checkRelation(DEFAULT_SCHEMA, 'Speaker', 'Claim', 'said by');
    expect(why).toContain('starts at a Claim, not a Speaker');
    expect(why).toContain('ends at a Speaker, not a Claim');
    expect(checkRelation(DEFAULT_SCHEMA, 'Claim', 'Source', 'said by')).toMatch(/ends at a Speaker, not a Source/);
    expect(checkRelation(DEFAULT_SCHEMA, 'Cue', 'Source', 'reported by')).toMatch(/starts at a Claim or a Source, not a Cue/);
  });

  it('rejects an unknown type and treats empty ends as any label', () => {
    expect(checkRelation(DEFAULT_SCHEMA, 'Claim', 'Speaker', 'quoted by')).toMatch(/no relation type "quoted by"/);
    const open: Schema = { ...DEFAULT_SCHEMA, relationTypes: [{ name: 'related', from: [], to: [] }] };
    expect(checkRelation(open, 'Cue', 'Cue', 'related')).toBeNull();
  });
});

describe('allowedRelationTypes', () => {
  it('lists the types that fit both ends, in schema order', () => {
    expect(allowedRelationTypes(DEFAULT_SCHEMA, 'Claim', 'Speaker')).toEqual(['said by']);
    expect(allowedRelationTypes(DEFAULT_SCHEMA, 'Claim', 'Source')).toEqual(['reported by']);
    expect(allowedRelationTypes(DEFAULT_SCHEMA, 'Speaker', 'Claim')).toEqual([]);
  });
});

const label: LabelDef = {
  name: 'Claim',
  color: '#e69f00',
  attributes: [
    { name: 'stance', type: 'single', options: ['asserts', 'denies'], required: true },
    { name: 'topics', type: 'multi', options: ['war', 'trade'] },
    { name: 'quoted', type: 'boolean' },
    { name: 'count', type: 'number' },
    { name: 'remark', type: 'text' },
    { name: 'entity', type: 'entity' },
  ],
};

describe('validateAttributes', () => {
  it('accepts values of the right types and choices', () => {
    expect(
      validateAttributes(label, {
        stance: 'asserts',
        topics: ['war', 'trade'],
        quoted: true,
        count: 3,
        remark: 'x',
        entity: 'E1',
      }),
    ).toEqual([]);
  });

  it('reports a missing required value, and only that one', () => {
    expect(validateAttributes(label, {})).toEqual([{ field: 'stance', message: 'stance is required for a Claim.' }]);
    expect(validateAttributes(label, { stance: '  ' }).map((p) => p.field)).toEqual(['stance']);
  });

  it('reports wrong types, unknown choices and unknown attributes, naming the field', () => {
    const problems = validateAttributes(label, {
      stance: 'maybe',
      topics: ['war', 'sport', 'war'],
      quoted: 'yes',
      count: Number.NaN,
      remark: 4,
      entity: '',
      colour: 'red',
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.stance).toMatch(/cannot be "maybe"; choose one of asserts, denies/);
    expect(byField.topics).toMatch(/"sport"/);
    expect(byField.quoted).toMatch(/yes or no/);
    expect(byField.count).toMatch(/number/);
    expect(byField.remark).toMatch(/text/);
    expect(byField.colour).toMatch(/no attribute "colour"/);
    // An empty entity is "not filled in", which is fine because it is not required.
    expect(byField.entity).toBeUndefined();
  });

  it('reports a choice listed twice', () => {
    expect(validateAttributes(label, { stance: 'asserts', topics: ['war', 'war'] })).toEqual([
      { field: 'topics', message: 'topics lists a choice twice.' },
    ]);
  });
});

describe('validateDocumentAttributes', () => {
  it('checks against the schema’s document attributes', () => {
    const schema: Schema = {
      ...DEFAULT_SCHEMA,
      documentAttributes: [{ name: 'relevant', type: 'boolean', required: true }],
    };
    expect(validateDocumentAttributes(schema, { relevant: false })).toEqual([]);
    expect(validateDocumentAttributes(schema, {}).map((p) => p.field)).toEqual(['relevant']);
  });
});

describe('checkDocument', () => {
  const claim = ann('c1', 'Claim', 12, 67);
  const speaker = ann('s1', 'Speaker', 0, 6);
  const source = ann('r1', 'Source', 69, 76);

  it('finds nothing wrong in a fully attributed claim', () => {
    expect(checkDocument(DEFAULT_SCHEMA, [claim, speaker], [rel('x', 'c1', 's1', 'said by')])).toEqual([]);
  });

  it('lists a claim without a speaker, with the annotation to jump to', () => {
    const problems = checkDocument(DEFAULT_SCHEMA, [claim, speaker, source], [rel('x', 'c1', 'r1', 'reported by')]);
    expect(problems).toEqual([
      {
        kind: 'claim-without-speaker',
        annotationId: 'c1',
        message: 'The claim “the United States was supplying Syrian rebels with arms” has no speaker.',
      },
    ]);
  });

  it('does not ask for speakers when the schema has no "said by" from claims to speakers', () => {
    const schema: Schema = { ...DEFAULT_SCHEMA, relationTypes: [] };
    expect(checkDocument(schema, [claim], [])).toEqual([]);
  });

  it('lists required attributes missing and invalid values', () => {
    const schema: Schema = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.map((l) =>
        l.name === 'Claim' ? { ...l, attributes: l.attributes!.map((a) => (a.name === 'stance' ? { ...a, required: true } : a)) } : l,
      ),
    };
    const bad = ann('c2', 'Claim', 12, 67, { verdict: 'probably' });
    const problems = checkDocument(schema, [bad, speaker], [rel('x', 'c2', 's1', 'said by')]);
    expect(problems.map((p) => [p.kind, p.annotationId])).toEqual([
      ['required-attribute-missing', 'c2'],
      ['invalid-attribute', 'c2'],
    ]);
    expect(problems[0]!.message).toMatch(/needs stance/);
    expect(problems[1]!.message).toMatch(/verdict cannot be "probably"/);
  });

  it('lists relations that break their type and relations to missing annotations', () => {
    const problems = checkDocument(
      DEFAULT_SCHEMA,
      [claim, speaker, source],
      [rel('x', 'c1', 's1', 'said by'), rel('y', 's1', 'r1', 'reported by'), rel('z', 'c1', 'gone', 'cue')],
    );
    expect(problems.map((p) => [p.kind, p.annotationId, p.relationId])).toEqual([
      ['relation-breaks-constraint', 's1', 'y'],
      ['dangling-relation', 'c1', 'z'],
    ]);
    expect(problems[0]!.message).toMatch(/starts at a Claim or a Source, not a Speaker/);
  });

  it('flags annotations whose label left the schema', () => {
    const problems = checkDocument(DEFAULT_SCHEMA, [ann('q', 'Quote', 0, 6)], []);
    expect(problems).toEqual([
      { kind: 'unknown-label', annotationId: 'q', message: '“Lavrov” is labelled "Quote", which is not in the schema.' },
    ]);
  });
});
