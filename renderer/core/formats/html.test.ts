import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsdomDom } from './fixtures/html/jsdom-dom.ts';
import { parseHtml } from './html.ts';
import { describeError, type ImportedDocument } from './types.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/html/${name}`, import.meta.url), 'utf8');

function parsed(name: string, html: string): ImportedDocument {
  const r = parseHtml(name, html, jsdomDom);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

describe('parseHtml on a saved news page', () => {
  const r = parseHtml('lavrov.html', fixture('lavrov.html'), jsdomDom);
  const doc = parsed('lavrov.html', fixture('lavrov.html'));
  const blocks = doc.blocks.map((b) => [b.kind, doc.text.slice(b.start, b.end)]);

  it('keeps the article text and leaves out navigation, footer, scripts and styles', () => {
    expect(doc.text).toContain(
      "Russia's foreign minister Sergei Lavrov said on Wednesday that his country's arms sales to Syria were legal",
    );
    for (const gone of ['Home', 'All rights reserved', 'alert', 'tracking', 'font-family', 'Other story'])
      expect(doc.text).not.toContain(gone);
  });

  it('makes headings heading blocks and paragraphs and list items paragraphs, white space collapsed', () => {
    expect(blocks).toContainEqual(['heading', 'Helicopters in question']);
    expect(blocks).toContainEqual(['paragraph', 'Contracts predate the uprising, officials said on several occasions.']);
    expect(blocks).toContainEqual(['paragraph', 'No new weapons have been shipped this year, according to the ministry.']);
    expect(blocks).toContainEqual([
      'paragraph',
      "Russia's foreign minister Sergei Lavrov said on Wednesday that his country's arms sales to Syria were legal, and that Moscow was not supplying anything that could be used against peaceful demonstrators. 🚀",
    ]);
    expect(blocks).toContainEqual(['paragraph', 'Analysts said the dispute was likely to continue for some time.']);
    expect(blocks).toContainEqual(['paragraph', 'A second line after a break.']);
    expect(doc.text.split('\n\n')).toEqual(blocks.map(([, t]) => t));
  });

  it('keeps emoji intact with offsets on the UTF-16 text', () => {
    const i = doc.text.indexOf('👍🏽');
    expect(i).toBeGreaterThan(0);
    const block = doc.blocks.find((b) => b.start <= i && i < b.end)!;
    expect(doc.text.slice(block.start, block.end).endsWith('👍🏽')).toBe(true);
  });

  it('keeps title, byline, date, canonical URL and site name as metadata', () => {
    expect(doc.title).toBe('Russia defends arms sales to Syria');
    expect(doc.metadata).toMatchObject({
      title: 'Russia defends arms sales to Syria',
      byline: 'Jane Doe',
      date: '2012-06-13T10:00:00Z',
      url: 'https://news.example.com/world/russia-syria-arms',
      siteName: 'World Wire',
      lang: 'en',
      fileName: 'lavrov.html',
    });
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('falls back to og:url when there is no canonical link', () => {
    const html = fixture('lavrov.html').replace(/<link rel="canonical"[^>]*>/, '');
    expect(parsed('x.html', html).metadata['url']).toBe('https://news.example.com/og/russia-syria-arms');
  });
});

describe('parseHtml edge cases', () => {
  it('reads a page that is hardly an article, scripts left out', () => {
    const r = parseHtml('tiny.html', fixture('no-article.html'), jsdomDom);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.text).toBe('Short note.');
    expect(r.value.text).not.toContain('evil');
    expect(r.value.title).toBe('Tiny');
  });

  it('fails clearly on empty, text-less and binary input, and without a DOM', () => {
    const cases: [string, string][] = [
      ['', 'e.html: The file is empty.'],
      ['<html><body><script>x()</script></body></html>', 'e.html: The page has no readable text.'],
      ['<p>a\u0000b</p>', 'e.html: This looks like a binary file, not HTML: it contains NUL bytes.'],
    ];
    for (const [input, message] of cases) {
      const r = parseHtml('e.html', input, jsdomDom);
      expect(r.ok ? 'ok' : describeError(r.error)).toBe(message);
    }
    const noDom = parseHtml('e.html', '<p>x</p>', { parseDocument: jsdomDom.parseDocument, window: undefined });
    expect(noDom.ok ? 'ok' : describeError(noDom.error)).toBe('e.html: HTML cannot be read here: no DOM is available to sanitise it.');
  });

  it('never throws on arbitrary markup; blocks lie inside the text', () => {
    const piece = fc.constantFrom(
      '<p>',
      '</p>',
      '<h2>',
      '</h2>',
      '<br>',
      '<li>',
      '<script>',
      '</script>',
      '<pre>',
      '</pre>',
      'word ',
      '😀',
      'e\u0301',
      '\n',
      '<img alt="pic">',
      '&amp;',
      '<div>',
      '</div>',
      '<!--',
      '-->',
    );
    const html = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 30 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(html, (input) => {
        const r = parseHtml('p.html', input, jsdomDom);
        if (!r.ok) return;
        for (const b of r.value.blocks) {
          expect(b.start).toBeGreaterThanOrEqual(0);
          expect(b.end).toBeLessThanOrEqual(r.value.text.length);
          expect(b.end).toBeGreaterThan(b.start);
        }
        expect(r.value.text).not.toMatch(/<script/i);
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});
