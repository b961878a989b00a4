import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from './schema.ts';
import { newAnnotation, newRelation } from './records.ts';
import type { Annotation, AnnotationId, DocumentId, ProjectId, Relation, RelationId, Schema } from './types.ts';
import {
  applySchemaChange,
  applyToDocumentValues,
  describeImpact,
  diffSchemas,
  isEmptyChange,
  needsConfirmation,
  schemaChangeImpact,
} from './schemaChanges.ts';

const DOC = { id: 'd' as DocumentId, projectId: 'p' as ProjectId, text: 'x' };
const STAMP = { by: 'ann', at: 'T0' };

const ann = (id: string, label: string, attributes: Annotation['attributes'] = {}): Annotation =>
  newAnnotation(DOC, { id: id as AnnotationId, label, ranges: [{ start: 0, end: 1 }], layer: 'ann', attributes }, STAMP);

const rel = (id: string, from: string, to: string, type: string): Relation =>
  newRelation(DOC, { id: id as RelationId, from: from as AnnotationId, to: to as AnnotationId, type, layer: 'ann' }, STAMP);

const renameSpeaker = (s: Schema): Schema => ({
  ...s,
  labels: s.labels.map((l) => (l.name === 'Speaker' ? { ...l, name: 'Attributed to' } : l)),
  relationTypes: s.relationTypes.map((r) => ({ ...r, to: r.to.map((t) => (t === 'Speaker' ? 'Attributed to' : t)) })),
});

const data = {
  annotations: [
    ann('c1', 'Claim', { stance: 'asserts', verdict: 'true' }),
    ann('s1', 'Speaker', { entity: 'E1' }),
    ann('s2', 'Speaker'),
    ann('q1', 'Cue'),
    ann('q2', 'Cue'),
    ann('r1', 'Source', { kind: 'news agency' }),
  ],
  relations: [rel('x1', 'c1', 's1', 'said by'), rel('x2', 'c1', 'q1', 'cue'), rel('x3', 'c1', 'r1', 'reported by')],
};

describe('diffSchemas', () => {
  it('sees no change in an identical schema', () => {
    expect(isEmptyChange(diffSchemas(DEFAULT_SCHEMA, structuredClone(DEFAULT_SCHEMA)))).toBe(true);
  });

  it('turns origins into renames, and missing labels into removals', () => {
    const next = renameSpeaker(DEFAULT_SCHEMA);
    const origins = { labels: next.labels.map((l) => (l.name === 'Attributed to' ? 'Speaker' : l.name)) };
    const change = diffSchemas(DEFAULT_SCHEMA, next, origins);
    expect([...change.labelRenames]).toEqual([['Speaker', 'Attributed to']]);
    expect(change.removedLabels).toEqual([]);
    // Without origins, the same edit reads as a removal plus a new label.
    expect(diffSchemas(DEFAULT_SCHEMA, next).removedLabels).toEqual(['Speaker']);
  });

  it('reads a new label as new, not as a rename, and finds attribute renames and removals', () => {
    const next: Schema = {
      ...DEFAULT_SCHEMA,
      labels: [
        ...DEFAULT_SCHEMA.labels.map((l) =>
          l.name === 'Claim'
            ? {
                ...l,
                attributes: [
                  { name: 'position', type: 'single' as const, options: ['asserts', 'denies', 'questions'] },
                  { name: 'verdict', type: 'single' as const, options: ['true', 'false'] },
                ],
              }
            : l,
        ),
        { name: 'Quote', color: '#000000' },
      ],
    };
    const origins = {
      labels: [...DEFAULT_SCHEMA.labels.map((l) => l.name), null],
      attributes: [['stance', 'verdict'], ['entity'], ['entity', 'kind'], [], []],
    };
    const change = diffSchemas(DEFAULT_SCHEMA, next, origins);
    expect(change.labelRenames.size).toBe(0);
    expect(change.removedLabels).toEqual([]);
    expect([...change.attributeRenames.get('Claim')!]).toEqual([['stance', 'position']]);
    expect(change.removedAttributes.get('Claim')).toEqual(['check-worthiness', 'quote type']);
  });

  it('finds relation-type and document-attribute renames and removals', () => {
    const old: Schema = {
      ...DEFAULT_SCHEMA,
      documentAttributes: [
        { name: 'topic', type: 'text' },
        { name: 'relevance', type: 'boolean' },
      ],
    };
    const next: Schema = {
      ...old,
      relationTypes: [{ name: 'spoken by', from: ['Claim'], to: ['Speaker'] }, old.relationTypes[2]!],
      documentAttributes: [{ name: 'subject', type: 'text' }],
    };
    const change = diffSchemas(old, next, { relationTypes: ['said by', 'reported by'], documentAttributes: ['topic'] });
    expect([...change.relationTypeRenames]).toEqual([['said by', 'spoken by']]);
    expect(change.removedRelationTypes).toEqual(['cue']);
    expect([...change.documentAttributeRenames]).toEqual([['topic', 'subject']]);
    expect(change.removedDocumentAttributes).toEqual(['relevance']);
    expect(applyToDocumentValues(change, { topic: 'war', relevance: true })).toEqual({ subject: 'war' });
    expect(applyToDocumentValues(change, { other: 1 })).toBeNull();
  });
});

