/**
 * New record ids: 21-character nanoids (URL-safe alphabet, 126 bits of randomness), branded so an
 * annotation id cannot be passed where a document id is expected.
 */
import { nanoid } from 'nanoid';
import type { AnnotationId, ClaimGroupId, DocumentId, EntityId, ProjectId, RelationId } from './types.ts';

/** A new id of the record type `T`. */
const newId = <T extends string>(): T => nanoid() as T;

/** nanoid's URL-safe characters in code-unit order, so ids compare as their timestamps do. */
const SORTED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Characters of the millisecond timestamp: 42 bits, in order until 2109. */
const TIME_CHARS = 7;

/**
 * A 21-character id in nanoid's alphabet that sorts by creation time: the Unix time in
 * milliseconds (7 characters, in code-unit order) then 14 random characters (84 bits).
 */
export function timeOrderedId(now = Date.now()): string {
  let t = Math.floor(now);
  let head = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    head = SORTED[t % 64]! + head;
    t = Math.floor(t / 64);
  }
  return head + nanoid(21 - TIME_CHARS);
}

export const newProjectId = newId<ProjectId>;
export const newDocumentId = newId<DocumentId>;
export const newAnnotationId = newId<AnnotationId>;
export const newRelationId = newId<RelationId>;
export const newEntityId = newId<EntityId>;
export const newClaimGroupId = newId<ClaimGroupId>;
