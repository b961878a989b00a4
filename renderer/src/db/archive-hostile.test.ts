/**
 * A crafted archive can never change another project: its undo-log snapshots name records by id,
 * and Undo writes them back, so Restore checks every snapshot against the archived project and
 * Undo refuses a step that names another project's records.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readArchive, writeArchive, type ArchiveContents, type ArchiveRow } from '../../core/formats/archive.ts';
import { describeError } from '../../core/formats/types.ts';
import type { Annotation, DocumentRecord, Project, Schema } from '../../core/model/types.ts';
import { createAnnotations, undo } from './annotations.ts';
import { backupProject } from './archive.ts';
import { restoreArchive } from './restore.ts';
import { AppDb } from './db.ts';
import { freshDatabases } from './testing.ts';
import { createProject } from './corpus.ts';
import { addDocument } from './documents.ts';

const schema: Schema = { version: 1, labels: [{ name: 'Claim', color: '#e69f00' }], relationTypes: [] };
const TEXT = 'Lavrov said Russia sells arms to Syria.';
const blocks = [{ kind: 'paragraph' as const, start: 0, end: TEXT.length }];

const freshDb = freshDatabases('hostile');

let victimDb: AppDb;
let victim: Project;
let victimAnnotation: Annotation;
let attackerDb: AppDb;
let attacker: Project;
let attackerDoc: DocumentRecord;

beforeEach(async () => {
  victimDb = freshDb();
  victim = await createProject(victimDb, 'My thesis', schema);
  const vdoc = await addDocument(victimDb, victim.id, { title: 'Mine', text: TEXT, blocks, metadata: {} });
  victimAnnotation = (
    await createAnnotations(victimDb, vdoc, [{ label: 'Claim', ranges: [{ start: 12, end: 29 }], layer: 'me' }], 'me')
  )[0]!;
  attackerDb = freshDb();
  attacker = await createProject(attackerDb, 'Shared with you', schema);
  attackerDoc = await addDocument(attackerDb, attacker.id, { title: 'Bait', text: TEXT, blocks, metadata: {} });
  await createAnnotations(attackerDb, attackerDoc, [{ label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'x' }], 'x');
});

/** The attacker's archive with one more undo step, whose snapshots are given. */
async function crafted(before: Record<string, unknown[]>, after: Record<string, unknown[]>): Promise<Uint8Array> {
  const { bytes } = await backupProject(attackerDb, attacker.id, { appVersion: 't' });
  const read = readArchive('a.zip', bytes);
  if (!read.ok) throw new Error(describeError(read.error));
  const { project, tables } = read.value;
  const empty = { annotations: [], relations: [] };
  const step: ArchiveRow = {
    seq: 99,
    projectId: attacker.id,
    documentId: attackerDoc.id,
    description: 'Add Claim',
    at: attacker.createdAt,
    by: 'x',
    before: { ...empty, ...before },
    after: { ...empty, ...after },
    undone: 0,
  };
  return writeArchive({
    project,
    tables: { ...tables, operations: [...tables.operations!, step] },
    appVersion: 't',
    created: attacker.createdAt,
  });
}

const asAttackers = (a: Annotation): Annotation => ({ ...a, projectId: attacker.id, documentId: attackerDoc.id });

async function victimIntact(): Promise<void> {
  expect(await victimDb.annotations.get(victimAnnotation.id)).toEqual(victimAnnotation);
  expect(await victimDb.projects.get(victim.id)).toEqual(victim);
}

describe('a crafted archive', () => {
  it('is refused when an undo snapshot names another project', async () => {
    const bytes = await crafted({ projects: [{ ...victim, name: 'pwned' }] }, { annotations: [victimAnnotation] });
    const read = readArchive('crafted.claimscope.zip', bytes);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(describeError(read.error)).toContain('crafted.claimscope.zip: history.jsonl');
      expect(describeError(read.error)).toContain(`not of the archived project "${attacker.id}"`);
    }
  });

  it('is refused when an undo snapshot names a document not in the archive', async () => {
    const read = readArchive(
      'c.zip',
      await crafted({}, { annotations: [{ ...asAttackers(victimAnnotation), documentId: victimAnnotation.documentId }] }),
    );
    expect(read.ok).toBe(false);
    if (!read.ok) expect(describeError(read.error)).toContain('which is not in the archive');
  });

  it("cannot reach another project's records through ids it claims as its own: Undo leaves them alone", async () => {
    // The snapshot claims the victim's annotation id as the attacker's own; undoing "Add Claim"
    // would delete it by id.
    const read = readArchive('c.zip', await crafted({}, { annotations: [asAttackers(victimAnnotation)] }));
    if (!read.ok) throw new Error(describeError(read.error));
    const result = await restoreArchive(victimDb, read.value as ArchiveContents);
    expect(result.newIds).toBe(true);
    while (await undo(victimDb, result.project.id)) {
      /* undo everything the restored project holds */
    }
    await victimIntact();
  });
});

describe('a crafted row', () => {
  it("naming another project's annotation is refused, and nothing is restored", async () => {
    const { bytes } = await backupProject(attackerDb, attacker.id, { appVersion: 't' });
    const read = readArchive('a.zip', bytes);
    if (!read.ok) throw new Error(describeError(read.error));
    const { project, tables } = read.value;
    const comment = {
      id: 'c1',
      projectId: attacker.id,
      documentId: attackerDoc.id,
      annotationId: victimAnnotation.id,
      author: 'x',
      text: 'hi',
      createdAt: attacker.createdAt,
    };
    const crafted = readArchive(
      'c.zip',
      writeArchive({ project, tables: { ...tables, comments: [comment] }, appVersion: 't', created: attacker.createdAt }),
    );
    if (!crafted.ok) throw new Error(describeError(crafted.error));
    const projects = await victimDb.projects.count();
    await expect(restoreArchive(victimDb, crafted.value)).rejects.toThrow(
      `comments.jsonl:1: the row names annotation "${victimAnnotation.id}" of another project; nothing was restored.`,
    );
    expect(await victimDb.projects.count()).toBe(projects);
    await victimIntact();
  });
});

describe('Undo', () => {
  it("refuses a step of the log that names another project's records, changing nothing", async () => {
    const other = await createProject(victimDb, 'Other', schema);
    const odoc = await addDocument(victimDb, other.id, { title: 'O', text: TEXT, blocks, metadata: {} });
    await victimDb.operations.add({
      projectId: other.id,
      documentId: odoc.id,
      description: 'Add Claim',
      at: other.createdAt,
      by: 'x',
      before: { annotations: [], relations: [], projects: [{ ...victim, name: 'pwned' }] },
      after: { annotations: [{ ...victimAnnotation, projectId: other.id }], relations: [] },
      undone: 0,
    });
    await expect(undo(victimDb, other.id)).rejects.toThrow('names records of another project');
    await victimIntact();
  });
});
