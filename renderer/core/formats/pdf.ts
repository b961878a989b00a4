/**
 * PDF articles: the text layer read with pdf.js, paragraphs rebuilt from where the text sits.
 *
 * pdf.js gives positioned text runs, not paragraphs. They are rebuilt per page:
 * 1. **Lines**: runs on the same baseline (within 40% of the font size) join into one line, with a
 *    space where the gap between runs is wider than a fifth of the font size.
 * 2. **Paragraphs**: a new paragraph starts where the gap to the previous line is more than 1.35×
 *    the page's usual line spacing, where the text moves up (a new column), where the font size
 *    changes by more than 10%, where a line is indented by more than 0.8 em against the line
 *    before, or after a short line (ending 3 em before the right margin) that ends a sentence.
 * 3. **Joining lines**: a line ending in a hyphen after a letter, followed by a line starting with
 *    a lower-case letter, is joined without the hyphen (`inter-` + `national` → `international`);
 *    a soft hyphen is dropped the same way; otherwise lines are joined with a space.
 * 4. A paragraph that runs over a page break (no sentence end, the next page starts lower-case in
 *    the same size) is joined. Lines that are only a page number (`3`, `Page 3 of 9`) at the top
 *    or bottom of a page are left out. Ligatures (`ﬁ`, `ﬂ` …) are written out as letters.
 *
 * Paragraphs set larger than the body text (by more than 15%) and under 200 characters are
 * `heading` blocks. The title is the PDF's Title metadata, else the largest text on the first page,
 * else the first line. Metadata kept: `author`, `subject`, `keywords`, `date` (creation date),
 * `pages`.
 *
 * pdf.js itself is passed in ({@link PdfJs}): the renderer's import worker passes the browser
 * build, Node code the legacy build, so this module loads nothing itself.
 */
import type { Block, BlockKind, Metadata } from '../model/types.ts';
import { titleFor } from './interchange.ts';
import { fail, ok, type FormatWarning, type ImportedDocument, type Result } from './types.ts';
import { documentsOf, type FormatModule } from './module.ts';

/** The parts of pdf.js's API this module uses (`import * as pdfjs from 'pdfjs-dist'`). */
export interface PdfJs {
  getDocument(src: {
    data: Uint8Array;
    isEvalSupported?: boolean;
    disableFontFace?: boolean;
    useSystemFonts?: boolean;
    stopAtErrors?: boolean;
    verbosity?: number;
  }): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}

interface PdfDocument {
  numPages: number;
  getMetadata(): Promise<{ info: unknown }>;
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }>; cleanup?(): unknown }>;
  destroy(): Promise<void>;
}

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  text: string;
  x: number;
  xEnd: number;
  y: number;
  size: number;
}

