/**
 * What the agreement report (`report.ts`) takes: documents with each layer's annotations and
 * relations, document-level attribute values, and each layer's grouping of claims; and how that is
 * built from database records.
 */
import {
  SUGGESTIONS_LAYER,
  type Annotation,
  type AttributeValue,
  type ClaimGroup,
  type DocumentRecord,
  type Relation,
  type Span,
} from '../model/types.ts';
import type { AttributionRelation } from './attribution.ts';
import type { DocumentAttributeValues } from './documentAttributes.ts';
import type { GroupingInput, GroupingMember } from './grouping.ts';

/** What the report needs of an annotation (an {@link Annotation} record fits). */
export interface LayerAnnotation {
  /** Unique within the layer; relations point at it. */
  id: string;
  label: string;
  ranges: readonly Span[];
  attributes?: Record<string, AttributeValue>;
}

/** What {@link agreementInputFromRecords} reads of an annotation record. */
export type AnnotationRecordInput = Pick<Annotation, 'id' | 'documentId' | 'layer' | 'label' | 'ranges' | 'attributes'>;

export interface AgreementLayerInput {
  annotations: readonly LayerAnnotation[];
  /** Relations between this layer's annotations (for attribution F1). */
  relations?: readonly AttributionRelation[];
}

export interface AgreementDocumentInput {
  id: string;
  text: string;
  /** The layers that annotated this document; a layer with no entry is missing here. */
  layers: Record<string, AgreementLayerInput>;
  /** Document-level attribute values (topic, relevance …) per layer. */
  documentAttributes?: DocumentAttributeValues;
}

export interface AgreementInput {
  documents: readonly AgreementDocumentInput[];
  /** Each layer's grouping of claims across documents (claim groups), for agreement on grouping. */
  groupings?: Readonly<Record<string, GroupingInput>>;
}

export interface AgreementOptions {
  /** Layers to compare, in this order (default: every layer in the input, in order of appearance). */
  layers?: readonly string[];
  /**
   * Labels to assess (default: every label used); other annotations are left out of the span,
   * token and αU figures. Attribution F1 always uses the whole layer (a claim's speakers and
   * sources carry other labels).
   */
  labels?: readonly string[];
  /** Labels whose annotations are claims (default `['Claim']`). */
  claimLabels?: readonly string[];
  /** The schema's document attributes, in order (others found in the input follow). */
  documentAttributes?: readonly string[];
  /** Told how many documents are done, after every 100 and after the last (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Builds report input from database records: one entry per document, one layer per annotator.
 * A layer counts as having annotated a document when it has an annotation there, or when
 * `isAnnotated(documentId, layer)` says so (e.g. the annotator marked the document done).
 * The `suggestions` layer is left out unless `layers` names it.
 */
export function agreementInputFromRecords(
  documents: readonly Pick<DocumentRecord, 'id' | 'text'>[],
  annotations: readonly AnnotationRecordInput[],
  relations: readonly Relation[],
  options: {
    layers?: readonly string[];
    isAnnotated?: (documentId: string, layer: string) => boolean;
    /** Document-level attribute values, one row per document and layer. */
    documentAttributes?: readonly { documentId: string; layer: string; values: Record<string, AttributeValue> }[];
    /** Claim groups: each layer's grouping (members found among `annotations`). */
    claimGroups?: readonly ClaimGroup[];
  } = {},
): AgreementInput {
  const wanted = options.layers ? new Set(options.layers) : null;
  const keep = (layer: string) => (wanted ? wanted.has(layer) : layer !== SUGGESTIONS_LAYER);
  const byDoc = new Map<string, Map<string, { annotations: AnnotationRecordInput[]; relations: Relation[] }>>();
  const slot = (doc: string, layer: string) => {
    let layers = byDoc.get(doc);
    if (!layers) byDoc.set(doc, (layers = new Map()));
    let entry = layers.get(layer);
    if (!entry) layers.set(layer, (entry = { annotations: [], relations: [] }));
    return entry;
  };
  for (const a of annotations) if (keep(a.layer)) slot(a.documentId, a.layer).annotations.push(a);
  for (const r of relations) if (keep(r.layer)) slot(r.documentId, r.layer).relations.push(r);
  const allLayers = options.layers ?? [...new Set(annotations.map((a) => a.layer).filter(keep))];
  const attributesByDoc = new Map<string, DocumentAttributeValues>();
  for (const row of options.documentAttributes ?? []) {
    if (!keep(row.layer)) continue;
    let values = attributesByDoc.get(row.documentId);
    if (!values) attributesByDoc.set(row.documentId, (values = {}));
    values[row.layer] = row.values;
  }
  const input: AgreementInput = {
    documents: documents.map((d) => {
      const found = byDoc.get(d.id);
      const layers: Record<string, AgreementLayerInput> = {};
      for (const layer of allLayers) {
        const entry = found?.get(layer);
        if (entry && entry.annotations.length > 0) layers[layer] = entry;
        else if (options.isAnnotated?.(d.id, layer)) layers[layer] = entry ?? { annotations: [], relations: [] };
      }
      const attributes = attributesByDoc.get(d.id);
      return attributes ? { id: d.id, text: d.text, layers, documentAttributes: attributes } : { id: d.id, text: d.text, layers };
    }),
  };
  if (options.claimGroups && options.claimGroups.length > 0) {
    const docIds = new Set(documents.map((d) => d.id as string));
    const groups = options.claimGroups.filter((g) => keep(g.layer));
    input.groupings = groupingsOf(
      groups,
      annotations.filter((a) => docIds.has(a.documentId)),
    );
  }
  return input;
}

/**
 * Each layer's grouping: its groups' members as document and ranges (the item key of
 * `grouping.ts`), looked up among the annotations given; a member whose annotation is not among
 * them is left out.
 */
export function groupingsOf(
  groups: readonly Pick<ClaimGroup, 'layer' | 'members'>[],
  annotations: readonly Pick<Annotation, 'id' | 'documentId' | 'ranges'>[],
): Record<string, GroupingInput> {
  const byId = new Map(annotations.map((a) => [a.id as string, a]));
  const out: Record<string, { groups: GroupingMember[][] }> = {};
  for (const g of groups) {
    const members = g.members.flatMap((m) => {
      const a = byId.get(m.annotationId);
      return a ? [{ documentId: a.documentId as string, ranges: a.ranges }] : [];
    });
    if (members.length > 0) (out[g.layer] ??= { groups: [] }).groups.push(members);
  }
  return out;
}
