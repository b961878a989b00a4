/**
 * Streamed writing: an export is written a page of documents at a time into a byte sink, so
 * neither the project nor the file has to be in memory at once (issue #16: 100,000 documents and
 * 2,000,000 annotations).
 *
 * - A format's writer offers `pages(head)` (see {@link PageWriter}): it is handed each page of
 *   documents with their records, in order, and returns that page's text — or, for a zip format,
 *   that page's entries — then the end of the file. A writer whose head needs the whole selection
 *   (the W3C collection's `total`, the claims table's metadata columns) asks for a `prepass`: it
 *   sees every page once before the first is written. Cross-document state (running ids, file
 *   names in use) lives in the writer's closure; the output is the same as writing the whole
 *   dataset at once, whatever the page size.
 * - {@link ByteOutput} turns text and zip entries into byte chunks of at most `chunkBytes`,
 *   zipping entry by entry (`zip-write.ts`: fflate's deflate at level 6, fixed entry times: deterministic).
 * - Where the pages come from is the caller's: the app reads the database a page at a time
 *   (`renderer/src/features/export/loadDataset.ts`), the command line and the tests page a dataset
 *   held in memory ({@link pagesOf}).
 */
import { strToU8 } from 'fflate';
import type { ClaimGroup, Entity, Project } from '../model/types.ts';
import type { Dataset } from './types.ts';
import { ZipWriter, type ZipEntryWriter } from './zip-write.ts';

/** One file inside a zip export. */
export interface ZipEntry {
  path: string;
  content: string | Uint8Array;
}

/**
 * Text made part by part as it is read (a page of a format whose pages are large): each part is
 * encoded as it comes, so no part outlives its writing and the page's text is never held whole.
 * The parts are read to the end before the writer is asked for its next page or its end.
 */
export interface TextParts {
  parts: Iterable<string>;
}

/** What a page writes: text (whole, or in parts), or entries of a zip. */
export type Piece = string | TextParts | readonly ZipEntry[];

/** A piece's text, joined (a file written whole); null for zip entries. */
export function textOf(piece: Piece): string | null {
  if (typeof piece === 'string') return piece;
  return 'parts' in piece ? [...piece.parts].join('') : null;
}

/**
 * What every page shares: the project, its entities and its claim groups (project-level and few,
 * read whole; a group's members are narrowed to what the pages export).
 */
export interface ExportHead {
  project: Project;
  entities: readonly Entity[];
  claimGroups?: readonly ClaimGroup[];
}

/** The head of a dataset held in memory. */
export function headOf(dataset: Dataset): ExportHead {
  const head: ExportHead = { project: dataset.project, entities: dataset.entities ?? [] };
  if (dataset.claimGroups) head.claimGroups = dataset.claimGroups;
  return head;
}

export interface PageWriter {
  /** Called with every page before any is written, where the file's head depends on the whole selection. */
  prepass?(page: Dataset): void;
  /** The output of one page of documents (each with all its records), in order. */
  page(page: Dataset): Piece;
  /** The end of the file (a closing bracket, brat's annotation.conf …). */
  end(): Piece;
}

/** A page-writing export: what `FormatWriter.pages` returns a fresh one of per export. */
export type PageWriterFactory = (head: ExportHead) => PageWriter;

/** Where the bytes go: a file stream, a Blob being built, an array in a test. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void> | void;
}

type Encoder = { encodeInto(text: string, into: Uint8Array): { read: number; written: number } };
/** TextEncoder exists in browsers, workers and Node; it is looked up so core needs no DOM types. */
const NativeEncoder = (globalThis as { TextEncoder?: new () => Encoder }).TextEncoder;

/** Bytes of an entry written in parts that are deflated at a time. */
const DEFLATE_BYTES = 256 * 1024;

/** Chunks handed to the sink are at most this long (1 MiB). */
export const CHUNK_BYTES = 1 << 20;

/** Every zip entry's modification time: fixed, so equal content gives an equal zip (local time, as zip stores it). */
export const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Text or zip entries in, byte chunks of at most `chunkBytes` out. Text is encoded as UTF-8
 * straight into the chunk being filled (a character cut by a chunk boundary is encoded whole and
 * its bytes split), so a page's text is never held as bytes a second time; chunk boundaries fall
 * anywhere in the bytes.
 */
