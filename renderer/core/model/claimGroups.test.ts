import { describe, expect, it } from 'vitest';
import {
  addFactCheck,
  addMembers,
  createGroup,
  dropRemovedMembers,
  editGroup,
  followReplacedClaims,
  groupOf,
  memberIndex,
  mergeGroups,
  pruneMembers,
  removeFactCheck,
  removeMembers,
  splitGroup,
  ungroup,
  updateFactCheck,
  type GroupChange,
} from './claimGroups.ts';
import { newClaimGroup } from './records.ts';
import type { AnnotationId, ClaimGroup, DocumentId, ProjectId } from './types.ts';
import { factCheckProblem } from './validation.ts';

const P = 'p1' as ProjectId;
const stamp = { by: 'alice', at: '2026-12-06T10:00:00.000Z' };
const m = (id: string, doc = `d-${id}`) => ({ documentId: doc as DocumentId, annotationId: id as AnnotationId });
const check = { url: 'https://fullfact.org/helicopters', publisher: 'Full Fact', verdict: 'Misleading', date: '2012-06-15' };

/** The groups after a change: removed ones gone, put ones replaced or added. */
function applied(groups: readonly ClaimGroup[], change: GroupChange): ClaimGroup[] {
  const gone = new Set(change.remove.map((g) => g.id));
  const put = new Map(change.put.map((g) => [g.id, g]));
  const out = groups.filter((g) => !gone.has(g.id)).map((g) => put.get(g.id) ?? g);
  for (const g of change.put) if (!groups.some((x) => x.id === g.id)) out.push(g);
  return out;
}
const make = (groups: ClaimGroup[], layer: string, ids: string[], canonical = 'Russia sends helicopters') =>
  createGroup(groups, { projectId: P, layer, canonical, members: ids.map((i) => m(i)) }, stamp);
const ids = (g: ClaimGroup | undefined) => g?.members.map((x) => x.annotationId);

describe('the claim group factory', () => {
  it('trims the wording, drops repeated members and stamps who made it', () => {
    const g = newClaimGroup(P, { layer: ' alice ', canonical: '  Russia sends helicopters ', members: [m('a'), m('b'), m('a')] }, stamp);
    expect(g).toMatchObject({ layer: 'alice', canonical: 'Russia sends helicopters', note: '', factChecks: [], createdBy: 'alice' });
    expect(ids(g)).toEqual(['a', 'b']);
    expect(memberIndex(g)).toEqual({ annotationIds: ['a', 'b'], documentIds: ['d-a', 'd-b'] });
  });

  it('refuses a group without wording or layer, and a wrong fact-check', () => {
    expect(() => newClaimGroup(P, { layer: 'alice', canonical: ' ', members: [] }, stamp)).toThrow('needs a canonical wording');
    expect(() => newClaimGroup(P, { layer: '', canonical: 'x', members: [] }, stamp)).toThrow('needs a layer');
    expect(() => newClaimGroup(P, { layer: 'a', canonical: 'x', members: [], factChecks: [{ ...check, url: 'ftp://x' }] }, stamp)).toThrow(
      'not an http:// or https:// address',
    );
  });
});

describe('fact-check checks', () => {
  it('accepts http(s) URLs and a real day or no date', () => {
    expect(factCheckProblem(check)).toBeNull();
    expect(factCheckProblem({ ...check, url: 'http://example.org', date: '' })).toBeNull();
  });
  it('names what is wrong', () => {
    expect(factCheckProblem({ ...check, url: '' })).toBe('A fact-check needs the URL of its article.');
    expect(factCheckProblem({ ...check, url: 'javascript:alert(1)' })).toMatch(/not an http/);
    expect(factCheckProblem({ ...check, url: 'https://' })).toMatch(/not an http/);
    expect(factCheckProblem({ ...check, date: '15/06/2012' })).toMatch(/not a day written YYYY-MM-DD/);
    expect(factCheckProblem({ ...check, date: '2012-02-30' })).toMatch(/not a day written YYYY-MM-DD/);
  });
});

