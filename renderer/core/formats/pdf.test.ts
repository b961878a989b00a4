import fc from 'fast-check';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { ARTICLE_PAGES, makePdf } from './fixtures/pdf/make-pdf.ts';
import { parsePdf, type PdfJs } from './pdf.ts';
import { describeError, type ImportedDocument } from './types.ts';

const lib = pdfjs as unknown as PdfJs;

async function parsed(name: string, data: Uint8Array): Promise<ImportedDocument> {
  const r = await parsePdf(name, data, lib);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

describe('parsePdf on a two-page article', async () => {
  const data = await makePdf(ARTICLE_PAGES, { author: 'Jane Doe', created: new Date('2012-06-13T10:00:00Z') });
  const doc = await parsed('lavrov.pdf', data);
  const blocks = doc.blocks.map((b) => [b.kind, doc.text.slice(b.start, b.end)]);

  it('rebuilds paragraphs from line positions, joins hyphenated words and paragraphs across the page break', () => {
    expect(blocks).toEqual([
      ['heading', 'Russia defends arms sales to Syria'],
      [
        'paragraph',
        "Russia's foreign minister Sergei Lavrov said on Wednesday that his country's arms sales to Syria were legal and did not break any international agreement, officials in Moscow said.",
      ],
      ['paragraph', 'Analysts in Washington disagreed with the minister and said the helicopters could be used against civilians.'],
      ['heading', 'Helicopters in question'],
      [
        'paragraph',
        'The United States had accused Russia of sending attack helicopters to the Syrian government, a claim that the Kremlin rejected as a misunderstanding of old repair contracts.',
      ],
      ['paragraph', 'The dispute is likely to continue.'],
    ]);
    expect(doc.text.split('\n\n')).toEqual(blocks.map(([, t]) => t));
  });

  it('takes the largest first-page text as title without Title metadata, and keeps author, date and page count', () => {
    expect(doc.title).toBe('Russia defends arms sales to Syria');
    expect(doc.metadata).toMatchObject({ author: 'Jane Doe', date: '2012-06-13', pages: 2, fileName: 'lavrov.pdf' });
  });

  it("leaves the caller's bytes usable", () => {
    expect(data.length).toBeGreaterThan(500);
    expect(String.fromCharCode(...data.slice(0, 5))).toBe('%PDF-');
  });
});

describe('parsePdf titles and errors', () => {
  it('prefers the Title metadata', async () => {
    const doc = await parsed('t.pdf', await makePdf([[{ text: 'Body text only.' }]], { title: 'From metadata' }));
    expect(doc.title).toBe('From metadata');
    expect(doc.metadata['title']).toBe('From metadata');
  });

  it('fails with the file name on non-PDF, damaged and text-less files', async () => {
    const empty = await makePdf([[]]);
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(), 'x.pdf: The file is empty.'],
      [new TextEncoder().encode('just some text, not a pdf'), 'x.pdf: This is not a PDF file: it does not start with "%PDF-".'],
      [empty, 'x.pdf: The PDF has no text layer (it may be scanned pages); run text recognition (OCR) on it first.'],
    ];
    for (const [bytes, message] of cases) {
      const r = await parsePdf('x.pdf', bytes, lib);
      expect(r.ok ? 'ok' : describeError(r.error)).toBe(message);
    }
    const damaged = await parsePdf('x.pdf', new TextEncoder().encode('%PDF-1.7\n1 0 obj garbage\n%%EOF'), lib);
    expect(damaged.ok ? 'ok' : describeError(damaged.error)).toMatch(/^x\.pdf: The PDF (is damaged|could not be read)/);
  });

  it('never throws on truncated or corrupted PDFs; blocks lie inside the text', async () => {
    const good = await makePdf(ARTICLE_PAGES);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: good.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const bytes = good.slice(0, cut);
          for (const [i, v] of flips) if (bytes.length) bytes[i % bytes.length] = v;
          const r = await parsePdf('f.pdf', bytes, lib);
          if (!r.ok) {
            expect(r.error.file).toBe('f.pdf');
            return;
          }
          for (const b of r.value.blocks) {
            expect(b.start).toBeGreaterThanOrEqual(0);
            expect(b.end).toBeLessThanOrEqual(r.value.text.length);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
