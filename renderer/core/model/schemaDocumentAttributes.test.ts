import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, parseSchema, schemaFingerprint } from './schema.ts';

const withDocAttrs = (documentAttributes: unknown) => JSON.stringify({ labels: [{ name: 'Claim', color: '#e69f00' }], documentAttributes });

describe('document-level attributes in schemas', () => {
  it('the default schema offers topic (multi) and relevance (yes/no)', () => {
    expect(DEFAULT_SCHEMA.documentAttributes?.map((a) => [a.name, a.type])).toEqual([
      ['topic', 'multi'],
      ['relevance', 'single'],
    ]);
    expect(DEFAULT_SCHEMA.documentAttributes?.[1]?.options).toEqual(['yes', 'no']);
  });

  it('parses them, and leaves them out when a file has none', () => {
    const parsed = parseSchema('s.json', withDocAttrs([{ name: 'topic', type: 'multi', options: ['war'], required: true }]));
    expect(parsed.ok && parsed.value.documentAttributes).toEqual([{ name: 'topic', type: 'multi', options: ['war'], required: true }]);
    const none = parseSchema('s.json', JSON.stringify({ labels: [{ name: 'Claim', color: '#e69f00' }] }));
    expect(none.ok && 'documentAttributes' in none.value).toBe(false);
  });

  it('names the file and the problem for bad ones', () => {
    const dup = parseSchema(
      'mine.json',
      withDocAttrs([
        { name: 'topic', type: 'text' },
        { name: 'topic', type: 'text' },
      ]),
    );
    expect(dup).toEqual({
      ok: false,
      error: { file: 'mine.json', message: 'documentAttributes[1].name: the document attribute "topic" is defined twice' },
    });
    const noOptions = parseSchema('mine.json', withDocAttrs([{ name: 'topic', type: 'multi' }]));
    expect(!noOptions.ok && noOptions.error.message).toBe('documentAttributes[0].options: a multi attribute needs a list of options');
  });

  it('the fingerprint changes with document attributes, and not without them', () => {
    const { documentAttributes: _drop, ...bare } = DEFAULT_SCHEMA;
    const emptied = { ...bare, documentAttributes: [] };
    expect(schemaFingerprint(emptied)).toBe(schemaFingerprint(bare));
    expect(schemaFingerprint(DEFAULT_SCHEMA)).not.toBe(schemaFingerprint(bare));
  });
});
