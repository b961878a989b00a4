import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from '../db/db.ts';
import { annotationHistory, canUndoRedo, createRelation, listAnnotations, listRelations } from '../db/annotations.ts';
import { createProject } from '../db/corpus.ts';
import { addDocument } from '../db/documents.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { QUOTE_GAP, type DocumentRecord, type ProjectId } from '../../core/model/types.ts';
import { describeForAnnotation } from '../features/annotate/history.ts';
import { loadDataset } from '../features/export/loadDataset.ts';
import { parseJsonl, serializeJsonl } from '../../core/formats/native-jsonl.ts';
import { Workspace } from './workspace.ts';

const TEXT =
  'The foreign minister went on to say that the United States was supplying Syrian rebels with arms, Reuters reported.\n' +
  '"They are providing arms," said Lavrov on Iranian state television, according to Reuters.';
const at = (s: string, from = 0) => {
  const start = TEXT.indexOf(s, from);
  if (start < 0) throw new Error(s);
  return { start, end: start + s.length };
};

let name: string;
let db: AppDb;
let ws: Workspace;
let doc: DocumentRecord;
let projectId: ProjectId;

async function open(): Promise<Workspace> {
  db = new AppDb(name);
  await db.open();
  const w = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await w.openProject(projectId, doc.id);
  return w;
}

beforeEach(async () => {
  name = `ws-${Math.random()}`;
  const setup = new AppDb(name);
  const project = await createProject(setup, 'P', DEFAULT_SCHEMA);
  projectId = project.id;
  doc = await addDocument(setup, project.id, {
    title: 'T',
    text: TEXT,
    blocks: [
      { kind: 'paragraph', start: 0, end: TEXT.indexOf('\n') },
      { kind: 'paragraph', start: TEXT.indexOf('\n') + 1, end: TEXT.length },
    ],
    metadata: {},
  });
  setup.close();
  ws = await open();
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

const add = async (label: string, quote: string, from = 0) => (await ws.addAnnotation(label, at(quote, from)))!;
const saveError = () => {
  const s = ws.getState().save;
  return s.kind === 'error' ? s.message : null;
};

describe('relations', () => {
  it('links within the schema and refuses a link the schema forbids, saying why and writing nothing', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const speaker = await add('Speaker', 'Lavrov');
    expect(await ws.link(claim.id, speaker.id, 'said by')).toBeDefined();
    const ops = await db.operations.count();

    expect(await ws.link(speaker.id, claim.id, 'said by')).toBeUndefined();
    expect(saveError()).toMatch(/"said by" cannot link a Speaker to a Claim: it starts at a Claim, not a Speaker/);
    expect(await ws.link(claim.id, speaker.id, 'said by')).toBeUndefined();
    expect(saveError()).toMatch(/already linked/);
    expect(await db.operations.count()).toBe(ops);
    expect(await listRelations(db, doc.id)).toHaveLength(1);
    expect(ws.getState().relations).toHaveLength(1);
  });

  it('records a reported-by chain: claim → Iranian state television → Reuters', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const tv = await add('Source', 'Iranian state television');
    const reuters = await add('Source', 'Reuters', TEXT.indexOf('\n'));
    await ws.link(claim.id, tv.id, 'reported by');
    await ws.link(tv.id, reuters.id, 'reported by');
    const rels = (await listRelations(db, doc.id)).map((r) => [r.from, r.type, r.to]);
    expect(rels).toEqual(
      expect.arrayContaining([
        [claim.id, 'reported by', tv.id],
        [tv.id, 'reported by', reuters.id],
      ]),
    );
  });

  it('deleting an annotation removes its links; undo brings both back, redo removes them again', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const speaker = await add('Speaker', 'Lavrov');
    const cue = await add('Cue', 'said');
    await ws.link(claim.id, speaker.id, 'said by');
    await ws.link(claim.id, cue.id, 'cue');
    await ws.deleteAnnotation(speaker.id);
    expect((await listRelations(db, doc.id)).map((r) => r.type)).toEqual(['cue']);
    await ws.undo();
    expect((await listRelations(db, doc.id)).map((r) => r.type).sort()).toEqual(['cue', 'said by']);
    expect(ws.getState().relations).toHaveLength(2);
    await ws.redo();
    expect(ws.getState().relations.map((r) => r.type)).toEqual(['cue']);
  });

  it('undoes and redoes a link and an unlink', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const speaker = await add('Speaker', 'Lavrov');
    const rel = (await ws.link(claim.id, speaker.id, 'said by'))!;
    expect(ws.getState().history.undo).toBe('Link Claim said by Speaker');
    await ws.undo();
    expect(await listRelations(db, doc.id)).toHaveLength(0);
    expect(ws.getState().relations).toHaveLength(0);
    await ws.redo();
    expect((await listRelations(db, doc.id)).map((r) => r.id)).toEqual([rel.id]);
    await ws.unlink(rel.id);
    expect(await listRelations(db, doc.id)).toHaveLength(0);
    expect(ws.getState().history.undo).toBe('Unlink Claim said by Speaker');
    await ws.undo();
    expect(ws.getState().relations.map((r) => r.id)).toEqual([rel.id]);
  });
});

