/**
 * Markdown articles. The document's text is the **rendered plain text**, not the markup: `**Lavrov**
 * said` becomes `Lavrov said`, a link keeps its words and loses its URL, an image its alt text.
 * Every block offset refers to that plain text.
 *
 * - Headings become `heading` blocks; paragraphs, list items (without their bullets or numbers),
 *   block quotes and table-less content become `paragraph` blocks; each line of a fenced or
 *   indented code block is a paragraph of its own, kept verbatim. Blocks are separated by a blank
 *   line (`\n\n`). Soft line breaks inside a paragraph become spaces, hard breaks (`  \n`) too.
 * - Raw HTML blocks and thematic breaks carry no article text and are left out (raw HTML with a
 *   warning). Inline HTML tags are dropped, their text kept.
 * - YAML (`---`) or TOML (`+++`) front matter becomes metadata; YAML is read with the `yaml`
 *   package (scalars as they are, lists and maps as JSON text). Its `title` is the document's
 *   title; else the first level-1 heading; else the first heading; else the first line.
 *
 * Parsing is CommonMark via micromark (`mdast-util-from-markdown`), which accepts any input; its
 * emphasis is resolved in linear time by `markdown-emphasis.ts`.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { parse as parseYaml } from 'yaml';
import { canonicalizeText } from '../model/text.ts';
import type { Block, BlockKind, Metadata } from '../model/types.ts';
import { titleFor, toMetadataValue } from './interchange.ts';
import { fail, ok, type FormatWarning, type ImportedDocument, type Result } from './types.ts';
import { fromText, type FormatModule } from './module.ts';
import { linearEmphasis } from './markdown-emphasis.ts';
import { plural } from '../model/plural.ts';

/** The mdast node shapes this module reads (the package's own types need `@types/mdast`). */
interface MdNode {
  type: string;
  value?: string;
  alt?: string | null;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number } };
}

interface PendingBlock {
  kind: BlockKind;
  text: string;
  depth?: number;
}

export function parseMarkdown(fileName: string, raw: string): Result<ImportedDocument> {
  if (raw.indexOf('\u0000') !== -1) return fail(fileName, 'This looks like a binary file, not Markdown: it contains NUL bytes.');
  const source = canonicalizeText(raw);
  if (source.trim() === '') return fail(fileName, 'The file is empty.');
  if (markdownNestingDepth(source) > MAX_MARKDOWN_DEPTH) {
    return fail(
      fileName,
      `The Markdown nests block quotes or lists more than ${MAX_MARKDOWN_DEPTH} deep, which no article does; it was not imported.`,
    );
  }
  let tree: MdNode;
  try {
    tree = fromMarkdown(source, {
      extensions: [frontmatter(['yaml', 'toml']), linearEmphasis],
      mdastExtensions: [frontmatterFromMarkdown(['yaml', 'toml'])],
    }) as MdNode;
  } catch (e) {
    return fail(fileName, `The Markdown could not be read (${(e as Error).message}).`);
  }
  const warnings: FormatWarning[] = [];
  const metadata: Metadata = { fileName };
  const pending: PendingBlock[] = [];
  let htmlBlocks = 0;

  const visit = (node: MdNode): void => {
    switch (node.type) {
      case 'yaml':
        readYaml(fileName, node, metadata, warnings);
        return;
      case 'toml':
        readToml(node.value ?? '', metadata);
        return;
      case 'heading':
        pending.push({ kind: 'heading', text: inlineText(node), depth: node.depth ?? 1 });
        return;
      case 'paragraph':
        pending.push({ kind: 'paragraph', text: inlineText(node) });
        return;
      case 'code':
        for (const line of (node.value ?? '').split('\n')) pending.push({ kind: 'paragraph', text: line.trimEnd() });
        return;
      case 'html':
        if (stripTags(node.value ?? '').trim() !== '') htmlBlocks++;
        return;
      case 'thematicBreak':
      case 'definition':
        return;
      default:
        for (const child of node.children ?? []) visit(child);
    }
  };
  visit(tree);
  if (htmlBlocks > 0) {
    warnings.push({ file: fileName, message: `Left out ${plural(htmlBlocks, 'raw HTML block')}: only Markdown text is imported.` });
  }

  let text = '';
  const blocks: Block[] = [];
  for (const p of pending) {
    const t = p.text.normalize('NFC').trim();
    if (t === '') continue;
    if (text !== '') text += '\n\n';
    blocks.push({ kind: p.kind, start: text.length, end: text.length + t.length });
    text += t;
  }
  if (text === '') return fail(fileName, 'The Markdown has no text (only front matter, HTML or rules).');

  const headings = pending.filter((p) => p.kind === 'heading' && p.text.trim() !== '');
  const heading = headings.find((h) => h.depth === 1) ?? headings[0];
  const explicit = typeof metadata['title'] === 'string' && metadata['title'].trim() !== '' ? metadata['title'] : heading?.text.trim();
  return ok({ title: titleFor(text, explicit), text, blocks, metadata, annotations: [], relations: [], sourceFile: fileName }, warnings);
}

