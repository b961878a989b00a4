import { describe, expect, it } from 'vitest';
import { designDocument } from './design.ts';

type Validate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;
// The function runs on the server; here it is evaluated the way CouchDB does, from its source.
const validate = new Function(`return (${designDocument('olga').validate_doc_update});`)() as Validate;
const SEC = { admins: { names: ['dana'], roles: [] }, members: { names: [], roles: [] } };
const user = (name: string, roles: string[] = []) => ({ name, roles });
const refusal = (newDoc: unknown, who: { name: string; roles: string[] }, oldDoc: unknown = null): string | null => {
  try {
    validate(newDoc, oldDoc, who, SEC);
    return null;
  } catch (err) {
    return (err as { forbidden: string }).forbidden;
  }
};
const ann = (layer: string) => ({ _id: 'annotation:a1', type: 'annotation', record: { layer } });

describe('who writes what (validate_doc_update)', () => {
  it("an annotator's layer is written only by that annotator", () => {
    expect(refusal(ann('alice'), user('alice'))).toBeNull();
    expect(refusal(ann('alice'), user('bob'))).toBe('only alice may change the layer alice');
    // Nor may bob move alice's annotation into his own layer, or delete it.
    expect(refusal(ann('bob'), user('bob'), ann('alice'))).toBe('only alice may change the layer alice');
    expect(refusal({ _id: 'annotation:a1', _deleted: true }, user('bob'), ann('alice'))).toBe('only alice may change the layer alice');
    expect(refusal({ type: 'status', record: { annotator: 'alice' } }, user('bob'))).toBe('only alice may set their status');
    expect(refusal({ type: 'docattrs', record: { layer: 'bob' } }, user('bob'))).toBeNull();
  });

  it('gold, review decisions and comments are written by reviewers', () => {
    expect(refusal(ann('gold'), user('bob'))).toBe('only reviewers may change gold annotations');
    expect(refusal(ann('gold'), user('rita', ['reviewer']))).toBeNull();
    expect(refusal({ type: 'decision', record: {} }, user('bob'))).toBe('only reviewers may write review decisions and comments');
    expect(refusal({ type: 'comment', record: {} }, user('rita', ['reviewer']))).toBeNull();
  });

  it('the schema and documents by the owner; admins may do anything; texts never change', () => {
    expect(refusal({ type: 'project', record: {} }, user('rita', ['reviewer']))).toBe(
      'only the project owner (olga) may change the schema',
    );
    expect(refusal({ type: 'project', record: {} }, user('olga'))).toBeNull();
    expect(refusal({ type: 'document', record: {} }, user('dana'))).toBeNull();
    expect(refusal(ann('gold'), user('root', ['_admin']))).toBeNull();
    expect(refusal({ type: 'text', text: 'b' }, user('bob'), { type: 'text', text: 'a' })).toBe('an article text never changes');
    expect(refusal({ type: 'mystery' }, user('bob'))).toBe('unknown document type');
  });

  it("a layer's claim groups are written by its annotator, gold groups by reviewers; anyone may only take members out", () => {
    const m = (id: string) => ({ documentId: 'd1', annotationId: id });
    const group = (layer: string, members = [m('a1'), m('a2')], canonical = 'Russia sends helicopters') => ({
      _id: 'claimgroup:g1',
      type: 'claimgroup',
      record: {
        id: 'g1',
        layer,
        canonical,
        note: '',
        factChecks: [],
        members,
        createdBy: layer,
        createdAt: 'x',
        updatedBy: layer,
        updatedAt: 'x',
      },
    });
    expect(refusal(group('alice'), user('alice'))).toBeNull();
    expect(refusal(group('alice'), user('bob'))).toBe('only alice may change the claim groups of alice');
    expect(refusal(group('gold'), user('bob'))).toBe('only reviewers may change gold claim groups');
    expect(refusal(group('gold'), user('rita', ['reviewer']))).toBeNull();
    // bob deleted his claim a2: he may take it out of alice's group, but not reword it or add to it.
    expect(refusal(group('alice', [m('a1')]), user('bob'), group('alice'))).toBeNull();
    expect(refusal(group('alice', [m('a1')], 'Reworded'), user('bob'), group('alice'))).toBe(
      'only alice may change the claim groups of alice',
    );
    expect(refusal(group('alice', [m('a1'), m('a2'), m('b9')]), user('bob'), group('alice'))).toBe(
      'only alice may change the claim groups of alice',
    );
    expect(refusal({ _id: 'claimgroup:g1', _deleted: true }, user('bob'), group('alice'))).toBe(
      'only alice may change the claim groups of alice',
    );
  });
});
