import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../db/db.ts';
import { createProject } from '../../db/corpus.ts';
import { addDocument } from '../../db/documents.ts';
import { addComment } from '../../db/review.ts';
import { setStatus } from '../../db/status.ts';
import { DEFAULT_SCHEMA } from '../../../core/model/schema.ts';
import type { DocumentRecord } from '../../../core/model/types.ts';
import { Workspace } from '../../app/workspace.ts';
import { backupMark, backupReminderDue, markBackedUp, REMIND_AFTER_MS } from './backupReminder.ts';
import { addParagraph, freshDatabases } from '../../db/testing.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms, Reuters reported.';

let db: AppDb;
const freshDb = freshDatabases('backup-reminder');
let ws: Workspace;
let doc: DocumentRecord;

/** The reminder as it would stand a day and a minute from now. */
const dueTomorrow = () => backupReminderDue(db, Date.now() + REMIND_AFTER_MS + 60_000);
/** The note of a change is written just after its commit. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(async () => {
  db = freshDb();
  const project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addParagraph(db, project.id, TEXT);
  ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await ws.openProject(project.id, doc.id);
  await markBackedUp(db);
});

describe('the web backup reminder counts every kind of change, not only undo steps', () => {
  it('a status change (no undo step) is a change no backup holds; saving an archive clears it', async () => {
    expect(await dueTomorrow()).toBeNull();
    const steps = await db.operations.count();
    await ws.commit('Mark done', () => setStatus(db, doc, 'ann', 'done'));
    await settled();
    expect(await db.operations.count()).toBe(steps);
    expect(await dueTomorrow()).not.toBeNull();
    // Less than a day after the change: not yet.
    expect(await backupReminderDue(db, Date.now() + REMIND_AFTER_MS / 2)).toBeNull();
    await markBackedUp(db);
    expect(await dueTomorrow()).toBeNull();
  });

  it('comments, document details and imports count; this installation’s settings do not', async () => {
    const annotation = await ws.addAnnotation('Speaker', { start: 0, end: 6 });
    await markBackedUp(db);

    await ws.commit('Comment', () => addComment(db, doc, annotation!.id, 'ann', 'Check the source.'));
    await settled();
    expect(await dueTomorrow()).not.toBeNull();
    await markBackedUp(db);

    await ws.saveDocumentDetails({ title: 'Renamed', metadata: { source: 'Reuters' } });
    await settled();
    expect(await dueTomorrow()).not.toBeNull();
    await markBackedUp(db);

    // An import commits in its worker, then the dialog asks the workspace to read the corpus again.
    await addDocument(db, doc.projectId, { title: 'Imported', text: 'More text.', blocks: [], metadata: {} });
    await ws.refreshDocuments();
    await settled();
    expect(await dueTomorrow()).not.toBeNull();
    await markBackedUp(db);

    ws.setSnapToWords(false);
    await ws.setAnnotator('Dana');
    await settled();
    expect(await dueTomorrow()).toBeNull();
  });

  it('a change made while the archive was being written stays pending', async () => {
    const mark = await backupMark(db, new Date(Date.now() - 1000).toISOString());
    await ws.commit('Mark done', () => setStatus(db, doc, 'ann', 'done'));
    await settled();
    await markBackedUp(db, mark);
    expect(await dueTomorrow()).not.toBeNull();
  });
});
