/**
 * How far a project archive may expand when unpacked, and unpacking within that: the limits
 * `readArchive` (in memory) and `ArchiveStreamCheck` (streamed) hold every archive to.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/** How far an archive may expand when unpacked. */
export interface ArchiveLimits {
  /** The entries' total size once inflated. */
  maxInflatedBytes: number;
  maxEntries: number;
}

/**
 * 1 GB and 1,000 entries: far above any real project (an archive holds one entry per table, and
 * 100,000 documents of news text inflate to a few hundred MB), far below what would exhaust the
 * window's memory.
 */
export const ARCHIVE_LIMITS: ArchiveLimits = { maxInflatedBytes: 1e9, maxEntries: 1000 };

/**
 * The limits of an archive checked or restored as a stream (`ArchiveStreamCheck`), where what is
 * inflated is never held: 100,000 long articles inflate past 1 GB. The memory is bounded by
 * {@link MAX_ARCHIVE_LINE_CHARS} instead, and a bomb of valid rows cannot be made (ids must differ).
 */
export const STREAMED_ARCHIVE_LIMITS: ArchiveLimits = { maxInflatedBytes: 4e9, maxEntries: 1000 };

/** The longest line (one row) a streamed archive may hold: a document of the largest file Claimscope imports, with room. */
export const MAX_ARCHIVE_LINE_CHARS = 256 * 1024 * 1024;

/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1,032×, so ≤ 17 MB each. */
const UNZIP_CHUNK = 16 * 1024;

export function sizeText(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} KB`;
}

/**
 * Unpacks a zip within limits. The sizes the zip declares are checked first (nothing is
 * inflated for an honest bomb); then the entries are inflated as a stream, a small piece at a
 * time, counting what comes out, and stopped as soon as the total passes the limit (a zip can
 * lie about its sizes).
 */
export function unzipCapped(
  bytes: Uint8Array,
  limits: ArchiveLimits,
): { ok: true; files: Record<string, Uint8Array> } | { ok: false; problem: string } {
  const tooBig = (n: number, declared: boolean) =>
    `${declared ? 'would expand' : 'expands'} to ${declared ? '' : 'more than '}${sizeText(n)} when unpacked, more than the ${sizeText(limits.maxInflatedBytes)} a project archive may hold; it was not unpacked.`;
  let entries = 0;
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries += 1;
        declared += f.originalSize;
        return false;
      },
    });
  } catch (e) {
    return { ok: false, problem: `is not a readable zip archive (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (entries > limits.maxEntries) {
    return {
      ok: false,
      problem: `holds ${entries} entries, more than the ${limits.maxEntries} a project archive may hold; it was not unpacked.`,
    };
  }
  if (declared > limits.maxInflatedBytes) return { ok: false, problem: tooBig(declared, true) };
  const chunks = new Map<string, Uint8Array[]>();
  const finished = new Set<string>();
  let total = 0;
  let problem: string | null = null;
  const unzip = new Unzip((file) => {
    if (problem) return;
    const parts: Uint8Array[] = [];
    chunks.set(file.name, parts);
    file.ondata = (err, data, final) => {
      if (problem) return;
      if (err) {
        problem = `is not a readable zip archive (${file.name}: ${err.message}).`;
        return;
      }
      total += data.length;
      if (total > limits.maxInflatedBytes) {
        problem = tooBig(limits.maxInflatedBytes, false);
        file.terminate();
        return;
      }
      parts.push(data);
      if (final) finished.add(file.name);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !problem; i += UNZIP_CHUNK)
      unzip.push(bytes.subarray(i, i + UNZIP_CHUNK), i + UNZIP_CHUNK >= bytes.length);
  } catch (e) {
    problem ??= `is not a readable zip archive (${e instanceof Error ? e.message : String(e)}).`;
  }
  if (problem) return { ok: false, problem };
  const files: Record<string, Uint8Array> = {};
  for (const [entry, parts] of chunks) {
    if (!finished.has(entry)) return { ok: false, problem: `is not a readable zip archive (${entry} is cut short).` };
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    files[entry] = out;
  }
  return { ok: true, files };
}

/**
 * What is wrong with a zip's central directory for these limits — too many entries, or declared
 * sizes past the limit — read from the end of the file before anything is inflated (a streamed
 * restore reads the file from the start, where a bomb's sizes are not yet known). `tail` is the
 * file's last bytes (at least 22, up to 65,557: the end record and its comment); `read` gives the
 * bytes at an offset. Null when the directory is within the limits or cannot be found (the
 * streamed check then names what is wrong).
 */
export async function zipDirectoryProblem(
  size: number,
  read: (from: number, to: number) => Promise<Uint8Array>,
  limits: ArchiveLimits,
): Promise<string | null> {
  const tailFrom = Math.max(0, size - 65_557);
  const tail = await read(tailFrom, size);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (entries > limits.maxEntries) {
    return `holds ${entries} entries, more than the ${limits.maxEntries} a project archive may hold; it was not unpacked.`;
  }
  if (dirOffset + dirSize > size) return null;
  const dir = await read(dirOffset, dirOffset + dirSize);
  const d = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  let declared = 0;
  for (let at = 0, n = 0; n < entries && at + 46 <= dir.length; n++) {
    if (d.getUint32(at, true) !== 0x02014b50) return null;
    declared += d.getUint32(at + 24, true);
    at += 46 + d.getUint16(at + 28, true) + d.getUint16(at + 30, true) + d.getUint16(at + 32, true);
  }
  if (declared > limits.maxInflatedBytes) {
    return `would expand to ${sizeText(declared)} when unpacked, more than the ${sizeText(limits.maxInflatedBytes)} a project archive may hold; it was not unpacked.`;
  }
  return null;
}
