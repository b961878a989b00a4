/**
 * CommonMark emphasis (`*a*`, `__b__`) resolved in linear time, as a micromark extension.
 *
 * micromark's own resolver walks back through every event of the paragraph for each closing
 * `*` or `_` and splices the event list at each match, so its work grows with the square of the
 * paragraph: `*a_ ` repeated 4,000 times takes about 2 s, 16,000 times about 30 s. This one
 * uses micromark's tokenizer unchanged (same runs, same `_open`/`_close` flags) and replaces
 * the resolver by the spec's delimiter-stack algorithm with the "openers bottom" bound
 * (https://spec.commonmark.org/0.31.2/#process-emphasis, as cmark does it), then writes the
 * events once. It gives the tree micromark gives (`markdown-emphasis.test.ts` compares them on
 * random inputs, and counts both resolvers' reads of the event list to show which grows with the
 * square of the paragraph).
 */
import { attention } from 'micromark-core-commonmark';
import type { Construct, Event, Extension, Point, Resolver, Token, TokenizeContext } from 'micromark-util-types';

/** A run of `*` or `_` as the tokenizer found it, and what the resolution made of it. */
interface Run {
  token: Token;
  context: TokenizeContext;
  marker: number;
  /** Markers not yet used by a match. */
  length: number;
  canOpen: boolean;
  canClose: boolean;
  /** Where the unused markers start and end: matches as a closer use them from the left, as an opener from the right. */
  start: Point;
  end: Point;
  /** Groups this run closes (innermost first) and opens (innermost first). */
  closes: Group[];
  opens: Group[];
  /** Neighbours on the delimiter stack (indexes into the runs), or -1. */
  below: number;
  above: number;
  onStack: boolean;
}

interface Group {
  group: Token;
  opening: Token;
  closing: Token;
  text: Token;
}

const moved = (point: Point, by: number): Point => ({
  ...point,
  column: point.column + by,
  offset: point.offset + by,
  _bufferIndex: point._bufferIndex + by,
});

/** The key of an "openers bottom": which openers a closer can take depends on these only. */
const keyOf = (closer: Run) => (closer.marker === 42 ? 0 : 6) + (closer.canOpen ? 3 : 0) + (closer.length % 3);

/** CommonMark's rule of three: may `opener` be closed by `closer` (same marker assumed)? */
function canMatch(opener: Run, closer: Run): boolean {
  return !((opener.canClose || closer.canOpen) && closer.length % 3 !== 0 && (opener.length + closer.length) % 3 === 0);
}

export const resolveAllEmphasis: Resolver = (events, context) => {
  const runs: Run[] = [];
  const runOf = new Map<Token, Run>();
  for (const [kind, token, ctx] of events) {
    if (kind !== 'enter' || token.type !== 'attentionSequence') continue;
    const run: Run = {
      token,
      context: ctx,
      marker: ctx.sliceSerialize(token).charCodeAt(0),
      length: token.end.offset - token.start.offset,
      canOpen: Boolean(token._open),
      canClose: Boolean(token._close),
      start: token.start,
      end: token.end,
      closes: [],
      opens: [],
      below: runs.length - 1,
      above: -1,
      onStack: true,
    };
    if (runs.length > 0) runs[runs.length - 1]!.above = runs.length;
    runOf.set(token, run);
    runs.push(run);
  }
  if (runs.length === 0) return events;

  const remove = (i: number) => {
    const run = runs[i]!;
    run.onStack = false;
    if (run.below >= 0) runs[run.below]!.above = run.above;
    if (run.above >= 0) runs[run.above]!.below = run.below;
  };
  // bottom[key]: no run at or below this index can be the opener for a closer of that key.
  const bottom = new Array<number>(12).fill(-1);

  for (let c = 0; c < runs.length; c++) {
    const closer = runs[c]!;
    if (!closer.canClose || !closer.onStack) continue;
    while (closer.length > 0) {
      const key = keyOf(closer);
      let o = closer.below;
      while (o > bottom[key]!) {
        const run = runs[o]!;
        if (run.canOpen && run.marker === closer.marker && canMatch(run, closer)) break;
        o = run.below;
      }
      if (o <= bottom[key]!) {
        bottom[key] = c - 1;
        if (!closer.canOpen) remove(c);
        break;
      }
      const opener = runs[o]!;
      // Every run between the two is left as text.
      for (let between = opener.above; between !== c; between = runs[between]!.above) {
        remove(between);
      }
      const use = opener.length > 1 && closer.length > 1 ? 2 : 1;
      const strong = use > 1;
      const opening: Token = {
        type: strong ? 'strongSequence' : 'emphasisSequence',
        start: moved(opener.end, -use),
        end: { ...opener.end },
      };
      const closing: Token = {
        type: strong ? 'strongSequence' : 'emphasisSequence',
        start: { ...closer.start },
        end: moved(closer.start, use),
      };
      opener.opens.push({
        opening,
        closing,
        group: { type: strong ? 'strong' : 'emphasis', start: { ...opening.start }, end: { ...closing.end } },
        text: { type: strong ? 'strongText' : 'emphasisText', start: { ...opening.end }, end: { ...closing.start } },
      });
      closer.closes.push(opener.opens[opener.opens.length - 1]!);
      opener.end = opening.start;
      closer.start = closing.end;
      opener.length -= use;
      closer.length -= use;
      if (opener.length === 0) remove(o);
      // The opener changed: closers of any key may take it (or the runs below it) again.
      for (let k = 0; k < bottom.length; k++) if (bottom[k]! >= o) bottom[k] = o - 1;
    }
    if (closer.length === 0 && closer.onStack) remove(c);
  }

  const out: Event[] = [];
  for (const event of events) {
    const [kind, token] = event;
    const run = runOf.get(token);
    if (!run) {
      out.push(event);
      continue;
    }
    if (kind === 'exit') continue;
    const ctx = run.context;
    for (const g of run.closes) {
      out.push(['exit', g.text, context], ['enter', g.closing, context], ['exit', g.closing, context], ['exit', g.group, context]);
    }
    if (run.length > 0) {
      token.start = run.start;
      token.end = run.end;
      token.type = 'data';
      out.push(['enter', token, ctx], ['exit', token, ctx]);
    }
    for (let i = run.opens.length - 1; i >= 0; i--) {
      const g = run.opens[i]!;
      out.push(['enter', g.group, context], ['enter', g.opening, context], ['exit', g.opening, context], ['enter', g.text, context]);
    }
  }
  // In place: micromark's callers keep the array they passed.
  for (let i = 0; i < out.length; i++) events[i] = out[i]!;
  events.length = out.length;
  return events;
};

const emphasisConstruct: Construct = { name: 'attentionLinear', tokenize: attention.tokenize, resolveAll: resolveAllEmphasis };

/**
 * The extension: `*` and `_` tokenized as micromark does and resolved here, in paragraphs and
 * inside link text alike (listed before micromark's own resolver, which then finds nothing).
 */
export const linearEmphasis: Extension = {
  disable: { null: ['attention'] },
  text: { 42: emphasisConstruct, 95: emphasisConstruct },
  insideSpan: { null: [emphasisConstruct] },
};
