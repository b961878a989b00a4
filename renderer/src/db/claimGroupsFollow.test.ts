/**
 * Group membership follows claims wherever their annotations go away or are replaced: a teammate's
 * newer bundle, undo of an add, suggestions accepted or suggested again, a restored copy.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { createGroup, dropRemovedMembers } from '../../core/model/claimGroups.ts';
import { readArchive } from '../../core/formats/archive.ts';
import type { Annotation, AnnotationId, ClaimGroup, DocumentRecord, Project } from '../../core/model/types.ts';
import { AppDb } from './db.ts';
import { createAnnotation, deleteAnnotations, redo, undo } from './annotations.ts';
import { commitGroupChange, claimGroupRow, listClaimGroups } from './claimGroups.ts';
import { createProject, deleteDocuments } from './corpus.ts';
import { addBundle, shareBundle } from './review.ts';
import { decideSuggestions, writeSuggestions } from './suggestions.ts';
import { backupProject } from './archive.ts';
import { restoreArchive } from './restore.ts';
import { addParagraph } from './testing.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons to Syria, Reuters reported.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

const names: string[] = [];
const open: AppDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  for (const n of names.splice(0)) await Dexie.delete(n);
});

async function installation(): Promise<{ db: AppDb; project: Project; doc: DocumentRecord }> {
  const name = `follow-${Math.random()}`;
  names.push(name);
  const db = new AppDb(name);
  open.push(db);
  const project = await createProject(db, 'Arms', DEFAULT_SCHEMA);
  const doc = await addParagraph(db, project.id, TEXT, 'Arms');
  return { db, project, doc };
}

const member = (a: Pick<Annotation, 'id' | 'documentId'>) => ({ documentId: a.documentId, annotationId: a.id });
async function group(db: AppDb, project: Project, doc: DocumentRecord, layer: string, members: Pick<Annotation, 'id' | 'documentId'>[]) {
  const ctx = { projectId: project.id, documentId: doc.id, by: layer };
  const { group: g } = await commitGroupChange(db, ctx, 'Group', (groups, stamp) =>
    createGroup(groups, { projectId: project.id, layer, canonical: 'Russia arms Syria', members: members.map(member) }, stamp),
  );
  return g;
}
const quotesOf = async (db: AppDb, g: ClaimGroup | undefined) =>
  Promise.all((g?.members ?? []).map(async (m) => (await db.annotations.get(m.annotationId))?.quote));

describe('claim groups follow replaced and deleted claims', () => {
  it("a teammate's newer bundle: a claim at the same place stays grouped, one gone is listed as removed until dropped", async () => {
    const alice = await installation();
    const lead = await installation();
    const sells = await createAnnotation(
      alice.db,
      alice.doc,
      { label: 'Claim', ranges: [at('Russia sells only defensive weapons')], layer: 'alice' },
      'alice',
    );
    const reported = await createAnnotation(
      alice.db,
      alice.doc,
      { label: 'Claim', ranges: [at('Reuters reported')], layer: 'alice' },
      'alice',
    );
    const first = await shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-01T10:00:00.000Z' });
    expect((await addBundle(lead.db, lead.project.id, 'lead', { name: first.fileName, data: first.bytes })).ok).toBe(true);
    const added = (await lead.db.annotations.filter((a) => a.layer === 'alice').toArray()).sort(
      (a, b) => a.ranges[0]!.start - b.ranges[0]!.start,
    );
    const mine = await group(lead.db, lead.project, lead.doc, 'lead', added);
    expect(await quotesOf(lead.db, mine)).toEqual(['Russia sells only defensive weapons', 'Reuters reported']);

    // Alice keeps the first claim, and redraws the second over a different span.
    await deleteAnnotations(alice.db, alice.doc, [reported.id], 'alice');
    await createAnnotation(alice.db, alice.doc, { label: 'Claim', ranges: [at('Reuters')], layer: 'alice' }, 'alice');
    const newer = await shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-01T12:00:00.000Z' });
    expect((await addBundle(lead.db, lead.project.id, 'lead', { name: newer.fileName, data: newer.bytes })).ok).toBe(true);

    const [after] = await listClaimGroups(lead.db, lead.project.id, 'lead');
    // The claim at the same place is the same member under its new id; the other is listed as removed.
    expect(after!.members).toHaveLength(1);
    expect(after!.members[0]!.annotationId).not.toBe(added[0]!.id);
    expect(await quotesOf(lead.db, after)).toEqual(['Russia sells only defensive weapons']);
    expect(after!.removed).toEqual([{ documentId: lead.doc.id, quote: 'Reuters reported' }]);
    expect(sells.quote).toBe('Russia sells only defensive weapons');

    // Dropping it is one undoable step.
    const ctx = { projectId: lead.project.id, documentId: lead.doc.id, by: 'lead' };
    await commitGroupChange(lead.db, ctx, 'Drop a removed claim', (groups, stamp) => dropRemovedMembers(groups, after!.id, 0, stamp));
    expect((await listClaimGroups(lead.db, lead.project.id, 'lead'))[0]!.removed).toBeUndefined();
    await undo(lead.db, lead.project.id);
    expect((await listClaimGroups(lead.db, lead.project.id, 'lead'))[0]!.removed).toEqual([
      { documentId: lead.doc.id, quote: 'Reuters reported' },
    ]);

    // The group, with its removed list, is carried by the project archive and restores.
    const { bytes } = await backupProject(lead.db, lead.project.id, { appVersion: '0.1.0', created: '2026-12-01T13:00:00.000Z' });
    const read = readArchive('backup.zip', bytes);
    expect(read.ok).toBe(true);

    // Deleting the document takes its removed claims away with its claims.
    await deleteDocuments(lead.db, [lead.doc.id]);
    const [left] = await listClaimGroups(lead.db, lead.project.id, 'lead');
    expect(left).toMatchObject({ members: [] });
    expect(left!.removed).toBeUndefined();
  });

  it('two replacements at the same place are ambiguous: the member is listed as removed', async () => {
    const alice = await installation();
    const lead = await installation();
    await createAnnotation(alice.db, alice.doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    const first = await shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-01T10:00:00.000Z' });
    await addBundle(lead.db, lead.project.id, 'lead', { name: first.fileName, data: first.bytes });
    const added = await lead.db.annotations.filter((a) => a.layer === 'alice').toArray();
    await group(lead.db, lead.project, lead.doc, 'lead', added);
    await createAnnotation(alice.db, alice.doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    const newer = await shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-01T12:00:00.000Z' });
    await addBundle(lead.db, lead.project.id, 'lead', { name: newer.fileName, data: newer.bytes });
    const [after] = await listClaimGroups(lead.db, lead.project.id, 'lead');
    expect(after!.members).toEqual([]);
    expect(after!.removed).toEqual([{ documentId: lead.doc.id, quote: 'Russia sells' }]);
  });

  it("undo of an add takes the claim out of a group it joined since (a teammate's), and redo puts it back", async () => {
    const { db, project, doc } = await installation();
    const a = await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    const b = await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Reuters reported')], layer: 'alice' }, 'alice');
    // Bob's group arrives from the team server: no step of alice's log.
    const made = createGroup(
      [],
      { projectId: project.id, layer: 'bob', canonical: 'Russia arms Syria', members: [member(a), member(b)] },
      { by: 'bob', at: '2026-12-01T10:00:00.000Z' },
    );
    await db.claimGroups.put(claimGroupRow(made.group));
    expect(await undo(db, project.id)).toMatchObject({ description: 'Add Claim' });
    expect((await listClaimGroups(db, project.id))[0]!.members.map((m) => m.annotationId)).toEqual([a.id]);
    await redo(db, project.id);
    expect((await listClaimGroups(db, project.id))[0]!.members.map((m) => m.annotationId)).toEqual([a.id, b.id]);
  });

  it('a grouped suggestion accepted is grouped as the annotation it became, undoably; suggested again it stays grouped', async () => {
    const { db, project, doc } = await installation();
    const span = at('Russia sells only defensive weapons');
    const suggestions = {
      spans: [{ key: `Claim:${span.start}-${span.end}`, label: 'Claim' as const, start: span.start, end: span.end, rule: 'test' }],
      links: [],
    };
    await writeSuggestions(db, doc, suggestions, 'alice');
    const suggested = () => db.annotations.filter((a) => a.layer === 'suggestions').toArray();
    const [s1] = await suggested();
    await group(db, project, doc, 'alice', [s1!]);
    // Suggested again: a new suggestion at the same place takes its place in the group.
    await writeSuggestions(db, doc, suggestions, 'alice');
    const [s2] = await suggested();
    expect(s2!.id).not.toBe(s1!.id);
    expect((await listClaimGroups(db, project.id))[0]!.members.map((m) => m.annotationId)).toEqual([s2!.id]);
    const copies = await decideSuggestions(db, doc, { accept: [s2!.id], reject: [] }, 'alice', 'alice');
    const copy = copies.get(s2!.id)!;
    expect((await listClaimGroups(db, project.id))[0]!.members.map((m) => m.annotationId)).toEqual([copy]);
    await undo(db, project.id);
    expect((await listClaimGroups(db, project.id))[0]!.members.map((m) => m.annotationId)).toEqual([s2!.id]);
  });

  it('a project restored next to its original (new ids) keeps its groups on its own claims', async () => {
    const { db, project, doc } = await installation();
    const a = await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    await group(db, project, doc, 'alice', [a]);
    const { bytes } = await backupProject(db, project.id, { appVersion: '0.1.0', created: '2026-12-01T13:00:00.000Z' });
    const read = readArchive('backup.zip', bytes);
    if (!read.ok) throw new Error('unreadable');
    const restored = await restoreArchive(db, read.value);
    expect(restored.newIds).toBe(true);
    const [copy] = await listClaimGroups(db, restored.project.id);
    const claim = await db.annotations.get(copy!.members[0]!.annotationId as AnnotationId);
    expect(claim).toMatchObject({ projectId: restored.project.id, quote: 'Russia sells' });
    expect(claim!.id).not.toBe(a.id);
    expect(copy!.members[0]!.documentId).toBe(claim!.documentId);
  });
});
