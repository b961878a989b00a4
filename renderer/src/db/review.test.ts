import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { Annotation, DocumentRecord, Project } from '../../core/model/types.ts';
import { groupCandidates, reviewStateOf } from '../../core/review/merge.ts';
import { AppDb } from './db.ts';
import { createAnnotation, createRelation, listAnnotations, listRelations, undo } from './annotations.ts';
import { createProject } from './corpus.ts';
import { setStatus } from './status.ts';
import { setDocumentAttribute } from './schema.ts';
import {
  acceptIntoGold,
  addBundle,
  addComment,
  goldOf,
  listAnnotatorLayers,
  loadReview,
  recordDecision,
  reopenDecisions,
  resolveThread,
  shareBundle,
  threadsOf,
} from './review.ts';
import { openDbAtVersion, addParagraph } from './testing.ts';
import { commitGroupChange, listClaimGroups } from './claimGroups.ts';
import { createGroup } from '../../core/model/claimGroups.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons to Syria, Reuters reported.';
const OTHER = 'Clinton said Russia was arming the Syrian government.';
const at = (s: string, text = TEXT) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });

const names: string[] = [];
async function installation(): Promise<{ db: AppDb; project: Project; doc: DocumentRecord; other: DocumentRecord }> {
  const name = `review-${Math.random()}`;
  names.push(name);
  const db = new AppDb(name);
  const project = await createProject(db, 'Arms', DEFAULT_SCHEMA);
  const doc = await addParagraph(db, project.id, TEXT, 'Arms');
  const other = await addParagraph(db, project.id, OTHER, 'Clinton');
  return { db, project, doc, other };
}
const open: AppDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  for (const n of names.splice(0)) await Dexie.delete(n);
});

async function aliceShares(created: string, withSource = true) {
  const alice = await installation();
  open.push(alice.db);
  const claim = await createAnnotation(
    alice.db,
    alice.doc,
    { label: 'Claim', ranges: [at('Russia sells only defensive weapons to Syria')], layer: 'alice' },
    'alice',
  );
  const spk = await createAnnotation(alice.db, alice.doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'alice' }, 'alice');
  if (withSource) await createAnnotation(alice.db, alice.doc, { label: 'Source', ranges: [at('Reuters')], layer: 'alice' }, 'alice');
  await createRelation(alice.db, alice.doc, { from: claim.id, to: spk.id, type: 'said by', layer: 'alice' }, 'alice');
  await createAnnotation(alice.db, alice.other, { label: 'Speaker', ranges: [at('Clinton', OTHER)], layer: 'alice' }, 'alice');
  // A teammate's layer that happens to be in alice's database must not travel in her bundle.
  await createAnnotation(alice.db, alice.doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'zoe' }, 'zoe');
  await setStatus(alice.db, alice.doc, 'alice', 'done');
  await setDocumentAttribute(alice.db, alice.doc, 'alice', 'relevance', 'yes', 'alice');
  await setDocumentAttribute(alice.db, alice.doc, 'zoe', 'relevance', 'no', 'zoe');
  return shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created });
}

