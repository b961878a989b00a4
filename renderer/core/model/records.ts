/**
 * The one place each record is built: an annotation, a relation, a document, a claim group. The app, the
 * importer, the dataset builder (CLI, tests) and the review merge all build their records here,
 * so defaults (origin, who and when) and checks are the same everywhere. Each factory checks its
 * input and throws a {@link ValidationError} worded for the researcher; nothing here touches a
 * database.
 *
 * Defaults: an annotation's origin is `human` (an imported one's `import`); who made it is the
 * file's `createdBy`, else the person doing it (`stamp.by`), else its layer; who changed it last
 * is the file's `updatedBy`, else whoever made it; times likewise fall back to `stamp.at`.
 */
import { sha256Hex } from './hash.ts';
import { newAnnotationId, newClaimGroupId, newDocumentId, newRelationId } from './ids.ts';
import { normalizeRanges, quoteOf, validateRanges } from './spans.ts';
import type {
  Annotation,
  AnnotationId,
  AttributeValue,
  Block,
  ClaimGroup,
  ClaimGroupId,
  ClaimGroupMember,
  DocumentId,
  DocumentRecord,
  FactCheck,
  Metadata,
  Origin,
  ProjectId,
  Relation,
  RelationId,
  Span,
  Timestamp,
} from './types.ts';
import { checkedFactCheck, ValidationError } from './validation.ts';

/** Who does it and when: filled in wherever the input names no one and no time. */
export interface Stamp {
  /** The person (or tool) making the record; without one, the record's layer. */
  by?: string;
  at: Timestamp;
}

/** Who made a record and when, where a file says so. */
export interface Provenance {
  createdBy?: string;
  createdAt?: Timestamp;
  updatedBy?: string;
  updatedAt?: Timestamp;
}

function provenance(input: Provenance, layer: string, stamp: Stamp) {
  const createdBy = input.createdBy ?? stamp.by ?? layer;
  const createdAt = input.createdAt ?? stamp.at;
  return { createdBy, createdAt, updatedBy: input.updatedBy ?? createdBy, updatedAt: input.updatedAt ?? createdAt };
}

/** Where a record sits: its id, project, document and layer. */
function placed<I extends string>(doc: Pick<DocumentRecord, 'id' | 'projectId'>, id: I, layer: string) {
  return { id, projectId: doc.projectId, documentId: doc.id, layer };
}

/** The ranges sorted, merged and checked against the text; throws with the first problem. */
export function checkedRanges(text: string, ranges: readonly Span[]): Span[] {
  const normalized = normalizeRanges([...ranges]);
  const problem = validateRanges(text, normalized);
  if (problem) throw new ValidationError(problem);
  return normalized;
}

export interface AnnotationInput extends Provenance {
  /** A chosen id (an annotation the app already shows, a dataset's deterministic id). */
  id?: AnnotationId;
  label: string;
  ranges: readonly Span[];
  layer: string;
  attributes?: Record<string, AttributeValue>;
  note?: string;
  origin?: Origin;
}

/** The document an annotation or relation belongs to. */
export type RecordDocument = Pick<DocumentRecord, 'id' | 'projectId' | 'text'>;

/**
 * A new annotation of `doc`: its ranges normalised and checked, its quote taken from the text.
 * Throws a ValidationError when it has no label or layer or its ranges do not fit the text.
 */
export function newAnnotation(doc: RecordDocument, input: AnnotationInput, stamp: Stamp): Annotation {
  if (!input.label.trim()) throw new ValidationError('An annotation needs a label.');
  const layer = input.layer.trim();
  if (!layer) throw new ValidationError('An annotation needs a layer.');
  const ranges = checkedRanges(doc.text, input.ranges);
  return {
    ...placed(doc, input.id ?? newAnnotationId(), layer),
    label: input.label,
    ranges,
    quote: quoteOf(doc.text, ranges),
    attributes: input.attributes ?? {},
    note: input.note ?? '',
    origin: input.origin ?? 'human',
    ...provenance(input, layer, stamp),
  };
}

/** An annotation as a file gives it: its layer optional (then `layer` is used), origin `import`. */
export type ImportedAnnotationInput = Omit<AnnotationInput, 'layer' | 'id'> & { layer?: string };

