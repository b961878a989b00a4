/**
 * HTML pages (saved news articles). The main text is found with Mozilla's Readability (the
 * Firefox Reader View algorithm), sanitised with DOMPurify, and read into blocks: `h1`–`h6` become
 * `heading` blocks; `p`, `li`, `blockquote`, `pre` lines, table cells, captions and other block
 * elements become `paragraph` blocks; white space inside a block is collapsed as a browser shows
 * it. Blocks are separated by a blank line. When Readability finds no article, the sanitised
 * `<body>` is read the same way.
 *
 * Metadata kept: `title` (Readability's, which drops a trailing site name), `byline`, `date`
 * (Readability's published time, else `article:published_time`, `<time datetime>`), `url`
 * (`<link rel=canonical>`, else `og:url`), `siteName`, `lang`, `excerpt`.
 *
 * This module stays free of any DOM: the caller passes one in ({@link HtmlDom}) — the renderer
 * the browser's `DOMParser` and `window`, Node code jsdom.
 */
import { Readability } from '@mozilla/readability';
import createDOMPurify from 'dompurify';
import { canonicalizeText } from '../model/text.ts';
import type { Block, BlockKind, Metadata } from '../model/types.ts';
import { titleFor } from './interchange.ts';
import { fail, ok, type FormatWarning, type ImportedDocument, type Result } from './types.ts';
import { fromText, type FormatModule } from './module.ts';
import { htmlNestingDepth, MAX_HTML_DEPTH } from './htmlDepth.ts';

/** The few DOM node members this module reads. */
export interface HtmlNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<HtmlNode>;
}

export interface HtmlElement extends HtmlNode {
  getAttribute(name: string): string | null;
}

export interface HtmlDocument {
  querySelector(selectors: string): HtmlElement | null;
  readonly body: HtmlElement | null;
  readonly title: string;
  readonly documentElement: HtmlElement | null;
}

/** A DOM to read HTML with: a parser and the window DOMPurify sanitises in. */
export interface HtmlDom {
  /** Parses a whole HTML page (the browser's `new DOMParser().parseFromString(html, 'text/html')`). */
  parseDocument(html: string): HtmlDocument;
  /** The `window` DOMPurify runs in (the browser's `window`; jsdom's `new JSDOM('').window`). */
  window: unknown;
}

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
  ...HEADINGS,
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'HEAD']);
const ELEMENT = 1;
const TEXT = 3;

type Purifier = { sanitize(html: string, config: Record<string, unknown>): unknown; isSupported: boolean };
const purifiers = new WeakMap<object, Purifier>();

function purifierFor(window: unknown): Purifier | null {
  if (typeof window !== 'object' || window === null) return null;
  let p = purifiers.get(window);
  if (!p) {
    p = (createDOMPurify as unknown as (w: unknown) => Purifier)(window);
    purifiers.set(window, p);
  }
  return p.isSupported ? p : null;
}

export function parseHtml(fileName: string, html: string, dom: HtmlDom): Result<ImportedDocument> {
  if (html.indexOf('\u0000') !== -1) return fail(fileName, 'This looks like a binary file, not HTML: it contains NUL bytes.');
  if (html.trim() === '') return fail(fileName, 'The file is empty.');
  if (htmlNestingDepth(html) > MAX_HTML_DEPTH) {
    return fail(fileName, `The page nests its elements more than ${MAX_HTML_DEPTH} deep, which no article does; it was not imported.`);
  }
  const purifier = purifierFor(dom.window);
  if (!purifier) return fail(fileName, 'HTML cannot be read here: no DOM is available to sanitise it.');
  try {
    return read(fileName, html, dom, purifier);
  } catch (e) {
    return fail(fileName, `The HTML could not be read (${(e as Error).message}).`);
  }
}

