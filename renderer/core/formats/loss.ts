/**
 * Counting what an export leaves out, for the loss report. A format declares its loss as a
 * {@link LossTally}: it is handed the export's pages of documents as they are written (the same
 * pages, narrowed to the same selection, that the format's page writer gets), counts as it goes,
 * and gives its notes at the end, so the report of a project of 100,000 documents is counted in
 * one pass with bounded memory, and the report of a dataset held whole ({@link lossOf}) is that
 * dataset as one page. The same thing is counted the same way in every format: only records of
 * the page's documents count, attribute values are counted one per value (a list of three topics
 * is three values), and relations only where both ends are exported. The page counts add up
 * across pages because every annotation and relation belongs to one document; what spans pages
 * (layers, linked entities, claim groups) is kept as a set of names or ids, bounded by the project.
 */
import type { Annotation, AttributeValue, Relation } from '../model/types.ts';
import { plural } from '../model/plural.ts';
import { exportedGroupsTally, type GroupsTally } from './groups.ts';
import { headOf, type ExportHead } from './stream.ts';
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

export function zeroTally(): AttributeTally {
  return { values: 0, annotations: 0, documents: 0 };
}

/** Adds a page's tally to the running one (an annotation and a document are on one page only). */
export function addTally(to: AttributeTally, t: AttributeTally): void {
  to.values += t.values;
  to.annotations += t.annotations;
  to.documents += t.documents;
}

/** Annotations with a note (those `which` accepts). */
export function countNotes(annotations: readonly Annotation[], which: (note: string) => boolean = (n) => n.trim() !== ''): number {
  let n = 0;
  for (const a of annotations) if (which(a.note)) n++;
  return n;
}

/** Documents of the page that `which` accepts. */
export function countDocuments(page: Dataset, which: (d: Dataset['documents'][number]) => boolean): number {
  let n = 0;
  for (const d of page.documents) if (which(d)) n++;
  return n;
}

/** The string values of an attribute (a string, or a list's items). */
function stringValues(v: AttributeValue): readonly string[] {
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
}

/**
 * What a format loses, counted as the export goes: `page` is handed each page of the export (the
 * documents with their records, narrowed to the selection, the page's entity records those
 * annotations link to), `notes` gives the sentences once every page was counted.
 */
export interface LossTally {
  page(page: Dataset): void;
  notes(): string[];
}

/** A format's loss declaration: a fresh tally per export, given what every page shares. */
export type LossTallyFactory = (head: ExportHead) => LossTally;

/** The loss notes of a dataset held whole: the dataset is the export's one page. */
export function lossOf(tally: LossTallyFactory, dataset: Dataset): string[] {
  const t = tally(headOf(dataset));
  t.page(dataset);
  return t.notes();
}

/**
 * The counts most formats' notes are made of, added up page by page over the exported records
 * (`exportedRecords` of each page, with the format's `Written`).
 */
export class ExportCounts {
  documents = 0;
  annotations = 0;
  relations = 0;
  /** Annotations of several ranges, and the documents holding any. */
  discontinuous = 0;
  discontinuousDocuments = 0;
  readonly layers = new Set<string>();
  readonly attributes = zeroTally();
  /** Annotations with a note. */
  notes = 0;
  /** Metadata fields (key/value pairs) on the documents, and the documents that have any. */
  metadataFields = 0;
  metadataDocuments = 0;
  /** The export's entity records (each page's), and those an exported annotation's attribute value names. */
  readonly entities = new Set<string>();
  readonly linked = new Set<string>();
  /** Annotations last changed by someone other than their creator. */
  edited = 0;

  constructor(readonly groups: GroupsTally) {}

