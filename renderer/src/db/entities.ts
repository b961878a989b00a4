/**
 * The entity registry's writes. Each is one transaction that also records an undo-log entry
 * (with entity snapshots, so Ctrl+Z undoes a rename, merge or split like any annotation edit).
 * Mentions are the project's annotations whose `entity` attribute holds an entity id.
 */
import type { Annotation, DocumentId, Entity, EntityId, ProjectId } from '../../core/model/types.ts';
import { newEntityId } from '../../core/model/ids.ts';
import {
  ENTITY_ATTRIBUTE,
  checkExternalId,
  cleanName,
  distinctAliases,
  entityIdOf,
  mergedEntity,
  repointMentions,
} from '../../core/model/entities.ts';
import { plural } from '../../core/model/plural.ts';
import type { AppDb } from './db.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { record } from './annotations.ts';

/** Where a project-wide change was made: the open document (its undo step returns there). */
export interface EntityContext {
  projectId: string;
  documentId: string;
  by: string;
}

const now = () => new Date().toISOString();
const docOf = (ctx: EntityContext) => ({ id: ctx.documentId as DocumentId, projectId: ctx.projectId as ProjectId });

export function listEntities(db: AppDb, projectId: string): Promise<Entity[]> {
  return db.entities
    .where('projectId')
    .equals(projectId)
    .toArray()
    .then((list) => list.sort((a, b) => a.name.localeCompare(b.name)));
}

/** Every annotation of the project that points at an entity. */
export function listMentions(db: AppDb, projectId: string): Promise<Annotation[]> {
  return db.annotations
    .where('projectId')
    .equals(projectId)
    .filter((a) => entityIdOf(a.attributes) !== null)
    .toArray();
}

function checkName(name: string): string {
  const clean = cleanName(name);
  if (clean === '') throw new ValidationError('An entity needs a name.');
  return clean;
}

function checkExternal(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const checked = checkExternalId(input);
  if (!checked.ok) throw new ValidationError(checked.message);
  return checked.value;
}

async function mustGet(db: AppDb, projectId: string, id: string): Promise<Entity> {
  const e = await db.entities.get(id);
  if (!e || e.projectId !== projectId) throw new ValidationError('That entity no longer exists.');
  return e;
}

export interface NewEntity {
  name: string;
  aliases?: string[];
  externalId?: string;
}

export async function createEntity(db: AppDb, ctx: EntityContext, input: NewEntity): Promise<Entity> {
  return db.transaction('rw', [db.entities, db.operations], async () => {
    const name = checkName(input.name);
    const at = now();
    const entity: Entity = {
      id: newEntityId(),
      projectId: ctx.projectId as ProjectId,
      name,
      aliases: distinctAliases(name, input.aliases ?? []),
      createdAt: at,
      updatedAt: at,
    };
    const externalId = checkExternal(input.externalId);
    if (externalId !== undefined) entity.externalId = externalId;
    await db.entities.add(entity);
    await record(db, docOf(ctx), ctx.by, `Create entity ${name}`, emptySnapshot(), {
      ...emptySnapshot(),
      entities: [entity],
    });
    return entity;
  });
}

export interface EntityPatch {
  name?: string;
  aliases?: string[];
  /** An empty string clears it. */
  externalId?: string;
}

/** Renames an entity, or changes its aliases or external id. */
export async function updateEntity(db: AppDb, ctx: EntityContext, id: string, patch: EntityPatch): Promise<Entity> {
  return db.transaction('rw', [db.entities, db.operations], async () => {
    const before = await mustGet(db, ctx.projectId, id);
    const after: Entity = { ...before, updatedAt: now() };
    if (patch.name !== undefined) after.name = checkName(patch.name);
    if (patch.aliases !== undefined || patch.name !== undefined) {
      after.aliases = distinctAliases(after.name, patch.aliases ?? before.aliases);
    }
    if (patch.externalId !== undefined) {
      const ext = checkExternal(patch.externalId);
      if (ext === undefined) delete after.externalId;
      else after.externalId = ext;
    }
    await db.entities.put(after);
    const what =
      patch.name !== undefined && after.name !== before.name
        ? `Rename entity ${before.name} to ${after.name}`
        : `Edit entity ${after.name}`;
    await record(
      db,
      docOf(ctx),
      ctx.by,
      what,
      { ...emptySnapshot(), entities: [before] },
      {
        ...emptySnapshot(),
        entities: [after],
      },
    );
    return after;
  });
}

/**
 * Merges entities into `intoId`: their mentions are re-pointed to it, their names and aliases
 * become its aliases, and they are removed. One transaction, one undo step.
 */
