/**
 * What saving a new schema does to existing data. The schema editor says where each label,
 * attribute and relation type of the new schema came from (its name in the old schema, or none
 * for a new one); `diffSchemas` turns that into renames and removals, `schemaChangeImpact` counts
 * what they touch (for the confirmation), and `applySchemaChange` rewrites annotations, relations
 * and document-attribute values so nothing is orphaned: renames carry over, and annotations whose
 * label is removed are deleted with their relations. Pure.
 */
import type { Annotation, AttributeValue, Relation, Schema } from './types.ts';

/**
 * Where each part of the new schema came from: the old name, or null for something new. Arrays
 * are aligned with the new schema's lists; a missing origin means "same name as now".
 */
export interface SchemaOrigins {
  labels?: (string | null)[];
  /** Per new label (by index): the old name of each of its attributes. */
  attributes?: (string | null)[][];
  relationTypes?: (string | null)[];
  documentAttributes?: (string | null)[];
}

export interface SchemaChange {
  /** Old label name → new name (only real renames). */
  labelRenames: Map<string, string>;
  removedLabels: string[];
  /** Per label (keyed by its OLD name): old attribute name → new name. */
  attributeRenames: Map<string, Map<string, string>>;
  /** Per label (keyed by its OLD name, for labels that stay): attributes removed. */
  removedAttributes: Map<string, string[]>;
  relationTypeRenames: Map<string, string>;
  removedRelationTypes: string[];
  documentAttributeRenames: Map<string, string>;
  removedDocumentAttributes: string[];
}

function origin(list: (string | null)[] | undefined, i: number, current: string): string | null {
  if (!list || i >= list.length) return current;
  return list[i] ?? null;
}

function diffNames(
  oldNames: readonly string[],
  newNames: readonly string[],
  origins: (string | null)[] | undefined,
): { renames: Map<string, string>; removed: string[]; kept: Map<string, string> } {
  const oldSet = new Set(oldNames);
  const kept = new Map<string, string>();
  newNames.forEach((name, i) => {
    const from = origin(origins, i, name);
    if (from !== null && oldSet.has(from) && !kept.has(from)) kept.set(from, name);
  });
  const renames = new Map([...kept].filter(([from, to]) => from !== to));
  const removed = oldNames.filter((n) => !kept.has(n));
  return { renames, removed, kept };
}

/** The renames and removals that take `old` to `next`, given where each new part came from. */
export function diffSchemas(old: Schema, next: Schema, origins: SchemaOrigins = {}): SchemaChange {
  const labels = diffNames(
    old.labels.map((l) => l.name),
    next.labels.map((l) => l.name),
    origins.labels,
  );
  const attributeRenames = new Map<string, Map<string, string>>();
  const removedAttributes = new Map<string, string[]>();
  next.labels.forEach((label, i) => {
    const from = origin(origins.labels, i, label.name);
    const oldLabel = from === null ? undefined : old.labels.find((l) => l.name === from);
    if (!oldLabel || labels.kept.get(oldLabel.name) !== label.name) return;
    const attrs = diffNames(
      (oldLabel.attributes ?? []).map((a) => a.name),
      (label.attributes ?? []).map((a) => a.name),
      origins.attributes?.[i],
    );
    if (attrs.renames.size > 0) attributeRenames.set(oldLabel.name, attrs.renames);
    if (attrs.removed.length > 0) removedAttributes.set(oldLabel.name, attrs.removed);
  });
  const relations = diffNames(
    old.relationTypes.map((r) => r.name),
    next.relationTypes.map((r) => r.name),
    origins.relationTypes,
  );
  const docAttrs = diffNames(
    (old.documentAttributes ?? []).map((a) => a.name),
    (next.documentAttributes ?? []).map((a) => a.name),
    origins.documentAttributes,
  );
  return {
    labelRenames: labels.renames,
    removedLabels: labels.removed,
    attributeRenames,
    removedAttributes,
    relationTypeRenames: relations.renames,
    removedRelationTypes: relations.removed,
    documentAttributeRenames: docAttrs.renames,
    removedDocumentAttributes: docAttrs.removed,
  };
}

export function isEmptyChange(c: SchemaChange): boolean {
  return (
    c.labelRenames.size === 0 &&
    c.removedLabels.length === 0 &&
    c.attributeRenames.size === 0 &&
    c.removedAttributes.size === 0 &&
    c.relationTypeRenames.size === 0 &&
    c.removedRelationTypes.length === 0 &&
    c.documentAttributeRenames.size === 0 &&
    c.removedDocumentAttributes.length === 0
  );
}

export interface SchemaChangeResult {
  /** Annotations that change (renamed label or attributes), in their new form. */
  updatedAnnotations: Annotation[];
  /** Annotations deleted because their label was removed. */
  deletedAnnotations: Annotation[];
  /** Relations that change (renamed type). */
  updatedRelations: Relation[];
  /** Relations deleted: of a removed type, or touching a deleted annotation. */
  deletedRelations: Relation[];
  /** How many attribute values were dropped because their attribute was removed. */
  droppedValues: number;
}

