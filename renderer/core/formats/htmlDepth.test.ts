import { describe, expect, it } from 'vitest';
import { htmlNestingDepth, MAX_HTML_DEPTH } from './htmlDepth.ts';

describe('htmlNestingDepth', () => {
  it('counts nested elements of a page', () => {
    expect(htmlNestingDepth('<html><body><article><div><p>Text <b>bold</b></p></div></article></body></html>')).toBe(5);
  });

  it('does not count void elements, implied end tags, comments or script text', () => {
    const html =
      '<div>' +
      '<p>a<br><img src=x>'.repeat(500) +
      '<!-- <div><div><div> -->' +
      '<script>if (a < b) { "<div>".repeat(9) }</script>' +
      '<li>x'.repeat(300) +
      '</div>';
    expect(htmlNestingDepth(html)).toBe(1);
  });

  it('stops as soon as a page passes the limit', () => {
    expect(htmlNestingDepth('<div>'.repeat(100_000))).toBe(MAX_HTML_DEPTH + 1);
  });

  it('is linear: a megabyte of flat markup is read at once', () => {
    const html = '<span>word</span> '.repeat(60_000);
    expect(htmlNestingDepth(html)).toBe(1);
  });
});
