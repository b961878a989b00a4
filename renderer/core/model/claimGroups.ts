/**
 * Claim groups' logic: making a group of claims, adding and removing members, merging, splitting,
 * editing the canonical wording, note and fact-checks. Pure: each operation takes the project's
 * groups as they are and returns the change (groups to write, groups to remove), which the
 * database layer commits as one undo step. An annotation is in at most one group per layer:
 * putting it into a group takes it out of the layer's other groups, and a group an explicit
 * action leaves without members is removed (undo brings it back). Claims deleted from their
 * document are only taken out ({@link pruneMembers}): the group keeps its wording and fact-checks.
 */
import { distinctMembers, newClaimGroup, type Stamp } from './records.ts';
import type { ClaimGroup, ClaimGroupMember, FactCheck, ProjectId } from './types.ts';
import { checkedFactCheck, ValidationError } from './validation.ts';

/** The groups to write (new or changed) and the groups to remove. */
export interface GroupChange {
  put: ClaimGroup[];
  remove: ClaimGroup[];
}

/** Who makes the change and when (required for groups: every change is someone's). */
export type GroupStamp = Required<Stamp>;

const EMPTY: GroupChange = { put: [], remove: [] };

/** The group of `layer` that `annotationId` is a member of, if any. */
export function groupOf(groups: readonly ClaimGroup[], layer: string, annotationId: string): ClaimGroup | undefined {
  return groups.find((g) => g.layer === layer && g.members.some((m) => m.annotationId === annotationId));
}

function mustFind(groups: readonly ClaimGroup[], id: string): ClaimGroup {
  const group = groups.find((g) => g.id === id);
  if (!group) throw new ValidationError('That claim group no longer exists.');
  return group;
}

const touched = (g: ClaimGroup, stamp: GroupStamp, patch: Partial<ClaimGroup>): ClaimGroup => ({
  ...g,
  ...patch,
  updatedBy: stamp.by,
  updatedAt: stamp.at,
});

/**
 * Takes `ids` out of the layer's groups other than `except`: the changed groups are written, the
 * ones left empty are removed.
 */
function takeOut(
  groups: readonly ClaimGroup[],
  layer: string,
  ids: ReadonlySet<string>,
  except: string | null,
  stamp: GroupStamp,
): GroupChange {
  const change: GroupChange = { put: [], remove: [] };
  for (const g of groups) {
    if (g.layer !== layer || g.id === except || !g.members.some((m) => ids.has(m.annotationId))) continue;
    const members = g.members.filter((m) => !ids.has(m.annotationId));
    if (members.length === 0) change.remove.push(g);
    else change.put.push(touched(g, stamp, { members }));
  }
  return change;
}

const joined = (a: GroupChange, b: GroupChange): GroupChange => ({ put: [...a.put, ...b.put], remove: [...a.remove, ...b.remove] });

export interface NewGroupInput {
  projectId: ProjectId;
  layer: string;
  /** The wording; the first member's quote is the usual start. */
  canonical: string;
  members: readonly ClaimGroupMember[];
  note?: string;
}

/** A new group of `members` in `layer`; they leave the layer's other groups. */
export function createGroup(groups: readonly ClaimGroup[], input: NewGroupInput, stamp: GroupStamp): GroupChange & { group: ClaimGroup } {
  const members = distinctMembers(input.members);
  if (members.length === 0) throw new ValidationError('Choose at least one claim to group.');
  const group = newClaimGroup(input.projectId, { ...input, members }, stamp);
  const moved = takeOut(groups, group.layer, new Set(members.map((m) => m.annotationId)), null, stamp);
  return { ...joined({ put: [group], remove: [] }, moved), group };
}

/** Adds claims to a group; they leave the layer's other groups. Claims already in it change nothing. */
export function addMembers(
  groups: readonly ClaimGroup[],
  groupId: string,
  members: readonly ClaimGroupMember[],
  stamp: GroupStamp,
): GroupChange {
  const group = mustFind(groups, groupId);
  const have = new Set(group.members.map((m) => m.annotationId as string));
  const added = distinctMembers(members).filter((m) => !have.has(m.annotationId));
  if (added.length === 0) return EMPTY;
  const moved = takeOut(groups, group.layer, new Set(added.map((m) => m.annotationId)), group.id, stamp);
  return joined({ put: [touched(group, stamp, { members: [...group.members, ...added] })], remove: [] }, moved);
}

/** Takes claims out of a group; a group left without claims is removed. */
export function removeMembers(
  groups: readonly ClaimGroup[],
  groupId: string,
  annotationIds: readonly string[],
  stamp: GroupStamp,
): GroupChange {
  const group = mustFind(groups, groupId);
  const ids = new Set(annotationIds);
  const members = group.members.filter((m) => !ids.has(m.annotationId));
  if (members.length === group.members.length) return EMPTY;
  if (members.length === 0) return { put: [], remove: [group] };
  return { put: [touched(group, stamp, { members })], remove: [] };
}

/** Removes a group; its claims stay as they are, in no group of the layer. */
export function ungroup(groups: readonly ClaimGroup[], groupId: string): GroupChange {
  return { put: [], remove: [mustFind(groups, groupId)] };
}

/**
 * Merges groups of one layer into `intoId`: its wording stays, the others' claims follow its own,
 * their notes are appended and their fact-checks added (one per URL); the others are removed.
 */
