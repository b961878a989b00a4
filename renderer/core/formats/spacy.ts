/**
 * spaCy-ready JSONL: one line per document,
 * `{"text": …, "spans": [{"start", "end", "label", "text", "id"}], "relations": [{"head", "child",
 * "label"}], "meta": {…}}`.
 *
 * Offsets are Unicode **code points**, because spaCy works on Python `str`, whose indices are code
 * points: `doc.char_span(span["start"], span["end"], label=span["label"])` selects exactly
 * `span["text"]`. (A JavaScript index would be off by one after every emoji.)
 *
 * - `id` is the annotation's id. A discontinuous annotation is written as several spans sharing
 *   one `id` (spaCy spans are contiguous); import joins spans with the same id back into one.
 * - `relations` refer to span ids: `head` is the relation's start (e.g. the claim of `said by`),
 *   `child` its end. Import also accepts indices into `spans`.
 * - `meta` holds the document's metadata and its `title` (import takes `title` back out).
 * Import puts everything into one layer (`options.layer`, default `import`). Layers, attributes
 * and notes are not written; see {@link lossNotes}.
 */
import type { Metadata } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import {
  bundleDataset,
  finishDocument,
  isRecord,
  metadataFrom,
  documentLines,
  rawRangeProblem,
  sortedMetadata,
  UnitConverter,
  type DraftAnnotation,
} from './interchange.ts';
import { countDocuments, lossOf, lossTally, noAttributesNote, noEntityRecordsNote, provenanceNote, type LossTallyFactory } from './loss.ts';
import { fail, ok, type Dataset, type FormatWarning, type ImportedDocument, type ImportedRelation, type Result } from './types.ts';
import { fromText, type FormatModule } from './module.ts';

export interface SpacyParseOptions {
  /** The layer the imported spans go to; default `import`. */
  layer?: string;
}

export function parseSpacy(name: string, content: string, options: SpacyParseOptions = {}): Result<ImportedDocument[]> {
  const layer = options.layer ?? 'import';
  const lines = documentLines(name, content, 'Each line must be a JSON object with "text" and "spans".');
  if (!lines.ok) return lines;
  const warnings: FormatWarning[] = [];
  const documents: ImportedDocument[] = [];
  for (const { line, value } of lines.value) {
    const text = value['text'];
    if (typeof text !== 'string') return fail(name, 'The line has no "text" string.', line);
    const converter = new UnitConverter(text, 'codepoint');
    const spans = Array.isArray(value['spans']) ? value['spans'] : [];
    if (value['spans'] !== undefined && !Array.isArray(value['spans']))
      warnings.push({ file: name, line, message: 'Left out "spans": it is not a list.' });
    const byId = new Map<string, DraftAnnotation>();
    const annotations: DraftAnnotation[] = [];
    /** Span index → annotation key, for relations given by index. */
    const keyAt: (string | undefined)[] = [];
    spans.forEach((span, i) => {
      const where = `span ${i + 1}`;
      if (!isRecord(span) || typeof span['label'] !== 'string' || span['label'] === '') {
        warnings.push({ file: name, line, message: `Left out ${where}: expected {"start", "end", "label"}.` });
        return;
      }
      const problem = rawRangeProblem(span['start'], span['end'], converter.length, 'codepoint');
      if (problem) {
        warnings.push({ file: name, line, message: `Left out ${where}: ${problem}.` });
        return;
      }
      const range = { start: converter.toUtf16(span['start'] as number), end: converter.toUtf16(span['end'] as number) };
      if (typeof span['text'] === 'string' && text.slice(range.start, range.end) !== span['text']) {
        warnings.push({
          file: name,
          line,
          message: `${where}: its offsets select "${text.slice(range.start, range.end)}", not "${span['text']}"; the offsets were kept.`,
        });
      }
      const id = typeof span['id'] === 'string' || typeof span['id'] === 'number' ? String(span['id']) : `span-${i + 1}`;
      const existing = byId.get(id);
      if (existing && existing.label === span['label']) {
        existing.ranges.push(range);
      } else {
        const draft: DraftAnnotation = {
          key: existing ? `${id}#${i + 1}` : id,
          label: span['label'],
          ranges: [range],
          layer,
          origin: 'import',
          where,
          line,
        };
        if (!existing) byId.set(id, draft);
        annotations.push(draft);
      }
      keyAt[i] = (existing && existing.label === span['label'] ? existing : annotations[annotations.length - 1]!).key;
    });
    const relations: ImportedRelation[] = [];
    const rels = Array.isArray(value['relations']) ? value['relations'] : [];
    rels.forEach((rel, i) => {
      const end = (v: unknown): string | undefined =>
        typeof v === 'string'
          ? v
          : typeof v === 'number' && Number.isSafeInteger(v)
            ? (keyAt[v] ?? (byId.has(String(v)) ? String(v) : undefined))
            : undefined;
      const head = isRecord(rel) ? end(rel['head']) : undefined;
      const child = isRecord(rel) ? end(rel['child']) : undefined;
      if (!isRecord(rel) || head === undefined || child === undefined || typeof rel['label'] !== 'string') {
        warnings.push({ file: name, line, message: `Left out relation ${i + 1}: expected {"head", "child", "label"} naming two spans.` });
        return;
      }
      relations.push({ from: head, to: child, type: rel['label'], layer });
    });
    const meta = isRecord(value['meta']) ? value['meta'] : {};
    const metadata: Metadata = metadataFrom(meta, new Set(['title']));
    documents.push(finishDocument({ file: name, line, rawText: text, title: meta['title'], metadata, annotations, relations }, warnings));
  }
  return ok(documents, warnings);
}

