/**
 * Files dropped onto the window, folders included: each dropped folder is walked (the File and
 * Directory Entries API that Chromium and Electron support) and its files are named by their path
 * inside it, as a folder picked with the folder button would be.
 */
import type { InputFile } from '../../platform/platform.ts';

export function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

export async function readDropped(data: DataTransfer): Promise<InputFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e !== null)) {
    const out: InputFile[] = [];
    for (const entry of entries) if (entry) await walk(entry, out);
    return out;
  }
  return Promise.all([...data.files].map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
}

async function walk(entry: FileSystemEntry, out: InputFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, ''), data: new Uint8Array(await file.arrayBuffer()) });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}