function read(fileName: string, html: string, dom: HtmlDom, purifier: Purifier): Result<ImportedDocument> {
  const page = dom.parseDocument(html);
  const warnings: FormatWarning[] = [];
  // Read what Readability may remove before it runs (it rewrites the document).
  const attr = (sel: string, name: string) => page.querySelector(sel)?.getAttribute(name)?.trim() || '';
  const url = attr('link[rel~="canonical"]', 'href') || attr('meta[property="og:url"]', 'content');
  const metaDate =
    attr('meta[property="article:published_time"]', 'content') ||
    attr('meta[name="date"]', 'content') ||
    attr('time[datetime]', 'datetime');
  const lang = page.documentElement?.getAttribute('lang')?.trim() || '';
  const pageTitle = (page.title || '').trim();

  const article = new Readability(page as never, { charThreshold: 100 }).parse();
  let body: string;
  if (article?.content) {
    body = article.content;
  } else {
    warnings.push({ file: fileName, message: 'No article was recognised in the page; its whole visible text was imported.' });
    body = html;
  }
  const clean = String(
    purifier.sanitize(body, { WHOLE_DOCUMENT: false, FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea'] }),
  );
  const cleanDoc = dom.parseDocument(`<!doctype html><html><body>${clean}</body></html>`);
  const pending = collectBlocks(cleanDoc.body);

  let text = '';
  const blocks: Block[] = [];
  for (const p of pending) {
    const t = canonicalizeText(p.text).trim();
    if (t === '') continue;
    if (text !== '') text += '\n\n';
    blocks.push({ kind: p.kind, start: text.length, end: text.length + t.length });
    text += t;
  }
  if (text === '') return fail(fileName, 'The page has no readable text.');

  const metadata: Metadata = { fileName };
  const title = clip(article?.title?.trim() || pageTitle);
  if (title) metadata['title'] = title;
  if (article?.byline?.trim()) metadata['byline'] = clip(article.byline.trim());
  const date = article?.publishedTime?.trim() || metaDate;
  if (date) metadata['date'] = date;
  if (url) metadata['url'] = url;
  if (article?.siteName?.trim()) metadata['siteName'] = article.siteName.trim();
  if (lang || article?.lang) metadata['lang'] = lang || article!.lang!;
  if (article?.excerpt?.trim()) metadata['excerpt'] = clip(article.excerpt.trim(), 500);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  return ok(
    {
      title: titleFor(text, title || (firstHeading ? text.slice(firstHeading.start, firstHeading.end) : undefined)),
      text,
      blocks,
      metadata,
      annotations: [],
      relations: [],
      sourceFile: fileName,
    },
    warnings,
  );
}

interface PendingBlock {
  kind: BlockKind;
  text: string;
}

/** Walks the sanitised article, one block per block-level element's own inline text. */
function collectBlocks(root: HtmlNode | null): PendingBlock[] {
  const out: PendingBlock[] = [];
  let buffer = '';
  let kind: BlockKind = 'paragraph';
  const flush = () => {
    const t = buffer.replace(/[ \t\n\r\f]+/g, ' ').trim();
    if (t) out.push({ kind, text: t });
    buffer = '';
    kind = 'paragraph';
  };
  const walk = (node: HtmlNode): void => {
    if (node.nodeType === TEXT) {
      buffer += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      buffer += '\n';
      flush();
      return;
    }
    if (name === 'PRE') {
      flush();
      for (const line of textOf(node).split(/\r\n|\r|\n/)) out.push({ kind: 'paragraph', text: line.trimEnd() });
      return;
    }
    if (name === 'IMG') {
      const alt = (node as HtmlElement).getAttribute('alt');
      if (alt) buffer += alt;
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!);
    if (block) {
      if (HEADINGS.has(name)) kind = 'heading';
      flush();
    }
  };
  if (root) walk(root);
  flush();
  return out.filter((b) => b.text.trim() !== '');
}

function textOf(node: HtmlNode): string {
  if (node.nodeType === TEXT) return node.nodeValue ?? '';
  let s = '';
  for (let i = 0; i < node.childNodes.length; i++) s += textOf(node.childNodes[i]!);
  return s;
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const htmlFormat: FormatModule = {
  id: 'html',
  help: 'HTML page, main text via Readability (input only)',
  reads: {
    detects: { html: 'HTML page' },
    extensions: { html: ['html', 'htm', 'xhtml'] },
    read: (input, options) => {
      const dom = options.html;
      if (!dom) return fail(input.name, 'HTML pages cannot be read here (no DOM is available).');
      return fromText(input, (text) => parseHtml(input.name, text, dom));
    },
  },
};
