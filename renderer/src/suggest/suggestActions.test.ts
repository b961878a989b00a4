import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from '../db/db.ts';
import { createProject } from '../db/corpus.ts';
import { addDocument } from '../db/documents.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { SUGGESTIONS_LAYER, type DocumentRecord } from '../../core/model/types.ts';
import { gazetteerWith, suggest } from '../../core/suggest/index.ts';
import { createEntity } from '../db/entities.ts';
import { saveSchema } from '../db/schema.ts';
import { Workspace } from '../app/workspace.ts';
import {
  acceptAllOfLabel,
  acceptSuggestion,
  isOpenSuggestion,
  rejectSuggestion,
  suggestDocument,
  suggestDocuments,
} from './suggestActions.ts';
import type { ComputeSuggestions } from './suggestClient.ts';

const TEXT =
  '"We are not violating any international law," Lavrov said, according to Reuters.\n' +
  'He said that the rebels were being armed by the West.';

let name: string;
let db: AppDb;
let ws: Workspace;
let doc: DocumentRecord;

async function open(): Promise<Workspace> {
  db = new AppDb(name);
  await db.open();
  const w = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await w.openProject(doc.projectId, doc.id);
  return w;
}

beforeEach(async () => {
  name = `suggest-${Math.random()}`;
  const setup = new AppDb(name);
  const project = await createProject(setup, 'P', DEFAULT_SCHEMA);
  doc = await addDocument(setup, project.id, { title: 'T', text: TEXT, blocks: [], metadata: {} });
  await createEntity(setup, { projectId: project.id, documentId: doc.id, by: 'ann' }, { name: 'Sergei Lavrov', aliases: ['Lavrov'] });
  setup.close();
  ws = await open();
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

const compute: ComputeSuggestions = async (text, outlets) => suggest(text, gazetteerWith(outlets));
const state = () => ws.getState();
const find = (layer: string, label: string, quote: string) =>
  state().annotations.find((a) => a.layer === layer && a.label === label && a.quote === quote);
const linksOf = (layer: string) => {
  const q = new Map(state().annotations.map((a) => [a.id, a.quote]));
  return state()
    .relations.filter((r) => r.layer === layer)
    .map((r) => `${q.get(r.from)} ${r.type} ${q.get(r.to)}`)
    .sort();
};

describe('suggestions in the app', () => {
  it('uses the project’s own outlets once the schema has them', async () => {
    await suggestDocument(ws, compute);
    expect(find(SUGGESTIONS_LAYER, 'Source', 'Reuters')).toBeDefined();
    await ws.undo();
    expect(find(SUGGESTIONS_LAYER, 'Source', 'Reuters')).toBeUndefined();
    const outlets = [{ name: 'Zlatograd Courier', kind: 'newspaper' }];
    const ctx = { projectId: doc.projectId, documentId: doc.id, by: 'ann' };
    await ws.writeProject('Schema', () => saveSchema(db, ctx, { ...DEFAULT_SCHEMA, outlets }, {}));
    expect(state().project?.schema.outlets).toEqual(outlets);
    await suggestDocument(ws, compute);
    expect(find(SUGGESTIONS_LAYER, 'Source', 'Reuters')).toBeUndefined();
  });

  it('suggests into the suggestions layer, never into the annotator layer, as one undoable step', async () => {
    expect(await suggestDocument(ws, compute)).toBeGreaterThan(0);
    expect(state().annotations.every((a) => a.layer === SUGGESTIONS_LAYER && a.origin === 'rule')).toBe(true);
    expect(linksOf(SUGGESTIONS_LAYER)).toContain('We are not violating any international law said by Lavrov');
    // The registry's entity is proposed for a suggested speaker.
    const lavrov = find(SUGGESTIONS_LAYER, 'Speaker', 'Lavrov')!;
    const entity = (await db.entities.toArray())[0]!;
    expect(lavrov.attributes.entity).toBe(entity.id);
    await ws.undo();
    expect(state().annotations).toEqual([]);
  });

  it('Enter: accepts a claim with its speaker, cues and sources and their links, keeping origin and rule', async () => {
    await suggestDocument(ws, compute);
    const claim = find(SUGGESTIONS_LAYER, 'Claim', 'We are not violating any international law')!;
    await acceptSuggestion(ws, claim.id);
    const accepted = find('ann', 'Claim', 'We are not violating any international law')!;
    expect(accepted).toMatchObject({ origin: 'suggestion', note: 'Suggested by rule claim-quote-before-cue' });
    expect(state().selectedId).toBe(accepted.id);
    expect(linksOf('ann')).toEqual([
      'We are not violating any international law cue according to',
      'We are not violating any international law cue said',
      'We are not violating any international law reported by Reuters',
      'We are not violating any international law said by Lavrov',
    ]);
    expect(find(SUGGESTIONS_LAYER, 'Claim', 'We are not violating any international law')).toBeUndefined();
    // Persisted: a fresh workspace on the same database sees the same.
    db.close();
    ws = await open();
    expect(linksOf('ann')).toHaveLength(4);
    await ws.undo();
    expect(find('ann', 'Claim', 'We are not violating any international law')).toBeUndefined();
    expect(find(SUGGESTIONS_LAYER, 'Claim', 'We are not violating any international law')).toBeDefined();
  });

  it('a speaker accepted first is linked when its claim is accepted later', async () => {
    await suggestDocument(ws, compute);
    await acceptSuggestion(ws, find(SUGGESTIONS_LAYER, 'Speaker', 'Lavrov')!.id);
    await acceptSuggestion(ws, find(SUGGESTIONS_LAYER, 'Claim', 'We are not violating any international law')!.id);
    expect(linksOf('ann')).toContain('We are not violating any international law said by Lavrov');
    expect(state().annotations.filter((a) => a.layer === 'ann' && a.quote === 'Lavrov')).toHaveLength(1);
  });

  it('Backspace: rejects, remembers the rejection and does not propose it again; undo brings it back', async () => {
    await suggestDocument(ws, compute);
    const claim = find(SUGGESTIONS_LAYER, 'Claim', 'the rebels were being armed by the West')!;
    await rejectSuggestion(ws, claim.id);
    expect(
      state()
        .annotations.filter(isOpenSuggestion)
        .some((a) => a.id === claim.id),
    ).toBe(false);
    await suggestDocument(ws, compute);
    const same = state().annotations.filter((a) => a.label === 'Claim' && a.quote === 'the rebels were being armed by the West');
    expect(same).toHaveLength(1);
    expect(isOpenSuggestion(same[0]!)).toBe(false);
    await ws.undo(); // the second Suggest
    await ws.undo(); // the rejection
    expect(isOpenSuggestion(find(SUGGESTIONS_LAYER, 'Claim', 'the rebels were being armed by the West')!)).toBe(true);
  });

  it('Shift+Enter: accepts every suggestion of the label; accepted ones are not proposed again', async () => {
    await suggestDocument(ws, compute);
    await acceptAllOfLabel(ws, 'Claim');
    expect(
      state()
        .annotations.filter((a) => a.layer === 'ann' && a.label === 'Claim')
        .map((a) => a.quote)
        .sort(),
    ).toEqual(['We are not violating any international law', 'the rebels were being armed by the West']);
    expect(state().annotations.filter((a) => isOpenSuggestion(a))).toEqual([]);
    await suggestDocument(ws, compute);
    expect(state().annotations.filter((a) => isOpenSuggestion(a))).toEqual([]);
  });

  it('suggests for several documents with progress, and Cancel stops after the current one', async () => {
    const second = await addDocument(db, doc.projectId, {
      title: 'U',
      text: 'Officials said that the talks had failed, Reuters reported.',
      blocks: [],
      metadata: {},
    });
    const third = await addDocument(db, doc.projectId, {
      title: 'V',
      text: '"We will not give in to pressure," the minister said.',
      blocks: [],
      metadata: {},
    });
    const progress: number[] = [];
    const controller = new AbortController();
    const done = await suggestDocuments(
      ws,
      [doc.id, second.id, third.id],
      compute,
      (n) => {
        progress.push(n);
        if (n === 2) controller.abort();
      },
      controller.signal,
    );
    expect(done).toBe(2);
    expect(progress).toEqual([1, 2]);
    const layerOf = async (id: string) =>
      (await db.annotations.where('documentId').equals(id).toArray()).filter((a) => a.layer === SUGGESTIONS_LAYER).length;
    expect(await layerOf(second.id)).toBeGreaterThan(0);
    expect(await layerOf(third.id)).toBe(0);
    // The open document among them shows its suggestions.
    expect(state().annotations.some((a) => a.layer === SUGGESTIONS_LAYER)).toBe(true);
  });
});