export class ByteOutput {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The chunk text is being encoded into, and how much of it is filled. */
  private fill: Uint8Array | null = null;
  private filled = 0;
  private readonly encoder = NativeEncoder ? new NativeEncoder() : null;
  private zip: ZipWriter | null = null;
  private finished = false;
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  /** Adds text (a text format) or zip entries (a zip format; the first call decides). */
  async add(piece: Piece): Promise<void> {
    if (typeof piece === 'string') {
      this.encode(piece);
    } else if ('parts' in piece) {
      for (const part of piece.parts) {
        this.encode(part);
        if (this.pendingBytes >= this.chunkBytes) await this.drain(false);
      }
    } else {
      for (const entry of piece) this.addEntry(entry);
    }
    await this.drain(false);
  }

  /** Adds one zip entry, deflated as it is pushed. */
  addEntry(entry: ZipEntry): void {
    this.newEntry(entry.path).push(typeof entry.content === 'string' ? strToU8(entry.content) : entry.content, true);
  }

  /** Opens a zip entry whose content comes in parts (a table's rows); `end` closes it. */
  openEntry(path: string): { push(text: string): void; end(): void } {
    const file = this.newEntry(path);
    // Deflated DEFLATE_BYTES at a time: every push ends a block, and small blocks compress worse.
    let parts: Uint8Array[] = [];
    let bytes = 0;
    return {
      push: (text) => {
        if (text === '') return;
        const part = strToU8(text);
        parts.push(part);
        bytes += part.length;
        if (bytes < DEFLATE_BYTES) return;
        file.push(concatBytes(parts), false);
        parts = [];
        bytes = 0;
      },
      end: () => file.push(concatBytes(parts), true),
    };
  }

  private newEntry(path: string): ZipEntryWriter {
    this.fillDone();
    this.zip ??= new ZipWriter((data) => this.buffer(data), ENTRY_TIME);
    return this.zip.entry(path);
  }

  /** Encodes text into chunk-sized buffers, each buffered when full. */
  private encode(text: string): void {
    if (this.encoder === null) {
      this.fillDone();
      if (text !== '') this.buffer(strToU8(text));
      return;
    }
    let at = 0;
    while (at < text.length) {
      if (this.fill === null) {
        this.fill = new Uint8Array(this.chunkBytes);
        this.filled = 0;
      }
      const { read, written } = this.encoder.encodeInto(at === 0 ? text : text.slice(at), this.fill.subarray(this.filled));
      at += read;
      this.filled += written;
      if (read === 0) {
        // The next character does not fit in what is left of the chunk: its bytes go on into the next.
        const units = text.codePointAt(at)! > 0xffff ? 2 : 1;
        for (const byte of strToU8(text.slice(at, at + units))) {
          if (this.filled === this.fill!.length) this.fillDone();
          this.fill ??= new Uint8Array(this.chunkBytes);
          this.fill[this.filled++] = byte;
        }
        at += units;
      }
      if (this.filled === this.fill!.length) this.fillDone();
    }
  }

  /** Buffers the chunk being filled (its filled part). */
  private fillDone(): void {
    if (this.fill === null) return;
    this.buffer(this.filled === this.fill.length ? this.fill : this.fill.subarray(0, this.filled));
    this.fill = null;
    this.filled = 0;
  }

  /** Hands over what is buffered in whole chunks (all of it when `all`). */
  async drain(all: boolean): Promise<void> {
    if (all) this.fillDone();
    while (this.pendingBytes >= this.chunkBytes || (all && this.pendingBytes > 0)) {
      const chunk = this.take(Math.min(this.chunkBytes, this.pendingBytes));
      this.written += chunk.length;
      await this.sink.write(chunk);
    }
  }

