/**
 * Claimscope's domain model. Pure data: no React, DOM, Lexical, Dexie or Electron.
 *
 * The text is the anchor: a document stores its canonical text and every annotation points into
 * it with UTF-16 offsets (JavaScript string indices), half-open `[start, end)`. Formats that count
 * Unicode code points convert at their boundary (see `offsets.ts`).
 */

declare const brand: unique symbol;
/** A string that the type system keeps apart from other strings. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ProjectId = Brand<string, 'ProjectId'>;
export type DocumentId = Brand<string, 'DocumentId'>;
export type AnnotationId = Brand<string, 'AnnotationId'>;
export type RelationId = Brand<string, 'RelationId'>;
export type EntityId = Brand<string, 'EntityId'>;

/** A half-open range of UTF-16 code units: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** How a block of the article is used: recognised from its structure on import. */
export const BLOCK_KINDS = ['section', 'headline', 'standfirst', 'heading', 'paragraph'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A block of the canonical text (a paragraph, the headline …); `text.slice(start, end)`. */
export interface Block extends Span {
  kind: BlockKind;
}

export type MetadataValue = string | number | boolean | null;
export type Metadata = Record<string, MetadataValue>;

/** An ISO-8601 timestamp, e.g. `2026-11-29T08:00:00.000Z`. */
export type Timestamp = string;

export interface DocumentRecord {
  id: DocumentId;
  projectId: ProjectId;
  title: string;
  /** Canonical text: Unicode NFC, `\n` line ends, otherwise exactly as imported. */
  text: string;
  blocks: Block[];
  metadata: Metadata;
  /** Lower-case hex SHA-256 of `text` (UTF-8). */
  textHash: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Who or what made an annotation. */
/** …a person, an import, a rule, a model, or a person accepting a suggestion (`suggestion`). */
export const ORIGINS = ['human', 'import', 'rule', 'model', 'suggestion'] as const;
export type Origin = (typeof ORIGINS)[number];

/** Where one annotator is with a document. */
export const DOCUMENT_STATUSES = ['new', 'in progress', 'done', 'reviewed'] as const;
export type DocumentStatusValue = (typeof DOCUMENT_STATUSES)[number];

/** Layer names with a fixed meaning; any other layer name is an annotator's name. */
export const GOLD_LAYER = 'gold';
export const SUGGESTIONS_LAYER = 'suggestions';

export type AttributeValue = string | number | boolean | string[] | null;

export interface Annotation {
  id: AnnotationId;
  projectId: ProjectId;
  documentId: DocumentId;
  /** Whose annotation this is: an annotator's name, `gold` or `suggestions`. */
  layer: string;
  /** The label's name, e.g. `Claim`. */
  label: string;
  /** One or more ranges, sorted by start, not overlapping each other (several = discontinuous). */
  ranges: Span[];
  /** The quoted text: the ranges' slices joined by {@link QUOTE_GAP}. */
  quote: string;
  attributes: Record<string, AttributeValue>;
  note: string;
  origin: Origin;
  createdBy: string;
  createdAt: Timestamp;
  updatedBy: string;
  updatedAt: Timestamp;
}

/** Joins the slices of a discontinuous annotation's ranges in its quote. */
export const QUOTE_GAP = ' … ';

export interface Relation {
  id: RelationId;
  projectId: ProjectId;
  documentId: DocumentId;
  layer: string;
  from: AnnotationId;
  to: AnnotationId;
  /** The relation type's name, e.g. `said by`. */
  type: string;
  createdBy: string;
  createdAt: Timestamp;
  updatedBy: string;
  updatedAt: Timestamp;
}

/** The kinds of typed attribute a label can carry. */
export const ATTRIBUTE_TYPES = ['single', 'multi', 'boolean', 'number', 'text', 'entity'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeDef {
  name: string;
  type: AttributeType;
  /** The choices, for `single` and `multi`. */
  options?: string[];
  required?: boolean;
}

export interface LabelDef {
  name: string;
  /** A CSS colour, `#rrggbb`. */
  color: string;
  /** A single key that applies the label to the selection, e.g. `1`. */
  hotkey?: string;
  description?: string;
  attributes?: AttributeDef[];
}

export interface RelationTypeDef {
  name: string;
  /** Labels allowed at the relation's start; empty = any. */
  from: string[];
  /** Labels allowed at the relation's end; empty = any. */
  to: string[];
}

export interface Schema {
  version: 1;
  labels: LabelDef[];
  relationTypes: RelationTypeDef[];
  /** Attributes of a whole document (topic, relevance …), recorded per annotator layer. */
  documentAttributes?: AttributeDef[];
  /**
   * The project's gazetteer: news agencies and outlets the suggestion engine proposes as sources.
   * Absent = the list shipped with the app (seeds/news-gazetteer.json).
   */
  outlets?: OutletDef[];
}

/** A news agency or outlet: its name, what it is ("news agency", "newspaper" …), other names for it. */
export interface OutletDef {
  name: string;
  kind: string;
  aliases?: string[];
}

export interface Project {
  id: ProjectId;
  name: string;
  schema: Schema;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /**
   * Set while the project is being restored from an archive (the restore's token): such a project
   * is not listed or opened, and one left by a restore that did not finish is removed at start.
   */
  restoring?: string;
}

/**
 * A real-world speaker or source that mentions refer to ("Clinton", "Hillary Clinton" → one
 * entity). A mention links to it through an `entity` attribute holding the entity's id.
 */
export interface Entity {
  id: EntityId;
  projectId: ProjectId;
  name: string;
  aliases: string[];
  /** An external identifier such as a Wikidata QID (`Q6294`). */
  externalId?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Relation type names of the default schema's attribution model. */
export const SAID_BY = 'said by';
export const CUE_OF = 'cue';
export const REPORTED_BY = 'reported by';

/** One annotator's document-level attribute values (topic, relevance …) for one document. */
export interface DocumentAttributesRecord {
  documentId: string;
  projectId: string;
  /** The annotator layer the values belong to, so reviewers can compare layers. */
  layer: string;
  values: Record<string, AttributeValue>;
  updatedBy: string;
  updatedAt: string;
}

export type ClaimGroupId = Brand<string, 'ClaimGroupId'>;

/**
 * A fact-checker's verdict on a group's claim: the ClaimReview fields (schema.org/ClaimReview).
 * `verdict` is the rating as the publisher words it ("False", "Misleading" …); `date` is
 * `YYYY-MM-DD` or empty when unknown.
 */
export interface FactCheck {
  url: string;
  publisher: string;
  verdict: string;
  date: string;
}

/** A claim of the group: a Claim annotation in some document and layer. */
export interface ClaimGroupMember {
  documentId: DocumentId;
  annotationId: AnnotationId;
}

/**
 * A member whose annotation was replaced (a teammate's newer bundle) by none, or by several, that
 * could stand for it: no longer a member, kept with its wording until the user drops it.
 */
export interface RemovedClaimMember {
  documentId: DocumentId;
  quote: string;
}

/**
 * The same claim across articles: its canonical wording and the claims that make it. A grouping
 * belongs to a layer (an annotator's name or `gold`) like annotations do, so two layers' groupings
 * can be compared; its members may be annotations of any layer. An annotation is a member of at
 * most one group of a layer.
 */
export interface ClaimGroup {
  id: ClaimGroupId;
  projectId: ProjectId;
  layer: string;
  /** The claim in one editable wording, e.g. "Russia is sending attack helicopters to Syria". */
  canonical: string;
  members: ClaimGroupMember[];
  /** Members whose annotations were replaced without a match (absent when none). */
  removed?: RemovedClaimMember[];
  note: string;
  factChecks: FactCheck[];
  createdBy: string;
  createdAt: Timestamp;
  updatedBy: string;
  updatedAt: Timestamp;
}
