/**
 * Counting what an export leaves out, for the loss report shown before writing. Each format's
 * `lossNotes(dataset)` uses these so the same thing is counted the same way in every format:
 * only records of the dataset's documents count, attribute values are counted one per value (a
 * list of three topics is three values), and relations only where both ends are exported.
 */
import type { Annotation, AttributeValue, DocumentRecord, Relation } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import type { Dataset } from './types.ts';

/** Which records a format writes: one layer only, some labels only (`undefined`: all). */
export interface Written {
  layer?: string;
  labels?: readonly string[];
}

/**
 * The dataset's annotations and relations that an export writes: those of its documents (in the
 * chosen layer, with the chosen labels), and relations with both ends among them. Every format's
 * loss notes count from these.
 */
export function exportedRecords(dataset: Dataset, only: Written = {}): { annotations: Annotation[]; relations: Relation[] } {
  const docIds = new Set(dataset.documents.map((d) => d.id as string));
  const labels = only.labels ? new Set(only.labels) : null;
  const inLayer = (r: { layer: string }) => only.layer === undefined || r.layer === only.layer;
  const annotations = dataset.annotations.filter((a) => docIds.has(a.documentId) && inLayer(a) && (!labels || labels.has(a.label)));
  const ids = new Set(annotations.map((a) => a.id as string));
  const relations = dataset.relations.filter((r) => docIds.has(r.documentId) && inLayer(r) && ids.has(r.from) && ids.has(r.to));
  return { annotations, relations };
}

/** Values an attribute holds: a list counts each item, null and an empty list count none. */
export function valueCount(v: AttributeValue | undefined): number {
  if (v === undefined || v === null) return 0;
  return Array.isArray(v) ? v.length : 1;
}

export interface AttributeTally {
  values: number;
  annotations: number;
  documents: number;
}

/** Attribute values on the given annotations (those `keep` accepts, by attribute name and value). */
export function tallyAttributes(
  annotations: readonly Annotation[],
  keep: (name: string, value: AttributeValue, a: Annotation) => boolean = () => true,
): AttributeTally {
  let values = 0;
  const anns = new Set<string>();
  const docs = new Set<string>();
  for (const a of annotations) {
    for (const [name, v] of Object.entries(a.attributes)) {
      if (!keep(name, v, a)) continue;
      const n = valueCount(v);
      if (n === 0) continue;
      values += n;
      anns.add(a.id);
      docs.add(a.documentId);
    }
  }
  return { values, annotations: anns.size, documents: docs.size };
}

/** "40 attribute values on 12 annotations" */
export function describeAttributes(t: AttributeTally, what = 'attribute value'): string {
  return `${plural(t.values, what)} on ${plural(t.annotations, 'annotation')}`;
}

/** Annotations with a note, and in how many documents. */
export function tallyNotes(
  annotations: readonly Annotation[],
  which: (note: string) => boolean = (n) => n.trim() !== '',
): { count: number; documents: number } {
  const withNote = annotations.filter((a) => which(a.note));
  return { count: withNote.length, documents: new Set(withNote.map((a) => a.documentId)).size };
}

/** Metadata fields (key/value pairs) on the documents, and how many documents have any. */
export function tallyMetadata(documents: readonly DocumentRecord[]): { fields: number; documents: number } {
  let fields = 0;
  let docs = 0;
  for (const d of documents) {
    const n = Object.keys(d.metadata).length;
    fields += n;
    if (n > 0) docs++;
  }
  return { fields, documents: docs };
}

/** The layers among the annotations, sorted. */
export function layersOf(annotations: readonly Annotation[]): string[] {
  return [...new Set(annotations.map((a) => a.layer))].sort();
}

/** Entity records that the exported annotations link to (an attribute value equal to the entity id). */
export function linkedEntities(dataset: Dataset, annotations: readonly Annotation[]): number {
  const ids = new Set((dataset.entities ?? []).map((e) => e.id as string));
  if (ids.size === 0) return 0;
  const found = new Set<string>();
  for (const a of annotations) {
    for (const v of Object.values(a.attributes)) {
      for (const s of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) if (ids.has(s)) found.add(s);
    }
  }
  return found.size;
}

/** A note about who made and changed annotations and when, for formats that keep none of it. */
export function provenanceNote(format: string, annotations: readonly Annotation[]): string | null {
  if (annotations.length === 0) return null;
  return `${format} does not record who made or changed an annotation, or when: that is left out for ${plural(annotations.length, 'annotation')}.`;
}

/** The discontinuous annotations (several ranges) as `3 discontinuous spans in 2 documents`, or null when there are none. */
export function discontinuousSpans(annotations: readonly Annotation[]): string | null {
  const split = annotations.filter((a) => a.ranges.length > 1);
  if (split.length === 0) return null;
  return `${plural(split.length, 'discontinuous span')} in ${plural(new Set(split.map((a) => a.documentId)).size, 'document')}`;
}
