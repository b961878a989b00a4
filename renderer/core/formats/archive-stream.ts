/**
 * The project archive written as a stream (`archive.ts` describes the archive): the manifest
 * and project.json first, then each table's entry a page of rows at a time, deflated as the rows
 * come, into a byte sink. The bytes are those {@link writeArchive} gives for the same rows.
 *
 * The source hands each table's rows in the file's order (`KNOWN_TABLES`' order, then by the
 * line): the database reads documents by creation time and annotations and relations document by
 * document; {@link archiveSourceOf} does it for tables held in memory. The manifest's row counts
 * are the source's; a table that yields another number of rows (the project changed while it was
 * being read) stops the archive with that sentence.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../model/schema.ts';
import type { Project } from '../model/types.ts';
import { archiveEntries, manifestJson, projectJson, sortedRows, type ArchiveInput, type ArchiveRow } from './archive.ts';
import { ArchiveStreamCheck } from './archive-check.ts';
import { ByteOutput, type ByteSink } from './stream.ts';
import { describeError } from './types.ts';

/** How an archive stopped by a change made while it was read begins its message (a later try may succeed). */
export const PROJECT_CHANGED_WHILE_ARCHIVED = 'The project changed while it was being archived';

export interface ArchiveTableSource {
  table: string;
  /** The rows the manifest announces. */
  rows: number;
  /** The rows in the file's order, a page at a time. */
  pages(): AsyncIterable<readonly ArchiveRow[]> | Iterable<readonly ArchiveRow[]>;
}

export interface ArchiveSource {
  project: Project;
  appVersion: string;
  created: string;
  tables: readonly ArchiveTableSource[];
}

export interface StreamProgress {
  done: number;
  total: number;
  phase: string;
}

/** Characters of rows deflated at a time. */
const TEXT_PIECE = 16 * 1024;

/** Writes the archive into the sink; returns the bytes written. */
export async function streamArchive(
  source: ArchiveSource,
  sink: ByteSink,
  options: { chunkBytes?: number; onProgress?: (p: StreamProgress) => void } = {},
): Promise<number> {
  const onProgress = options.onProgress ?? (() => {});
  const entries = archiveEntries(source.tables.map((t) => ({ table: t.table, rows: t.rows })));
  const byTable = new Map(source.tables.map((t) => [t.table, t]));
  const out = new ByteOutput(sink, options.chunkBytes);
  out.addEntry({ path: 'manifest.json', content: manifestJson(source.project, entries, source) });
  out.addEntry({ path: 'project.json', content: projectJson(source.project) });
  const total = entries.reduce((n, e) => n + e.rows, 0);
  let done = 0;
  for (const entry of entries) {
    onProgress({ done, total, phase: `Writing ${entry.file}…` });
    const file = out.openEntry(entry.file);
    let rows = 0;
    for await (const page of byTable.get(entry.table)!.pages()) {
      // Deflated a few rows at a time: small strings die young, a page's text in one string would not.
      let text = '';
      for (const row of page) {
        text += `${canonicalJson(row)}\n`;
        if (text.length >= TEXT_PIECE) {
          file.push(text);
          text = '';
        }
      }
      file.push(text);
      rows += page.length;
      done += page.length;
      await out.drain(false);
      onProgress({ done, total, phase: `Writing ${entry.file}…` });
    }
    file.end();
    if (rows !== entry.rows) {
      throw new Error(
        `${PROJECT_CHANGED_WHILE_ARCHIVED} (${entry.table}: ${entry.rows} rows counted, ${rows} written); nothing was saved. Try again.`,
      );
    }
  }
  await out.finish();
  return out.written;
}

/**
 * Writes the archive into the sink and checks every byte of it on the way, exactly as Restore
 * would ({@link ArchiveStreamCheck}); throws, naming what is wrong, when it would not restore —
 * the caller then drops what the sink received instead of handing out a backup that cannot be
 * restored. Returns the bytes written.
 */
export async function streamVerifiedArchive(
  source: ArchiveSource,
  sink: ByteSink,
  options: { chunkBytes?: number; onProgress?: (p: StreamProgress) => void } = {},
): Promise<number> {
  const check = new ArchiveStreamCheck('the new archive');
  const written = await streamArchive(
    source,
    {
      write(chunk) {
        // Checked before the sink has it (it may hand the chunk's buffer on): the check keeps no view of it.
        check.push(chunk);
        return sink.write(chunk);
      },
    },
    options,
  );
  check.push(new Uint8Array(0), true);
  const verdict = check.result();
  if (!verdict.ok) {
    throw new Error(`The backup was checked after writing and would not restore, so it was not saved: ${describeError(verdict.error)}`);
  }
  return written;
}

/**
 * A hash of the source's rows (the project and every table's rows, as the archive writes them,
 * read a page at a time), not of the archive, whose manifest carries the time it was made: equal
 * for an unchanged project, so an automatic backup of it is not made again.
 */
export async function hashArchiveSource(source: ArchiveSource): Promise<string> {
  const hash = sha256.create();
  hash.update(utf8ToBytes(canonicalJson(source.project)));
  for (const table of [...source.tables].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))) {
    hash.update(utf8ToBytes(`\n${table.table}\n`));
    for await (const page of table.pages()) for (const row of page) hash.update(utf8ToBytes(`${canonicalJson(row)}\n`));
  }
  return bytesToHex(hash.digest());
}

/** An archive source over tables held in memory (sorted as the archive orders them), a page of `pageRows` at a time. */
export function archiveSourceOf(input: ArchiveInput, pageRows = 1000): ArchiveSource {
  return {
    project: input.project,
    appVersion: input.appVersion,
    created: input.created,
    tables: Object.entries(input.tables).map(([table, rows]) => ({
      table,
      rows: rows.length,
      *pages() {
        const sorted = sortedRows(table, rows).map((k) => k.row);
        for (let i = 0; i < sorted.length; i += pageRows) yield sorted.slice(i, i + pageRows);
      },
    })),
  };
}
