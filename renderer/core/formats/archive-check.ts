/**
 * Checking a project archive as it streams past, with bounded memory: the check a streamed
 * backup gets before it is reported as written (`readArchive` checks one held in memory, with
 * the same rules and sentences). Bytes are pushed in as they come; entries are inflated a piece
 * at a time within the limits (`ARCHIVE_LIMITS`), split into lines, and every line is parsed and
 * checked against its table's shape, the archived project, and the rows before it: documents are
 * kept as their text's length (or the text itself where it holds surrogate pairs, so a range
 * cutting an emoji is found), annotations as their document, relations as their ids. The archive's
 * entries must come in the order the archive writes them (manifest, project, then tables in the
 * manifest's order), which every archive Claimscope wrote does.
 */
import { DecodeUTF8 } from 'fflate';
import { ZipStream, type ZipStreamEntry } from './zip-stream.ts';
import { schemaFingerprint } from '../model/schema.ts';
import { validateRanges } from '../model/spans.ts';
import type { ClaimGroup, Project, Span } from '../model/types.ts';
import { ClaimGroupRows } from './archive-references.ts';
import { IdIndex } from './id-index.ts';
import {
  ARCHIVE_VERSION,
  archiveFileFor,
  checkHistory,
  isRecord,
  KNOWN_TABLES,
  manifestSchema,
  parseJson,
  projectSchema,
  zodProblem,
  type ArchiveManifest,
  type ArchiveRow,
} from './archive.ts';
import { fail, ok, type Result } from './types.ts';
import { MAX_ARCHIVE_LINE_CHARS, STREAMED_ARCHIVE_LIMITS, sizeText, type ArchiveLimits } from './archive-limits.ts';

/** What a streamed archive held, once checked. */
export interface CheckedArchive {
  manifest: ArchiveManifest;
  project: Project;
}

/** The longest manifest.json or project.json read (a schema is small). */
const MAX_HEAD_BYTES = 16 * 1024 * 1024;
/** Compressed bytes handed to the inflater at a time. */
const PIECE = 16 * 1024;
/** Inflated bytes decoded into text at a time. */
const TEXT_PIECE = 16 * 1024;

type Problem = { file: string; message: string; line?: number };

export class ArchiveStreamCheck {
  private readonly unzip: ZipStream;
  private problem: Problem | null = null;
  private entries = 0;
  private inflated = 0;
  private manifest: ArchiveManifest | null = null;
  private project: Project | null = null;
  /** Tables still to come, in the manifest's order. */
  private expected: ArchiveManifest['tables'] = [];
  private readonly finishedFiles = new Set<string>();
  /** Documents by id, each with its number: its text's length, or the text itself, is `docTexts[number]`. */
  private readonly docs = new IdIndex();
  private readonly docIds: string[] = [];
  private readonly docTexts: (number | string)[] = [];
  /** Annotations by id, each with its document's number. */
  private readonly annotations = new IdIndex();
  private readonly relations = new IdIndex();
  private readonly entities = new Set<string>();
  private readonly claimGroups = new ClaimGroupRows((id) => this.documentOf(id));
  /** A stand-in text of the document whose annotations are being checked (they come document by document). */
  private skeleton: { doc: number; text: string } | null = null;

  /**
   * `onRow` is handed each row once it passed every check (the restore writes them), with its
   * entry and line; rows come in the archive's order.
   */
  constructor(
    private readonly name: string,
    private readonly limits: ArchiveLimits = STREAMED_ARCHIVE_LIMITS,
    private readonly onRow?: (table: string, row: ArchiveRow, line: number) => void,
  ) {
    this.unzip = new ZipStream((file) => this.onFile(file));
  }

  /** Feeds the next bytes of the archive. */
  push(bytes: Uint8Array, final = false): void {
    if (this.problem) return;
    try {
      for (let i = 0; i < bytes.length && !this.problem; i += PIECE)
        this.unzip.push(bytes.subarray(i, i + PIECE), final && i + PIECE >= bytes.length);
      if (final && bytes.length === 0) this.unzip.push(bytes, true);
    } catch (e) {
      this.fail(this.name, `is not a readable zip archive (${e instanceof Error ? e.message : String(e)}).`);
    }
  }

  /** The manifest and project once both were read and checked (before any table's rows come). */
  head(): CheckedArchive | null {
    return this.manifest && this.project && !this.problem ? { manifest: this.manifest, project: this.project } : null;
  }

  /** The first problem found so far, naming the entry and line. */
  failure(): Result<never> | null {
    return this.problem ? fail(this.problem.file, this.problem.message, this.problem.line) : null;
  }

  /** True when an annotation with this id was among the rows so far. */
  hasAnnotation(id: string): boolean {
    return this.annotations.has(id);
  }

  /** The verdict once every byte was pushed (the last with `final`). */
  result(): Result<CheckedArchive> {
    if (this.problem) return fail(this.problem.file, this.problem.message, this.problem.line);
    if (!this.manifest) return fail(this.name, 'has no manifest.json: it is not a Claimscope project archive.');
    if (!this.project) return fail(this.name, 'has no project.json.');
    const missing = this.expected.find((e) => !this.finishedFiles.has(e.file));
    if (missing) return fail(this.name, `has no ${missing.file}, which its manifest lists.`);
    return ok({ manifest: this.manifest, project: this.project });
  }