describe('attributes, notes and history', () => {
  it('attribute and note edits undo and redo across a reopened database', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    await ws.setAttribute(claim.id, 'stance', 'asserts');
    await ws.setAttribute(claim.id, 'check-worthiness', 'high');
    await ws.setNote(claim.id, 'Reported speech; check the Reuters wire.');
    db.close();
    ws = await open();
    expect((await listAnnotations(db, doc.id))[0]).toMatchObject({
      attributes: { stance: 'asserts', 'check-worthiness': 'high' },
      note: 'Reported speech; check the Reuters wire.',
    });
    expect(ws.getState().history.undo).toBe('Note on Claim');
    await ws.undo();
    expect(ws.getState().annotations[0]!.note).toBe('');
    await ws.undo();
    expect(ws.getState().annotations[0]!.attributes).toEqual({ stance: 'asserts' });
    db.close();
    ws = await open();
    await ws.redo();
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ stance: 'asserts', 'check-worthiness': 'high' });
    // Clearing a value removes the key; a value outside the choices is refused.
    await ws.setAttribute(claim.id, 'stance', null);
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ 'check-worthiness': 'high' });
    await ws.setAttribute(claim.id, 'stance', 'shouts');
    expect(saveError()).toMatch(/stance cannot be "shouts"/);
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ 'check-worthiness': 'high' });
  });

  it('two tabs setting different attributes of one annotation both keep theirs', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    // A second tab on the same database, which read the annotation before the first changed it.
    const otherDb = new AppDb(name);
    const other = new Workspace(otherDb, { annotator: 'ann', snapToWords: true });
    await other.openProject(projectId, doc.id);
    await ws.setAttribute(claim.id, 'stance', 'asserts');
    await other.setAttribute(claim.id, 'check-worthiness', 'high');
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ stance: 'asserts', 'check-worthiness': 'high' });
    await other.setAttribute(claim.id, 'check-worthiness', null);
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ stance: 'asserts' });
    otherDb.close();
  });

  it('lists an annotation’s history, newest first, including links made from the other end', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const speaker = await add('Speaker', 'Lavrov');
    await ws.setAttribute(claim.id, 'stance', 'asserts');
    await ws.link(claim.id, speaker.id, 'said by');
    await add('Source', 'Reuters');
    const name = (id: string) => {
      const a = ws.getState().annotations.find((x) => x.id === id);
      return a ? `${a.label} “${a.quote}”` : null;
    };
    const forSpeaker = (await annotationHistory(db, speaker.id)).map((op) => describeForAnnotation(op, speaker.id, name));
    expect(forSpeaker.map((l) => l.changes)).toEqual([
      ['Linked: from Claim “the United States was supplying Syrian rebels with arms” (said by)'],
      ['Created as Speaker “Lavrov”'],
    ]);
    const forClaim = (await annotationHistory(db, claim.id)).map((op) => describeForAnnotation(op, claim.id, name));
    expect(forClaim.map((l) => l.changes[0])).toEqual([
      'Linked: said by → Speaker “Lavrov”',
      'stance: — → asserts',
      // Long quotes are shortened to 50 characters.
      'Created as Claim “the United States was supplying Syrian rebels wit…”',
    ]);
    expect(forClaim[0]!.by).toBe('ann');
  });
});

