import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonl, serializeJsonl } from './native-jsonl.ts';
import type { Dataset } from './types.ts';
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import type { DocumentId, DocumentRecord, Project, ProjectId } from '../model/types.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
const project: Project = { id: 'p' as ProjectId, name: 'P', schema: DEFAULT_SCHEMA, createdAt: 'T', updatedAt: 'T' };
const doc = (id: string): DocumentRecord => ({
  id: id as DocumentId,
  projectId: project.id,
  title: `Doc ${id}`,
  text: TEXT,
  blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }],
  metadata: {},
  textHash: '',
  createdAt: 'T',
  updatedAt: 'T',
});

function dataset(documentAttributes: Dataset['documentAttributes']): Dataset {
  return { project, documents: [doc('d1'), doc('d2')], annotations: [], relations: [], documentAttributes };
}

describe('Claimscope JSONL: document-level attributes', () => {
  it('writes each layer’s values on its document’s line, sorted, and reads them back', () => {
    const out = serializeJsonl(
      dataset([
        { documentId: 'd1', layer: 'zoe', values: { relevance: 'no' } },
        { documentId: 'd1', layer: 'ann', values: { topic: ['conflict', 'politics'], relevance: 'yes' } },
        { documentId: 'd2', layer: 'ann', values: {} },
      ]),
    );
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].documentAttributes).toEqual([
      { layer: 'ann', values: { relevance: 'yes', topic: ['conflict', 'politics'] } },
      { layer: 'zoe', values: { relevance: 'no' } },
    ]);
    expect(Object.keys(lines[0].documentAttributes[0].values)).toEqual(['relevance', 'topic']);
    expect('documentAttributes' in lines[1]).toBe(false); // empty values are left out
    const parsed = parseJsonl('x.jsonl', out);
    expect(parsed.ok && parsed.value.map((d) => d.documentAttributes)).toEqual([
      [
        { layer: 'ann', values: { relevance: 'yes', topic: ['conflict', 'politics'] } },
        { layer: 'zoe', values: { relevance: 'no' } },
      ],
      undefined,
    ]);
  });

  it('leaves lines without document attributes exactly as before', () => {
    expect(serializeJsonl(dataset(undefined))).toBe(serializeJsonl(dataset([])));
    expect(serializeJsonl(dataset(undefined))).not.toContain('documentAttributes');
  });

  it('reports bad document attributes with the file and line', () => {
    const good = serializeJsonl(dataset(undefined)).split('\n')[0]!;
    const line = JSON.stringify({ ...JSON.parse(good), documentAttributes: [{ layer: 'ann', values: { topic: { a: 1 } } }] });
    const parsed = parseJsonl('bad.jsonl', `${good}\n${line}\n`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.file).toBe('bad.jsonl');
      expect(parsed.error.line).toBe(2);
      expect(parsed.error.message).toMatch(/documentAttributes\[0\]\.values\.topic/);
    }
    const twice = JSON.stringify({
      ...JSON.parse(good),
      documentAttributes: [
        { layer: 'a', values: {} },
        { layer: 'a', values: {} },
      ],
    });
    const dup = parseJsonl('dup.jsonl', twice);
    expect(!dup.ok && dup.error.message).toMatch(/layer "a" appear twice/);
  });

  it('round-trips any values (property)', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.constant(null));
    const layerValues = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 3 }),
        fc.array(layerValues, { minLength: 3, maxLength: 3 }),
        (layers, values) => {
          const attrs = layers.map((layer, i) => ({ documentId: 'd1', layer, values: values[i]! }));
          const parsed = parseJsonl('p.jsonl', serializeJsonl(dataset(attrs)));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const back = parsed.value[0]!.documentAttributes ?? [];
          const expected = attrs
            .map(({ layer, values: v }) => ({ layer, values: v }))
            .sort((a, b) => (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : 0));
          expect(back).toEqual(expected);
        },
      ),
    );
  });
});

describe('export selection keeps document attributes of the chosen documents and layers', () => {
  it('narrows them with the documents and layers', async () => {
    const { selectDataset } = await import('./exports.ts');
    const all = dataset([
      { documentId: 'd1', layer: 'ann', values: { relevance: 'yes' } },
      { documentId: 'd1', layer: 'bob', values: { relevance: 'no' } },
      { documentId: 'd2', layer: 'ann', values: { relevance: 'no' } },
    ]);
    expect(selectDataset(all, {}).documentAttributes).toHaveLength(3);
    expect(selectDataset(all, { documentIds: ['d1'], layers: ['bob'] }).documentAttributes).toEqual([
      { documentId: 'd1', layer: 'bob', values: { relevance: 'no' } },
    ]);
  });
});
