/**
 * Writing output so that nothing is left behind on failure: a file is written to a temporary file
 * beside it and renamed over the target at the end; a folder is filled as a temporary folder
 * beside the target and renamed into place. If anything fails, the temporary is removed.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ByteSink } from '../renderer/core/formats/stream.ts';
import { CliError } from './errors.ts';

/** Writes into a sink a chunk at a time (a streamed export), waiting whenever the disk is behind. */
export type StreamedContent = (sink: ByteSink) => Promise<unknown>;

export async function writeFileAtomic(target: string, data: string | Uint8Array | StreamedContent): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await requireFolder(dir, target);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`${target}: is a folder; give a file name for this format.`);
  const temp = path.join(dir, `.${path.basename(target)}.claimscope-${process.pid}-${Date.now()}.tmp`);
  try {
    if (typeof data === 'function') await streamToFile(temp, data);
    else await writeFile(temp, data);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function streamToFile(file: string, write: StreamedContent): Promise<void> {
  const out = createWriteStream(file, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const sink: ByteSink = {
    write: (chunk) => (out.write(chunk) ? undefined : Promise.race([new Promise<void>((resolve) => out.once('drain', resolve)), failed])),
  };
  try {
    await Promise.race([write(sink), failed]);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}

/**
 * True when every entry of the folder is a file a brat export writes: flat `.txt`/`.ann` pairs
 * with `annotation.conf` (and `visual.conf`). Anything else is the user's and is never replaced.
 */
function unrelatedEntries(entries: readonly Dirent[]): string[] {
  const names = new Set(entries.map((e) => e.name));
  const isOwned = (e: Dirent) => {
    if (!e.isFile()) return false;
    if (e.name === 'annotation.conf' || e.name === 'visual.conf') return true;
    const pair = /\.txt$/.test(e.name) ? e.name.replace(/\.txt$/, '.ann') : /\.ann$/.test(e.name) ? e.name.replace(/\.ann$/, '.txt') : null;
    return pair !== null && names.has(pair);
  };
  const others = entries.filter((e) => !isOwned(e)).map((e) => e.name);
  return names.has('annotation.conf') ? others : entries.map((e) => e.name);
}

/**
 * Writes files (paths relative to the folder, as they come) as the folder `target`. A new folder is filled
 * beside the target and renamed into place. An existing non-empty folder is replaced only with
 * `force` and only when it is a previous brat export (nothing in it but what an export writes);
 * a folder holding anything else is refused, whatever the flags. The folder keeps its mode (a new
 * one gets the usual mode from the umask).
 */
export async function writeFolderAtomic(
  target: string,
  files: Iterable<{ path: string; content: string | Uint8Array }> | AsyncIterable<{ path: string; content: string | Uint8Array }>,
  force: boolean,
): Promise<void> {
  const resolved = path.resolve(target);
  const dir = path.dirname(resolved);
  await requireFolder(dir, target);
  const existing = await stat(resolved).catch(() => null);
  if (existing && !existing.isDirectory()) throw new CliError(`${target}: exists and is a file; this format writes a folder.`);
  const entries = existing ? await readdir(resolved, { withFileTypes: true }) : [];
  if (entries.length > 0) {
    const others = unrelatedEntries(entries);
    if (others.length > 0) {
      const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
      throw new CliError(
        `${target}: the folder holds files that are not a brat export (${shown}); nothing was replaced. Choose a new or empty folder.`,
      );
    }
    if (!force)
      throw new CliError(`${target}: the folder exists and holds a brat export. Choose a new folder, or pass --force to replace it.`);
  }
  // mkdir (not mkdtemp, which makes it 0700) so a new folder gets the mode the umask gives.
  const temp = path.join(dir, `.${path.basename(resolved)}.claimscope-${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  try {
    if (existing) await chmod(temp, existing.mode & 0o7777);
    for await (const f of files) {
      const file = path.join(temp, f.path);
      if (!file.startsWith(temp + path.sep)) throw new CliError(`${target}: refusing to write ${f.path} outside the folder.`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.content);
    }
    if (existing) {
      // The old folder holds only a previous export (checked above), so it can go as a whole.
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