describe('bulk delete, ranges and edges', () => {
  it('deleting every claim of the document is one undo step', async () => {
    const c1 = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    const c2 = await add('Claim', 'They are providing arms');
    const speaker = await add('Speaker', 'Lavrov');
    await ws.link(c1.id, speaker.id, 'said by');
    await ws.link(c2.id, speaker.id, 'said by');
    const claims = ws
      .getState()
      .annotations.filter((a) => a.label === 'Claim')
      .map((a) => a.id);
    await ws.deleteAnnotationsBulk(claims, 'Delete 2 Claim annotations');
    expect((await listAnnotations(db, doc.id)).map((a) => a.label)).toEqual(['Speaker']);
    expect(await listRelations(db, doc.id)).toHaveLength(0);
    expect(await canUndoRedo(db, projectId)).toMatchObject({ undo: 'Delete 2 Claim annotations' });
    await ws.undo();
    expect((await listAnnotations(db, doc.id)).map((a) => a.label).sort()).toEqual(['Claim', 'Claim', 'Speaker']);
    expect(await listRelations(db, doc.id)).toHaveLength(2);
    expect(ws.getState().history.undo).toBe('Link Claim said by Speaker');
  });

  it('adds a further range to make a discontinuous annotation, shown as one with its gap; undo removes it', async () => {
    const claim = await add('Claim', 'They are providing arms');
    expect(await ws.addRange(claim.id, at('the United States was supplying Syrian rebels with arms'))).toBe(true);
    const stored = (await listAnnotations(db, doc.id))[0]!;
    expect(stored.ranges).toEqual([at('the United States was supplying Syrian rebels with arms'), at('They are providing arms')]);
    expect(stored.quote).toBe(`the United States was supplying Syrian rebels with arms${QUOTE_GAP}They are providing arms`);
    expect(ws.getState().annotations).toHaveLength(1);
    // Text already inside is refused; undo goes back to one range.
    expect(await ws.addRange(claim.id, at('providing'))).toBe(false);
    expect(saveError()).toMatch(/already part of the annotation/);
    await ws.undo();
    expect((await listAnnotations(db, doc.id))[0]!.ranges).toEqual([at('They are providing arms')]);
  });

  it('moves edges by words and characters, each one undo step', async () => {
    const claim = await add('Claim', 'the United States');
    expect(await ws.moveEdge(claim.id, 'end', 'word', 1)).toBe(true);
    expect(await ws.moveEdge(claim.id, 'start', 'word', 1)).toBe(true);
    expect(await ws.moveEdge(claim.id, 'start', 'char', -1)).toBe(true);
    expect((await listAnnotations(db, doc.id))[0]!.quote).toBe(' United States was');
    await ws.undo();
    expect(ws.getState().annotations[0]!.quote).toBe('United States was');
    const speaker = await add('Speaker', 'Lavrov');
    expect(await ws.moveEdge(speaker.id, 'end', 'word', -1)).toBe(false);
  });

  it('the repository refuses a relation type the schema does not have', async () => {
    const claim = await add('Claim', 'They are providing arms');
    const speaker = await add('Speaker', 'Lavrov');
    await expect(createRelation(db, doc, { from: claim.id, to: speaker.id, type: 'paraphrases', layer: 'ann' }, 'ann')).rejects.toThrow(
      /no relation type "paraphrases"/,
    );
  });
});

describe('native JSONL export', () => {
  it('carries relations, attributes, notes and multi-range annotations, and reads back the same', async () => {
    const claim = await add('Claim', 'the United States was supplying Syrian rebels with arms');
    await ws.addRange(claim.id, at('They are providing arms'));
    const speaker = await add('Speaker', 'Lavrov');
    const tv = await add('Source', 'Iranian state television');
    const reuters = await add('Source', 'Reuters', TEXT.indexOf('\n'));
    await ws.link(claim.id, speaker.id, 'said by');
    await ws.link(claim.id, tv.id, 'reported by');
    await ws.link(tv.id, reuters.id, 'reported by');
    await ws.setAttribute(claim.id, 'stance', 'asserts');
    await ws.setAttribute(tv.id, 'kind', 'broadcaster');
    await ws.setNote(claim.id, 'Two parts of one claim.');

    const jsonl = serializeJsonl(await loadDataset(db, projectId));
    const line = JSON.parse(jsonl.trim()) as {
      annotations: { id: string; ranges: unknown; attributes: unknown; note: string }[];
      relations: { from: string; to: string; type: string }[];
    };
    const exportedClaim = line.annotations.find((a) => a.id === claim.id)!;
    expect(exportedClaim.ranges).toEqual([at('the United States was supplying Syrian rebels with arms'), at('They are providing arms')]);
    expect(exportedClaim.attributes).toEqual({ stance: 'asserts' });
    expect(exportedClaim.note).toBe('Two parts of one claim.');
    expect(line.relations.map((r) => `${r.from} ${r.type} ${r.to}`).sort()).toEqual(
      [`${claim.id} said by ${speaker.id}`, `${claim.id} reported by ${tv.id}`, `${tv.id} reported by ${reuters.id}`].sort(),
    );

    const parsed = parseJsonl('export.jsonl', jsonl);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [imported] = parsed.value;
    const byKey = new Map(imported!.annotations.map((a) => [a.key, a]));
    expect(byKey.get(claim.id)).toMatchObject({
      label: 'Claim',
      ranges: [at('the United States was supplying Syrian rebels with arms'), at('They are providing arms')],
      attributes: { stance: 'asserts' },
      note: 'Two parts of one claim.',
    });
    expect(byKey.get(tv.id)?.attributes).toEqual({ kind: 'broadcaster' });
    expect(imported!.relations.map((r) => `${r.from} ${r.type} ${r.to}`).sort()).toEqual(
      line.relations.map((r) => `${r.from} ${r.type} ${r.to}`).sort(),
    );
  });
});
