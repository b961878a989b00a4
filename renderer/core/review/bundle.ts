/**
 * Annotator bundles: how a team exchanges work without a server. A bundle is a project archive
 * (`formats/archive.ts`, the same zip of sorted, key-sorted JSON lines) that holds ONE annotator's
 * layer — their annotations and relations, the documents those are on (with the text, so they can
 * be matched by text hash), the entities their annotations link to, their document statuses, their
 * claim groups (with the members that are annotations of their layer) — and
 * a `bundle` table with one row describing it:
 *
 *     bundle.jsonl   {"annotator":"alice","created":"…","format":"claimscope-annotator-bundle",
 *                     "formatVersion":1,"layer":"alice","schemaFingerprint":"…"}
 *
 * Adding a bundle to another installation matches its documents by the SHA-256 of their text (ids
 * differ between installations), reports the documents that match nothing, and replaces that one
 * layer only (its claim groups included): nothing of another layer is ever read for writing. A newer bundle of the same
 * annotator replaces the layer; an older one (or the same one again) is refused with a message.
 *
 * Pure: build, read and plan. The database side is `renderer/src/db/review.ts`.
 */
import { schemaFingerprint } from '../model/schema.ts';
import { sha256Hex } from '../model/hash.ts';
import { newAnnotationId, newClaimGroupId, newRelationId } from '../model/ids.ts';
import {
  GOLD_LAYER,
  SUGGESTIONS_LAYER,
  type Annotation,
  type AnnotationId,
  type ClaimGroup,
  type DocumentAttributesRecord,
  type DocumentId,
  type DocumentRecord,
  type Entity,
  type Project,
  type ProjectId,
  type Relation,
} from '../model/types.ts';
import { readArchive, writeArchive, type ArchiveRow } from '../formats/archive.ts';
import { fail, ok, type Result } from '../formats/types.ts';
import { plural } from '../model/plural.ts';

export const BUNDLE_FORMAT = 'claimscope-annotator-bundle';
export const BUNDLE_VERSION = 1;
/** The archive table that marks an archive as an annotator bundle. */
export const BUNDLE_TABLE = 'bundle';
export const BUNDLE_EXTENSION = 'claimscope-bundle.zip';

export interface BundleInfo {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** The annotator's name, as set at their installation. */
  annotator: string;
  /** The layer the bundle carries (the annotator's name). */
  layer: string;
  /** When the bundle was written (ISO 8601): a newer bundle of the same layer replaces an older one. */
  created: string;
  /** {@link schemaFingerprint} of the schema the annotator worked with. */
  schemaFingerprint: string;
}

/** A layer's document-level attribute values (topic, relevance …) as bundles carry them (`documentAttributes` table). */
export type BundleDocumentAttributes = DocumentAttributesRecord;

/** A document status row as bundles carry it (`documentStatus` table of the database). */
export interface BundleStatus {
  documentId: string;
  projectId: string;
  annotator: string;
  status: string;
  updatedAt: string;
  [key: string]: unknown;
}

export interface AnnotatorBundle {
  info: BundleInfo;
  project: Project;
  documents: DocumentRecord[];
  annotations: Annotation[];
  relations: Relation[];
  entities: Entity[];
  statuses: BundleStatus[];
  documentAttributes: BundleDocumentAttributes[];
  claimGroups: ClaimGroup[];
}

export interface BuildBundleInput {
  project: Project;
  annotator: string;
  /** When the bundle is written (ISO 8601); supplied by the caller so output is reproducible. */
  created: string;
  appVersion: string;
  documents: readonly DocumentRecord[];
  /** Annotations of the project; only the annotator's layer is taken. */
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  entities?: readonly Entity[];
  /** Document statuses of the project; only the annotator's are taken. */
  statuses?: readonly BundleStatus[];
  /** Document-level attribute values of the project; only the annotator's layer is taken. */
  documentAttributes?: readonly BundleDocumentAttributes[];
  /** Claim groups of the project; only the annotator's layer is taken, with its members in the layer. */
  claimGroups?: readonly ClaimGroup[];
}

