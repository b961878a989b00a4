/**
 * The targets the link picker offers for the selected annotation: for each relation type the
 * schema lets start at its label, the annotations it may end at, nearest in the text first. Each
 * relation type gets a one-letter key for the picker ("s" = said by, "c" = cue, "r" = reported by).
 */
import type { Annotation, Block, Relation, Schema } from '../../../core/model/types.ts';
import { coveringSpan } from '../../../core/model/spans.ts';
import { checkRelation } from '../../../core/model/validation.ts';
import { blockIndexAt } from '../../editor/domOffsets.ts';

export interface LinkTarget {
  annotation: Annotation;
  type: string;
  /** Characters between the two annotations (0 when they overlap). */
  distance: number;
  /** 1-based paragraph number of the target. */
  paragraph: number;
}

export interface LinkGroup {
  type: string;
  /** The labels this relation type may end at (empty = any). */
  toLabels: string[];
  /** The picker's key for "link to the nearest target of this type". */
  key: string;
  targets: LinkTarget[];
  /** How many annotations this type could reach but are already linked. */
  alreadyLinked: number;
}

/** Characters between two annotations' covering spans; 0 when they overlap or touch. */
export function textDistance(a: Annotation, b: Annotation): number {
  const x = coveringSpan(a.ranges);
  const y = coveringSpan(b.ranges);
  if (y.start >= x.end) return y.start - x.end;
  if (x.start >= y.end) return x.start - y.end;
  return 0;
}

/** One key per relation type: the first letter of its name not taken by an earlier type. */
export function relationKeys(types: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  for (const type of types) {
    const letter = [...type.toLowerCase()].find((c) => /\p{L}/u.test(c) && !taken.has(c));
    if (letter) {
      taken.add(letter);
      keys.set(type, letter);
    }
  }
  return keys;
}

export function linkGroups(
  schema: Schema,
  blocks: readonly Block[],
  annotations: readonly Annotation[],
  relations: readonly Relation[],
  from: Annotation,
): LinkGroup[] {
  const startsHere = schema.relationTypes.filter((t) => t.from.length === 0 || t.from.includes(from.label));
  const keys = relationKeys(startsHere.map((t) => t.name));
  const existing = new Set(relations.filter((r) => r.from === from.id).map((r) => `${r.type}\u0000${r.to}`));
  return startsHere.map((t) => {
    const allowed = annotations.filter(
      (a) => a.id !== from.id && a.layer === from.layer && checkRelation(schema, from.label, a.label, t.name) === null,
    );
    const targets = allowed
      .filter((a) => !existing.has(`${t.name}\u0000${a.id}`))
      .map((a) => ({
        annotation: a,
        type: t.name,
        distance: textDistance(from, a),
        paragraph: blockIndexAt(blocks, a.ranges[0]!.start) + 1,
      }))
      .sort((x, y) => x.distance - y.distance || x.annotation.ranges[0]!.start - y.annotation.ranges[0]!.start);
    return { type: t.name, toLabels: t.to, key: keys.get(t.name) ?? '', targets, alreadyLinked: allowed.length - targets.length };
  });
}