describe('sharing and adding bundles', () => {
  let lead: Awaited<ReturnType<typeof installation>>;
  beforeEach(async () => {
    lead = await installation();
    open.push(lead.db);
  });

  it("adds a teammate's layer by text, reports unmatched documents and leaves every other layer alone", async () => {
    // The lead's database lacks the Clinton document, and has its own layer and gold.
    await lead.db.documents.delete(lead.other.id);
    const own = await createAnnotation(lead.db, lead.doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'lead' }, 'lead');
    const gold = await createAnnotation(lead.db, lead.doc, { label: 'Source', ranges: [at('Reuters')], layer: 'gold' }, 'lead');
    const before = (await listAnnotations(lead.db, lead.doc.id)).filter((a) => a.layer !== 'alice');

    const shared = await aliceShares('2026-11-29T10:00:00.000Z');
    expect(shared.annotations).toBe(4);
    expect(shared.fileName).toMatch(/^arms-alice-20261129-100000\.claimscope-bundle\.zip$/);
    const result = await addBundle(lead.db, lead.project.id, 'lead', { name: shared.fileName, data: shared.bytes });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(
      /Added alice's layer: 3 annotations on 1 document\. 1 document of the bundle matches no document here by text and was left out: “Clinton”/,
    );

    const after = await listAnnotations(lead.db, lead.doc.id);
    expect(after.filter((a) => a.layer !== 'alice')).toEqual(before);
    expect(
      after
        .filter((a) => a.layer === 'alice')
        .map((a) => a.label)
        .sort(),
    ).toEqual(['Claim', 'Source', 'Speaker']);
    expect(after.some((a) => a.layer === 'zoe')).toBe(false);
    expect((await listRelations(lead.db, lead.doc.id)).map((r) => [r.layer, r.type])).toEqual([['alice', 'said by']]);
    expect(await lead.db.documentStatus.get([lead.doc.id, 'alice'])).toMatchObject({ status: 'done' });
    // Her document-level values travel with her layer (for their agreement figures); zoe's do not.
    expect(await lead.db.documentAttributes.get([lead.doc.id, 'alice'])).toMatchObject({
      projectId: lead.project.id,
      values: { relevance: 'yes' },
    });
    expect(await lead.db.documentAttributes.get([lead.doc.id, 'zoe'])).toBeUndefined();
    expect(await listAnnotatorLayers(lead.db, lead.project.id)).toEqual(['alice', 'lead']);
    expect(own.layer).toBe('lead');
    expect(gold.layer).toBe('gold');
  });

  it('a newer bundle replaces the layer; an older one is refused and changes nothing', async () => {
    const first = await aliceShares('2026-11-29T10:00:00.000Z');
    expect((await addBundle(lead.db, lead.project.id, 'lead', { name: first.fileName, data: first.bytes })).ok).toBe(true);
    const lead1 = await createAnnotation(lead.db, lead.doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'lead' }, 'lead');

    const newer = await aliceShares('2026-11-29T12:00:00.000Z', false);
    const replaced = await addBundle(lead.db, lead.project.id, 'lead', { name: newer.fileName, data: newer.bytes });
    expect(replaced.ok).toBe(true);
    expect(replaced.message).toMatch(/^Replaced alice's layer: 3 annotations on 2 documents\./);
    const layerNow = (await lead.db.annotations.toArray()).filter((a) => a.layer === 'alice');
    expect(layerNow.map((a) => a.label).sort()).toEqual(['Claim', 'Speaker', 'Speaker']);
    expect(await lead.db.annotations.get(lead1.id)).toEqual(lead1);

    const older = await aliceShares('2026-11-29T11:00:00.000Z');
    const refused = await addBundle(lead.db, lead.project.id, 'lead', { name: older.fileName, data: older.bytes });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/older than the one already added/);
    expect((await lead.db.annotations.toArray()).filter((a) => a.layer === 'alice')).toHaveLength(3);
  });

  it("a layer's claim groups travel with its bundle, and a newer bundle replaces that layer's groups only", async () => {
    const shareGroups = async (created: string, canonical: string) => {
      const alice = await installation();
      open.push(alice.db);
      const a = await createAnnotation(
        alice.db,
        alice.doc,
        { label: 'Claim', ranges: [at('Russia sells only defensive weapons')], layer: 'alice' },
        'alice',
      );
      const b = await createAnnotation(
        alice.db,
        alice.other,
        { label: 'Claim', ranges: [at('Russia was arming the Syrian government', OTHER)], layer: 'alice' },
        'alice',
      );
      // Zoe's claim, grouped by alice, cannot travel in alice's bundle.
      const z = await createAnnotation(alice.db, alice.doc, { label: 'Claim', ranges: [at('Reuters reported')], layer: 'zoe' }, 'zoe');
      const members = [a, b, z].map((x) => ({ documentId: x.documentId, annotationId: x.id }));
      const ctx = { projectId: alice.project.id, documentId: alice.doc.id, by: 'alice' };
      await commitGroupChange(alice.db, ctx, 'Group', (groups, stamp) =>
        createGroup(groups, { projectId: alice.project.id, layer: 'alice', canonical, members }, stamp),
      );
      await commitGroupChange(alice.db, ctx, 'Group', (groups, stamp) =>
        createGroup(groups, { projectId: alice.project.id, layer: 'zoe', canonical: 'Zoe’s', members: [members[2]!] }, stamp),
      );
      return shareBundle(alice.db, alice.project.id, 'alice', { appVersion: '0.1.0', created });
    };
    // The lead has a grouping of their own, which no bundle touches.
    const own = await createAnnotation(lead.db, lead.doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'lead' }, 'lead');
    await commitGroupChange(lead.db, { projectId: lead.project.id, documentId: lead.doc.id, by: 'lead' }, 'Group', (groups, stamp) =>
      createGroup(
        groups,
        { projectId: lead.project.id, layer: 'lead', canonical: 'Lead’s', members: [{ documentId: own.documentId, annotationId: own.id }] },
        stamp,
      ),
    );
    const first = await shareGroups('2026-11-29T10:00:00.000Z', 'Russia arms Syria');
    const added = await addBundle(lead.db, lead.project.id, 'lead', { name: first.fileName, data: first.bytes });
    expect(added.message).toMatch(/^Added alice's layer: 2 annotations and 1 claim group on 2 documents\./);
    const quote = async (id: string) => (await lead.db.annotations.get(id))?.quote;
    const groupsOf = async (layer: string) => listClaimGroups(lead.db, lead.project.id, layer);
    const [group] = await groupsOf('alice');
    expect(group!.canonical).toBe('Russia arms Syria');
    expect(await Promise.all(group!.members.map((m) => quote(m.annotationId)))).toEqual([
      'Russia sells only defensive weapons',
      'Russia was arming the Syrian government',
    ]);
    expect(await groupsOf('zoe')).toEqual([]);

    const newer = await shareGroups('2026-11-29T12:00:00.000Z', 'Moscow supplies Damascus');
    expect((await addBundle(lead.db, lead.project.id, 'lead', { name: newer.fileName, data: newer.bytes })).ok).toBe(true);
    expect((await groupsOf('alice')).map((g) => g.canonical)).toEqual(['Moscow supplies Damascus']);
    expect((await groupsOf('lead')).map((g) => g.canonical)).toEqual(['Lead’s']);
  });

  it('an unreadable file comes back as a message naming it', async () => {
    const r = await addBundle(lead.db, lead.project.id, 'lead', { name: 'notes.zip', data: new TextEncoder().encode('hello') });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^notes\.zip: is not a readable zip archive/);
  });
});

