/**
 * Claimscope JSONL's round trip on random datasets: what it writes it reads back to the same file,
 * and no input makes the reader throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importedAnnotation, newDocument, newRelation } from '../model/records.ts';
import type { Annotation, AnnotationId, DocumentRecord, Entity, EntityId, Relation, RelationId, Span } from '../model/types.ts';
import { annotation, documentRecord, entity, project, relation, T } from './fixtures/jsonl-records.ts';
import { parseJsonl, serializeJsonl } from './native-jsonl.ts';
import { describeError, type Dataset, type ImportedDocument } from './types.ts';

const stamp = { at: T };

/**
 * Builds records from imported documents the way an importer into the same project would: keys
 * become ids, and imported entities are merged over the project's own. The project's entities are
 * blanked first, so only what the file carried can reproduce the original output.
 */
function rebuild(source: Dataset, imported: ImportedDocument[]): Dataset {
  const documents: DocumentRecord[] = [];
  const annotations: Annotation[] = [];
  const relations: Relation[] = [];
  const entities = new Map<string, Entity>(
    (source.entities ?? []).map((e) => [e.id, { id: e.id, projectId: e.projectId, name: '?', aliases: [], createdAt: T, updatedAt: T }]),
  );
  imported.forEach((doc, i) => {
    const document = newDocument(project.id, { ...doc, id: source.documents[i]!.id }, T);
    documents.push(document);
    for (const a of doc.annotations) annotations.push(importedAnnotation(document, a, { layer: '', id: a.key as AnnotationId }, stamp));
    for (const r of doc.relations) {
      const ends = { from: r.from as AnnotationId, to: r.to as AnnotationId };
      relations.push(newRelation(document, { ...r, ...ends, id: r.key as RelationId, layer: r.layer! }, stamp));
    }
    for (const e of doc.entities ?? []) {
      entities.set(e.key, {
        id: e.key as EntityId,
        projectId: project.id,
        name: e.name,
        aliases: e.aliases,
        ...(e.externalId !== undefined && { externalId: e.externalId }),
        createdAt: T,
        updatedAt: T,
      });
    }
  });
  return { project, documents, annotations, relations, entities: [...entities.values()] };
}

const textArb = fc
  .array(fc.constantFrom('Lavrov', ' ', 'said', '\n', '👍🏽', '🇺🇸', 'é', 'e\u0301', '北京', '"', '’', '\u00a0', 'x'), {
    minLength: 1,
    maxLength: 20,
  })
  .map((parts) => parts.join('').normalize('NFC'));

/** Offsets of the text that do not split a surrogate pair. */
function cutPoints(text: string): number[] {
  const cuts: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff)) cuts.push(i);
  }
  return cuts;
}

const rangesArb = (text: string) =>
  fc.uniqueArray(fc.constantFrom(...cutPoints(text)), { minLength: 2, maxLength: 6 }).map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const ranges: Span[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push({ start: sorted[i]!, end: sorted[i + 1]! });
    return ranges;
  });

const wordArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '👍', '"', '\\'), minLength: 1, maxLength: 6 });

const datasetArb = fc
  .array(
    textArb.chain((text) =>
      fc.record({
        text: fc.constant(text),
        title: wordArb,
        metadata: fc.dictionary(wordArb, fc.oneof(wordArb, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
        anns: fc.array(
          fc.record({
            label: fc.constantFrom('Claim', 'Speaker', 'Source', 'Cue'),
            ranges: rangesArb(text),
            layer: fc.constantFrom('gold', 'ana', 'suggestions'),
            note: wordArb,
            origin: fc.constantFrom('human', 'import', 'rule', 'model' as const),
            stance: fc.option(fc.constantFrom('asserts', 'denies'), { nil: undefined }),
            entity: fc.option(fc.constantFrom('e1', 'e2', 'e3'), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
        rels: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('said by', 'cue', 'reported by')), { maxLength: 4 }),
      }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((docs) => fc.tuple(fc.constant(docs), fc.boolean()))
  .map(([docs, withEntities]): Dataset => {
    const documents: DocumentRecord[] = [];
    const annotations: Annotation[] = [];
    const relations: Relation[] = [];
    docs.forEach((d, di) => {
      const doc = { ...documentRecord(`d${di}`, d.text, d.title), metadata: d.metadata };
      documents.push(doc);
      const ids: string[] = [];
      d.anns.forEach((a, ai) => {
        const id = `d${di}a${ai}`;
        ids.push(id);
        const attributes: Record<string, string> = {};
        if (a.stance) attributes.stance = a.stance;
        if (a.entity) attributes.entity = a.entity;
        annotations.push({
          ...annotation(id, doc.id, a.label, a.ranges, d.text, attributes),
          layer: a.layer,
          note: a.note,
          origin: a.origin,
        });
      });
      if (ids.length > 0) {
        d.rels.forEach(([f, t, type], ri) =>
          relations.push(relation(`d${di}r${ri}`, doc.id, type, ids[f % ids.length]!, ids[t % ids.length]!)),
        );
      }
    });
    const entities = withEntities
      ? [entity('e1', 'Sergei Lavrov'), { ...entity('e2', 'Reuters'), externalId: 'Q130879', aliases: ['Reuters news agency'] }]
      : [];
    return { project, documents, annotations, relations, entities };
  });

describe('round trip (property)', () => {
  it('serialize → parse → rebuild → serialize gives the same file', () => {
    fc.assert(
      fc.property(datasetArb, (dataset) => {
        const first = serializeJsonl(dataset);
        const r = parseJsonl('corpus.jsonl', first);
        if (!r.ok) throw new Error(describeError(r.error));
        expect(r.warnings).toEqual([]);
        expect(r.value).toHaveLength(dataset.documents.length);
        const second = serializeJsonl(rebuild(dataset, r.value));
        expect(second).toBe(first);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.json().map((j) => `${j}\n${j}`),
        ),
        (content) => {
          const r = parseJsonl('x.jsonl', content);
          if (!r.ok) expect(r.error.file).toBe('x.jsonl');
        },
      ),
    );
  });
});
