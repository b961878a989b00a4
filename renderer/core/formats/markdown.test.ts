import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_DEPTH, markdownNestingDepth, parseMarkdown } from './markdown.ts';
import { describeError, type ImportedDocument } from './types.ts';

const FIXTURE = readFileSync(new URL('./fixtures/markdown/lavrov.md', import.meta.url), 'utf8');

function parsed(name: string, input: string): ImportedDocument {
  const r = parseMarkdown(name, input);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

describe('parseMarkdown on an article with front matter, lists, code and emoji', () => {
  const r = parseMarkdown('lavrov.md', FIXTURE);
  const doc = parsed('lavrov.md', FIXTURE);
  const blocks = doc.blocks.map((b) => [b.kind, doc.text.slice(b.start, b.end)]);

  it('keeps the rendered text, not the markup', () => {
    expect(doc.text).not.toMatch(/\*\*|\]\(|`|^#/m);
    expect(doc.text).toContain(
      "Russia's foreign minister Sergei Lavrov said on Wednesday that his country's arms sales to Syria were legal.",
    );
  });

  it('makes headings heading blocks and paragraphs, list items, quotes and code lines paragraphs', () => {
    expect(blocks).toEqual([
      ['heading', 'Russia defends arms sales 🚀'],
      ['paragraph', "Russia's foreign minister Sergei Lavrov said on Wednesday that his country's arms sales to Syria were legal."],
      ['heading', 'What he said'],
      ['paragraph', 'Moscow is not supplying helicopters'],
      ['paragraph', 'The deals are old ones'],
      ['paragraph', 'First point'],
      ['paragraph', 'Second point 👍🏽'],
      ['paragraph', '"We are not violating any international law," Lavrov said.'],
      ['paragraph', 'code line one'],
      ['paragraph', 'code line two'],
      ['paragraph', 'Final paragraph with an image a tank in it.'],
    ]);
  });

  it('separates blocks by one blank line, so offsets index the plain text', () => {
    expect(doc.text.split('\n\n')).toEqual(blocks.map(([, t]) => t));
  });

  it('reads YAML front matter into metadata and takes its title', () => {
    expect(doc.title).toBe('Russia defends arms sales to Syria');
    expect(doc.metadata).toMatchObject({
      title: 'Russia defends arms sales to Syria',
      author: 'Jane Doe',
      date: '2012-06-13',
      tags: '["russia","syria"]',
      fileName: 'lavrov.md',
    });
  });

  it('warns about the raw HTML block it left out', () => {
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual(['Left out 1 raw HTML block: only Markdown text is imported.']);
  });
});

describe('parseMarkdown titles and errors', () => {
  it('takes the first level-1 heading as title when there is no front matter', () => {
    expect(parsed('a.md', '## Intro\n\n# Main title\n\ntext').title).toBe('Main title');
  });

  it('falls back to the first line without headings', () => {
    expect(parsed('a.md', 'Just *one* line.').title).toBe('Just one line.');
  });

  it('reads TOML front matter', () => {
    const d = parsed('t.md', '+++\ntitle = "Toml title"\nyear = 2020\n+++\n\nBody');
    expect(d.metadata).toMatchObject({ title: 'Toml title', year: 2020 });
    expect(d.text).toBe('Body');
  });

  it('keeps the text when the front matter is broken, with a warning naming the line', () => {
    const r = parseMarkdown('b.md', '---\ntitle: [unclosed\n---\n\nBody text');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.text).toBe('Body text');
    expect(r.warnings[0]?.message).toMatch(/not valid YAML/);
  });

  it('fails on empty files, markup without text and binary data, naming the file', () => {
    for (const [input, message] of [
      ['   \n\n', 'The file is empty.'],
      ['---\ntitle: x\n---\n\n***\n', 'The Markdown has no text (only front matter, HTML or rules).'],
      ['abc\u0000def', 'This looks like a binary file, not Markdown: it contains NUL bytes.'],
    ] as const) {
      const r = parseMarkdown('x.md', input);
      expect(r.ok ? 'ok' : describeError(r.error)).toBe(`x.md: ${message}`);
    }
  });

  it('refuses block quotes and lists nested past the limit, naming the file, before parsing them', () => {
    // Found by the importer fuzz: 10,000 nested `> ` threw "Maximum call stack size exceeded" and
    // 100,000 kept the parser busy for minutes; lists nested by indentation slow it the same way.
    const refusal = `deep.md: The Markdown nests block quotes or lists more than ${MAX_MARKDOWN_DEPTH} deep, which no article does; it was not imported.`;
    const indented = Array.from({ length: 2_000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
    for (const input of [
      '> '.repeat(100_000) + 'x',
      '- '.repeat(10_000) + 'x',
      '1) '.repeat(500),
      indented,
      'Intro\n\n' + '>'.repeat(101) + ' x',
    ]) {
      const r = parseMarkdown('deep.md', input);
      expect(r.ok ? 'ok' : describeError(r.error)).toBe(refusal);
    }
  });

  it('reads nesting up to the limit, and counts only markers at the start of a line', () => {
    const quotes = parsed('q.md', '> '.repeat(MAX_MARKDOWN_DEPTH) + 'Deep quote');
    expect(quotes.text).toBe('Deep quote');
    const list = ['- one', '  - two', '    - three', '', '1. first', '2. second'].join('\n');
    expect(markdownNestingDepth(list)).toBe(3);
    expect(parsed('l.md', list).text).toBe('one\n\ntwo\n\nthree\n\nfirst\n\nsecond');
    expect(markdownNestingDepth('Prices fell - sharply - > 20% in 2012. Then 3. rose\n\n* * *')).toBe(3);
    expect(markdownNestingDepth('a - '.repeat(5_000))).toBe(0);
  });

  it('reads emphasis nested as deep as the paragraph is long, keeping its words', { timeout: 120_000 }, () => {
    // 50,000 nested `*a … a*` threw "Maximum call stack size exceeded" while the text was read.
    const n = 50_000;
    expect(parsed('nested.md', '*a '.repeat(n) + 'a* '.repeat(n)).text).toBe('a '.repeat(2 * n).trim());
  });

  it('normalises to NFC and CRLF to LF', () => {
    const d = parsed('n.md', 'Cafe\u0301 one\r\n\r\nTwo');
    expect(d.text).toBe('Caf\u00e9 one\n\nTwo');
  });
});

describe('parseMarkdown properties', () => {
  it('never throws; blocks lie inside the text, in order, trimmed and non-empty', () => {
    const piece = fc.constantFrom(
      '# ',
      '## ',
      '- ',
      '1. ',
      '> ',
      '**',
      '*',
      '`',
      '```\n',
      '---\n',
      '[a](b)',
      '![x](y)',
      '<b>',
      '</b>',
      '\n',
      '\n\n',
      '  \n',
      'word',
      '😀',
      'e\u0301',
      ' ',
      '+++\n',
      'title: x\n',
    );
    const md = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 40 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(md, (input) => {
        const r = parseMarkdown('p.md', input);
        if (!r.ok) {
          expect(r.error.file).toBe('p.md');
          return;
        }
        const { text, blocks } = r.value;
        let last = 0;
        for (const b of blocks) {
          expect(b.start).toBeGreaterThanOrEqual(last);
          expect(b.end).toBeLessThanOrEqual(text.length);
          expect(b.end).toBeGreaterThan(b.start);
          expect(text.slice(b.start, b.end).trim()).toBe(text.slice(b.start, b.end));
          last = b.end;
        }
        expect(text.normalize('NFC')).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});