describe('accepting into gold', () => {
  it('copies the annotation and its relations once both ends are accepted, as undoable steps', async () => {
    const { db, project, doc } = await installation();
    open.push(db);
    const claim = await createAnnotation(
      db,
      doc,
      { label: 'Claim', ranges: [at('Russia sells only defensive weapons to Syria')], layer: 'alice' },
      'alice',
    );
    const spk = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'alice' }, 'alice');
    await createRelation(db, doc, { from: claim.id, to: spk.id, type: 'said by', layer: 'alice' }, 'alice');

    await acceptIntoGold(db, doc, [{ annotation: claim }], 'lead');
    expect((await goldOf(db, doc.id)).map((a) => a.label)).toEqual(['Claim']);
    expect((await listRelations(db, doc.id)).filter((r) => r.layer === 'gold')).toEqual([]);

    const second = await acceptIntoGold(db, doc, [{ annotation: spk }], 'lead');
    expect(second.relations).toHaveLength(1);
    const goldRel = (await listRelations(db, doc.id)).filter((r) => r.layer === 'gold');
    expect(goldRel).toHaveLength(1);
    const gold = await goldOf(db, doc.id);
    expect(gold.find((g) => g.id === goldRel[0]!.from)!.label).toBe('Claim');
    expect(gold.find((g) => g.id === goldRel[0]!.to)).toMatchObject({ label: 'Speaker', createdBy: 'alice', updatedBy: 'lead' });

    // Undo takes back the speaker and its link in one step; the claim stays.
    expect((await undo(db, project.id))?.description).toBe('Accept Speaker from alice');
    expect((await goldOf(db, doc.id)).map((a) => a.label)).toEqual(['Claim']);
    expect((await listRelations(db, doc.id)).filter((r) => r.layer === 'gold')).toEqual([]);
    // The annotator's layer was never touched.
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
    // Annotations come back in key order (random ids): compare as sets.
    expect((await listAnnotations(db, doc.id)).filter((a) => a.layer === 'alice').sort(byId)).toEqual([claim, spk].sort(byId));
  });

  it('records rejections and "nothing here is right", which the grouping then reports, and reopens them', async () => {
    const { db, doc } = await installation();
    open.push(db);
    const a = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Reuters')], layer: 'alice' }, 'alice');
    const b = await createAnnotation(db, doc, { label: 'Source', ranges: [at('Reuters')], layer: 'bob' }, 'bob');
    await recordDecision(db, doc, 'nothing-right', [a, b], 'lead');
    const data = await loadReview(db, doc.id);
    const r = at('Reuters');
    expect(data.decisions.map((d) => [d.kind, d.signatures])).toEqual([
      ['nothing-right', [`alice|Speaker@${r.start}-${r.end}`, `bob|Source@${r.start}-${r.end}`]],
    ]);
    const { groups } = groupCandidates(data.annotations, ['alice', 'bob']);
    expect(groups).toHaveLength(1);
    expect(reviewStateOf(groups[0]!, new Set(), data.decisions)).toBe('dismissed');
    expect(await reopenDecisions(db, doc, [a])).toBe(1);
    const reopened = await loadReview(db, doc.id);
    expect(reopened.decisions).toEqual([]);
    expect(reviewStateOf(groups[0]!, new Set(), reopened.decisions)).toBe('open');
  });
});

