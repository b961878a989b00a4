import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../../../electron/api.ts';
import { DEFAULT_SCHEMA } from '../../../core/model/schema.ts';
import { Workspace } from '../../app/workspace.ts';
import { createAnnotations } from '../../db/annotations.ts';
import { backupProject } from '../../db/archive.ts';
import { AppDb } from '../../db/db.ts';
import { createProject } from '../../db/corpus.ts';
import { addDocument } from '../../db/documents.ts';
import { createDesktopPlatform } from '../../platform/desktop.ts';
import { blobSource } from '../../platform/platform.ts';
import { restoreArchiveData, restoreArchiveFile } from './restore.ts';

const TEXT = 'Lavrov said Russia sells arms to Syria.';
let source: AppDb;
let target: AppDb;
let bytes: Uint8Array;

beforeEach(async () => {
  source = new AppDb(`restore-src-${Math.random()}`);
  target = new AppDb(`restore-dst-${Math.random()}`);
  const project = await createProject(source, 'Arms study', DEFAULT_SCHEMA);
  const doc = await addDocument(source, project.id, { title: 'A', text: TEXT, blocks: [], metadata: {} });
  await createAnnotations(source, doc, [{ label: 'Claim', ranges: [{ start: 12, end: 29 }], layer: 'ann' }], 'ann');
  bytes = (await backupProject(source, project.id, { appVersion: 't' })).bytes;
});
afterEach(async () => {
  for (const db of [source, target]) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('restoring an archive', () => {
  it('checks it with progress, writes it and opens the project', async () => {
    const workspace = new Workspace(target, { annotator: 'me', snapToWords: true });
    const phases: string[] = [];
    const message = await restoreArchiveData(workspace, blobSource('b.claimscope.zip', new Blob([bytes as Uint8Array<ArrayBuffer>])), {
      onProgress: (p) => phases.push(p.phase),
    });
    expect(message).toBe('Restored "Arms study" from b.claimscope.zip: 1 documents, 1 annotations.');
    expect(phases).toEqual(expect.arrayContaining(['Checking and restoring b.claimscope.zip, megabytes read:']));
    expect(workspace.getState().project?.name).toBe('Arms study');
  });

  it('Cancel stops it and writes nothing', async () => {
    const workspace = new Workspace(target, { annotator: 'me', snapToWords: true });
    const controller = new AbortController();
    const restoring = restoreArchiveData(workspace, blobSource('b.claimscope.zip', new Blob([bytes as Uint8Array<ArrayBuffer>])), {
      signal: controller.signal,
    });
    controller.abort();
    await expect(restoring).rejects.toThrow('The restore was cancelled; nothing was written.');
    expect(await target.projects.count()).toBe(0);
  });

  it('restores a file the desktop shell holds open, reading it a slice at a time, never whole, and closes it after', async () => {
    const shell = (archive: Uint8Array) => {
      const reads: { from: number; length: number }[] = [];
      const api = {
        openFiles: vi.fn(),
        archiveOpen: vi.fn(async () => ({ id: 'd'.repeat(24), name: 'b.claimscope.zip', size: archive.length })),
        archiveRead: vi.fn(async ({ from, length }: { from: number; length: number }) => {
          reads.push({ from, length });
          return archive.slice(from, from + length);
        }),
        archiveClose: vi.fn(async () => {}),
      };
      return { api, reads, platform: createDesktopPlatform(api as unknown as DesktopApi) };
    };
    const workspace = new Workspace(target, { annotator: 'me', snapToWords: true });
    const ok = shell(bytes);
    expect(await restoreArchiveFile(workspace, ok.platform)).toBe(
      'Restored "Arms study" from b.claimscope.zip: 1 documents, 1 annotations.',
    );
    expect(ok.api.openFiles).not.toHaveBeenCalled();
    // The zip's directory from its end first, then the archive from its start.
    expect(ok.reads[0]!.from + ok.reads[0]!.length).toBe(bytes.length);
    expect(ok.reads.some((r) => r.from === 0)).toBe(true);
    expect(ok.api.archiveClose).toHaveBeenCalledTimes(1);
    // A damaged one is refused, and closed all the same.
    const bad = shell(bytes.slice(0, 100));
    await expect(restoreArchiveFile(workspace, bad.platform)).rejects.toThrow(/^Not restored: b\.claimscope\.zip/);
    expect(bad.api.archiveClose).toHaveBeenCalledTimes(1);
  });

  it('a full storage is named as such, and nothing of the archive is left', async () => {
    const workspace = new Workspace(target, { annotator: 'me', snapToWords: true });
    // Every connection's tables share Dexie's Table prototype (above each connection's own): the
    // restore's own connection fails as a full disk would.
    const tables = Object.getPrototypeOf(Object.getPrototypeOf(target.annotations)) as {
      bulkAdd: (...args: unknown[]) => Promise<unknown>;
    };
    const bulkAdd = tables.bulkAdd;
    const spy = vi.spyOn(tables, 'bulkAdd').mockImplementation(function (this: { name: string }, ...args: unknown[]) {
      if (this.name === 'annotations') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return bulkAdd.apply(this, args);
    });
    try {
      await expect(
        restoreArchiveData(workspace, blobSource('b.claimscope.zip', new Blob([bytes as Uint8Array<ArrayBuffer>]))),
      ).rejects.toThrow(/^The restore of b\.claimscope\.zip was not saved: the storage is full .*Nothing was half-written/);
    } finally {
      spy.mockRestore();
    }
    expect(await target.projects.count()).toBe(0);
    expect(await target.documents.count()).toBe(0);
  });

  it('a damaged archive is refused naming the file and the problem', async () => {
    const workspace = new Workspace(target, { annotator: 'me', snapToWords: true });
    await expect(
      restoreArchiveData(workspace, blobSource('b.claimscope.zip', new Blob([bytes.slice(0, 100) as Uint8Array<ArrayBuffer>]))),
    ).rejects.toThrow(/^Not restored: b\.claimscope\.zip/);
    expect(await target.projects.count()).toBe(0);
  });
});
