/**
 * Documents read by a parser, turned into the Dataset the exporters take: what the CLI and the tests use in place
 * of storing an import. Ids are deterministic (the same input converts to the same output):
 * documents are `doc-1`, `doc-2` …; annotation and relation ids are the file's own keys when they
 * are unique across the whole input, else prefixed with the document (`doc-2:T1`).
 */
import { DEFAULT_SCHEMA } from '../model/schema.ts';
import { sha256Hex } from '../model/hash.ts';
import { quoteOf } from '../model/spans.ts';
import { LABEL_PALETTE } from './brat.ts';
import type {
  Annotation,
  AnnotationId,
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
import type { Dataset, ImportedDocument } from './types.ts';

export interface DatasetOptions {
  projectName: string;
  /** Put every annotation and relation in this layer (`--layer`); else the file's, else `import`. */
  layer?: string;
  /** A schema read with the input (brat's annotation.conf); labels found in the data are added. */
  schema?: Schema;
  /** The time written where the input has none. */
  now: string;
}

export function datasetFromImported(docs: ImportedDocument[], options: DatasetOptions): Dataset {
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
  docs.forEach((doc, i) => {
    const documentId = `doc-${i + 1}` as DocumentId;
    const idOf = (key: string) => (unique ? key : `${documentId}:${key}`) as AnnotationId;
    documents.push({
      id: documentId,
      projectId,
      title: doc.title,
      text: doc.text,
      blocks: doc.blocks,
      metadata: doc.metadata,
      textHash: sha256Hex(doc.text),
      createdAt: options.now,
      updatedAt: options.now,
    });
    for (const a of doc.annotations) {
      const layer = options.layer ?? a.layer ?? 'import';
      const createdAt = a.createdAt ?? options.now;
      annotations.push({
        id: idOf(a.key),
        projectId,
        documentId,
        layer,
        label: a.label,
        ranges: a.ranges,
        quote: quoteOf(doc.text, a.ranges),
        attributes: a.attributes ?? {},
        note: a.note ?? '',
        origin: a.origin ?? 'import',
        createdBy: a.createdBy ?? layer,
        createdAt,
        updatedBy: a.updatedBy ?? a.createdBy ?? layer,
        updatedAt: a.updatedAt ?? createdAt,
      });
    }
    doc.relations.forEach((r, k) => {
      const layer = options.layer ?? r.layer ?? 'import';
      const key = r.key !== undefined && relUnique ? r.key : `${documentId}:r${k + 1}`;
      relations.push({
        id: key as RelationId,
        projectId,
        documentId,
        layer,
        from: idOf(r.from),
        to: idOf(r.to),
        type: r.type,
        createdBy: r.createdBy ?? layer,
        createdAt: r.createdAt ?? options.now,
        updatedBy: r.updatedBy ?? r.createdBy ?? layer,
        updatedAt: r.updatedAt ?? r.createdAt ?? options.now,
      });
    });
    for (const v of doc.documentAttributes ?? []) documentAttributes.push({ documentId, layer: options.layer ?? v.layer, values: v.values });
    for (const v of doc.statuses ?? []) documentStatuses.push({ documentId, ...v, annotator: options.layer ?? v.annotator });
    for (const e of doc.entities ?? []) {
      if (entities.has(e.key)) continue;
      const entity: Entity = { id: e.key as EntityId, projectId, name: e.name, aliases: e.aliases, createdAt: options.now, updatedAt: options.now };
      if (e.externalId !== undefined) entity.externalId = e.externalId;
      entities.set(e.key, entity);
    }
  });
  const project: Project = {
    id: projectId,
    name: options.projectName,
    schema: schemaFor(options.schema ?? DEFAULT_SCHEMA, annotations, relations),
    createdAt: options.now,
    updatedAt: options.now,
  };
  const dataset: Dataset = { project, documents, annotations, relations, entities: [...entities.values()] };
  if (documentAttributes.length > 0) dataset.documentAttributes = documentAttributes;
  if (documentStatuses.length > 0) dataset.documentStatuses = documentStatuses;
  return dataset;
}

/** The schema with every label and relation type the data uses added (colours from the palette). */
function schemaFor(base: Schema, annotations: Annotation[], relations: Relation[]): Schema {
  // Only the two lists grow: copying them leaves `base` untouched.
  const schema: Schema = { ...base, labels: [...base.labels], relationTypes: [...base.relationTypes] };
  const labels = new Set(schema.labels.map((l) => l.name));
  for (const a of annotations) {
    if (labels.has(a.label)) continue;
    labels.add(a.label);
    schema.labels.push({ name: a.label, color: LABEL_PALETTE[schema.labels.length % LABEL_PALETTE.length]! });
  }
  const types = new Set(schema.relationTypes.map((r) => r.name));
  for (const r of relations) {
    if (types.has(r.type)) continue;
    types.add(r.type);
    schema.relationTypes.push({ name: r.type, from: [], to: [] });
  }
  return schema;
}