describe('grouping claims', () => {
  it('puts claims into a new group and takes them out of the layer’s other groups', () => {
    const first = make([], 'alice', ['a', 'b', 'c']);
    let groups = applied([], first);
    const second = make(groups, 'alice', ['c', 'd'], 'Moscow arms Assad');
    groups = applied(groups, second);
    expect(groups).toHaveLength(2);
    expect(ids(groupOf(groups, 'alice', 'c'))).toEqual(['c', 'd']);
    expect(ids(groups.find((g) => g.id === first.group.id))).toEqual(['a', 'b']);
  });

  it('keeps one group per layer: another layer’s grouping of the same claim is left alone', () => {
    let groups = applied([], make([], 'alice', ['a', 'b']));
    groups = applied(groups, make(groups, 'bob', ['a']));
    expect(ids(groupOf(groups, 'alice', 'a'))).toEqual(['a', 'b']);
    expect(ids(groupOf(groups, 'bob', 'a'))).toEqual(['a']);
  });

  it('removes a group an action leaves without claims', () => {
    let groups = applied([], make([], 'alice', ['a']));
    const change = make(groups, 'alice', ['a', 'b']);
    expect(change.remove.map((g) => g.id)).toEqual([groups[0]!.id]);
    groups = applied(groups, change);
    expect(groups).toHaveLength(1);
  });

  it('refuses an empty selection', () => {
    expect(() => make([], 'alice', [])).toThrow('Choose at least one claim');
  });

  it('adds and removes members; removing the last removes the group', () => {
    let groups = applied([], make([], 'alice', ['a']));
    const other = make(groups, 'alice', ['x', 'y']);
    groups = applied(groups, other);
    const g = groups[0]!;
    groups = applied(groups, addMembers(groups, g.id, [m('a'), m('x')], stamp));
    expect(ids(groups.find((x) => x.id === g.id))).toEqual(['a', 'x']);
    expect(ids(groups.find((x) => x.id === other.group.id))).toEqual(['y']);
    expect(addMembers(groups, g.id, [m('a')], stamp)).toEqual({ put: [], remove: [] });
    groups = applied(groups, removeMembers(groups, g.id, ['x'], stamp));
    expect(ids(groups.find((x) => x.id === g.id))).toEqual(['a']);
    const last = removeMembers(groups, g.id, ['a'], stamp);
    expect(last.remove.map((x) => x.id)).toEqual([g.id]);
  });

  it('merges groups: wording of the first, claims, notes and fact-checks of all', () => {
    let groups = applied([], make([], 'alice', ['a', 'b']));
    groups = applied(groups, make(groups, 'alice', ['c'], 'Other wording'));
    const [g1, g2] = groups as [ClaimGroup, ClaimGroup];
    groups = applied(groups, editGroup(groups, g2.id, { note: 'Seen on TV' }, stamp));
    groups = applied(groups, addFactCheck(groups, g2.id, check, stamp));
    groups = applied(groups, addFactCheck(groups, g1.id, check, stamp));
    const merged = applied(groups, mergeGroups(groups, g1.id, [g2.id], stamp));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ canonical: 'Russia sends helicopters', note: 'Seen on TV', factChecks: [check] });
    expect(ids(merged[0])).toEqual(['a', 'b', 'c']);
  });

  it('refuses to merge groups of different layers', () => {
    let groups = applied([], make([], 'alice', ['a']));
    groups = applied(groups, make(groups, 'gold', ['b']));
    expect(() => mergeGroups(groups, groups[0]!.id, [groups[1]!.id], stamp)).toThrow('different layers');
  });

  it('splits some claims into a new group, never all or none', () => {
    const groups = applied([], make([], 'alice', ['a', 'b', 'c']));
    const g = groups[0]!;
    const split = splitGroup(groups, g.id, ['c'], 'Russia denies it', stamp);
    const after = applied(groups, split);
    expect(ids(after.find((x) => x.id === g.id))).toEqual(['a', 'b']);
    expect(split.group).toMatchObject({ canonical: 'Russia denies it', layer: 'alice' });
    expect(ids(split.group)).toEqual(['c']);
    expect(() => splitGroup(groups, g.id, ['a', 'b', 'c'], 'x', stamp)).toThrow('not all of them');
    expect(() => splitGroup(groups, g.id, [], 'x', stamp)).toThrow('not all of them');
  });

  it('edits the wording and note; an empty wording is refused; nothing changed writes nothing', () => {
    const groups = applied([], make([], 'alice', ['a']));
    const g = groups[0]!;
    expect(editGroup(groups, g.id, { canonical: '  Russia is sending attack helicopters  ' }, stamp).put[0]!.canonical).toBe(
      'Russia is sending attack helicopters',
    );
    expect(() => editGroup(groups, g.id, { canonical: '' }, stamp)).toThrow('canonical wording');
    expect(editGroup(groups, g.id, { canonical: g.canonical, note: '' }, stamp)).toEqual({ put: [], remove: [] });
    expect(() => editGroup(groups, 'gone', { note: 'x' }, stamp)).toThrow('no longer exists');
  });

  it('adds, edits and removes fact-checks, refusing a repeated URL and a bad date', () => {
    let groups = applied([], make([], 'alice', ['a']));
    const g = groups[0]!;
    groups = applied(groups, addFactCheck(groups, g.id, { ...check, publisher: ' Full Fact ' }, stamp));
    expect(groups[0]!.factChecks).toEqual([check]);
    expect(() => addFactCheck(groups, g.id, check, stamp)).toThrow('already has the fact-check');
    expect(() => addFactCheck(groups, g.id, { ...check, url: 'https://b.example', date: '2012-13-01' }, stamp)).toThrow('YYYY-MM-DD');
    groups = applied(groups, updateFactCheck(groups, g.id, 0, { ...check, verdict: 'False' }, stamp));
    expect(groups[0]!.factChecks[0]!.verdict).toBe('False');
    groups = applied(groups, removeFactCheck(groups, g.id, 0, stamp));
    expect(groups[0]!.factChecks).toEqual([]);
    expect(() => removeFactCheck(groups, g.id, 0, stamp)).toThrow('no longer exists');
  });

  it('ungroups, and prunes deleted claims from every layer’s groups while keeping the groups', () => {
    let groups = applied([], make([], 'alice', ['a', 'b']));
    groups = applied(groups, make(groups, 'gold', ['a']));
    const pruned = applied(groups, pruneMembers(groups, ['a'], stamp));
    expect(pruned).toHaveLength(2);
    expect(pruned.map(ids)).toEqual([['b'], []]);
    expect(applied(groups, ungroup(groups, groups[0]!.id))).toHaveLength(1);
  });
});