/**
 * Real Markdown nests block quotes and lists a few levels deep; past this a file is refused before
 * it is parsed (micromark's time grows with the square of the depth: 100,000 nested `> ` run for
 * minutes, and reading the tree that deep overflows the stack).
 */
export const MAX_MARKDOWN_DEPTH = 100;

const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The deepest block nesting any line could open, from the markup alone: the block-quote (`>`)
 * and list markers (`-`, `+`, `*`, `1.`, `1)`) at the line's start, each list marker also counting
 * the levels its indentation could sit in (two columns a level, a tab four columns). An upper
 * bound; `limit + 1` as soon as it passes `limit`.
 */
export function markdownNestingDepth(source: string, limit = MAX_MARKDOWN_DEPTH): number {
  let deepest = 0;
  let i = 0;
  while (i < source.length) {
    let depth = 0;
    let columns = 0;
    for (;;) {
      const c = source.charCodeAt(i);
      if (c === 32 || c === 9) {
        columns += c === 9 ? 4 : 1;
        i++;
      } else if (c === 62) {
        depth++;
        columns = 0;
        i++;
      } else if ((c === 45 || c === 43 || c === 42) && isBlank(source.charCodeAt(i + 1))) {
        depth += 1 + Math.floor(columns / 2);
        columns = 0;
        i++;
      } else if (isDigit(c)) {
        let j = i;
        while (j - i < 9 && isDigit(source.charCodeAt(j))) j++;
        const after = source.charCodeAt(j);
        if ((after !== 46 && after !== 41) || !isBlank(source.charCodeAt(j + 1))) break;
        depth += 1 + Math.floor(columns / 2);
        columns = 0;
        i = j + 1;
      } else break;
    }
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
    const next = source.indexOf('\n', i);
    if (next === -1) break;
    i = next + 1;
  }
  return deepest;
}

/**
 * The plain text of an inline container: words kept, markup dropped, line breaks as spaces. Walked
 * with a stack of its own: emphasis can nest as deep as the paragraph is long.
 */
function inlineText(node: MdNode): string {
  let out = '';
  const todo: MdNode[] = [node];
  for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
    switch (n.type) {
      case 'text':
      case 'inlineCode':
        out += n.value ?? '';
        break;
      case 'html':
        out += stripTags(n.value ?? '');
        break;
      case 'image':
      case 'imageReference':
        out += n.alt ?? '';
        break;
      case 'break':
        out += ' ';
        break;
      default:
        for (let i = (n.children ?? []).length - 1; i >= 0; i--) todo.push(n.children![i]!);
    }
  }
  return out.replace(/[ \t]*\n[ \t]*/g, ' ').replace(/ {2,}/g, ' ');
}

function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
}

function readYaml(fileName: string, node: MdNode, metadata: Metadata, warnings: FormatWarning[]): void {
  const line = node.position?.start.line;
  let data: unknown;
  try {
    data = parseYaml(node.value ?? '');
  } catch (e) {
    const message = `Left out the front matter: it is not valid YAML (${firstLine((e as Error).message)}).`;
    warnings.push(line === undefined ? { file: fileName, message } : { file: fileName, line, message });
    return;
  }
  if (data === null || data === undefined) return;
  if (typeof data !== 'object' || Array.isArray(data)) {
    warnings.push({ file: fileName, message: 'Left out the front matter: it is not a list of "key: value" fields.' });
    return;
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const v =
      value instanceof Date ? (Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10)) : toMetadataValue(value);
    if (v !== undefined) metadata[key] = v;
  }
}

/** Simple TOML front matter: `key = "value"` / `key = 12` lines; other lines are ignored. */
function readToml(source: string, metadata: Metadata): void {
  for (const line of source.split('\n')) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const rawValue = m[2]!;
    const quoted = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(rawValue);
    if (quoted) metadata[m[1]!] = quoted[1] !== undefined ? quoted[1].replace(/\\(.)/g, '$1') : quoted[2]!;
    else if (/^-?\d+(\.\d+)?$/.test(rawValue)) metadata[m[1]!] = Number(rawValue);
    else if (rawValue === 'true' || rawValue === 'false') metadata[m[1]!] = rawValue === 'true';
    else metadata[m[1]!] = rawValue;
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export const markdownFormat: FormatModule = {
  id: 'md',
  help: 'Markdown article (input only)',
  reads: {
    detects: { md: 'Markdown' },
    extensions: { md: ['md', 'markdown'] },
    read: (input) => fromText(input, (text) => parseMarkdown(input.name, text)),
  },
};
