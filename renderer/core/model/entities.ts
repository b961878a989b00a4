/**
 * The entity registry's logic: finding entities by name or alias, merging and splitting them,
 * suggesting which ones are probably the same ("Clinton" and "Hillary Clinton"), and checking
 * external ids. Mentions are annotations whose `entity` attribute holds the entity's id. Pure.
 */
import type { Annotation, AttributeValue, Entity } from './types.ts';

/** The attribute through which a mention points at its entity. */
export const ENTITY_ATTRIBUTE = 'entity';

/** Trims and collapses runs of white space: the form names and aliases are stored in. */
export function cleanName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** The comparison key of a name: case-folded, without accents and punctuation. */
export function nameKey(name: string): string {
  return cleanName(name)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function tokens(name: string): string[] {
  const key = nameKey(name);
  return key === '' ? [] : key.split(' ');
}

/** The entity a mention points at, if any. */
export function entityIdOf(attributes: Record<string, AttributeValue>): string | null {
  const v = attributes[ENTITY_ATTRIBUTE];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** How many mentions point at each entity. */
export function mentionCounts(annotations: Iterable<Pick<Annotation, 'attributes'>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of annotations) {
    const id = entityIdOf(a.attributes);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * An entity's aliases as shown: its manual aliases plus the distinct texts of its mentions,
 * without its own name, each once (compared by {@link nameKey}), in that order.
 */
export function displayAliases(entity: Pick<Entity, 'name' | 'aliases'>, mentionTexts: Iterable<string>): string[] {
  return distinctAliases(entity.name, [...entity.aliases, ...mentionTexts]);
}

/** Aliases cleaned ({@link cleanName}), each once and none equal to the name (compared by {@link nameKey}). */
export function distinctAliases(name: string, aliases: Iterable<string>): string[] {
  const seen = new Set([nameKey(name)]);
  const out: string[] = [];
  for (const raw of aliases) {
    const alias = cleanName(raw);
    const key = nameKey(alias);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(alias);
  }
  return out;
}

export interface EntityMatch {
  entity: Entity;
  /** The name or alias that matched the query. */
  matched: string;
  rank: number;
}

/**
 * Entities whose name or an alias matches `query`, best first: an exact name, an exact alias, a
 * name or alias starting with the query, then containing it. An empty query lists all by name.
 */
export function findEntities(entities: readonly Entity[], query: string): EntityMatch[] {
  const q = nameKey(query);
  const out: EntityMatch[] = [];
  for (const entity of entities) {
    let best: EntityMatch | null = null;
    const candidates = [entity.name, ...entity.aliases];
    candidates.forEach((text, i) => {
      const key = nameKey(text);
      let rank: number;
      if (q === '') rank = 4;
      else if (key === q) rank = i === 0 ? 0 : 1;
      else if (key.startsWith(q) || key.split(' ').some((t) => t.startsWith(q))) rank = 2;
      else if (key.includes(q)) rank = 3;
      else return;
      if (!best || rank < best.rank) best = { entity, matched: text, rank };
    });
    if (best) out.push(best);
  }
  return out.sort((a, b) => a.rank - b.rank || a.entity.name.localeCompare(b.entity.name));
}

export type ExternalIdCheck = { ok: true; value: string | undefined } | { ok: false; message: string };

/**
 * Checks an external id. Anything that looks like a Wikidata QID (a Q followed by digits, or a
 * Wikidata item URL) must be one exactly and is stored as `Q123`; other ids are kept as typed.
 * An empty id clears it.
 */
export function checkExternalId(input: string): ExternalIdCheck {
  const value = input.trim();
  if (value === '') return { ok: true, value: undefined };
  const url = /^https?:\/\/(?:www\.|m\.)?wikidata\.org\/(?:wiki|entity)\/(.*)$/i.exec(value);
  if (url) {
    const qid = /^(Q[1-9]\d*)$/.exec(url[1]!.replace(/[#?].*$/, ''));
    return qid ? { ok: true, value: qid[1] } : { ok: false, message: `"${value}" is not a Wikidata item link (…/wiki/Q123).` };
  }
  if (/^[qQ][\s-]*\d/.test(value)) {
    if (/^Q[1-9]\d*$/.test(value)) return { ok: true, value };
    const digits = value.replace(/^[qQ][\s-]*/, '');
    return {
      ok: false,
      message: /^[1-9]\d*$/.test(digits)
        ? `A Wikidata id is written Q${digits}.`
        : `"${value}" looks like a Wikidata id but is not one: write Q followed by digits, e.g. Q167963.`,
    };
  }
  return { ok: true, value };
}

/** The union of the merged entities' names and aliases, as aliases of `target`. */
export function mergedEntity(target: Entity, others: readonly Pick<Entity, 'name' | 'aliases' | 'externalId'>[], at: string): Entity {
  const aliases = displayAliases(
    target,
    others.flatMap((e) => [e.name, ...e.aliases]),
  );
  const externalId = target.externalId ?? others.find((e) => e.externalId)?.externalId;
  const merged: Entity = { ...target, aliases, updatedAt: at };
  if (externalId !== undefined) merged.externalId = externalId;
  return merged;
}

/** The mentions re-pointed from `fromIds` to `toId` (only the ones that change). */
export function repointMentions<A extends Pick<Annotation, 'attributes'>>(
  mentions: readonly A[],
  fromIds: ReadonlySet<string>,
  toId: string,
  patch: Partial<A> = {},
): A[] {
  const out: A[] = [];
  for (const m of mentions) {
    const id = entityIdOf(m.attributes);
    if (id === null || !fromIds.has(id)) continue;
    out.push({ ...m, ...patch, attributes: { ...m.attributes, [ENTITY_ATTRIBUTE]: toId } });
  }
  return out;
}

export interface GroupSuggestion {
  /** The entity to keep: the one with the fullest name. */
  keepId: string;
  /** The entities that are probably the same as it. */
  mergeIds: string[];
  reason: string;
}

/**
 * Entities that are probably the same: names (or aliases) whose words all appear, in order, in
 * another's name ("Clinton" in "Hillary Clinton", "Lavrov" in "Sergei Lavrov"), or that are the
 * same once case, accents and punctuation are ignored. A short name found in several longer,
 * different names ("Clinton" in "Hillary Clinton" and "Bill Clinton") is ambiguous and not
 * suggested. Suggestions are offered, never applied.
 */
export function suggestGroups(entities: readonly Entity[]): GroupSuggestion[] {
  const forms = entities.map((e) => ({
    entity: e,
    forms: [e.name, ...e.aliases].map(tokens).filter((t) => t.length > 0),
    size: tokens(e.name).length,
  }));
  // For each entity, the fuller entities it is contained in.
  const containers = new Map<string, { id: string; how: string }[]>();
  for (const a of forms) {
    for (const b of forms) {
      if (a.entity.id === b.entity.id) continue;
      const how = containment(a, b);
      if (!how) continue;
      const list = containers.get(a.entity.id) ?? [];
      list.push({ id: b.entity.id, how });
      containers.set(a.entity.id, list);
    }
  }
  const byId = new Map(entities.map((e) => [e.id as string, e]));
  const groups = new Map<string, { mergeIds: Set<string>; reasons: string[] }>();
  const rootOf = (id: string): string => {
    // Follow unique containers up to the fullest name.
    let current = id;
    const seen = new Set([id]);
    for (;;) {
      const up = (containers.get(current) ?? []).filter((c) => !seen.has(c.id));
      if (up.length !== 1) return current;
      current = up[0]!.id;
      seen.add(current);
    }
  };
  for (const [id, list] of containers) {
    const roots = new Set(list.map((c) => rootOf(c.id)));
    if (roots.size !== 1) continue; // ambiguous: part of two different names
    const keep = [...roots][0]!;
    if (keep === id) continue;
    const via = list.find((c) => c.id === keep) ?? list[0]!;
    const g = groups.get(keep) ?? { mergeIds: new Set<string>(), reasons: [] };
    g.mergeIds.add(id);
    g.reasons.push(`"${byId.get(id)!.name}" ${via.how} "${byId.get(via.id)!.name}"`);
    groups.set(keep, g);
  }
  return [...groups]
    .map(([keepId, g]) => ({ keepId, mergeIds: [...g.mergeIds].sort(), reason: g.reasons.join('; ') }))
    .sort((a, b) => byId.get(a.keepId)!.name.localeCompare(byId.get(b.keepId)!.name));
}

type Forms = { entity: Entity; forms: string[][]; size: number };

/** How `a` is contained in `b`, or null. Equal names contain each other; the larger name wins. */
function containment(a: Forms, b: Forms): string | null {
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      if (fa.join(' ') === fb.join(' ')) {
        // Same name: the later one (by size, then id) joins the other, so the pair is offered once.
        if (a.size > b.size || (a.size === b.size && a.entity.id < b.entity.id)) return null;
        return 'is the same name as';
      }
      if (fa.length < fb.length && isSubsequence(fa, fb)) return 'is part of';
    }
  }
  return null;
}

function isSubsequence(short: string[], long: string[]): boolean {
  let i = 0;
  for (const t of long) if (i < short.length && t === short[i]) i++;
  return i === short.length;
}