/** The file name a bundle is saved under: `<project>-<annotator>-<date>.claimscope-bundle.zip`. */
export function bundleFileName(projectName: string, annotator: string, created: string): string {
  const stem = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'untitled';
  const stamp = created.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stem(projectName)}-${stem(annotator)}-${stamp}.${BUNDLE_EXTENSION}`;
}

/**
 * Writes the annotator's layer as a bundle: the annotations and relations of their layer, every
 * document that has one of them, a status or document-level values of theirs, the entities their
 * annotations link to, their statuses and their document-level values (topic, relevance …). Deterministic: the same input gives the same bytes.
 */
export function buildBundle(input: BuildBundleInput): { bytes: Uint8Array; info: BundleInfo; documents: number; annotations: number } {
  const layer = input.annotator;
  const annotations = input.annotations.filter((a) => a.layer === layer && a.projectId === input.project.id);
  const relations = input.relations.filter((r) => r.layer === layer && r.projectId === input.project.id);
  const statuses = (input.statuses ?? []).filter((s) => s.annotator === layer && s.projectId === input.project.id);
  const documentAttributes = (input.documentAttributes ?? []).filter((v) => v.layer === layer && v.projectId === input.project.id);
  const docIds = new Set<string>([
    ...annotations.map((a) => a.documentId as string),
    ...statuses.map((s) => s.documentId),
    ...documentAttributes.map((v) => v.documentId),
  ]);
  const documents = input.documents.filter((d) => docIds.has(d.id));
  const present = new Set(documents.map((d) => d.id as string));
  const linked = new Set<string>();
  for (const a of annotations) {
    for (const v of Object.values(a.attributes)) {
      if (typeof v === 'string') linked.add(v);
      else if (Array.isArray(v)) for (const x of v) linked.add(x);
    }
  }
  const entities = (input.entities ?? []).filter((e) => linked.has(e.id));
  const carried = new Set(annotations.filter((a) => present.has(a.documentId)).map((a) => a.id as string));
  const claimGroups = (input.claimGroups ?? []).flatMap((g) => {
    if (g.layer !== layer || g.projectId !== input.project.id) return [];
    const members = g.members.filter((m) => carried.has(m.annotationId));
    return members.length > 0 ? [{ ...g, members }] : [];
  });
  const info: BundleInfo = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    annotator: input.annotator,
    layer,
    created: input.created,
    schemaFingerprint: schemaFingerprint(input.project.schema),
  };
  const row = <T>(x: T) => x as unknown as ArchiveRow;
  const bytes = writeArchive({
    project: input.project,
    appVersion: input.appVersion,
    created: input.created,
    tables: {
      documents: documents.map(row),
      annotations: annotations.filter((a) => present.has(a.documentId)).map(row),
      relations: relations.filter((r) => present.has(r.documentId)).map(row),
      entities: entities.map(row),
      documentStatus: statuses.filter((s) => present.has(s.documentId)).map(row),
      documentAttributes: documentAttributes.filter((v) => present.has(v.documentId)).map(row),
      ...(claimGroups.length > 0 && { claimGroups: claimGroups.map(row) }),
      [BUNDLE_TABLE]: [row(info)],
    },
  });
  return { bytes, info, documents: documents.length, annotations: annotations.length };
}

/** True when the bytes are an archive with a bundle table (cheap check for file pickers, CLI). */
export function isBundleInfo(value: unknown): value is BundleInfo {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.format === BUNDLE_FORMAT &&
    typeof v.formatVersion === 'number' &&
    typeof v.annotator === 'string' &&
    v.annotator.trim() !== '' &&
    typeof v.layer === 'string' &&
    v.layer.trim() !== '' &&
    typeof v.created === 'string' &&
    !Number.isNaN(Date.parse(v.created)) &&
    typeof v.schemaFingerprint === 'string'
  );
}

/**
 * Reads and checks a bundle: a valid project archive (every row checked, see `readArchive`) with
 * exactly one bundle row, whose annotations and relations all belong to the bundle's layer. Never
 * throws; errors name the file and the problem.
 */
export function readBundle(name: string, bytes: Uint8Array): Result<AnnotatorBundle> {
  const archive = readArchive(name, bytes);
  if (!archive.ok) return archive;
  const { tables, project } = archive.value;
  const infoRows = tables[BUNDLE_TABLE];
  if (!infoRows) {
    return fail(
      name,
      'is a Claimscope project archive, not an annotator bundle (it has no bundle.jsonl). Restore it as a project instead.',
    );
  }
  if (infoRows.length !== 1) return fail(`${name}: bundle.jsonl`, `must hold exactly one row, not ${infoRows.length}.`);
  const info = infoRows[0];
  if (!isBundleInfo(info)) {
    return fail(
      `${name}: bundle.jsonl`,
      `is not a bundle description (it needs format "${BUNDLE_FORMAT}", annotator, layer, created and schemaFingerprint).`,
      1,
    );
  }
  if (info.formatVersion > BUNDLE_VERSION) {
    return fail(
      `${name}: bundle.jsonl`,
      `was written by a newer Claimscope (bundle version ${info.formatVersion}; this version reads up to ${BUNDLE_VERSION}).`,
      1,
    );
  }
  if (info.layer === GOLD_LAYER || info.layer === SUGGESTIONS_LAYER) {
    return fail(`${name}: bundle.jsonl`, `carries the layer "${info.layer}", which is not an annotator's layer.`, 1);
  }
  const annotations = (tables.annotations ?? []) as unknown as Annotation[];
  const relations = (tables.relations ?? []) as unknown as Relation[];
  const documentAttributes = (tables.documentAttributes ?? []) as unknown as BundleDocumentAttributes[];
  const claimGroups = (tables.claimGroups ?? []) as unknown as ClaimGroup[];
  // Every row must be in the bundle's layer: the first one that is not is named with its line.
  type Row = { id?: string; layer: string };
  const outOfLayer: [file: string, rows: Row[], what: (row: Row) => string][] = [
    ['annotations.jsonl', annotations, (a) => `annotation "${a.id}" is`],
    ['relations.jsonl', relations, (r) => `relation "${r.id}" is`],
    ['documentAttributes.jsonl', documentAttributes, () => 'document-level values are'],
    ['claim-groups.jsonl', claimGroups, (g) => `claim group "${g.id}" is`],
  ];
  for (const [file, rows, what] of outOfLayer) {
    const wrong = rows.findIndex((row) => row.layer !== info.layer);
    if (wrong >= 0) {
      const row = rows[wrong]!;
      return fail(
        `${name}: ${file}`,
        `${what(row)} in layer "${row.layer}", but the bundle carries layer "${info.layer}" only.`,
        wrong + 1,
      );
    }
  }
  const documents = (tables.documents ?? []) as unknown as DocumentRecord[];
  for (const [i, d] of documents.entries()) {
    if (sha256Hex(d.text) !== d.textHash) {
      return fail(
        `${name}: documents.jsonl`,
        `document "${d.title}" has a text hash that does not match its text: the bundle was changed after it was written.`,
        i + 1,
      );
    }
  }
  const warnings = archive.warnings;
  return ok(
    {
      info,
      project,
      documents,
      annotations,
      relations,
      entities: (tables.entities ?? []) as unknown as Entity[],
      statuses: (tables.documentStatus ?? []) as unknown as BundleStatus[],
      documentAttributes,
      claimGroups,
    },
    warnings,
  );
}

