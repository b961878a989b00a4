/**
 * CoNLL-2003-style token files: one token per line with its tag in the last column, a blank line
 * after each sentence, `-DOCSTART-` before each document. Tags are BIO (`B-Claim`, `I-Claim`, `O`)
 * or BILOU (`U-` a single-token span, `L-` its last token; `S-`/`E-` of BIOES are read as `U-`/`L-`).
 *
 * **Tokens** ({@link tokenize}), the same rule for export, import and tests: a token is a run of
 * letters, combining marks, digits and `_`; every other visible character is a token of its own,
 * with the marks, emoji modifiers and zero-width-joiner sequences that belong to it (so `👍🏽`, a
 * flag and a family emoji stay whole). White space separates tokens and is never part of one.
 * So `don't` is `don ' t`, `U.S.` is `U . S .`, `3.5` is `3 . 5`.
 *
 * **Sentences** ({@link splitSentences}): a line break always ends a sentence. Otherwise a sentence
 * ends after `.`, `!`, `?` or `…` (and any closing quotes or brackets written right after it) when
 * white space follows and the next token starts with a capital letter or an opening quote. This
 * splits after abbreviations such as "Mr." too. On export, a sentence boundary that would fall
 * inside a span is not made (the two sentences stay one), so no span is cut.
 *
 * **Overlaps** (CoNLL holds one tag per token): among overlapping spans the longest (in characters,
 * after widening to whole tokens) is kept; on equal length the one that starts first; then the
 * label that comes first in the label order (the `labels` option, else the project schema); then
 * the annotation id. Every dropped span is counted in the report.
 *
 * **Widening**: a span that starts or ends inside a token covers the whole token; a discontinuous
 * annotation is written as one span from its first to its last range. Both are counted.
 */
import { coveringSpan } from '../model/spans.ts';
import { canonicalizeText, paragraphBlocks } from '../model/text.ts';
import type { Annotation, Span } from '../model/types.ts';
import { fail, ok, type Dataset, type FormatWarning, type ImportedAnnotation, type ImportedDocument, type Result } from './types.ts';
import { plural } from '../model/plural.ts';
import {
  countDocuments,
  lossOf,
  lossTally,
  mergedLayersNote,
  noAttributesNote,
  noMetadataNote,
  provenanceNote,
  type LossTallyFactory,
  type Written,
} from './loss.ts';
import { fromText, type FormatModule, type WriterDeclaration } from './module.ts';
import { partitionPoint } from '../model/bisect.ts';

export interface Token extends Span {
  text: string;
}

const TOKEN =
  /[\p{L}\p{M}\p{N}_]+|\p{Regional_Indicator}{2}|[^\s\p{L}\p{M}\p{N}_](?:[\p{M}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D[^\s])*/gu;

/** Splits text into tokens (see the module comment for the rule). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

const TERMINATORS = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»', '›']);
const OPENERS = new Set(['"', "'", '“', '‘', '«', '‹']);

/**
 * Indices of the tokens that start a sentence (always including 0 when there are tokens), by the
 * rule in the module comment.
 */
export function sentenceStarts(text: string, tokens: Token[]): number[] {
  const starts: number[] = tokens.length > 0 ? [0] : [];
  let ended = false;
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const tok = tokens[i]!;
    const gap = text.slice(prev.end, tok.start);
    if (TERMINATORS.has(prev.text)) ended = true;
    else if (!(ended && CLOSERS.has(prev.text) && tokens[i - 2]!.end === prev.start)) ended = false;
    if (gap.includes('\n')) {
      starts.push(i);
      ended = false;
    } else if (ended && gap !== '' && (/^\p{Lu}/u.test(tok.text) || OPENERS.has(tok.text))) {
      starts.push(i);
      ended = false;
    }
  }
  return starts;
}

/** Tokens grouped into sentences. */
export function splitSentences(text: string): Token[][] {
  const tokens = tokenize(text);
  const starts = sentenceStarts(text, tokens);
  return starts.map((s, k) => tokens.slice(s, starts[k + 1] ?? tokens.length));
}

export type ConllScheme = 'BIO' | 'BILOU';

export interface ConllReport {
  /** Spans left out because they overlapped a kept span. */
  overlapsDropped: number;
  /** Documents in which at least one span was dropped for overlapping. */
  documentsAffected: number;
  /** Spans that cut a token and were widened to whole tokens. */
  spansWidened: number;
  /** Discontinuous annotations written as one span from their first to their last range. */
  discontinuousJoined: number;
  /** Spans covering no token (only white space), left out. */
  emptyDropped: number;
}

interface TokenSpan {
  annotation: Annotation;
  first: number;
  last: number;
  length: number;
  rank: number;
}

