/**
 * Claim groups as the formats see them: which groups an export holds, which group a claim is in,
 * a fact-check in one line, and the loss note of a format that cannot carry groups. Pure, one group
 * or one claim at a time, so a streamed writer can use them as well as a whole-file one.
 */
import { plural } from '../model/plural.ts';
import type { ClaimGroupInput } from '../model/records.ts';
import type { Annotation, ClaimGroup, ClaimGroupMember, DocumentRecord, FactCheck } from '../model/types.ts';
import type { ExportHead, PageWriterFactory } from './stream.ts';
import type { Dataset, ImportedClaimGroup } from './types.ts';

/**
 * The groups an export holds: those of the chosen layers (`null`: all), each with only its members
 * among the exported annotations; a group left with no member is not exported.
 */
export function groupsWithin(
  groups: readonly ClaimGroup[],
  annotations: readonly Pick<Annotation, 'id'>[],
  layers: ReadonlySet<string> | null = null,
): ClaimGroup[] {
  const exported = new Set(annotations.map((a) => a.id as string));
  const out: ClaimGroup[] = [];
  for (const g of groups) {
    if (layers && !layers.has(g.layer)) continue;
    const members = g.members.filter((m) => exported.has(m.annotationId));
    if (members.length === 0) continue;
    out.push(members.length === g.members.length ? g : { ...g, members });
  }
  return out;
}

/** The dataset's groups that have a member among its documents' annotations. */
export function exportedGroups(dataset: Dataset): ClaimGroup[] {
  if (!dataset.claimGroups || dataset.claimGroups.length === 0) return [];
  const docs = new Set(dataset.documents.map((d) => d.id as string));
  return groupsWithin(
    dataset.claimGroups,
    dataset.annotations.filter((a) => docs.has(a.documentId)),
  );
}

/** The export's documents by id, with their place in the export's order (a group's members follow it). */
export type DocumentIndex = ReadonlyMap<string, { document: DocumentRecord; order: number }>;

export function documentIndex(dataset: Pick<Dataset, 'documents'>): DocumentIndex {
  return new Map(dataset.documents.map((document, order) => [document.id as string, { document, order }]));
}

/** Groups in a stable order: by layer, canonical wording, id. */
export function compareGroups(a: ClaimGroup, b: ClaimGroup): number {
  return cmp(a.layer, b.layer) || cmp(a.canonical, b.canonical) || cmp(a.id, b.id);
}

/** The groups each claim is a member of (at most one per layer), in {@link compareGroups} order. */
export function groupsByClaim(groups: readonly ClaimGroup[]): Map<string, ClaimGroup[]> {
  const map = new Map<string, ClaimGroup[]>();
  for (const g of [...groups].sort(compareGroups)) {
    for (const m of g.members) {
      const list = map.get(m.annotationId);
      if (list) list.push(g);
      else map.set(m.annotationId, [g]);
    }
  }
  return map;
}

/** `Full Fact: False (2024-03-02) https://fullfact.org/…`: the parts that are set. */
export function describeFactCheck(f: FactCheck): string {
  const head = [f.publisher, f.verdict].filter((s) => s.trim() !== '').join(': ');
  return [head, f.date ? `(${f.date})` : '', f.url].filter((s) => s.trim() !== '').join(' ');
}

/**
 * The export's groups found page by page: `page` notes the members each page exports, `groups`
 * then gives what {@link exportedGroups} gives for all the pages together. `members` are the
 * annotations that are members of any of the head's groups.
 */
export interface GroupsTally {
  readonly members: ReadonlySet<string>;
  page(page: Dataset): void;
  groups(): ClaimGroup[];
}

export function exportedGroupsTally(head: ExportHead): GroupsTally {
  const groups = head.claimGroups ?? [];
  const members = new Set(groups.flatMap((g) => g.members.map((m) => m.annotationId as string)));
  const seen: Pick<Annotation, 'id'>[] = [];
  return {
    members,
    page(page) {
      if (members.size === 0) return;
      const docs = new Set(page.documents.map((d) => d.id as string));
      for (const a of page.annotations) if (members.has(a.id) && docs.has(a.documentId)) seen.push({ id: a.id });
    },
    groups: () => groupsWithin(groups, seen),
  };
}

/**
 * The loss note of a format that has no place for claim groups, or null when the export holds
 * none: "brat standoff cannot hold claim groups: 2 groups of 5 claims will be left out."
 */
export function groupsNotCarried(format: string, groups: readonly ClaimGroup[]): string | null {
  if (groups.length === 0) return null;
  const claims = new Set(groups.flatMap((g) => g.members.map((m) => m.annotationId as string))).size;
  const checks = groups.reduce((n, g) => n + g.factChecks.length, 0);
  const withChecks = checks > 0 ? ` and ${plural(checks, 'fact-check')}` : '';
  return `${format} cannot hold claim groups: ${plural(groups.length, 'group')} of ${plural(claims, 'claim')}${withChecks} will be left out.`;
}

/** The record factory's input for a group read from a file, with its members resolved to records. */
export function importedGroupInput(g: ImportedClaimGroup, members: readonly ClaimGroupMember[]): ClaimGroupInput {
  const input: ClaimGroupInput = { layer: g.layer, canonical: g.canonical, members, note: g.note, factChecks: g.factChecks };
  if (g.createdBy !== undefined) input.createdBy = g.createdBy;
  if (g.createdAt !== undefined) input.createdAt = g.createdAt;
  if (g.updatedBy !== undefined) input.updatedBy = g.updatedBy;
  if (g.updatedAt !== undefined) input.updatedAt = g.updatedAt;
  return input;
}

/**
 * The page writer of a format written from the groups alone (the groups table, ClaimReview of
 * groups): from each page it keeps only the documents that hold a member of one of the head's
 * groups (without their text and blocks), with their annotations and relations (for speakers and
 * source chains), and at the end writes that reduced dataset whole with `serialize`. Memory grows
 * with the grouped documents only.
 */
export function groupedDocumentsPages(serialize: (dataset: Dataset) => string): PageWriterFactory {
  return ({ project, entities, claimGroups }) => {
    const groups = claimGroups ?? [];
    const holding = new Set(groups.flatMap((g) => g.members.map((m) => m.documentId as string)));
    const kept: Dataset = { project, documents: [], annotations: [], relations: [], entities: [...entities], claimGroups: [...groups] };
    return {
      page(page) {
        for (const d of page.documents) if (holding.has(d.id)) kept.documents.push({ ...d, text: '', blocks: [] });
        for (const a of page.annotations) if (holding.has(a.documentId)) kept.annotations.push(a);
        for (const r of page.relations) if (holding.has(r.documentId)) kept.relations.push(r);
        return '';
      },
      end: () => serialize(kept),
    };
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