// ---------------------------------------------------------------------------------------------
// Planning a merge

/** What the receiving installation knows when a bundle is added. */
export interface MergeTarget {
  project: Pick<Project, 'id' | 'schema'>;
  /** The receiving installation's own annotator name (its own layer is never replaced). */
  annotator: string;
  documents: readonly Pick<DocumentRecord, 'id' | 'textHash' | 'title'>[];
  /** When the bundle now in each imported layer was written, by layer. */
  importedLayers: ReadonlyMap<string, string>;
  /** Layers that hold annotations in this project (to refuse a layer made here, not imported). */
  localLayers: ReadonlySet<string>;
  /** Entity ids the project already has. */
  entityIds: ReadonlySet<string>;
  /** Labels of the receiving project's schema. */
  labels?: ReadonlySet<string>;
}

export interface UnmatchedDocument {
  title: string;
  textHash: string;
  annotations: number;
}

export type MergePlan =
  | {
      action: 'add' | 'replace';
      layer: string;
      info: BundleInfo;
      /** Bundle document id → local document id. */
      matched: { bundleId: string; localId: string; title: string }[];
      unmatched: UnmatchedDocument[];
      /** Replace every annotation and relation of `layer` in the project with these. */
      annotations: Annotation[];
      relations: Relation[];
      statuses: BundleStatus[];
      /** The layer's document-level values, on local documents; they replace the layer's values. */
      documentAttributes: BundleDocumentAttributes[];
      /** The layer's claim groups, on local annotations; they replace the layer's groups. */
      claimGroups: ClaimGroup[];
      entities: Entity[];
      /** Things the user should be told (schema differences, labels not in the schema …). */
      notes: string[];
    }
  | { action: 'refuse'; layer: string; info: BundleInfo; reason: string };