/** First index i with tokens[i].end > offset. */
function firstTokenEndingAfter(tokens: Token[], offset: number): number {
  return partitionPoint(tokens.length, (i) => tokens[i]!.end <= offset);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Writes documents as CoNLL token/tag lines (see the module comment for tokens, sentences and the
 * overlap rule). `layer` keeps one layer; `labels` keeps those labels, in that order of priority.
 */
export function serializeConll(
  dataset: Dataset,
  options: { scheme: ConllScheme; layer?: string; labels?: string[] },
): { content: string; report: ConllReport } {
  const report: ConllReport = { overlapsDropped: 0, documentsAffected: 0, spansWidened: 0, discontinuousJoined: 0, emptyDropped: 0 };
  const order = options.labels ?? dataset.project.schema.labels.map((l) => l.name);
  const rankOf = (label: string): number => {
    const i = order.indexOf(label);
    return i >= 0 ? i : order.length;
  };
  const keep = options.labels ? new Set(options.labels) : null;
  const byDoc = new Map<string, Annotation[]>();
  for (const a of dataset.annotations) {
    if (options.layer !== undefined && a.layer !== options.layer) continue;
    if (keep && !keep.has(a.label)) continue;
    if (a.ranges.length === 0) continue;
    const list = byDoc.get(a.documentId) ?? [];
    list.push(a);
    byDoc.set(a.documentId, list);
  }

  const out: string[] = [];
  for (const doc of dataset.documents) {
    out.push('-DOCSTART-\tO', `# doc_id = ${oneLine(doc.id)}`);
    if (oneLine(doc.title) !== '') out.push(`# title = ${oneLine(doc.title)}`);
    out.push('');
    const tokens = tokenize(doc.text);
    const spans: TokenSpan[] = [];
    for (const a of byDoc.get(doc.id) ?? []) {
      const hull = coveringSpan(a.ranges);
      const first = firstTokenEndingAfter(tokens, hull.start);
      let last = firstTokenEndingAfter(tokens, hull.end - 1);
      // The last token starting before the span's end (a span may end in white space after the last token).
      if (last >= tokens.length || tokens[last]!.start >= hull.end) last--;
      if (first >= tokens.length || last < first) {
        report.emptyDropped++;
        continue;
      }
      if (a.ranges.length > 1) report.discontinuousJoined++;
      if (tokens[first]!.start < hull.start || tokens[last]!.end > hull.end) report.spansWidened++;
      spans.push({ annotation: a, first, last, length: tokens[last]!.end - tokens[first]!.start, rank: rankOf(a.label) });
    }
    spans.sort(
      (x, y) =>
        y.length - x.length ||
        x.first - y.first ||
        x.rank - y.rank ||
        (x.annotation.label < y.annotation.label ? -1 : x.annotation.label > y.annotation.label ? 1 : 0) ||
        (x.annotation.id < y.annotation.id ? -1 : x.annotation.id > y.annotation.id ? 1 : 0),
    );
    const owner = new Int32Array(tokens.length).fill(-1);
    const kept: TokenSpan[] = [];
    let dropped = 0;
    for (const s of spans) {
      let free = true;
      for (let t = s.first; t <= s.last && free; t++) if (owner[t] !== -1) free = false;
      if (!free) {
        dropped++;
        continue;
      }
      for (let t = s.first; t <= s.last; t++) owner[t] = kept.length;
      kept.push(s);
    }
    report.overlapsDropped += dropped;
    if (dropped > 0) report.documentsAffected++;

    const tags = tokens.map(() => 'O');
    for (const s of kept) {
      const label = s.annotation.label;
      for (let t = s.first; t <= s.last; t++) {
        const single = s.first === s.last;
        const prefix =
          options.scheme === 'BIO' ? (t === s.first ? 'B' : 'I') : single ? 'U' : t === s.first ? 'B' : t === s.last ? 'L' : 'I';
        tags[t] = `${prefix}-${label}`;
      }
    }
    const starts = sentenceStarts(doc.text, tokens).filter((i) => i === 0 || owner[i] === -1 || owner[i] !== owner[i - 1]);
    starts.forEach((s, k) => {
      const end = starts[k + 1] ?? tokens.length;
      for (let t = s; t < end; t++) out.push(`${tokens[t]!.text}\t${tags[t]}`);
      out.push('');
    });
  }
  return { content: out.length > 0 ? `${out.join('\n')}\n` : '', report };
}

const TAG = /^(?:O|([BIELSU])-(.+))$/;

interface PendingDoc {
  sentences: string[][];
  tags: { prefix: string; label: string }[][];
  docId?: string;
  title?: string;
  line: number;
}

/**
 * Reads a CoNLL file: tokens in the first column, tags in the last (two or more columns, split by
 * tabs when the line has one, else by spaces). Documents split at `-DOCSTART-` (a file without it
 * is one document); `# doc_id = …` and `# title = …` comments are kept. The text is rebuilt with
 * tokens joined by single spaces and sentences by line breaks. Tags: BIO, BILOU, BIOES and IOB1 —
 * an `I-X` after `O` or after another label starts a new span (IOB1 style), and an `L-X`/`E-X`
 * without an open `X` span is read as a single-token span.
 */
export function parseConll(name: string, content: string, options: { layer?: string } = {}): Result<ImportedDocument[]> {
  const warnings: FormatWarning[] = [];
  const lines = content.replace(/^\ufeff/, '').split(/\r?\n|\r/);
  const pending: PendingDoc[] = [];
  let doc: PendingDoc = { sentences: [], tags: [], line: 1 };
  let sentence: string[] = [];
  let sentenceTags: { prefix: string; label: string }[] = [];
  let sawDocstart = false;

  const endSentence = (): void => {
    if (sentence.length > 0) {
      doc.sentences.push(sentence);
      doc.tags.push(sentenceTags);
    }
    sentence = [];
    sentenceTags = [];
  };
  const endDoc = (): void => {
    endSentence();
    if (doc.sentences.length > 0) pending.push(doc);
    else if (sawDocstart) warnings.push({ file: name, line: doc.line, message: 'A document without tokens was skipped.' });
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') {
      endSentence();
      continue;
    }
    const cols = line.includes('\t') ? line.split('\t').map((c) => c.trim()) : line.trim().split(/\s+/);
    if (cols[0] === '-DOCSTART-') {
      endDoc();
      sawDocstart = true;
      doc = { sentences: [], tags: [], line: lineNo };
      continue;
    }
    const comment = /^#\s*([\w.-]+)\s*=\s*(.*)$/.exec(line.trim());
    const last = cols[cols.length - 1]!;
    if (comment || (line.trimStart().startsWith('#') && (cols.length < 2 || !TAG.test(last)))) {
      if (comment && sentence.length === 0) {
        const key = comment[1]!;
        const val = comment[2]!.trim();
        if (key === 'doc_id' && doc.docId === undefined) doc.docId = val;
        if (key === 'title' && doc.title === undefined) doc.title = val;
      }
      continue;
    }
    if (cols.length < 2) return fail(name, `Expected a token and a tag separated by a tab or spaces, found "${line.trim()}".`, lineNo);
    const token = cols[0]!;
    if (token === '' || /\s/.test(token)) return fail(name, 'The token column is empty.', lineNo);
    const m = TAG.exec(last);
    if (!m) {
      return fail(name, `"${last}" is not a BIO/BILOU tag (O, or B-, I-, L-, U-, E-, S- followed by a label).`, lineNo);
    }
    sentence.push(token);
    sentenceTags.push(m[1] ? { prefix: m[1], label: m[2]! } : { prefix: 'O', label: '' });
  }
  endDoc();
  if (pending.length === 0) return fail(name, 'The file holds no tokens.');

  const docs = pending.map((p, index): ImportedDocument => {
    const annotations: ImportedAnnotation[] = [];
    let text = '';
    let n = 0;
    p.sentences.forEach((toks, si) => {
      if (si > 0) text += '\n';
      const tags = p.tags[si]!;
      let open: { label: string; start: number; end: number } | null = null;
      const close = (): void => {
        if (open) {
          n++;
          const a: ImportedAnnotation = {
            key: `S${n}`,
            label: open.label,
            ranges: [{ start: open.start, end: open.end }],
            origin: 'import',
          };
          if (options.layer !== undefined) a.layer = options.layer;
          annotations.push(a);
        }
        open = null;
      };
      toks.forEach((tok, ti) => {
        if (ti > 0) text += ' ';
        const start = text.length;
        text += tok;
        const end = text.length;
        const { prefix, label } = tags[ti]!;
        const cur = open as { label: string; start: number; end: number } | null;
        if (prefix === 'O') close();
        else if (prefix === 'B') {
          close();
          open = { label, start, end };
        } else if (prefix === 'I') {
          if (cur && cur.label === label) cur.end = end;
          else {
            close();
            open = { label, start, end };
          }
        } else if (prefix === 'L' || prefix === 'E') {
          if (cur && cur.label === label) cur.end = end;
          else {
            close();
            open = { label, start, end };
          }
          close();
        } else {
          close();
          open = { label, start, end };
          close();
        }
      });
      close();
    });
    const firstLine = Array.from(text.split('\n', 1)[0]!);
    const title = p.title ?? (firstLine.length > 100 ? `${firstLine.slice(0, 99).join('')}…` : firstLine.join(''));
    return {
      title: title || `${name} ${index + 1}`,
      text,
      blocks: paragraphBlocks(text),
      metadata: p.docId !== undefined ? { doc_id: p.docId } : ({} as Record<string, string>),
      annotations,
      relations: [],
      sourceFile: name,
    };
  });
  for (const [k, d] of docs.entries()) {
    if (canonicalizeText(d.text) !== d.text) {
      return fail(
        name,
        `Document ${k + 1} has tokens that are not in Unicode NFC form; normalise the file to NFC first.`,
        pending[k]!.line,
      );
    }
  }
  return ok(docs, warnings);
}