describe('applySchemaChange', () => {
  it('carries a label rename over to existing annotations, stamped, leaving the rest alone', () => {
    const next = renameSpeaker(DEFAULT_SCHEMA);
    const change = diffSchemas(DEFAULT_SCHEMA, next, {
      labels: next.labels.map((l) => (l.name === 'Attributed to' ? 'Speaker' : l.name)),
    });
    const r = applySchemaChange(change, data.annotations, data.relations, { by: 'ann', at: 'T1' });
    expect(r.updatedAnnotations.map((a) => [a.id, a.label, a.updatedAt])).toEqual([
      ['s1', 'Attributed to', 'T1'],
      ['s2', 'Attributed to', 'T1'],
    ]);
    expect(r.updatedAnnotations[0]!.attributes).toEqual({ entity: 'E1' });
    expect(r.deletedAnnotations).toEqual([]);
    expect(r.deletedRelations).toEqual([]);
  });

  it('deletes the annotations of a removed label with their relations, and counts them', () => {
    const next: Schema = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.filter((l) => l.name !== 'Cue'),
      relationTypes: DEFAULT_SCHEMA.relationTypes.filter((t) => t.name !== 'cue'),
    };
    const change = diffSchemas(DEFAULT_SCHEMA, next);
    expect(change.removedLabels).toEqual(['Cue']);
    const r = applySchemaChange(change, data.annotations, data.relations);
    expect(r.deletedAnnotations.map((a) => a.id)).toEqual(['q1', 'q2']);
    expect(r.deletedRelations.map((x) => x.id)).toEqual(['x2']);
    const impact = schemaChangeImpact(change, data.annotations, data.relations);
    expect(impact).toMatchObject({ removedLabelCounts: [{ label: 'Cue', annotations: 2 }], annotationsDeleted: 2, relationsDeleted: 1 });
    expect(needsConfirmation(impact)).toBe(true);
    expect(describeImpact(impact)[0]).toBe('Removing the label "Cue" deletes 2 annotations labelled Cue, with their relations.');
  });

  it('renames attribute keys and drops removed ones, counting dropped values', () => {
    const next: Schema = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.map((l) =>
        l.name === 'Claim' ? { ...l, attributes: [{ name: 'position', type: 'single' as const, options: ['asserts'] }] } : l,
      ),
    };
    const change = diffSchemas(DEFAULT_SCHEMA, next, { attributes: [['stance'], ['entity'], ['entity', 'kind'], []] });
    const r = applySchemaChange(change, data.annotations, data.relations);
    expect(r.updatedAnnotations.map((a) => [a.id, a.attributes])).toEqual([['c1', { position: 'asserts' }]]);
    expect(r.droppedValues).toBe(1);
  });

  it('renames relation types and deletes relations of removed types', () => {
    const next: Schema = {
      ...DEFAULT_SCHEMA,
      relationTypes: [{ name: 'spoken by', from: ['Claim'], to: ['Speaker'] }],
    };
    const change = diffSchemas(DEFAULT_SCHEMA, next, { relationTypes: ['said by'] });
    const r = applySchemaChange(change, data.annotations, data.relations);
    expect(r.updatedRelations.map((x) => [x.id, x.type])).toEqual([['x1', 'spoken by']]);
    expect(r.deletedRelations.map((x) => x.id)).toEqual(['x2', 'x3']);
    expect(needsConfirmation(schemaChangeImpact(change, data.annotations, data.relations))).toBe(true);
  });

  it('a pure rename needs no confirmation', () => {
    const next = renameSpeaker(DEFAULT_SCHEMA);
    const change = diffSchemas(DEFAULT_SCHEMA, next, {
      labels: next.labels.map((l) => (l.name === 'Attributed to' ? 'Speaker' : l.name)),
    });
    const impact = schemaChangeImpact(change, data.annotations, data.relations);
    expect(needsConfirmation(impact)).toBe(false);
    expect(impact.annotationsRenamed).toBe(2);
  });
});
