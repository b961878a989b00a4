/**
 * CSV and TSV import: one document per row, the text from a chosen column, the title from another
 * (or the text's first sentence), chosen columns kept as metadata.
 *
 * - The delimiter is detected among comma, tab and semicolon (papaparse's guess over the first
 *   rows); a leading BOM is ignored; fields follow RFC 4180 (quotes, doubled quotes, line breaks
 *   inside quoted fields).
 * - The first row names the columns. Unnamed columns are called `column N`; a repeated name gets
 *   ` (2)`, ` (3)` … so every column can be chosen by name.
 * - Row numbers in messages count as a spreadsheet does: the header is row 1. Errors also give the
 *   file line where the row starts (rows with quoted line breaks span several lines).
 * - A row with a different number of fields than the header is an error; a blank line is a row
 *   without text. Rows without text are skipped with a warning naming them.
 */
import Papa from 'papaparse';
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { Block, Metadata } from '../model/types.ts';
import { fail, ok, type FormatWarning, type ImportedDocument, type Result } from './types.ts';
import { claimsCsvLoss, claimsCsvPages } from './claims-csv.ts';
import { type FormatModule } from './module.ts';
import { plural } from '../model/plural.ts';

const DELIMITERS = [',', '\t', ';'];
const PREVIEW_ROWS = 20;
const TITLE_MAX = 100;

export interface CsvPreview {
  columns: string[];
  /** The first 20 data rows, each padded to the number of columns. */
  rows: string[][];
  /** Number of data rows (the header not counted). */
  rowCount: number;
  /** `,`, `\t` or `;`. */
  delimiter: string;
}

export interface CsvImportOptions {
  textColumn: string;
  titleColumn?: string;
  /** Columns kept as metadata; by default every column other than the text and title columns. */
  metadataColumns?: string[];
}

interface Table {
  columns: string[];
  rows: { cells: string[]; row: number; line: number; blank: boolean }[];
  delimiter: string;
}

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon' : 'comma';
}

function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h.trim() === '' ? `column ${i + 1}` : h.trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function readTable(name: string, content: string): Result<Table> {
  const input = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (input.trim() === '') return fail(name, 'The file is empty.');
  const guess = Papa.parse<string[]>(input, { delimitersToGuess: DELIMITERS, skipEmptyLines: 'greedy', preview: 50 });
  const delimiter = DELIMITERS.includes(guess.meta.delimiter) ? guess.meta.delimiter : ',';

  const raw: { cells: string[]; start: number; errors: Papa.ParseError[] }[] = [];
  let start = 0;
  Papa.parse<string[]>(input, {
    delimiter,
    skipEmptyLines: false,
    step: (res) => {
      raw.push({ cells: res.data, start, errors: res.errors });
      start = res.meta.cursor;
    },
  });
  // The line break after the last row yields one empty row: not a row of the file.
  const lastRow = raw[raw.length - 1];
  if (raw.length > 1 && lastRow && lastRow.cells.length === 1 && lastRow.cells[0] === '' && lastRow.start >= input.length - 1) raw.pop();

  let line = 1;
  let scanned = 0;
  const lineAt = (offset: number): number => {
    for (; scanned < offset && scanned < input.length; scanned++) {
      const c = input.charCodeAt(scanned);
      if (c === 0x0a || (c === 0x0d && input.charCodeAt(scanned + 1) !== 0x0a)) line++;
    }
    return line;
  };

  const header = raw[0];
  if (!header) return fail(name, 'The file has no header row.');
  const columns = uniqueColumns(header.cells);
  const rows: Table['rows'] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const rowLine = lineAt(r.start);
    const err = r.errors[0];
    if (err) return fail(name, `Row ${i + 1}: ${err.message}.`, rowLine);
    if (i === 0) continue;
    const blank = r.cells.length === 1 && r.cells[0]!.trim() === '';
    if (!blank && r.cells.length !== columns.length) {
      return fail(
        name,
        `Row ${i + 1} has ${plural(r.cells.length, 'field')}, but the header has ${plural(columns.length, 'column')} (${delimiterName(delimiter)}-separated).`,
        rowLine,
      );
    }
    const cells = blank ? columns.map(() => '') : r.cells;
    rows.push({ cells, row: i + 1, line: rowLine, blank });
  }
  return ok({ columns, rows, delimiter });
}

