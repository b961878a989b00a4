/**
 * How large a file Claimscope opens, one policy for every way in: the desktop dialogs, drag and
 * drop, the web file picker and the command line. Each file is checked by its size before any
 * byte is read, and a refusal names the file.
 *
 * - A document file (text, Markdown, HTML, PDF, CSV, JSON/JSONL, brat, CoNLL …) up to 200 MB:
 *   parsing keeps the text, its blocks and the parser's working copies in memory, several times
 *   the file's size.
 * - A project archive (`.zip`) opened among other files (Import) up to 480 MB: it is the whole
 *   project, so it may be larger than any one document. 480 MB stays below the largest message
 *   Electron's IPC carries in one piece (V8's 512 MB buffer limit), as the desktop hands picked
 *   files over whole. *Restore* (of a chosen archive or an automatic backup) reads an archive a
 *   slice at a time (`platform.openArchive`, `autoBackups.open`), and exports, saves and
 *   automatic backups go to the shell a chunk at a time, so none of them has such a limit.
 * - One pick or drop of many files up to 480 MB in total, for the same reason.
 */

const MB = 1024 * 1024;
export const MAX_DOCUMENT_FILE_BYTES = 200 * MB;
export const MAX_ARCHIVE_FILE_BYTES = 480 * MB;
export const MAX_PICK_TOTAL_BYTES = 480 * MB;

export function isArchiveName(name: string): boolean {
  return /\.zip$/i.test(name);
}

/** The most a file of this name may hold. */
export function maxBytesFor(name: string): number {
  return isArchiveName(name) ? MAX_ARCHIVE_FILE_BYTES : MAX_DOCUMENT_FILE_BYTES;
}

export function formatMegabytes(bytes: number): string {
  return `${Math.ceil(bytes / MB).toLocaleString('en-US')} MB`;
}

/** Why a file of `size` bytes is not opened, or null when it may be. */
export function fileSizeProblem(name: string, size: number): string | null {
  const max = maxBytesFor(name);
  if (size <= max) return null;
  const what = isArchiveName(name) ? 'project archives' : 'document files';
  return `${name} is ${formatMegabytes(size)}; Claimscope opens ${what} up to ${formatMegabytes(max)}. Split it into smaller files.`;
}

/** Why a pick of these files is not opened (the first file too large, or the total), or null. */
export function pickSizeProblem(files: readonly { name: string; size: number }[]): string | null {
  let total = 0;
  for (const f of files) {
    const problem = fileSizeProblem(f.name, f.size);
    if (problem) return problem;
    total += f.size;
  }
  if (total > MAX_PICK_TOTAL_BYTES) {
    return `The ${files.length.toLocaleString('en-US')} chosen files are ${formatMegabytes(total)} together; Claimscope opens up to ${formatMegabytes(MAX_PICK_TOTAL_BYTES)} at once. Import them in smaller groups.`;
  }
  return null;
}

/** Thrown when a file or a pick is too large to open; the message is written for the user. */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}
