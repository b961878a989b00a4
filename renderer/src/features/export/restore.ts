/**
 * Restoring a project archive chosen by the researcher: unpack and check it (every entry, line
 * and undo step, within the size limits) in a Web Worker with progress, write it in one
 * transaction, then open the restored project. Cancel before the write leaves the database as it
 * was; the write itself is one transaction, all or nothing.
 */
import type { ExportProgress } from '../../../core/formats/exports.ts';
import type { Workspace } from '../../app/workspace.ts';
import { restoreArchive } from '../../db/archive.ts';
import type { InputFile, Platform } from '../../platform/platform.ts';
import { ExportCancelled, startArchiveRead } from './exportClient.ts';

export interface RestoreOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Aborting stops the check at once; nothing is written. */
  signal?: AbortSignal;
}

/** Returns a sentence for the notice line, or null when no file was chosen. Throws with a clear message. */
export async function restoreArchiveFile(workspace: Workspace, platform: Platform, options: RestoreOptions = {}): Promise<string | null> {
  const [file] = await platform.openFiles([{ name: 'Claimscope project archive', extensions: ['zip'] }], false);
  if (!file) return null;
  return restoreArchiveData(workspace, file, options);
}

/**
 * Restores archive bytes (a file the user chose, or an automatic backup) and opens the restored
 * project. Returns the sentence for the notice line; throws naming what is wrong.
 */
export async function restoreArchiveData(workspace: Workspace, file: InputFile, options: RestoreOptions = {}): Promise<string> {
  const { name, data } = file;
  const { signal, onProgress = () => {} } = options;
  if (signal?.aborted) throw new ExportCancelled('The restore was cancelled; nothing was written.');
  const reading = startArchiveRead({ kind: 'read-archive', name, bytes: data }, onProgress);
  const abort = () => reading.cancel();
  signal?.addEventListener('abort', abort);
  let contents;
  try {
    contents = await reading.result;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (signal?.aborted) throw new ExportCancelled('The restore was cancelled; nothing was written.');
  onProgress({ done: 0, total: 1, phase: 'Writing the project…' });
  const read = contents;
  const result = await workspace.commitOrThrow(`Restore ${name}`, () => restoreArchive(workspace.db, read));
  await workspace.openProject(result.project.id);
  const counts = result.counts;
  return `Restored "${result.project.name}" from ${name}: ${counts.documents ?? 0} documents, ${counts.annotations ?? 0} annotations${
    result.newIds ? ' (as a copy with new ids, since that project is already here)' : ''
  }.`;
}