interface Paragraph {
  lines: Line[];
  size: number;
  page: number;
}

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};
const SENTENCE_END = /[.!?:…]["'”’»)\]]*$/u;
const PAGE_NUMBER = /^\s*(page\s+)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?\s*$/i;

export async function parsePdf(fileName: string, data: Uint8Array, pdfjs: PdfJs): Promise<Result<ImportedDocument>> {
  if (data.length === 0) return fail(fileName, 'The file is empty.');
  if (!hasPdfHeader(data)) return fail(fileName, 'This is not a PDF file: it does not start with "%PDF-".');
  let task: ReturnType<PdfJs['getDocument']> | null = null;
  try {
    // pdf.js may transfer the buffer to its worker; give it a copy so the caller's stays usable.
    task = pdfjs.getDocument({
      data: data.slice(),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    });
    const pdf = await task.promise;
    try {
      return await read(fileName, pdf);
    } finally {
      await pdf.destroy().catch(() => undefined);
    }
  } catch (e) {
    return fail(fileName, describePdfError(e));
  } finally {
    await task?.destroy().catch(() => undefined);
  }
}

function hasPdfHeader(data: Uint8Array): boolean {
  const limit = Math.min(data.length - 4, 1024);
  for (let i = 0; i < limit; i++) {
    if (data[i] === 0x25 && data[i + 1] === 0x50 && data[i + 2] === 0x44 && data[i + 3] === 0x46 && data[i + 4] === 0x2d) return true;
  }
  return false;
}

function describePdfError(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException') return 'The PDF is password-protected; remove the password and import it again.';
  if (name === 'InvalidPDFException') return `The PDF is damaged and cannot be read (${message}).`;
  return `The PDF could not be read (${message}).`;
}

async function read(fileName: string, pdf: PdfDocument): Promise<Result<ImportedDocument>> {
  const warnings: FormatWarning[] = [];
  const pages: Line[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(dropPageNumbers(toLines(toRuns(content.items))));
    page.cleanup?.();
  }
  const all = pages.flat();
  if (all.length === 0)
    return fail(fileName, 'The PDF has no text layer (it may be scanned pages); run text recognition (OCR) on it first.');
  const bodySize = mostCommonSize(all);
  const layout = documentLayout(pages, bodySize);

  const paragraphs: Paragraph[] = [];
  pages.forEach((lines, p) => {
    const pageParas = toParagraphs(lines, p, layout);
    const first = pageParas[0];
    const last = paragraphs[paragraphs.length - 1];
    if (first && last && continuesAcrossPage(last, first)) {
      last.lines.push(...first.lines);
      pageParas.shift();
    }
    paragraphs.push(...pageParas);
  });

  let text = '';
  const blocks: Block[] = [];
  const sizes: number[] = [];
  for (const para of paragraphs) {
    const t = joinLines(para.lines).normalize('NFC').trim();
    if (t === '') continue;
    const kind: BlockKind = para.size > bodySize * 1.15 && t.length < 200 ? 'heading' : 'paragraph';
    if (text !== '') text += '\n\n';
    blocks.push({ kind, start: text.length, end: text.length + t.length });
    sizes.push(para.page === 0 ? para.size : 0);
    text += t;
  }
  if (text === '') return fail(fileName, 'The PDF has no text layer (it may be scanned pages); run text recognition (OCR) on it first.');

  const info = (await pdf.getMetadata().catch(() => ({ info: {} }))).info as Record<string, unknown>;
  const str = (key: string) => (typeof info?.[key] === 'string' ? (info[key] as string).trim() : '');
  const metadata: Metadata = { fileName, pages: pdf.numPages };
  if (str('Author')) metadata['author'] = str('Author');
  if (str('Subject')) metadata['subject'] = str('Subject');
  if (str('Keywords')) metadata['keywords'] = str('Keywords');
  const date = pdfDate(str('CreationDate'));
  if (date) metadata['date'] = date;

  let title = str('Title');
  if (/^(untitled|document\d*)$/i.test(title)) title = '';
  if (title) {
    metadata['title'] = title;
  } else {
    const largest = Math.max(...sizes);
    const i = sizes.indexOf(largest);
    if (largest > bodySize * 1.15 && i >= 0) title = text.slice(blocks[i]!.start, blocks[i]!.end);
  }
  if (pages.some((p) => p.length === 0))
    warnings.push({
      file: fileName,
      message: `${pages.filter((p) => p.length === 0).length} of ${pages.length} pages have no text layer and were skipped.`,
    });
  return ok({ title: titleFor(text, title), text, blocks, metadata, annotations: [], relations: [], sourceFile: fileName }, warnings);
}

function toRuns(items: unknown[]): Run[] {
  const runs: Run[] = [];
  for (const item of items) {
    const it = item as { str?: unknown; transform?: unknown; width?: unknown; height?: unknown };
    if (typeof it.str !== 'string' || !Array.isArray(it.transform) || it.transform.length < 6) continue;
    const [, , c, d, e, f] = it.transform as number[];
    if (![c, d, e, f].every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
    const size = Math.hypot(c!, d!) || (typeof it.height === 'number' ? it.height : 0) || 1;
    const str = it.str.replace(/[\ufb00-\ufb06]/g, (l) => LIGATURES[l] ?? l).replace(/\u0000/g, '');
    if (str === '') continue;
    runs.push({ str, x: e!, y: f!, width: typeof it.width === 'number' && Number.isFinite(it.width) ? it.width : 0, size });
  }
  return runs;
}

function toLines(runs: Run[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  for (const r of runs) {
    const size = Math.max(r.size, cur?.size ?? 0);
    if (cur && Math.abs(r.y - cur.y) <= 0.4 * size && r.x >= cur.xEnd - size) {
      const gap = r.x - cur.xEnd;
      if (gap > 0.2 * size && !/\s$/.test(cur.text) && !/^\s/.test(r.str)) cur.text += ' ';
      cur.text += r.str;
      cur.xEnd = Math.max(cur.xEnd, r.x + r.width);
      if (r.str.trim() !== '') cur.size = Math.max(cur.size, r.size);
    } else {
      if (cur && cur.text.trim() !== '') lines.push(cur);
      cur = { text: r.str, x: r.x, xEnd: r.x + r.width, y: r.y, size: r.size };
    }
  }
  if (cur && cur.text.trim() !== '') lines.push(cur);
  for (const l of lines) l.text = l.text.replace(/\s+/g, ' ').trim();
  return lines.filter((l) => l.text !== '');
}

function dropPageNumbers(lines: Line[]): Line[] {
  return lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && lines.length > 1 && PAGE_NUMBER.test(l.text)));
}

function mostCommonSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.size * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best || 1;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const sameSize = (a: number, b: number) => Math.abs(a - b) <= 0.1 * Math.max(a, b);

interface Layout {
  /** The usual distance between two body lines (null when no two body lines follow each other). */
  spacing: number | null;
  rightMargin: number;
  bodySize: number;
}

/** Line spacing and right margin of the body text, measured over the whole document. */
function documentLayout(pages: Line[][], bodySize: number): Layout {
  const gaps: number[] = [];
  let rightMargin = 0;
  for (const lines of pages) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!sameSize(line.size, bodySize)) continue;
      rightMargin = Math.max(rightMargin, line.xEnd);
      const prev = lines[i - 1];
      const gap = prev ? prev.y - line.y : 0;
      if (prev && gap > 0 && sameSize(prev.size, bodySize)) gaps.push(gap);
    }
  }
  return { spacing: median(gaps), rightMargin, bodySize };
}

