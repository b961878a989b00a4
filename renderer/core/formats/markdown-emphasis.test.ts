import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { attention } from 'micromark-core-commonmark';
import type { Construct, Extension, Resolver } from 'micromark-util-types';
import { describe, expect, it } from 'vitest';
import { linearEmphasis, resolveAllEmphasis } from './markdown-emphasis.ts';
import { parseMarkdown } from './markdown.ts';

const withLinear = (s: string) => fromMarkdown(s, { extensions: [linearEmphasis] });

/**
 * The number of times `resolve` reads an element of the event list (micromark's own resolver or
 * this module's) while `unit` repeated n times, one paragraph, is parsed: the work it does.
 */
function readsOf(resolve: Resolver, source: string): number {
  let reads = 0;
  const counted: Construct = {
    name: 'attentionCounted',
    tokenize: attention.tokenize,
    resolveAll: (events, context) => {
      const proxy = new Proxy(events, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      resolve(proxy, context);
      return events;
    },
  };
  const extension: Extension = { disable: { null: ['attention'] }, text: { 42: counted, 95: counted }, insideSpan: { null: [counted] } };
  fromMarkdown(source, { extensions: [extension] });
  return reads;
}

// The inputs on which micromark's resolver does quadratic work: openers and closers that never
// meet, and emphasis nested as deep as the paragraph is long.
const QUADRATIC: [string, (n: number) => string][] = [
  ['`*a_ ` repeated', (n) => '*a_ '.repeat(n)],
  ['`*a _b ` repeated', (n) => '*a _b '.repeat(n) + 'b_ '.repeat(n)],
  ['`*a *a … a* a*`', (n) => '*a '.repeat(n) + 'a* '.repeat(n)],
];

describe('linear emphasis', () => {
  it('gives the tree micromark gives, positions included, on random emphasis-heavy Markdown', { timeout: 120_000 }, () => {
    const piece = fc.constantFrom(
      '*',
      '**',
      '***',
      '_',
      '__',
      '___',
      'a',
      'b c',
      ' ',
      '\n',
      '.',
      '[',
      '](x)',
      ']',
      '`',
      '\\*',
      '> ',
      '- ',
      '\n\n',
      '<em>',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
        (s) => {
          expect(withLinear(s)).toEqual(fromMarkdown(s));
        },
      ),
      { numRuns: 1000, seed: 20261206 },
    );
  });

  it('gives the same tree on the CommonMark cases for the rule of three, partial matches and links', () => {
    for (const s of [
      '*foo**bar**baz*',
      '*foo**bar*',
      '***foo***',
      'foo***bar***baz',
      '**foo*bar*baz**',
      '*a **b** c*',
      '_foo_bar_',
      '**a*b***',
      'a*_*',
      '*[a*](b)*',
    ]) {
      expect(withLinear(s), s).toEqual(fromMarkdown(s));
    }
  });

  it(
    'reads the event list in proportion to the paragraph where micromark reads it in proportion to its square',
    { timeout: 120_000 },
    () => {
      for (const [name, unit] of QUADRATIC) {
        const builtin = readsOf(attention.resolveAll!, unit(200)) / readsOf(attention.resolveAll!, unit(50));
        const linear = readsOf(resolveAllEmphasis, unit(200)) / readsOf(resolveAllEmphasis, unit(50));
        // Four times the input: about sixteen times the work for micromark, four times for this one.
        expect(builtin, name).toBeGreaterThan(10);
        expect(linear, name).toBeLessThan(5);
      }
    },
  );

  it('is what the Markdown importer reads with: 4,000 `*a_ ` come in with their text whole', () => {
    const source = '*a_ '.repeat(4000);
    const result = parseMarkdown('notes.md', source);
    expect(result.ok && result.value.text === source.trim()).toBe(true);
  });
});
