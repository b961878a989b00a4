/**
 * Plain-text news articles. The text is kept exactly (after canonicalisation) and its lines become
 * blocks. The layout of wire-style articles is recognised:
 *
 *     Conflict & Justice                      ← section: short, no sentence punctuation
 *
 *     Russia defends arms sales to Syria …    ← headline (the document's title)
 *
 *     Russia defended itself against …        ← standfirst: one short paragraph before the body
 *
 *     Russia's foreign minister …             ← body paragraphs
 *
 * Any other text becomes paragraphs, titled by its first line.
 */
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { Block, Metadata } from '../model/types.ts';
import { fail, ok, type Result } from './types.ts';
import { fromText, type FormatModule } from './module.ts';

export interface ParsedArticle {
  title: string;
  /** `canonicalizeText(raw)`: every block offset refers to it. */
  text: string;
  blocks: Block[];
  metadata: Metadata;
}

const MAX_SECTION = 60;
const MAX_HEADLINE = 200;
const MAX_STANDFIRST = 400;
const MAX_TITLE = 120;

export function parseArticle(fileName: string, raw: string): Result<ParsedArticle> {
  if (raw.length === 0) return fail(fileName, 'The file is empty.');
  const nul = raw.indexOf('\u0000');
  if (nul !== -1) {
    const line = lineOf(raw, nul);
    return fail(fileName, 'This looks like a binary file, not text: it contains NUL bytes.', line);
  }
  const text = canonicalizeText(raw);
  const lines = trimBlocks(text, paragraphBlocks(text));
  if (lines.length === 0) return fail(fileName, 'The file contains only white space.');

  const slice = (b: Block) => text.slice(b.start, b.end);
  /** True when a blank line (or the end of the text) follows block i. */
  const blankAfter = (i: number) => {
    const next = lines[i + 1];
    const gap = text.slice(lines[i]!.end, next ? next.start : text.length);
    return next === undefined || gap.split('\n').length > 2;
  };

  const [section, headline, third] = lines;
  const isSection = section !== undefined && slice(section).length <= MAX_SECTION && !/[.!?…:;]/.test(slice(section)) && blankAfter(0);
  const isHeadline =
    isSection &&
    headline !== undefined &&
    lines.length >= 3 &&
    slice(headline).length <= MAX_HEADLINE &&
    !/\.$/.test(slice(headline)) &&
    blankAfter(1);

  const metadata: Metadata = { fileName };
  if (!isHeadline) {
    const first = slice(lines[0]!);
    const title = first.length <= MAX_TITLE ? first : baseName(fileName);
    return ok({ title, text, blocks: lines, metadata });
  }

  const isStandfirst = third !== undefined && lines.length >= 4 && slice(third).length <= MAX_STANDFIRST && blankAfter(2);
  const blocks: Block[] = lines.map((b, i) => ({
    kind: i === 0 ? 'section' : i === 1 ? 'headline' : i === 2 && isStandfirst ? 'standfirst' : 'paragraph',
    start: b.start,
    end: b.end,
  }));
  metadata.section = slice(section!);
  if (isStandfirst) metadata.standfirst = slice(third);
  return ok({ title: slice(headline), text, blocks, metadata });
}

/**
 * Trims every white-space character JavaScript knows (`\s`: also U+202F, U+2028, U+FEFF …) from
 * the blocks' edges, dropping blocks left empty.
 */
function trimBlocks(text: string, blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    let { start, end } = b;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ kind: b.kind, start, end });
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** `articles/ebbers.txt` → `ebbers`. */
function baseName(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export const txtFormat: FormatModule = {
  id: 'txt',
  help: 'plain text article (input only)',
  reads: {
    detects: { txt: 'Plain text' },
    read: (input) =>
      fromText(input, (text) => {
        const r = parseArticle(input.name, text);
        return r.ok ? { ...r, value: { ...r.value, annotations: [], relations: [], sourceFile: input.name } } : r;
      }),
  },
};
