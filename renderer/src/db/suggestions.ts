/**
 * Suggestion writes: the `suggestions` layer of a document, and accepting or rejecting what is
 * in it. Each is one transaction with its undo-log entry, like every other write.
 *
 * - Suggest replaces the document's open suggestions with new ones; rejected suggestions are kept
 *   (that is how they are remembered) and anything rejected, or already in another layer with the
 *   same label and ranges, is not proposed again.
 * - Accepting copies a suggestion into the annotator's layer (origin `suggestion`, the rule's name
 *   kept in the note) together with the suggestions it links to (a claim brings its speaker, cue
 *   and source chain) and the links between them, and takes them out of the suggestions layer.
 * - Rejecting marks a suggestion rejected (its note starts with "Rejected: ") and hides it.
 */
import type { Annotation, AnnotationId, DocumentRecord, Entity, Relation } from '../../core/model/types.ts';
import { SUGGESTIONS_LAYER } from '../../core/model/types.ts';
import { newAnnotationId, newRelationId } from '../../core/model/ids.ts';
import { newAnnotation, newRelation } from '../../core/model/records.ts';
import { ENTITY_ATTRIBUTE, nameKey } from '../../core/model/entities.ts';
import { isRejected, REJECTED_PREFIX, suggestionRecords, suggestionSignature } from '../../core/suggest/records.ts';
import type { Suggestions } from '../../core/suggest/types.ts';
import type { AppDb } from './db.ts';
import { record } from './annotations.ts';
import { followReplacedInGroups, withGroups } from './claimGroups.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { updateSummaries } from './summaries.ts';

type Doc = Pick<DocumentRecord, 'id' | 'projectId' | 'text'>;

const now = () => new Date().toISOString();

/** Registry entities by every name and alias (normalised), so a suggested name finds its entity. */
async function registryByName(db: AppDb, projectId: string): Promise<Map<string, Entity>> {
  const out = new Map<string, Entity>();
  for (const e of await db.entities.where('projectId').equals(projectId).toArray()) {
    for (const n of [e.name, ...e.aliases]) if (!out.has(nameKey(n))) out.set(nameKey(n), e);
  }
  return out;
}

/** Writes a document's suggestions; resolves to how many were proposed. */
export async function writeSuggestions(db: AppDb, doc: Doc, suggestions: Suggestions, by: string): Promise<number> {
  return db.transaction(
    'rw',
    [db.annotations, db.relations, db.operations, db.documentSummaries, db.entities, db.claimGroups],
    async () => {
      const all = await db.annotations.where('documentId').equals(doc.id).toArray();
      const relations = await db.relations.where('documentId').equals(doc.id).toArray();
      const old = all.filter((a) => a.layer === SUGGESTIONS_LAYER && !isRejected(a));
      const oldIds = new Set(old.map((a) => a.id as string));
      const oldRelations = relations.filter((r) => r.layer === SUGGESTIONS_LAYER && (oldIds.has(r.from) || oldIds.has(r.to)));
      const skip = new Set(all.filter((a) => !oldIds.has(a.id)).map(suggestionSignature));

      const registry = await registryByName(db, doc.projectId);
      const byName = new Map<string, Entity>();
      for (const s of suggestions.spans) {
        const e = s.entity ? registry.get(nameKey(s.entity)) : undefined;
        if (e) byName.set(s.entity!, e);
      }
      const made = suggestionRecords(doc, suggestions, { now: now(), by, entities: byName });
      const placeholders = new Set(made.entities.map((e) => e.id as string));
      const ids = new Map<string, AnnotationId>();
      const annotations: Annotation[] = [];
      for (const a of made.annotations) {
        if (skip.has(suggestionSignature(a))) continue;
        const id = newAnnotationId();
        ids.set(a.id, id);
        const attributes = { ...a.attributes };
        if (typeof attributes[ENTITY_ATTRIBUTE] === 'string' && placeholders.has(attributes[ENTITY_ATTRIBUTE]))
          delete attributes[ENTITY_ATTRIBUTE];
        annotations.push({ ...a, id, attributes });
      }
      const links: Relation[] = made.relations
        .filter((r) => ids.has(r.from) && ids.has(r.to))
        .map((r) => ({ ...r, id: newRelationId(), from: ids.get(r.from)!, to: ids.get(r.to)! }));

      await db.relations.bulkDelete(oldRelations.map((r) => r.id));
      await db.annotations.bulkDelete(old.map((a) => a.id));
      await db.annotations.bulkAdd(annotations);
      await db.relations.bulkAdd(links);
      await updateSummaries(db, annotations, old);
      // A grouped suggestion suggested again (at the same place) stays in its group.
      const groups = await followReplacedInGroups(db, old, annotations, by);
      await record(
        db,
        doc,
        by,
        `Suggest: ${annotations.length} suggestions`,
        { annotations: old, relations: oldRelations, ...withGroups(groups.before) },
        { annotations, relations: links, ...withGroups(groups.after) },
      );
      return annotations.length;
    },
  );
}

