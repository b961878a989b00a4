import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, parseSchema } from '../../../core/model/schema.ts';
import { diffSchemas } from '../../../core/model/schemaChanges.ts';
import { buildSchema, describeError, draftOf, errorTarget, removeLabel } from './schemaDraft.ts';

describe('schema editor draft', () => {
  it('round-trips the schema unchanged', () => {
    const { schema, origins } = buildSchema(draftOf(DEFAULT_SCHEMA));
    expect(schema).toEqual(DEFAULT_SCHEMA);
    expect(diffSchemas(DEFAULT_SCHEMA, schema, origins).labelRenames.size).toBe(0);
  });

  it('a renamed label stays at the ends of its relation types and reads as a rename', () => {
    const draft = draftOf(DEFAULT_SCHEMA);
    draft.labels[1]!.name = 'Attributed to';
    const { schema, origins } = buildSchema(draft);
    expect(schema.relationTypes.find((r) => r.name === 'said by')!.to).toEqual(['Attributed to']);
    expect([...diffSchemas(DEFAULT_SCHEMA, schema, origins).labelRenames]).toEqual([['Speaker', 'Attributed to']]);
  });

  it('removing a label drops it from relation ends and reads as a removal', () => {
    const draft = draftOf(DEFAULT_SCHEMA);
    const { schema, origins } = buildSchema(removeLabel(draft, draft.labels[3]!.key));
    expect(schema.relationTypes.find((r) => r.name === 'cue')!.to).toEqual([]);
    expect(diffSchemas(DEFAULT_SCHEMA, schema, origins).removedLabels).toEqual(['Cue']);
  });

  it('an imported schema matches by name only, so nothing counts as renamed', () => {
    const imported = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.map((l) => (l.name === 'Cue' ? { ...l, name: 'Attribution cue' } : l)),
    };
    const { schema, origins } = buildSchema(draftOf(imported, false, DEFAULT_SCHEMA));
    const change = diffSchemas(DEFAULT_SCHEMA, schema, origins);
    expect(change.labelRenames.size).toBe(0);
    expect(change.removedLabels).toEqual(['Cue']);
  });

  it('points a validation error at the part it concerns, in words', () => {
    const draft = draftOf(DEFAULT_SCHEMA);
    draft.labels[2]!.hotkey = '1';
    const parsed = parseSchema('schema', JSON.stringify(buildSchema(draft).schema));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(errorTarget(draft, parsed.error.message)).toBe(draft.labels[2]!.key);
    expect(describeError(draft, parsed.error.message)).toBe('Label "Source": the hotkey "1" is used by two labels');
    draft.labels[0]!.attributes[0]!.optionsText = '';
    const p2 = parseSchema(
      'schema',
      JSON.stringify(buildSchema({ ...draft, labels: draft.labels.map((l, i) => (i === 2 ? { ...l, hotkey: '3' } : l)) }).schema),
    );
    expect(!p2.ok && describeError(draft, p2.error.message)).toBe(
      'Label "Claim", attribute "stance": a single attribute needs a list of options',
    );
  });

  it('an edited gazetteer is saved with the schema and survives export and import; the shipped one stays implicit', () => {
    const draft = draftOf(DEFAULT_SCHEMA);
    expect(draft.outlets.map((o) => o.name)).toContain('Reuters');
    draft.outlets.push({ key: 'o-new', name: ' Zlatograd Courier ', kind: 'newspaper', aliasesText: 'the Courier, ZC' });
    draft.outlets = draft.outlets.filter((o) => o.name !== 'Reuters');
    const { schema } = buildSchema(draft);
    expect(schema.outlets).toContainEqual({ name: 'Zlatograd Courier', kind: 'newspaper', aliases: ['the Courier', 'ZC'] });
    expect(schema.outlets!.map((o) => o.name)).not.toContain('Reuters');
    const reread = parseSchema('exported.json', JSON.stringify(schema));
    expect(reread.ok && reread.value.outlets).toEqual(schema.outlets);
    expect(draftOf(reread.ok ? reread.value : DEFAULT_SCHEMA).outlets.map((o) => o.name)).toContain('Zlatograd Courier');
  });

  it('an outlet listed twice is reported at the second one', () => {
    const draft = draftOf(DEFAULT_SCHEMA);
    draft.outlets.push({ key: 'o-dup', name: 'reuters', kind: 'news agency', aliasesText: '' });
    const parsed = parseSchema('schema', JSON.stringify(buildSchema(draft).schema));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(errorTarget(draft, parsed.error.message)).toBe('o-dup');
    expect(describeError(draft, parsed.error.message)).toBe('Outlet "reuters": the outlet "reuters" is listed twice');
  });
});
