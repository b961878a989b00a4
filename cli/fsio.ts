/**
 * Writing output so that nothing is left behind on failure: a file is written to a temporary file
 * beside it and renamed over the target at the end; a folder is filled as a temporary folder
 * beside the target and renamed into place. If anything fails, the temporary is removed.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './errors.ts';

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await requireFolder(dir, target);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`${target}: is a folder; give a file name for this format.`);
  const temp = path.join(dir, `.${path.basename(target)}.claimscope-${process.pid}-${Date.now()}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Writes files (paths relative to the folder) as a new folder at `target`. */
export async function writeFolderAtomic(target: string, files: readonly { path: string; content: string | Uint8Array }[], force: boolean): Promise<void> {
  const resolved = path.resolve(target);
  const dir = path.dirname(resolved);
  await requireFolder(dir, target);
  const existing = await stat(resolved).catch(() => null);
  if (existing && !existing.isDirectory()) throw new CliError(`${target}: exists and is a file; this format writes a folder.`);
  if (existing && (await readdir(resolved)).length > 0 && !force) {
    throw new CliError(`${target}: the folder exists and is not empty. Choose a new folder, or pass --force to replace it.`);
  }
  const temp = await mkdtemp(path.join(dir, `.${path.basename(resolved)}.claimscope-`));
  try {
    for (const f of files) {
      const file = path.join(temp, f.path);
      if (!file.startsWith(temp + path.sep)) throw new CliError(`${target}: refusing to write ${f.path} outside the folder.`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.content);
    }
    if (existing) {
      const old = `${temp}.old`;
      await rename(resolved, old);
      await rename(temp, resolved);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, resolved);
    }
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

async function requireFolder(dir: string, target: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new CliError(`${target}: the folder ${dir} does not exist.`);
}
