/**
 * New record ids: 21 characters of nanoid's URL-safe alphabet that sort by creation time: the
 * Unix time in milliseconds (7 characters, in code-unit order) then 14 random characters (84 bits,
 * from nanoid's secure random source), branded so an annotation id cannot be passed where a
 * document id is expected. IndexedDB's backend (LevelDB) appends ordered keys where it scatters
 * random ones through its tables; ids made before this are nanoids of the same length and
 * characters, and every id is just a string to every reader.
 */
import { nanoid } from 'nanoid';
import type { AnnotationId, ClaimGroupId, DocumentId, EntityId, ProjectId, RelationId } from './types.ts';

/** nanoid's URL-safe characters in code-unit order, so ids compare as their timestamps do. */
const SORTED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Characters of the millisecond timestamp: 42 bits, in order until the year 2109. */
const TIME_CHARS = 7;
const ID_LENGTH = 21;

/** A new id made at `now` (milliseconds since 1970; the clock unless given). */
export function timeOrderedId(now = Date.now()): string {
  let t = Math.floor(now);
  let head = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    head = SORTED[t % 64]! + head;
    t = Math.floor(t / 64);
  }
  return head + nanoid(ID_LENGTH - TIME_CHARS);
}

/** A new id of the record type `T`. */
const newId = <T extends string>(): T => timeOrderedId() as T;

export const newProjectId = newId<ProjectId>;
export const newDocumentId = newId<DocumentId>;
export const newAnnotationId = newId<AnnotationId>;
export const newRelationId = newId<RelationId>;
export const newEntityId = newId<EntityId>;
export const newClaimGroupId = newId<ClaimGroupId>;