/** The columns, the first 20 rows, the row count and the detected delimiter, for the import dialog. */
export function previewCsv(name: string, content: string): Result<CsvPreview> {
  const t = readTable(name, content);
  if (!t.ok) return t;
  const { columns, rows, delimiter } = t.value;
  return ok({ columns, rows: rows.slice(0, PREVIEW_ROWS).map((r) => r.cells), rowCount: rows.length, delimiter });
}

/**
 * A title from the text: its first sentence (up to `.`, `!` or `?` and any closing quotes, followed
 * by white space), with
 * white space collapsed, cut at a word boundary to at most 100 characters with `…` when cut.
 */
export function titleFromText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^.*?[.!?]["'”’»)\]]*(?=\s|$)/u.exec(flat);
  const sentence = m ? m[0] : flat;
  const chars = Array.from(sentence);
  if (chars.length <= TITLE_MAX) return sentence;
  const head = chars.slice(0, TITLE_MAX - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? head.slice(0, space) : head).replace(/[\s,;:]+$/, '')}…`;
}

const HEADLINE_MAX = 150;
/** A sentence end followed by two or more spaces: where a flattened paragraph ended. */
const FLATTENED_BREAK = /[.!?]["'”’»)\]]*( {2,})(?=\S)/g;

/** A first line that reads as a headline: short, and not a sentence running on (no final `.`, `,`, `:` or `;`). */
function isHeadline(line: string): boolean {
  return Array.from(line).length <= HEADLINE_MAX && !/[.,:;]["'”’»)\]]*$/.test(line);
}

/**
 * The structure of a cell's text. With line breaks: each non-blank line is a paragraph, and a
 * short first line followed by more text is the headline (and the document's title). On one line
 * (paragraph breaks flattened, as in the BBC corpus, where a sentence end followed by two or more
 * spaces is where a paragraph ended): one paragraph per such run.
 */
export function csvTextStructure(text: string): { title?: string; blocks: Block[] } {
  if (text.includes('\n')) {
    const blocks = paragraphBlocks(text);
    const first = blocks[0];
    if (blocks.length > 1 && first && isHeadline(text.slice(first.start, first.end))) {
      blocks[0] = { ...first, kind: 'headline' };
      return { title: text.slice(first.start, first.end).replace(/\s+/g, ' '), blocks };
    }
    return { blocks };
  }
  const blocks: Block[] = [];
  let start = 0;
  const push = (from: number, to: number) => {
    const [b] = paragraphBlocks(text.slice(from, to));
    if (b) blocks.push({ kind: 'paragraph', start: from + b.start, end: from + b.end });
  };
  for (const m of text.matchAll(FLATTENED_BREAK)) {
    const end = m.index + m[0].length - m[1]!.length;
    push(start, end);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return { blocks };
}

/**
 * One document per row with text in `textColumn`. The text is canonicalised (NFC, `\n` line ends)
 * and its structure recognised (headline, paragraphs: {@link csvTextStructure}); without a title
 * column the title is the headline, or else the text's first sentence.
 */
export function parseCsv(name: string, content: string, options: CsvImportOptions): Result<ImportedDocument[]> {
  const t = readTable(name, content);
  if (!t.ok) return t;
  const { columns, rows } = t.value;
  // A column's first place by its name: a header of many columns costs one pass, not a search per column.
  const firstAt = new Map<string, number>();
  columns.forEach((c, i) => firstAt.has(c) || firstAt.set(c, i));
  const indexOf = (col: string, role: string): Result<number> => {
    const i = firstAt.get(col);
    return i !== undefined
      ? ok(i)
      : fail(name, `There is no ${role} column "${col}". The columns are: ${columns.map((c) => `"${c}"`).join(', ')}.`);
  };
  const text = indexOf(options.textColumn, 'text');
  if (!text.ok) return text;
  let titleIndex = -1;
  if (options.titleColumn !== undefined) {
    const r = indexOf(options.titleColumn, 'title');
    if (!r.ok) return r;
    titleIndex = r.value;
  }
  const metaNames = options.metadataColumns ?? columns.filter((_, i) => i !== text.value && i !== titleIndex);
  const meta: [string, number][] = [];
  for (const m of metaNames) {
    const r = indexOf(m, 'metadata');
    if (!r.ok) return r;
    meta.push([m, r.value]);
  }

  const warnings: FormatWarning[] = [];
  const docs: ImportedDocument[] = [];
  for (const r of rows) {
    const body = canonicalizeText(r.cells[text.value] ?? '');
    if (body.trim() === '') {
      warnings.push({ file: name, line: r.line, message: `Row ${r.row} has no text in column "${options.textColumn}" and was skipped.` });
      continue;
    }
    const titleCell = titleIndex >= 0 ? (r.cells[titleIndex] ?? '').replace(/\s+/g, ' ').trim() : '';
    const metadata: Metadata = {};
    for (const [col, i] of meta) {
      const v = r.cells[i] ?? '';
      if (v.trim() !== '') metadata[col] = canonicalizeText(v);
    }
    const structure = csvTextStructure(body);
    docs.push({
      title: titleCell || structure.title || titleFromText(body),
      text: body,
      blocks: structure.blocks,
      metadata,
      annotations: [],
      relations: [],
      sourceFile: name,
    });
  }
  if (docs.length === 0) return fail(name, `No row has text in column "${options.textColumn}".`);
  return ok(docs, warnings);
}

/** Text-column candidates, most likely first. */
const TEXT_COLUMNS = ['text', 'body', 'content', 'article', 'article_text', 'full_text', 'story', 'document'];
const TITLE_COLUMNS = ['title', 'headline', 'heading', 'name', 'subject'];

/**
 * Default CSV options: a column named like `text`/`body`/`content` (any case), else the column
 * with the longest cells; a `title`/`headline` column as title; every other column as metadata.
 */
export function guessCsvOptions(preview: CsvPreview): CsvImportOptions {
  const lower = preview.columns.map((c) => c.toLowerCase());
  const named = TEXT_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0);
  let textIndex = named ?? -1;
  if (textIndex < 0) {
    let best = -1;
    preview.columns.forEach((_, i) => {
      const total = preview.rows.reduce((sum, r) => sum + (r[i]?.length ?? 0), 0);
      if (total > best) [best, textIndex] = [total, i];
    });
  }
  const textColumn = preview.columns[Math.max(textIndex, 0)] ?? '';
  const titleIndex = TITLE_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0 && preview.columns[i] !== textColumn);
  const titleColumn = titleIndex === undefined ? undefined : preview.columns[titleIndex];
  const metadataColumns = preview.columns.filter((c) => c !== textColumn && c !== titleColumn);
  return titleColumn === undefined ? { textColumn, metadataColumns } : { textColumn, titleColumn, metadataColumns };
}

export const csvFormat: FormatModule = {
  id: 'csv',
  help: 'input: a table with one document per row (--text-column); output: the claims table',
  reads: {
    detects: { csv: 'CSV', tsv: 'TSV' },
    extensions: { csv: ['csv'] },
    read: (input, options) => {
      const content = input.text();
      if (!content.ok) return content;
      const preview = previewCsv(input.name, content.value);
      if (!preview.ok) return preview;
      const csv = options.csv ?? guessCsvOptions(preview.value);
      const r = parseCsv(input.name, content.value, csv);
      if (!r.ok) return r;
      return { ok: true, value: { documents: r.value, csv: { preview: preview.value, options: csv } }, warnings: r.warnings };
    },
  },
  writes: [
    {
      id: 'claims-csv',
      name: 'Claims table (CSV)',
      description: 'One row per claim with its speakers, cue, source chain, attributes and document; opens in spreadsheets, R and pandas.',
      suffix: '-claims.csv',
      carriesGroups: true,
      pages: claimsCsvPages(),
      loses: claimsCsvLoss(),
    },
  ],
};
