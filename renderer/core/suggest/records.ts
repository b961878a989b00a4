/**
 * Suggestions as records: the annotations and relations of the `suggestions` layer for a
 * document, with deterministic ids, `origin: 'rule'` and the rule's name in the note, and the
 * entities that suggested speakers and sources refer to.
 */
import { newAnnotation, newRelation } from '../model/records.ts';
import {
  SUGGESTIONS_LAYER,
  type Annotation,
  type AnnotationId,
  type DocumentRecord,
  type Entity,
  type EntityId,
  type Relation,
  type RelationId,
} from '../model/types.ts';
import type { Dataset } from '../formats/types.ts';
import type { Suggestions } from './types.ts';

/** The note of a suggested annotation: which rule proposed it (docs/suggestions.md explains each). */
export const ruleNote = (rule: string) => `Suggested by rule ${rule}`;

/** The rule named in a suggestion's note (rejected or not), or null. */
export function ruleOfNote(note: string): string | null {
  const m = /^(?:Rejected: )?Suggested by rule ([\w-]+)/.exec(note);
  return m ? m[1]! : null;
}

/**
 * A rejected suggestion stays in the `suggestions` layer with this before its note, so it is
 * remembered (and not proposed again) and the rejection is undone like any edit.
 */
export const REJECTED_PREFIX = 'Rejected: ';

export const isRejected = (a: Pick<Annotation, 'note'>) => a.note.startsWith(REJECTED_PREFIX);

/** What identifies a suggestion across runs: its label and ranges. */
export const suggestionSignature = (a: Pick<Annotation, 'label' | 'ranges'>) =>
  `${a.label}:${a.ranges.map((r) => `${r.start}-${r.end}`).join(',')}`;

export interface SuggestionRecords {
  annotations: Annotation[];
  relations: Relation[];
  /** Entities named by suggested speakers and sources, new ones only (by name in `entities`). */
  entities: Entity[];
}

/**
 * Records for one document's suggestions. `entities` maps entity names already known (to their
 * records) and receives the new ones, so one name is one entity across documents.
 */
export function suggestionRecords(
  doc: Pick<DocumentRecord, 'id' | 'projectId' | 'text'>,
  suggestions: Suggestions,
  options: { now: string; by?: string; entities?: Map<string, Entity> },
): SuggestionRecords {
  const by = options.by ?? 'claimscope suggest';
  const known = options.entities ?? new Map<string, Entity>();
  const ids = new Map<string, AnnotationId>();
  const created: Entity[] = [];
  const annotations: Annotation[] = suggestions.spans.map((s, i) => {
    const id = `${doc.id}:s${i + 1}` as AnnotationId;
    ids.set(s.key, id);
    const attributes: Annotation['attributes'] = {};
    if (s.entity) {
      let e = known.get(s.entity);
      if (!e) {
        e = {
          id: `entity:${s.entity}` as EntityId,
          projectId: doc.projectId,
          name: s.entity,
          aliases: [],
          createdAt: options.now,
          updatedAt: options.now,
        };
        known.set(s.entity, e);
        created.push(e);
      }
      attributes.entity = e.id;
    }
    return newAnnotation(
      doc,
      {
        id,
        label: s.label,
        ranges: [{ start: s.start, end: s.end }],
        layer: SUGGESTIONS_LAYER,
        attributes,
        note: ruleNote(s.rule),
        origin: 'rule',
      },
      { by, at: options.now },
    );
  });
  const relations: Relation[] = suggestions.links.map((l, i) =>
    newRelation(
      doc,
      { id: `${doc.id}:l${i + 1}` as RelationId, layer: SUGGESTIONS_LAYER, from: ids.get(l.from)!, to: ids.get(l.to)!, type: l.type },
      { by, at: options.now },
    ),
  );
  return { annotations, relations, entities: created };
}

/**
 * A dataset whose annotations are the suggestions for each of its documents (what `claimscope
 * suggest` writes); the input's own annotations are kept beside them unless `replace` is set.
 */
export function suggestDataset(
  dataset: Dataset,
  suggest: (text: string) => Suggestions,
  options: { now: string; replace?: boolean },
): Dataset {
  const entities = new Map<string, Entity>((dataset.entities ?? []).map((e) => [e.name, e]));
  const annotations: Annotation[] = options.replace ? [] : [...dataset.annotations];
  const relations: Relation[] = options.replace ? [] : [...dataset.relations];
  const createdEntities: Entity[] = [];
  for (const doc of dataset.documents) {
    const r = suggestionRecords(doc, suggest(doc.text), { now: options.now, entities });
    annotations.push(...r.annotations);
    relations.push(...r.relations);
    createdEntities.push(...r.entities);
  }
  return { ...dataset, annotations, relations, entities: [...(dataset.entities ?? []), ...createdEntities] };
}