/** A new annotation from a file's annotation; `defaults.layer` where the file gives none. */
export function importedAnnotation(
  doc: RecordDocument,
  input: ImportedAnnotationInput,
  defaults: { layer: string; id?: AnnotationId },
  stamp: Stamp,
): Annotation {
  const layer = input.layer?.trim() || defaults.layer;
  return newAnnotation(doc, { ...input, layer, origin: input.origin ?? 'import', ...(defaults.id && { id: defaults.id }) }, stamp);
}

export interface RelationInput extends Provenance {
  id?: RelationId;
  from: AnnotationId;
  to: AnnotationId;
  type: string;
  layer: string;
}

/** A new relation between two annotations of `doc`. Throws when it has no type or layer. */
export function newRelation(doc: Pick<DocumentRecord, 'id' | 'projectId'>, input: RelationInput, stamp: Stamp): Relation {
  if (!input.type.trim()) throw new ValidationError('A link needs a relation type.');
  const layer = input.layer.trim();
  if (!layer) throw new ValidationError('A link needs a layer.');
  return {
    ...placed(doc, input.id ?? newRelationId(), layer),
    from: input.from,
    to: input.to,
    type: input.type,
    ...provenance(input, layer, stamp),
  };
}

export interface DocumentInput {
  id?: DocumentId;
  title: string;
  text: string;
  blocks: readonly Block[];
  metadata: Metadata;
  /** The file it came from, named in the problem when it is refused. */
  sourceFile?: string;
}

/** What is wrong with a document's text or blocks, as a sentence; null when it is usable. */
export function documentProblem(input: Pick<DocumentInput, 'text' | 'blocks'>): string | null {
  if (!input.text) return 'The document has no text.';
  for (const [i, b] of input.blocks.entries()) {
    const whole = Number.isSafeInteger(b.start) && Number.isSafeInteger(b.end);
    if (!whole || b.start < 0 || b.end > input.text.length || b.start > b.end) {
      return `Block ${i + 1} (${b.start}–${b.end}) lies outside the text, which is ${input.text.length} characters long.`;
    }
  }
  return null;
}

/**
 * A new document of a project: title trimmed (`Untitled` when empty), the text's hash computed.
 * Throws a ValidationError naming the file when the text is empty or a block lies outside it.
 */
export function newDocument(projectId: ProjectId, input: DocumentInput, at: Timestamp, textHash = sha256Hex(input.text)): DocumentRecord {
  const problem = documentProblem(input);
  if (problem) throw new ValidationError(`${input.sourceFile ?? `"${input.title}"`}: ${problem}`);
  return {
    id: input.id ?? newDocumentId(),
    projectId,
    title: input.title.trim() || 'Untitled',
    text: input.text,
    blocks: input.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end })),
    metadata: input.metadata,
    textHash,
    createdAt: at,
    updatedAt: at,
  };
}

export interface ClaimGroupInput extends Provenance {
  id?: ClaimGroupId;
  /** Whose grouping this is: an annotator's name or `gold`. */
  layer: string;
  canonical: string;
  members: readonly ClaimGroupMember[];
  note?: string;
  factChecks?: readonly FactCheck[];
}

/**
 * A new claim group of a project: its wording trimmed, its members without repeats (an
 * annotation is in a group once), each fact-check checked (an http(s) URL, a date `YYYY-MM-DD`
 * or empty). Throws a ValidationError when it has no layer or wording, or a fact-check is wrong.
 */
export function newClaimGroup(projectId: ProjectId, input: ClaimGroupInput, stamp: Stamp): ClaimGroup {
  const layer = input.layer.trim();
  if (!layer) throw new ValidationError('A claim group needs a layer.');
  const canonical = input.canonical.trim();
  if (!canonical) throw new ValidationError('A claim group needs a canonical wording.');
  return {
    id: input.id ?? newClaimGroupId(),
    projectId,
    layer,
    canonical,
    members: distinctMembers(input.members),
    note: input.note ?? '',
    factChecks: (input.factChecks ?? []).map(checkedFactCheck),
    ...provenance(input, layer, stamp),
  };
}

/** The members in order, each annotation once (its first mention kept). */
export function distinctMembers(members: readonly ClaimGroupMember[]): ClaimGroupMember[] {
  const seen = new Set<string>();
  const out: ClaimGroupMember[] = [];
  for (const m of members) {
    if (seen.has(m.annotationId)) continue;
    seen.add(m.annotationId);
    out.push({ documentId: m.documentId, annotationId: m.annotationId });
  }
  return out;
}
