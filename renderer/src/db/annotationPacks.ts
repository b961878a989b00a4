/**
 * Annotation packs: each document's annotations, as much of them as the agreement reads (id,
 * layer, label, ranges, attributes), in ONE compact row (`annotationPacks`, keyed by document).
 * Reading 250,000 annotation rows from IndexedDB costs seconds of CPU however they are read (a cost
 * per row: Chromium's store and the copy between processes); 1,000 packs of typed arrays and
 * short strings cost a fraction of that.
 *
 * A pack is derived and never stale: `annotationPacksMiddleware.ts` deletes, in the writing
 * transaction, the pack of every document whose annotations any write adds, changes or deletes;
 * {@link buildPacks} builds missing packs from the annotations themselves, reading and writing in
 * one read-write transaction, so no write can slip between: when the Agreement view reads
 * ({@link readPackedAnnotations}), or before that in the background (annotationPacksRebuild.ts).
 * Packs are local: never replicated, never carried by an archive (rebuilt when next read).
 */
import type { AnnotationRecordInput } from '../../core/metrics/report-input.ts';
import type { Annotation } from '../../core/model/types.ts';
import type { AppDb } from './db.ts';
import { rowsOfDocuments } from './archive.ts';

/** What the agreement reads of an annotation (an {@link Annotation} record fits). */
export type PackedAnnotation = AnnotationRecordInput;

/**
 * One document's annotations in column form, in the order of their ids (as IndexedDB returns
 * them). Annotation i has id `ids[i]`, layer `layers[layerOf[i]]`,
 * label `labels[labelOf[i]]`, ranges `rangeEnds[i − 1] … rangeEnds[i]` of `starts`/`ends`, and
 * attributes `attributes[k]` when `attributeAt[k] = i`, else an empty object. A document whose
 * annotations do not fit that form (an id that is not a string, a range with other fields) keeps
 * them whole in `whole` instead. The ids are strings of their own rather than one joined string
 * cut up when read: slices of one string cost the agreement, which keeps ids in sets and maps,
 * about three times as much to hash.
 */
export interface AnnotationPackRecord {
  documentId: string;
  projectId: string;
  count: number;
  ids: string[];
  layers: string[];
  layerOf: Uint32Array;
  labels: string[];
  labelOf: Uint32Array;
  rangeEnds: Uint32Array;
  starts: Float64Array;
  ends: Float64Array;
  attributeAt: Uint32Array;
  attributes: Annotation['attributes'][];
  whole?: PackedAnnotation[];
}

/** What the agreement reads of an annotation record, and nothing else. */
export const packedFields = (a: PackedAnnotation): PackedAnnotation => ({
  id: a.id,
  documentId: a.documentId,
  layer: a.layer,
  label: a.label,
  ranges: a.ranges,
  attributes: a.attributes,
});

const isPlainRange = (r: unknown): boolean => {
  if (typeof r !== 'object' || r === null) return false;
  const keys = Object.keys(r);
  const { start, end } = r as { start: unknown; end: unknown };
  return keys.length === 2 && typeof start === 'number' && typeof end === 'number' && keys[0] === 'start';
};

const isEmptyObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0;

/** The pack of a document's annotations (given in id order). */
export function packAnnotations(documentId: string, projectId: string, annotations: readonly PackedAnnotation[]): AnnotationPackRecord {
  const n = annotations.length;
  const pack: AnnotationPackRecord = {
    documentId,
    projectId,
    count: n,
    ids: [],
    layers: [],
    layerOf: new Uint32Array(n),
    labels: [],
    labelOf: new Uint32Array(n),
    rangeEnds: new Uint32Array(n),
    starts: new Float64Array(0),
    ends: new Float64Array(0),
    attributeAt: new Uint32Array(0),
    attributes: [],
  };
  const regular = annotations.every(
    (a) => typeof a.id === 'string' && a.documentId === documentId && Array.isArray(a.ranges) && a.ranges.every(isPlainRange),
  );
  if (!regular) {
    pack.whole = annotations.map(packedFields);
    return pack;
  }
  const dictionary = (values: string[]) => {
    const index = new Map<string, number>();
    return (v: string) => {
      let i = index.get(v);
      if (i === undefined) index.set(v, (i = values.push(v) - 1));
      return i;
    };
  };
  const layerIndex = dictionary(pack.layers);
  const labelIndex = dictionary(pack.labels);
  const starts: number[] = [];
  const ends: number[] = [];
  const attributeAt: number[] = [];
  annotations.forEach((a, i) => {
    pack.ids.push(a.id);
    pack.layerOf[i] = layerIndex(a.layer);
    pack.labelOf[i] = labelIndex(a.label);
    for (const r of a.ranges) {
      starts.push(r.start);
      ends.push(r.end);
    }
    pack.rangeEnds[i] = starts.length;
    if (!isEmptyObject(a.attributes)) {
      attributeAt.push(i);
      pack.attributes.push(a.attributes);
    }
  });
  pack.starts = Float64Array.from(starts);
  pack.ends = Float64Array.from(ends);
  pack.attributeAt = Uint32Array.from(attributeAt);
  return pack;
}