describe('comments', () => {
  it('threads comments per annotation, resolves and reopens a thread', async () => {
    const { db, doc } = await installation();
    open.push(db);
    const a: Annotation = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'alice' }, 'alice');
    await addComment(db, doc, a.id, 'lead', 'Is this the speaker or the source?');
    await new Promise((r) => setTimeout(r, 2));
    await addComment(db, doc, a.id, 'alice', '  The speaker.  ');
    await expect(addComment(db, doc, a.id, 'lead', '   ')).rejects.toThrow(/needs some text/);
    await expect(addComment(db, doc, 'nope', 'lead', 'x')).rejects.toThrow(/no longer exists/);
    let threads = threadsOf((await loadReview(db, doc.id)).comments);
    expect(threads.get(a.id)!.comments.map((c) => [c.author, c.text])).toEqual([
      ['lead', 'Is this the speaker or the source?'],
      ['alice', 'The speaker.'],
    ]);
    expect(threads.get(a.id)!.resolved).toBe(false);
    await resolveThread(db, a.id, 'lead', true);
    threads = threadsOf((await loadReview(db, doc.id)).comments);
    expect(threads.get(a.id)).toMatchObject({ resolved: true, resolvedBy: 'lead' });
    await resolveThread(db, a.id, 'lead', false);
    expect(threadsOf((await loadReview(db, doc.id)).comments).get(a.id)!.resolved).toBe(false);
  });
});

describe('migration to version 7', () => {
  it('keeps version-5 rows and adds empty comments, decisions and layer-import tables', async () => {
    const name = `review-migrate-${Math.random()}`;
    names.push(name);
    const old = openDbAtVersion(name, 5);
    await old.open();
    const status = { documentId: 'd1', projectId: 'p1', annotator: 'alice', status: 'done', updatedAt: '2026-11-01T00:00:00.000Z' };
    await old.table('documentStatus').add(status);
    await old.table('settings').add({ key: 'annotator', value: 'alice' });
    old.close();

    const db = new AppDb(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(7);
    expect(await db.documentStatus.toArray()).toEqual([status]);
    expect(await db.settings.get('annotator')).toEqual({ key: 'annotator', value: 'alice' });
    expect(await db.comments.count()).toBe(0);
    expect(await db.reviewDecisions.count()).toBe(0);
    expect(await db.layerImports.count()).toBe(0);
  });
});