export function mergeGroups(groups: readonly ClaimGroup[], intoId: string, otherIds: readonly string[], stamp: GroupStamp): GroupChange {
  const into = mustFind(groups, intoId);
  const others = [...new Set(otherIds)].filter((id) => id !== intoId).map((id) => mustFind(groups, id));
  if (others.length === 0) throw new ValidationError('Choose at least two groups to merge.');
  const foreign = others.find((g) => g.layer !== into.layer);
  if (foreign) throw new ValidationError(`Groups of different layers (${into.layer}, ${foreign.layer}) cannot be merged.`);
  const members = distinctMembers([...into.members, ...others.flatMap((g) => g.members)]);
  const notes = [into.note, ...others.map((g) => g.note)].map((n) => n.trim()).filter(Boolean);
  const urls = new Set<string>();
  const factChecks = [...into.factChecks, ...others.flatMap((g) => g.factChecks)].filter((f) => !urls.has(f.url) && urls.add(f.url));
  return { put: [touched(into, stamp, { members, note: [...new Set(notes)].join('\n\n'), factChecks })], remove: others };
}

/**
 * Moves some of a group's claims into a new group of the same layer worded `canonical`. At
 * least one claim must stay and one must go.
 */
export function splitGroup(
  groups: readonly ClaimGroup[],
  groupId: string,
  annotationIds: readonly string[],
  canonical: string,
  stamp: GroupStamp,
): GroupChange & { group: ClaimGroup } {
  const group = mustFind(groups, groupId);
  const ids = new Set(annotationIds);
  const leaving = group.members.filter((m) => ids.has(m.annotationId));
  const staying = group.members.filter((m) => !ids.has(m.annotationId));
  if (leaving.length === 0 || staying.length === 0) {
    throw new ValidationError('To split a group, choose some of its claims, but not all of them.');
  }
  const created = newClaimGroup(group.projectId, { layer: group.layer, canonical, members: leaving }, stamp);
  return { put: [touched(group, stamp, { members: staying }), created], remove: [], group: created };
}

export interface GroupPatch {
  canonical?: string;
  note?: string;
}

/** Changes a group's canonical wording or note; nothing when they are unchanged. */
export function editGroup(groups: readonly ClaimGroup[], groupId: string, patch: GroupPatch, stamp: GroupStamp): GroupChange {
  const group = mustFind(groups, groupId);
  const next: Partial<ClaimGroup> = {};
  if (patch.canonical !== undefined) {
    const canonical = patch.canonical.trim();
    if (!canonical) throw new ValidationError('A claim group needs a canonical wording.');
    if (canonical !== group.canonical) next.canonical = canonical;
  }
  if (patch.note !== undefined && patch.note !== group.note) next.note = patch.note;
  if (Object.keys(next).length === 0) return EMPTY;
  return { put: [touched(group, stamp, next)], remove: [] };
}

/** Adds a fact-check to a group (checked: an http(s) URL, a date `YYYY-MM-DD` or empty). */
export function addFactCheck(groups: readonly ClaimGroup[], groupId: string, check: FactCheck, stamp: GroupStamp): GroupChange {
  const group = mustFind(groups, groupId);
  const checked = checkedFactCheck(check);
  if (group.factChecks.some((f) => f.url === checked.url))
    throw new ValidationError(`This group already has the fact-check ${checked.url}.`);
  return { put: [touched(group, stamp, { factChecks: [...group.factChecks, checked] })], remove: [] };
}

function factCheckAt(group: ClaimGroup, index: number): FactCheck {
  const found = group.factChecks[index];
  if (!found) throw new ValidationError('That fact-check no longer exists.');
  return found;
}

/** Replaces the fact-check at `index` (checked as when added). */
export function updateFactCheck(
  groups: readonly ClaimGroup[],
  groupId: string,
  index: number,
  check: FactCheck,
  stamp: GroupStamp,
): GroupChange {
  const group = mustFind(groups, groupId);
  factCheckAt(group, index);
  const checked = checkedFactCheck(check);
  if (group.factChecks.some((f, i) => i !== index && f.url === checked.url)) {
    throw new ValidationError(`This group already has the fact-check ${checked.url}.`);
  }
  return { put: [touched(group, stamp, { factChecks: group.factChecks.map((f, i) => (i === index ? checked : f)) })], remove: [] };
}

/** Removes the fact-check at `index`. */
export function removeFactCheck(groups: readonly ClaimGroup[], groupId: string, index: number, stamp: GroupStamp): GroupChange {
  const group = mustFind(groups, groupId);
  factCheckAt(group, index);
  return { put: [touched(group, stamp, { factChecks: group.factChecks.filter((_, i) => i !== index) })], remove: [] };
}

/**
 * Takes deleted claims out of every group that holds them. Unlike an explicit removal, a group
 * left empty stays: its wording, note and fact-checks are the researcher's work.
 */
export function pruneMembers(groups: readonly ClaimGroup[], annotationIds: Iterable<string>, stamp: GroupStamp): GroupChange {
  const ids = new Set(annotationIds);
  const put: ClaimGroup[] = [];
  for (const g of groups) {
    if (!g.members.some((m) => ids.has(m.annotationId))) continue;
    put.push(touched(g, stamp, { members: g.members.filter((m) => !ids.has(m.annotationId)) }));
  }
  return { put, remove: [] };
}

/**
 * The ids a stored group is indexed by: its members' annotations and (each once) their documents.
 * Derived from `members` whenever a group is stored or arrives from a team server.
 */
export function memberIndex(g: Pick<ClaimGroup, 'members'>): { annotationIds: string[]; documentIds: string[] } {
  return {
    annotationIds: g.members.map((m) => m.annotationId as string),
    documentIds: [...new Set(g.members.map((m) => m.documentId as string))],
  };
}
