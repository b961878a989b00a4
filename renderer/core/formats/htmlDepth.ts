/**
 * How deeply an HTML page nests its elements, read from the markup alone (no DOM), so a page that
 * would stall the parsers (Readability and DOMPurify take minutes on a few thousand nested
 * `<div>`s) is refused before any of them runs. Elements that never hold children (`<br>`,
 * `<img>` …) and those whose end tag a browser implies (`<p>`, `<li>`, table cells …) do not add
 * depth; comments and the text of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped.
 */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'keygen',
]);
const IMPLIED_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'optgroup',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'colgroup',
  'caption',
  'rb',
  'rt',
  'rp',
  'rtc',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext']);

/** Real news pages nest some tens of elements deep; past this the page is refused. */
export const MAX_HTML_DEPTH = 256;

/** The deepest nesting of the page's elements, or `limit + 1` as soon as it passes `limit`. */
export function htmlNestingDepth(html: string, limit = MAX_HTML_DEPTH): number {
  const tag = /<(!--|\/?)([a-zA-Z][^\s/>]*)?/g;
  let depth = 0;
  let deepest = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html)) !== null) {
    if (m[1] === '!--') {
      const end = html.indexOf('-->', tag.lastIndex);
      if (end === -1) break;
      tag.lastIndex = end + 3;
      continue;
    }
    const name = m[2]?.toLowerCase();
    if (!name) continue;
    const close = html.indexOf('>', tag.lastIndex);
    if (close === -1) break;
    const selfClosing = html[close - 1] === '/';
    tag.lastIndex = close + 1;
    if (m[1] === '/') {
      if (!VOID.has(name) && !IMPLIED_END.has(name) && depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, tag.lastIndex);
      if (end === -1) break;
      tag.lastIndex = end;
      continue;
    }
    if (VOID.has(name) || IMPLIED_END.has(name) || selfClosing) continue;
    depth++;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
  }
  return deepest;
}