  /** Ends the zip (if any) and hands over the rest. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.zip?.end();
    await this.drain(true);
  }

  private buffer(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private take(n: number): Uint8Array {
    const first = this.pending[0]!;
    if (first.length === n) {
      this.pending.shift();
      this.pendingBytes -= n;
      return first;
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const head = this.pending[0]!;
      const use = Math.min(head.length, n - at);
      out.set(head.subarray(0, use), at);
      at += use;
      if (use === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(use);
    }
    this.pendingBytes -= n;
    return out;
  }
}

/** A dataset split into pages of `size` documents, each with its own records (for the CLI and tests). */
export function* pagesOf(dataset: Dataset, size: number): Generator<Dataset> {
  const byDoc = <T extends { documentId: string }>(items: readonly T[] | undefined) => {
    const map = new Map<string, T[]>();
    for (const item of items ?? []) {
      const list = map.get(item.documentId);
      if (list) list.push(item);
      else map.set(item.documentId, [item]);
    }
    return map;
  };
  const annotations = byDoc(dataset.annotations);
  const relations = byDoc(dataset.relations);
  const attributes = dataset.documentAttributes ? byDoc(dataset.documentAttributes) : null;
  const statuses = dataset.documentStatuses ? byDoc(dataset.documentStatuses) : null;
  for (let i = 0; i < dataset.documents.length || i === 0; i += size) {
    const documents = dataset.documents.slice(i, i + size);
    const page: Dataset = {
      project: dataset.project,
      documents,
      annotations: documents.flatMap((d) => annotations.get(d.id) ?? []),
      relations: documents.flatMap((d) => relations.get(d.id) ?? []),
    };
    if (dataset.entities) page.entities = dataset.entities;
    if (attributes) page.documentAttributes = documents.flatMap((d) => attributes.get(d.id) ?? []);
    if (statuses) page.documentStatuses = documents.flatMap((d) => statuses.get(d.id) ?? []);
    yield page;
  }
}

/** How a file's items are joined: what comes before the first, between two, after the last, and for none. */
export interface ItemJoin {
  open: string;
  separator: string;
  close: string;
  empty: string;
  /** Put after every line break inside an item. */
  indent?: string;
}

/** One item a line (JSON Lines). */
export const JSON_LINES: ItemJoin = { open: '', separator: '\n', close: '\n', empty: '' };
/** A JSON array on one line. */
export const JSON_ARRAY: ItemJoin = { open: '[', separator: ',', close: ']\n', empty: '[]\n' };
/** A JSON array with an item a line, indented as `JSON.stringify(items, null, 2)` (items given as `JSON.stringify(item, null, 2)`). */
export const JSON_ARRAY_INDENTED: ItemJoin = { open: '[\n  ', separator: ',\n  ', close: '\n]\n', empty: '[]\n', indent: '  ' };

/**
 * Items joined as `join` says, written as they come (a page at a time): `item` gives the text to
 * write for the next one, `count` how many came before, `end` the file's last text.
 */
export function joinedItems(join: ItemJoin) {
  const indent = join.indent === undefined ? null : `\n${join.indent}`;
  let count = 0;
  return {
    get count() {
      return count;
    },
    item(text: string): string {
      return (count++ === 0 ? join.open : join.separator) + (indent === null ? text : text.replace(/\n/g, indent));
    },
    end: (): string => (count === 0 ? join.empty : join.close),
  };
}

/** A page writer's file for a dataset held whole (one page): its text, or its zip's bytes. */
export function writeWhole(pages: PageWriterFactory, dataset: Dataset): string | Uint8Array {
  const writer = pages(headOf(dataset));
  writer.prepass?.(dataset);
  const pieces = [writer.page(dataset), writer.end()];
  const texts = pieces.map(textOf);
  if (texts.every((t) => t !== null)) return texts.join('');
  return zipEntriesNow(pieces.flatMap((p) => (typeof p === 'string' || 'parts' in p ? [] : p)));
}

/** Zips entries at once, exactly as {@link ByteOutput} streams them. */
export function zipEntriesNow(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new ZipWriter((data) => parts.push(data), ENTRY_TIME);
  for (const entry of entries) zip.entry(entry.path).push(typeof entry.content === 'string' ? strToU8(entry.content) : entry.content, true);
  zip.end();
  return concatBytes(parts);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