export async function mergeEntities(
  db: AppDb,
  ctx: EntityContext,
  intoId: string,
  otherIds: readonly string[],
): Promise<{ entity: Entity; repointed: number }> {
  return db.transaction('rw', [db.entities, db.annotations, db.operations], async () => {
    const target = await mustGet(db, ctx.projectId, intoId);
    const others: Entity[] = [];
    for (const id of new Set(otherIds)) if (id !== intoId) others.push(await mustGet(db, ctx.projectId, id));
    if (others.length === 0) throw new ValidationError('Choose at least two entities to merge.');
    const at = now();
    const merged = mergedEntity(target, others, at);
    const fromIds = new Set(others.map((e) => e.id as string));
    const mentionsBefore = await db.annotations
      .where('projectId')
      .equals(ctx.projectId)
      .filter((a) => fromIds.has(entityIdOf(a.attributes) ?? ''))
      .toArray();
    const mentionsAfter = repointMentions(mentionsBefore, fromIds, intoId, { updatedBy: ctx.by, updatedAt: at });
    await db.entities.bulkDelete([...fromIds]);
    await db.entities.put(merged);
    await writeMentions(
      db,
      ctx,
      `Merge ${others.map((e) => e.name).join(', ')} into ${target.name}`,
      { mentions: mentionsBefore, entities: [target, ...others] },
      { mentions: mentionsAfter, entities: [merged] },
    );
    return { entity: merged, repointed: mentionsAfter.length };
  });
}

/**
 * Moves the chosen mentions of an entity to a new entity called `name` (one undo step). The new
 * entity takes the moved mentions' texts as aliases where they differ from its name.
 */
export async function splitEntity(
  db: AppDb,
  ctx: EntityContext,
  fromId: string,
  mentionIds: readonly string[],
  name: string,
): Promise<Entity> {
  return db.transaction('rw', [db.entities, db.annotations, db.operations], async () => {
    const source = await mustGet(db, ctx.projectId, fromId);
    const chosen = (await db.annotations.bulkGet([...new Set(mentionIds)])).filter(
      (a): a is Annotation => a !== undefined && a.projectId === ctx.projectId && entityIdOf(a.attributes) === fromId,
    );
    if (chosen.length === 0) throw new ValidationError(`Choose mentions of ${source.name} to move.`);
    const clean = checkName(name);
    const at = now();
    const created: Entity = {
      id: newEntityId() as EntityId,
      projectId: ctx.projectId as ProjectId,
      name: clean,
      aliases: distinctAliases(
        clean,
        chosen.map((m) => m.quote),
      ),
      createdAt: at,
      updatedAt: at,
    };
    const moved = repointMentions(chosen, new Set([fromId]), created.id, { updatedBy: ctx.by, updatedAt: at });
    await db.entities.add(created);
    await writeMentions(
      db,
      ctx,
      `Split ${moved.length === 1 ? 'a mention' : plural(moved.length, 'mention')} of ${source.name} into ${clean}`,
      { mentions: chosen, entities: [] },
      { mentions: moved, entities: [created] },
    );
    return created;
  });
}

/** Removes an entity; its mentions keep their text but no longer point at it (one undo step). */
export async function deleteEntity(db: AppDb, ctx: EntityContext, id: string): Promise<void> {
  await db.transaction('rw', [db.entities, db.annotations, db.operations], async () => {
    const entity = await mustGet(db, ctx.projectId, id);
    const mentions = await db.annotations
      .where('projectId')
      .equals(ctx.projectId)
      .filter((a) => entityIdOf(a.attributes) === id)
      .toArray();
    const at = now();
    const unlinked = mentions.map((m): Annotation => {
      const attributes = { ...m.attributes };
      delete attributes[ENTITY_ATTRIBUTE];
      return { ...m, attributes, updatedBy: ctx.by, updatedAt: at };
    });
    await db.entities.delete(id);
    await writeMentions(db, ctx, `Delete entity ${entity.name}`, { mentions, entities: [entity] }, { mentions: unlinked, entities: [] });
  });
}

interface MentionsState {
  mentions: Annotation[];
  entities: Entity[];
}

/**
 * Writes the changed mentions and records the change (mentions and entities, before and after)
 * as one undo step. The caller has written the entities already, in the same transaction.
 */
async function writeMentions(db: AppDb, ctx: EntityContext, what: string, before: MentionsState, after: MentionsState): Promise<void> {
  await db.annotations.bulkPut(after.mentions);
  await record(
    db,
    docOf(ctx),
    ctx.by,
    what,
    { annotations: before.mentions, relations: [], entities: before.entities },
    { annotations: after.mentions, relations: [], entities: after.entities },
  );
}

function emptySnapshot() {
  return { annotations: [] as Annotation[], relations: [] };
}