/** The suggestions that come along when `ids` are accepted: those they link to, on along source chains. */
function withLinked(ids: readonly string[], relations: readonly Relation[], open: Set<string>): Set<string> {
  const out = new Set(ids.filter((id) => open.has(id)));
  const stack = [...out];
  while (stack.length) {
    const id = stack.pop()!;
    for (const r of relations) {
      if (r.from === id && open.has(r.to) && !out.has(r.to)) {
        out.add(r.to);
        stack.push(r.to);
      }
    }
  }
  return out;
}

/**
 * Accepts suggestions into `layer` (with what they link to) and rejects others, as one step.
 * Resolves to the ids of the accepted annotations (in the annotator's layer) by suggestion id.
 */
export async function decideSuggestions(
  db: AppDb,
  doc: Doc,
  decision: { accept: readonly string[]; reject: readonly string[] },
  layer: string,
  by: string,
): Promise<Map<string, AnnotationId>> {
  if (!layer.trim() || layer === SUGGESTIONS_LAYER)
    throw new ValidationError('Accepted suggestions need your own layer: set your name first.');
  return db.transaction('rw', [db.annotations, db.relations, db.operations, db.documentSummaries, db.claimGroups], async () => {
    const all = await db.annotations.where('documentId').equals(doc.id).toArray();
    const relations = await db.relations.where('documentId').equals(doc.id).toArray();
    const open = new Set(all.filter((a) => a.layer === SUGGESTIONS_LAYER && !isRejected(a)).map((a) => a.id as string));
    const byId = new Map(all.map((a) => [a.id as string, a]));
    const accepting = withLinked(decision.accept, relations, open);
    const at = now();

    // An accepted suggestion whose twin is already in the layer (accepted before) links to the twin.
    const mine = new Map(all.filter((a) => a.layer === layer).map((a) => [suggestionSignature(a), a.id]));
    const copies = new Map<string, AnnotationId>();
    const created: Annotation[] = [];
    for (const id of accepting) {
      const s = byId.get(id)!;
      const twin = mine.get(suggestionSignature(s));
      if (twin) {
        copies.set(id, twin);
        continue;
      }
      const copy = newAnnotation(
        doc,
        { label: s.label, ranges: s.ranges, layer, attributes: s.attributes, note: s.note, origin: 'suggestion' },
        { by, at },
      );
      copies.set(id, copy.id);
      created.push(copy);
    }
    // A link whose ends are both in the layer now is made there; a link to a suggestion still
    // open is kept in the suggestions layer, pointed at the accepted copy, until that one is decided.
    const inLayer = new Set<string>([...all.filter((a) => a.layer === layer).map((a) => a.id as string), ...copies.values()]);
    const resolve = (id: string) => copies.get(id) ?? id;
    const existing = new Set(relations.filter((r) => r.layer === layer).map((r) => `${r.type}|${r.from}|${r.to}`));
    const linked: Relation[] = [];
    const dropped: Relation[] = [];
    const repointed: Relation[] = [];
    for (const r of relations) {
      if (r.layer !== SUGGESTIONS_LAYER || !(accepting.has(r.from) || accepting.has(r.to))) continue;
      dropped.push(r);
      const from = resolve(r.from);
      const to = resolve(r.to);
      if (!(inLayer.has(from) && inLayer.has(to))) {
        repointed.push({ ...r, from: from as AnnotationId, to: to as AnnotationId });
        continue;
      }
      if (existing.has(`${r.type}|${from}|${to}`)) continue;
      existing.add(`${r.type}|${from}|${to}`);
      linked.push(newRelation(doc, { type: r.type, layer, from: from as AnnotationId, to: to as AnnotationId }, { by, at }));
    }
    const removed = [...accepting].map((id) => byId.get(id)!);
    const rejectedBefore = decision.reject.filter((id) => open.has(id) && !accepting.has(id)).map((id) => byId.get(id)!);
    const rejected = rejectedBefore.map((a) => ({ ...a, note: `${REJECTED_PREFIX}${a.note}`, updatedBy: by, updatedAt: at }));

    await db.relations.bulkDelete(dropped.map((r) => r.id));
    await db.annotations.bulkDelete(removed.map((a) => a.id));
    await db.annotations.bulkAdd(created);
    await db.annotations.bulkPut(rejected);
    await db.relations.bulkAdd([...linked, ...repointed]);
    await updateSummaries(db, created, removed);
    // A grouped suggestion, accepted, is in its group as the annotation it became.
    const groups = await followReplacedInGroups(db, removed, created, by, copies);
    const what =
      created.length && rejected.length
        ? `Accept ${created.length} and reject ${rejected.length} suggestions`
        : created.length
          ? created.length === 1
            ? `Accept ${created[0]!.label}`
            : `Accept ${created.length} suggestions`
          : rejected.length === 1
            ? `Reject ${rejected[0]!.label}`
            : `Reject ${rejected.length} suggestions`;
    await record(
      db,
      doc,
      by,
      what,
      { annotations: [...removed, ...rejectedBefore], relations: dropped, ...withGroups(groups.before) },
      { annotations: [...created, ...rejected], relations: [...linked, ...repointed], ...withGroups(groups.after) },
    );
    return copies;
  });
}