function toParagraphs(lines: Line[], page: number, layout: Layout): Paragraph[] {
  const rightMargin = layout.rightMargin || Math.max(...lines.map((l) => l.xEnd));
  const out: Paragraph[] = [];
  let cur: Paragraph | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prev = lines[i - 1];
    let breaks = !cur || !prev;
    if (cur && prev) {
      const gap = prev.y - line.y;
      const usual = layout.spacing !== null ? (layout.spacing * line.size) / layout.bodySize : 1.2 * line.size;
      breaks =
        gap <= 0 ||
        gap > usual * 1.35 ||
        !sameSize(prev.size, line.size) ||
        line.x - prev.x > 0.8 * line.size ||
        (prev.xEnd < rightMargin - 3 * prev.size && SENTENCE_END.test(prev.text));
    }
    if (breaks || !cur) {
      cur = { lines: [line], size: line.size, page };
      out.push(cur);
    } else {
      cur.lines.push(line);
    }
  }
  return out;
}

function continuesAcrossPage(last: Paragraph, next: Paragraph): boolean {
  const tail = last.lines[last.lines.length - 1]!.text;
  const head = next.lines[0]!.text;
  return sameSize(last.size, next.size) && !SENTENCE_END.test(tail) && /^\p{Ll}/u.test(head);
}

function joinLines(lines: Line[]): string {
  let out = '';
  for (const { text } of lines) {
    if (out === '') out = text;
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(text)) out = out.slice(0, -1) + text;
    else if (out.endsWith('\u00ad')) out = out.slice(0, -1) + text;
    else out += ` ${text}`;
  }
  return out.replace(/\u00ad/g, '');
}

/** `D:20120613101500+02'00'` → `2012-06-13`. */
function pdfDate(value: string): string {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value);
  if (!m) return '';
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}

export const pdfFormat: FormatModule = {
  id: 'pdf',
  help: 'PDF, text rebuilt into paragraphs (input only)',
  reads: {
    detects: { pdf: 'PDF' },
    read: async (input, options) => {
      if (!options.pdfjs) return fail(input.name, 'PDF files cannot be read here (no PDF reader is available).');
      return documentsOf(await parsePdf(input.name, input.data, options.pdfjs));
    },
  },
};
