/**
 * The project archive: a `.zip` that holds one project completely, so restoring it gives the same
 * project back — the researcher's backup, and the way a project moves between machines.
 *
 *     manifest.json        format name and version, app version, creation time, the schema's
 *                          fingerprint, and one entry per table: its file and row count
 *     project.json         the project record, schema included
 *     documents.jsonl      one row per line, keys sorted, rows in a fixed order
 *     annotations.jsonl
 *     relations.jsonl
 *     entities.jsonl
 *     claim-groups.jsonl   the claim groups (issue #15)
 *     history.jsonl        the undo log (the database's `operations` table)
 *     <table>.jsonl        every further table of the project (statuses, comments …)
 *
 * The archive is generic over tables: whatever project-scoped tables the database has are written
 * under their own name, and the manifest lists them, so a new table is carried by the code that
 * collects rows (see `renderer/src/db/archive.ts`) without a change here. Tables the archive knows
 * ({@link KNOWN_TABLES}) are validated field by field on reading; any other table's rows must be
 * JSON objects, and where they name a project it must be this one.
 *
 * Output is deterministic: entries in a fixed order with a fixed modification time, rows sorted,
 * object keys sorted. Two archives of the same project at the same `created` time are equal byte
 * for byte, and archives of two states of a project diff line by line once unzipped.
 */
import { strFromU8, unzipSync } from 'fflate';
import { z } from 'zod';
import { canonicalJson, formatIssuePath, schemaFingerprint } from '../model/schema.ts';
import { timestampShape } from '../model/shapes.ts';
import type { Annotation, AttributeValue, ClaimGroup, DocumentRecord, Entity, Project, Relation } from '../model/types.ts';
import { checkReferences } from './archive-references.ts';
import { archiveFileFor, cmp, KNOWN_TABLES, projectSchema, type ArchiveRow } from './archive-tables.ts';
import { describeError, fail, ok, type Dataset, type Result } from './types.ts';
import type { FormatModule } from './module.ts';
import { zipEntriesNow } from './stream.ts';
import { ARCHIVE_LIMITS, unzipCapped, type ArchiveLimits } from './archive-limits.ts';

export const ARCHIVE_FORMAT = 'claimscope-archive';
export const ARCHIVE_VERSION = 1;

export { archiveFileFor, KNOWN_TABLES, projectSchema, type ArchiveRow } from './archive-tables.ts';
export { checkHistory } from './archive-references.ts';

export interface ArchiveTableEntry {
  /** The database table's name. */
  table: string;
  /** The zip entry holding its rows. */
  file: string;
  rows: number;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  appVersion: string;
  created: string;
  project: { id: string; name: string };
  schemaFingerprint: string;
  counts: Record<string, number>;
  tables: ArchiveTableEntry[];
}

export interface ArchiveContents {
  manifest: ArchiveManifest;
  project: Project;
  /** Rows by database table name (`documents`, `annotations`, `operations` …). */
  tables: Record<string, ArchiveRow[]>;
}

export interface ArchiveInput {
  project: Project;
  tables: Record<string, readonly ArchiveRow[]>;
  appVersion: string;
  /** When the archive was made (ISO 8601); the caller supplies it so output is reproducible. */
  created: string;
}

// ---------------------------------------------------------------------------------------------
// Writing

export const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Writes a project and its tables as a deterministic `.zip` (the same bytes as {@link streamArchive} gives). */
export function writeArchive(input: ArchiveInput): Uint8Array {
  const entries = archiveEntries(Object.entries(input.tables).map(([table, rows]) => ({ table, rows: rows.length })));
  return zipEntriesNow([
    { path: 'manifest.json', content: manifestJson(input.project, entries, input) },
    { path: 'project.json', content: projectJson(input.project) },
    ...entries.map((e) => ({ path: e.file, content: sortedJsonLines(e.table, input.tables[e.table]!) })),
  ]);
}