export function serializeSpacy(dataset: Dataset): string {
  const lines = bundleDataset(dataset).map(({ document, annotations, relations }) => {
    const converter = new UnitConverter(document.text, 'codepoint');
    const spans = annotations.flatMap((a) =>
      a.ranges.map((r) => ({
        start: converter.fromUtf16(r.start),
        end: converter.fromUtf16(r.end),
        label: a.label,
        text: document.text.slice(r.start, r.end),
        id: a.id,
      })),
    );
    return JSON.stringify({
      text: document.text,
      spans,
      relations: relations.map((r) => ({ head: r.from, child: r.to, label: r.type })),
      meta: { ...sortedMetadata(document.metadata, new Set(['title'])), title: document.title },
    });
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset): string[] => lossOf(spacyLoss, dataset);

/** What the spaCy JSONL cannot carry, in words, with counts. */
export const spacyLoss: LossTallyFactory = lossTally(() => {
  let titled = 0;
  return {
    count: (page) => void (titled += countDocuments(page, (d) => 'title' in d.metadata)),
    notes: (c) => {
      const split = c.discontinuousSpans();
      return [
        split && `spaCy spans are contiguous: ${split} will be written as several spans sharing one id.`,
        c.layers.size > 1 && `spaCy JSONL has no layers: annotations from ${c.layers.size} layers will be merged.`,
        noAttributesNote('spaCy JSONL', c),
        c.notes > 0 && `${plural(c.notes, 'annotation note')} will be dropped.`,
        titled > 0 &&
          `${plural(titled, 'document')} ${titled === 1 ? 'has' : 'have'} a metadata field "title", which the document's title replaces in "meta".`,
        noEntityRecordsNote('spaCy JSONL', c, ' will not be exported.'),
        provenanceNote('spaCy JSONL', c),
      ];
    },
  };
});

export const spacyFormat: FormatModule = {
  id: 'spacy',
  help: 'spaCy-ready JSONL (text, character spans, relations)',
  reads: {
    detects: { spacy: 'spaCy JSONL' },
    usesLayer: true,
    read: (input, options) => fromText(input, (text) => parseSpacy(input.name, text, options)),
  },
  writes: [
    {
      id: 'spacy',
      name: 'spaCy JSONL',
      description: 'Text, character spans (code points) and relations per line, ready for spaCy.',
      suffix: '-spacy.jsonl',
      chunked: true,
      write: (dataset) => ({ data: serializeSpacy(dataset) }),
      loses: spacyLoss,
    },
  ],
};