/** The loss notes of a dataset held whole (see the tally below). */
export const lossNotes = (dataset: Dataset, options: { scheme: ConllScheme; layer?: string; labels?: string[] }): string[] =>
  lossOf(conllLoss(options), dataset);

/**
 * What a CoNLL export leaves out or changes, with counts. The span counts come from running the
 * export itself ({@link serializeConll}'s report, page by page), so they are exactly what the file will lack.
 */
export function conllLoss(options: { scheme: ConllScheme; layer?: string; labels?: string[] }): LossTallyFactory {
  const only: Written = {};
  if (options.layer !== undefined) only.layer = options.layer;
  if (options.labels !== undefined) only.labels = options.labels;
  return lossTally(() => {
    const report: ConllReport = { overlapsDropped: 0, documentsAffected: 0, spansWidened: 0, discontinuousJoined: 0, emptyDropped: 0 };
    let spacing = 0;
    return {
      count(page) {
        const r = serializeConll(page, options).report;
        for (const k of Object.keys(report) as (keyof ConllReport)[]) report[k] += r[k];
        // Import rebuilds a text from tokens joined by single spaces (sentences by line breaks).
        spacing += countDocuments(
          page,
          (d) =>
            tokenize(d.text)
              .map((t) => t.text)
              .join(' ') !== d.text.replace(/\n/g, ' '),
        );
      },
      notes: (c) => [
        report.overlapsDropped > 0 &&
          `CoNLL cannot hold ${plural(report.overlapsDropped, 'overlapping span')} in ${plural(report.documentsAffected, 'document')}: one tag per token, so of overlapping spans the longest is kept (then the earliest, then by label order).`,
        report.discontinuousJoined > 0 &&
          `CoNLL spans are contiguous: ${plural(report.discontinuousJoined, 'discontinuous span')} will be written as one span from the first to the last range.`,
        report.spansWidened > 0 &&
          `CoNLL tags whole tokens: ${plural(report.spansWidened, 'span')} that start or end inside a word will be widened to whole tokens.`,
        report.emptyDropped > 0 && `${plural(report.emptyDropped, 'span')} covering only white space will be left out.`,
        mergedLayersNote('CoNLL', c, 'compete for the same tokens.'),
        c.relations > 0 && `CoNLL has no relations: ${plural(c.relations, 'relation')} will be left out.`,
        noAttributesNote('CoNLL', c),
        c.notes > 0 && `CoNLL has no notes: ${plural(c.notes, 'note')} will be left out.`,
        noMetadataNote('CoNLL', c, ' (the document id and title are kept as comments).'),
        spacing > 0 &&
          `CoNLL keeps tokens, not the text: the spacing and line breaks of ${plural(spacing, 'document')} will not come back on import (tokens are joined by single spaces), so offsets differ.`,
        provenanceNote('CoNLL', c),
      ],
    };
  }, only);
}

