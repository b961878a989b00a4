/**
 * New record ids: 21-character nanoids (URL-safe alphabet, 126 bits of randomness), branded so an
 * annotation id cannot be passed where a document id is expected.
 */
import { nanoid } from 'nanoid';
import type { AnnotationId, ClaimGroupId, DocumentId, EntityId, ProjectId, RelationId } from './types.ts';

export function newProjectId(): ProjectId {
  return nanoid() as ProjectId;
}

export function newDocumentId(): DocumentId {
  return nanoid() as DocumentId;
}

export function newAnnotationId(): AnnotationId {
  return nanoid() as AnnotationId;
}

export function newRelationId(): RelationId {
  return nanoid() as RelationId;
}

export function newEntityId(): EntityId {
  return nanoid() as EntityId;
}

export function newClaimGroupId(): ClaimGroupId {
  return nanoid() as ClaimGroupId;
}