function renameKeys(
  values: Record<string, AttributeValue>,
  renames: Map<string, string> | undefined,
  removed: readonly string[] | undefined,
): { values: Record<string, AttributeValue>; changed: boolean; dropped: number } {
  if (!renames?.size && !removed?.length) return { values, changed: false, dropped: 0 };
  const out: Record<string, AttributeValue> = {};
  let changed = false;
  let dropped = 0;
  const gone = new Set(removed ?? []);
  for (const [key, value] of Object.entries(values)) {
    if (gone.has(key)) {
      changed = true;
      if (value !== null && value !== undefined && value !== '') dropped++;
      continue;
    }
    const to = renames?.get(key);
    if (to !== undefined) changed = true;
    out[to ?? key] = value;
  }
  return { values: changed ? out : values, changed, dropped };
}

/** Rewrites annotations and relations for a schema change. */
export function applySchemaChange(
  change: SchemaChange,
  annotations: readonly Annotation[],
  relations: readonly Relation[],
  stamp?: { by: string; at: string },
): SchemaChangeResult {
  const removedLabels = new Set(change.removedLabels);
  const removedTypes = new Set(change.removedRelationTypes);
  const updatedAnnotations: Annotation[] = [];
  const deletedAnnotations: Annotation[] = [];
  let droppedValues = 0;
  for (const a of annotations) {
    if (removedLabels.has(a.label)) {
      deletedAnnotations.push(a);
      continue;
    }
    const label = change.labelRenames.get(a.label);
    const attrs = renameKeys(a.attributes, change.attributeRenames.get(a.label), change.removedAttributes.get(a.label));
    droppedValues += attrs.dropped;
    if (label === undefined && !attrs.changed) continue;
    const updated: Annotation = { ...a, label: label ?? a.label, attributes: attrs.values };
    if (stamp) Object.assign(updated, { updatedBy: stamp.by, updatedAt: stamp.at });
    updatedAnnotations.push(updated);
  }
  const deletedIds = new Set(deletedAnnotations.map((a) => a.id as string));
  const updatedRelations: Relation[] = [];
  const deletedRelations: Relation[] = [];
  for (const r of relations) {
    if (removedTypes.has(r.type) || deletedIds.has(r.from) || deletedIds.has(r.to)) {
      deletedRelations.push(r);
      continue;
    }
    const type = change.relationTypeRenames.get(r.type);
    if (type === undefined) continue;
    const updated: Relation = { ...r, type };
    if (stamp) Object.assign(updated, { updatedBy: stamp.by, updatedAt: stamp.at });
    updatedRelations.push(updated);
  }
  return { updatedAnnotations, deletedAnnotations, updatedRelations, deletedRelations, droppedValues };
}

/** Renames and drops document-level attribute values; null when nothing changes. */
export function applyToDocumentValues(change: SchemaChange, values: Record<string, AttributeValue>): Record<string, AttributeValue> | null {
  const r = renameKeys(values, change.documentAttributeRenames, change.removedDocumentAttributes);
  return r.changed ? r.values : null;
}

export interface SchemaChangeImpact {
  /** Per removed label: how many annotations it has (they will be deleted). */
  removedLabelCounts: { label: string; annotations: number }[];
  annotationsDeleted: number;
  relationsDeleted: number;
  annotationsRenamed: number;
  relationsRenamed: number;
  valuesDropped: number;
}

/** What a change will do to the given data, for the confirmation before saving. */
export function schemaChangeImpact(
  change: SchemaChange,
  annotations: readonly Annotation[],
  relations: readonly Relation[],
): SchemaChangeImpact {
  const result = applySchemaChange(change, annotations, relations);
  const perLabel = new Map(change.removedLabels.map((l) => [l, 0]));
  for (const a of result.deletedAnnotations) perLabel.set(a.label, (perLabel.get(a.label) ?? 0) + 1);
  return {
    removedLabelCounts: [...perLabel].map(([label, n]) => ({ label, annotations: n })),
    annotationsDeleted: result.deletedAnnotations.length,
    relationsDeleted: result.deletedRelations.length,
    annotationsRenamed: result.updatedAnnotations.length,
    relationsRenamed: result.updatedRelations.length,
    valuesDropped: result.droppedValues,
  };
}

/** Whether the change needs the user's confirmation: it deletes or drops data. */
export function needsConfirmation(impact: SchemaChangeImpact): boolean {
  return impact.annotationsDeleted > 0 || impact.relationsDeleted > 0 || impact.valuesDropped > 0;
}

/** One sentence per consequence, for the confirmation dialog. */
export function describeImpact(impact: SchemaChangeImpact): string[] {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const lines: string[] = [];
  for (const { label, annotations } of impact.removedLabelCounts) {
    if (annotations > 0) {
      lines.push(
        `Removing the label "${label}" deletes ${n(annotations, 'annotation', 'annotations')} labelled ${label}, with their relations.`,
      );
    }
  }
  if (impact.relationsDeleted > 0) lines.push(`${n(impact.relationsDeleted, 'relation is', 'relations are')} deleted.`);
  if (impact.valuesDropped > 0) {
    lines.push(`${n(impact.valuesDropped, 'attribute value is', 'attribute values are')} dropped with the attributes removed.`);
  }
  if (impact.annotationsRenamed > 0) {
    lines.push(`${n(impact.annotationsRenamed, 'annotation carries', 'annotations carry')} renamed labels or attributes over.`);
  }
  if (impact.relationsRenamed > 0) lines.push(`${n(impact.relationsRenamed, 'relation takes', 'relations take')} a renamed type.`);
  return lines;
}
