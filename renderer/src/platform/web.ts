import { FileTooLargeError, pickSizeProblem } from '../../core/formats/limits.ts';
import { blobSource, type FileFilter, type InputFile, type Platform, type SaveTarget } from './platform.ts';
import { webSecretStore } from '../sync/credentials.ts';

/** The app-wide size policy, checked on the files' sizes before any of them is read. */
export function refuseOversized(files: readonly { name: string; size: number }[]): void {
  const problem = pickSizeProblem(files);
  if (problem) throw new FileTooLargeError(problem);
}

/**
 * A streamed download: each chunk becomes a Blob of its own at once (the browser keeps blob data
 * outside the page's JavaScript heap, on disk when it grows large), and closing joins them into
 * one Blob — no copy — and downloads it. Aborting drops them.
 */
export function blobTarget(suggestedName: string, filters: FileFilter[], download = downloadBlob): SaveTarget {
  let parts: Blob[] | null = [];
  return {
    async write(chunk) {
      if (!parts) throw new Error('The download was already finished or cancelled.');
      parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
    },
    async close() {
      if (!parts) throw new Error('The download was already finished or cancelled.');
      const blob = new Blob(parts, { type: await mimeFor(suggestedName, filters) });
      parts = null;
      download(blob, suggestedName);
      return { where: `your downloads folder as ${suggestedName}` };
    },
    async abort() {
      parts = null;
    },
  };
}

/** Chromium's save picker (File System Access); not in TypeScript's DOM types, and not in every browser. */
type SaveFilePicker = (options: {
  suggestedName?: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

/** The save picker where the browser has one. */
function saveFilePicker(): SaveFilePicker | null {
  const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(globalThis) : null;
}

/**
 * A streamed save into a file the user chose (File System Access): each chunk is written to the
 * file's writable stream as it comes, which the browser keeps in a swap file beside it; closing
 * puts it in place whole, and aborting (Cancel, a failure) discards it, so the chosen file never
 * holds part of an export.
 */
export async function fileHandleTarget(handle: FileSystemFileHandle): Promise<SaveTarget> {
  let stream: FileSystemWritableFileStream | null = await handle.createWritable();
  const open = () => {
    if (!stream) throw new Error(`The save to ${handle.name} was already finished or cancelled.`);
    return stream;
  };
  return {
    async write(chunk) {
      const writable = open();
      try {
        await writable.write(chunk as Uint8Array<ArrayBuffer>);
      } catch (err) {
        stream = null;
        await writable.abort().catch(() => undefined);
        throw err;
      }
    },
    async close() {
      const writable = open();
      stream = null;
      await writable.close();
      return { where: handle.name };
    },
    async abort() {
      const writable = stream;
      stream = null;
      await writable?.abort().catch(() => undefined);
    },
  };
}

/** The picker's file types for a save: each filter's extensions, under the export's MIME type. */
async function pickerTypes(suggestedName: string, filters: FileFilter[]) {
  const mime = await mimeFor(suggestedName, filters);
  return filters
    .filter((f) => !f.extensions.includes('*'))
    .map((f) => ({ description: f.name, accept: { [mime]: f.extensions.map((e) => `.${e}`) } }));
}

/** The browser implementation: downloads for saving, file inputs for opening. */
export function createWebPlatform(): Platform {
  return {
    kind: 'web',
    async saveFile(suggestedName, data, filters) {
      const type = await mimeFor(suggestedName, filters);
      downloadBlob(new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }), suggestedName);
      return { saved: true, where: `your downloads folder as ${suggestedName}` };
    },
    async saveStream(suggestedName, filters) {
      // Chromium: the file is chosen first and written as the export goes; elsewhere, a download at the end.
      const picker = saveFilePicker();
      if (!picker) return blobTarget(suggestedName, filters);
      let handle: FileSystemFileHandle;
      try {
        handle = await picker({ suggestedName, types: await pickerTypes(suggestedName, filters) });
      } catch (err) {
        if ((err as Error).name === 'AbortError') return null;
        throw err;
      }
      return fileHandleTarget(handle);
    },
    openFiles(filters, multiple) {
      return pickFiles({ accept: acceptOf(filters), multiple });
    },
    openFolder() {
      return pickFiles({ folder: true, multiple: true });
    },
    async openArchive(filters) {
      const [file] = await chooseFiles({ accept: acceptOf(filters), multiple: false });
      return file ? blobSource(file.name, file) : null;
    },
    onMenuCommand() {
      return () => {};
    },
    autoBackups: null,
    teamServer: {
      secrets: webSecretStore(),
      allowServer: async () => ({ reload: false }),
      forgetServer: async () => {},
    },
  };
}

function downloadBlob(blob: Blob, suggestedName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * An export's type as its format declares it; for other files (schemas, CSV reports …) by
 * extension. The format registry loads with the first save (the start does not need it).
 */
async function mimeFor(name: string, _filters: FileFilter[]): Promise<string> {
  const declared = (await import('../../core/formats/registry.ts')).mimeOf(name);
  if (declared) return declared;
  if (name.endsWith('.jsonl')) return 'application/jsonl';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.zip')) return 'application/zip';
  return 'application/octet-stream';
}

function acceptOf(filters: FileFilter[]): string {
  return filters.flatMap((f) => f.extensions.map((e) => `.${e}`)).join(',');
}

/** Files picked and read, within the size policy. */
async function pickFiles(opts: { accept?: string; multiple: boolean; folder?: boolean }): Promise<InputFile[]> {
  const files = await chooseFiles(opts);
  refuseOversized(files.map((f) => ({ name: f.webkitRelativePath || f.name, size: f.size })));
  return Promise.all(
    files.map(async (f) => ({
      name: f.webkitRelativePath || f.name,
      data: new Uint8Array(await f.arrayBuffer()),
    })),
  );
}

/** The files the user picks, not read (none when the picker is cancelled). */
function chooseFiles(opts: { accept?: string; multiple: boolean; folder?: boolean }): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = opts.multiple;
    if (opts.accept) input.accept = opts.accept;
    if (opts.folder) input.webkitdirectory = true;
    input.style.display = 'none';
    input.addEventListener('cancel', () => {
      input.remove();
      resolve([]);
    });
    input.addEventListener('change', () => {
      resolve([...(input.files ?? [])]);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}