/** The manifest's table entries, in archive order; throws for a table name an archive cannot hold. */
export function archiveEntries(tables: readonly { table: string; rows: number }[]): ArchiveTableEntry[] {
  const sorted = [...tables].sort((a, b) => tableOrder(a.table, b.table));
  for (const { table } of sorted) {
    if (!TABLE_NAME.test(table) || table === 'project' || table === 'manifest')
      throw new Error(`"${table}" cannot be archived as a table name.`);
  }
  return sorted.map(({ table, rows }) => ({ table, file: archiveFileFor(table), rows }));
}

/** manifest.json's text. */
export function manifestJson(
  project: Project,
  entries: readonly ArchiveTableEntry[],
  meta: { appVersion: string; created: string },
): string {
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_VERSION,
    appVersion: meta.appVersion,
    created: meta.created,
    project: { id: project.id, name: project.name },
    schemaFingerprint: schemaFingerprint(project.schema),
    counts: Object.fromEntries(entries.map((e) => [e.table, e.rows])),
    tables: [...entries],
  };
  return `${JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2)}\n`;
}

/** project.json's text. */
export function projectJson(project: Project): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(project)), null, 2)}\n`;
}

/**
 * Writes the archive, then reads it back and checks it exactly as Restore does (every entry,
 * row and reference), and that every table and row written came back. Throws, naming what is
 * wrong, instead of handing out a backup that would not restore.
 */
export function writeVerifiedArchive(input: ArchiveInput): Uint8Array {
  const bytes = writeArchive(input);
  const read = readArchive('the new archive', bytes);
  if (!read.ok)
    throw new Error(`The backup was checked after writing and would not restore, so it was not saved: ${describeError(read.error)}`);
  for (const [table, rows] of Object.entries(input.tables)) {
    const back = read.value.tables[table]?.length ?? 0;
    if (back !== rows.length) {
      throw new Error(
        `The backup was checked after writing and is incomplete, so it was not saved: ${table} has ${rows.length} rows, the archive ${back}.`,
      );
    }
  }
  return bytes;
}

/** The rows as JSON lines (keys sorted), in the table's order. */
function sortedJsonLines(table: string, rows: readonly ArchiveRow[]): string {
  let out = '';
  for (const k of sortedRows(table, rows)) out += `${k.line}\n`;
  return out;
}

/**
 * The rows in the table's archive order, ties broken by the line itself, each with its line (made
 * only when asked for or needed to break a tie: rows ordered by id never tie).
 */
export function sortedRows(table: string, rows: readonly ArchiveRow[]): { row: ArchiveRow; readonly line: string }[] {
  const order = KNOWN_TABLES[table]?.order;
  const keyed = rows.map((row) => new SortedRow(row));
  keyed.sort((x, y) => (order ? order(x.row, y.row) : 0) || cmp(x.line, y.line));
  return keyed;
}

class SortedRow {
  private made: string | null = null;
  constructor(readonly row: ArchiveRow) {}
  get line(): string {
    return (this.made ??= canonicalJson(this.row));
  }
}

/** Known tables first in a fixed order, then the others by name. */
function tableOrder(a: string, b: string): number {
  const known = Object.keys(KNOWN_TABLES);
  const ia = known.indexOf(a);
  const ib = known.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? known.length : ia) - (ib < 0 ? known.length : ib);
  return cmp(a, b);
}

// ---------------------------------------------------------------------------------------------
// Reading

const timestamp = timestampShape;
const id = z.string().min(1, 'cannot be empty');

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT, { error: `must be "${ARCHIVE_FORMAT}"` }),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  created: timestamp,
  project: z.object({ id, name: z.string() }),
  schemaFingerprint: z.string(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  tables: z.array(
    z.object({
      table: z.string().regex(TABLE_NAME, 'must be a table name of letters, digits, - and _'),
      file: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*\.jsonl$/, 'must be a .jsonl entry at the top of the archive'),
      rows: z.number().int().nonnegative(),
    }),
  ),
});

/**
 * Reads and checks a project archive: the zip, the manifest, the project and every row of every
 * table, then the references between them (annotations point at documents of the project,
 * relations at annotations of their document, ranges lie inside their text). Never throws; an error
 * names the archive, the entry and the line. The zip is unpacked within `limits` (a zip bomb is
 * refused, naming what it would expand to, before it fills the memory).
 */
export function readArchive(name: string, bytes: Uint8Array, options: ReadArchiveOptions = {}): Result<ArchiveContents> {
  const onProgress = options.onProgress ?? (() => {});
  onProgress({ done: 0, total: 1, phase: `Unpacking ${name}…` });
  const unzipped = unzipCapped(bytes, options.limits ?? ARCHIVE_LIMITS);
  if (!unzipped.ok) return fail(name, unzipped.problem);
  const files = unzipped.files;
  const at = (entry: string) => `${name}: ${entry}`;
  const text = (entry: string): string | null => {
    const data = files[entry];
    return data ? strFromU8(data) : null;
  };
  /** A JSON entry checked against `schema`; `missing` says what it means that the entry is absent. */
  const jsonEntry = <S extends z.ZodType>(entry: string, schema: S, missing: string): Result<z.output<S>> => {
    const body = text(entry);
    if (body === null) return fail(name, missing);
    const json = parseJson(body);
    if (!json.ok) return fail(at(entry), `is not valid JSON (${json.problem}).`);
    const parsed = schema.safeParse(json.value);
    return parsed.success ? ok(parsed.data) : fail(at(entry), zodProblem(parsed.error));
  };

  const manifestRead = jsonEntry('manifest.json', manifestSchema, 'has no manifest.json: it is not a Claimscope project archive.');
  if (!manifestRead.ok) return manifestRead;
  const manifest = manifestRead.value as ArchiveManifest;
  if (manifest.formatVersion > ARCHIVE_VERSION) {
    return fail(
      at('manifest.json'),
      `was written by a newer Claimscope (archive version ${manifest.formatVersion}; this version reads up to ${ARCHIVE_VERSION}). Update Claimscope to restore it.`,
    );
  }

  const projectRead = jsonEntry('project.json', projectSchema, 'has no project.json.');
  if (!projectRead.ok) return projectRead;
  const project = projectRead.value as unknown as Project;
  if (project.id !== manifest.project.id) {
    return fail(at('project.json'), `holds project "${project.id}", but the manifest names project "${manifest.project.id}".`);
  }
  if (schemaFingerprint(project.schema) !== manifest.schemaFingerprint) {
    return fail(
      at('project.json'),
      'its schema does not match the fingerprint in manifest.json: the archive was changed after it was written.',
    );
  }

  const tables: Record<string, ArchiveRow[]> = {};
  const seenFiles = new Set<string>();
  const totalRows = manifest.tables.reduce((n, e) => n + e.rows, 0);
  let rowsDone = 0;
  for (const entry of manifest.tables) {
    onProgress({ done: rowsDone, total: totalRows, phase: `Checking ${entry.file}…` });
    rowsDone += entry.rows;
    if (entry.table in tables) return fail(at('manifest.json'), `lists the table "${entry.table}" twice.`);
    if (seenFiles.has(entry.file)) return fail(at('manifest.json'), `lists the entry ${entry.file} twice.`);
    seenFiles.add(entry.file);
    const expectedFile = archiveFileFor(entry.table);
    if (entry.file !== expectedFile)
      return fail(at('manifest.json'), `puts the table "${entry.table}" in ${entry.file}; it belongs in ${expectedFile}.`);
    const body = text(entry.file);
    if (body === null) return fail(name, `has no ${entry.file}, which its manifest lists.`);
    const known = KNOWN_TABLES[entry.table];
    const rows: ArchiveRow[] = [];
    // Line by line without splitting: 2^28 or more lines (a 256 MiB entry of blank lines) make
    // `split` exceed V8's array limit, which ends the process instead of throwing. Runs of empty
    // lines are stepped over a character at a time, without a string each.
    for (let i = 0, start = 0; start <= body.length; i++) {
      for (; body.charCodeAt(start) === 10; start++) i++;
      const end = body.indexOf('\n', start);
      const line = body.slice(start, end === -1 ? body.length : end);
      start = end === -1 ? body.length + 1 : end + 1;
      if (line.trim() === '') continue;
      const parsed = parseJson(line);
      if (!parsed.ok) return fail(at(entry.file), `is not valid JSON on this line (${parsed.problem}).`, i + 1);
      if (known) {
        const row = known.row.safeParse(parsed.value);
        if (!row.success) return fail(at(entry.file), zodProblem(row.error), i + 1);
        rows.push(row.data);
      } else {
        if (!isRecord(parsed.value)) return fail(at(entry.file), 'the line is not a JSON object.', i + 1);
        rows.push(parsed.value);
      }
      const pid = rows[rows.length - 1]!.projectId;
      if (pid !== undefined && pid !== project.id) {
        return fail(at(entry.file), `the row belongs to project "${String(pid)}", not to the archived project "${project.id}".`, i + 1);
      }
    }
    if (rows.length !== entry.rows) {
      return fail(
        at(entry.file),
        `holds ${rows.length} rows, but the manifest says ${entry.rows}: the archive is incomplete or was changed.`,
      );
    }
    tables[entry.table] = rows;
  }
  const references = checkReferences(name, tables, project.id);
  if (references) return references;
  return ok({ manifest, project, tables });
}

export interface ReadArchiveOptions {
  limits?: ArchiveLimits;
  /** Told before unpacking and before each table is checked (rows checked so far of all rows). */
  onProgress?: (p: { done: number; total: number; phase: string }) => void;
}

/** The archive's documents, annotations, relations and entities, for the exporters. */
export function datasetOfArchive(contents: ArchiveContents): Dataset {
  const t = contents.tables;
  return {
    project: contents.project,
    documents: (t.documents ?? []) as unknown as DocumentRecord[],
    annotations: (t.annotations ?? []) as unknown as Annotation[],
    relations: (t.relations ?? []) as unknown as Relation[],
    entities: (t.entities ?? []) as unknown as Entity[],
    documentAttributes: (t.documentAttributes ?? []).map((r) => ({
      documentId: String(r.documentId),
      layer: String(r.layer),
      values: r.values as Record<string, AttributeValue>,
    })),
    documentStatuses: (t.documentStatus ?? []).map((r) => ({
      documentId: String(r.documentId),
      annotator: String(r.annotator),
      status: String(r.status),
      updatedAt: String(r.updatedAt),
      ...(Array.isArray(r.overriddenProblems) ? { overriddenProblems: r.overriddenProblems as string[] } : {}),
    })),
    claimGroups: (t.claimGroups ?? []) as unknown as ClaimGroup[],
  };
}

/** Files in the archive other than the manifest, in the order the archive stores them. */
export function archiveEntryNames(bytes: Uint8Array): string[] {
  return Object.keys(unzipSync(bytes));
}

/** Reads one entry as text (for tests and tools that look inside an archive). */
export function archiveEntryText(bytes: Uint8Array, entry: string): string | null {
  const data = unzipSync(bytes, { filter: (f) => f.name === entry })[entry];
  return data ? strFromU8(data) : null;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    return { ok: false, problem: m.length > 120 ? `${m.slice(0, 117)}…` : m };
  }
}

export function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = formatIssuePath(issue.path);
  const message = /received undefined$/.test(issue.message) ? 'is missing' : issue.message;
  return where ? `field ${where}: ${message}.` : `${message}.`;
}

export function isRecord(v: unknown): v is ArchiveRow {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The project archive: written and restored from the database's tables (`renderer/src/db/archive.ts`). */
export const archiveFormat: FormatModule = {
  id: 'archive',
  help: 'Claimscope project archive (.zip): the whole project, restorable in the app',
  project: true,
  writes: [
    {
      id: 'archive',
      name: 'Project archive (.zip)',
      description:
        'A complete backup of the project — schema, documents, annotations, entities, history and every other table — that restores to an identical project.',
      suffix: '.claimscope.zip',
      filter: { name: 'Claimscope project archive', extensions: ['zip'] },
      mime: 'application/zip',
      selectable: false,
      carriesGroups: true,
      loses: () => ({ page: () => {}, notes: () => [] }),
    },
  ],
};