  private fail(file: string, message: string, line?: number): void {
    this.problem ??= line === undefined ? { file, message } : { file, message, line };
  }

  private onFile(file: ZipStreamEntry) {
    if (this.problem) return;
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      this.fail(this.name, `holds more than ${this.limits.maxEntries} entries, more than a project archive may hold; it was not unpacked.`);
      return;
    }
    const reader = this.readerFor(file.name);
    if (!reader) return;
    const decoder = new DecodeUTF8((text, final) => {
      reader.text(text);
      if (final) reader.end();
    });
    file.ondata = (data, final) => {
      if (this.problem) return;
      this.inflated += data.length;
      if (this.inflated > this.limits.maxInflatedBytes) {
        this.fail(
          this.name,
          `expands to more than ${sizeText(this.limits.maxInflatedBytes)} when unpacked, more than the ${sizeText(this.limits.maxInflatedBytes)} a project archive may hold; it was not unpacked.`,
        );
        return;
      }
      // Decoded a slice at a time: text in small strings dies young, where one string per inflated
      // piece (often hundreds of kilobytes) would sit in the old generation until a full collection.
      for (let at = 0; at < data.length || (at === 0 && final); at += TEXT_PIECE) {
        decoder.push(data.subarray(at, at + TEXT_PIECE), final && at + TEXT_PIECE >= data.length);
      }
      if (final) this.finishedFiles.add(file.name);
    };
  }

  private at(entry: string): string {
    return `${this.name}: ${entry}`;
  }

  private readerFor(entry: string): { text(t: string): void; end(): void } | null {
    if (entry === 'manifest.json') return this.whole(entry, (text) => this.readManifest(text));
    if (entry === 'project.json') {
      if (!this.manifest) return this.refuse('the archive does not begin with manifest.json.');
      return this.whole(entry, (text) => this.readProject(text));
    }
    if (!this.project) return this.refuse(`${entry} comes before project.json.`);
    const next = this.expected.find((e) => !this.finishedFiles.has(e.file));
    if (!next || next.file !== entry) {
      if (this.expected.some((e) => e.file === entry)) return this.refuse(`${entry} is out of the order its manifest lists.`);
      return null; // Entries the manifest does not list are left alone, as readArchive does.
    }
    return this.lines(entry, next.table, next.rows);
  }

  private refuse(message: string): null {
    this.fail(this.name, message);
    return null;
  }

  private whole(entry: string, done: (text: string) => void): { text(t: string): void; end(): void } {
    let text = '';
    return {
      text: (t) => {
        text += t;
        if (text.length > MAX_HEAD_BYTES) this.fail(this.at(entry), 'is too large.');
      },
      end: () => {
        if (!this.problem) done(text);
      },
    };
  }

  private readManifest(text: string): void {
    const json = parseJson(text);
    if (!json.ok) return this.fail(this.at('manifest.json'), `is not valid JSON (${json.problem}).`);
    const parsed = manifestSchema.safeParse(json.value);
    if (!parsed.success) return this.fail(this.at('manifest.json'), zodProblem(parsed.error));
    const manifest = parsed.data as ArchiveManifest;
    if (manifest.formatVersion > ARCHIVE_VERSION) {
      return this.fail(
        this.at('manifest.json'),
        `was written by a newer Claimscope (archive version ${manifest.formatVersion}; this version reads up to ${ARCHIVE_VERSION}). Update Claimscope to restore it.`,
      );
    }
    const seen = new Set<string>();
    for (const e of manifest.tables) {
      if (seen.has(e.table)) return this.fail(this.at('manifest.json'), `lists the table "${e.table}" twice.`);
      seen.add(e.table);
      const expectedFile = archiveFileFor(e.table);
      if (e.file !== expectedFile) {
        return this.fail(this.at('manifest.json'), `puts the table "${e.table}" in ${e.file}; it belongs in ${expectedFile}.`);
      }
    }
    this.manifest = manifest;
    this.expected = manifest.tables;
  }

  private readProject(text: string): void {
    const json = parseJson(text);
    if (!json.ok) return this.fail(this.at('project.json'), `is not valid JSON (${json.problem}).`);
    const parsed = projectSchema.safeParse(json.value);
    if (!parsed.success) return this.fail(this.at('project.json'), zodProblem(parsed.error));
    const project = parsed.data as unknown as Project;
    if (project.id !== this.manifest!.project.id) {
      return this.fail(
        this.at('project.json'),
        `holds project "${project.id}", but the manifest names project "${this.manifest!.project.id}".`,
      );
    }
    if (schemaFingerprint(project.schema) !== this.manifest!.schemaFingerprint) {
      return this.fail(
        this.at('project.json'),
        'its schema does not match the fingerprint in manifest.json: the archive was changed after it was written.',
      );
    }
    this.project = project;
  }

  private lines(entry: string, table: string, rowsExpected: number): { text(t: string): void; end(): void } {
    let rest = '';
    let lineNo = 0;
    let rows = 0;
    const where = this.at(entry);
    const known = KNOWN_TABLES[table];
    const line = (text: string) => {
      lineNo += 1;
      if (this.problem || text.trim() === '') return;
      const parsed = parseJson(text);
      if (!parsed.ok) return this.fail(where, `is not valid JSON on this line (${parsed.problem}).`, lineNo);
      let row: ArchiveRow;
      if (known) {
        const checked = known.row.safeParse(parsed.value);
        if (!checked.success) return this.fail(where, zodProblem(checked.error), lineNo);
        row = checked.data;
      } else {
        if (!isRecord(parsed.value)) return this.fail(where, 'the line is not a JSON object.', lineNo);
        row = parsed.value;
      }
      rows += 1;
      const pid = row.projectId;
      if (pid !== undefined && pid !== this.project!.id) {
        return this.fail(where, `the row belongs to project "${String(pid)}", not to the archived project "${this.project!.id}".`, lineNo);
      }
      this.checkRow(table, row, where, lineNo);
      if (!this.problem) this.onRow?.(table, row, lineNo);
    };
    return {
      text: (t) => {
        rest += t;
        let from = 0;
        while (!this.problem) {
          for (; rest.charCodeAt(from) === 10; from++) lineNo += 1;
          const nl = rest.indexOf('\n', from);
          if (nl < 0) break;
          line(rest.slice(from, nl));
          from = nl + 1;
        }
        rest = rest.slice(from);
        if (rest.length > MAX_ARCHIVE_LINE_CHARS && !this.problem) {
          this.fail(
            where,
            `line ${lineNo + 1} is longer than ${sizeText(MAX_ARCHIVE_LINE_CHARS)}, more than a row of a project archive may hold.`,
          );
        }
      },
      end: () => {
        if (rest !== '') line(rest);
        if (!this.problem && rows !== rowsExpected) {
          this.fail(where, `holds ${rows} rows, but the manifest says ${rowsExpected}: the archive is incomplete or was changed.`);
        }
      },
    };
  }

  private checkRow(table: string, row: ArchiveRow, where: string, line: number): void {
    if (table === 'documents') {
      const id = String(row.id);
      if (this.docs.has(id)) return this.fail(where, `the document id "${id}" appears twice.`);
      const text = String(row.text);
      for (const [i, b] of (row.blocks as Span[]).entries()) {
        const problem = validateRanges(text, [b]);
        if (problem) return this.fail(where, `document "${id}", block ${i + 1}: ${problem}`);
      }
      this.docs.add(id, this.docIds.length);
      this.docIds.push(id);
      this.docTexts.push(/[\ud800-\udbff][\udc00-\udfff]/.test(text) ? text : text.length);
      return;
    }
    if (typeof row.documentId === 'string' && !this.docs.has(row.documentId)) {
      return this.fail(where, `the row belongs to document "${row.documentId}", which is not in the archive.`, line);
    }
    if (table === 'annotations') {
      const id = String(row.id);
      const doc = this.docs.get(String(row.documentId));
      if (!this.annotations.add(id, doc)) return this.fail(where, `the annotation id "${id}" appears twice.`, line);
      const problem = validateRanges(this.textOf(doc), row.ranges as Span[]);
      if (problem) return this.fail(where, `annotation "${id}": ${problem}`, line);
    } else if (table === 'relations') {
      const id = String(row.id);
      if (!this.relations.add(id)) return this.fail(where, `the relation id "${id}" appears twice.`, line);
      for (const end of [row.from, row.to]) {
        if (this.documentOf(String(end)) !== row.documentId) {
          return this.fail(
            where,
            `relation "${id}" (${String(row.type)}) points to annotation "${String(end)}", which is not an annotation of its document.`,
            line,
          );
        }
      }
    } else if (table === 'entities') {
      const id = String(row.id);
      if (this.entities.has(id)) return this.fail(where, `the entity id "${id}" appears twice.`, line);
      this.entities.add(id);
    } else if (table === 'claimGroups') {
      const problem = this.claimGroups.problem(row as unknown as ClaimGroup);
      if (problem) return this.fail(where, problem, line);
    } else if (table === 'operations') {
      const history = checkHistory(this.name, { operations: [row] }, this.project!.id, this.docs, line);
      if (history && !history.ok) this.problem ??= history.error;
    }
  }

  /** The document of an annotation of the archive, undefined for one it does not hold. */
  private documentOf(annotationId: string): string | undefined {
    const doc = this.annotations.get(annotationId);
    return doc < 0 ? undefined : this.docIds[doc];
  }

  /** The document's text, or a stand-in of its length when it holds no surrogate pair (ranges check the same). */
  private textOf(doc: number): string {
    const kept = this.docTexts[doc]!;
    if (typeof kept === 'string') return kept;
    if (this.skeleton?.doc !== doc) this.skeleton = { doc, text: ' '.repeat(kept) };
    return this.skeleton.text;
  }
}
