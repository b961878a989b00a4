/**
 * Files dropped onto the window, folders included: each dropped folder is walked (the File and
 * Directory Entries API that Chromium and Electron support) and its files are named by their path
 * inside it, as a folder picked with the folder button would be.
 */
import type { InputFile } from '../../platform/platform.ts';
import { refuseOversized } from '../../platform/web.ts';

export function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * The dropped files, read only after every one of them passed the app-wide size policy (a
 * FileTooLargeError naming the file otherwise).
 */
export async function readDropped(data: DataTransfer): Promise<InputFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  const found: { name: string; file: File }[] = [];
  if (entries.some((e) => e !== null)) {
    for (const entry of entries) if (entry) await walk(entry, found);
  } else {
    for (const file of data.files) found.push({ name: file.name, file });
  }
  refuseOversized(found.map(({ name, file }) => ({ name, size: file.size })));
  const out: InputFile[] = [];
  for (const { name, file } of found) out.push({ name, data: new Uint8Array(await file.arrayBuffer()) });
  return out;
}

async function walk(entry: FileSystemEntry, out: { name: string; file: File }[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}