  add(page: Dataset, annotations: readonly Annotation[], relations: readonly Relation[]): void {
    this.documents += page.documents.length;
    this.annotations += annotations.length;
    this.relations += relations.length;
    for (const d of page.documents) {
      const n = Object.keys(d.metadata).length;
      this.metadataFields += n;
      if (n > 0) this.metadataDocuments++;
    }
    for (const e of page.entities ?? []) this.entities.add(e.id);
    let splitDoc = '';
    const splitDocs = new Set<string>();
    for (const a of annotations) {
      this.layers.add(a.layer);
      if (a.ranges.length > 1) {
        this.discontinuous++;
        if (a.documentId !== splitDoc) splitDocs.add((splitDoc = a.documentId));
      }
      if (a.note.trim() !== '') this.notes++;
      if (a.updatedBy !== a.createdBy) this.edited++;
      if (this.entities.size > 0)
        for (const v of Object.values(a.attributes)) for (const s of stringValues(v)) if (this.entities.has(s)) this.linked.add(s);
    }
    this.discontinuousDocuments += splitDocs.size;
    addTally(this.attributes, tallyAttributes(annotations));
    this.groups.page(page);
  }

  /** The layers, sorted. */
  layerList(): string[] {
    return [...this.layers].sort();
  }

  /** `3 discontinuous spans in 2 documents`, or null when there are none. */
  discontinuousSpans(): string | null {
    if (this.discontinuous === 0) return null;
    return `${plural(this.discontinuous, 'discontinuous span')} in ${plural(this.discontinuousDocuments, 'document')}`;
  }
}

/** One format's part of a tally: its own counts of each page, and its notes from them and the shared counts. */
export interface FormatLoss {
  count?(page: Dataset, exported: { annotations: Annotation[]; relations: Relation[] }): void;
  /** The notes in order; null, false and '' are left out. */
  notes(counts: ExportCounts): (string | null | false)[];
}

/**
 * A format's loss declaration from its own part: the shared {@link ExportCounts} and the format's
 * counts are fed each page's exported records (`only`: the layer and labels the format writes).
 */
export function lossTally(format: (head: ExportHead) => FormatLoss, only: Written = {}): LossTallyFactory {
  return (head) => {
    const counts = new ExportCounts(exportedGroupsTally(head));
    const own = format(head);
    return {
      page(page) {
        const exported = exportedRecords(page, only);
        counts.add(page, exported.annotations, exported.relations);
        own.count?.(page, exported);
      },
      notes: () => own.notes(counts).filter((n): n is string => typeof n === 'string' && n !== ''),
    };
  };
}

// The sentences several formats share, with the format's name (and its own ending where it has one).

/** Who made and changed annotations and when, for formats that keep none of it. */
export function provenanceNote(format: string, c: ExportCounts): string | null {
  if (c.annotations === 0) return null;
  return `${format} does not record who made or changed an annotation, or when: that is left out for ${plural(c.annotations, 'annotation')}.`;
}

/** "doccano has no attributes: 40 attribute values on 12 annotations will be left out." */
export function noAttributesNote(format: string, c: ExportCounts): string | null {
  return c.attributes.values > 0 ? `${format} has no attributes: ${describeAttributes(c.attributes)} will be left out.` : null;
}

/** "brat has no entity records: 2 linked entities" and the format's ending. */
export function noEntityRecordsNote(format: string, c: ExportCounts, ending: string): string | null {
  return c.linked.size > 0
    ? `${format} has no entity records: ${plural(c.linked.size, 'linked entity', 'linked entities')}${ending}`
    : null;
}

/** "brat has no document metadata: 2 metadata fields on 1 document will be left out" and the format's ending. */
export function noMetadataNote(format: string, c: ExportCounts, ending = '.'): string | null {
  return c.metadataFields > 0
    ? `${format} has no document metadata: ${plural(c.metadataFields, 'metadata field')} on ${plural(c.metadataDocuments, 'document')} will be left out${ending}`
    : null;
}

/** "brat has no layers: 7 annotations from 2 layers (alice, gold)" and the format's ending, when there are several layers. */
export function mergedLayersNote(format: string, c: ExportCounts, ending: string): string | null {
  if (c.layers.size < 2) return null;
  return `${format} has no layers: ${plural(c.annotations, 'annotation')} from ${c.layers.size} layers (${c.layerList().join(', ')}) ${ending}`;
}
