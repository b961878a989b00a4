/**
 * What a claim is linked to, as the tables show it: its speakers and cues (linked by `said by` and
 * `cue` in either direction) and its source chains (`reported by` from the claim to a source, from
 * that source to the next …), each in text order. The claims table and the groups table both read
 * claims through this.
 */
import { coveringSpan } from '../model/spans.ts';
import { CUE_OF, REPORTED_BY, SAID_BY, type Annotation, type Relation } from '../model/types.ts';

export interface ClaimLinks {
  speakers(claim: Annotation): Annotation[];
  cues(claim: Annotation): Annotation[];
  /** Every chain of sources, each from the claim's nearest source outwards. */
  chains(claim: Annotation): Annotation[][];
}

/** Annotations in text order (start, end, id). */
export function byStart(a: Annotation, b: Annotation): number {
  const x = coveringSpan(a.ranges);
  const y = coveringSpan(b.ranges);
  return x.start - y.start || x.end - y.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** An annotation's text on one line. */
export function quoteText(a: Annotation): string {
  return a.quote.replace(/\s+/g, ' ').trim();
}

/** `Iranian state television > Reuters | Interfax`: the chains of sources by their text. */
export function describeChains(chains: readonly Annotation[][]): string {
  return chains.map((c) => c.map(quoteText).join(' > ')).join(' | ');
}

/** The links among these annotations, by the relations between two of them. */
export function claimLinks(annotations: readonly Annotation[], relations: readonly Relation[]): ClaimLinks {
  const annById = new Map(annotations.map((a) => [a.id as string, a]));
  const out = new Map<string, { type: string; other: string }[]>();
  const inc = new Map<string, { type: string; other: string }[]>();
  for (const r of relations) {
    if (!annById.has(r.from) || !annById.has(r.to)) continue;
    (out.get(r.from) ?? out.set(r.from, []).get(r.from)!).push({ type: r.type, other: r.to });
    (inc.get(r.to) ?? inc.set(r.to, []).get(r.to)!).push({ type: r.type, other: r.from });
  }
  const linked = (id: string, type: string, directions: 'out' | 'both'): Annotation[] => {
    const found = new Set<string>();
    for (const e of out.get(id) ?? []) if (e.type === type) found.add(e.other);
    if (directions === 'both') for (const e of inc.get(id) ?? []) if (e.type === type) found.add(e.other);
    return [...found].map((x) => annById.get(x)!).sort(byStart);
  };
  const chains = (claim: Annotation): Annotation[][] => {
    const result: Annotation[][] = [];
    const walk = (from: Annotation, path: Annotation[], seen: Set<string>): void => {
      const next = linked(from.id, REPORTED_BY, 'out').filter((n) => !seen.has(n.id));
      if (next.length === 0) {
        if (path.length > 0) result.push(path);
        return;
      }
      for (const n of next) walk(n, [...path, n], new Set([...seen, n.id]));
    };
    walk(claim, [], new Set([claim.id]));
    return result;
  };
  return {
    speakers: (claim) => linked(claim.id, SAID_BY, 'both'),
    cues: (claim) => linked(claim.id, CUE_OF, 'both'),
    chains,
  };
}