function conllWriter(scheme: ConllScheme, description: string): WriterDeclaration {
  const suffix = `-${scheme.toLowerCase()}.conll`;
  return {
    id: `conll-${scheme.toLowerCase()}`,
    name: `CoNLL (${scheme})`,
    description,
    suffix,
    filter: { name: 'CoNLL', extensions: ['conll', 'txt'] },
    mime: 'text/plain',
    selectable: true,
    chunked: true,
    scheme,
    loses: conllLoss({ scheme }),
    write: (dataset) => {
      const { content, report } = serializeConll(dataset, { scheme });
      return { data: content, conll: report };
    },
  };
}

export const conllFormat: FormatModule = {
  id: 'conll',
  help: 'CoNLL-2003 style tokens and tags (output: --scheme BIO or BILOU)',
  reads: {
    detects: { conll: 'CoNLL / BIO' },
    extensions: { conll: ['conll', 'conllu', 'bio', 'iob', 'iob2', 'bilou'] },
    usesLayer: true,
    read: (input, options) => fromText(input, (text) => parseConll(input.name, text, options)),
  },
  writes: [
    conllWriter('BIO', 'Tokens with B-/I-/O tags, one sentence per block, for sequence-labelling models.'),
    conllWriter('BILOU', 'Tokens with B-/I-/L-/O-/U- tags, one sentence per block.'),
  ],
};