/** The attributes of every annotation that has none: one object, frozen, rather than one each. */
const NO_ATTRIBUTES: Annotation['attributes'] = Object.freeze({});

/** The annotations of a pack, in its order, appended to `out` (those without attributes share one frozen empty object). */
export function unpackAnnotations(pack: AnnotationPackRecord, out: PackedAnnotation[] = []): PackedAnnotation[] {
  if (pack.whole) {
    for (const a of pack.whole) out.push(a);
    return out;
  }
  const { ids, layers, layerOf, labels, labelOf, rangeEnds, starts, ends, attributeAt, attributes } = pack;
  const documentId = pack.documentId as Annotation['documentId'];
  let next = 0;
  for (let i = 0, r = 0; i < pack.count; i++) {
    const ranges = [];
    for (const last = rangeEnds[i]!; r < last; r++) ranges.push({ start: starts[r]!, end: ends[r]! });
    const withAttributes = next < attributeAt.length && attributeAt[next] === i;
    out.push({
      id: ids[i] as Annotation['id'],
      documentId,
      layer: layers[layerOf[i]!]!,
      label: labels[labelOf[i]!]!,
      ranges,
      attributes: withAttributes ? attributes[next++]! : NO_ATTRIBUTES,
    });
  }
  return out;
}

/**
 * Builds and stores the packs of these documents of a project from their annotations (those of
 * this project), reading and writing in ONE read-write transaction: a write to their annotations
 * commits either before it (and is read) or after it (and its middleware deletes the pack), so a
 * pack is never stale. A document that is no longer in the project gets none. `byProject` reads
 * the project's rows in one request (for most of a project) rather than one request per document.
 */
export async function buildPacks(
  db: AppDb,
  projectId: string,
  documentIds: readonly string[],
  byProject = false,
): Promise<AnnotationPackRecord[]> {
  return db.transaction('rw', [db.documents, db.annotations, db.annotationPacks], async () => {
    const inProject = byProject
      ? new Set((await db.documents.where('projectId').equals(projectId).primaryKeys()) as string[])
      : new Set((await db.documents.bulkGet([...documentIds])).flatMap((d) => (d?.projectId === projectId ? [d.id as string] : [])));
    const present = documentIds.filter((id) => inProject.has(id));
    if (present.length === 0) return [];
    const rows = byProject
      ? await db.annotations.where('projectId').equals(projectId).toArray()
      : await rowsOfDocuments(db.annotations, present);
    const byDocument = new Map<string, Annotation[]>(present.map((id) => [id, []]));
    for (const a of rows) if (a.projectId === projectId) byDocument.get(a.documentId)?.push(a);
    const fresh = [...byDocument].map(([id, annotations]) => packAnnotations(id, projectId, annotations));
    await db.annotationPacks.bulkPut(fresh);
    return fresh;
  });
}

/** The documents of a project that have no pack (in the order of their ids). */
export async function documentsWithoutPacks(db: AppDb, projectId: string): Promise<string[]> {
  const [documents, packed] = await Promise.all([
    db.documents.where('projectId').equals(projectId).primaryKeys(),
    db.annotationPacks.where('projectId').equals(projectId).primaryKeys(),
  ]);
  const has = new Set(packed as string[]);
  return (documents as string[]).filter((id) => !has.has(id));
}

/**
 * A project's annotations in these documents, as the agreement reads them: document by document
 * in the order given, each document's in id order. Documents without a pack get one
 * ({@link buildPacks}).
 */
export async function readPackedAnnotations(db: AppDb, projectId: string, documentIds: readonly string[]): Promise<PackedAnnotation[]> {
  const packs = new Map<string, AnnotationPackRecord>();
  for (const p of await db.annotationPacks.where('projectId').equals(projectId).toArray()) packs.set(p.documentId, p);
  const missing = documentIds.filter((id) => !packs.has(id));
  // Most of the project: one read by project; a few documents: one read each, all in flight.
  if (missing.length > 0)
    for (const p of await buildPacks(db, projectId, missing, missing.length * 2 > documentIds.length)) packs.set(p.documentId, p);
  const out: PackedAnnotation[] = [];
  for (const id of documentIds) {
    const pack = packs.get(id);
    if (pack) unpackAnnotations(pack, out);
  }
  return out;
}