describe('groups following replaced claims', () => {
  const place = (id: string, start: number, doc = `d-${id}`, label = 'Claim') => ({
    id: id as AnnotationId,
    documentId: doc as DocumentId,
    label,
    ranges: [{ start, end: start + 5 }],
  });
  it('moves a member to the one replacement at its place or the one named; otherwise lists it as removed, once each', () => {
    const g = make([], 'alice', ['a', 'b', 'c', 'd']).group;
    const other = make([g], 'alice', ['x']).group;
    const replaced = [
      { ...place('a', 0), quote: 'aaaaa' },
      { ...place('b', 10), quote: 'bbbbb' },
      { ...place('c', 20), quote: 'ccccc' },
      { ...place('d', 30), quote: 'ddddd' },
    ];
    const replacements = [
      place('a2', 0, 'd-a'), // the same place: a's successor
      place('b2', 10, 'd-b'), // two at b's place: ambiguous
      place('b3', 10, 'd-b'),
      place('c2', 20, 'd-c', 'Speaker'), // another label: not c's
    ];
    // d is named as moved, but to a claim the layer already groups elsewhere.
    const change = followReplacedClaims([g, other], replaced, replacements, stamp, new Map([['d', 'x' as AnnotationId]]));
    const [after] = change.put;
    expect(ids(after)).toEqual(['a2']);
    expect(after!.removed).toEqual([
      { documentId: 'd-b', quote: 'bbbbb' },
      { documentId: 'd-c', quote: 'ccccc' },
      { documentId: 'd-d', quote: 'ddddd' },
    ]);
    expect(change.put).toHaveLength(1);
    const named = followReplacedClaims([g], replaced.slice(3), [], stamp, new Map([['d', 'd9' as AnnotationId]]));
    expect(ids(named.put[0])).toEqual(['a', 'b', 'c', 'd9']);
    expect(named.put[0]!.removed).toBeUndefined();
    // Dropping: one line, then all; dropping from none changes nothing.
    const one = applied([after!], dropRemovedMembers([after!], after!.id, 1, stamp))[0]!;
    expect(one.removed!.map((r) => r.quote)).toEqual(['bbbbb', 'ddddd']);
    const none = applied([one], dropRemovedMembers([one], one.id, 'all', stamp))[0]!;
    expect(none.removed).toBeUndefined();
    expect(dropRemovedMembers([none], none.id, 'all', stamp)).toEqual({ put: [], remove: [] });
    expect(() => dropRemovedMembers([none], none.id, 0, stamp)).toThrow('no longer listed');
  });
});
