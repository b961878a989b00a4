/**
 * Restoring a project archive chosen by the researcher: read and check it (every entry and line),
 * write it in one transaction, then open the restored project.
 */
import { readArchive } from '../../../core/formats/archive.ts';
import { describeError } from '../../../core/formats/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { restoreArchive } from '../../db/archive.ts';
import type { InputFile, Platform } from '../../platform/platform.ts';

/** Returns a sentence for the notice line, or null when no file was chosen. Throws with a clear message. */
export async function restoreArchiveFile(workspace: Workspace, platform: Platform): Promise<string | null> {
  const [file] = await platform.openFiles([{ name: 'Claimscope project archive', extensions: ['zip'] }], false);
  if (!file) return null;
  return restoreArchiveData(workspace, file);
}

/** Restores archive bytes (a chosen file or an automatic backup); returns the notice sentence. */
export async function restoreArchiveData(workspace: Workspace, file: InputFile): Promise<string> {
  const read = readArchive(file.name, file.data);
  if (!read.ok) throw new Error(`Not restored: ${describeError(read.error)}`);
  const result = await workspace.commitOrThrow(`Restore ${file.name}`, () => restoreArchive(workspace.db, read.value));
  await workspace.openProject(result.project.id);
  const counts = result.counts;
  return `Restored "${result.project.name}" from ${file.name}: ${counts.documents ?? 0} documents, ${counts.annotations ?? 0} annotations${
    result.newIds ? ' (as a copy with new ids, since that project is already here)' : ''
  }.`;
}
