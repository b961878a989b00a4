/**
 * Restoring a project archive chosen by the researcher: a Web Worker reads it a slice at a time,
 * checks every entry, line and undo step (within the unpacking limits) and writes the project a
 * page at a time, kept out of the project list until the last page is in (`db/restore.ts`); then
 * the restored project opens. A bad row, a failure or Cancel removes what was written, so the
 * database is as it was.
 */
import { nanoid } from 'nanoid';
import type { ExportProgress } from '../../../core/formats/exports.ts';
import type { Workspace } from '../../app/workspace.ts';
import { discardRestore } from '../../db/restore.ts';
import { noteChange } from '../../db/unbackedChanges.ts';
import type { ByteSource, Platform } from '../../platform/platform.ts';
import { ExportCancelled, startRestore } from './exportClient.ts';

export interface RestoreOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Aborting stops the restore at once and removes what it wrote. */
  signal?: AbortSignal;
}

/** Returns a sentence for the notice line, or null when no file was chosen. Throws with a clear message. */
export async function restoreArchiveFile(workspace: Workspace, platform: Platform, options: RestoreOptions = {}): Promise<string | null> {
  const file = await platform.openArchive([{ name: 'Claimscope project archive', extensions: ['zip'] }]);
  if (!file) return null;
  try {
    return await restoreArchiveData(workspace, file, options);
  } finally {
    await file.close().catch(() => undefined);
  }
}

/**
 * Restores an archive and opens the restored project. Returns the sentence for the notice line;
 * throws naming what is wrong, with nothing of the archive left in the database.
 */
export async function restoreArchiveData(workspace: Workspace, file: ByteSource, options: RestoreOptions = {}): Promise<string> {
  const { name, size } = file;
  const { signal, onProgress = () => {} } = options;
  if (signal?.aborted) throw new ExportCancelled('The restore was cancelled; nothing was written.');
  const token = nanoid();
  const restoring = startRestore(
    { kind: 'restore', dbName: workspace.db.name, name, size, token },
    (from, to) => file.read(from, to),
    onProgress,
  );
  const abort = () => restoring.cancel();
  signal?.addEventListener('abort', abort);
  let result;
  try {
    result = await restoring.result;
  } catch (err) {
    // The worker removes what it wrote when it fails; after a Cancel it is gone, so the window does.
    if (err instanceof ExportCancelled) {
      onProgress({ done: 0, total: 1, phase: 'Cancelling: removing what was restored…' });
      await workspace.commitOrThrow(`Remove what was restored of ${name}`, () => discardRestore(workspace.db, token));
    }
    throw err;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  // Written in the worker: noted as a change no backup holds, as an import is.
  void noteChange(workspace.db).catch(() => undefined);
  await workspace.openProject(result.project.id);
  const counts = result.counts;
  return `Restored "${result.project.name}" from ${name}: ${counts.documents ?? 0} documents, ${counts.annotations ?? 0} annotations${
    result.newIds ? ' (as a copy with new ids, since that project is already here)' : ''
  }.`;
}
