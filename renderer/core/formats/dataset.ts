/**
 * Documents read by a parser, turned into the Dataset the exporters take: what the CLI and the tests use in place
 * of storing an import. Ids are deterministic (the same input converts to the same output):
 * documents are `doc-1`, `doc-2` …; annotation and relation ids are the file's own keys when they
 * are unique across the whole input, else prefixed with the document (`doc-2:T1`).
 */
import { importedAnnotation, newClaimGroup, newDocument, newRelation } from '../model/records.ts';
import { importedGroupInput } from './groups.ts';
import { DEFAULT_SCHEMA, growSchema } from '../model/schema.ts';
import type {
  Annotation,
  AnnotationId,
  ClaimGroup,
  ClaimGroupId,
  DocumentId,
  DocumentRecord,
  Entity,
  EntityId,
  Project,
  ProjectId,
  Relation,
  RelationId,
  Schema,
} from '../model/types.ts';
import type { Dataset, ImportedClaimGroup, ImportedDocument } from './types.ts';

export interface DatasetOptions {
  projectName: string;
  /** Put every annotation and relation in this layer (`--layer`); else the file's, else `import`. */
  layer?: string;
  /** A schema read with the input (brat's annotation.conf); labels found in the data are added. */
  schema?: Schema;
  /** The time written where the input has none. */
  now: string;
}

export function datasetFromImported(
  docs: ImportedDocument[],
  options: DatasetOptions,
  groups: readonly ImportedClaimGroup[] = [],
): Dataset {
  const projectId = 'project-1' as ProjectId;
  const allKeys = docs.flatMap((d) => d.annotations.map((a) => a.key));
  const unique = new Set(allKeys).size === allKeys.length;
  const relKeys = docs.flatMap((d) => d.relations.flatMap((r) => (r.key === undefined ? [] : [r.key])));
  const relUnique = new Set(relKeys).size === relKeys.length;
  const documents: DocumentRecord[] = [];
  const annotations: Annotation[] = [];
  const relations: Relation[] = [];
  const entities = new Map<string, Entity>();
  const documentAttributes: NonNullable<Dataset['documentAttributes']> = [];
  const documentStatuses: NonNullable<Dataset['documentStatuses']> = [];
  const annotationIdOf = new Map<ImportedDocument, (key: string) => AnnotationId>();
  docs.forEach((doc, i) => {
    const documentId = `doc-${i + 1}` as DocumentId;
    const idOf = (key: string) => (unique ? key : `${documentId}:${key}`) as AnnotationId;
    annotationIdOf.set(doc, idOf);
    const document = newDocument(projectId, { ...doc, id: documentId }, options.now);
    documents.push(document);
    const stamp = { at: options.now };
    for (const a of doc.annotations) {
      const layer = options.layer ?? a.layer ?? 'import';
      annotations.push(importedAnnotation(document, { ...a, layer }, { layer, id: idOf(a.key) }, stamp));
    }
    doc.relations.forEach((r, k) => {
      const key = r.key !== undefined && relUnique ? r.key : `${documentId}:r${k + 1}`;
      const layer = options.layer ?? r.layer ?? 'import';
      relations.push(newRelation(document, { ...r, id: key as RelationId, layer, from: idOf(r.from), to: idOf(r.to) }, stamp));
    });
    for (const v of doc.documentAttributes ?? [])
      documentAttributes.push({ documentId, layer: options.layer ?? v.layer, values: v.values });
    for (const v of doc.statuses ?? []) documentStatuses.push({ documentId, ...v, annotator: options.layer ?? v.annotator });
    for (const e of doc.entities ?? []) {
      if (entities.has(e.key)) continue;
      const entity: Entity = {
        id: e.key as EntityId,
        projectId,
        name: e.name,
        aliases: e.aliases,
        createdAt: options.now,
        updatedAt: options.now,
      };
      if (e.externalId !== undefined) entity.externalId = e.externalId;
      entities.set(e.key, entity);
    }
  });
  const project: Project = {
    id: projectId,
    name: options.projectName,
    schema: growSchema(options.schema ?? DEFAULT_SCHEMA, [], {
      labels: annotations.map((a) => a.label),
      relationTypes: relations.map((r) => r.type),
    }),
    createdAt: options.now,
    updatedAt: options.now,
  };
  const dataset: Dataset = { project, documents, annotations, relations, entities: [...entities.values()] };
  const docIdOf = new Map(docs.map((d, i) => [d, documents[i]!.id]));
  const claimGroups: ClaimGroup[] = groups.map((g) => {
    const members = g.members.flatMap((m) => {
      const documentId = docIdOf.get(m.document);
      return documentId ? [{ documentId, annotationId: annotationIdOf.get(m.document)!(m.annotation) }] : [];
    });
    return newClaimGroup(projectId, { ...importedGroupInput(g, members), id: g.key as ClaimGroupId }, { at: options.now });
  });
  if (claimGroups.length > 0) dataset.claimGroups = claimGroups;
  if (documentAttributes.length > 0) dataset.documentAttributes = documentAttributes;
  if (documentStatuses.length > 0) dataset.documentStatuses = documentStatuses;
  return dataset;
}
