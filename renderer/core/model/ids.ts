/**
 * New record ids: 21-character nanoids (URL-safe alphabet, 126 bits of randomness), branded so an
 * annotation id cannot be passed where a document id is expected.
 */
import { nanoid } from 'nanoid';
import type { AnnotationId, ClaimGroupId, DocumentId, EntityId, ProjectId, RelationId } from './types.ts';

/** A new id of the record type `T`. */
const newId = <T extends string>(): T => nanoid() as T;

export const newProjectId = newId<ProjectId>;
export const newDocumentId = newId<DocumentId>;
export const newAnnotationId = newId<AnnotationId>;
export const newRelationId = newId<RelationId>;
export const newEntityId = newId<EntityId>;
export const newClaimGroupId = newId<ClaimGroupId>;