/**
 * Plans adding a bundle: which documents match (by text hash), which do not, and the new records
 * of the bundle's layer (fresh ids, local document ids, relations re-pointed). Refuses the
 * receiver's own layer, a layer that was made here rather than imported, and a bundle not newer
 * than the one already added for that layer.
 */
export function planBundleMerge(
  bundle: AnnotatorBundle,
  target: MergeTarget,
  newIds = { annotation: newAnnotationId, relation: newRelationId, group: newClaimGroupId },
): MergePlan {
  const { info } = bundle;
  const layer = info.layer;
  const refuse = (reason: string): MergePlan => ({ action: 'refuse', layer, info, reason });
  if (layer === target.annotator) {
    return refuse(
      `This bundle holds annotations by "${layer}", which is the name annotating here. Your own layer is never replaced by a bundle; change your name first if this is a teammate's work.`,
    );
  }
  const previous = target.importedLayers.get(layer);
  if (previous === undefined && target.localLayers.has(layer)) {
    return refuse(`The layer "${layer}" was made in this project, not added from a bundle, so a bundle does not replace it.`);
  }
  if (previous !== undefined) {
    const cmp = Date.parse(info.created) - Date.parse(previous);
    if (cmp < 0)
      return refuse(
        `This bundle from ${layer} (written ${info.created}) is older than the one already added (written ${previous}); the newer annotations are kept.`,
      );
    if (cmp === 0) return refuse(`This bundle from ${layer} (written ${info.created}) has already been added.`);
  }

  const byHash = new Map<string, (typeof target.documents)[number]>();
  for (const d of target.documents) if (!byHash.has(d.textHash)) byHash.set(d.textHash, d);
  const docMap = new Map<string, string>();
  const matched: { bundleId: string; localId: string; title: string }[] = [];
  const unmatched: UnmatchedDocument[] = [];
  const countByDoc = new Map<string, number>();
  for (const a of bundle.annotations) countByDoc.set(a.documentId, (countByDoc.get(a.documentId) ?? 0) + 1);
  for (const d of bundle.documents) {
    const local = byHash.get(d.textHash);
    if (local) {
      docMap.set(d.id, local.id);
      matched.push({ bundleId: d.id, localId: local.id, title: local.title });
    } else {
      unmatched.push({ title: d.title, textHash: d.textHash, annotations: countByDoc.get(d.id) ?? 0 });
    }
  }

  const projectId = target.project.id as ProjectId;
  const annIds = new Map<string, AnnotationId>();
  const annotations: Annotation[] = [];
  for (const a of bundle.annotations) {
    const documentId = docMap.get(a.documentId);
    if (!documentId) continue;
    const id = newIds.annotation();
    annIds.set(a.id, id);
    annotations.push({ ...a, id, projectId, documentId: documentId as DocumentId, layer });
  }
  const relations: Relation[] = [];
  for (const r of bundle.relations) {
    const documentId = docMap.get(r.documentId);
    const from = annIds.get(r.from);
    const to = annIds.get(r.to);
    if (!documentId || !from || !to) continue;
    relations.push({ ...r, id: newIds.relation(), projectId, documentId: documentId as DocumentId, from, to, layer });
  }
  const statuses = bundle.statuses
    .filter((s) => docMap.has(s.documentId))
    .map((s) => ({ ...s, documentId: docMap.get(s.documentId)!, projectId, annotator: layer }));
  const documentAttributes = bundle.documentAttributes
    .filter((v) => docMap.has(v.documentId))
    .map((v) => ({ ...v, documentId: docMap.get(v.documentId)!, projectId, layer }));
  const entities = bundle.entities.filter((e) => !target.entityIds.has(e.id)).map((e) => ({ ...e, projectId }));
  const claimGroups = bundle.claimGroups.flatMap((g) => {
    const members = g.members.flatMap((m) => {
      const documentId = docMap.get(m.documentId);
      const annotationId = annIds.get(m.annotationId);
      return documentId && annotationId ? [{ documentId: documentId as DocumentId, annotationId }] : [];
    });
    if (members.length === 0) return [];
    const {
      annotationIds: _a,
      documentIds: _d,
      removed: was,
      ...group
    } = g as ClaimGroup & { annotationIds?: unknown; documentIds?: unknown };
    const removed = (was ?? []).flatMap((r) => {
      const documentId = docMap.get(r.documentId);
      return documentId ? [{ documentId: documentId as DocumentId, quote: r.quote }] : [];
    });
    return [{ ...group, id: newIds.group(), projectId, layer, members, ...(removed.length ? { removed } : {}) }];
  });

  const notes: string[] = [];
  if (schemaFingerprint(target.project.schema as Project['schema']) !== info.schemaFingerprint) {
    notes.push(`${layer} annotated with a different schema than this project's; labels, attributes or relation types may not line up.`);
  }
  if (target.labels) {
    const foreign = [...new Set(annotations.map((a) => a.label).filter((l) => !target.labels!.has(l)))].sort();
    if (foreign.length) notes.push(`Labels not in this project's schema (shown in grey): ${foreign.join(', ')}.`);
  }
  return {
    action: previous === undefined ? 'add' : 'replace',
    layer,
    info,
    matched,
    unmatched,
    annotations,
    relations,
    statuses,
    documentAttributes,
    claimGroups,
    entities,
    notes,
  };
}

/** One sentence for the user about a planned (or refused) merge. */
export function describeMergePlan(plan: MergePlan): string {
  if (plan.action === 'refuse') return plan.reason;
  const verb = plan.action === 'add' ? 'Added' : 'Replaced';
  const groups = plan.claimGroups.length > 0 ? ` and ${plural(plan.claimGroups.length, 'claim group')}` : '';
  let s = `${verb} ${plan.layer}'s layer: ${plural(plan.annotations.length, 'annotation')}${groups} on ${plural(plan.matched.length, 'document')}.`;
  if (plan.unmatched.length) {
    const names = plan.unmatched
      .slice(0, 3)
      .map((d) => `“${d.title}”`)
      .join(', ');
    s += ` ${plural(plan.unmatched.length, 'document')} of the bundle match${plan.unmatched.length === 1 ? 'es' : ''} no document here by text and ${plan.unmatched.length === 1 ? 'was' : 'were'} left out: ${names}${plan.unmatched.length > 3 ? ' …' : ''}.`;
  }
  for (const n of plan.notes) s += ` ${n}`;
  return s;
}
