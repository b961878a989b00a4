/**
 * Shapes shared by every format module. Parsers and serializers are pure functions: text in,
 * data out (or the reverse). They never throw on bad input; they return a {@link FormatError}
 * that names the file, the line where known, and the problem.
 */
import type {
  Annotation,
  AttributeValue,
  Block,
  ClaimGroup,
  DocumentRecord,
  FactCheck,
  Entity,
  Metadata,
  Origin,
  Project,
  Relation,
  Span,
} from '../model/types.ts';

/** A problem with an input file, worded for the researcher. */
export interface FormatError {
  /** The file's name as the user knows it, e.g. `articles/ebbers.ann`. */
  file: string;
  /** 1-based line number, where the problem is on one line. */
  line?: number;
  message: string;
}

export type Result<T> = { ok: true; value: T; warnings: FormatWarning[] } | { ok: false; error: FormatError };

/** Something kept out or changed on import, which the user should be told about. */
export interface FormatWarning {
  file: string;
  line?: number;
  message: string;
}

export function ok<T>(value: T, warnings: FormatWarning[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(file: string, message: string, line?: number): Result<T> {
  return { ok: false, error: line === undefined ? { file, message } : { file, line, message } };
}

/** Formats a FormatError as one sentence: `file:line: message`. */
export function describeError(e: FormatError): string {
  return e.line === undefined ? `${e.file}: ${e.message}` : `${e.file}:${e.line}: ${e.message}`;
}

/**
 * An annotation as read from a file, before it has a database id. `key` is unique within its
 * document and is what relations point at (a brat `T3`, a doccano span id …).
 */
export interface ImportedAnnotation {
  key: string;
  label: string;
  ranges: Span[];
  layer?: string;
  attributes?: Record<string, AttributeValue>;
  note?: string;
  origin?: Origin;
  createdBy?: string;
  createdAt?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface ImportedRelation {
  key?: string;
  from: string;
  to: string;
  type: string;
  layer?: string;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * A speaker or source entity as read from a file. `key` is its id in the file, which the
 * annotations' `entity` attributes hold.
 */
export interface ImportedEntity {
  key: string;
  name: string;
  aliases: string[];
  externalId?: string;
}

/** One document as read from a file, with its annotations (offsets in UTF-16 code units). */
export interface ImportedDocument {
  title: string;
  text: string;
  blocks: Block[];
  metadata: Metadata;
  annotations: ImportedAnnotation[];
  relations: ImportedRelation[];
  /** Entities the document's annotations link to, where the format carries them. */
  entities?: ImportedEntity[];
  /** Document-level attribute values (topic, relevance …) per layer, where the format carries them. */
  documentAttributes?: LayerDocumentAttributes[];
  /** Each annotator's status for the document, where the format carries them (Claimscope JSONL). */
  statuses?: AnnotatorStatus[];
  /** The file it came from, for result lists and error messages. */
  sourceFile: string;
}

/** One layer's document-level attribute values for a document. */
export interface LayerDocumentAttributes {
  layer: string;
  values: Record<string, AttributeValue>;
}

/** Where one annotator is with a document: `new`, `in progress`, `done` or `reviewed`. */
export interface AnnotatorStatus {
  annotator: string;
  status: string;
  updatedAt: string;
  /** The done-check problems the annotator chose to override when marking the document done. */
  overriddenProblems?: string[];
}

/**
 * A claim group as read from a file (Claimscope JSONL's `claimGroup` lines), before it has database
 * ids: each member names the imported document it is in and its annotation's `key` there.
 */
export interface ImportedClaimGroup {
  key: string;
  layer: string;
  canonical: string;
  members: { document: ImportedDocument; annotation: string }[];
  note: string;
  factChecks: FactCheck[];
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** Everything an exporter needs: a project and the records to write. */
export interface Dataset {
  project: Project;
  documents: DocumentRecord[];
  annotations: Annotation[];
  relations: Relation[];
  entities?: Entity[];
  /** Document-level attribute values per document and layer. */
  documentAttributes?: (LayerDocumentAttributes & { documentId: string })[];
  /** Annotators' document statuses. */
  documentStatuses?: (AnnotatorStatus & { documentId: string })[];
  /** Claim groups (each layer's grouping of claims across documents), with members among `annotations`. */
  claimGroups?: ClaimGroup[];
}
